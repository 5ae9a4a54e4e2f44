#pragma once
// QueueStore: the kiosk's durable circulation state in one SQLite file — the outbox of every
// transaction, the step journal of each checkout/return, the loan cache and the patron cache.
//
// Durability rules (what each protects):
//  * WAL + synchronous=FULL, and one SQLite transaction per state change: once a call returned
//    ok, a power cut cannot lose it, and a crash never leaves half a change on disk.
//  * A new database is built beside the target and renamed into place once its schema is
//    committed, so an empty file at the path can only mean truncation, never "fresh install".
//  * A damaged (corrupt, truncated, not-a-database) file is renamed aside, never overwritten
//    or deleted, and the store then refuses to start fresh next to it until a technician has
//    looked: the kiosk shows "out of order" instead of silently dropping queued loans.
//  * A database from a newer schema, a locked database and a full disk give clear errors and
//    leave the file untouched (it is not damaged; an older build must not "repair" it).
//
// Step journal and its recovery rule (driven by the circulation engine):
//  * Checkout: enqueue (NewTxn::journaled) → ILS confirms (ilsDone, written by markDone in the
//    same SQLite transaction) → tag unsecured (tagWritten) → read back (tagVerified). At start-up `unfinishedJournals()` lists checkouts with ilsDone but neither
//    tagVerified nor undone: the item is on loan at the ILS but its tag may still be secured,
//    which is the safe side (a false alarm, never a theft). The engine finishes the write if the
//    item is still on the pad, otherwise it undoes the loan (a cancel/checkin) and records undone.
//  * Return: the tag is secured first (tagWritten, tagVerified), then the checkin is enqueued and
//    ilsDone follows. A return with tagVerified but no ilsDone and no queued checkin is finished
//    by enqueueing the checkin; the item already alarms, so nothing leaves unnoticed.
//
// The patron cache holds no PIN and no patron id in clear: ids are keyed hashes
// (BLAKE2b with a per-database secret) and PINs salted Argon2id hashes (libsodium crypto_pwhash).
//
// Thread-safe: one connection guarded by a mutex; calls are short local writes, never network.

#include "common/core/clock.h"
#include "common/core/result.h"
#include "common/queue/queuetypes.h"

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace lasis::storage {
class SqliteDb;
}

namespace lasis::queue {

struct StoreOptions {
  bool readOnly = false;  ///< tools: never migrate, never rename, never write
  /// With readOnly: open the file immutable (no lock, WAL ignored), so nothing is created beside
  /// it. Only for a file no process has open: one without a `-wal` beside it (see drivers/sqlite/sqlitedb.h).
  bool immutable = false;
  int busyTimeoutMs = 2000;
  std::optional<std::int64_t> maxPageCount;  ///< a size cap (also how tests simulate a full disk)
  /// Argon2id cost for PIN hashes; libsodium's interactive defaults unless set (tests lower them).
  std::optional<unsigned long long> pinOpsLimit;
  std::optional<std::size_t> pinMemLimit;
};

/// What `QueueStore::salvage` could read from a damaged queue database.
struct SalvageReport {
  std::vector<QueuedTxn> rows;      ///< every outbox row read intact, in order
  /// Sequence numbers in damaged parts of the outbox that could not be read. When the id index
  /// was readable throughout, only rows it proves existed; otherwise every unreadable number
  /// (a purged row's number there counts too: an upper bound).
  std::vector<std::int64_t> lostSeqs;
  std::vector<std::string> lostIds;  ///< ids of lost rows that the id index still names
  bool integrityOk = false;          ///< SQLite's quick_check found nothing wrong
  std::string damage;                ///< SQLite's first complaint, for the technician
};

/// The durable queue, journal and caches of one kiosk, in one SQLite file.
class QueueStore {
public:
  static constexpr int kSchemaVersion = 2;

  /// Opens (creating if absent) the database. Errors: corrupt (file renamed aside; the message
  /// names where), busy (locked), unsupported (newer schema), noSpace, io.
  static Result<std::unique_ptr<QueueStore>> open(const std::filesystem::path& file, const Clock& clock,
                                                  StoreOptions options = {});
  /// Reads every outbox row still readable from a damaged database, without writing to or
  /// beside `file` (the evidence): immutable read-only, or, when a `-wal` lies beside it (its
  /// commits belong to the data), a private copy of both in a temporary directory. Rows are read
  /// by sequence-number ranges, halving any range SQLite cannot read down to single rows, so one
  /// damaged page loses only the rows on it. Errors: notFound, corrupt (not even the schema is
  /// readable), io.
  static Result<SalvageReport> salvage(const std::filesystem::path& file);
  ~QueueStore();
  QueueStore(const QueueStore&) = delete;
  QueueStore& operator=(const QueueStore&) = delete;

  const std::filesystem::path& file() const { return m_file; }
  /// True when SQLite could open the file for reading only (a read-only file, directory or
  /// mount): every write would fail, so the kiosk is out of order rather than taking visits.
  bool readOnly() const;
  int schemaVersion() const { return m_schemaVersion; }

  // ---- outbox ----
  /// Durably records a transaction (and updates the loan cache) before returning. With
  /// `collapse`, a checkin whose item's next unsent transaction is an offline checkout never
  /// attempted marks both collapsed in the same SQLite transaction: the loan never reaches the ILS.
  Result<QueuedTxn> enqueue(NewTxn txn, bool collapse = false);
  Result<std::optional<QueuedTxn>> get(const std::string& id);
  /// Per item, the earliest transaction that is not final, in the order done.
  Result<std::vector<QueuedTxn>> ready();
  /// The earliest transaction of this item that is not final (what must reach the ILS before
  /// anything new is done with the item), or none.
  Result<std::optional<QueuedTxn>> nextFor(const std::string& itemId);
  /// pending → sending (attempts + 1). false when it was no longer pending (collapsed meanwhile).
  Result<bool> markSending(std::int64_t seq);
  Status markDone(std::int64_t seq, const std::string& answer, const std::string& title,
                  std::optional<TimePoint> dueDate);
  /// With `handledNote`, the failure was dealt with where it happened (the patron was told at the
  /// kiosk): it is closed in the same SQLite transaction, so a crash cannot leave it open for staff.
  Status markFailed(std::int64_t seq, const std::string& answer, const std::optional<std::string>& handledNote = {});
  Status markUncertain(std::int64_t seq, const std::string& error);
  /// uncertain → pending: the ILS's item status showed the request was not applied.
  Status markPending(std::int64_t seq, const std::string& note);
  /// At start-up: every `sending` row is a crash mid-send, so its outcome is unknown (→ uncertain,
  /// for the replay to ask the ILS). Except the circulation engine's own request, a journaled row
  /// with no journal step yet: its recovery (CirculationEngine::recover) alone settles it, by asking
  /// the item and undoing the loan; the replay resending it would lend a secured book to a patron
  /// who has left. It stays `sending`, which the replay never sends.
  Result<int> recoverInterrupted();
  /// Rows in `states` (all when empty), in order, at most `limit`.
  Result<std::vector<QueuedTxn>> list(const std::vector<TxnState>& states, int limit = 1000);
  Result<std::vector<QueuedTxn>> exceptions(bool includeResolved = false);
  Status resolveException(const std::string& id, const std::string& staffNote);
  Result<QueueStats> stats();
  /// SQLite's quick_check: "ok", or its first complaint (an error when it cannot even run).
  Result<std::string> quickCheck();
  /// Offline checkouts of this patron not yet confirmed by the ILS (per-patron offline limit).
  Result<int> unsyncedOfflineCheckouts(const std::string& patronId);
  /// Deletes final rows (and their journal) last changed before `before`, and confirmed loans
  /// made before it; open exceptions and unsynced work stay.
  Result<int> purge(TimePoint before);

  // ---- step journal ----
  Status journal(const std::string& txnId, JournalStep step);
  Result<std::vector<JournalStep>> journalOf(const std::string& txnId);
  /// Checkouts the ILS confirmed whose tag was neither verified nor the loan undone (see above).
  Result<std::vector<QueuedTxn>> unfinishedJournals();

  // ---- loan cache ----
  Result<std::optional<LoanEntry>> loan(const std::string& itemId);
  Result<std::vector<LoanEntry>> loans();

  // ---- patron cache ----
  /// Remembers a patron the ILS just vouched for; the PIN (may be empty) is stored only hashed.
  Status cachePatron(const std::string& patronId, const std::string& pin, bool blocked);
  Result<PatronCheck> checkPatron(const std::string& patronId, const std::string& pin);
  Status forgetPatronsBefore(TimePoint before);

private:
  QueueStore(std::unique_ptr<storage::SqliteDb> db, std::filesystem::path file, const Clock& clock, StoreOptions options);
  Status loadSecret();
  std::string patronKey(const std::string& patronId) const;
  Result<std::vector<QueuedTxn>> query(const std::string& whereOrderLimit, const std::vector<std::string>& args);
  Status setState(std::int64_t seq, const char* sql, const std::string& text);
  std::int64_t nowUs() const;

  std::unique_ptr<storage::SqliteDb> m_db;
  std::filesystem::path m_file;
  const Clock& m_clock;
  StoreOptions m_options;
  int m_schemaVersion = 0;
  std::vector<unsigned char> m_secret;
  mutable std::mutex m_mutex;
};

} // namespace lasis::queue
