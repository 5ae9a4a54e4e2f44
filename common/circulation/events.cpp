#include "common/circulation/circulationjournal.h"
#include "common/circulation/events.h"

#include <array>
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
