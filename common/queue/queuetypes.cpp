#include "common/queue/queuetypes.h"

namespace lasis::queue {

// ---- names ----

std::string_view toString(Kind k) { return k == Kind::checkout ? "checkout" : "checkin"; }

std::string_view toString(TxnState s) {
  switch (s) {
    case TxnState::pending: return "pending";
    case TxnState::sending: return "sending";
    case TxnState::uncertain: return "uncertain";
    case TxnState::done: return "done";
    case TxnState::failed: return "failed";
    case TxnState::collapsed: return "collapsed";
  }
  return "?";
}

std::optional<Kind> kindFromString(std::string_view s) {
  if (s == "checkout") return Kind::checkout;
  if (s == "checkin") return Kind::checkin;
  return std::nullopt;
}

std::optional<TxnState> stateFromString(std::string_view s) {
  for (auto st : {TxnState::pending, TxnState::sending, TxnState::uncertain, TxnState::done, TxnState::failed,
                  TxnState::collapsed}) {
    if (toString(st) == s) return st;
  }
  return std::nullopt;
}

} // namespace lasis::queue
