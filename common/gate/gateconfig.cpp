#include "common/gate/gateconfig.h"

#include "common/core/timezone.h"

#include <arpa/inet.h>

namespace lasis::gate {

using namespace std::chrono;

Result<std::pair<std::string, std::uint16_t>> splitHostPort(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    return fail(Errc::invalidArgument, "'" + text + "' is not HOST:PORT (e.g. 0.0.0.0:1502)");
  }
  const std::string host = text.substr(0, colon);
  const std::string port = text.substr(colon + 1);
  unsigned long value = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return fail(Errc::invalidArgument, "port in '" + text + "' is not a number");
    value = value * 10 + static_cast<unsigned long>(c - '0');
    if (value > 65535) return fail(Errc::invalidArgument, "port in '" + text + "' is above 65535");
  }
  in_addr addr{};
  if (inet_pton(AF_INET, host.c_str(), &addr) != 1) {
    return fail(Errc::invalidArgument, "host in '" + text + "' must be an IPv4 address");
  }
  return std::pair{host, static_cast<std::uint16_t>(value)};
}

Result<GateConfig> loadGateConfig(ConfigDoc& doc) {
  GateConfig c;
  const GateConfig d;  // the defaults, shown in deploy/gate.toml
  auto ms = [](std::int64_t v) { return milliseconds(v); };

  c.alarm.mode = *gateModeFromString(doc.choice("gate.mode", "security", {"security", "afi", "eas", "both"}));
  c.alarm.securedAfi = static_cast<std::uint8_t>(doc.integer("gate.secured_afi", d.alarm.securedAfi, 0, 255));
  c.alarm.alarmOnUnknown = doc.boolean("gate.alarm_on_unknown", d.alarm.alarmOnUnknown);
  c.alarm.hold = duration_cast<Clock::Duration>(
      ms(doc.integer("alarm.hold_ms", duration_cast<milliseconds>(d.alarm.hold).count(), 100, 600'000)));
  c.alarm.pattern = *buzzerPatternFromString(
      doc.choice("alarm.buzzer", std::string(toString(d.alarm.pattern)), {"off", "continuous", "pulsed", "triple"}));
  c.alarm.passGap = duration_cast<Clock::Duration>(
      ms(doc.integer("alarm.pass_gap_ms", duration_cast<milliseconds>(d.alarm.passGap).count(), 100, 60'000)));
  c.directionWindow = ms(doc.integer("alarm.direction_window_ms", d.directionWindow.count(), 0, 60'000));

  c.readers = doc.strings("readers.connstrings", d.readers);
  c.readerPoll = ms(doc.integer("readers.poll_ms", d.readerPoll.count(), 0, 10'000));
  c.readerRetryMax = ms(doc.integer("readers.retry_max_ms", d.readerRetryMax.count(), 200, 3'600'000));

  c.ioUrl = doc.string("io.url", d.ioUrl);
  c.ioPoll = ms(doc.integer("io.poll_ms", d.ioPoll.count(), 1, 10'000));
  c.ioTimeout = ms(doc.integer("io.timeout_ms", d.ioTimeout.count(), 10, 60'000));
  c.swapBeams = doc.boolean("io.swap_beams", d.swapBeams);
  c.beamBlockedAfter = seconds(doc.integer("io.beam_blocked_s", d.beamBlockedAfter.count(), 1, 86'400));

  c.statusListen = doc.string("status.listen", d.statusListen);
  if (!c.statusListen.empty()) {
    if (auto hp = splitHostPort(c.statusListen); !hp) doc.addError("status.listen", hp.error().message());
  }
  c.statusWriters = doc.strings("status.write_allowed", d.statusWriters);
  for (const auto& w : c.statusWriters) {
    in_addr addr{};
    if (inet_pton(AF_INET, w.c_str(), &addr) != 1) {
      doc.addError("status.write_allowed", "entry '" + w + "' must be an IPv4 address");
    }
  }

  c.metricsListen = doc.string("metrics.listen", d.metricsListen);
  if (!c.metricsListen.empty()) {
    if (auto hp = splitHostPort(c.metricsListen); !hp) doc.addError("metrics.listen", hp.error().message());
  }
  c.db = doc.string("log.db", d.db);
  if (c.db.empty()) doc.addError("log.db", "must name a file");
  // One spelling of units across Lasis: KiB, as queue.max_size_kib. `max_size_kb` (always meant
  // KiB) is still read so that configs written for 0.x keep working; both at once is an error.
  c.logMaxKib = doc.integer("log.max_size_kib", d.logMaxKib, 0, 100'000'000);
  if (doc.has("log.max_size_kb")) {
    if (doc.has("log.max_size_kib")) doc.addError("log.max_size_kb", "is the old name of log.max_size_kib: keep only one");
    c.logMaxKib = doc.integer("log.max_size_kb", d.logMaxKib, 0, 100'000'000);
  }
  c.timeZone = doc.string("gate.time_zone", "");
  if (auto st = checkTimeZone(c.timeZone); !st) doc.addError("gate.time_zone", st.error().message());
  c.countInterval = seconds(doc.integer("log.count_interval_s", d.countInterval.count(), 1, 86'400));

  if (auto st = doc.finish(); !st) return st.error();
  return c;
}

} // namespace lasis::gate
