#pragma once
// The patron's words for the engine's stable codes, in the language chosen on screen. The engine
// speaks English to logs and scripts; the screen translates by code (`reason`). The library
// system's own messages (SIP2 AF, often English) go to the log and the staff screen, and to the
// patron only as small secondary text under a refusal no code of ours explains (ilsText()).

#include "common/circulation/events.h"

#include <QCoreApplication>
#include <QDate>
#include <QLocale>
#include <QString>

namespace lasis::kiosk {

/// Translated patron-facing text for outcome, login, message and mode codes.
class PatronText {
public:
  /// One item's line in our words, never the ILS's: "Borrowed by 5 December 2026", "Returned",
  /// "This item cannot be lent here…". Without `withDate`, a loan's line leaves the date to dueShort().
  static QString outcome(const circulation::ItemOutcome& o, const QLocale& locale, bool withDate = true);
  /// A loan's or renewal's due date for a result row, short ("līdz 26.12.2026."); else empty.
  static QString dueShort(const circulation::ItemOutcome& o, const QLocale& locale);
  /// The ILS's own words for a refusal no code of ours explains (small secondary text); else empty.
  static QString ilsText(const circulation::ItemOutcome& o);
  /// Where a returned item goes ("put it on the hold shelf"); empty when nothing special.
  static QString sortHint(const circulation::ItemOutcome& o);
  /// Why a login did not succeed (or a welcome).
  static QString login(const circulation::LoginOutcome& o);
  /// A message not tied to one item ("no-items", "reader-error", …); `given` is the ILS's words.
  static QString message(circulation::Outcome code, const QString& given);
  /// Why the ILS limits the patron (its status flags), in the patron's language.
  static QString block(circulation::PatronBlock b);
  /// The banner for a mode ("online" gives an empty string).
  static QString mode(circulation::Mode m, bool checkoutsOffline);
  /// A due date or other day in the patron's language ("22 November 2026").
  static QString date(const circulation::TimePoint& t, const QLocale& locale);
  /// A due date after "until" in the language's own form, with its preposition (UI.md): short
  /// for a result row (lv "līdz 26.12.2026.", lt "iki 2026-12-26", uk/ru "до 26.12.2026",
  /// en "by 26 Dec 2026"), long for a receipt or speech (lv "līdz 2026. gada 26. decembrim",
  /// lt "iki 2026 m. gruodžio 26 d.", uk "до 26 грудня 2026 р.", ru "до 26 декабря 2026 г.",
  /// en "by 26 December 2026"). Never the nominative month ("decembris") after the preposition.
  static QString dueBy(QDate d, const QLocale& locale, bool longForm = false);
  static QString dueBy(const circulation::TimePoint& t, const QLocale& locale, bool longForm = false);
  /// A day in the language's short numeric form, without a preposition: lv "26.12.2026.",
  /// lt "2026-12-26", uk/ru "26.12.2026", en "26 Dec 2026" (the receipt's date, the due dates).
  static QString shortDate(QDate d, const QLocale& locale);
  /// A sum of money in the patron's language.
  static QString money(double amount, const QString& currency, const QLocale& locale);
};

} // namespace lasis::kiosk
