#pragma once
// A thin RAII wrapper over one SQLite connection: prepared statements, transactions, and every
// SQLite result code mapped onto lasis::Errc with a message naming the file, so callers never
// see a raw sqlite3 pointer or an int code. The one way into SQLite for the whole project: the
// queue, the gate's event log, the `lasis` tool's doctor and the simulated ILS all use it, and no
// file outside drivers/sqlite/ includes <sqlite3.h>.

#include "common/core/result.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace lasis::storage {

/// Maps a SQLite result code (primary or extended) onto our error codes.
Errc errcFromSqlite(int rc) noexcept;

class SqliteDb;

/// One prepared statement; bind by 1-based index, step, read columns by 0-based index.
class SqliteStmt {
public:
  SqliteStmt() = default;
  SqliteStmt(SqliteStmt&& o) noexcept;
  SqliteStmt& operator=(SqliteStmt&& o) noexcept;
  SqliteStmt(const SqliteStmt&) = delete;
  SqliteStmt& operator=(const SqliteStmt&) = delete;
  ~SqliteStmt();

  SqliteStmt& bind(int i, std::int64_t v);
  SqliteStmt& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  SqliteStmt& bind(int i, std::string_view v);
  SqliteStmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  SqliteStmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  SqliteStmt& bind(int i, const std::vector<unsigned char>& blob);
  SqliteStmt& bindNull(int i);
  SqliteStmt& bind(int i, std::nullptr_t) { return bindNull(i); }
  template <typename T>
  SqliteStmt& bind(int i, const std::optional<T>& v) { return v ? bind(i, *v) : bindNull(i); }
  /// Binds every parameter in order, from 1: `bindAll(id, name, std::nullopt)`.
  template <typename... A>
  SqliteStmt& bindAll(const A&... args) {
    int i = 1;
    (bind(i++, args), ...);
    return *this;
  }

  /// true: a row is ready; false: done. Errors carry the file name and SQLite's message.
  Result<bool> step();
  /// Steps to completion (for statements that return no rows).
  Status run();

  bool isNull(int col) const;
  std::int64_t int64(int col) const;
  std::string text(int col) const;
  std::optional<std::int64_t> optInt64(int col) const;
  std::vector<unsigned char> blob(int col) const;

private:
  friend class SqliteDb;
  SqliteStmt(SqliteDb* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
  SqliteDb* m_db = nullptr;
  sqlite3_stmt* m_stmt = nullptr;
};

/// One open SQLite database file.
class SqliteDb {
public:
  /// readOnlyImmutable: for a file no process writes (a damaged database kept aside as
  /// evidence, or a queue whose kiosk is stopped). SQLite takes no lock and ignores any WAL, so it
  /// creates nothing beside the file — a plain read-only connection creates `-wal`/`-shm`.
  enum class Mode { readWriteCreate, readWrite, readOnly, readOnlyImmutable };

  static Result<SqliteDb> open(const std::filesystem::path& file, Mode mode, int busyTimeoutMs);

  SqliteDb(SqliteDb&& o) noexcept;
  SqliteDb& operator=(SqliteDb&& o) noexcept;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  Result<SqliteStmt> prepare(std::string_view sql);
  /// Runs one or more statements that return no rows.
  Status exec(std::string_view sql);
  /// A single integer from a query such as "PRAGMA user_version".
  Result<std::int64_t> scalar(std::string_view sql);
  std::int64_t lastInsertRowid() const;
  /// True when SQLite opened the main database for reading only (file, directory or mount).
  bool readOnly() const;
  int changes() const;

  /// An Error for the connection's last failure, in words a technician can act on.
  Error lastError(int rc, std::string_view doing) const;
  /// SQLite's own words for the connection's last failure, for a user that words its errors
  /// itself (the gate's event log, the doctor, the simulated ILS).
  std::string message() const;
  const std::filesystem::path& file() const { return m_file; }

private:
  SqliteDb(sqlite3* db, std::filesystem::path file) : m_db(db), m_file(std::move(file)) {}
  sqlite3* m_db = nullptr;
  std::filesystem::path m_file;
};

/// BEGIN IMMEDIATE … COMMIT, rolled back on destruction unless committed: one state change,
/// all or nothing, so a crash or a full disk never leaves half a transaction on disk.
class SqliteTxn {
public:
  static Result<SqliteTxn> begin(SqliteDb& db);
  SqliteTxn(SqliteTxn&& o) noexcept : m_db(o.m_db) { o.m_db = nullptr; }
  SqliteTxn(const SqliteTxn&) = delete;
  SqliteTxn& operator=(const SqliteTxn&) = delete;
  SqliteTxn& operator=(SqliteTxn&&) = delete;
  ~SqliteTxn();
  Status commit();

private:
  explicit SqliteTxn(SqliteDb* db) : m_db(db) {}
  SqliteDb* m_db;
};

} // namespace lasis::storage
