#include "drivers/sqlite/sqliteeventlog.h"

#include "drivers/sqlite/sqlitedb.h"

#include <algorithm>

namespace lasis::gate {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY,
  time_us INTEGER NOT NULL,
  kind TEXT NOT NULL,
  item TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  direction TEXT NOT NULL DEFAULT '',
  tag_uid TEXT NOT NULL DEFAULT '',
  period_s INTEGER NOT NULL DEFAULT 0,
  people_in INTEGER NOT NULL DEFAULT 0,
  people_out INTEGER NOT NULL DEFAULT 0,
  turn_backs INTEGER NOT NULL DEFAULT 0,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS events_kind_time ON events(kind, time_us);
PRAGMA user_version = 1;
)sql";

/// The log's own codes: a full disk, a damaged file, a lock and a missing file keep SQLite's
/// meaning, anything else is an I/O fault of the log (what the daemon's status map reports).
Errc logCode(const Error& e) {
  for (Errc kept : {Errc::noSpace, Errc::corrupt, Errc::busy, Errc::notFound})
    if (e.is(kept)) return kept;
  return Errc::io;
}

constexpr const char* kColumns =
    "SELECT id, time_us, kind, item, title, direction, tag_uid, period_s, people_in, people_out, turn_backs, detail "
    "FROM events";

} // namespace

struct SqliteEventLog::Impl {
  storage::SqliteDb db;
  std::string path;

  /// "gate event log PATH: WHAT: SQLite's words", with the log's code for the failure `e`.
  Failure error(const Error& e, const std::string& what) const {
    return fail(logCode(e), "gate event log " + path + ": " + what + ": " + db.message());
  }
};

SqliteEventLog::SqliteEventLog(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
SqliteEventLog::SqliteEventLog(SqliteEventLog&&) noexcept = default;
SqliteEventLog& SqliteEventLog::operator=(SqliteEventLog&&) noexcept = default;
SqliteEventLog::~SqliteEventLog() = default;

Result<SqliteEventLog> SqliteEventLog::openWith(const std::filesystem::path& file, bool readOnly) {
  const std::string path = file.string();
  if (readOnly && !std::filesystem::exists(file)) {
    return fail(Errc::notFound, "gate event log " + path + " does not exist");
  }
  using Mode = storage::SqliteDb::Mode;
  auto db = storage::SqliteDb::open(file, readOnly ? Mode::readOnly : Mode::readWriteCreate, 2000);
  // The connection is gone with the failure: the wrapper's message carries SQLite's words.
  if (!db) return fail(logCode(db.error()), "gate event log " + path + ": cannot open: " + db.error().message());
  auto impl = std::make_unique<Impl>(Impl{std::move(*db), path});
  if (!readOnly) {
    // WAL: the reader (`lasis gate events`) never blocks the daemon's writes. NORMAL sync: an
    // event log may lose its last lines on power loss, but the coils never wait for it anyway.
    if (auto st = impl->db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"); !st)
      return impl->error(st.error(), "cannot set journal mode");
    if (auto st = impl->db.exec(kSchema); !st) return impl->error(st.error(), "cannot create schema");
  } else {
    auto st = impl->db.prepare("SELECT count(*) FROM events");
    if (!st) return impl->error(st.error(), "not a gate event log");
  }
  return SqliteEventLog(std::move(impl));
}

Result<SqliteEventLog> SqliteEventLog::open(const std::filesystem::path& file) { return openWith(file, false); }
Result<SqliteEventLog> SqliteEventLog::openReadOnly(const std::filesystem::path& file) { return openWith(file, true); }

Status SqliteEventLog::setMaxSize(std::int64_t kb) {
  std::int64_t pageSize = 4096;
  if (auto size = m_impl->db.scalar("PRAGMA page_size")) pageSize = *size;
  // SQLite's own largest value stands for "no bound".
  const std::int64_t pages = kb > 0 ? std::max<std::int64_t>(1, kb * 1024 / pageSize) : 4294967294LL;
  if (auto st = m_impl->db.exec("PRAGMA max_page_count = " + std::to_string(pages)); !st) {
    return m_impl->error(st.error(), "cannot bound its size");
  }
  return {};
}

Status SqliteEventLog::add(const GateEvent& e) {
  auto st = m_impl->db.prepare("INSERT INTO events(time_us, kind, item, title, direction, tag_uid, period_s, "
                               "people_in, people_out, turn_backs, detail) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  if (!st) return m_impl->error(st.error(), "cannot prepare insert");
  st->bindAll(std::int64_t(e.time.time_since_epoch().count()), e.kind, e.item, e.title, e.direction, e.tagUid,
              e.periodSeconds, e.peopleIn, e.peopleOut, e.turnBacks, e.detail);
  if (auto done = st->run(); !done) return m_impl->error(done.error(), "cannot write event");
  return {};
}

Result<std::vector<GateEvent>> SqliteEventLog::events(const std::string& kind) const {
  const std::string sql = std::string(kColumns) + (kind.empty() ? "" : " WHERE kind = ?") + " ORDER BY time_us, id";
  auto st = m_impl->db.prepare(sql);
  if (!st) return m_impl->error(st.error(), "cannot query events");
  if (!kind.empty()) st->bind(1, kind);
  std::vector<GateEvent> out;
  for (;;) {
    auto row = st->step();
    if (!row) return m_impl->error(row.error(), "cannot read events");
    if (!*row) break;
    GateEvent e;
    e.id = st->int64(0);
    e.time = Clock::TimePoint(Clock::Duration(st->int64(1)));
    e.kind = st->text(2);
    e.item = st->text(3);
    e.title = st->text(4);
    e.direction = st->text(5);
    e.tagUid = st->text(6);
    e.periodSeconds = st->int64(7);
    e.peopleIn = st->int64(8);
    e.peopleOut = st->int64(9);
    e.turnBacks = st->int64(10);
    e.detail = st->text(11);
    out.push_back(std::move(e));
  }
  return out;
}

Result<EventTotals> SqliteEventLog::totals() const {
  auto st = m_impl->db.prepare("SELECT coalesce(sum(people_in),0), coalesce(sum(people_out),0), "
                               "coalesce(sum(kind = 'alarm'),0) FROM events");
  if (!st) return m_impl->error(st.error(), "cannot query totals");
  auto row = st->step();
  if (!row) return m_impl->error(row.error(), "cannot read totals");
  if (!*row) return fail(Errc::io, "gate event log " + m_impl->path + ": cannot read totals: no row");
  return EventTotals{st->int64(0), st->int64(1), st->int64(2)};
}

} // namespace lasis::gate
