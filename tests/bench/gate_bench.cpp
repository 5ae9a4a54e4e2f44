// Gate benchmark harness (run by ./run bench, never by ./run test). Prints figures with the
// baseline measured in the same run:
//  1. baseline: a bare libmodbus write_bit round trip to the simulated I/O module;
//  2. status-write-to-coil: a test alarm written to lasis-gate's status server until the light
//     coil changes in lasis-sim gate-io (two Modbus hops through the daemon), separate processes;
//  3. detection-to-coil: a secured tag entering the field until the I/O module sees the light coil,
//     through the real daemon: (a) with an in-process fake reader (the daemon's own share), and
//     (b) with the real libnfc driver against `lasis-sim reader --uart-timing` (PN532 at 115200
//     baud) with 20 tags in the field, next to the reader's own inventory time in the same run,
//     with the poll rate and the CPU the gate used;
//  4. CPU and RSS of the lasis-gate process idle and while people walk through continuously.
#include "tests/bench/figures.h"
#include "tests/bench/procstats.h"
#include "common/core/clock.h"
#include "common/core/log.h"
#include "drivers/modbus/modbusconnection.h"
#include "drivers/modbus/modbusserver.h"
#include "gate/gatedaemon.h"
#include "simulator/control/controlserver.h"
#include "drivers/tagreaderfactory.h"
#include "tests/support/childprocess.h"
#include "tests/support/observedreader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include <sys/resource.h>

using namespace lasis;
using namespace std::chrono;
using namespace std::chrono_literals;
using lasis::bench::percentiles;
using Json = nlohmann::json;

namespace {

std::int64_t nowUs() { return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count(); }


/// A fake antenna field for the in-process detection measurement.
struct Field {
  std::mutex mutex;
  std::map<std::string, rfid::Security> tags;
};
class FieldReader final : public rfid::TagReader {
public:
  explicit FieldReader(std::shared_ptr<Field> f) : m_field(std::move(f)) {}
  std::string address() const override { return "fake:"; }
  Result<std::vector<rfid::TagSeen>> inventory() override {
    std::lock_guard l(m_field->mutex);
    std::vector<rfid::TagSeen> out;
    for (const auto& [uid, s] : m_field->tags) out.push_back({uid, rfid::TagType::icodeSlix});
    return out;
  }
  Result<rfid::TagContents> read(const std::string& uid) override {
    std::lock_guard l(m_field->mutex);
    auto it = m_field->tags.find(uid);
    if (it == m_field->tags.end()) return fail(Errc::notFound, "gone");
    return rfid::TagContents{{uid, rfid::TagType::icodeSlix}, {}, it->second};
  }
  Status writeData(const std::string&, ByteView) override { return fail(Errc::unsupported, "fake"); }
  Status setSecurity(const std::string&, bool) override { return fail(Errc::unsupported, "fake"); }

private:
  std::shared_ptr<Field> m_field;
};

/// Status write (test alarm) on the gate → the light coil changing in the simulated module.
std::vector<double> statusToCoil(sim::ControlClient& control, const std::string& statusUrl, int rounds,
                                 milliseconds pause = 20ms) {
  std::vector<double> out;
  auto conn = modbus::ModbusConnection::open(*modbus::parseModbusUrl(statusUrl));
  if (!conn) return out;
  std::size_t since = control.call({{"cmd", "state"}})->at("next_index").get<std::size_t>();
  for (int i = 0; i < rounds; ++i) {
    const auto t0 = nowUs();
    if (!conn->writeCoil(1, true)) break;  // test alarm
    std::optional<std::int64_t> lit;
    const auto deadline = steady_clock::now() + 2s;
    while (!lit && steady_clock::now() < deadline) {
      auto st = control.call({{"cmd", "state"}, {"since", since}});
      if (!st) break;
      since = st->at("next_index").get<std::size_t>();
      for (const auto& c : st->at("changes")) {
        if (c["coil"] == "light" && c["value"] == true) lit = c["t_us"].get<std::int64_t>();
      }
    }
    if (lit) out.push_back(static_cast<double>(*lit - t0) / 1000.0);
    (void)conn->writeCoil(0, true);  // acknowledge
    std::this_thread::sleep_for(pause);  // let the light-off write finish first
  }
  return out;
}

/// Bare libmodbus write_bit round trips to a module.
std::vector<double> bareRoundTrips(const std::string& url, int n) {
  std::vector<double> out;
  auto conn = modbus::ModbusConnection::open(*modbus::parseModbusUrl(url));
  if (!conn) return out;
  for (int i = 0; i < n; ++i) {
    const auto t0 = nowUs();
    if (!conn->writeCoil(2, true)) break;
    out.push_back(static_cast<double>(nowUs() - t0) / 1000.0);
  }
  return out;
}

} // namespace

/// The gate's inventory times, reported by test::ObservedReader on the poller's thread.
struct InventoryTimes {
  std::mutex mutex;
  std::vector<double> inventoryMs;
};

double cpuSelfSeconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct RealDetection {
  std::vector<double> detectMs;
  std::vector<double> inventoryMs;
  double seconds = 0, cpuPercent = 0;
  std::size_t inventories = 0;
};

/// 3b: detection → light coil through real libnfc and the PN532 emulator with UART timing.
std::optional<RealDetection> realDetection(const std::filesystem::path& dir, int rounds) {
  test::SimDevice reader({test::simBinary(), "reader", "--uart-timing"});
  if (!reader.ok()) {
    std::fprintf(stderr, "gate_bench: lasis-sim reader did not start: %s\n", reader.stderrText().c_str());
    return std::nullopt;
  }
  test::ControlLine pad(reader.control());
  // 19 issued items stay in the field the whole time; one unissued item comes and goes.
  for (int k = 0; k < 19; ++k) {
    char uid[15];
    std::snprintf(uid, sizeof uid, "04B000000000%02X", static_cast<unsigned>(k) & 0xFFu);
    pad.call({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uid}, {"item", "3050000" + std::to_string(100 + k)},
              {"secured", false}});
  }
  std::atomic<std::int64_t> lightOnUs{0};
  modbus::ModbusServer::Hooks hooks;
  hooks.written = [&](const modbus::ServerRequest&, modbus::ServerData& d) {
    if (d.coils[0] && lightOnUs == 0) lightOnUs = nowUs();
  };
  auto module = modbus::ModbusServer::start("127.0.0.1", 0, {3, 4, 0, 0}, hooks, nullLogger());
  if (!module) return std::nullopt;
  auto lightOn = [&] {
    bool on = false;
    (*module)->access([&](modbus::ServerData& d) { on = d.coils[0] != 0; });
    return on;
  };
  auto stats = std::make_shared<InventoryTimes>();
  RealDetection out;
  std::ofstream(dir / "real.toml") << "[readers]\npoll_ms = 10\n[alarm]\nhold_ms = 100\n";
  boost::asio::io_context io;
  SystemClock clock;
  gate::GateOverrides o;
  o.readers = {reader.field("connstring")};
  o.ioUrl = "modbus-tcp://127.0.0.1:" + std::to_string((*module)->port());
  o.statusListen = "";
  o.db = (dir / "real.db").string();
  gate::GateDaemon daemon(io, dir / "real.toml", o,
                          [stats](const std::string& url) -> Result<std::unique_ptr<rfid::TagReader>> {
                            auto r = drivers::openTagReader(url);
                            if (!r) return r.error();
                            return std::unique_ptr<rfid::TagReader>(std::make_unique<test::ObservedReader>(
                                std::move(*r), [stats](double ms) {
                                  std::lock_guard l(stats->mutex);
                                  stats->inventoryMs.push_back(ms);
                                }));
                          },
                          clock, nullLogger());
  if (auto st = daemon.start(); !st) {
    std::fprintf(stderr, "gate_bench: gate with the emulated reader: %s\n", st.error().message().c_str());
    return std::nullopt;
  }
  std::thread loop([&] {
    auto guard = boost::asio::make_work_guard(io);
    io.run();
  });
  std::this_thread::sleep_for(1s);  // the reader opened and the 19 tags read once
  {
    std::lock_guard l(stats->mutex);
    stats->inventoryMs.clear();
  }
  const auto wall0 = steady_clock::now();
  const double cpu0 = cpuSelfSeconds();
  for (int i = 0; i < rounds; ++i) {
    char uid[15];
    std::snprintf(uid, sizeof uid, "04C0000000%04X", static_cast<unsigned>(i) & 0xFFFFu);
    lightOnUs = 0;
    const auto t0 = nowUs();
    pad.call({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uid}, {"item", "3059" + std::to_string(1000 + i)},
              {"secured", true}});
    const auto deadline = steady_clock::now() + 3s;
    while (lightOnUs == 0 && steady_clock::now() < deadline) std::this_thread::sleep_for(100us);
    if (lightOnUs) out.detectMs.push_back(static_cast<double>(lightOnUs - t0) / 1000.0);
    pad.call({{"cmd", "remove"}, {"uid", uid}});
    const auto off = steady_clock::now() + 3s;
    while (lightOn() && steady_clock::now() < off) std::this_thread::sleep_for(1ms);
  }
  out.seconds = duration<double>(steady_clock::now() - wall0).count();
  out.cpuPercent = (cpuSelfSeconds() - cpu0) / out.seconds * 100.0;
  {
    std::lock_guard l(stats->mutex);
    out.inventoryMs = stats->inventoryMs;
  }
  out.inventories = out.inventoryMs.size();
  boost::asio::post(io, [&] { daemon.shutdown([&] { io.stop(); }); });
  loop.join();
  return out;
}

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::max(10, std::atoi(argv[1])) : 200;
  const std::string bin = LASIS_BIN_DIR;
  auto dir = std::filesystem::temp_directory_path() / ("lasis-gate-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);

  test::ChildProcess sim({bin + "/lasis-sim", "gate-io"});
  auto simLine = sim.readLine(10s);
  if (!simLine) {
    std::fprintf(stderr, "gate_bench: lasis-sim gate-io did not start: %s\n", sim.stderrText().c_str());
    return 1;
  }
  const Json simReady = Json::parse(*simLine);
  auto control = sim::ControlClient::connect(simReady["control"].get<std::string>());
  test::ChildProcess gate({bin + "/lasis-gate", "--io", simReady["url"].get<std::string>(), "--status-listen",
                           "127.0.0.1:0", "--db", (dir / "gate.db").string()},
                          {"LASIS_LOG=warn"});
  auto gateLine = gate.readLine(10s);
  if (!control || !gateLine) {
    std::fprintf(stderr, "gate_bench: lasis-gate did not start: %s\n", gate.stderrText().c_str());
    return 1;
  }
  const std::string statusUrl = Json::parse(*gateLine)["status"];
  std::this_thread::sleep_for(500ms);

  // 1. Baseline: bare libmodbus round trips to the same simulated module.
  const auto base = bareRoundTrips(simReady["url"].get<std::string>(), rounds * 5);
  const auto b = percentiles(base);
  // 2. Status write → light coil, across processes.
  const auto viaGate = statusToCoil(*control, statusUrl, rounds);
  const auto g = percentiles(viaGate);

  // 4. CPU and RSS of the daemon: idle, then with people walking through continuously.
  const double cpu0 = lasis::bench::cpuSeconds(gate.pid());
  const long rss0 = lasis::bench::memoryOf(gate.pid()).rssKb;
  std::this_thread::sleep_for(5s);
  const double cpu1 = lasis::bench::cpuSeconds(gate.pid());
  const long rssIdle = lasis::bench::memoryOf(gate.pid()).rssKb;
  (void)control->call({{"cmd", "walk"}, {"direction", "out"}, {"count", 25}, {"step_ms", 50}, {"gap_ms", 0}});
  std::this_thread::sleep_for(5s);
  const double cpu2 = lasis::bench::cpuSeconds(gate.pid());
  const long rssLoad = lasis::bench::memoryOf(gate.pid()).rssKb;
  gate.signal(SIGTERM);
  gate.wait(10s);
  (void)rss0;

  // 3. Detection → coil in process: fake reader (no UART timing yet), real daemon and Modbus.
  std::atomic<std::int64_t> lightOnUs{0};
  modbus::ModbusServer::Hooks hooks;
  hooks.written = [&](const modbus::ServerRequest&, modbus::ServerData& d) {
    if (d.coils[0] && lightOnUs == 0) lightOnUs = nowUs();
  };
  auto module = modbus::ModbusServer::start("127.0.0.1", 0, {3, 4, 0, 0}, hooks, nullLogger());
  auto field = std::make_shared<Field>();
  std::vector<double> detect;
  {
    std::ofstream(dir / "inproc.toml") << "[readers]\npoll_ms = 10\n[alarm]\nhold_ms = 100\n";
    boost::asio::io_context io;
    SystemClock clock;
    gate::GateOverrides o;
    o.readers = {"fake:bench"};
    o.ioUrl = "modbus-tcp://127.0.0.1:" + std::to_string((*module)->port());
    o.statusListen = "";
    o.db = (dir / "inproc.db").string();
    gate::GateDaemon daemon(io, dir / "inproc.toml", o,
                            [field](const std::string&) -> Result<std::unique_ptr<rfid::TagReader>> {
                              return std::unique_ptr<rfid::TagReader>(std::make_unique<FieldReader>(field));
                            },
                            clock, nullLogger());
    if (auto st = daemon.start(); !st) {
      std::fprintf(stderr, "gate_bench: in-process gate: %s\n", st.error().message().c_str());
      return 1;
    }
    std::thread loop([&] {
      auto guard = boost::asio::make_work_guard(io);
      io.run();
    });
    std::this_thread::sleep_for(300ms);
    // 19 issued items stay in the field the whole time (the 20-tag load), one secured item comes and goes.
    for (int k = 0; k < 19; ++k) {
      std::lock_guard l(field->mutex);
      field->tags["E0040150000000" + std::to_string(10 + k)] = rfid::Security::unsecured;
    }
    for (int i = 0; i < rounds / 2; ++i) {
      lightOnUs = 0;
      const auto t0 = nowUs();
      {
        std::lock_guard l(field->mutex);
        field->tags["E00401509999" + std::to_string(1000 + i)] = rfid::Security::secured;
      }
      const auto deadline = steady_clock::now() + 2s;
      while (lightOnUs == 0 && steady_clock::now() < deadline) std::this_thread::sleep_for(100us);
      if (lightOnUs) detect.push_back(static_cast<double>(lightOnUs - t0) / 1000.0);
      {
        std::lock_guard l(field->mutex);
        field->tags.erase("E00401509999" + std::to_string(1000 + i));
      }
      std::this_thread::sleep_for(150ms);  // hold time ends, the light goes off
    }
    boost::asio::post(io, [&] { daemon.shutdown([&] { io.stop(); }); });
    loop.join();
  }
  const auto d = percentiles(detect);
  const auto real = realDetection(dir, std::max(10, rounds / 4));
  if (!real) return 1;

  // 5. The same over Modbus RTU with UART timing at 19200 baud (the common RS-485 module).
  std::vector<double> rtuBase, rtuGate;
  {
    test::ChildProcess rsim({bin + "/lasis-sim", "gate-io", "--rtu", "--uart-baud", "19200"});
    auto line = rsim.readLine(10s);
    if (line) {
      const Json ready = Json::parse(*line);
      rtuBase = bareRoundTrips(ready["url"].get<std::string>(), rounds);  // before the gate owns the line
      auto rcontrol = sim::ControlClient::connect(ready["control"].get<std::string>());
      test::ChildProcess rgate({bin + "/lasis-gate", "--io", ready["url"].get<std::string>(), "--status-listen",
                                "127.0.0.1:0", "--db", (dir / "rtu.db").string()},
                               {"LASIS_LOG=warn"});
      auto gl = rgate.readLine(10s);
      if (rcontrol && gl) {
        std::this_thread::sleep_for(500ms);
        rtuGate = statusToCoil(*rcontrol, Json::parse(*gl)["status"].get<std::string>(), rounds / 2, 100ms);
      }
      rgate.signal(SIGTERM);
      rgate.wait(10s);
    }
  }
  const auto rb = percentiles(rtuBase);
  const auto rg = percentiles(rtuGate);

  std::printf("gate_bench (rounds %d)\n", rounds);
  std::printf("  baseline libmodbus write_bit round trip:    p50 %7.3f ms  p99 %7.3f ms  (n=%zu)\n", b.p50, b.p99,
              base.size());
  std::printf("  status write -> light coil (2 processes):   p50 %7.3f ms  p99 %7.3f ms  = %.1fx / %.1fx baseline (n=%zu)\n",
              g.p50, g.p99, g.p50 / b.p50, g.p99 / b.p99, viaGate.size());
  std::printf("  tag in field -> light coil (fake reader, 10 ms poll, 20 tags):\n"
              "                                              p50 %7.3f ms  p99 %7.3f ms  = %.1fx / %.1fx baseline (n=%zu)\n",
              d.p50, d.p99, d.p50 / b.p50, d.p99 / b.p99, detect.size());
  {
    const auto rd = percentiles(real->detectMs);
    const auto inv = percentiles(real->inventoryMs);
    const double maxMs = real->detectMs.empty() ? 0 : *std::max_element(real->detectMs.begin(), real->detectMs.end());
    std::printf("  tag in field -> light coil, real libnfc + PN532 emulator at 115200 baud, 20 tags in the field:\n"
                "    reader inventory (20 tags):                p50 %7.3f ms  p99 %7.3f ms  (baseline, n=%zu)\n"
                "    detection -> coil:                         p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms"
                "  = %.2fx / %.2fx inventory (n=%zu of %d)\n"
                "    poll rate %.1f inventories/s; CPU of the in-process gate + Modbus module %.1f %% of one core\n",
                inv.p50, inv.p99, real->inventoryMs.size(), rd.p50, rd.p99, maxMs, rd.p50 / inv.p50, rd.p99 / inv.p99,
                real->detectMs.size(), std::max(10, rounds / 4), static_cast<double>(real->inventories) / real->seconds,
                real->cpuPercent);
  }
  std::printf("  RTU 19200 baud, UART timing: bare write_bit p50 %7.3f ms  p99 %7.3f ms  (n=%zu)\n", rb.p50, rb.p99,
              rtuBase.size());
  std::printf("  RTU 19200 baud: status write -> light coil p50 %7.3f ms  p99 %7.3f ms  = %.1fx / %.1fx baseline (n=%zu)\n",
              rg.p50, rg.p99, rg.p50 / rb.p50, rg.p99 / rb.p99, rtuGate.size());
  bench::record({"gate_bench", "status write -> light coil p99", g.p99, "ms", b.p99, "libmodbus write_bit p99"});
  bench::record({"gate_bench", "tag in field -> light coil p99 (fake reader)", d.p99, "ms", b.p99, "libmodbus write_bit p99"});
  {
    const auto rd = percentiles(real->detectMs);
    const auto inv = percentiles(real->inventoryMs);
    bench::record({"gate_bench", "tag in field -> light coil p99 (libnfc + PN532)", rd.p99, "ms", inv.p99,
                   "reader inventory of 20 tags p99"});
  }
  bench::record({"gate_bench", "RTU 19200: status write -> light coil p99", rg.p99, "ms", rb.p99, "bare RTU write_bit p99"});
  bench::record({"gate_bench", "lasis-gate idle CPU", (cpu1 - cpu0) / 5.0 * 100.0, "%"});
  bench::record({"gate_bench", "lasis-gate idle RSS", static_cast<double>(rssIdle), "KiB"});
  bench::record({"gate_bench", "lasis-gate walking CPU", (cpu2 - cpu1) / 5.0 * 100.0, "%"});
  std::printf("  lasis-gate idle:            CPU %5.2f %%   RSS %ld kB\n", (cpu1 - cpu0) / 5.0 * 100.0, rssIdle);
  std::printf("  lasis-gate, people walking: CPU %5.2f %%   RSS %ld kB\n", (cpu2 - cpu1) / 5.0 * 100.0, rssLoad);
  std::filesystem::remove_all(dir);
  return 0;
}
