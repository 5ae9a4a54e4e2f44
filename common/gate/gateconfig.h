#pragma once
// lasis-gate's settings, read from TOML (deploy/gate.toml shows every option at its default).
// Validation is complete before anything is opened: a bad file is reported with file:line and
// the daemon (or a SIGHUP reload) refuses it as a whole.

#include "common/core/clock.h"
#include "common/core/config.h"
#include "common/core/result.h"
#include "common/gate/alarmpolicy.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace lasis::gate {

/// Everything lasis-gate is configured with.
struct GateConfig {
  AlarmSettings alarm;
  std::vector<std::string> readers;                 ///< reader connstrings ([readers] connstrings)
  std::chrono::milliseconds readerPoll{50};         ///< pause between inventories per reader
  /// Longest pause between attempts to reach a failed reader (the pause starts at 200 ms and
  /// doubles): an unplugged antenna costs a log line per outage, not a flood.
  std::chrono::milliseconds readerRetryMax{30'000};
  std::string ioUrl;                                ///< I/O module; empty: alarms are logged only
  std::chrono::milliseconds ioPoll{20};             ///< beam sampling period
  std::chrono::milliseconds ioTimeout{500};         ///< Modbus response timeout
  bool swapBeams = false;                           ///< beam B is on the library side
  std::chrono::seconds beamBlockedAfter{30};        ///< a beam broken this long is a fault
  std::string statusListen = "0.0.0.0:1502";        ///< Modbus TCP status server; empty: none
  std::vector<std::string> statusWriters{"127.0.0.1"};  ///< addresses allowed to write
  std::string db = "/var/lib/lasis/gate.db";
  std::string metricsListen;  ///< Prometheus endpoint "HOST:PORT" ([metrics] listen); empty: off
  /// Upper bound of the event log file (SQLite max_page_count); 0: no bound (only if set so).
  /// When it is reached the gate keeps alarming, raises the event-log fault and drops log lines
  /// until there is room. Bounded by default: a fault that repeats must not fill the disk.
  std::int64_t logMaxKib = 65'536;
  std::string timeZone;  ///< gate.time_zone: the library's zone for logs (empty: the machine's); read at start
  std::chrono::seconds countInterval{900};          ///< people counts are logged per interval
  std::chrono::milliseconds directionWindow{3000};  ///< an alarm takes the direction of a passage this close
};

/// Reads and validates every option; all problems at once, each as file:line: message.
Result<GateConfig> loadGateConfig(ConfigDoc& doc);

/// Splits "HOST:PORT" (port 0 allowed: any free port). Errc::invalidArgument when malformed.
Result<std::pair<std::string, std::uint16_t>> splitHostPort(const std::string& text);

} // namespace lasis::gate
