#pragma once
// gate::EventLog (common/gate/eventlog.h) in SQLite: one table of events, WAL so that the reader
// (`lasis gate events`) never blocks the daemon's writes.

#include "common/core/result.h"
#include "common/gate/eventlog.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace lasis::gate {

/// An open gate event database. Not thread-safe: one owner thread.
class SqliteEventLog final : public EventLog {
public:
  /// Opens or creates the database (WAL). Errc::io / Errc::corrupt with the path on failure.
  static Result<SqliteEventLog> open(const std::filesystem::path& file);
  /// Opens an existing database read-only (for `lasis gate events`); Errc::notFound if absent.
  static Result<SqliteEventLog> openReadOnly(const std::filesystem::path& file);
  SqliteEventLog(SqliteEventLog&&) noexcept;
  SqliteEventLog& operator=(SqliteEventLog&&) noexcept;
  ~SqliteEventLog() override;

  Status add(const GateEvent& event) override;
  /// Bounds the file to about `kb` kilobytes (SQLite's max_page_count; 0: no bound).
  Status setMaxSize(std::int64_t kb) override;
  Result<std::vector<GateEvent>> events(const std::string& kind = {}) const override;
  Result<EventTotals> totals() const override;

private:
  struct Impl;
  static Result<SqliteEventLog> openWith(const std::filesystem::path& file, bool readOnly);
  explicit SqliteEventLog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace lasis::gate
