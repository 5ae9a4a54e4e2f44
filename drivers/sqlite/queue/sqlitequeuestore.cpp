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

namespace {


// Each entry migrates from version (index) to version (index + 1), inside one transaction.
// Append only: a shipped migration is never edited, so every kiosk's file ends up identical.
constexpr std::array<const char*, SqliteQueueStore::kSchemaVersion> kMigrations = {
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
    // 3: the journal speaks the circulation engine's steps (circulation::Step, by their names):
    // tag_written + tag_verified become one tag-done (only a verified tag ever counted), so a
    // step has one name from the engine to the file.
    R"sql(
CREATE TABLE journal_steps(
  txn_id TEXT NOT NULL,
  step TEXT NOT NULL CHECK (step IN ('ils-done', 'tag-done', 'done', 'undone')),
  at INTEGER NOT NULL,
  PRIMARY KEY (txn_id, step)
);
INSERT INTO journal_steps(txn_id, step, at)
  SELECT txn_id, CASE step WHEN 'ils_done' THEN 'ils-done' WHEN 'tag_verified' THEN 'tag-done' ELSE step END, at
  FROM journal WHERE step <> 'tag_written';
DROP TABLE journal;
ALTER TABLE journal_steps RENAME TO journal;
)sql",
};


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
  for (int v = from; v < SqliteQueueStore::kSchemaVersion; ++v) {
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

bool SqliteQueueStore::readOnly() const {
  std::lock_guard lock(m_mutex);
  return m_db->readOnly();
}

Result<std::unique_ptr<QueueStore>> SqliteQueueStore::open(const fs::path& file, const Clock& clock, StoreOptions options) {
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
    std::unique_ptr<SqliteQueueStore> store(
        new SqliteQueueStore(std::make_unique<SqliteDb>(std::move(*db)), file, clock, options));
    store->m_schemaVersion = static_cast<int>(*v);
    if (auto st = store->loadSecret(); !st) return st.error();
    return std::unique_ptr<QueueStore>(std::move(store));
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

  std::unique_ptr<SqliteQueueStore> store(new SqliteQueueStore(std::make_unique<SqliteDb>(std::move(*db)), file, clock, options));
  store->m_schemaVersion = kSchemaVersion;
  if (auto st = store->loadSecret(); !st) return st.error();
  return std::unique_ptr<QueueStore>(std::move(store));
}

Status SqliteQueueStore::loadSecret() {
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

std::int64_t SqliteQueueStore::nowUs() const { return toUs(m_clock.now()); }

std::string SqliteQueueStore::patronKey(const std::string& patronId) const {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(patronId.data()), patronId.size(),
                     m_secret.data(), m_secret.size());
  return hex(out, sizeof out);
}

} // namespace lasis::queue
