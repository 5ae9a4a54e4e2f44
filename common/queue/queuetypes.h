#pragma once
// The records the transaction queue stores: outbox rows, journal steps, cache entries, stats.

#include "common/circulation/circulationjournal.h"
#include "common/circulation/offlinepolicy.h"
#include "common/core/clock.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lasis::queue {

using TimePoint = Clock::TimePoint;

/// What a queued transaction does at the ILS.
enum class Kind { checkout, checkin };

/// Where a transaction is in its life. Only `done`, `failed` and `collapsed` are final.
///  pending   — durable, not yet sent (or known not applied);
///  sending   — handed to the ILS; found at start-up it means "crashed while sending";
///  uncertain — sent, reply lost: the item's status must be asked before any resend;
///  done      — the ILS confirmed it;
///  failed    — the ILS refused (ok = 0): a staff exception, never retried;
///  collapsed — an offline checkout cancelled by its own offline return; never sent.
enum class TxnState { pending, sending, uncertain, done, failed, collapsed };

std::string_view toString(Kind k);
std::string_view toString(TxnState s);
std::optional<Kind> kindFromString(std::string_view s);
std::optional<TxnState> stateFromString(std::string_view s);
inline bool isFinal(TxnState s) {
  return s == TxnState::done || s == TxnState::failed || s == TxnState::collapsed;
}

/// The steps of a checkout or return, journalled so a restart finishes or undoes it: the
/// circulation engine's own vocabulary (circulation::Step), stored under its own names.
using circulation::Step;

/// A transaction as the caller hands it to the queue.

struct NewTxn {
  std::string id;  ///< unique; generated when empty. Re-enqueueing an existing id is a no-op.
  Kind kind = Kind::checkout;
  std::string itemId;
  std::string patronId;  ///< checkouts only; removed once the ILS confirmed
  std::string kiosk;
  std::string location;  ///< checkins: where the item was returned
  TimePoint when{};      ///< when the patron did it; sent as the original/return date
  std::optional<TimePoint> dueDate;  ///< the due date promised offline
  bool offline = false;  ///< done while the ILS was unreachable: replayed with no-block Y
  std::vector<std::string> tagUids;  ///< the item's tags (every part), for recovery after a restart
  /// The circulation engine journals this transaction's tag steps: the ILS's confirmation is then
  /// journalled (ils_done) in the same SQLite transaction that marks it done, so no crash can
  /// separate "the ILS has it" from "the journal knows".
  bool journaled = false;
  /// A step journalled in the same SQLite transaction as the row itself (an offline checkout's
  /// ilsDone): no crash can leave the row without it, or the step without its row.
  std::optional<Step> firstStep;
  /// Written already `sending` (attempts 1) because the caller sends it itself (the engine's own
  /// online request, or a return held until its tag is secured). One write, so no crash can leave
  /// it `pending` for the replay to deliver behind the engine's back, a return whose tag was never
  /// secured, or a loan the patron was never told about.
  bool sending = false;
};

/// One outbox row.
struct QueuedTxn {
  std::int64_t seq = 0;  ///< the order the transactions were done in
  std::string id;
  Kind kind = Kind::checkout;
  std::string itemId;
  std::string patronId;  ///< empty once synced (privacy), kept while a staff exception is open
  std::string kiosk;
  std::string location;
  TimePoint when{};
  std::optional<TimePoint> dueDate;  ///< offline promise, then the ILS's due date once done
  bool offline = false;
  bool journaled = false;
  std::vector<std::string> tagUids;  ///< empty in rows written before schema version 2
  TxnState state = TxnState::pending;
  int attempts = 0;
  std::string answer;     ///< the ILS's screen message (SIP2 AF), or how the outcome was learnt
  std::string lastError;  ///< the last transport error, for technicians
  std::string title;
  TimePoint createdAt{};
  TimePoint updatedAt{};
  bool resolved = false;  ///< failed only: staff have dealt with the exception
  std::string staffNote;
};


/// A loan the kiosk knows of (for the gate's optional lookup and the offline patron screen).
struct LoanEntry {
  std::string itemId;
  std::string txnId;
  TimePoint since{};
  std::optional<TimePoint> dueDate;
  bool confirmed = false;  ///< the ILS confirmed it (false: offline, not yet replayed)
};

/// The outcome of an offline patron check against the cache (defined with the offline policy).
using circulation::PatronCheck;
using circulation::OfflinePolicy;
using circulation::OfflineRequest;

/// Counts for `lasis queue stats` and the staff screen.
struct QueueStats {
  std::int64_t pending = 0, sending = 0, uncertain = 0, done = 0, failed = 0, collapsed = 0;
  std::int64_t openExceptions = 0;
  std::int64_t loans = 0;
  std::int64_t patrons = 0;
  std::optional<TimePoint> oldestUnsynced;
  int schemaVersion = 0;
};

} // namespace lasis::queue
