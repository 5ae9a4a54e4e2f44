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
constexpr std::array<std::pair<Outcome, std::string_view>, 33> kOutcomes{{
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
    {Outcome::loginRequired, "login-required"},
    {Outcome::busy, "busy"},
    {Outcome::ilsUnreachable, "ils-unreachable"},
    {Outcome::offlineLimit, "offline-limit"},
    {Outcome::offlineNotAllowed, "offline-not-allowed"},
    {Outcome::tagWriteFailed, "tag-write-failed"},
    {Outcome::journalFailed, "journal-failed"},
    {Outcome::readerError, "reader-error"},
    {Outcome::outOfOrder, "out-of-order"},
}};
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
