#include "common/gate/eventlog.h"

#include <sqlite3.h>

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

Errc errcOf(int rc) {
  switch (rc & 0xff) {
    case SQLITE_FULL: return Errc::noSpace;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Errc::corrupt;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Errc::busy;
    case SQLITE_CANTOPEN: return Errc::notFound;
    default: return Errc::io;
  }
}

/// A prepared statement, finalized on scope exit.
struct Stmt {
  sqlite3_stmt* s = nullptr;
  ~Stmt() { sqlite3_finalize(s); }
};

} // namespace

struct EventLog::Impl {
  sqlite3* db = nullptr;
  std::string path;
  ~Impl() { sqlite3_close(db); }

  Failure error(int rc, const std::string& what) const {
    return fail(errcOf(rc), "gate event log " + path + ": " + what + ": " + sqlite3_errmsg(db));
  }
};

EventLog::EventLog(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
EventLog::EventLog(EventLog&&) noexcept = default;
EventLog& EventLog::operator=(EventLog&&) noexcept = default;
EventLog::~EventLog() = default;

Result<EventLog> EventLog::openWith(const std::filesystem::path& file, bool readOnly) {
  auto impl = std::make_unique<Impl>();
  impl->path = file.string();
  const int flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (readOnly && !std::filesystem::exists(file)) {
    return fail(Errc::notFound, "gate event log " + impl->path + " does not exist");
  }
  int rc = sqlite3_open_v2(impl->path.c_str(), &impl->db, flags, nullptr);
  if (rc != SQLITE_OK) return impl->error(rc, "cannot open");
  sqlite3_busy_timeout(impl->db, 2000);
  if (!readOnly) {
    // WAL: the reader (`lasis gate events`) never blocks the daemon's writes. NORMAL sync: an
    // event log may lose its last lines on power loss, but the coils never wait for it anyway.
    rc = sqlite3_exec(impl->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return impl->error(rc, "cannot set journal mode");
    rc = sqlite3_exec(impl->db, kSchema, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return impl->error(rc, "cannot create schema");
  } else {
    Stmt st;
    rc = sqlite3_prepare_v2(impl->db, "SELECT count(*) FROM events", -1, &st.s, nullptr);
    if (rc != SQLITE_OK) return impl->error(rc, "not a gate event log");
  }
  return EventLog(std::move(impl));
}

Result<EventLog> EventLog::open(const std::filesystem::path& file) { return openWith(file, false); }
Result<EventLog> EventLog::openReadOnly(const std::filesystem::path& file) { return openWith(file, true); }

Status EventLog::setMaxSize(std::int64_t kb) {
  std::int64_t pageSize = 4096;
  {
    Stmt st;
    if (sqlite3_prepare_v2(m_impl->db, "PRAGMA page_size", -1, &st.s, nullptr) == SQLITE_OK && sqlite3_step(st.s) == SQLITE_ROW) {
      pageSize = sqlite3_column_int64(st.s, 0);
    }
  }
  // SQLite's own largest value stands for "no bound".
  const std::int64_t pages = kb > 0 ? std::max<std::int64_t>(1, kb * 1024 / pageSize) : 4294967294LL;
  const std::string sql = "PRAGMA max_page_count = " + std::to_string(pages);
  if (int rc = sqlite3_exec(m_impl->db, sql.c_str(), nullptr, nullptr, nullptr); rc != SQLITE_OK) {
    return m_impl->error(rc, "cannot bound its size");
  }
  return {};
}

Status EventLog::add(const GateEvent& e) {
  Stmt st;
  int rc = sqlite3_prepare_v2(m_impl->db,
                              "INSERT INTO events(time_us, kind, item, title, direction, tag_uid, period_s, "
                              "people_in, people_out, turn_backs, detail) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                              -1, &st.s, nullptr);
  if (rc != SQLITE_OK) return m_impl->error(rc, "cannot prepare insert");
  sqlite3_bind_int64(st.s, 1, e.time.time_since_epoch().count());
  auto text = [&](int i, const std::string& v) { sqlite3_bind_text(st.s, i, v.c_str(), -1, SQLITE_TRANSIENT); };
  text(2, e.kind);
  text(3, e.item);
  text(4, e.title);
  text(5, e.direction);
  text(6, e.tagUid);
  sqlite3_bind_int64(st.s, 7, e.periodSeconds);
  sqlite3_bind_int64(st.s, 8, e.peopleIn);
  sqlite3_bind_int64(st.s, 9, e.peopleOut);
  sqlite3_bind_int64(st.s, 10, e.turnBacks);
  text(11, e.detail);
  rc = sqlite3_step(st.s);
  if (rc != SQLITE_DONE) return m_impl->error(rc, "cannot write event");
  return {};
}

Result<std::vector<GateEvent>> EventLog::events(const std::string& kind) const {
  Stmt st;
  const char* sql = kind.empty()
                        ? "SELECT id, time_us, kind, item, title, direction, tag_uid, period_s, people_in, "
                          "people_out, turn_backs, detail FROM events ORDER BY time_us, id"
                        : "SELECT id, time_us, kind, item, title, direction, tag_uid, period_s, people_in, "
                          "people_out, turn_backs, detail FROM events WHERE kind = ? ORDER BY time_us, id";
  int rc = sqlite3_prepare_v2(m_impl->db, sql, -1, &st.s, nullptr);
  if (rc != SQLITE_OK) return m_impl->error(rc, "cannot query events");
  if (!kind.empty()) sqlite3_bind_text(st.s, 1, kind.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<GateEvent> out;
  auto col = [&](int i) {
    const auto* p = sqlite3_column_text(st.s, i);
    return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
  };
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    GateEvent e;
    e.id = sqlite3_column_int64(st.s, 0);
    e.time = Clock::TimePoint(Clock::Duration(sqlite3_column_int64(st.s, 1)));
    e.kind = col(2);
    e.item = col(3);
    e.title = col(4);
    e.direction = col(5);
    e.tagUid = col(6);
    e.periodSeconds = sqlite3_column_int64(st.s, 7);
    e.peopleIn = sqlite3_column_int64(st.s, 8);
    e.peopleOut = sqlite3_column_int64(st.s, 9);
    e.turnBacks = sqlite3_column_int64(st.s, 10);
    e.detail = col(11);
    out.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) return m_impl->error(rc, "cannot read events");
  return out;
}

Result<EventTotals> EventLog::totals() const {
  Stmt st;
  int rc = sqlite3_prepare_v2(m_impl->db,
                              "SELECT coalesce(sum(people_in),0), coalesce(sum(people_out),0), "
                              "coalesce(sum(kind = 'alarm'),0) FROM events",
                              -1, &st.s, nullptr);
  if (rc != SQLITE_OK) return m_impl->error(rc, "cannot query totals");
  rc = sqlite3_step(st.s);
  if (rc != SQLITE_ROW) return m_impl->error(rc, "cannot read totals");
  return EventTotals{sqlite3_column_int64(st.s, 0), sqlite3_column_int64(st.s, 1), sqlite3_column_int64(st.s, 2)};
}

} // namespace lasis::gate
