#include "drivers/sqlite/sqlitedb.h"

#include <sqlite3.h>

#include <string>
#include <utility>

namespace lasis::storage {

Errc errcFromSqlite(int rc) noexcept {
  switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE: return Errc::ok;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Errc::busy;
    case SQLITE_FULL: return Errc::noSpace;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Errc::corrupt;
    case SQLITE_CANTOPEN: return Errc::notFound;
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH: return Errc::io;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE: return Errc::invalidArgument;
    default: return Errc::internal;
  }
}

// ---- SqliteStmt ----

SqliteStmt::SqliteStmt(SqliteStmt&& o) noexcept
    : m_db(std::exchange(o.m_db, nullptr)), m_stmt(std::exchange(o.m_stmt, nullptr)) {}

SqliteStmt& SqliteStmt::operator=(SqliteStmt&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(m_stmt);
    m_db = std::exchange(o.m_db, nullptr);
    m_stmt = std::exchange(o.m_stmt, nullptr);
  }
  return *this;
}

SqliteStmt::~SqliteStmt() { sqlite3_finalize(m_stmt); }

SqliteStmt& SqliteStmt::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(m_stmt, i, v);
  return *this;
}
SqliteStmt& SqliteStmt::bind(int i, std::string_view v) {
  sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
SqliteStmt& SqliteStmt::bind(int i, const std::vector<unsigned char>& blob) {
  sqlite3_bind_blob(m_stmt, i, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
  return *this;
}
SqliteStmt& SqliteStmt::bindNull(int i) {
  sqlite3_bind_null(m_stmt, i);
  return *this;
}

Result<bool> SqliteStmt::step() {
  int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return m_db->lastError(rc, "running a statement");
}

Status SqliteStmt::run() {
  for (;;) {
    auto r = step();
    if (!r) return r.error();
    if (!*r) return {};
  }
}

bool SqliteStmt::isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }
std::int64_t SqliteStmt::int64(int col) const { return sqlite3_column_int64(m_stmt, col); }
std::string SqliteStmt::text(int col) const {
  auto p = sqlite3_column_text(m_stmt, col);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col)));
}
std::optional<std::int64_t> SqliteStmt::optInt64(int col) const {
  if (isNull(col)) return std::nullopt;
  return int64(col);
}
std::vector<unsigned char> SqliteStmt::blob(int col) const {
  auto p = static_cast<const unsigned char*>(sqlite3_column_blob(m_stmt, col));
  auto n = sqlite3_column_bytes(m_stmt, col);
  if (!p || n <= 0) return {};
  return std::vector<unsigned char>(p, p + n);
}

// ---- SqliteDb ----

namespace {

/// `file:` URI for a path: the characters a URI gives meaning to are percent-encoded, so a path
/// holding `?`, `#` or `%` still names the file and not a query parameter.
std::string immutableUri(const std::filesystem::path& file) {
  static const char* digits = "0123456789ABCDEF";
  std::string uri = "file:";
  std::error_code ec;
  auto full = std::filesystem::absolute(file, ec);
  for (unsigned char c : (ec ? file : full).string()) {
    if (c == '%' || c == '?' || c == '#' || c < 0x21 || c >= 0x7f) {
      uri += '%';
      uri += digits[c >> 4];
      uri += digits[c & 0xf];
    } else {
      uri += static_cast<char>(c);
    }
  }
  return uri + "?mode=ro&immutable=1";
}

} // namespace

Result<SqliteDb> SqliteDb::open(const std::filesystem::path& file, Mode mode, int busyTimeoutMs) {
  int flags = SQLITE_OPEN_FULLMUTEX;
  switch (mode) {
    case Mode::readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    case Mode::readWrite: flags |= SQLITE_OPEN_READWRITE; break;
    case Mode::readOnly: flags |= SQLITE_OPEN_READONLY; break;
    case Mode::readOnlyImmutable: flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI; break;
  }
  sqlite3* raw = nullptr;
  std::string name = mode == Mode::readOnlyImmutable ? immutableUri(file) : file.string();
  int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
  SqliteDb db(raw, file);
  if (rc != SQLITE_OK) {
    if (!raw) return fail(Errc::noSpace, "cannot allocate a SQLite connection for " + file.string());
    return db.lastError(rc, "opening");
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busyTimeoutMs);
  return db;
}

SqliteDb::SqliteDb(SqliteDb&& o) noexcept : m_db(std::exchange(o.m_db, nullptr)), m_file(std::move(o.m_file)) {}

SqliteDb& SqliteDb::operator=(SqliteDb&& o) noexcept {
  if (this != &o) {
    sqlite3_close_v2(m_db);
    m_db = std::exchange(o.m_db, nullptr);
    m_file = std::move(o.m_file);
  }
  return *this;
}

SqliteDb::~SqliteDb() { sqlite3_close_v2(m_db); }

Result<SqliteStmt> SqliteDb::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return lastError(rc, "preparing a statement");
  return SqliteStmt(this, stmt);
}

Status SqliteDb::exec(std::string_view sql) {
  std::string s(sql);
  int rc = sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return lastError(rc, "executing");
  return {};
}

Result<std::int64_t> SqliteDb::scalar(std::string_view sql) {
  auto st = prepare(sql);
  if (!st) return st.error();
  auto r = st->step();
  if (!r) return r.error();
  if (!*r) return fail(Errc::internal, "query returned no row: " + std::string(sql));
  return st->int64(0);
}

bool SqliteDb::readOnly() const { return sqlite3_db_readonly(m_db, "main") == 1; }

std::int64_t SqliteDb::lastInsertRowid() const { return sqlite3_last_insert_rowid(m_db); }
int SqliteDb::changes() const { return sqlite3_changes(m_db); }

std::string SqliteDb::message() const { return m_db ? sqlite3_errmsg(m_db) : "no connection"; }

Error SqliteDb::lastError(int rc, std::string_view doing) const {
  Errc code = errcFromSqlite(rc);
  std::string msg = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
  std::string hint;
  switch (code) {
    case Errc::busy: hint = " (another process holds the database locked; is a second kiosk or tool running?)"; break;
    case Errc::noSpace: hint = " (the disk or the database's size limit is full; free space before serving again)"; break;
    case Errc::corrupt: hint = " (the file is damaged or not a Lasis database)"; break;
    default: break;
  }
  return Error(code, "SQLite " + std::string(doing) + " " + m_file.string() + ": " + msg + hint);
}

// ---- SqliteTxn ----

Result<SqliteTxn> SqliteTxn::begin(SqliteDb& db) {
  // IMMEDIATE takes the write lock now, so a locked database fails here, before any change.
  if (auto st = db.exec("BEGIN IMMEDIATE"); !st) return st.error();
  return SqliteTxn(&db);
}

SqliteTxn::~SqliteTxn() {
  if (m_db) (void)m_db->exec("ROLLBACK");
}

Status SqliteTxn::commit() {
  auto st = m_db->exec("COMMIT");
  if (!st) return st;  // the destructor rolls back what is left
  m_db = nullptr;
  return {};
}

} // namespace lasis::storage
