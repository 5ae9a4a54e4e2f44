// `lasis gate …`: the security gate from a technician's shell — its event log, its status, and
// the service work done at the gate: a test alarm, a walk test, its settings. Everything live goes
// through the gate's Modbus status server (docs/gate-modbus.md), never around the daemon.
#include "common/gate/statusmap.h"
#include "drivers/modbus/gatestatusclient.h"
#include "drivers/modbus/modbusconnection.h"
#include "drivers/modbus/modbusurl.h"
#include "drivers/sqlite/sqliteeventlog.h"
#include "tools/lasis/commands.h"
#include "tools/lasis/gateaddress.h"
#include "tools/lasis/deviceconfig.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

namespace lasis::cli {

namespace {

using Json = nlohmann::json;

std::string isoTime(Clock::TimePoint t) {
  const std::time_t secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

int printEvents(const std::string& db, const std::string& format, const std::string& kind) {
  auto log = gate::SqliteEventLog::openReadOnly(db);
  if (!log) {
    std::fprintf(stderr, "lasis gate events: %s\n", log.error().message().c_str());
    return 1;
  }
  auto events = log->events(kind);
  if (!events) {
    std::fprintf(stderr, "lasis gate events: %s\n", events.error().message().c_str());
    return 1;
  }
  if (format == "json") {
    Json out = Json::array();
    for (const auto& e : *events) {
      Json j{{"id", e.id}, {"time", isoTime(e.time)}, {"kind", e.kind}};
      if (e.kind == "alarm") {
        j["item"] = e.item;
        j["title"] = e.title;
        j["direction"] = e.direction;
        j["tag_uid"] = e.tagUid;
      }
      if (e.kind == "count") {
        j["period_s"] = e.periodSeconds;
        j["people_in"] = e.peopleIn;
        j["people_out"] = e.peopleOut;
        j["turn_backs"] = e.turnBacks;
      }
      if (!e.detail.empty()) j["detail"] = e.detail;
      out.push_back(std::move(j));
    }
    std::cout << out.dump(2) << "\n";
  } else if (format == "csv") {
    std::cout << "id,time,kind,item,title,direction,tag_uid,period_s,people_in,people_out,turn_backs,detail\n";
    for (const auto& e : *events) {
      std::cout << e.id << ',' << isoTime(e.time) << ',' << e.kind << ',' << csvField(e.item) << ','
                << csvField(e.title) << ',' << e.direction << ',' << e.tagUid << ',' << e.periodSeconds << ','
                << e.peopleIn << ',' << e.peopleOut << ',' << e.turnBacks << ',' << csvField(e.detail) << "\n";
    }
  } else {
    std::printf("%-20s  %-12s  %s\n", "TIME (UTC)", "EVENT", "DETAILS");
    for (const auto& e : *events) {
      std::string what;
      if (e.kind == "alarm") {
        what = "item " + e.item + (e.title.empty() ? "" : " \"" + e.title + "\"") + ", direction " + e.direction;
      } else if (e.kind == "count") {
        what = std::to_string(e.peopleIn) + " in, " + std::to_string(e.peopleOut) + " out, " +
               std::to_string(e.turnBacks) + " turned back in " + std::to_string(e.periodSeconds) + " s";
      } else {
        what = e.detail;
      }
      std::printf("%-20s  %-12s  %s\n", isoTime(e.time).c_str(), e.kind.c_str(), what.c_str());
    }
  }
  return 0;
}

Json inputsJson(std::uint16_t bits) {
  namespace sm = gate::statusmap;
  return {{"beam_a", (bits & sm::kInputBeamA) != 0},
          {"beam_b", (bits & sm::kInputBeamB) != 0},
          {"tamper", (bits & sm::kInputTamper) != 0},
          {"antenna_fault", (bits & sm::kInputAntennaFault) != 0}};
}

/// The "readers" object of `gate status`: how many, and (from gates that publish them) how fast
/// the antennas ask the field, how many tag passes they read and how many errors they met.
Json readersJson(const gate::GateStatus& s) {
  Json r{{"configured", s.readersConfigured}, {"working", s.readersWorking}};
  if (s.hasReaderStats) {
    r["polls_per_second"] = s.pollRateTenths / 10.0;
    r["inventories"] = s.inventories;
    r["tag_reads"] = s.tagReads;
    r["errors"] = s.readerErrors;
  }
  return r;
}

int printStatus(const std::string& address) {
  auto url = parseGateStatusAddress(address);
  if (!url) {
    std::fprintf(stderr, "lasis gate status: %s\n", url.error().message().c_str());
    return 2;
  }
  auto s = modbus::readGateStatus(url->text());  // the port defaulted here, not to Modbus's 502
  if (!s) {
    std::fprintf(stderr, "lasis gate status: %s\n", s.error().describe().c_str());
    return 1;
  }
  Json last = nullptr;
  if (s->lastAlarmTime != 0) {
    last = {{"time", isoTime(Clock::TimePoint(std::chrono::seconds(s->lastAlarmTime)))},
            {"item", s->lastAlarmItem},
            {"direction", s->lastAlarmDirection}};
  }
  Json out{{"state", gate::toString(s->state)},
           {"people_in", s->peopleIn},
           {"people_out", s->peopleOut},
           {"turn_backs", s->turnBacks},
           {"alarms", s->alarms},
           {"last_alarm", last},
           {"faults", gate::faultNames(s->faults)},
           {"inputs", s->hasReaderStats ? inputsJson(s->inputs) : Json(nullptr)},
           {"readers", readersJson(*s)},
           {"settings",
            {{"alarm_hold_ms", s->holdMs},
             {"buzzer", gate::toString(s->pattern)},
             {"mode", gate::toString(s->mode)},
             {"secured_afi", s->securedAfi}}}};
  std::cout << out.dump() << "\n";
  return 0;
}

int acknowledge(const std::string& address) {
  auto url = parseGateStatusAddress(address);
  if (!url) {
    std::fprintf(stderr, "lasis gate ack: %s\n", url.error().message().c_str());
    return 2;
  }
  auto conn = modbus::ModbusConnection::open(*url, std::chrono::milliseconds(2000));
  Status st = conn ? conn->writeCoil(gate::statusmap::kAcknowledge, true) : Status(conn.error());
  if (!st) {
    std::fprintf(stderr, "lasis gate ack: %s%s\n", st.error().describe().c_str(),
                 st.error().is(Errc::refused) ? " (is this machine in the gate's status.write_allowed?)" : "");
    return 1;
  }
  return 0;
}

/// One connection to a gate's status server for a command that talks to it several times.
struct GateLink {
  std::string address;  ///< as the technician typed it, for messages
  std::optional<modbus::ModbusConnection> conn;

  /// Connects; on failure prints "lasis gate CMD: why" and returns the exit status (2: bad address).
  int open(const std::string& cmd, const std::string& text) {
    address = text;
    auto url = parseGateStatusAddress(text);
    if (!url) {
      std::fprintf(stderr, "lasis gate %s: %s\n", cmd.c_str(), url.error().message().c_str());
      return 2;
    }
    auto c = modbus::ModbusConnection::open(*url, std::chrono::milliseconds(2000));
    if (!c) {
      std::fprintf(stderr, "lasis gate %s: %s\n", cmd.c_str(), c.error().describe().c_str());
      return 1;
    }
    conn.emplace(std::move(*c));
    return 0;
  }
  Result<gate::GateStatus> status() {
    auto in = conn->readInputRegisters(0, gate::statusmap::kInputRegisters);
    if (!in && in.error().is(Errc::refused)) in = conn->readInputRegisters(0, gate::statusmap::kInputRegistersV1);
    if (!in) return in.error();
    auto hold = conn->readHoldingRegisters(0, gate::statusmap::kHoldingRegisters);
    if (!hold) return hold.error();
    return gate::decodeStatus(*in, *hold);
  }
};

/// A write the gate refused: say the likely reason (the allow-list or the range).
void printWriteError(const std::string& cmd, const Error& e) {
  std::fprintf(stderr, "lasis gate %s: %s%s\n", cmd.c_str(), e.describe().c_str(),
               e.is(Errc::refused) ? " (is this machine in the gate's status.write_allowed? a value out of range is "
                                     "refused too)"
                                   : "");
}

std::string clockTime() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t secs = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  localtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
  char out[40];
  std::snprintf(out, sizeof out, "%s.%03lld", buf, static_cast<long long>(ms));
  return out;
}

std::atomic<bool> g_interrupted{false};
extern "C" void onInterrupt(int) { g_interrupted = true; }

/// `lasis gate test-alarm`: presses the gate's test-alarm coil (light and buzzer for one hold
/// time, logged as "test", not counted), watches the state register say "alarm", and makes sure
/// it ends: after `seconds` it acknowledges an alarm still sounding (a long hold time). Exit 0
/// when the alarm was seen on and then off.
int testAlarm(const std::string& address, double seconds) {
  using namespace std::chrono;
  GateLink g;
  if (int rc = g.open("test-alarm", address); rc != 0) return rc;
  auto before = g.status();
  if (!before) {
    std::fprintf(stderr, "lasis gate test-alarm: %s\n", before.error().describe().c_str());
    return 1;
  }
  if (before->state == gate::GateState::alarm) {
    std::fprintf(stderr, "lasis gate test-alarm: the gate is sounding an alarm now; silence it first (lasis gate ack)\n");
    return 1;
  }
  if (auto st = g.conn->writeCoil(gate::statusmap::kTestAlarm, true); !st) {
    printWriteError("test-alarm", st.error());
    return 1;
  }
  const auto start = steady_clock::now();
  auto elapsedMs = [&] { return duration_cast<milliseconds>(steady_clock::now() - start).count(); };
  auto state = [&]() -> std::optional<gate::GateState> {
    auto s = g.status();
    if (!s) return std::nullopt;
    return s->state;
  };
  // 1. The alarm comes on (the gate acts on the coil at once; a second is generous).
  bool on = false;
  while (!on && elapsedMs() < 2000) {
    on = state() == gate::GateState::alarm;
    if (!on) std::this_thread::sleep_for(milliseconds(50));
  }
  if (!on) {
    std::fprintf(stderr, "lasis gate test-alarm: the gate accepted the test but its state never showed the alarm\n");
    return 1;
  }
  std::printf("%s\n", Json{{"event", "alarm-on"}, {"hold_ms", before->holdMs}, {"after_ms", elapsedMs()}}.dump().c_str());
  std::fflush(stdout);
  // 2. It goes off by itself after the hold time, or we silence it after `seconds`.
  // A hold time within `seconds` ends the test by itself (a second's grace for the gate's timer).
  const auto askedMs = static_cast<long long>(seconds * 1000);
  const long long limitMs = before->holdMs > askedMs ? askedMs : before->holdMs + 1000;
  std::string clearedBy = "hold time";
  for (;;) {
    const auto st = state();
    if (st && *st != gate::GateState::alarm) break;
    if (elapsedMs() >= limitMs) {
      if (auto w = g.conn->writeCoil(gate::statusmap::kAcknowledge, true); !w) {
        printWriteError("test-alarm", w.error());
        return 1;
      }
      clearedBy = "acknowledge";
      const auto ackAt = elapsedMs();
      while (state() == gate::GateState::alarm) {
        if (elapsedMs() - ackAt > 2000) {
          std::fprintf(stderr, "lasis gate test-alarm: the alarm did not stop when acknowledged\n");
          return 1;
        }
        std::this_thread::sleep_for(milliseconds(50));
      }
      break;
    }
    std::this_thread::sleep_for(milliseconds(50));
  }
  std::printf("%s\n", Json{{"event", "alarm-off"}, {"after_ms", elapsedMs()}, {"cleared_by", clearedBy}}.dump().c_str());
  return 0;
}

/// `lasis gate walktest`: follows the gate live while a technician walks through it with tagged
/// items. Each tag pass the antennas read (from the status server's tag-pass window) is printed
/// with its decision; beam changes, the alarm going on and off, and each person's passage with
/// the reads that belong to it (reads until a second after the beams said which way, or tags read
/// with no passage after 3 s of quiet). At Ctrl-C or after `seconds`, a summary: reads per pass.
class WalkTest {
public:
  WalkTest(GateLink& g, bool json) : m_g(g), m_json(json) {}

  int run(double seconds) {
    using namespace std::chrono;
    auto s = m_g.status();
    if (!s) return report(s.error());
    auto window = readWindow();
    if (!window) return report(window.error());
    m_lastSeq = window->first;
    m_last = *s;
    emit({{"event", "start"}, {"gate", m_g.address}, {"mode", gate::toString(s->mode)}, {"hold_ms", s->holdMs},
          {"readers", readersJson(*s)}},
         "walk test on " + m_g.address + " (mode " + std::string(gate::toString(s->mode)) +
             "): walk through with tagged items; " +
             (seconds > 0 ? "the summary after " + number(seconds) + " s" : "Ctrl-C for the summary"));
    g_interrupted = false;
    auto* previousInt = std::signal(SIGINT, onInterrupt);
    auto* previousTerm = std::signal(SIGTERM, onInterrupt);
    const auto start = steady_clock::now();
    int rc = 0;
    while (!g_interrupted && (seconds <= 0 || steady_clock::now() - start < duration<double>(seconds))) {
      std::this_thread::sleep_for(milliseconds(100));
      auto now = m_g.status();
      if (!now) {
        rc = report(now.error());
        break;
      }
      auto w = readWindow();
      if (!w) {
        rc = report(w.error());
        break;
      }
      onReads(*w);
      onStatus(*now);
      closeIfDue(false);
    }
    std::signal(SIGINT, previousInt);
    std::signal(SIGTERM, previousTerm);
    closeIfDue(true);
    summary(duration<double>(steady_clock::now() - start).count());
    return rc;
  }

private:
  using Clock = std::chrono::steady_clock;

  Result<std::pair<std::uint16_t, std::vector<gate::TagPassRecord>>> readWindow() {
    namespace sm = gate::statusmap;
    auto regs = m_g.conn->readInputRegisters(sm::kPassLatest, sm::kInputTable - sm::kPassLatest);
    if (!regs) {
      if (regs.error().is(Errc::refused))
        return fail(Errc::unsupported, "this gate has no tag-pass window (input registers 99-187): update lasis-gate");
      return regs.error();
    }
    return gate::decodePassWindow(*regs);
  }

  static int report(const Error& e) {
    std::fprintf(stderr, "lasis gate walktest: %s\n", e.describe().c_str());
    return 1;
  }

  static std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
  }

  void emit(Json j, const std::string& text) {
    if (m_json) {
      std::printf("%s\n", j.dump().c_str());
    } else {
      std::printf("%s  %s\n", clockTime().c_str(), text.c_str());
    }
    std::fflush(stdout);
  }

  void onReads(const std::pair<std::uint16_t, std::vector<gate::TagPassRecord>>& w) {
    const std::uint16_t latest = w.first;
    if (latest == m_lastSeq) return;
    // Sequence numbers run 1…65535 and wrap to 1 (0 is "none").
    auto next = [](std::uint16_t n) { return static_cast<std::uint16_t>(n == 0xFFFF ? 1 : n + 1); };
    int missed = 0;
    for (std::uint16_t seq = next(m_lastSeq);; seq = next(seq)) {
      auto it = std::find_if(w.second.begin(), w.second.end(), [&](const auto& r) { return r.sequence == seq; });
      if (it == w.second.end()) {
        ++missed;  // overwritten before we looked (more than one window's worth between polls)
      } else {
        onRead(*it);
      }
      if (seq == latest) break;
    }
    if (missed > 0) {
      m_missed += missed;
      emit({{"event", "missed"}, {"reads", missed}},
           "missed " + std::to_string(missed) + " read(s): they came faster than this tool polls");
    }
    m_lastSeq = latest;
  }

  void onRead(const gate::TagPassRecord& r) {
    ++m_reads;
    if (r.verdict == gate::Verdict::alarm) ++m_alarmReads;
    m_current.push_back(r);
    m_lastReadAt = Clock::now();
    std::string text = "read   " + r.item + (r.untrusted ? " (tag UID; no trusted item id)" : "") + "  " +
                       (r.verdict == gate::Verdict::alarm ? "ALARM" : std::string(gate::toString(r.verdict))) +
                       "  (antenna " + std::to_string(r.antenna) + ")";
    emit({{"event", "read"}, {"seq", r.sequence}, {"item", r.item}, {"trusted", !r.untrusted},
          {"decision", gate::toString(r.verdict)}, {"antenna", r.antenna}},
         text);
  }

  void onStatus(const gate::GateStatus& s) {
    namespace sm = gate::statusmap;
    if (s.hasReaderStats && s.inputs != m_last.inputs) {
      const bool a = s.inputs & sm::kInputBeamA, b = s.inputs & sm::kInputBeamB;
      emit({{"event", "beams"}, {"a", a}, {"b", b}},
           std::string("beams  A ") + (a ? "broken" : "clear") + ", B " + (b ? "broken" : "clear"));
    }
    const bool wasOn = m_last.state == gate::GateState::alarm, on = s.state == gate::GateState::alarm;
    if (on != wasOn) emit({{"event", "alarm"}, {"on", on}}, on ? "alarm  ON (light and buzzer)" : "alarm  off");
    // A passage: which counter moved says which way (several at once: several people).
    auto passages = [&](std::uint64_t now, std::uint64_t before, const char* direction) {
      for (std::uint64_t i = before; i < now; ++i) passage(direction);
    };
    passages(s.peopleOut, m_last.peopleOut, "out");
    passages(s.peopleIn, m_last.peopleIn, "in");
    passages(s.turnBacks, m_last.turnBacks, "turned-back");
    m_last = s;
  }

  void passage(const char* direction) {
    if (m_direction) closePass();  // the person before is through: their pass ends here
    m_direction = direction;
    m_passageAt = Clock::now();
  }

  /// Closes the pass in progress when its time is up (or now, at the end).
  void closeIfDue(bool end) {
    using namespace std::chrono;
    const auto now = Clock::now();
    if (m_direction && (end || now - m_passageAt >= seconds(1))) {
      closePass();
    } else if (!m_direction && !m_current.empty() && (end || now - m_lastReadAt >= seconds(3))) {
      m_direction = "none";  // tags read but nobody crossed the beams (or the gate has none)
      closePass();
    }
  }

  void closePass() {
    int alarms = 0;
    Json items = Json::array();
    for (const auto& r : m_current) {
      if (r.verdict == gate::Verdict::alarm) ++alarms;
      items.push_back({{"item", r.item}, {"decision", gate::toString(r.verdict)}});
    }
    const std::string direction = *m_direction;
    m_perPass.push_back(static_cast<int>(m_current.size()));
    emit({{"event", "pass"}, {"direction", direction}, {"reads", m_current.size()}, {"alarms", alarms}, {"items", items}},
         "pass   " + direction + ": " + std::to_string(m_current.size()) + " tag(s) read" +
             (alarms ? ", " + std::to_string(alarms) + " alarm(s)" : std::string()));
    m_current.clear();
    m_direction.reset();
  }

  void summary(double seconds) {
    std::string perPass;
    for (int n : m_perPass) perPass += (perPass.empty() ? "" : ", ") + std::to_string(n);
    emit({{"event", "summary"}, {"seconds", std::round(seconds * 10) / 10}, {"passes", m_perPass.size()},
          {"reads", m_reads}, {"alarms", m_alarmReads}, {"reads_per_pass", m_perPass}, {"missed", m_missed}},
         "summary: " + std::to_string(m_perPass.size()) + " pass(es), " + std::to_string(m_reads) + " read(s)" +
             (perPass.empty() ? "" : " (" + perPass + " per pass)") + ", " + std::to_string(m_alarmReads) + " alarm(s)" +
             (m_missed ? ", " + std::to_string(m_missed) + " missed" : ""));
  }

  GateLink& m_g;
  bool m_json;
  std::uint16_t m_lastSeq = 0;
  gate::GateStatus m_last;
  std::vector<gate::TagPassRecord> m_current;  // reads of the pass in progress
  std::optional<std::string> m_direction;      // set once the beams told the pass's direction
  Clock::time_point m_passageAt{};
  Clock::time_point m_lastReadAt{};
  std::vector<int> m_perPass;
  int m_reads = 0, m_alarmReads = 0, m_missed = 0;
};

int walkTest(const std::string& address, double seconds, bool json) {
  GateLink g;
  if (int rc = g.open("walktest", address); rc != 0) return rc;
  return WalkTest(g, json).run(seconds);
}

/// `lasis gate set hold-ms|buzzer|mode VALUE`: one allow-listed holding register, checked here
/// first (the gate checks again) so a typo gets a sentence, not a Modbus exception.
int setSetting(const std::string& address, const std::string& name, const std::string& value) {
  namespace sm = gate::statusmap;
  int reg = -1;
  std::uint16_t v = 0;
  if (name == "hold-ms") {
    unsigned long n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || n < 100 || n > 60000) {
      std::fprintf(stderr, "lasis gate set: hold-ms must be a whole number of milliseconds from 100 to 60000, not '%s'\n",
                   value.c_str());
      return 2;
    }
    reg = sm::kHoldMs;
    v = static_cast<std::uint16_t>(n);
  } else if (name == "buzzer") {
    auto p = gate::buzzerPatternFromString(value);
    if (!p) {
      std::fprintf(stderr, "lasis gate set: buzzer must be off, continuous, pulsed or triple, not '%s'\n", value.c_str());
      return 2;
    }
    reg = sm::kBuzzerPattern;
    v = static_cast<std::uint16_t>(*p);
  } else if (name == "mode") {
    auto m = gate::gateModeFromString(value);
    if (!m) {
      std::fprintf(stderr, "lasis gate set: mode must be security, afi, eas or both, not '%s'\n", value.c_str());
      return 2;
    }
    reg = sm::kMode;
    v = static_cast<std::uint16_t>(*m);
  } else {
    std::fprintf(stderr, "lasis gate set: %s cannot be set; settable: hold-ms, buzzer, mode\n", name.c_str());
    return 2;
  }
  GateLink g;
  if (int rc = g.open("set", address); rc != 0) return rc;
  if (auto st = g.conn->writeRegister(reg, v); !st) {
    printWriteError("set", st.error());
    return 1;
  }
  // Read back what the gate now runs with: the change is applied on the gate's own thread.
  for (int i = 0; i < 20; ++i) {
    auto s = g.status();
    if (!s) {
      std::fprintf(stderr, "lasis gate set: written, but reading it back failed: %s\n", s.error().describe().c_str());
      return 1;
    }
    const auto back = encodeHoldingRegisters(*s);
    if (back[static_cast<std::size_t>(reg)] == v) {
      std::printf("%s\n", Json{{"settings",
                                 {{"alarm_hold_ms", s->holdMs},
                                  {"buzzer", gate::toString(s->pattern)},
                                  {"mode", gate::toString(s->mode)},
                                  {"secured_afi", s->securedAfi}}},
                                {"note", "until the gate's next reload or restart (its config file wins then)"}}
                              .dump()
                              .c_str());
      return 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::fprintf(stderr, "lasis gate set: the gate accepted the write but still reports the old value\n");
  return 1;
}

} // namespace

void addGateCommands(CLI::App& app, int& exitCode) {
  auto* gate = app.add_subcommand("gate", "the security gate: event log, status, acknowledge, test alarm, walk test, settings");
  gate->require_subcommand(1);

  const char* configHelp = "gate.toml (its [status] listen) or a kiosk config (its staff.gate_status); "
                           "default: the gate config in /etc/lasis/ or $LASIS_CONFIG_DIR, else the kiosk config there";
  // --modbus given wins; else the config's status server. First thing in every live command.
  const auto haveAddress = [](std::string& address, const std::string& config, const char* command) {
    return fromConfig(address, config, "gate|kiosk", command, "the status server", "--modbus", gateStatusAddress);
  };
  auto* events = gate->add_subcommand("events", "export the gate's event log (alarms, counts, faults)\n"
                                            "  e.g. lasis gate events --db /var/lib/lasis/gate.db --format csv");
  auto db = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("table");
  auto kind = std::make_shared<std::string>();
  auto eventsConfig = std::make_shared<std::string>();
  events->add_option("--db", *db, "the gate's event database (default: [log] db of --config, or of the gate config "
                                  "in /etc/lasis/ or $LASIS_CONFIG_DIR)");
  events->add_option("--config", *eventsConfig, configHelp);
  events->add_option("--format", *format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  events->add_option("--kind", *kind, "only this kind: alarm, count, fault, recovered, …");
  events->callback([=, &exitCode] {
    if (!fromConfig(*db, *eventsConfig, "gate", "lasis gate events", "the event database", "--db", gateEventDb))
      return void(exitCode = 2);
    exitCode = printEvents(*db, *format, *kind);
  });

  auto* status = gate->add_subcommand("status", "read a running gate's status server and print it as JSON\n"
                                            "  e.g. lasis gate status --modbus 10.0.0.7:1502");
  auto address = std::make_shared<std::string>();
  auto statusConfig = std::make_shared<std::string>();
  status->add_option("--modbus", *address, "HOST[:PORT] of the gate's status server (port 1502 when not given)");
  status->add_option("--config", *statusConfig, configHelp);
  status->callback([=, &exitCode] {
    if (!haveAddress(*address, *statusConfig, "lasis gate status")) return void(exitCode = 2);
    exitCode = printStatus(*address);
  });

  auto* ack = gate->add_subcommand("ack", "acknowledge (silence) the gate's alarm\n"
                                      "  e.g. lasis gate ack --config /etc/lasis/gate.toml");
  auto ackAddress = std::make_shared<std::string>();
  auto ackConfig = std::make_shared<std::string>();
  ack->add_option("--modbus", *ackAddress, "HOST[:PORT] of the gate's status server (port 1502 when not given)");
  ack->add_option("--config", *ackConfig, configHelp);
  ack->callback([=, &exitCode] {
    if (!haveAddress(*ackAddress, *ackConfig, "lasis gate ack")) return void(exitCode = 2);
    exitCode = acknowledge(*ackAddress);
  });

  const char* modbusHelp = "HOST[:PORT] of the gate's status server (port 1502 when not given)";
  auto* test = gate->add_subcommand("test-alarm",
                                    "sound the gate's light and buzzer as a test (logged as \"test\", not counted), "
                                    "then make sure they stop\n  e.g. lasis gate test-alarm --modbus 10.0.0.7");
  auto testAddress = std::make_shared<std::string>();
  auto testSeconds = std::make_shared<double>(3.0);
  auto testConfig = std::make_shared<std::string>();
  test->add_option("--modbus", *testAddress, modbusHelp);
  test->add_option("--config", *testConfig, configHelp);
  test->add_option("--seconds", *testSeconds,
                   "silence the test after this long if the gate's hold time is longer (default 3)")
      ->check(CLI::Range(0.1, 600.0));
  test->callback([=, &exitCode] {
    if (!haveAddress(*testAddress, *testConfig, "lasis gate test-alarm")) return void(exitCode = 2);
    exitCode = testAlarm(*testAddress, *testSeconds);
  });

  auto* walk = gate->add_subcommand("walktest",
                                    "follow the gate live while you walk through with tagged items: each tag read and "
                                    "its decision, beams, alarm, each pass; a summary at Ctrl-C\n"
                                    "  e.g. lasis gate walktest --modbus 10.0.0.7 --seconds 60");
  auto walkAddress = std::make_shared<std::string>();
  auto walkSeconds = std::make_shared<double>(0.0);
  auto walkJson = std::make_shared<bool>(false);
  auto walkConfig = std::make_shared<std::string>();
  walk->add_option("--modbus", *walkAddress, modbusHelp);
  walk->add_option("--config", *walkConfig, configHelp);
  walk->add_option("--seconds", *walkSeconds, "stop after this long and print the summary (default: at Ctrl-C)")
      ->check(CLI::Range(0.0, 86400.0));
  walk->add_flag("--json", *walkJson, "one JSON object a line instead of text");
  walk->callback([=, &exitCode] {
    if (!haveAddress(*walkAddress, *walkConfig, "lasis gate walktest")) return void(exitCode = 2);
    exitCode = walkTest(*walkAddress, *walkSeconds, *walkJson);
  });

  auto* set = gate->add_subcommand("set",
                                   "change a setting of the running gate until its next reload or restart: hold-ms "
                                   "(100-60000), buzzer (off|continuous|pulsed|triple), mode (security|afi|eas|both)\n"
                                   "  e.g. lasis gate set --modbus 10.0.0.7 hold-ms 5000");
  auto setAddress = std::make_shared<std::string>();
  auto setName = std::make_shared<std::string>();
  auto setValue = std::make_shared<std::string>();
  auto setConfig = std::make_shared<std::string>();
  set->add_option("--modbus", *setAddress, modbusHelp);
  set->add_option("--config", *setConfig, configHelp);
  set->add_option("setting", *setName, "hold-ms, buzzer or mode")->required();
  set->add_option("value", *setValue, "the new value")->required();
  set->callback([=, &exitCode] {
    if (!haveAddress(*setAddress, *setConfig, "lasis gate set")) return void(exitCode = 2);
    exitCode = setSetting(*setAddress, *setName, *setValue);
  });
}

} // namespace lasis::cli
