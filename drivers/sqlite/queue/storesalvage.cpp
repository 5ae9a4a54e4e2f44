// SqliteQueueStore::salvage: every outbox row still readable from a damaged queue database.
#include "drivers/sqlite/queue/sqlitequeuestore.h"

#include "drivers/sqlite/queue/storerows.h"
#include "drivers/sqlite/sqlitedb.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <limits>
#include <map>
#include <set>
#include <utility>

namespace lasis::queue {

namespace fs = std::filesystem;
using storage::SqliteDb;
using storage::SqliteStmt;
using storage::SqliteTxn;


using namespace store_detail;

// ---- salvage ----

namespace {

/// A private temporary directory, removed with everything in it when this goes out of scope.
class ScratchDir {
public:
  static Result<ScratchDir> make() {
    std::string tmpl = (fs::temp_directory_path() / "lasis-salvage-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) return fail(Errc::io, "cannot create a temporary directory for the salvage copy");
    return ScratchDir(tmpl);
  }
  ScratchDir(ScratchDir&& o) noexcept : m_path(std::exchange(o.m_path, {})) {}
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ScratchDir& operator=(ScratchDir&&) = delete;
  ~ScratchDir() {
    std::error_code ec;
    if (!m_path.empty()) fs::remove_all(m_path, ec);
  }
  const fs::path& path() const { return m_path; }

private:
  explicit ScratchDir(fs::path p) : m_path(std::move(p)) {}
  fs::path m_path;
};

/// Reads outbox rows by sequence-number range. A range SQLite cannot read is halved until the
/// unreadable rows are single: only the rows on a damaged page are lost, not the table.
class OutboxReader {
public:
  explicit OutboxReader(SqliteDb& db) : m_db(db) {}

  /// Reads [lo, hi]; with `split` false a failing range is only noted, not halved (for the open
  /// tail past the highest known number, where halving would try billions of numbers).
  void read(std::int64_t lo, std::int64_t hi, bool split = true) {
    auto st = m_db.prepare(std::string("SELECT ") + kColumnsV1 + " FROM outbox o WHERE seq BETWEEN ? AND ? ORDER BY seq");
    if (!st) return note(st.error());
    st->bind(1, lo).bind(2, hi);
    std::vector<std::pair<QueuedTxn, bool>> rows;
    for (;;) {
      auto row = st->step();
      if (!row) {
        note(row.error());
        if (!split) return;
        if (lo == hi) return void(m_unreadable.insert(lo));
        auto mid = lo + (hi - lo) / 2;
        read(lo, mid);
        read(mid + 1, hi);
        return;
      }
      if (!*row) break;
      // A page overwritten in place can decode into nonsense without SQLite noticing; a row
      // whose id, kind or state is not one we ever write is damage, not a transaction.
      bool sane = !st->text(1).empty() && !st->text(3).empty() && kindFromString(st->text(2)) &&
                  stateFromString(st->text(10));
      rows.emplace_back(readRow(*st, /*withTags=*/false), sane);
    }
    for (auto& [t, sane] : rows) {
      if (sane) m_rows.emplace(t.seq, std::move(t));
      else m_unreadable.insert(t.seq);
    }
  }

  std::map<std::int64_t, QueuedTxn>& rows() { return m_rows; }
  const std::set<std::int64_t>& unreadable() const { return m_unreadable; }
  const std::string& firstError() const { return m_firstError; }
  void note(const Error& e) {
    if (m_firstError.empty()) m_firstError = e.message();
  }

private:
  SqliteDb& m_db;
  std::map<std::int64_t, QueuedTxn> m_rows;
  std::set<std::int64_t> m_unreadable;
  std::string m_firstError;
};

} // namespace

Result<SalvageReport> SqliteQueueStore::salvage(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return fail(Errc::notFound, "no queue database at " + file.string());

  // A non-empty WAL beside the file holds commits the file lacks, and an immutable connection
  // would ignore it; reading it needs a -shm, which must not appear beside the evidence. So the
  // pair is copied into a private directory and the copy is read instead.
  std::optional<ScratchDir> scratch;
  fs::path source = file;
  auto mode = SqliteDb::Mode::readOnlyImmutable;
  fs::path wal = file.string() + "-wal";
  if (fs::exists(wal, ec) && fs::file_size(wal, ec) > 0 && !ec) {
    auto dir = ScratchDir::make();
    if (!dir) return dir.error();
    scratch.emplace(std::move(*dir));
    source = scratch->path() / "queue.db";
    fs::copy_file(file, source, ec);
    if (!ec) fs::copy_file(wal, source.string() + "-wal", ec);
    if (ec) return fail(Errc::io, "cannot copy " + file.string() + " and its WAL for salvage: " + ec.message());
    mode = SqliteDb::Mode::readOnly;
  }
  auto db = SqliteDb::open(source, mode, 2000);
  if (!db) return db.error().context("salvaging " + file.string());
  // SQLite refuses a file shorter than its header says (truncation) unless writable_schema is on;
  // the connection is read-only, so this only lets it read the pages that are still there.
  if (auto st = db->exec("PRAGMA writable_schema=ON"); !st) return st.error().context("salvaging " + file.string());

  SalvageReport report;
  {
    auto qc = db->prepare("PRAGMA quick_check(1)");
    if (!qc) {
      report.damage = qc.error().message();
    } else if (auto row = qc->step(); !row) {
      report.damage = row.error().message();
    } else {
      report.integrityOk = *row && qc->text(0) == "ok";
      if (!report.integrityOk) report.damage = *row ? qc->text(0) : "quick_check gave no answer";
    }
  }
  // Without the schema (page 1) there is no table to read: nothing can be salvaged this way.
  if (auto probe = db->prepare("SELECT seq FROM outbox LIMIT 0"); !probe) {
    return Error(probe.error().code(), "nothing could be salvaged from " + file.string() + ": " + probe.error().message());
  }

  // Which rows existed: the unique id index holds (id, seq) of every row, on pages of its own, so
  // it often survives the loss of a table page and names what was lost.
  std::map<std::int64_t, std::string> indexed;
  bool indexComplete = false;
  if (auto st = db->prepare("SELECT seq, id FROM outbox INDEXED BY sqlite_autoindex_outbox_1"); st) {
    for (;;) {
      auto row = st->step();
      if (!row) break;
      if (!*row) {
        indexComplete = true;
        break;
      }
      indexed.emplace(st->int64(0), st->text(1));
    }
  }
  // The highest number ever used: AUTOINCREMENT keeps it in sqlite_sequence.
  std::int64_t high = indexed.empty() ? 0 : indexed.rbegin()->first;
  if (auto v = db->scalar("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0)"); v) {
    high = std::max(high, *v);
  }
  if (auto v = db->scalar("SELECT coalesce(max(seq), 0) FROM outbox"); v) high = std::max(high, *v);

  OutboxReader reader(*db);
  if (high > 0) reader.read(1, high);
  reader.read(high + 1, std::numeric_limits<std::int64_t>::max(), false);

  std::set<std::int64_t> lost;
  for (auto seq : reader.unreadable()) {
    if (!indexComplete || indexed.contains(seq)) lost.insert(seq);
  }
  for (const auto& [seq, id] : indexed) {
    if (!reader.rows().contains(seq)) lost.insert(seq);
  }
  for (auto seq : lost) {
    report.lostSeqs.push_back(seq);
    if (auto it = indexed.find(seq); it != indexed.end()) report.lostIds.push_back(it->second);
  }
  for (auto& [seq, t] : reader.rows()) report.rows.push_back(std::move(t));
  if (report.damage.empty()) report.damage = reader.firstError();
  // quick_check answers on several lines ("*** in database main ***\nPage 17: …"); one line reads
  // better in a note and in a log.
  std::replace(report.damage.begin(), report.damage.end(), '\n', ' ');
  return report;
}

SqliteQueueStore::SqliteQueueStore(std::unique_ptr<SqliteDb> db, fs::path file, const Clock& clock, StoreOptions options)
    : m_db(std::move(db)), m_file(std::move(file)), m_clock(clock), m_options(options) {}

SqliteQueueStore::~SqliteQueueStore() = default;

} // namespace lasis::queue
