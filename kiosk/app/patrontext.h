#pragma once
// The patron's words for the engine's stable codes, in the language chosen on screen. The engine
// speaks English to logs and scripts; the screen translates by code (`reason`), and shows the
// library system's own messages (SIP2 AF) as given, because only the ILS knows what it meant.

#include "common/circulation/events.h"

#include <QCoreApplication>
#include <QLocale>
#include <QString>

namespace lasis::kiosk {

/// Translated patron-facing text for outcome, login, message and mode codes.
class PatronText {
public:
  /// One item's line: "Due 5 December 2026", "Returned", the ILS's refusal, "see staff"…
  static QString outcome(const circulation::ItemOutcome& o, const QLocale& locale);
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
  /// A sum of money in the patron's language.
  static QString money(double amount, const QString& currency, const QLocale& locale);
};

} // namespace lasis::kiosk
