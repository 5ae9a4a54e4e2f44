#pragma once
// SqliteQueueStore: queue::QueueStore (common/queue/queuestore.h) in one SQLite file.
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
// The patron cache's ids are keyed hashes (BLAKE2b with a per-database secret) and its PINs
// salted Argon2id hashes (libsodium crypto_pwhash).
//
// Thread-safe: one connection guarded by a mutex.

#include "common/core/clock.h"
#include "common/core/result.h"
#include "common/queue/queuestore.h"

#include <cstddef>
#include <cstdint>
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

/// What `SqliteQueueStore::salvage` could read from a damaged queue database.
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
class SqliteQueueStore final : public QueueStore {
public:
  static constexpr int kSchemaVersion = 3;

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
  ~SqliteQueueStore() override;

  const std::filesystem::path& file() const { return m_file; }
  /// True when SQLite could open the file for reading only.
  bool readOnly() const override;
  int schemaVersion() const override { return m_schemaVersion; }

  // ---- outbox ----
  Result<QueuedTxn> enqueue(NewTxn txn, bool collapse) override;
  Result<std::optional<QueuedTxn>> get(const std::string& id) override;
  Result<std::vector<QueuedTxn>> ready() override;
  Result<std::optional<QueuedTxn>> nextFor(const std::string& itemId) override;
  Result<bool> markSending(std::int64_t seq) override;
  Status markDone(std::int64_t seq, const std::string& answer, const std::string& title,
                  std::optional<TimePoint> dueDate) override;
  Status markFailed(std::int64_t seq, const std::string& answer, const std::optional<std::string>& handledNote) override;
  Status markUncertain(std::int64_t seq, const std::string& error) override;
  Status markPending(std::int64_t seq, const std::string& note) override;
  Result<int> recoverInterrupted() override;
  Result<std::vector<QueuedTxn>> list(const std::vector<TxnState>& states, int limit) override;
  Result<std::vector<QueuedTxn>> exceptions(bool includeResolved) override;
  Status resolveException(const std::string& id, const std::string& staffNote) override;
  Result<QueueStats> stats() override;
  /// SQLite's quick_check: "ok", or its first complaint (an error when it cannot even run).
  Result<std::string> quickCheck() override;
  Result<int> unsyncedOfflineCheckouts(const std::string& patronId) override;
  Result<int> purge(TimePoint before) override;

  // ---- step journal ----
  Status journal(const std::string& txnId, Step step) override;
  Result<std::vector<Step>> journalOf(const std::string& txnId) override;
  Result<std::vector<QueuedTxn>> unfinishedJournals() override;

  // ---- loan cache ----
  Result<std::optional<LoanEntry>> loan(const std::string& itemId) override;
  Result<std::vector<LoanEntry>> loans() override;

  // ---- patron cache ----
  Status cachePatron(const std::string& patronId, const std::string& pin, bool blocked) override;
  Result<PatronCheck> checkPatron(const std::string& patronId, const std::string& pin) override;
  Status forgetPatronsBefore(TimePoint before) override;

private:
  SqliteQueueStore(std::unique_ptr<storage::SqliteDb> db, std::filesystem::path file, const Clock& clock,
                   StoreOptions options);
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
