#pragma once
// One row of the gate's event log, as the pure gate logic produces it and the SQLite event log
// (common/gate/eventlog.h) stores it. Its own header so that deciding what to log needs no
// database.

#include "common/core/clock.h"

#include <cstdint>
#include <string>

namespace lasis::gate {

/// One row of the log. Fields that do not apply to the kind are empty or zero.
struct GateEvent {
  std::int64_t id = 0;
  Clock::TimePoint time;
  std::string kind;       ///< "alarm", "test", "acknowledged", "count", "fault", "recovered", "start", "stop", "reload"
  std::string item;       ///< alarm: item id (the tag UID when the tag data could not be decoded)
  std::string title;      ///< alarm: title when the loan cache knew it
  std::string direction;  ///< alarm: "in", "out" or "unknown"
  std::string tagUid;     ///< alarm: the tag's UID
  std::int64_t periodSeconds = 0;  ///< count: length of the interval ending at `time`
  std::int64_t peopleIn = 0;
  std::int64_t peopleOut = 0;
  std::int64_t turnBacks = 0;
  std::string detail;     ///< fault/recovered: source and message a technician can act on
};

} // namespace lasis::gate
