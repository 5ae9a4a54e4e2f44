#pragma once
// The crash test's script, generated the same way by the child (which performs it) and the
// harness (which checks the outcome): `count` checkouts and returns over a pool of items, each
// item alternating checkout → return, so the intended final loans are known exactly.

#include "common/queue/queuetypes.h"

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace lasis::test {

struct PlannedTxn {
  std::string id;
  queue::Kind kind = queue::Kind::checkout;
  std::string itemId;
  std::string patronId;
};

/// Items and patrons the plan draws from: made-up ones for the fake ILS, real catalogue ids
/// (plain available books, patrons in good standing) for the simulated ILS.
struct CrashCast {
  std::vector<std::string> items;
  std::vector<std::string> patrons;
};

inline CrashCast fakeCast(int count) {
  CrashCast c;
  for (int i = 0; i < std::max(count / 5, 1); ++i) c.items.push_back("CR" + std::to_string(i));
  for (int i = 0; i < 13; ++i) c.patrons.push_back("CP" + std::to_string(i));
  return c;
}

/// From simulator/data/library.toml: books 10000104…10000340 with no loan or hold at start,
/// patrons P100011…P100023 (no block, no fines).
inline CrashCast simCast() {
  static const std::set<int> busy = {116, 122, 127, 153, 159, 164, 181, 185, 219, 222, 231,
                                     232, 255, 263, 270, 290, 304, 314, 321, 325, 328};
  CrashCast c;
  for (int n = 104; n <= 340; ++n) {
    if (!busy.count(n)) c.items.push_back(std::to_string(10000000 + n));
  }
  for (int n = 11; n <= 23; ++n) c.patrons.push_back("P1000" + std::to_string(n));
  return c;
}

inline std::vector<PlannedTxn> crashPlan(int count, std::uint64_t seed, const CrashCast& cast) {
  std::mt19937_64 rng(seed);
  std::map<std::string, std::string> onLoan;
  std::vector<PlannedTxn> plan;
  for (int i = 0; i < count; ++i) {
    PlannedTxn t;
    t.id = "crash-" + std::to_string(i);
    t.itemId = cast.items[rng() % cast.items.size()];
    if (onLoan.count(t.itemId)) {
      t.kind = queue::Kind::checkin;
      onLoan.erase(t.itemId);
    } else {
      t.kind = queue::Kind::checkout;
      t.patronId = cast.patrons[rng() % cast.patrons.size()];
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
