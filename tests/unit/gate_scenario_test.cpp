// Scenario tests of the gate in one process: the real GateDaemon with its Modbus I/O worker,
// status server and SQLite log; an I/O module played by a Modbus server on 127.0.0.1 whose beams
// the test breaks; and an antenna that is either the real libnfc driver against `lasis-sim reader`
// (the PN532 emulator on a pty, tags with real ISO 28560 data in our Type 2 layout) or, for the
// logic alone, an in-process fake whose field holds exactly the tags of the person between the
// beams. Written as numbered steps.
#include "common/core/clock.h"
#include "common/core/log.h"
#include "drivers/sqlite/sqliteeventlog.h"
#include "common/gate/statusmap.h"
#include "common/tagdata/tagdata.h"
#include "drivers/modbus/modbusconnection.h"
#include "drivers/modbus/modbusserver.h"
#include "gate/gatedaemon.h"
#include "drivers/tagreaderfactory.h"
#include "tests/support/childprocess.h"
#include "tests/support/observedreader.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

using namespace lasis;
using namespace lasis::gate;
using namespace std::chrono_literals;
namespace sm = lasis::gate::statusmap;

namespace {

/// The antenna field: which tags are readable now. Shared by the test and the fake readers.
struct Field {
  std::mutex mutex;
  std::map<std::string, rfid::Security> tags;
  bool plugged = true;
  std::atomic<std::uint64_t> inventories{0};
  void put(const std::string& uid, rfid::Security s) {
    std::lock_guard l(mutex);
    tags[uid] = s;
  }
  void remove(const std::string& uid) {
    std::lock_guard l(mutex);
    tags.erase(uid);
  }
};

std::string itemIdOf(const std::string& uid) { return "3050" + uid.substr(8); }

/// A TagReader over the Field (unit-test fake; the real path is libnfc against lasis-sim reader).
class FakeReader final : public rfid::TagReader {
public:
  explicit FakeReader(std::shared_ptr<Field> f) : m_field(std::move(f)) {}
  std::string address() const override { return "fake:"; }
  Result<std::vector<rfid::TagSeen>> inventory() override {
    std::lock_guard l(m_field->mutex);
    if (!m_field->plugged) return fail(Errc::disconnected, "reader unplugged");
    ++m_field->inventories;
    std::vector<rfid::TagSeen> out;
    for (const auto& [uid, s] : m_field->tags) out.push_back({uid, rfid::TagType::icodeSlix});
    return out;
  }
  Result<rfid::TagContents> read(const std::string& uid) override {
    std::lock_guard l(m_field->mutex);
    auto it = m_field->tags.find(uid);
    if (it == m_field->tags.end()) return fail(Errc::notFound, "tag left the field");
    // Real ISO 28560-3 data: the item id is the tag's UID tail with a prefix.
    tagdata::ItemData item;
    item.itemId = itemIdOf(uid);
    item.owner = "DK-761500";
    auto data = tagdata::encode(item);
    if (!data) return data.error();
    return rfid::TagContents{{uid, rfid::TagType::icodeSlix}, *data, it->second};
  }
  Status writeData(const std::string&, ByteView) override { return fail(Errc::unsupported, "read-only fake"); }
  Status setSecurity(const std::string&, bool) override { return fail(Errc::unsupported, "read-only fake"); }

private:
  std::shared_ptr<Field> m_field;
};

/// The gate's I/O module played by a Modbus server (coils 3, inputs 4, DESIGN.md §6).
struct Module {
  std::unique_ptr<modbus::ModbusServer> server;
  std::shared_ptr<std::atomic<std::uint64_t>> reads = std::make_shared<std::atomic<std::uint64_t>>(0);
  Module() {
    modbus::ModbusServer::Hooks hooks;
    hooks.beforeRead = [r = reads](modbus::ServerData&) { ++*r; };
    auto s = modbus::ModbusServer::start("127.0.0.1", 0, {3, 4, 0, 0}, hooks, nullLogger());
    if (s) server = std::move(*s);
  }
  void beams(bool a, bool b) {
    server->access([&](modbus::ServerData& d) {
      d.discreteInputs[0] = a;
      d.discreteInputs[1] = b;
    });
  }
  bool coil(int i) {
    bool v = false;
    server->access([&](modbus::ServerData& d) { v = d.coils[static_cast<std::size_t>(i)] != 0; });
    return v;
  }
  std::string url() const { return "modbus-tcp://127.0.0.1:" + std::to_string(server->port()); }
};

/// A GateDaemon running on its own Asio thread.
struct RunningGate {
  boost::asio::io_context io;
  SystemClock clock;
  std::unique_ptr<GateDaemon> daemon;
  std::thread thread;
  Status started;

  RunningGate(std::optional<std::filesystem::path> cfg, GateOverrides o, ReaderFactory f) {
    daemon = std::make_unique<GateDaemon>(io, cfg, std::move(o), std::move(f), clock, nullLogger());
    started = daemon->start();
    if (started) thread = std::thread([this] {
      auto guard = boost::asio::make_work_guard(io);
      io.run();
    });
  }
  void stop() {
    if (!thread.joinable()) return;
    boost::asio::post(io, [this] { daemon->shutdown([this] { io.stop(); }); });
    thread.join();
  }
  ~RunningGate() { stop(); }
  std::optional<GateStatus> status() {
    auto conn = modbus::ModbusConnection::open(*modbus::parseModbusUrl(daemon->statusUrl()), 2000ms);
    if (!conn) return std::nullopt;
    auto in = conn->readInputRegisters(0, sm::kInputRegisters);
    auto hold = conn->readHoldingRegisters(0, sm::kHoldingRegisters);
    if (!in || !hold) return std::nullopt;
    auto s = decodeStatus(*in, *hold);
    if (!s) return std::nullopt;
    return *s;
  }
};

std::filesystem::path tempDir(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() / ("lasis-gate-sc-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}


/// The antenna for the 200-walk: put and take tags, and count the gate's inventories.
struct Antenna {
  virtual ~Antenna() = default;
  virtual std::string url() const = 0;
  virtual Result<std::unique_ptr<rfid::TagReader>> open() = 0;
  virtual void put(const std::string& uid, const std::string& itemId, bool secured) = 0;
  virtual void remove(const std::string& uid) = 0;
  virtual std::uint64_t inventories() const = 0;
  /// A UID of this antenna's tag type for person p's k-th item.
  virtual std::string uid(int person, int k) const = 0;
};

struct FakeAntenna final : Antenna {
  std::shared_ptr<Field> field = std::make_shared<Field>();
  std::string url() const override { return "fake:antenna-1"; }
  Result<std::unique_ptr<rfid::TagReader>> open() override {
    return std::unique_ptr<rfid::TagReader>(std::make_unique<FakeReader>(field));
  }
  void put(const std::string& uid, const std::string&, bool secured) override {
    field->put(uid, secured ? rfid::Security::secured : rfid::Security::unsecured);
  }
  void remove(const std::string& uid) override { field->remove(uid); }
  std::uint64_t inventories() const override { return field->inventories.load(); }
  std::string uid(int person, int k) const override {
    char u[17];
    std::snprintf(u, sizeof u, "E0040150%04X%04X", person, k);
    return u;
  }
};

/// `lasis-sim reader` (PN532 on a pty) reached through real libnfc: NTAG213 tags holding real
/// ISO 28560 item data, secured or on loan in our page-4 header.
struct EmulatedAntenna final : Antenna {
  test::SimDevice sim{{test::simBinary(), "reader"}};
  test::ControlLine control{sim.control()};
  std::shared_ptr<std::atomic<std::uint64_t>> count = std::make_shared<std::atomic<std::uint64_t>>(0);
  std::string url() const override { return sim.field("connstring"); }
  Result<std::unique_ptr<rfid::TagReader>> open() override {
    auto r = drivers::openTagReader(url());
    if (!r) return r.error();
    // Counted so a step can wait until the gate has seen the field twice.
    return std::unique_ptr<rfid::TagReader>(
        std::make_unique<test::ObservedReader>(std::move(*r), [n = count](double) { ++*n; }));
  }
  void put(const std::string& uid, const std::string& itemId, bool secured) override {
    auto r = control.call({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uid}, {"item", itemId}, {"secured", secured}});
    EXPECT_EQ(r.value("ok", false), true) << r.dump();
  }
  void remove(const std::string& uid) override {
    auto r = control.call({{"cmd", "remove"}, {"uid", uid}});
    EXPECT_EQ(r.value("ok", false), true) << r.dump();
  }
  std::uint64_t inventories() const override { return count->load(); }
  std::string uid(int person, int k) const override {
    char u[15];  // 7-byte NXP UID; its tail (person, item) makes the item id unique
    std::snprintf(u, sizeof u, "04000000%04X%02X", person, k);
    return u;
  }
};

// 200 people walk through in mixed directions, each carrying 0–2 items; a quarter of the items
// were never checked out. Expected: one alarm per unissued item, each logged with the direction
// its carrier walked; no alarm for issued items; people counts exact.
void walkTwoHundred(Antenna& antenna, const std::string& name) {
  auto dir = tempDir(name);
  Module module;
  ASSERT_TRUE(module.server);
  std::ofstream(dir / "gate.toml") << "[readers]\npoll_ms = 2\n[io]\npoll_ms = 3\n[alarm]\nhold_ms = 100\n"
                                      "direction_window_ms = 2000\n";
  GateOverrides o;
  o.readers = {antenna.url()};
  o.ioUrl = module.url();
  o.statusListen = "127.0.0.1:0";
  o.db = (dir / "gate.db").string();
  RunningGate gate(dir / "gate.toml", o, [&antenna](const std::string&) { return antenna.open(); });
  ASSERT_TRUE(gate.started) << gate.started.error().message();
  // 1. The gate is up: the system-OK lamp is lit.
  ASSERT_TRUE(test::eventually([&] { return module.coil(2); }, 10000ms));

  std::mt19937 rng(28560);
  std::map<std::string, std::string> unissued;  // item id → direction of its carrier
  int in = 0, out = 0, issuedItems = 0;
  // Walking speed is the benchmark's business; here each beam state and each field change is
  // held until the gate has sampled it twice, so the test checks the logic on any machine load.
  auto settle = [&] {
    const auto r0 = module.reads->load();
    const auto i0 = antenna.inventories();
    ASSERT_TRUE(test::eventually([&] { return module.reads->load() >= r0 + 2 && antenna.inventories() >= i0 + 2; },
                                 10000ms, 1ms));
  };
  for (int person = 0; person < 200; ++person) {
    const bool goingOut = rng() % 3 != 0;
    struct Carried {
      std::string uid, itemId;
      bool secured;
    };
    std::vector<Carried> items;
    for (int k = 0, n = static_cast<int>(rng() % 3); k < n; ++k) {
      const bool secured = rng() % 4 == 0;
      const std::string uid = antenna.uid(person, k);
      const std::string itemId = itemIdOf(uid);
      items.push_back({uid, itemId, secured});
      if (secured) {
        unissued[itemId] = goingOut ? "out" : "in";
      } else {
        ++issuedItems;
      }
    }
    (goingOut ? out : in)++;
    // 2. The person breaks the near beam, then both (the items enter the field), then the far
    //    beam alone, then clears it (the items leave the field).
    const bool a1 = goingOut, b1 = !goingOut;
    module.beams(a1, b1);
    settle();
    module.beams(true, true);
    for (const auto& c : items) antenna.put(c.uid, c.itemId, c.secured);
    settle();
    module.beams(!a1, !b1);
    settle();
    module.beams(false, false);
    for (const auto& c : items) antenna.remove(c.uid);
    settle();
  }
  // 3. Counts and alarm count on the status server are exact.
  ASSERT_TRUE(test::eventually([&] {
    auto s = gate.status();
    return s && s->peopleIn == static_cast<std::uint64_t>(in) && s->peopleOut == static_cast<std::uint64_t>(out);
  })) << "in " << gate.status()->peopleIn << "/" << in << " out " << gate.status()->peopleOut << "/" << out;
  ASSERT_TRUE(test::eventually([&] { return gate.status()->alarms == unissued.size(); }))
      << gate.status()->alarms << " alarms for " << unissued.size() << " unissued items";
  gate.stop();

  // 4. The log names exactly the unissued items, each with its carrier's direction.
  auto log = SqliteEventLog::openReadOnly(dir / "gate.db");
  ASSERT_TRUE(log);
  auto alarms = log->events("alarm");
  ASSERT_TRUE(alarms);
  std::map<std::string, std::string> logged;
  for (const auto& e : *alarms) logged[e.item] = e.direction;
  EXPECT_EQ(logged, unissued);
  EXPECT_GT(issuedItems, 50) << "the scenario should carry plenty of issued items too";
}

} // namespace

TEST(GateScenario, TwoHundredWalkThroughsAlarmExactlyForUnissuedItems) {
  FakeAntenna antenna;
  walkTwoHundred(antenna, "walk200");
}

// The same 200 walks with the antenna a PN532 emulator driven through real libnfc.
TEST(GateScenario, TwoHundredWalkThroughsWithRealLibnfcAndThePn532Emulator) {
  EmulatedAntenna antenna;
  ASSERT_TRUE(antenna.sim.ok()) << "lasis-sim reader did not start: " << antenna.sim.stderrText();
  walkTwoHundred(antenna, "walk200-nfc");
}

// The event log reaches its size bound (as a full disk would stop it): the gate goes on alarming
// for every unissued item, shows the event-log fault on the status server, and logs again once
// the bound is raised by a configuration reload.
TEST(GateScenario, FullEventLogNeverStopsTheAlarmAndRecoversAfterReload) {
  auto dir = tempDir("logfull");
  Module module;
  ASSERT_TRUE(module.server);
  FakeAntenna antenna;
  auto config = [&](int kb) {
    std::ofstream(dir / "gate.toml") << "[readers]\npoll_ms = 2\n[io]\npoll_ms = 3\n[alarm]\nhold_ms = 100\n"
                                        "[log]\nmax_size_kib = " << kb << "\n";
  };
  config(32);
  GateOverrides o;
  o.readers = {antenna.url()};
  o.ioUrl = module.url();
  o.statusListen = "127.0.0.1:0";
  o.db = (dir / "gate.db").string();
  RunningGate gate(dir / "gate.toml", o, [&antenna](const std::string&) { return antenna.open(); });
  ASSERT_TRUE(gate.started) << gate.started.error().message();
  ASSERT_TRUE(test::eventually([&] { return module.coil(2); }, 10000ms));
  int carried = 0;
  // An unissued item passes; returns once the gate has counted its alarm.
  auto pass = [&] {
    const std::string uid = antenna.uid(9000 + carried / 100, carried % 100);
    ++carried;
    antenna.put(uid, itemIdOf(uid), true);
    const bool alarmed = test::eventually([&] {
      auto st = gate.status();
      return st && st->alarms == static_cast<std::uint64_t>(carried);
    });
    antenna.remove(uid);
    return alarmed;
  };
  auto logFault = [&] {
    auto st = gate.status();
    return st && (st->faults & sm::kFaultEventLog) != 0;
  };
  // 1. Items pass until the log is full: every one of them raises the alarm.
  while (!logFault() && carried < 3000) ASSERT_TRUE(pass()) << "alarm " << carried + 1 << " was missed";
  ASSERT_TRUE(logFault()) << "the log never filled after " << carried << " alarms";
  // 2. Full log: the next items still alarm (light and counter), the fault stays up.
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(pass()) << "an alarm was missed while the log was full";
  EXPECT_TRUE(logFault());
  // 3. Staff raise the bound and reload: the next alarm is logged and the fault clears.
  config(0);
  boost::asio::post(gate.io, [&] { (void)gate.daemon->reload(); });
  ASSERT_TRUE(test::eventually([&] { return pass() && !logFault(); }, 10000ms));
  gate.stop();
  auto log = SqliteEventLog::openReadOnly(dir / "gate.db");
  ASSERT_TRUE(log);
  auto alarms = log->events("alarm");
  ASSERT_TRUE(alarms);
  EXPECT_LT(alarms->size(), static_cast<std::size_t>(carried)) << "some lines were lost while the log was full";
  const std::string last = itemIdOf(antenna.uid(9000 + (carried - 1) / 100, (carried - 1) % 100));
  EXPECT_EQ(alarms->back().item, last) << "logging resumed after the reload";
}

// The antenna reader is pulled and plugged back: a reader fault on the status server and in the
// log, then recovery, and alarms work again afterwards.
TEST(GateScenario, ReaderUnpluggedAndBack) {
  auto dir = tempDir("reader");
  Module module;
  ASSERT_TRUE(module.server);
  auto field = std::make_shared<Field>();
  GateOverrides o;
  o.readers = {"fake:antenna-1"};
  o.ioUrl = module.url();
  o.statusListen = "127.0.0.1:0";
  o.db = (dir / "gate.db").string();
  RunningGate gate(std::nullopt, o, [field](const std::string&) -> Result<std::unique_ptr<rfid::TagReader>> {
    std::lock_guard l(field->mutex);
    if (!field->plugged) return fail(Errc::notFound, "no such device");
    return std::unique_ptr<rfid::TagReader>(std::make_unique<FakeReader>(field));
  });
  ASSERT_TRUE(gate.started) << gate.started.error().message();
  ASSERT_TRUE(test::eventually([&] { return module.coil(2); }));
  {
    std::lock_guard l(field->mutex);
    field->plugged = false;
  }
  ASSERT_TRUE(test::eventually([&] {
    auto s = gate.status();
    return s && (s->faults & sm::kFaultReader) && s->readersWorking == 0 && s->state == GateState::fault;
  }));
  EXPECT_FALSE(module.coil(2)) << "the system-OK lamp must go out while a reader is down";
  {
    std::lock_guard l(field->mutex);
    field->plugged = true;
  }
  ASSERT_TRUE(test::eventually([&] {
    auto s = gate.status();
    return s && s->faults == 0 && s->readersWorking == 1;
  }, 10s));
  field->put("E004015099999999", rfid::Security::secured);
  ASSERT_TRUE(test::eventually([&] { return module.coil(0); })) << "no alarm light after recovery";
  gate.stop();
  auto log = SqliteEventLog::openReadOnly(dir / "gate.db");
  ASSERT_TRUE(log);
  EXPECT_EQ(log->events("fault")->size(), 1u);
  EXPECT_EQ(log->events("alarm")->size(), 1u);
}
