#pragma once
// What the kiosk may still do while the ILS is unreachable, read from the [offline] section of
// the kiosk's configuration: the one offline policy, which the circulation engine (per session),
// the queue's journal (per patron, with the patron cache) and the queue's own submit() all apply.
// A pure decision: the caller supplies the counts and the cache verdict.

#include "common/core/clock.h"
#include "common/core/config.h"
#include "common/core/result.h"

#include <chrono>
#include <optional>
#include <set>
#include <string>

namespace lasis::circulation {

/// The outcome of an offline patron check against the patron cache (the queue's store keeps it).
enum class PatronCheck { unknown, ok, blocked, wrongPin, noPinCached };

/// A transaction the kiosk wants to do offline, with what the policy needs to know about it.
struct OfflineRequest {
  bool checkout = true;  ///< a loan (false: a return)
  std::string patronId;
  std::string pin;                  ///< checked against the patron cache's hash only
  std::optional<int> usageType;     ///< ISO 28560 type of usage from the tag (0x11 loanable book…)
  int sessionOfflineCheckouts = 0;  ///< checkouts already done offline in this patron session
};

/// The offline rules: off / returns only / returns and checkouts, limits, forbidden usage types.
class OfflinePolicy {
public:
  enum class Mode { off, returnsOnly, returnsAndCheckouts };  ///< offline.mode: off, returns, returns-and-checkouts
  /// How a patron is vouched for offline: not at all, known to the cache and not blocked, or
  /// additionally by the PIN's hash in the cache.
  enum class PatronCheckMode { none, known, pin };

  /// Reads [offline]; problems are recorded in `doc` (see ConfigDoc::finish).
  static OfflinePolicy fromConfig(ConfigDoc& doc);

  /// ok, or Errc::refused with the reason (for staff and logs; the kiosk translates for patrons).
  /// `patronUnsynced`: the patron's offline checkouts not yet replayed; `cache`: the patron
  /// cache's verdict (needed only when patronCheck is not none).
  Status allows(const OfflineRequest& req, int patronUnsynced, std::optional<PatronCheck> cache) const;

  /// The due date promised for an offline loan made at `when`: the end of the library's day
  /// (local time, see common/core/timezone.h) loan_days later, not the hour the book was lent.
  Clock::TimePoint dueDate(Clock::TimePoint when) const;

  Mode mode = Mode::returnsOnly;
  int maxCheckoutsPerSession = 5;
  int maxCheckoutsPerPatron = 10;
  std::set<int> forbiddenUsageTypes;
  std::chrono::hours loanPeriod{24 * 14};  ///< due date promised for offline checkouts (offline.loan_days)
  PatronCheckMode patronCheck = PatronCheckMode::none;
};

} // namespace lasis::circulation
