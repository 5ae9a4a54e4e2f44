#pragma once
// The gate's event log in SQLite: alarms (item, title when known, time, direction), people
// counts per interval, and faults with their recovery. Written by lasis-gate (on its own worker,
// never before the coils), read by `lasis gate events`. Logs name items, never people.

#include "common/core/clock.h"
#include "common/core/result.h"
#include "common/gate/gateevent.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace lasis::gate {

/// Totals over the whole log (restored by the daemon at start so counters survive a restart).
struct EventTotals {
  std::int64_t peopleIn = 0;
  std::int64_t peopleOut = 0;
  std::int64_t alarms = 0;
};

/// An open gate event database. Not thread-safe: one owner thread.
class EventLog {
public:
  /// Opens or creates the database (WAL). Errc::io / Errc::corrupt with the path on failure.
  static Result<EventLog> open(const std::filesystem::path& file);
  /// Opens an existing database read-only (for `lasis gate events`); Errc::notFound if absent.
  static Result<EventLog> openReadOnly(const std::filesystem::path& file);
  EventLog(EventLog&&) noexcept;
  EventLog& operator=(EventLog&&) noexcept;
  ~EventLog();

  Status add(const GateEvent& event);
  /// Bounds the file to about `kb` kilobytes (0: no bound); a full log refuses add() with
  /// Errc::noSpace until the bound is raised or space is freed.
  Status setMaxSize(std::int64_t kb);
  /// Events in time order, oldest first; `kind` filters when not empty.
  Result<std::vector<GateEvent>> events(const std::string& kind = {}) const;
  Result<EventTotals> totals() const;

private:
  struct Impl;
  static Result<EventLog> openWith(const std::filesystem::path& file, bool readOnly);
  explicit EventLog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace lasis::gate
