#include "kiosk/headless/englishtext.h"

#include <fmt/format.h>

namespace lasis::kiosk {

using circulation::Action;
using circulation::Outcome;

namespace {

/// Every code a screen may show, in English; empty for codes that need the item's details.
std::string sentence(Outcome code) {
  switch (code) {
  case Outcome::ok: return "Welcome.";
  case Outcome::due: return "Lent to you.";
  case Outcome::returned: return "Returned. Thank you.";
  case Outcome::renewed: return "Renewed.";
  case Outcome::holdPlaced: return "Reserved for you.";
  case Outcome::holdCancelled: return "Reservation cancelled.";
  case Outcome::available: return "On the shelf here.";
  case Outcome::onLoan: return "On loan. You can reserve it.";
  case Outcome::onHoldShelf: return "Waiting for someone who reserved it.";
  case Outcome::inTransit: return "On its way between branches.";
  case Outcome::reshelving: return "Just returned; back on the shelf soon.";
  case Outcome::unavailable: return "Not available at the moment. Please ask at the desk.";
  case Outcome::refused: return "Not possible. Please ask at the desk.";
  case Outcome::blocked: return "You cannot borrow at the moment: please ask at the desk.";
  case Outcome::wrongPin: return "The PIN is not right. Please try again.";
  case Outcome::unknownCard: return "This card is not known. Please ask at the desk.";
  case Outcome::unreadableCard: return "This card cannot be read. Please ask at the desk.";
  case Outcome::noCard: return "No library card found. Place your card on the pad or type its number.";
  case Outcome::notForLoan: return "This item cannot be borrowed. Please ask at the desk.";
  case Outcome::incompleteSet: return "Not all parts of this item are on the pad: please put all parts on the pad.";
  case Outcome::lifted: return "This item was lifted too soon. Please put it back on the pad.";
  case Outcome::tagDamaged: return "This item's tag cannot be read. Please take it to the desk.";
  case Outcome::notAnItem: return "This is not a library item.";
  case Outcome::noItems: return "No items on the pad. Place your items on the pad.";
  case Outcome::countMismatch: return "The number of items on the pad is not what you said. Nothing was borrowed.";
  case Outcome::foreignCard: return "This card is from a library outside our network. Please ask at the desk.";
  case Outcome::unrecognisedCode: return "This code is not a library card or a library item. Please try again or ask at the desk.";
  case Outcome::notOurItem: return "This item belongs to another library. Please take it to the desk.";
  case Outcome::barcodeOnlyToDesk: return "This item has no security label. Please borrow it at the desk.";
  case Outcome::loginRequired: return "Please identify yourself first.";
  case Outcome::busy: return "This item is still being recorded from before. Please try it again in a moment.";
  case Outcome::ilsUnreachable: return "The library system is not answering. Please try again later.";
  case Outcome::offlineLimit:
    return "You have borrowed as many items as possible while the library system is not answering.";
  case Outcome::offlineNotAllowed:
    return "This is not possible while the library system is not answering. Returns still work.";
  case Outcome::tagWriteFailed: return "This item could not be finished. Please take it to the desk.";
  case Outcome::journalFailed: return "This kiosk cannot record this right now. Please take your items to the desk.";
  case Outcome::readerError: return "The pad is not answering. Please ask at the desk.";
  case Outcome::outOfOrder: return "This kiosk is out of order. Please go to the desk.";
  }
  return "Please ask at the desk.";
}

std::string blockSentence(circulation::PatronBlock b) {
  using circulation::PatronBlock;
  switch (b) {
  case PatronBlock::cardLost: return "This card is reported lost. Please ask at the desk.";
  case PatronBlock::tooManyItems: return "You have borrowed as many items as you may. Return some to borrow more.";
  case PatronBlock::tooManyOverdue: return "Some of your items are overdue. Please return them or ask at the desk.";
  case PatronBlock::tooManyRenewals: return "Some of your items cannot be renewed again.";
  case PatronBlock::tooManyLost: return "Items on your card are recorded as lost. Please ask at the desk.";
  case PatronBlock::fines: return "You cannot borrow until your fines are paid. Please ask at the desk.";
  case PatronBlock::recallOverdue:
    return "An item someone else is waiting for is overdue on your card. Please return it.";
  }
  return "Please ask at the desk.";
}

} // namespace

std::string englishText(const circulation::ItemOutcome& o) {
  if (!o.ilsText.empty()) return o.ilsText;
  switch (o.reason) {
  case Outcome::incompleteSet:
    return fmt::format("This item has {} parts and {} are on the pad: please put all {} parts on the pad.", o.parts,
                       o.partsPresent, o.parts);
  case Outcome::available:
    return o.destination.empty() ? sentence(o.reason) : "On the shelf at " + o.destination + ".";
  case Outcome::due:
    if (o.noTag) return "Lent to you. It has no security label: please carry it round the security gate.";
    return o.provisional ? "Lent to you. Recorded offline: the library system will confirm it later." : sentence(o.reason);
  case Outcome::returned:
    return o.provisional ? "Returned. Recorded offline: the library system will confirm it later." : sentence(o.reason);
  case Outcome::ilsUnreachable:
    return o.action == Action::checkin
               ? "The library system is not answering: this item is not returned yet. Please take it to the desk."
               : sentence(o.reason);
  default: return sentence(o.reason);
  }
}

std::string englishText(const circulation::LoginOutcome& o) {
  if (!o.ilsText.empty()) return o.ilsText;
  if (o.reason == Outcome::ilsUnreachable) return "Borrowing is not possible right now. Returns still work.";
  if (o.reason == Outcome::busy) return "Another patron is still logged in: end that session first.";
  if (o.reason == Outcome::foreignCard && !o.library.empty())
    return "This card is from " + o.library + ", which is not in our network. Please ask at the desk.";
  return sentence(o.reason);
}

std::string englishText(Outcome code, const std::string& ilsText) {
  return ilsText.empty() ? sentence(code) : ilsText;
}

std::vector<std::string> englishLines(const circulation::PatronView& p) {
  std::vector<std::string> lines = p.ilsMessages;
  if (p.cardLost) lines.push_back("This card is reported lost. Please ask at the desk.");
  for (auto b : p.blocks) {
    if (b == circulation::PatronBlock::cardLost) continue;  // said above
    lines.push_back(blockSentence(b));
  }
  if (p.fines && *p.fines > 0) lines.push_back(fmt::format("You owe {:.2f} {}.", *p.fines, p.currency));
  if (p.provisional) lines.push_back("The library system is not answering: your loans will be confirmed later.");
  return lines;
}

} // namespace lasis::kiosk
