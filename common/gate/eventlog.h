#pragma once
// The gate's event log: alarms (item, title when known, time, direction), people counts per
// interval, and faults with their recovery. Written by lasis-gate (on its own worker, never
// before the coils), read by `lasis gate events`. Logs name items, never people. An interface:
// its SQLite implementation is gate::SqliteEventLog (drivers/sqlite/sqliteeventlog.h).

#include "common/core/result.h"
#include "common/gate/gateevent.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lasis::gate {

/// Totals over the whole log (restored by the daemon at start so counters survive a restart).
struct EventTotals {
  std::int64_t peopleIn = 0;
  std::int64_t peopleOut = 0;
  std::int64_t alarms = 0;
};

/// An open gate event log. Not thread-safe: one owner thread.
class EventLog {
public:
  virtual ~EventLog() = default;

  virtual Status add(const GateEvent& event) = 0;
  /// Bounds the log to about `kb` kilobytes (0: no bound); a full log refuses add() with
  /// Errc::noSpace until the bound is raised or space is freed.
  virtual Status setMaxSize(std::int64_t kb) = 0;
  /// Events in time order, oldest first; `kind` filters when not empty.
  virtual Result<std::vector<GateEvent>> events(const std::string& kind = {}) const = 0;
  virtual Result<EventTotals> totals() const = 0;

protected:
  EventLog() = default;
  EventLog(const EventLog&) = default;
  EventLog(EventLog&&) noexcept = default;
  EventLog& operator=(const EventLog&) = default;
  EventLog& operator=(EventLog&&) noexcept = default;
};

} // namespace lasis::gate
