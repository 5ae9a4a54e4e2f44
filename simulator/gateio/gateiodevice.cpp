#include "simulator/gateio/gateiodevice.h"

#include "simulator/control/controlargs.h"

#include <limits>

namespace lasis::sim {

using namespace std::chrono;
namespace asio = boost::asio;

namespace {
constexpr const char* kCoilNames[] = {"light", "buzzer", "system_ok"};
constexpr const char* kInputNames[] = {"beam_a", "beam_b", "tamper", "antenna_fault"};
/// The longest pause a walk or a beam script may hold (a minute): longer is a typo.
constexpr long long kMaxGapMs = 60'000;

std::int64_t monotonicUs() {
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}
} // namespace

Result<std::unique_ptr<GateIoDevice>> GateIoDevice::start(asio::io_context& io, std::uint16_t port, bool rtu, int uartBaud) {
  std::unique_ptr<GateIoDevice> dev(new GateIoDevice(io));
  modbus::ModbusServer::Hooks hooks;
  GateIoDevice* self = dev.get();
  hooks.written = [self](const modbus::ServerRequest&, modbus::ServerData& d) {
    const auto now = monotonicUs();
    std::lock_guard lock(self->m_historyMutex);
    ++self->m_writes;
    for (int i = 0; i < 3; ++i) {
      if (d.coils[static_cast<std::size_t>(i)] != self->m_lastCoils[static_cast<std::size_t>(i)]) {
        self->m_lastCoils[static_cast<std::size_t>(i)] = d.coils[static_cast<std::size_t>(i)];
        self->m_history.push_back({i, d.coils[static_cast<std::size_t>(i)] != 0, now});
      }
    }
  };
  dev->m_baud = uartBaud;
  auto server = rtu ? modbus::ModbusServer::startRtuPty(1, {3, 4, 0, 0}, std::move(hooks), makeLogger("sim-gate-io"),
                                                        uartBaud)
                    : modbus::ModbusServer::start("127.0.0.1", port, {3, 4, 0, 0}, std::move(hooks),
                                                  makeLogger("sim-gate-io"));
  if (!server) return server.error();
  dev->m_server = std::move(*server);
  return dev;
}

void GateIoDevice::setBeams(bool a, bool b) {
  m_server->access([&](modbus::ServerData& d) {
    d.discreteInputs[0] = a;
    d.discreteInputs[1] = b;
  });
}

Json GateIoDevice::state(std::size_t since) {
  Json out;
  m_server->access([&](modbus::ServerData& d) {
    for (int i = 0; i < 3; ++i) out["coils"][kCoilNames[i]] = d.coils[static_cast<std::size_t>(i)] != 0;
    for (int i = 0; i < 4; ++i) out["inputs"][kInputNames[i]] = d.discreteInputs[static_cast<std::size_t>(i)] != 0;
  });
  out["online"] = m_server->online();
  out["busy"] = !m_steps.empty();
  out["now_us"] = monotonicUs();
  std::lock_guard lock(m_historyMutex);
  out["coil_writes"] = m_writes;
  out["changes"] = Json::array();
  for (std::size_t i = since; i < m_history.size(); ++i) {
    const auto& c = m_history[i];
    out["changes"].push_back({{"index", i}, {"coil", kCoilNames[c.coil]}, {"value", c.value}, {"t_us", c.monotonicUs}});
  }
  out["next_index"] = m_history.size();
  return out;
}

void GateIoDevice::schedule(std::vector<std::pair<milliseconds, std::pair<bool, bool>>> steps, milliseconds gap) {
  // People queue up: a new walk starts after the last scheduled one has cleared the beams.
  auto start = steady_clock::now();
  if (!m_steps.empty()) start = std::max(start, m_steps.back().at + gap);
  for (const auto& [offset, beams] : steps) m_steps.push_back({start + offset, beams.first, beams.second});
  arm();
}

void GateIoDevice::arm() {
  if (m_steps.empty()) return;
  m_timer.expires_at(m_steps.front().at);
  m_timer.async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    const auto now = steady_clock::now();
    while (!m_steps.empty() && m_steps.front().at <= now) {
      setBeams(m_steps.front().a, m_steps.front().b);
      m_steps.pop_front();
    }
    arm();
  });
}

Json GateIoDevice::walk(const Json& r) {
  auto directionField = textField(r, "direction", "out");
  auto stepMs = intField(r, "step_ms", 150, 1, 10'000);
  auto gapMs = intField(r, "gap_ms", 300, 0, kMaxGapMs);
  auto countField = intField(r, "count", 1, 1, 10'000);
  auto howField = textField(r, "how", "through");  // through | turn-back | side-by-side
  const auto bad = [](const Error& e) { return Json{{"ok", false}, {"error", "walk: " + e.message()}}; };
  if (!directionField) return bad(directionField.error());
  if (!stepMs) return bad(stepMs.error());
  if (!gapMs) return bad(gapMs.error());
  if (!countField) return bad(countField.error());
  if (!howField) return bad(howField.error());
  const std::string direction = *directionField, how = *howField;
  if (direction != "in" && direction != "out") return {{"ok", false}, {"error", "direction must be \"in\" or \"out\""}};
  const auto step = milliseconds(*stepMs);
  const auto gap = milliseconds(*gapMs);
  const int count = static_cast<int>(*countField);
  // Beam sequences in the walker's own terms: "near" is the beam they meet first.
  std::vector<std::pair<bool, bool>> nearFar;
  if (how == "through") {
    nearFar = {{true, false}, {true, true}, {false, true}, {false, false}};
  } else if (how == "turn-back") {
    nearFar = {{true, false}, {true, true}, {true, false}, {false, false}};
  } else if (how == "side-by-side") {
    // Two people abreast, or one pushing a trolley: both beams break at the same instant.
    nearFar = {{true, true}, {false, true}, {false, false}};
  } else {
    return {{"ok", false}, {"error", "how must be through, turn-back or side-by-side"}};
  }
  const bool out = direction == "out";  // out: beam A (library side) first
  for (int p = 0; p < count; ++p) {
    std::vector<std::pair<milliseconds, std::pair<bool, bool>>> steps;
    for (std::size_t i = 0; i < nearFar.size(); ++i) {
      auto [nearBeam, farBeam] = nearFar[i];
      steps.push_back({step * static_cast<int>(i), out ? std::pair{nearBeam, farBeam} : std::pair{farBeam, nearBeam}});
    }
    schedule(std::move(steps), gap);
  }
  const auto total = duration_cast<milliseconds>(m_steps.back().at - steady_clock::now());
  return {{"ok", true}, {"done_in_ms", total.count()}};
}

Json GateIoDevice::script(const Json& r) {
  if (!r.contains("steps") || !r["steps"].is_array()) {
    return {{"ok", false}, {"error", "beams: \"steps\" must be [[beam_a, beam_b, after_ms], …]"}};
  }
  std::vector<std::pair<milliseconds, std::pair<bool, bool>>> steps;
  milliseconds t{0};
  for (const auto& s : r["steps"]) {
    if (!s.is_array() || s.size() != 3 || !s[0].is_boolean() || !s[1].is_boolean() ||
        !intField(Json{{"after_ms", s[2]}}, "after_ms", 0, 0, kMaxGapMs)) {
      return {{"ok", false}, {"error", "beams: each step is [beam_a, beam_b, after_ms], after_ms 0 to " +
                                           std::to_string(kMaxGapMs)}};
    }
    t += milliseconds(s[2].get<long long>());
    steps.push_back({t, {s[0].get<bool>(), s[1].get<bool>()}});
  }
  auto gap = intField(r, "gap_ms", 0, 0, kMaxGapMs);
  if (!gap) return {{"ok", false}, {"error", "beams: " + gap.error().message()}};
  schedule(std::move(steps), milliseconds(*gap));
  return {{"ok", true}};
}

Json GateIoDevice::handle(const Json& r) {
  const std::string cmd = r.value("cmd", "");  // ControlServer has checked it is text
  if (cmd == "state") {
    auto since = intField(r, "since", 0, 0, std::numeric_limits<long long>::max());
    if (!since) return {{"ok", false}, {"error", "state: " + since.error().message()}};
    return state(static_cast<std::size_t>(*since));
  }
  if (cmd == "set") {
    m_server->access([&](modbus::ServerData& d) {
      for (int i = 0; i < 4; ++i) {
        if (r.contains(kInputNames[i]) && r[kInputNames[i]].is_boolean()) {
          d.discreteInputs[static_cast<std::size_t>(i)] = r[kInputNames[i]].get<bool>();
        }
      }
    });
    return state(SIZE_MAX);
  }
  if (cmd == "walk") return walk(r);
  if (cmd == "beams") return script(r);
  if (cmd == "unplug" || cmd == "plug") {
    if (auto st = m_server->setOnline(cmd == "plug"); !st) return {{"ok", false}, {"error", st.error().message()}};
    return {{"ok", true}, {"online", m_server->online()}};
  }
  return {{"ok", false},
          {"error", "gate-io: unknown cmd '" + cmd + "' (state, set, walk, beams, unplug, plug)"}};
}

} // namespace lasis::sim
