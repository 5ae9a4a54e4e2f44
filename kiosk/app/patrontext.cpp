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

QString PatronText::money(double amount, const QString& currency, const QLocale& locale) {
  return locale.toCurrencyString(amount, currency.isEmpty() ? QStringLiteral("EUR") : currency);
}

QString PatronText::outcome(const circulation::ItemOutcome& o, const QLocale& locale) {
  using circulation::Outcome;
  const Outcome r = o.reason;
  const QString due = o.dueDate ? date(*o.dueDate, locale) : QString();
  if (r == Outcome::due) {
    if (o.provisional)
      //: A loan recorded while the library system was away; %1 is a date
      return QCoreApplication::translate("PatronText", "Borrowed until %1 (recorded, will be confirmed later)").arg(due);
    //: %1 is the due date of a loan
    return due.isEmpty() ? QCoreApplication::translate("PatronText", "Borrowed") : QCoreApplication::translate("PatronText", "Due back %1").arg(due);
  }
  if (r == Outcome::returned)
    return o.provisional ? QCoreApplication::translate("PatronText", "Returned (recorded, will be confirmed later)")
                         //: An item was returned successfully
                         : QCoreApplication::translate("PatronText", "Returned");
  //: %1 is the new due date after a renewal
  if (r == Outcome::renewed) return due.isEmpty() ? QCoreApplication::translate("PatronText", "Renewed") : QCoreApplication::translate("PatronText", "Renewed until %1").arg(due);
  if (r == Outcome::holdPlaced) {
    if (o.queuePosition)
      //: %1 is the patron's place in the queue for a reserved item
      return QCoreApplication::translate("PatronText", "Reserved: you are number %1 in the queue").arg(locale.toString(*o.queuePosition));
    return QCoreApplication::translate("PatronText", "Reserved");
  }
  //: A reservation was cancelled
  if (r == Outcome::holdCancelled) return QCoreApplication::translate("PatronText", "Reservation cancelled");
  if (r == Outcome::refused || r == Outcome::blocked)
    //: The library system refused without giving a reason
    return o.ilsText.empty() ? QCoreApplication::translate("PatronText", "Not possible. Please ask at the desk.") : given(o.ilsText);
  if (r == Outcome::notForLoan) return QCoreApplication::translate("PatronText", "This item cannot be borrowed. Please ask at the desk.");
  if (r == Outcome::incompleteSet)
    //: A set (book with CD etc.): %1 parts found of %2
    return QCoreApplication::translate("PatronText", "Only %1 of %2 parts are on the pad. Put all parts on the pad.")
        .arg(locale.toString(o.partsPresent), locale.toString(o.parts));
  if (r == Outcome::tagDamaged) return QCoreApplication::translate("PatronText", "The label of this item cannot be read. Please take it to the desk.");
  if (r == Outcome::tagWriteFailed) return QCoreApplication::translate("PatronText", "This item could not be finished. Please take it to the desk.");
  if (r == Outcome::ilsUnreachable) return QCoreApplication::translate("PatronText", "The library system is not answering. Please ask at the desk.");
  if (r == Outcome::offlineLimit) return QCoreApplication::translate("PatronText", "No more items can be borrowed until the library system is back.");
  if (r == Outcome::offlineNotAllowed) return QCoreApplication::translate("PatronText", "This cannot be done until the library system is back.");
  if (r == Outcome::notAnItem) return QCoreApplication::translate("PatronText", "This is not a library item.");
  if (r == Outcome::journalFailed) return QCoreApplication::translate("PatronText", "The kiosk could not record this. Please ask at the desk.");
  if (r == Outcome::outOfOrder) return QCoreApplication::translate("PatronText", "This kiosk is out of order. Please go to the desk.");
  if (r == Outcome::loginRequired) return QCoreApplication::translate("PatronText", "Please identify yourself first.");
  if (r == Outcome::available) return QCoreApplication::translate("PatronText", "On the shelf");
  if (r == Outcome::onLoan) return due.isEmpty() ? QCoreApplication::translate("PatronText", "On loan") : QCoreApplication::translate("PatronText", "On loan until %1").arg(due);
  if (r == Outcome::onHoldShelf) return QCoreApplication::translate("PatronText", "Waiting for someone who reserved it");
  if (r == Outcome::inTransit) return QCoreApplication::translate("PatronText", "On its way between branches");
  if (r == Outcome::reshelving) return QCoreApplication::translate("PatronText", "Just returned, back on the shelf soon");
  if (r == Outcome::unavailable) return QCoreApplication::translate("PatronText", "Not available at the moment");
  return o.ilsText.empty() ? QCoreApplication::translate("PatronText", "Please ask at the desk.") : given(o.ilsText);
}

QString PatronText::sortHint(const circulation::ItemOutcome& o) {
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
  if (r == Outcome::unknownCard)
    return o.ilsText.empty() ? QCoreApplication::translate("PatronText", "This card is not known. Please ask at the desk.")
                             : given(o.ilsText);
  if (r == Outcome::unreadableCard)
    //: A card whose number cannot be sent to the library system (damaged or rewritten card)
    return QCoreApplication::translate("PatronText", "This card cannot be read. Please ask at the desk.");
  if (r == Outcome::noCard) return QCoreApplication::translate("PatronText", "No library card found. Place your card on the pad or type its number.");
  if (r == Outcome::ilsUnreachable) return QCoreApplication::translate("PatronText", "Borrowing is not possible right now. Returns still work.");
  if (r == Outcome::busy) return QCoreApplication::translate("PatronText", "Please wait a moment and try again.");
  if (r == Outcome::outOfOrder) return QCoreApplication::translate("PatronText", "This kiosk is out of order. Please go to the desk.");
  return o.ilsText.empty() ? QCoreApplication::translate("PatronText", "Please ask at the desk.") : given(o.ilsText);
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
