#pragma once
// The crash test's script, generated the same way by the child (which performs it) and the
// harness (which checks the outcome): `count` checkouts and returns over a pool of items, each
// item alternating checkout → return, so the intended final loans are known exactly.

#include "common/queue/queuetypes.h"

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace lasis::test {

struct PlannedTxn {
  std::string id;
  queue::Kind kind = queue::Kind::checkout;
  std::string itemId;
  std::string patronId;
};

inline std::vector<PlannedTxn> crashPlan(int count, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  int items = std::max(count / 5, 1);
  std::map<std::string, std::string> onLoan;
  std::vector<PlannedTxn> plan;
  for (int i = 0; i < count; ++i) {
    PlannedTxn t;
    t.id = "crash-" + std::to_string(i);
    t.itemId = "CR" + std::to_string(rng() % static_cast<std::uint64_t>(items));
    if (onLoan.count(t.itemId)) {
      t.kind = queue::Kind::checkin;
      onLoan.erase(t.itemId);
    } else {
      t.kind = queue::Kind::checkout;
      t.patronId = "CP" + std::to_string(rng() % 13);
      onLoan[t.itemId] = t.patronId;
    }
    plan.push_back(t);
  }
  return plan;
}

/// item → patron after the whole plan.
inline std::map<std::string, std::string> intendedLoans(const std::vector<PlannedTxn>& plan) {
  std::map<std::string, std::string> loans;
  for (const auto& t : plan) {
    if (t.kind == queue::Kind::checkout) loans[t.itemId] = t.patronId;
    else loans.erase(t.itemId);
  }
  return loans;
}

} // namespace lasis::test
