#include "common/circulation/circulationjournal.h"
#include "common/circulation/events.h"

#include <array>
#include <ostream>
#include <utility>

namespace lasis::circulation {

std::string_view toString(Action a) {
  switch (a) {
  case Action::checkout: return "checkout";
  case Action::checkin: return "return";
  case Action::renew: return "renew";
  case Action::holdPlace: return "hold";
  case Action::holdCancel: return "hold-cancel";
  case Action::status: return "status";
  }
  return "checkout";
}

namespace {
constexpr std::pair<Outcome, std::string_view> kOutcomes[] = {
    {Outcome::ok, "ok"},
    {Outcome::due, "due"},
    {Outcome::returned, "returned"},
    {Outcome::renewed, "renewed"},
    {Outcome::holdPlaced, "hold-placed"},
    {Outcome::holdCancelled, "hold-cancelled"},
    {Outcome::available, "available"},
    {Outcome::onLoan, "on-loan"},
    {Outcome::onHoldShelf, "on-hold-shelf"},
    {Outcome::inTransit, "in-transit"},
    {Outcome::reshelving, "reshelving"},
    {Outcome::unavailable, "unavailable"},
    {Outcome::refused, "refused"},
    {Outcome::blocked, "blocked"},
    {Outcome::wrongPin, "wrong-pin"},
    {Outcome::unknownCard, "unknown-card"},
    {Outcome::unreadableCard, "unreadable-card"},
    {Outcome::noCard, "no-card"},
    {Outcome::notForLoan, "not-for-loan"},
    {Outcome::incompleteSet, "incomplete-set"},
    {Outcome::tagDamaged, "tag-damaged"},
    {Outcome::notAnItem, "not-an-item"},
    {Outcome::noItems, "no-items"},
    {Outcome::countMismatch, "count-mismatch"},
    {Outcome::foreignCard, "foreign-card"},
    {Outcome::unrecognisedCode, "unrecognised-code"},
    {Outcome::notOurItem, "not-our-item"},
    {Outcome::barcodeOnlyToDesk, "barcode-only-to-desk"},
    {Outcome::lifted, "lifted"},
    {Outcome::loginRequired, "login-required"},
    {Outcome::busy, "busy"},
    {Outcome::ilsUnreachable, "ils-unreachable"},
    {Outcome::offlineLimit, "offline-limit"},
    {Outcome::offlineNotAllowed, "offline-not-allowed"},
    {Outcome::tagWriteFailed, "tag-write-failed"},
    {Outcome::journalFailed, "journal-failed"},
    {Outcome::readerError, "reader-error"},
    {Outcome::outOfOrder, "out-of-order"},
};
} // namespace

std::string_view toString(Outcome o) {
  for (const auto& [outcome, name] : kOutcomes) {
    if (outcome == o) return name;
  }
  return "refused";
}

std::optional<Outcome> outcomeFromString(std::string_view s) {
  for (const auto& [outcome, name] : kOutcomes) {
    if (name == s) return outcome;
  }
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& os, Outcome o) { return os << toString(o); }

std::string_view toString(SortHint h) {
  switch (h) {
  case SortHint::none: return "";
  case SortHint::shelf: return "shelf";
  case SortHint::holdHere: return "hold-here";
  case SortHint::holdOtherBranch: return "hold-other-branch";
  case SortHint::otherBranch: return "other-branch";
  case SortHint::bin: return "bin";
  }
  return "";
}

std::string_view toString(PatronBlock b) {
  switch (b) {
  case PatronBlock::cardLost: return "card-lost";
  case PatronBlock::tooManyItems: return "too-many-items";
  case PatronBlock::tooManyOverdue: return "too-many-overdue";
  case PatronBlock::tooManyRenewals: return "too-many-renewals";
  case PatronBlock::tooManyLost: return "too-many-lost";
  case PatronBlock::fines: return "fines";
  case PatronBlock::recallOverdue: return "recall-overdue";
  }
  return "";
}

std::vector<PatronBlock> patronBlocks(std::string_view flags) {
  // SIP2 2.00, Patron Status Response: 0 charge privileges denied, 1 renewal privileges denied,
  // 2 recall denied, 3 hold denied, 4 card reported lost, 5 too many items charged, 6 too many
  // items overdue, 7 too many renewals, 8 too many claims of items returned, 9 too many items
  // lost, 10 excessive outstanding fines, 11 excessive outstanding fees, 12 recall overdue,
  // 13 too many items billed. 0-3 say what is denied, not why; 8 is for staff.
  const auto at = [&](std::size_t i) { return i < flags.size() && (flags[i] == 'Y' || flags[i] == 'y'); };
  std::vector<PatronBlock> out;
  if (at(4)) out.push_back(PatronBlock::cardLost);
  if (at(10) || at(11) || at(13)) out.push_back(PatronBlock::fines);
  if (at(6)) out.push_back(PatronBlock::tooManyOverdue);
  if (at(12)) out.push_back(PatronBlock::recallOverdue);
  if (at(9)) out.push_back(PatronBlock::tooManyLost);
  if (at(5)) out.push_back(PatronBlock::tooManyItems);
  if (at(7)) out.push_back(PatronBlock::tooManyRenewals);
  return out;
}

std::string_view toString(Mode m) {
  switch (m) {
  case Mode::online: return "online";
  case Mode::offline: return "offline";
  case Mode::outOfOrder: return "out-of-order";
  }
  return "online";
}

std::string_view toString(SessionEndReason r) {
  switch (r) {
  case SessionEndReason::done: return "done";
  case SessionEndReason::timeout: return "timeout";
  case SessionEndReason::cardRemoved: return "card-removed";
  }
  return "done";
}

namespace {
constexpr std::array<std::pair<Step, std::string_view>, 6> kSteps{{
    {Step::intent, "intent"},
    {Step::ilsDone, "ils-done"},
    {Step::tagDone, "tag-done"},
    {Step::undoing, "undoing"},
    {Step::done, "done"},
    {Step::undone, "undone"},
}};
} // namespace

std::string_view toString(Step s) {
  for (const auto& [step, name] : kSteps) {
    if (step == s) return name;
  }
  return "intent";
}

std::optional<Step> stepFromString(std::string_view s) {
  for (const auto& [step, name] : kSteps) {
    if (name == s) return step;
  }
  return std::nullopt;
}

std::string_view toString(TxKind k) { return k == TxKind::checkout ? "checkout" : "checkin"; }

} // namespace lasis::circulation
