#include "kiosk/app/patrontext.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRegularExpression>

namespace lasis::kiosk {

namespace {

QString given(const std::string& s) { return QString::fromStdString(s); }

} // namespace

QString PatronText::date(const circulation::TimePoint& t, const QLocale& locale) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const QDate d = QDateTime::fromMSecsSinceEpoch(ms).date();
  // The locale's long date without the weekday: "22 November 2026", "2026 m. lapkričio 22 d.".
  QString format = locale.dateFormat(QLocale::LongFormat);
  format.remove(QRegularExpression(QStringLiteral("^d{4},?\\s*|,?\\s*d{4}$")));
  return locale.toString(d, format.trimmed());
}

QString PatronText::shortDate(QDate d, const QLocale& locale) {
  if (!d.isValid()) return {};
  const QString dd = QStringLiteral("%1").arg(d.day(), 2, 10, QLatin1Char('0'));
  const QString mm = QStringLiteral("%1").arg(d.month(), 2, 10, QLatin1Char('0'));
  const QString year = QString::number(d.year());
  switch (locale.language()) {
  case QLocale::Latvian: return QStringLiteral("%1.%2.%3.").arg(dd, mm, year);
  case QLocale::Lithuanian: return QStringLiteral("%1-%2-%3").arg(year, mm, dd);
  case QLocale::Ukrainian:
  case QLocale::Russian: return QStringLiteral("%1.%2.%3").arg(dd, mm, year);
  default: {
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return QStringLiteral("%1 %2 %3").arg(QString::number(d.day()), QString::fromLatin1(months[d.month() - 1]), year);
  }
  }
}

QString PatronText::dueBy(QDate d, const QLocale& locale, bool longForm) {
  if (!d.isValid()) return {};
  const int m = d.month() - 1;
  const QString day = QString::number(d.day()), year = QString::number(d.year());
  // The month names are written out here, in the case the preposition takes, so that no CLDR
  // version can bring back the nominative ("decembris") after "līdz".
  switch (locale.language()) {
  case QLocale::Latvian: {
    static const char* dative[] = {"janvārim", "februārim", "martam", "aprīlim", "maijam", "jūnijam",
                                   "jūlijam", "augustam", "septembrim", "oktobrim", "novembrim", "decembrim"};
    return longForm ? QStringLiteral("līdz %1. gada %2. %3").arg(year, day, QString::fromUtf8(dative[m]))
                    : QStringLiteral("līdz %1").arg(shortDate(d, locale));
  }
  case QLocale::Lithuanian: {
    static const char* genitive[] = {"sausio", "vasario", "kovo", "balandžio", "gegužės", "birželio",
                                     "liepos", "rugpjūčio", "rugsėjo", "spalio", "lapkričio", "gruodžio"};
    return longForm ? QStringLiteral("iki %1 m. %2 %3 d.").arg(year, QString::fromUtf8(genitive[m]), day)
                    : QStringLiteral("iki %1").arg(shortDate(d, locale));
  }
  case QLocale::Ukrainian: {
    static const char* genitive[] = {"січня", "лютого", "березня", "квітня", "травня", "червня",
                                     "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"};
    return longForm ? QStringLiteral("до %1 %2 %3 р.").arg(day, QString::fromUtf8(genitive[m]), year)
                    : QStringLiteral("до %1").arg(shortDate(d, locale));
  }
  case QLocale::Russian: {
    static const char* genitive[] = {"января", "февраля", "марта", "апреля", "мая", "июня",
                                     "июля", "августа", "сентября", "октября", "ноября", "декабря"};
    return longForm ? QStringLiteral("до %1 %2 %3 г.").arg(day, QString::fromUtf8(genitive[m]), year)
                    : QStringLiteral("до %1").arg(shortDate(d, locale));
  }
  default: {
    static const char* months[] = {"January", "February", "March", "April", "May", "June",
                                   "July", "August", "September", "October", "November", "December"};
    return longForm ? QStringLiteral("by %1 %2 %3").arg(day, QString::fromLatin1(months[m]), year)
                    : QStringLiteral("by %1").arg(shortDate(d, locale));
  }
  }
}

QString PatronText::dueBy(const circulation::TimePoint& t, const QLocale& locale, bool longForm) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  return dueBy(QDateTime::fromMSecsSinceEpoch(ms).date(), locale, longForm);
}

QString PatronText::money(double amount, const QString& currency, const QLocale& locale) {
  return locale.toCurrencyString(amount, currency.isEmpty() ? QStringLiteral("EUR") : currency);
}

QString PatronText::outcome(const circulation::ItemOutcome& o, const QLocale& locale, bool withDate) {
  using circulation::Outcome;
  const Outcome r = o.reason;
  // The due date with its preposition, in the language's own form ("līdz 2026. gada 26. decembrim").
  const QString due = o.dueDate && withDate ? dueBy(*o.dueDate, locale, true) : QString();
  if (r == Outcome::due) {
    if (o.provisional)
      //: A loan recorded while the library system was away; %1 is "until <date>" in the language's form
      return due.isEmpty() ? QCoreApplication::translate("PatronText", "Borrowed (recorded, will be confirmed later)")
                           : QCoreApplication::translate("PatronText", "Borrowed, due back %1 (recorded, will be confirmed later)").arg(due);
    //: %1 is "until <due date>" with its preposition, in the language's form ("by 26 December 2026")
    return due.isEmpty() ? QCoreApplication::translate("PatronText", "Borrowed") : QCoreApplication::translate("PatronText", "Borrowed, due back %1").arg(due);
  }
  if (r == Outcome::returned)
    return o.provisional ? QCoreApplication::translate("PatronText", "Returned (recorded, will be confirmed later)")
                         //: An item was returned successfully
                         : QCoreApplication::translate("PatronText", "Returned");
  //: %1 is "until <new due date>" with its preposition, in the language's form
  if (r == Outcome::renewed) return due.isEmpty() ? QCoreApplication::translate("PatronText", "Renewed") : QCoreApplication::translate("PatronText", "Renewed, due back %1").arg(due);
  if (r == Outcome::holdPlaced) {
    if (o.queuePosition)
      //: %1 is the patron's place in the queue for a reserved item
      return QCoreApplication::translate("PatronText", "Reserved: you are number %1 in the queue").arg(locale.toString(*o.queuePosition));
    return QCoreApplication::translate("PatronText", "Reserved");
  }
  //: A reservation was cancelled
  if (r == Outcome::holdCancelled) return QCoreApplication::translate("PatronText", "Reservation cancelled");
  // The library system's own words (often English) never make the main line: the patron reads
  // ours, and sees the ILS's only as small secondary text (ilsText()) when no code fits.
  if (r == Outcome::refused)
    //: The library system refused an item; its own words, if any, follow in small print
    return o.action == circulation::Action::checkin
               ? QCoreApplication::translate("PatronText", "This item could not be returned here.")
               : QCoreApplication::translate("PatronText", "This item cannot be lent here.");
  if (r == Outcome::blocked) return QCoreApplication::translate("PatronText", "You cannot borrow at the moment. Please ask at the desk.");
  if (r == Outcome::notForLoan) return QCoreApplication::translate("PatronText", "This item cannot be borrowed. Please ask at the desk.");
  if (r == Outcome::incompleteSet)
    //: A set (book with CD etc.): %1 parts found of %2
    return QCoreApplication::translate("PatronText", "Only %1 of %2 parts are on the pad. Put all parts on the pad.")
        .arg(locale.toString(o.partsPresent), locale.toString(o.parts));
  //: A book taken off the pad before the kiosk was done with it: nothing changed, it is done once back
  if (r == Outcome::lifted) return QCoreApplication::translate("PatronText", "This item was lifted too soon. Please put it back on the pad.");
  if (r == Outcome::tagDamaged) return QCoreApplication::translate("PatronText", "The label of this item cannot be read. Please take it to the desk.");
  if (r == Outcome::tagWriteFailed) return QCoreApplication::translate("PatronText", "This item could not be finished. Please take it to the desk.");
  if (r == Outcome::ilsUnreachable) return QCoreApplication::translate("PatronText", "The library system is not answering. Please ask at the desk.");
  if (r == Outcome::offlineLimit) return QCoreApplication::translate("PatronText", "No more items can be borrowed until the library system is back.");
  if (r == Outcome::offlineNotAllowed) return QCoreApplication::translate("PatronText", "This cannot be done until the library system is back.");
  if (r == Outcome::notAnItem) return QCoreApplication::translate("PatronText", "This is not a library item.");
  //: The item's RFID tag names a library outside the regional network as its owner
  if (r == Outcome::notOurItem) return QCoreApplication::translate("PatronText", "This item belongs to another library. Please take it to the desk.");
  //: An item with a barcode and no security label, which this library lends only at the desk
  if (r == Outcome::barcodeOnlyToDesk) return QCoreApplication::translate("PatronText", "This item has no security label. Please borrow it at the desk.");
  if (r == Outcome::unrecognisedCode) return QCoreApplication::translate("PatronText", "This code is not a library card or a library item.");
  if (r == Outcome::journalFailed) return QCoreApplication::translate("PatronText", "The kiosk could not record this. Please ask at the desk.");
  if (r == Outcome::outOfOrder) return QCoreApplication::translate("PatronText", "This kiosk is out of order. Please go to the desk.");
  if (r == Outcome::loginRequired) return QCoreApplication::translate("PatronText", "Please identify yourself first.");
  if (r == Outcome::available) return QCoreApplication::translate("PatronText", "On the shelf");
  if (r == Outcome::onLoan) return due.isEmpty() ? QCoreApplication::translate("PatronText", "On loan") : QCoreApplication::translate("PatronText", "On loan, due back %1").arg(due);
  if (r == Outcome::onHoldShelf) return QCoreApplication::translate("PatronText", "Waiting for someone who reserved it");
  if (r == Outcome::inTransit) return QCoreApplication::translate("PatronText", "On its way between branches");
  if (r == Outcome::reshelving) return QCoreApplication::translate("PatronText", "Just returned, back on the shelf soon");
  if (r == Outcome::unavailable) return QCoreApplication::translate("PatronText", "Not available at the moment");
  return QCoreApplication::translate("PatronText", "Please ask at the desk.");
}

QString PatronText::ilsText(const circulation::ItemOutcome& o) {
  // Only when no code of ours says what happened: a refusal the ILS explained in its own words.
  return o.reason == circulation::Outcome::refused ? given(o.ilsText) : QString();
}

QString PatronText::dueShort(const circulation::ItemOutcome& o, const QLocale& locale) {
  using circulation::Outcome;
  if (!o.dueDate || !(o.reason == Outcome::due || o.reason == Outcome::renewed)) return {};
  return dueBy(*o.dueDate, locale, false);
}

QString PatronText::sortHint(const circulation::ItemOutcome& o) {
  if (o.action == circulation::Action::checkout && o.ok && o.noTag)
    //: A book lent by its barcode: it has no RFID label, so the gate cannot tell it is lent
    return QCoreApplication::translate("PatronText", "This book has no security label: please carry it round the security gate.");
  if (o.action != circulation::Action::checkin || !o.ok) return {};
  using circulation::SortHint;
  if (o.sortHint == SortHint::holdHere)
    //: A returned item someone has reserved at this branch
    return QCoreApplication::translate("PatronText", "Someone is waiting for this item: please put it on the reservations shelf.");
  if (o.sortHint == SortHint::bin)
    //: %1 is where returned items of this kind go, as the library names it on its signs ("Trolley 1 (blue)")
    return QCoreApplication::translate("PatronText", "Please put it here: %1.").arg(given(o.binName));
  if (o.sortHint == SortHint::holdOtherBranch || o.sortHint == SortHint::otherBranch) {
    // The branch's name from the kiosk's config; a bare code ("LV-00002") means nothing to a patron.
    if (o.destinationName.empty())
      return QCoreApplication::translate("PatronText", "This item travels to another branch: please put it in the return box.");
    //: %1 is the branch the item travels to
    return QCoreApplication::translate("PatronText", "This item travels to %1: please put it in the return box.")
        .arg(given(o.destinationName));
  }
  return QCoreApplication::translate("PatronText", "Please put it on the return trolley.");
}

QString PatronText::login(const circulation::LoginOutcome& o) {
  using circulation::Outcome;
  const Outcome r = o.reason;
  if (r == Outcome::ok) return QCoreApplication::translate("PatronText", "Welcome!");
  if (r == Outcome::blocked) return QCoreApplication::translate("PatronText", "You cannot borrow at the moment. Please ask at the desk.");
  if (r == Outcome::wrongPin) return QCoreApplication::translate("PatronText", "The PIN is not right. Please try again.");
  // A code fits: our sentence, not the ILS's (often English) words, which go to the log.
  if (r == Outcome::unknownCard) return QCoreApplication::translate("PatronText", "This card is not known. Please ask at the desk.");
  if (r == Outcome::unreadableCard)
    //: A card whose number cannot be sent to the library system (damaged or rewritten card)
    return QCoreApplication::translate("PatronText", "This card cannot be read. Please ask at the desk.");
  if (r == Outcome::noCard) return QCoreApplication::translate("PatronText", "No library card found. Place your card on the pad or type its number.");
  if (r == Outcome::ilsUnreachable) return QCoreApplication::translate("PatronText", "Borrowing is not possible right now. Returns still work.");
  if (r == Outcome::busy) return QCoreApplication::translate("PatronText", "Please wait a moment and try again.");
  if (r == Outcome::outOfOrder) return QCoreApplication::translate("PatronText", "This kiosk is out of order. Please go to the desk.");
  if (r == Outcome::foreignCard) {
    if (o.library.empty())
      return QCoreApplication::translate("PatronText", "This card is from a library outside our network. Please ask at the desk.");
    //: %1 is the library that issued the card (its own name, not translated)
    return QCoreApplication::translate("PatronText", "This card is from %1, which is not in our network. Please ask at the desk.")
        .arg(given(o.library));
  }
  return QCoreApplication::translate("PatronText", "Please ask at the desk.");
}

QString PatronText::message(circulation::Outcome code, const QString& text) {
  using circulation::Outcome;
  if (code == Outcome::noItems) return QCoreApplication::translate("PatronText", "No items on the pad. Place your items on the pad.");
  if (code == Outcome::readerError) return QCoreApplication::translate("PatronText", "The pad is not answering. Please ask at the desk.");
  if (code == Outcome::loginRequired) return QCoreApplication::translate("PatronText", "Please identify yourself first.");
  if (code == Outcome::blocked) return QCoreApplication::translate("PatronText", "You cannot borrow at the moment. Please ask at the desk.");
  if (code == Outcome::outOfOrder) return QCoreApplication::translate("PatronText", "This kiosk is out of order. Please go to the desk.");
  if (code == Outcome::ilsUnreachable) return QCoreApplication::translate("PatronText", "This is not possible right now. Please try again later.");
  if (code == Outcome::countMismatch)
    return QCoreApplication::translate("PatronText", "The number of items on the pad is not what you said. Nothing was borrowed.");
  //: A scanned barcode or QR code that is no library card, item or staff card of this network
  if (code == Outcome::unrecognisedCode)
    return QCoreApplication::translate("PatronText", "This code is not a library card or a library item. Please try again or ask at the desk.");
  if (code == Outcome::foreignCard) {
    if (text.isEmpty())
      return QCoreApplication::translate("PatronText", "This card is from a library outside our network. Please ask at the desk.");
    return QCoreApplication::translate("PatronText", "This card is from %1, which is not in our network. Please ask at the desk.").arg(text);
  }
  if (code == Outcome::busy) return QCoreApplication::translate("PatronText", "Please finish this visit first.");
  // The library system's own words ("refused"), or our own when it gave none.
  return text.isEmpty() ? QCoreApplication::translate("PatronText", "Please ask at the desk.") : text;
}

QString PatronText::block(circulation::PatronBlock b) {
  using circulation::PatronBlock;
  switch (b) {
  case PatronBlock::cardLost: return QCoreApplication::translate("SessionController", "This card is reported lost. Please ask at the desk.");
  //: The library system says the patron has as many loans as allowed
  case PatronBlock::tooManyItems: return QCoreApplication::translate("PatronText", "You have borrowed as many items as you may. Return some to borrow more.");
  case PatronBlock::tooManyOverdue: return QCoreApplication::translate("PatronText", "Some of your items are overdue. Please return them or ask at the desk.");
  case PatronBlock::tooManyRenewals: return QCoreApplication::translate("PatronText", "Some of your items cannot be renewed again.");
  case PatronBlock::tooManyLost: return QCoreApplication::translate("PatronText", "Items on your card are recorded as lost. Please ask at the desk.");
  case PatronBlock::fines: return QCoreApplication::translate("PatronText", "You cannot borrow until your fines are paid. Please ask at the desk.");
  //: A recalled item (someone else reserved it) is overdue on the patron's card
  case PatronBlock::recallOverdue: return QCoreApplication::translate("PatronText", "An item someone else is waiting for is overdue on your card. Please return it.");
  }
  return QCoreApplication::translate("PatronText", "Please ask at the desk.");
}

QString PatronText::mode(circulation::Mode m, bool checkoutsOffline) {
  switch (m) {
  case circulation::Mode::online: return {};
  case circulation::Mode::offline:
    return checkoutsOffline
               //: Banner while the library system is unreachable
               ? QCoreApplication::translate("PatronText", "The library system is not answering. What you do is recorded and will be confirmed later.")
               : QCoreApplication::translate("PatronText", "The library system is not answering. Returns are recorded; borrowing is at the desk.");
  case circulation::Mode::outOfOrder: return QCoreApplication::translate("PatronText", "This kiosk is out of order. Please go to the desk.");
  }
  return {};
}

} // namespace lasis::kiosk
