// The gate's ISO 15693 modes through real pcscd, vsmartcard-vpcd and `lasis-sim reader --pcsc`:
// in "afi" mode the antenna runs AFI inventories, so exactly the tags whose AFI says "secured"
// alarm; in "eas" mode it sends NXP EAS ALARM, so a tag with EAS set alarms whatever its AFI.
// The reader's own security setting is chosen so that a plain inventory would decide the other
// way: each test fails if the mode is not really used.
#include "common/core/clock.h"
#include "common/core/log.h"
#include "drivers/sqlite/sqliteeventlog.h"
#include "drivers/tagreaderfactory.h"
#include "gate/gatedaemon.h"
#include "tests/pcsc/simprocess.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <thread>

using namespace lasis;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct Tag {
  std::string uid, item;
  int afi;
  bool eas;
};

/// A gate daemon on its own Asio thread, its antenna the simulated PC/SC reader, no I/O module
/// (alarms are logged), its event log in `dir`.
struct PcscGate {
  fs::path dir;
  std::optional<test::SimProcess> sim;
  boost::asio::io_context io;
  SystemClock clock;
  std::unique_ptr<gate::GateDaemon> daemon;
  std::thread thread;

  PcscGate(const std::string& name, const std::string& mode, const std::string& readerQuery, bool readerNow = true) {
    if (readerNow) startReader();
    dir = fs::temp_directory_path() / ("lasis-gate-pcsc-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "gate.toml") << "[gate]\nmode = \"" << mode << "\"\n[readers]\npoll_ms = 20\n";
    gate::GateOverrides o;
    o.readers = {std::string("pcsc:") + kReader + readerQuery};
    o.ioUrl = "";
    o.statusListen = "";
    o.db = (dir / "gate.db").string();
    daemon = std::make_unique<gate::GateDaemon>(
        io, dir / "gate.toml", o, [](const std::string& url) { return drivers::openTagReader(url); }, clock,
        nullLogger());
  }
  /// The simulated reader appears (vpcd connects to pcscd and its card is inserted).
  bool startReader() {
    sim.emplace(std::vector<std::string>{"reader", "--pcsc", "--isil", "DK-718500"});
    return sim->ok();
  }
  Status start() {
    auto st = daemon->start();
    if (st) thread = std::thread([this] {
      auto guard = boost::asio::make_work_guard(io);
      io.run();
    });
    return st;
  }
  void place(const Tag& t) {
    auto r = test::ControlLine(sim->control())
                 .call({{"cmd", "place"}, {"uid", t.uid}, {"item", t.item}, {"isil", "DK-718500"}, {"afi", t.afi},
                        {"eas", t.eas}});
    EXPECT_NE(r.value("ok", true), false) << r.dump();
  }
  std::vector<gate::GateEvent> alarms() {
    auto log = gate::SqliteEventLog::openReadOnly(dir / "gate.db");
    if (!log) return {};
    auto a = log->events("alarm");
    return a ? *a : std::vector<gate::GateEvent>{};
  }
  void stop() {
    if (!thread.joinable()) return;
    boost::asio::post(io, [this] { daemon->shutdown([this] { io.stop(); }); });
    thread.join();
  }
  ~PcscGate() {
    stop();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

} // namespace

TEST(GatePcsc, AfiModeAlarmsExactlyForSecuredTags) {
  SKIP_WITHOUT_PCSCD();
  // The reader judges security by EAS, so a plain inventory would alarm for B and C instead.
  PcscGate g("afi", "afi", "?security=eas");
  ASSERT_TRUE(g.sim && g.sim->ok()) << "lasis-sim reader --pcsc did not start";
  const std::vector<Tag> tags{{"E004015000A10001", "30001001", 0x07, false},   // A: in the library
                              {"E004015000A10002", "30001002", 0xC2, true},    // B: on loan
                              {"E004015000A10003", "30001003", 0x07, true},    // C: in the library
                              {"E004015000A10004", "30001004", 0xC2, false}};  // D: on loan
  for (const auto& t : tags) g.place(t);
  ASSERT_TRUE(g.start()) << "gate did not start";
  // 1. Both secured items alarm (logged by item id, read from their ISO 28560 data).
  std::set<std::string> items;
  const auto until = std::chrono::steady_clock::now() + 20s;
  while (items.size() < 2 && std::chrono::steady_clock::now() < until) {
    items.clear();
    for (const auto& e : g.alarms()) items.insert(e.item);
    std::this_thread::sleep_for(100ms);
  }
  // 2. A little longer: nothing on loan alarms.
  std::this_thread::sleep_for(1s);
  g.stop();
  items.clear();
  for (const auto& e : g.alarms()) items.insert(e.item);
  EXPECT_EQ(items, (std::set<std::string>{"30001001", "30001003"}));
}

TEST(GatePcsc, EasModeAlarmsWhenATagInTheFieldHasEasSet) {
  SKIP_WITHOUT_PCSCD();
  // The reader judges security by AFI, so a plain inventory would alarm for item A alone.
  PcscGate g("eas", "eas", "");
  ASSERT_TRUE(g.sim && g.sim->ok()) << "lasis-sim reader --pcsc did not start";
  g.place({"E004015000B10001", "30002001", 0x07, false});  // AFI secured, EAS off
  g.place({"E004015000B10002", "30002002", 0xC2, true});   // AFI on loan, EAS on
  ASSERT_TRUE(g.start()) << "gate did not start";
  std::vector<gate::GateEvent> alarms;
  const auto until = std::chrono::steady_clock::now() + 20s;
  while (alarms.empty() && std::chrono::steady_clock::now() < until) {
    alarms = g.alarms();
    std::this_thread::sleep_for(100ms);
  }
  std::this_thread::sleep_for(1s);
  g.stop();
  alarms = g.alarms();
  ASSERT_FALSE(alarms.empty()) << "EAS ALARM was answered but the gate did not alarm";
  for (const auto& e : alarms) {
    EXPECT_EQ(e.tagUid, gate::kEasPseudoUid) << "EAS mode alarms by EAS ALARM, not by inventory";
    EXPECT_NE(e.item, "30002001");
  }
}

TEST(GatePcsc, GateStartedBeforeItsReaderConnectsWhenTheReaderAppears) {
  SKIP_WITHOUT_PCSCD();
  // 1. The gate starts while its PC/SC reader is absent: it runs (and says so), no alarm.
  PcscGate g("lazy", "security", "", /*readerNow=*/false);
  ASSERT_TRUE(g.start()) << "a gate must start without its reader and keep trying";
  std::this_thread::sleep_for(1500ms);
  EXPECT_TRUE(g.alarms().empty());
  // 2. The reader appears with a secured item in the field: the gate alarms without a restart.
  ASSERT_TRUE(g.startReader()) << "lasis-sim reader --pcsc did not start";
  g.place({"E004015000C10001", "30003001", 0x07, true});
  std::vector<gate::GateEvent> alarms;
  const auto until = std::chrono::steady_clock::now() + 30s;
  while (alarms.empty() && std::chrono::steady_clock::now() < until) {
    alarms = g.alarms();
    std::this_thread::sleep_for(100ms);
  }
  g.stop();
  ASSERT_EQ(g.alarms().size(), 1u);
  EXPECT_EQ(g.alarms()[0].item, "30003001");
}
