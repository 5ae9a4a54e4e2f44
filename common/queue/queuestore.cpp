#include "common/queue/queuestore.h"

#include "common/storage/sqlitedb.h"

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

std::string_view toString(JournalStep s) {
  switch (s) {
    case JournalStep::ilsDone: return "ils_done";
    case JournalStep::tagWritten: return "tag_written";
    case JournalStep::tagVerified: return "tag_verified";
    case JournalStep::undone: return "undone";
  }
  return "?";
}

std::optional<JournalStep> journalStepFromString(std::string_view s) {
  for (auto st : {JournalStep::ilsDone, JournalStep::tagWritten, JournalStep::tagVerified, JournalStep::undone}) {
    if (toString(st) == s) return st;
  }
  return std::nullopt;
}

namespace {

std::int64_t toUs(TimePoint t) { return t.time_since_epoch().count(); }
TimePoint fromUs(std::int64_t us) { return TimePoint(Clock::Duration(us)); }

// Each entry migrates from version (index) to version (index + 1), inside one transaction.
// Append only: a shipped migration is never edited, so every kiosk's file ends up identical.
constexpr std::array<const char*, QueueStore::kSchemaVersion> kMigrations = {
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE outbox(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('checkout', 'checkin')),
  item_id TEXT NOT NULL,
  patron_ref TEXT,
  kiosk TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  done_at INTEGER NOT NULL,
  due_at INTEGER,
  offline INTEGER NOT NULL DEFAULT 0,
  journaled INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'sending', 'uncertain', 'done', 'failed', 'collapsed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  answer TEXT NOT NULL DEFAULT '',
  last_error TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  resolved INTEGER NOT NULL DEFAULT 0,
  staff_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_item ON outbox(item_id, seq);
CREATE INDEX outbox_state ON outbox(state, seq);
CREATE TABLE journal(
  txn_id TEXT NOT NULL,
  step TEXT NOT NULL CHECK (step IN ('ils_done', 'tag_written', 'tag_verified', 'undone')),
  at INTEGER NOT NULL,
  PRIMARY KEY (txn_id, step)
);
CREATE TABLE loans(
  item_id TEXT PRIMARY KEY,
  txn_id TEXT NOT NULL,
  since INTEGER NOT NULL,
  due_at INTEGER,
  confirmed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE patrons(
  patron_key TEXT PRIMARY KEY,
  pin_hash TEXT,
  blocked INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);
)sql",
    // 2: the tags of each transaction (every part of a set), so that recovery after a restart
    // knows which tags to look for instead of scanning the pad for the item's id.
    R"sql(
ALTER TABLE outbox ADD COLUMN tag_uids TEXT NOT NULL DEFAULT '';
)sql",
};

/// The columns every schema version has (salvage reads files of any version with these).
constexpr const char* kColumnsV1 =
    "seq, id, kind, item_id, coalesce(patron_ref, ''), kiosk, location, done_at, due_at, offline, state, attempts, "
    "answer, last_error, title, created_at, updated_at, resolved, staff_note, journaled";
constexpr const char* kColumns =
    "seq, id, kind, item_id, coalesce(patron_ref, ''), kiosk, location, done_at, due_at, offline, state, attempts, "
    "answer, last_error, title, created_at, updated_at, resolved, staff_note, journaled, tag_uids";

/// Tag UIDs as stored: hex UIDs separated by single spaces (a UID never holds a space).
std::string joinUids(const std::vector<std::string>& uids) {
  std::string out;
  for (const auto& u : uids) out += (out.empty() ? "" : " ") + u;
  return out;
}
std::vector<std::string> splitUids(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < text.size()) {
    auto end = text.find(' ', at);
    if (end == std::string::npos) end = text.size();
    if (end > at) out.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

constexpr const char* kNotFinal = "('pending', 'sending', 'uncertain')";

QueuedTxn readRow(const SqliteStmt& st, bool withTags = true) {
  QueuedTxn t;
  t.seq = st.int64(0);
  t.id = st.text(1);
  t.kind = kindFromString(st.text(2)).value_or(Kind::checkout);
  t.itemId = st.text(3);
  t.patronId = st.text(4);
  t.kiosk = st.text(5);
  t.location = st.text(6);
  t.when = fromUs(st.int64(7));
  if (auto d = st.optInt64(8)) t.dueDate = fromUs(*d);
  t.offline = st.int64(9) != 0;
  t.state = stateFromString(st.text(10)).value_or(TxnState::pending);
  t.attempts = static_cast<int>(st.int64(11));
  t.answer = st.text(12);
  t.lastError = st.text(13);
  t.title = st.text(14);
  t.createdAt = fromUs(st.int64(15));
  t.updatedAt = fromUs(st.int64(16));
  t.resolved = st.int64(17) != 0;
  t.staffNote = st.text(18);
  t.journaled = st.int64(19) != 0;
  if (withTags) t.tagUids = splitUids(st.text(20));
  return t;
}

std::string hex(const unsigned char* p, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  s.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    s.push_back(digits[p[i] >> 4]);
    s.push_back(digits[p[i] & 0xf]);
  }
  return s;
}

std::string quarantinePrefix(const fs::path& file) { return file.filename().string() + ".corrupt-"; }

/// An earlier damaged database kept aside next to `file`, if any.
std::optional<fs::path> findQuarantined(const fs::path& file) {
  std::error_code ec;
  auto dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  auto prefix = quarantinePrefix(file);
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    auto name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    if (name.ends_with("-wal") || name.ends_with("-shm")) continue;
    return it->path();
  }
  return std::nullopt;
}

/// Renames a damaged database (and its WAL and shared-memory files: the WAL may hold committed
/// transactions) aside under a name that is never reused, so nothing is overwritten.
Result<fs::path> quarantine(const fs::path& file, const Clock& clock) {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count();
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
  fs::path target;
  std::error_code ec;
  for (int n = 0;; ++n) {
    target = file;
    target += ".corrupt-" + std::string(stamp) + (n ? "-" + std::to_string(n) : "");
    if (!fs::exists(target, ec) && !fs::exists(fs::path(target.string() + "-wal"), ec)) break;
  }
  fs::rename(file, target, ec);
  if (ec) return fail(Errc::io, "cannot move the damaged database " + file.string() + " aside: " + ec.message());
  for (const char* suffix : {"-wal", "-shm"}) {
    fs::path side = file.string() + suffix;
    if (fs::exists(side, ec)) fs::rename(side, target.string() + suffix, ec);
  }
  return target;
}

Status configure(SqliteDb& db, const StoreOptions& options) {
  // WAL: readers (the CLI, the staff screen) never block the kiosk's writes; FULL: a commit
  // survives a power cut once it returned.
  auto mode = db.prepare("PRAGMA journal_mode=WAL");
  if (!mode) return mode.error();
  auto row = mode->step();
  if (!row) return row.error();
  if (!*row || mode->text(0) != "wal") {
    return fail(Errc::io, "cannot switch " + db.file().string() + " to WAL mode (is the file system read-only?)");
  }
  mode = SqliteStmt();
  if (auto st = db.exec("PRAGMA synchronous=FULL"); !st) return st;
  // A bounded page cache (SQLite's default is 2 MiB a connection, filled as a month of rows
  // accumulates): what the kiosk reads is the few rows of the visit and the outbox's head.
  if (auto st = db.exec("PRAGMA cache_size=-512"); !st) return st;
  if (options.maxPageCount) {
    if (auto st = db.exec("PRAGMA max_page_count=" + std::to_string(*options.maxPageCount)); !st) return st;
  }
  return {};
}

Status migrate(SqliteDb& db, int from) {
  for (int v = from; v < QueueStore::kSchemaVersion; ++v) {
    auto txn = SqliteTxn::begin(db);
    if (!txn) return txn.error();
    if (auto st = db.exec(kMigrations[static_cast<std::size_t>(v)]); !st) {
      return st.error().context("migrating the queue schema to version " + std::to_string(v + 1));
    }
    if (v == 0) {
      // The secret that keys patron ids in the patron cache: per database, never leaves it.
      std::vector<unsigned char> secret(crypto_generichash_KEYBYTES);
      randombytes_buf(secret.data(), secret.size());
      auto ins = db.prepare("INSERT INTO meta(key, value) VALUES ('patron_key_secret', ?)");
      if (!ins) return ins.error();
      if (auto st = ins->bind(1, secret).run(); !st) return st;
    }
    if (auto st = db.exec("PRAGMA user_version=" + std::to_string(v + 1)); !st) return st;
    if (auto st = txn->commit(); !st) return st;
  }
  return {};
}

Error damaged(const fs::path& file, const Error& why, const Result<fs::path>& keptAt) {
  if (!keptAt) return Error(Errc::corrupt, why.message() + "; moving it aside failed too: " + keptAt.error().message());
  return Error(Errc::corrupt, "the queue database " + file.string() + " is damaged (" + why.message() +
                                  "); it was kept aside as " + keptAt->string() +
                                  " for a technician (lasis queue export --db " + keptAt->string() +
                                  "); the kiosk stays out of order until it has been reviewed");
}

} // namespace

// ---- open ----

bool QueueStore::readOnly() const {
  std::lock_guard lock(m_mutex);
  return m_db->readOnly();
}

Result<std::unique_ptr<QueueStore>> QueueStore::open(const fs::path& file, const Clock& clock, StoreOptions options) {
  if (sodium_init() < 0) return fail(Errc::internal, "libsodium failed to initialise");
  std::error_code ec;
  bool exists = fs::exists(file, ec);

  if (options.readOnly) {
    if (!exists) return fail(Errc::notFound, "no queue database at " + file.string());
    auto db = SqliteDb::open(file, options.immutable ? SqliteDb::Mode::readOnlyImmutable : SqliteDb::Mode::readOnly,
                             options.busyTimeoutMs);
    if (!db) return db.error();
    auto v = db->scalar("PRAGMA user_version");
    if (!v) return v.error();
    if (*v > kSchemaVersion) {
      return fail(Errc::unsupported, file.string() + " has queue schema version " + std::to_string(*v) +
                                         ", newer than this build understands (" + std::to_string(kSchemaVersion) +
                                         "); use a newer lasis");
    }
    if (*v == 0) return fail(Errc::corrupt, file.string() + " is not a Lasis queue database (no schema)");
    std::unique_ptr<QueueStore> store(
        new QueueStore(std::make_unique<SqliteDb>(std::move(*db)), file, clock, options));
    store->m_schemaVersion = static_cast<int>(*v);
    if (auto st = store->loadSecret(); !st) return st.error();
    return store;
  }

  if (!exists) {
    if (auto kept = findQuarantined(file)) {
      return fail(Errc::corrupt, "a damaged queue database was kept aside as " + kept->string() +
                                     "; a technician must review it (lasis queue export --db " + kept->string() +
                                     ") and move it away before this kiosk starts a new queue at " + file.string());
    }
    // Build the new database beside the target and rename it into place once its schema is
    // committed: an empty or schema-less file at `file` then always means damage.
    fs::path tmp = file.string() + ".new";
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(tmp.string() + suffix, ec);
    {
      auto db = SqliteDb::open(tmp, SqliteDb::Mode::readWriteCreate, options.busyTimeoutMs);
      if (!db) return db.error();
      if (auto st = configure(*db, options); !st) return st.error();
      if (auto st = migrate(*db, 0); !st) return st.error();
    }
    fs::rename(tmp, file, ec);
    if (ec) return fail(Errc::io, "cannot create the queue database " + file.string() + ": " + ec.message());
  } else if (fs::file_size(file, ec) == 0 && !ec) {
    auto kept = quarantine(file, clock);
    return damaged(file, Error(Errc::corrupt, "the file is empty (truncated)"), kept);
  }

  auto db = SqliteDb::open(file, SqliteDb::Mode::readWrite, options.busyTimeoutMs);
  if (!db) return db.error();

  // Any "damaged" verdict below renames the file aside; other failures leave it where it is.
  auto check = [&]() -> Result<std::int64_t> {
    if (auto st = configure(*db, options); !st) return st.error();
    auto qc = db->prepare("PRAGMA quick_check");
    if (!qc) return qc.error();
    auto row = qc->step();
    if (!row) return row.error();
    if (!*row || qc->text(0) != "ok") return fail(Errc::corrupt, "integrity check: " + (*row ? qc->text(0) : "no answer"));
    qc = SqliteStmt();
    auto v = db->scalar("PRAGMA user_version");
    if (!v) return v.error();
    if (*v == 0) return fail(Errc::corrupt, "the file has no Lasis queue schema");
    return *v;
  };
  auto version = check();
  if (!version) {
    if (!version.error().is(Errc::corrupt)) return version.error();
    db = version.error();  // closes the connection before the file is renamed
    auto kept = quarantine(file, clock);
    return damaged(file, version.error(), kept);
  }
  if (*version > kSchemaVersion) {
    return fail(Errc::unsupported, file.string() + " has queue schema version " + std::to_string(*version) +
                                       ", newer than this build (" + std::to_string(kSchemaVersion) +
                                       "); the file is left untouched: install the newer Lasis again");
  }
  // Migrating also proves we can take the write lock now: a locked database fails at start-up
  // (out of order) rather than at the first patron's checkout.
  {
    auto txn = SqliteTxn::begin(*db);
    if (!txn) return txn.error().context("taking the write lock on the queue");
  }
  if (auto st = migrate(*db, static_cast<int>(*version)); !st) return st.error();

  std::unique_ptr<QueueStore> store(new QueueStore(std::make_unique<SqliteDb>(std::move(*db)), file, clock, options));
  store->m_schemaVersion = kSchemaVersion;
  if (auto st = store->loadSecret(); !st) return st.error();
  return store;
}

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

Result<SalvageReport> QueueStore::salvage(const fs::path& file) {
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

QueueStore::QueueStore(std::unique_ptr<SqliteDb> db, fs::path file, const Clock& clock, StoreOptions options)
    : m_db(std::move(db)), m_file(std::move(file)), m_clock(clock), m_options(options) {}

QueueStore::~QueueStore() = default;

Status QueueStore::loadSecret() {
  auto st = m_db->prepare("SELECT value FROM meta WHERE key = 'patron_key_secret'");
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return fail(Errc::corrupt, m_file.string() + ": the patron-cache secret is missing");
  m_secret = st->blob(0);
  if (m_secret.size() != crypto_generichash_KEYBYTES) {
    return fail(Errc::corrupt, m_file.string() + ": the patron-cache secret is damaged");
  }
  return {};
}

std::int64_t QueueStore::nowUs() const { return toUs(m_clock.now()); }

std::string QueueStore::patronKey(const std::string& patronId) const {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(patronId.data()), patronId.size(),
                     m_secret.data(), m_secret.size());
  return hex(out, sizeof out);
}

// ---- outbox ----

Result<std::vector<QueuedTxn>> QueueStore::query(const std::string& tail, const std::vector<std::string>& args) {
  auto st = m_db->prepare(std::string("SELECT ") + kColumns + " FROM outbox o " + tail);
  if (!st) return st.error();
  for (std::size_t i = 0; i < args.size(); ++i) st->bind(static_cast<int>(i + 1), args[i]);
  std::vector<QueuedTxn> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(readRow(*st));
  }
  return out;
}

Result<QueuedTxn> QueueStore::enqueue(NewTxn txn, bool collapse) {
  if (txn.itemId.empty()) return fail(Errc::invalidArgument, "a queued transaction needs an item id");
  if (txn.kind == Kind::checkout && txn.patronId.empty()) {
    return fail(Errc::invalidArgument, "a queued checkout of item " + txn.itemId + " needs a patron");
  }
  if (txn.id.empty()) {
    unsigned char rnd[12];
    randombytes_buf(rnd, sizeof rnd);
    txn.id = (txn.kiosk.empty() ? std::string("txn") : txn.kiosk) + "-" + hex(rnd, sizeof rnd);
  }
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  auto now = nowUs();

  // Collapse: the latest unfinished transaction of this item is an offline checkout that was never
  // attempted, so the ILS cannot have seen it; neither half is ever sent.
  bool collapsed = false;
  std::int64_t collapseSeq = 0;
  if (collapse && txn.kind == Kind::checkin) {
    auto last = query(std::string("WHERE item_id = ? AND state IN ") + kNotFinal + " ORDER BY seq DESC LIMIT 1",
                      {txn.itemId});
    if (!last) return last.error();
    if (!last->empty()) {
      const auto& prev = last->front();
      if (prev.kind == Kind::checkout && prev.offline && prev.state == TxnState::pending && prev.attempts == 0) {
        collapsed = true;
        collapseSeq = prev.seq;
      }
    }
  }

  auto ins = m_db->prepare(
      "INSERT INTO outbox(id, kind, item_id, patron_ref, kiosk, location, done_at, due_at, offline, state, "
      "answer, created_at, updated_at, journaled, attempts, tag_uids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT(id) DO NOTHING");
  if (!ins) return ins.error();
  ins->bind(1, txn.id).bind(2, toString(txn.kind)).bind(3, txn.itemId);
  if (txn.patronId.empty()) ins->bindNull(4); else ins->bind(4, txn.patronId);
  ins->bind(5, txn.kiosk).bind(6, txn.location).bind(7, toUs(txn.when));
  if (txn.dueDate) ins->bind(8, toUs(*txn.dueDate)); else ins->bindNull(8);
  ins->bind(9, txn.offline ? 1 : 0)
      .bind(10, toString(collapsed ? TxnState::collapsed : txn.sending ? TxnState::sending : TxnState::pending))
      .bind(11, collapsed ? std::string("collapsed with its offline checkout") : std::string())
      .bind(12, now)
      .bind(13, now)
      .bind(14, txn.journaled ? 1 : 0)
      .bind(15, txn.sending && !collapsed ? 1 : 0)
      .bind(16, joinUids(txn.tagUids));
  if (auto st = ins->run(); !st) return st.error();
  bool inserted = m_db->changes() == 1;
  ins = SqliteStmt();

  if (inserted) {
    if (collapsed) {
      auto up = m_db->prepare(
          "UPDATE outbox SET state = 'collapsed', patron_ref = NULL, answer = 'collapsed with its offline return', "
          "updated_at = ? WHERE seq = ?");
      if (!up) return up.error();
      if (auto st = up->bind(1, now).bind(2, collapseSeq).run(); !st) return st.error();
    }
    // The loan cache follows what the kiosk did, at once: the gate and the patron's screen must
    // not wait for the ILS.
    if (txn.kind == Kind::checkout) {
      auto up = m_db->prepare(
          "INSERT INTO loans(item_id, txn_id, since, due_at, confirmed) VALUES (?, ?, ?, ?, 0) "
          "ON CONFLICT(item_id) DO UPDATE SET txn_id = excluded.txn_id, since = excluded.since, "
          "due_at = excluded.due_at, confirmed = 0");
      if (!up) return up.error();
      up->bind(1, txn.itemId).bind(2, txn.id).bind(3, toUs(txn.when));
      if (txn.dueDate) up->bind(4, toUs(*txn.dueDate)); else up->bindNull(4);
      if (auto st = up->run(); !st) return st.error();
    } else {
      auto del = m_db->prepare("DELETE FROM loans WHERE item_id = ?");
      if (!del) return del.error();
      if (auto st = del->bind(1, txn.itemId).run(); !st) return st.error();
    }
  }
  if (inserted && txn.firstStep) {
    auto step = m_db->prepare("INSERT INTO journal(txn_id, step, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
    if (!step) return step.error();
    if (auto st = step->bind(1, txn.id).bind(2, toString(*txn.firstStep)).bind(3, now).run(); !st) return st.error();
  }
  auto row = query("WHERE id = ?", {txn.id});
  if (!row) return row.error();
  if (row->empty()) return fail(Errc::internal, "queued transaction " + txn.id + " vanished");
  if (auto st = t->commit(); !st) return st.error();
  return row->front();
}

Result<std::optional<QueuedTxn>> QueueStore::get(const std::string& id) {
  std::lock_guard lock(m_mutex);
  auto rows = query("WHERE id = ?", {id});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<QueuedTxn>();
  return std::optional<QueuedTxn>(rows->front());
}

Result<std::vector<QueuedTxn>> QueueStore::ready() {
  std::lock_guard lock(m_mutex);
  return query(std::string("WHERE state IN ") + kNotFinal + " AND seq = (SELECT MIN(seq) FROM outbox i WHERE " +
                   "i.item_id = o.item_id AND i.state IN " + kNotFinal + ") ORDER BY seq",
               {});
}

Result<std::optional<QueuedTxn>> QueueStore::nextFor(const std::string& itemId) {
  std::lock_guard lock(m_mutex);
  auto rows = query(std::string("WHERE item_id = ? AND state IN ") + kNotFinal + " ORDER BY seq LIMIT 1", {itemId});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<QueuedTxn>{};
  return std::optional<QueuedTxn>{std::move(rows->front())};
}

Result<bool> QueueStore::markSending(std::int64_t seq) {
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  auto up = m_db->prepare(
      "UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE seq = ? AND state = 'pending'");
  if (!up) return up.error();
  if (auto st = up->bind(1, nowUs()).bind(2, seq).run(); !st) return st.error();
  bool changed = m_db->changes() == 1;
  up = SqliteStmt();
  if (auto st = t->commit(); !st) return st.error();
  return changed;
}

Status QueueStore::setState(std::int64_t seq, const char* sql, const std::string& text) {
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  {
    auto up = m_db->prepare(sql);
    if (!up) return up.error();
    if (auto st = up->bind(1, text).bind(2, nowUs()).bind(3, seq).run(); !st) return st;
  }
  return t->commit();
}

Status QueueStore::markDone(std::int64_t seq, const std::string& answer, const std::string& title,
                            std::optional<TimePoint> dueDate) {
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  auto now = nowUs();
  {
    // The patron reference goes as soon as the ILS has the loan: the kiosk keeps no record of
    // who borrowed what longer than it must.
    auto up = m_db->prepare(
        "UPDATE outbox SET state = 'done', answer = ?, title = ?, due_at = coalesce(?, due_at), patron_ref = NULL, "
        "last_error = '', updated_at = ? WHERE seq = ?");
    if (!up) return up.error();
    up->bind(1, answer).bind(2, title);
    if (dueDate) up->bind(3, toUs(*dueDate)); else up->bindNull(3);
    if (auto st = up->bind(4, now).bind(5, seq).run(); !st) return st;
    auto loan = m_db->prepare(
        "UPDATE loans SET confirmed = 1, due_at = coalesce(?, due_at) WHERE txn_id = (SELECT id FROM outbox WHERE seq = ?)");
    if (!loan) return loan.error();
    if (dueDate) loan->bind(1, toUs(*dueDate)); else loan->bindNull(1);
    if (auto st = loan->bind(2, seq).run(); !st) return st;
    auto j = m_db->prepare(
        "INSERT INTO journal(txn_id, step, at) SELECT id, 'ils_done', ? FROM outbox WHERE seq = ? AND journaled = 1 "
        "ON CONFLICT DO NOTHING");
    if (!j) return j.error();
    if (auto st = j->bind(1, now).bind(2, seq).run(); !st) return st;
  }
  return t->commit();
}

Status QueueStore::markFailed(std::int64_t seq, const std::string& answer, const std::optional<std::string>& handledNote) {
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  {
    auto up = m_db->prepare("UPDATE outbox SET state = 'failed', answer = ?, updated_at = ? WHERE seq = ?");
    if (!up) return up.error();
    if (auto st = up->bind(1, answer).bind(2, nowUs()).bind(3, seq).run(); !st) return st;
    if (handledNote) {
      auto res = m_db->prepare("UPDATE outbox SET resolved = 1, staff_note = ?, patron_ref = NULL WHERE seq = ?");
      if (!res) return res.error();
      if (auto st = res->bind(1, *handledNote).bind(2, seq).run(); !st) return st;
    }
    // A refused checkout is no loan: the cache must not tell the gate it left legitimately.
    auto loan = m_db->prepare("DELETE FROM loans WHERE txn_id = (SELECT id FROM outbox WHERE seq = ? AND kind = 'checkout')");
    if (!loan) return loan.error();
    if (auto st = loan->bind(1, seq).run(); !st) return st;
  }
  return t->commit();
}

Status QueueStore::markUncertain(std::int64_t seq, const std::string& error) {
  return setState(seq, "UPDATE outbox SET state = 'uncertain', last_error = ?, updated_at = ? WHERE seq = ?", error);
}

Status QueueStore::markPending(std::int64_t seq, const std::string& note) {
  return setState(seq,
                  "UPDATE outbox SET state = 'pending', last_error = ?, updated_at = ? WHERE seq = ? "
                  "AND state IN ('uncertain', 'sending')",
                  note);
}

Result<int> QueueStore::recoverInterrupted() {
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  auto up = m_db->prepare(
      "UPDATE outbox SET state = 'uncertain', last_error = 'interrupted while sending (crash or power cut)', "
      "updated_at = ? WHERE state = 'sending' "
      "AND NOT (journaled = 1 AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.txn_id = outbox.id))");
  if (!up) return up.error();
  if (auto st = up->bind(1, nowUs()).run(); !st) return st.error();
  int n = m_db->changes();
  up = SqliteStmt();
  if (auto st = t->commit(); !st) return st.error();
  return n;
}

Result<std::vector<QueuedTxn>> QueueStore::list(const std::vector<TxnState>& states, int limit) {
  std::lock_guard lock(m_mutex);
  std::string where;
  if (!states.empty()) {
    where = "WHERE state IN (";
    for (std::size_t i = 0; i < states.size(); ++i) where += (i ? ", '" : "'") + std::string(toString(states[i])) + "'";
    where += ")";
  }
  return query(where + " ORDER BY seq LIMIT " + std::to_string(limit), {});
}

Result<std::vector<QueuedTxn>> QueueStore::exceptions(bool includeResolved) {
  std::lock_guard lock(m_mutex);
  return query(std::string("WHERE state = 'failed'") + (includeResolved ? "" : " AND resolved = 0") + " ORDER BY seq", {});
}

Status QueueStore::resolveException(const std::string& id, const std::string& staffNote) {
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  {
    auto up = m_db->prepare(
        "UPDATE outbox SET resolved = 1, staff_note = ?, patron_ref = NULL, updated_at = ? WHERE id = ? AND state = 'failed' AND resolved = 0");
    if (!up) return up.error();
    if (auto st = up->bind(1, staffNote).bind(2, nowUs()).bind(3, id).run(); !st) return st;
    if (m_db->changes() != 1) return fail(Errc::notFound, "no open exception with id " + id);
  }
  return t->commit();
}

Result<QueueStats> QueueStore::stats() {
  std::lock_guard lock(m_mutex);
  QueueStats s;
  s.schemaVersion = m_schemaVersion;
  auto st = m_db->prepare("SELECT state, COUNT(*) FROM outbox GROUP BY state");
  if (!st) return st.error();
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    auto state = stateFromString(st->text(0));
    auto n = st->int64(1);
    if (!state) continue;
    switch (*state) {
      case TxnState::pending: s.pending = n; break;
      case TxnState::sending: s.sending = n; break;
      case TxnState::uncertain: s.uncertain = n; break;
      case TxnState::done: s.done = n; break;
      case TxnState::failed: s.failed = n; break;
      case TxnState::collapsed: s.collapsed = n; break;
    }
  }
  auto ex = m_db->scalar("SELECT COUNT(*) FROM outbox WHERE state = 'failed' AND resolved = 0");
  if (!ex) return ex.error();
  s.openExceptions = *ex;
  auto loans = m_db->scalar("SELECT COUNT(*) FROM loans");
  if (!loans) return loans.error();
  s.loans = *loans;
  auto patrons = m_db->scalar("SELECT COUNT(*) FROM patrons");
  if (!patrons) return patrons.error();
  s.patrons = *patrons;
  auto oldest = m_db->prepare(std::string("SELECT MIN(done_at) FROM outbox WHERE state IN ") + kNotFinal);
  if (!oldest) return oldest.error();
  auto row = oldest->step();
  if (!row) return row.error();
  if (*row && !oldest->isNull(0)) s.oldestUnsynced = fromUs(oldest->int64(0));
  return s;
}

Result<std::string> QueueStore::quickCheck() {
  std::lock_guard lock(m_mutex);
  auto qc = m_db->prepare("PRAGMA quick_check(1)");
  if (!qc) return qc.error();
  auto row = qc->step();
  if (!row) return row.error();
  return *row ? qc->text(0) : std::string("quick_check gave no answer");
}

Result<int> QueueStore::unsyncedOfflineCheckouts(const std::string& patronId) {
  std::lock_guard lock(m_mutex);
  auto st = m_db->prepare(std::string("SELECT COUNT(*) FROM outbox WHERE kind = 'checkout' AND offline = 1 AND "
                                      "patron_ref = ? AND state IN ") + kNotFinal);
  if (!st) return st.error();
  st->bind(1, patronId);
  auto row = st->step();
  if (!row) return row.error();
  return static_cast<int>(st->int64(0));
}

Result<int> QueueStore::purge(TimePoint before) {
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  // Open exceptions stay whatever their age: staff have not dealt with them yet.
  const std::string purgeable =
      "updated_at < ? AND (state IN ('done', 'collapsed') OR (state = 'failed' AND resolved = 1))";
  {
    auto j = m_db->prepare("DELETE FROM journal WHERE txn_id IN (SELECT id FROM outbox WHERE " + purgeable + ")");
    if (!j) return j.error();
    if (auto st = j->bind(1, toUs(before)).run(); !st) return st.error();
  }
  {
    // A loan still cached after the retention time was most likely returned at another desk;
    // forgetting it errs on the safe side (the gate alarms, staff clear it).
    auto l = m_db->prepare("DELETE FROM loans WHERE confirmed = 1 AND since < ?");
    if (!l) return l.error();
    if (auto st = l->bind(1, toUs(before)).run(); !st) return st.error();
  }
  int n = 0;
  {
    auto o = m_db->prepare("DELETE FROM outbox WHERE " + purgeable);
    if (!o) return o.error();
    if (auto st = o->bind(1, toUs(before)).run(); !st) return st.error();
    n = m_db->changes();
  }
  if (auto st = t->commit(); !st) return st.error();
  return n;
}

// ---- journal ----

Status QueueStore::journal(const std::string& txnId, JournalStep step) {
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  {
    auto exists = m_db->prepare("SELECT 1 FROM outbox WHERE id = ?");
    if (!exists) return exists.error();
    auto row = exists->bind(1, txnId).step();
    if (!row) return row.error();
    if (!*row) return fail(Errc::notFound, "no queued transaction " + txnId + " to journal");
    auto ins = m_db->prepare("INSERT INTO journal(txn_id, step, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
    if (!ins) return ins.error();
    if (auto st = ins->bind(1, txnId).bind(2, toString(step)).bind(3, nowUs()).run(); !st) return st;
  }
  return t->commit();
}

Result<std::vector<JournalStep>> QueueStore::journalOf(const std::string& txnId) {
  std::lock_guard lock(m_mutex);
  auto st = m_db->prepare("SELECT step FROM journal WHERE txn_id = ? ORDER BY at, rowid");
  if (!st) return st.error();
  st->bind(1, txnId);
  std::vector<JournalStep> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    if (auto s = journalStepFromString(st->text(0))) out.push_back(*s);
  }
  return out;
}

Result<std::vector<QueuedTxn>> QueueStore::unfinishedJournals() {
  std::lock_guard lock(m_mutex);
  return query(
      "WHERE kind = 'checkout' AND EXISTS (SELECT 1 FROM journal j WHERE j.txn_id = o.id AND j.step = 'ils_done') "
      "AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.txn_id = o.id AND j.step IN ('tag_verified', 'undone')) "
      "ORDER BY seq",
      {});
}

// ---- loan cache ----

namespace {
LoanEntry readLoan(const SqliteStmt& st) {
  LoanEntry e;
  e.itemId = st.text(0);
  e.txnId = st.text(1);
  e.since = fromUs(st.int64(2));
  if (auto d = st.optInt64(3)) e.dueDate = fromUs(*d);
  e.confirmed = st.int64(4) != 0;
  return e;
}
} // namespace

Result<std::optional<LoanEntry>> QueueStore::loan(const std::string& itemId) {
  std::lock_guard lock(m_mutex);
  auto st = m_db->prepare("SELECT item_id, txn_id, since, due_at, confirmed FROM loans WHERE item_id = ?");
  if (!st) return st.error();
  st->bind(1, itemId);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return std::optional<LoanEntry>();
  return std::optional<LoanEntry>(readLoan(*st));
}

Result<std::vector<LoanEntry>> QueueStore::loans() {
  std::lock_guard lock(m_mutex);
  auto st = m_db->prepare("SELECT item_id, txn_id, since, due_at, confirmed FROM loans ORDER BY item_id");
  if (!st) return st.error();
  std::vector<LoanEntry> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(readLoan(*st));
  }
  return out;
}

// ---- patron cache ----

Status QueueStore::cachePatron(const std::string& patronId, const std::string& pin, bool blocked) {
  std::optional<std::string> pinHash;
  if (!pin.empty()) {
    char out[crypto_pwhash_STRBYTES];
    auto ops = m_options.pinOpsLimit.value_or(crypto_pwhash_OPSLIMIT_INTERACTIVE);
    auto mem = m_options.pinMemLimit.value_or(crypto_pwhash_MEMLIMIT_INTERACTIVE);
    // Hashing takes tens of milliseconds on purpose; it runs outside the store's lock.
    if (crypto_pwhash_str(out, pin.data(), pin.size(), ops, mem) != 0) {
      return fail(Errc::noSpace, "not enough memory to hash a PIN for the offline patron cache");
    }
    pinHash = std::string(out);
  }
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  {
    auto up = m_db->prepare(
        "INSERT INTO patrons(patron_key, pin_hash, blocked, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(patron_key) DO UPDATE SET pin_hash = excluded.pin_hash, blocked = excluded.blocked, "
        "updated_at = excluded.updated_at");
    if (!up) return up.error();
    up->bind(1, patronKey(patronId));
    if (pinHash) up->bind(2, *pinHash); else up->bindNull(2);
    if (auto st = up->bind(3, blocked ? 1 : 0).bind(4, nowUs()).run(); !st) return st;
  }
  return t->commit();
}

Result<PatronCheck> QueueStore::checkPatron(const std::string& patronId, const std::string& pin) {
  std::optional<std::string> hash;
  bool blocked = false;
  {
    std::lock_guard lock(m_mutex);
    auto st = m_db->prepare("SELECT pin_hash, blocked FROM patrons WHERE patron_key = ?");
    if (!st) return st.error();
    st->bind(1, patronKey(patronId));
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return PatronCheck::unknown;
    if (!st->isNull(0)) hash = st->text(0);
    blocked = st->int64(1) != 0;
  }
  if (blocked) return PatronCheck::blocked;
  if (!hash) return pin.empty() ? PatronCheck::ok : PatronCheck::noPinCached;
  if (crypto_pwhash_str_verify(hash->c_str(), pin.data(), pin.size()) != 0) return PatronCheck::wrongPin;
  return PatronCheck::ok;
}

Status QueueStore::forgetPatronsBefore(TimePoint before) {
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  {
    auto del = m_db->prepare("DELETE FROM patrons WHERE updated_at < ?");
    if (!del) return del.error();
    if (auto st = del->bind(1, toUs(before)).run(); !st) return st;
  }
  return t->commit();
}

} // namespace lasis::queue
