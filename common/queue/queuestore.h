#pragma once
// QueueStore: the kiosk's durable circulation state — the outbox of every transaction, the step
// journal of each checkout/return, the loan cache and the patron cache. An interface: the queue's
// replay (SyncEngine) and the circulation engine's journal (circulation::QueueJournal) work over
// it; its implementation in one SQLite file is queue::SqliteQueueStore
// (drivers/sqlite/queue/sqlitequeuestore.h), which also states the durability rules of that file.
//
// What every implementation guarantees: once a call returned ok, the change is durable (a power
// cut cannot lose it) and whole (a crash never leaves half of it).
//
// Step journal and its recovery rule (driven by the circulation engine), in the engine's own
// steps (circulation::Step):
//  * Checkout: enqueue (NewTxn::journaled) → ILS confirms (ilsDone, written by markDone in the
//    same write as the done state) → tag unsecured and read back (tagDone) → done. At start-up
//    `unfinishedJournals()` lists checkouts with ilsDone but none of tagDone, done or undone: the
//    item is on loan at the ILS but its tag may still be secured, which is the safe side (a false
//    alarm, never a theft). The engine finishes the write if the item is still on the pad,
//    otherwise it undoes the loan (a cancel/checkin) and records undone.
//  * Return: the tag is secured and read back first (tagDone), then the checkin is delivered and
//    ilsDone follows.
//
// The patron cache holds no PIN and no patron id in clear.
//
// Thread-safe: calls are short local writes, never network.

#include "common/core/clock.h"
#include "common/core/result.h"
#include "common/queue/queuetypes.h"

#include <optional>
#include <string>
#include <vector>

namespace lasis::queue {

/// The outbox of transactions and the step journal of each: what the sender, the replay and the
/// circulation engine's journal work over.
class Outbox {
public:
  virtual ~Outbox() = default;
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  /// Durably records a transaction (and updates the loan cache) before returning. With
  /// `collapse`, a checkin whose item's next unsent transaction is an offline checkout never
  /// attempted marks both collapsed in the same write: the loan never reaches the ILS.
  virtual Result<QueuedTxn> enqueue(NewTxn txn, bool collapse = false) = 0;
  virtual Result<std::optional<QueuedTxn>> get(const std::string& id) = 0;
  /// Per item, the earliest transaction that is not final, in the order done.
  virtual Result<std::vector<QueuedTxn>> ready() = 0;
  /// The earliest transaction of this item that is not final (what must reach the ILS before
  /// anything new is done with the item), or none.
  virtual Result<std::optional<QueuedTxn>> nextFor(const std::string& itemId) = 0;
  /// pending → sending (attempts + 1). false when it was no longer pending (collapsed meanwhile).
  virtual Result<bool> markSending(std::int64_t seq) = 0;
  virtual Status markDone(std::int64_t seq, const std::string& answer, const std::string& title,
                          std::optional<TimePoint> dueDate) = 0;
  /// With `handledNote`, the failure was dealt with where it happened (the patron was told at the
  /// kiosk): it is closed in the same write, so a crash cannot leave it open for staff.
  virtual Status markFailed(std::int64_t seq, const std::string& answer,
                            const std::optional<std::string>& handledNote = {}) = 0;
  virtual Status markUncertain(std::int64_t seq, const std::string& error) = 0;
  /// uncertain → pending: the ILS's item status showed the request was not applied.
  virtual Status markPending(std::int64_t seq, const std::string& note) = 0;
  /// At start-up: every `sending` row is a crash mid-send, so its outcome is unknown (→ uncertain,
  /// for the replay to ask the ILS). Except the circulation engine's own request, a journaled row
  /// with no journal step yet: its recovery (CirculationEngine::recover) alone settles it, by asking
  /// the item and undoing the loan; the replay resending it would lend a secured book to a patron
  /// who has left. It stays `sending`, which the replay never sends.
  virtual Result<int> recoverInterrupted() = 0;
  /// Rows in `states` (all when empty), in order, at most `limit`.
  virtual Result<std::vector<QueuedTxn>> list(const std::vector<TxnState>& states, int limit = 1000) = 0;
  virtual Result<std::vector<QueuedTxn>> exceptions(bool includeResolved = false) = 0;
  virtual Status resolveException(const std::string& id, const std::string& staffNote) = 0;
  /// Offline checkouts of this patron not yet confirmed by the ILS (per-patron offline limit).
  virtual Result<int> unsyncedOfflineCheckouts(const std::string& patronId) = 0;

  // ---- step journal ----
  /// Records a step of the transaction (ilsDone, tagDone, done or undone; intent and undoing
  /// live in the outbox row's state). Recording a step twice is harmless.
  virtual Status journal(const std::string& txnId, Step step) = 0;
  virtual Result<std::vector<Step>> journalOf(const std::string& txnId) = 0;
  /// Checkouts the ILS confirmed whose tag was neither verified nor the loan undone (see above).
  virtual Result<std::vector<QueuedTxn>> unfinishedJournals() = 0;

protected:
  Outbox() = default;
};

/// The loans this kiosk knows of (kept by the outbox's writes; for the gate's optional lookup and
/// the offline patron screen).
class LoanCache {
public:
  virtual ~LoanCache() = default;
  LoanCache(const LoanCache&) = delete;
  LoanCache& operator=(const LoanCache&) = delete;

  virtual Result<std::optional<LoanEntry>> loan(const std::string& itemId) = 0;
  virtual Result<std::vector<LoanEntry>> loans() = 0;

protected:
  LoanCache() = default;
};

/// Patrons the ILS vouched for, for the offline policy's checks (no PIN or patron id in clear).
class PatronCache {
public:
  virtual ~PatronCache() = default;
  PatronCache(const PatronCache&) = delete;
  PatronCache& operator=(const PatronCache&) = delete;

  /// Remembers a patron the ILS just vouched for; the PIN (may be empty) is stored only hashed.
  virtual Status cachePatron(const std::string& patronId, const std::string& pin, bool blocked) = 0;
  virtual Result<PatronCheck> checkPatron(const std::string& patronId, const std::string& pin) = 0;
  virtual Status forgetPatronsBefore(TimePoint before) = 0;

protected:
  PatronCache() = default;
};

/// The durable queue of one kiosk: its outbox and journal, loan cache and patron cache in one
/// file, and what concerns the file as a whole.
class QueueStore : public Outbox, public LoanCache, public PatronCache {
public:
  /// True when the store can only be read (a read-only file, directory or mount): every write
  /// would fail, so the kiosk is out of order rather than taking visits.
  virtual bool readOnly() const = 0;
  virtual int schemaVersion() const = 0;
  virtual Result<QueueStats> stats() = 0;
  /// The store's own integrity check: "ok", or its first complaint (an error when it cannot even run).
  virtual Result<std::string> quickCheck() = 0;
  /// Deletes final rows (and their journal) last changed before `before`, and confirmed loans
  /// made before it; open exceptions and unsynced work stay.
  virtual Result<int> purge(TimePoint before) = 0;

protected:
  QueueStore() = default;
};

} // namespace lasis::queue
