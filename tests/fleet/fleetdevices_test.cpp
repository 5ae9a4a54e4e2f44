// The fleet link inside the real devices (issue 23): lasis-gate and lasis-kiosk --headless run on
// the configs `lasis-sim site` writes, each with a [fleet] table added, against a real mosquitto
// from the shipped lasis.conf and lasis.acl (TLS, client certificates made by `lasis fleet enroll`).
// A probe with lasis-fleet's certificate records ALL broker traffic under lasis/v1/# and sends the
// commands, each made by the real `lasis fleet sign`. After every test the recorded traffic is
// scanned for the simulated library's patron ids, names, e-mail addresses and PINs
// (simulator/data/library.toml): none may be on the bus.
#include "tests/fleet/fleetharness.h"
#include "tests/fleet/fleetservice_harness.h"

#include <gtest/gtest.h>

#include <csignal>
#include <iostream>

using namespace lasis::fleettest;

namespace {

const std::string kBin = LASIS_BIN_DIR;
const std::string kGateTopic = "lasis/v1/zt/central/gate-1/";
const std::string kKioskTopic = "lasis/v1/zt/central/kiosk-1/";

/// What identifies a patron in the simulator's library: ids, names, e-mail addresses, PINs.
struct PatronSecrets {
  std::set<std::string> words;  ///< found anywhere in a message is a leak
  std::set<std::string> pins;   ///< a leak when not part of a longer number
};

PatronSecrets patronSecrets() {
  PatronSecrets s;
  std::istringstream in(readText(fs::path(LASIS_SOURCE_DIR) / "simulator/data/library.toml"));
  const std::regex id(R"re(\bid = "([^"]+)")re"), pin(R"re(\bpin = "([^"]+)")re"), name(R"re(\bname = "([^"]+)")re"),
      email(R"re(\bemail = "([^"]+)")re");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (line.rfind("  { id = ", 0) != 0 || !std::regex_search(line, m, pin)) continue;  // patrons only
    s.pins.insert(m[1]);
    if (std::regex_search(line, m, id)) s.words.insert(m[1]);
    if (std::regex_search(line, m, name)) s.words.insert(m[1]);
    if (std::regex_search(line, m, email) && !m[1].str().empty()) s.words.insert(m[1]);
  }
  return s;
}

/// Every place in `traffic` a patron secret appears (empty: none).
std::vector<std::string> leaks(const std::vector<Seen>& traffic, const PatronSecrets& secrets) {
  std::vector<std::string> found;
  for (const auto& msg : traffic) {
    for (const auto& w : secrets.words)
      if (msg.payload.find(w) != std::string::npos) found.push_back(w + " in " + msg.topic + ": " + msg.payload);
    for (const auto& p : secrets.pins) {
      const std::regex bounded("(^|[^0-9])" + p + "([^0-9]|$)");
      if (std::regex_search(msg.payload, bounded)) found.push_back("PIN " + p + " in " + msg.topic + ": " + msg.payload);
    }
  }
  return found;
}

/// One console command of lasis-sim site; its "ok …" or "error …" line.
std::string say(ChildProcess& site, const std::string& command) {
  site.writeLine(command);
  auto line = site.readLine(20s);
  return line ? *line : "no answer";
}

/// An "expect …" console check, asked again until it holds (the coils follow within milliseconds).
bool expectSoon(ChildProcess& site, const std::string& check, std::chrono::milliseconds t = 3s) {
  return eventually([&] { return say(site, check).rfind("ok", 0) == 0; }, t);
}

class FleetDevicesTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    if (!fs::exists(kMosquitto)) return;
    lasis::fleet::mqttLibInit();
    s_dir = new fs::path(freshTestDir("fleetdevices"));
    const auto& d = *s_dir;
    EXPECT_EQ(enrollNetwork(d, {{"zt", "central", "gate-1", "gate-1"}, {"zt", "central", "kiosk-1", "kiosk-1"}}), "");
    // A forger's command key.
    fs::create_directories(d / "forger");
    std::string out, err;
    EXPECT_EQ(lasisRun({"fleet", "keygen", "--out", (d / "forger").string()}, &out, &err), 0) << err;
  }
  static void TearDownTestSuite() {
    if (s_dir) fs::remove_all(*s_dir);
    delete s_dir;
    s_dir = nullptr;
  }

  void SetUp() override {
    if (!fs::exists(kMosquitto)) GTEST_SKIP() << "mosquitto is not installed (Debian: mosquitto)";
    ASSERT_TRUE(s_dir);
    m_broker = std::make_unique<Broker>(*s_dir, freePort());
    ASSERT_TRUE(m_broker->start()) << m_broker->log();
    const auto f = *s_dir / "fleet";
    m_fleet = std::make_unique<Probe>("fleet-probe", m_broker->port(),
                                      Probe::Tls{(f / "ca.crt").string(), (f / "lasis-fleet.crt").string(),
                                                 (f / "lasis-fleet.key").string()});
    ASSERT_TRUE(m_fleet->waitConnected()) << m_broker->log();
    ASSERT_EQ(m_fleet->subscribe("lasis/v1/#"), 1);
    m_site = std::make_unique<ChildProcess>(std::vector<std::string>{kBin + "/lasis-sim", "site", "--console"});
    auto ready = m_site->readLine(20s);
    ASSERT_TRUE(ready) << m_site->stderrText();
    m_siteInfo = json::parse(*ready);
  }

  void TearDown() override {
    if (m_kiosk) {
      m_kiosk->closeStdin();
      m_kiosk->wait(15s);
    }
    if (m_gate) {
      m_gate->signal(SIGTERM);
      m_gate->wait(10s);
    }
    if (m_site) {
      m_site->writeLine("quit");
      m_site->wait(10s);
    }
    // (e) Nothing any device said on the bus in this test names a patron.
    if (m_fleet) {
      const auto found = leaks(m_fleet->seen(), patronSecrets());
      EXPECT_TRUE(found.empty()) << found.size() << " patron data on the bus, first: " << found.front();
      EXPECT_FALSE(m_fleet->seen().empty()) << "the probe saw no traffic at all: the scan proves nothing";
    }
    if (HasFailure()) {
      if (m_broker) std::cerr << "--- mosquitto's log ---\n" << m_broker->log();
      if (m_gate) std::cerr << "--- lasis-gate's stderr ---\n" << m_gate->stderrText();
      if (m_kiosk) std::cerr << "--- lasis-kiosk's stderr ---\n" << m_kiosk->stderrText();
      if (m_fleet)
        for (const auto& s : m_fleet->seen()) std::cerr << s.topic << " " << s.payload << "\n";
    }
    m_kiosk.reset();
    m_gate.reset();
    m_site.reset();
    m_fleet.reset();
    m_broker.reset();
    if (!s_dir) return;
    fs::remove(*s_dir / "broker" / "mosquitto.db");
    fs::remove_all(*s_dir / "state");
  }

  /// The site's config for `which` ("gate_config", "kiosk_config") with [fleet] for `device` added.
  fs::path withFleet(const std::string& which, const std::string& device, const std::string& extra = "") {
    const auto d = *s_dir / device;
    fs::create_directories(*s_dir / "state" / device);
    const auto state = *s_dir / "state" / device;
    std::string text = readText(m_siteInfo[which].get<std::string>());
    text += extra;
    text += "\n[fleet]\nbroker = \"mqtts://127.0.0.1:" + std::to_string(m_broker->port()) +
            "\"\nnetwork = \"zt\"\nbranch = \"central\"\ndevice = \"" + device + "\"\nca_file = \"" +
            (d / "ca.crt").string() + "\"\ncert_file = \"" + (d / "device.crt").string() + "\"\nkey_file = \"" +
            (d / "device.key").string() + "\"\noutbox = \"" + (state / "outbox.db").string() +
            "\"\nkeepalive_s = 5\ncommand_key = \"" + (*s_dir / "keys" / "fleet-signing.pub").string() + "\"\n";
    const auto path = state / (device + ".toml");
    std::ofstream(path) << text;
    return path;
  }

  /// `lasis fleet sign …` for zt/central/DEVICE: the wire form to publish on its cmd topic.
  std::string sign(const std::string& device, int seq, const std::string& cmd, std::vector<std::string> args = {},
                   const std::string& keyDir = "keys") {
    std::vector<std::string> argv{"fleet", "sign", "--key", (*s_dir / keyDir / "fleet-signing.key").string(), "--device",
                                  "zt/central/" + device, "--seq", std::to_string(seq), "--cmd", cmd};
    for (const auto& a : args) {
      argv.push_back("--arg");
      argv.push_back(a);
    }
    std::string out, err;
    EXPECT_EQ(lasisRun(argv, &out, &err), 0) << err;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }

  /// Starts lasis-gate on the site's config with [fleet]; waits for its retained birth.
  void startGate(const std::string& extra = "") {
    m_gate = std::make_unique<ChildProcess>(
        std::vector<std::string>{kBin + "/lasis-gate", "--config", withFleet("gate_config", "gate-1", extra).string()});
    auto hello = m_gate->readLine(20s);
    ASSERT_TRUE(hello) << m_gate->stderrText();
    m_gateHello = json::parse(*hello, nullptr, false);
    ASSERT_TRUE(m_fleet->waitFor(kGateTopic + "state", [](const Seen& s) { return s.body().value("state", "") == "online"; }, 15s))
        << "no birth from the gate";
  }

  /// The gate's latest retained state satisfying `pred`.
  std::optional<json> gateState(const std::function<bool(const json&)>& pred, std::chrono::milliseconds t = 10s) {
    auto s = m_fleet->waitFor(kGateTopic + "state", [&](const Seen& m) { return pred(m.body()); }, t);
    if (!s) return std::nullopt;
    return s->body();
  }

  static fs::path* s_dir;
  std::unique_ptr<Broker> m_broker;
  std::unique_ptr<Probe> m_fleet;
  std::unique_ptr<ChildProcess> m_site;
  json m_siteInfo;
  std::unique_ptr<ChildProcess> m_gate;
  json m_gateHello;  ///< lasis-gate's first line: {"daemon", "status", "metrics"}
  std::unique_ptr<ChildProcess> m_kiosk;
};

fs::path* FleetDevicesTest::s_dir = nullptr;

} // namespace

// (a) An unissued reference book walked out through the simulated gate: an "alarm" event on the
// broker with the item id, the direction and the antenna, and the alarm on the gate's state.
TEST_F(FleetDevicesTest, GateAlarmForAnUnissuedBookReachesTheBroker) {
  startGate();
  ASSERT_EQ(say(*m_site, "gate walk 10000004").rfind("ok", 0), 0u);
  auto alarm = m_fleet->waitFor(kGateTopic + "events", [](const Seen& s) { return s.body().value("type", "") == "alarm"; }, 20s);
  ASSERT_TRUE(alarm) << "no alarm event";
  const auto e = alarm->body();
  EXPECT_EQ(e.value("item", ""), "10000004") << e.dump();
  EXPECT_EQ(e.value("direction", ""), "out") << e.dump();
  EXPECT_FALSE(e.value("reader", "").empty()) << e.dump();
  EXPECT_TRUE(gateState([](const json& s) { return s.value("alarm_active", false); }, 5s)) << "alarm_active never on state";
  const auto state = gateState([](const json& s) { return s.contains("readers_configured"); });
  ASSERT_TRUE(state);
  EXPECT_EQ(state->value("readers_configured", 0), 1);
}

// The whole path: the real lasis-gate and headless lasis-kiosk on lasis-sim site appear in the
// real lasis-fleet with their state, and an unissued book carried out through the gate is an alarm
// on the dashboard's live feed, in its event log and in the gate's alarms today.
TEST_F(FleetDevicesTest, RealGateAndKioskAppearInLasisFleetAndTheAlarmOnTheDashboard) {
  int port = 0;
  std::string problem;
  auto service = lasis::fleettest::startServiceWithUser(lasis::fleettest::writeFleetServiceConfig(*s_dir, m_broker->port(), "zt"),
                                                         port, problem);
  ASSERT_TRUE(service && problem.empty()) << problem;
  const auto cookie = lasis::fleettest::login(port);
  ASSERT_FALSE(cookie.empty()) << service->stderrText();
  startGate("\n[metrics]\nlisten = \"127.0.0.1:0\"\n");
  m_kiosk = std::make_unique<ChildProcess>(std::vector<std::string>{
      kBin + "/lasis-kiosk", "--headless", "--config", withFleet("kiosk_config", "kiosk-1").string()});
  using lasis::fleettest::waitDevice;
  const auto gate = waitDevice(port, cookie, "central", "gate-1", [](const json& d) {
    return d.value("state", "") == "online" && d["fields"].contains("readers_configured") && d["fields"].contains("metrics");
  }, 20s);
  ASSERT_FALSE(gate.is_null()) << service->stderrText();
  EXPECT_EQ(gate.value("kind", ""), "gate");
  EXPECT_EQ(gate["fields"].value("readers_configured", 0), 1) << gate.dump();
  const auto kiosk = waitDevice(port, cookie, "central", "kiosk-1", [](const json& d) {
    return d.value("state", "") == "online" && d["fields"].value("online", false);
  }, 30s);
  ASSERT_FALSE(kiosk.is_null()) << m_kiosk->stderrText();
  EXPECT_EQ(kiosk.value("kind", ""), "kiosk");
  EXPECT_EQ(kiosk["fields"].value("queue_depth", -1), 0) << kiosk.dump();

  lasis::fleettest::LiveFeed live(port, cookie);
  ASSERT_NE(live.waitFor(": hello", 5s).find(": hello"), std::string::npos) << "the live feed did not open";
  ASSERT_EQ(say(*m_site, "gate walk 10000004").rfind("ok", 0), 0u);
  const auto feed = live.waitFor("10000004", 20s);
  EXPECT_NE(feed.find("\"type\":\"alarm\""), std::string::npos) << feed;
  const auto r = lasis::fleettest::http(port, "GET", "/api/events?type=alarm", cookie);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto events = r.j()["events"];
  ASSERT_EQ(events.size(), 1u) << r.body;
  EXPECT_EQ(events[0].value("device", ""), "gate-1");
  EXPECT_EQ(events[0]["fields"].value("item", ""), "10000004");
  EXPECT_EQ(events[0]["fields"].value("direction", ""), "out");
  EXPECT_FALSE(waitDevice(port, cookie, "central", "gate-1", [](const json& d) { return d.value("alarms_today", 0) == 1; }, 5s).is_null());
  // The targets file Prometheus reads names the gate at the address it said.
  const auto targets = readText(*s_dir / "state/targets/lasis-fleet.json");
  EXPECT_NE(targets.find(gate["fields"].value("metrics", "?")), std::string::npos) << targets;
  service->signal(SIGTERM);
  service->wait(10s);
}

// Where Prometheus finds the gate goes on its state (lasis-fleet writes its targets file from it):
// the address its metrics server listens on.
TEST_F(FleetDevicesTest, GateTellsOnItsStateWherePrometheusScrapesIt) {
  startGate("\n[metrics]\nlisten = \"127.0.0.1:0\"\n");
  const std::string url = m_gateHello.value("metrics", "");
  ASSERT_EQ(url.rfind("http://127.0.0.1:", 0), 0u) << m_gateHello.dump();
  const std::string expected = url.substr(7, url.find("/metrics") - 7);
  const auto state = gateState([](const json& s) { return s.contains("metrics"); });
  ASSERT_TRUE(state) << "no metrics address on the gate's state";
  EXPECT_EQ(state->value("metrics", ""), expected);
}

// (b) A signed silence-gate is obeyed (the light goes out long before its hold time, the event log
// says the fleet acknowledged it); the same message again (replayed), one signed with a key the
// gate does not trust (forged), one with another message's signature (tampered) and one with no
// signature are each refused, and the refusal with its reason and seq is on the retained state.
TEST_F(FleetDevicesTest, SignedSilenceIsObeyedForgedReplayedAndUnsignedAreRefused) {
  startGate("\n[alarm]\nhold_ms = 120000\n");
  ASSERT_EQ(say(*m_site, "gate walk 10000004").rfind("ok", 0), 0u);
  ASSERT_TRUE(expectSoon(*m_site, "expect light on"));

  const auto silence = sign("gate-1", 1, "silence-gate");
  ASSERT_TRUE(m_fleet->publish(kGateTopic + "cmd", silence));
  auto done = gateState([](const json& s) { return s.contains("last_command") && s["last_command"].value("seq", 0) == 1; });
  ASSERT_TRUE(done) << "no answer to the signed silence-gate on state";
  EXPECT_EQ((*done)["last_command"].value("cmd", ""), "silence-gate");
  EXPECT_TRUE((*done)["last_command"].value("ok", false)) << done->dump();
  ASSERT_TRUE(expectSoon(*m_site, "expect light off")) << "the gate did not silence its alarm";

  auto refused = [&](const std::string& wire, const std::string& reason, std::optional<int> seq) {
    ASSERT_TRUE(m_fleet->publish(kGateTopic + "cmd", wire));
    auto st = gateState([&](const json& s) {
      return s.contains("last_refusal") && s["last_refusal"].value("reason", "") == reason;
    });
    ASSERT_TRUE(st) << "no refusal '" << reason << "' on state";
    const auto& r = (*st)["last_refusal"];
    EXPECT_FALSE(r.value("sentence", "").empty()) << r.dump();
    EXPECT_FALSE(r.value("at", "").empty()) << r.dump();
    if (seq) {
      EXPECT_EQ(r["seq"], *seq) << r.dump();
    }
  };
  refused(silence, "replayed", 1);
  refused(sign("gate-1", 2, "silence-gate", {}, "forger"), "unknown-key", std::nullopt);
  auto tampered = json::parse(sign("gate-1", 3, "silence-gate"));
  tampered["sig"] = json::parse(sign("gate-1", 4, "reload"))["sig"];
  refused(tampered.dump(), "bad-signature", std::nullopt);
  auto bare = json::parse(sign("gate-1", 5, "silence-gate"));
  bare.erase("sig");
  refused(bare.dump(), "unsigned", std::nullopt);

  // Only the one signed command was obeyed: one "acknowledged" by the fleet in the gate's log.
  std::string events, err;
  const auto db = m_siteInfo["out"].get<std::string>() + "/gate.db";
  ASSERT_EQ(lasisRun({"gate", "events", "--format", "json", "--db", db}, &events, &err), 0) << err;
  int acks = 0;
  for (const auto& e : json::parse(events, nullptr, false))
    if (e.value("kind", "") == "acknowledged") ++acks;
  EXPECT_EQ(acks, 1) << events;
  // The gate's log names the refusals, never their payloads.
  const auto log = m_gate->stderrText();
  EXPECT_NE(log.find("refused (replayed"), std::string::npos) << log;
  EXPECT_EQ(log.find(json::parse(silence).value("payload", "")), std::string::npos) << "a payload in the gate's log";
}

// (c) A gate killed outright (no goodbye): the broker publishes its last will, "offline", retained.
TEST_F(FleetDevicesTest, KilledGateShowsOfflineThroughItsLastWill) {
  startGate();
  m_gate->signal(SIGKILL);
  m_gate->wait(5s);
  m_gate.reset();
  auto st = gateState([](const json& s) { return s.value("state", "") == "offline"; }, 20s);
  ASSERT_TRUE(st) << "no last will";
  EXPECT_EQ(st->value("kind", ""), "gate");
  EXPECT_FALSE(st->contains("since")) << "that was a graceful offline, not the will: " << st->dump();
  // A late subscriber is told too: the will is retained.
  const auto f = *s_dir / "fleet";
  Probe late("late-probe", m_broker->port(),
             Probe::Tls{(f / "ca.crt").string(), (f / "lasis-fleet.crt").string(), (f / "lasis-fleet.key").string()});
  ASSERT_TRUE(late.waitConnected());
  late.subscribe(kGateTopic + "state");
  auto retained = late.waitFor(kGateTopic + "state", [](const Seen& s) { return s.retained; });
  ASSERT_TRUE(retained);
  EXPECT_EQ(retained->body().value("state", ""), "offline");
}

// (d) The headless kiosk with [fleet]: a patron's visit (a loan with card and PIN) and a
// "call staff" give a staff-call event; a signed notice shows as a JSON line on its stdout.
TEST_F(FleetDevicesTest, HeadlessKioskStaffCallAndNotice) {
  ASSERT_EQ(say(*m_site, "pad card P100008").rfind("ok", 0), 0u);
  ASSERT_EQ(say(*m_site, "pad put 10000001").rfind("ok", 0), 0u);
  m_kiosk = std::make_unique<ChildProcess>(std::vector<std::string>{
      kBin + "/lasis-kiosk", "--headless", "--config", withFleet("kiosk_config", "kiosk-1").string()});
  std::vector<std::string> out;
  auto readUntil = [&](const std::string& needle, std::chrono::seconds t) {
    const auto until = std::chrono::steady_clock::now() + t;
    while (std::chrono::steady_clock::now() < until) {
      auto l = m_kiosk->readLine(1s);
      if (!l) continue;
      out.push_back(*l);
      if (l->find(needle) != std::string::npos) return true;
    }
    return false;
  };
  ASSERT_TRUE(readUntil("\"event\":\"ready\"", 30s)) << m_kiosk->stderrText();
  ASSERT_TRUE(m_fleet->waitFor(kKioskTopic + "state", [](const Seen& s) { return s.body().value("state", "") == "online"; }, 15s))
      << "no birth from the kiosk";
  m_kiosk->writeLine(R"({"cmd":"login","pin":"1234"})");
  m_kiosk->writeLine(R"({"cmd":"checkout"})");
  m_kiosk->writeLine(R"({"cmd":"call-staff"})");
  auto call = m_fleet->waitFor(kKioskTopic + "events", [](const Seen& s) { return s.body().value("type", "") == "staff-call"; }, 15s);
  ASSERT_TRUE(call) << "no staff-call event";
  EXPECT_EQ(call->body().value("state", ""), "raised") << call->payload;

  ASSERT_TRUE(m_fleet->publish(kKioskTopic + "cmd", sign("kiosk-1", 1, "notice", {"text.en=Closing at 18:00", "seconds=60"})));
  ASSERT_TRUE(readUntil("\"event\":\"notice\"", 15s)) << "no notice line; stdout so far:\n" << [&] {
    std::string all;
    for (const auto& l : out) all += l + "\n";
    return all;
  }();
  const auto notice = json::parse(out.back());
  EXPECT_EQ(notice["text"].value("en", ""), "Closing at 18:00") << out.back();
  EXPECT_EQ(notice.value("seconds", 0), 60) << out.back();
  auto st = m_fleet->waitFor(kKioskTopic + "state", [](const Seen& s) {
    const auto b = s.body();
    return b.contains("last_command") && b["last_command"].value("cmd", "") == "notice";
  });
  ASSERT_TRUE(st);
  EXPECT_TRUE(st->body()["last_command"].value("ok", false)) << st->payload;
  // A command the kiosk cannot do is answered with its reason on state, not silently dropped.
  ASSERT_TRUE(m_fleet->publish(kKioskTopic + "cmd", sign("kiosk-1", 2, "training-start")));
  auto training = m_fleet->waitFor(kKioskTopic + "state", [](const Seen& s) {
    const auto b = s.body();
    return b.contains("last_command") && b["last_command"].value("cmd", "") == "training-start";
  });
  ASSERT_TRUE(training);
  EXPECT_FALSE(training->body()["last_command"].value("ok", true)) << training->payload;
  EXPECT_NE(training->body()["last_command"].value("error", "").find("no staff.training_config"), std::string::npos)
      << training->payload;
}

// The fleet's reload, config and training commands on a headless kiosk. Each is checked as
// --check-config checks a file, then the kiosk restarts into it (a new "ready" line, a new birth):
// a busy kiosk refuses, a bad configuration is refused whole (the file untouched), a good one is
// written and its version reported after the restart, training shows on the state and is ended
// from the fleet too.
TEST_F(FleetDevicesTest, HeadlessKioskReloadsTakesAConfigAndTrainsFromTheFleet) {
  const auto file = withFleet("kiosk_config", "kiosk-1");
  std::string normal = readText(file);
  const auto trainingFile = file.parent_path() / "training.toml";
  std::ofstream(trainingFile) << normal << "\n[ui]\ntraining = true\n";
  normal.replace(normal.find("[staff]\n"), 8, "[staff]\ntraining_config = \"" + trainingFile.string() + "\"\n");
  std::ofstream(file) << normal;

  ASSERT_EQ(say(*m_site, "pad card P100008").rfind("ok", 0), 0u);
  m_kiosk = std::make_unique<ChildProcess>(std::vector<std::string>{kBin + "/lasis-kiosk", "--headless", "--config", file.string()});
  int readies = 0;
  auto readUntil = [&](const std::string& needle, std::chrono::seconds t) {
    const auto until = std::chrono::steady_clock::now() + t;
    while (std::chrono::steady_clock::now() < until) {
      auto l = m_kiosk->readLine(1s);
      if (l && l->find("\"event\":\"ready\"") != std::string::npos) ++readies;
      if (l && l->find(needle) != std::string::npos) return true;
    }
    return false;
  };
  auto nextReady = [&](std::chrono::seconds t) { return readUntil("\"event\":\"ready\"", t); };
  auto answer = [&](int seq) {
    auto st = m_fleet->waitFor(kKioskTopic + "state", [seq](const Seen& s) {
      const auto b = s.body();
      return b.contains("last_command") && b["last_command"].value("seq", 0) == seq;
    }, 15s);
    return st ? st->body()["last_command"] : json::object();
  };
  // A birth of a kiosk process not seen before (its "since"), whose state satisfies `pred`: the
  // retained states of the processes before it are still in the probe's record.
  std::set<std::string> births;
  auto newBirth = [&](const std::function<bool(const json&)>& pred) {
    const auto hit = m_fleet->waitFor(kKioskTopic + "state", [&](const Seen& s) {
      const auto b = s.body();
      return b.value("state", "") == "online" && births.count(b.value("since", "")) == 0 && pred(b);
    }, 20s);
    for (const auto& s : m_fleet->seenOn(kKioskTopic + "state")) births.insert(s.body().value("since", ""));
    return hit.has_value();
  };
  auto sendConfig = [&](int seq, const std::string& text, const std::string& version) {
    const auto toml = *s_dir / "state" / ("sent-" + version + ".toml");
    std::ofstream(toml) << text;
    std::string out, err;
    ASSERT_EQ(lasisRun({"fleet", "sign", "--key", (*s_dir / "keys" / "fleet-signing.key").string(), "--device",
                        "zt/central/kiosk-1", "--seq", std::to_string(seq), "--cmd", "config", "--config-file",
                        toml.string(), "--config-version", version},
                       &out, &err),
              0)
        << err;
    ASSERT_TRUE(m_fleet->publish(kKioskTopic + "config", out.substr(0, out.find('\n'))));
  };
  ASSERT_TRUE(nextReady(30s)) << m_kiosk->stderrText();
  ASSERT_TRUE(newBirth([](const json& b) { return b.contains("training") && !b["training"]; })) << "no birth with training false";

  // A patron at the kiosk: the restart waits for no one, so it is refused.
  m_kiosk->writeLine(R"({"cmd":"login","pin":"1234"})");
  ASSERT_TRUE(readUntil("\"event\":\"login\",\"ok\":true", 15s)) << m_kiosk->stderrText();
  ASSERT_TRUE(m_fleet->publish(kKioskTopic + "cmd", sign("kiosk-1", 1, "reload")));
  auto busy = answer(1);
  EXPECT_FALSE(busy.value("ok", true)) << busy.dump();
  EXPECT_NE(busy.value("error", "").find("busy"), std::string::npos) << busy.dump();
  m_kiosk->writeLine(R"({"cmd":"end"})");
  ASSERT_TRUE(readUntil("\"event\":\"session-end\"", 15s)) << m_kiosk->stderrText();

  // A bad configuration: refused whole, named, the file as it was, no restart.
  sendConfig(2, normal + "\n[ui]\ngoodbye_seconds = 0\n", "v2-bad");
  auto refused = answer(2);
  EXPECT_FALSE(refused.value("ok", true)) << refused.dump();
  EXPECT_NE(refused.value("error", "").find("ui.goodbye_seconds"), std::string::npos) << refused.dump();
  EXPECT_EQ(readText(file), normal) << "a refused configuration touched the file";

  // A good one: written, the kiosk restarts on it and reports its version.
  const std::string good = "# sent by the fleet\n" + normal;
  sendConfig(3, good, "v3");
  auto applied = answer(3);
  EXPECT_TRUE(applied.value("ok", false)) << applied.dump();
  ASSERT_TRUE(nextReady(30s)) << "no restart after the configuration; stderr:\n" << m_kiosk->stderrText();
  EXPECT_EQ(readText(file), good);
  EXPECT_TRUE(newBirth([](const json& b) { return b.value("config_version", "") == "v3"; })) << "no config_version after the restart";

  // Training from the fleet, and back.
  ASSERT_TRUE(m_fleet->publish(kKioskTopic + "cmd", sign("kiosk-1", 4, "training-start")));
  EXPECT_TRUE(answer(4).value("ok", false));
  ASSERT_TRUE(nextReady(30s)) << m_kiosk->stderrText();
  EXPECT_TRUE(newBirth([](const json& b) { return b.value("training", false); })) << "training never on state";
  ASSERT_TRUE(m_fleet->publish(kKioskTopic + "cmd", sign("kiosk-1", 5, "training-stop")));
  EXPECT_TRUE(answer(5).value("ok", false));
  ASSERT_TRUE(nextReady(30s)) << m_kiosk->stderrText();
  EXPECT_TRUE(newBirth([](const json& b) { return b.contains("training") && !b["training"] && b.value("config_version", "") == "v3"; }))
      << "training never ended";

  // A plain reload, idle: one more restart on the same file.
  ASSERT_TRUE(m_fleet->publish(kKioskTopic + "cmd", sign("kiosk-1", 6, "reload")));
  EXPECT_TRUE(answer(6).value("ok", false));
  ASSERT_TRUE(nextReady(30s)) << m_kiosk->stderrText();
  EXPECT_TRUE(newBirth([](const json&) { return true; })) << "no birth after the reload";
  EXPECT_EQ(readies, 5);
}

// The gate's `config` command: a bad file is refused whole (the answer names the option, the file
// on disk is untouched); a good one is written over the config file, applied through the reload
// path and its version reported on state.
TEST_F(FleetDevicesTest, GateConfigCommandIsCheckedLikeSighupAndItsVersionReported) {
  startGate();
  const auto file = *s_dir / "state" / "gate-1" / "gate-1.toml";
  const auto before = readText(file);
  const auto bad = *s_dir / "state" / "bad.toml", good = *s_dir / "state" / "good.toml";
  std::ofstream(bad) << before << "\n[alarm]\nhold_ms = 5\n";
  std::ofstream(good) << before << "\n[alarm]\nhold_ms = 4321\n";
  auto send = [&](int seq, const fs::path& toml, const std::string& version) {
    std::string out, err;
    ASSERT_EQ(lasisRun({"fleet", "sign", "--key", (*s_dir / "keys" / "fleet-signing.key").string(), "--device",
                        "zt/central/gate-1", "--seq", std::to_string(seq), "--cmd", "config", "--config-file",
                        toml.string(), "--config-version", version},
                       &out, &err),
              0)
        << err;
    ASSERT_TRUE(m_fleet->publish(kGateTopic + "config", out.substr(0, out.find('\n'))));
  };
  send(1, bad, "v1-bad");
  auto refused = gateState([](const json& s) { return s.contains("last_command") && s["last_command"].value("seq", 0) == 1; });
  ASSERT_TRUE(refused);
  EXPECT_FALSE((*refused)["last_command"].value("ok", true)) << refused->dump();
  EXPECT_NE((*refused)["last_command"].value("error", "").find("alarm.hold_ms"), std::string::npos) << refused->dump();
  EXPECT_FALSE(refused->contains("config_version")) << refused->dump();
  EXPECT_EQ(readText(file), before) << "a refused configuration touched the file";

  send(2, good, "v2");
  auto applied = gateState([](const json& s) {
    return s.value("config_version", "") == "v2" && s.contains("last_command") && s["last_command"].value("seq", 0) == 2;
  });
  ASSERT_TRUE(applied) << "no config_version on state";
  EXPECT_TRUE((*applied)["last_command"].value("ok", false)) << applied->dump();
  EXPECT_EQ(readText(file), readText(good));
  EXPECT_NE(m_gate->stderrText().find("configuration reloaded"), std::string::npos) << m_gate->stderrText();
}

// A queue exception reaches the fleet: a book lent offline that the library system, once back,
// says is on loan to someone else (10000002 is P100001's) is raised as a `queue-exception` event
// with the transaction's id (never the patron) and counted on state; `send-queue` is obeyed.
TEST_F(FleetDevicesTest, HeadlessKioskQueueExceptionAndSendQueue) {
  m_kiosk = std::make_unique<ChildProcess>(std::vector<std::string>{
      kBin + "/lasis-kiosk", "--headless", "--config",
      withFleet("kiosk_config", "kiosk-1", "\n[offline]\nmode = \"returns-and-checkouts\"\n").string()});
  ASSERT_TRUE(m_fleet->waitFor(kKioskTopic + "state", [](const Seen& s) { return s.body().value("online", false); }, 20s))
      << m_kiosk->stderrText();
  ASSERT_EQ(say(*m_site, "ils down").rfind("ok", 0), 0u);
  ASSERT_EQ(say(*m_site, "pad card P100008").rfind("ok", 0), 0u);
  ASSERT_EQ(say(*m_site, "pad put 10000002").rfind("ok", 0), 0u);
  std::string said;
  auto readUntil = [&](const std::string& needle) {
    const auto until = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < until) {
      auto l = m_kiosk->readLine(1s);
      if (l) said += *l + "\n";
      if (l && l->find(needle) != std::string::npos) return true;
    }
    return false;
  };
  m_kiosk->writeLine(R"({"cmd":"login","pin":"1234"})");
  ASSERT_TRUE(readUntil("\"event\":\"login\",\"ok\":true")) << said;
  m_kiosk->writeLine(R"({"cmd":"checkout"})");
  ASSERT_TRUE(readUntil("\"event\":\"done\"")) << said;
  ASSERT_TRUE(m_fleet->waitFor(kKioskTopic + "state", [](const Seen& s) { return s.body().value("queue_depth", 0) >= 1; }, 30s))
      << "the offline loan never showed in the queue's depth; the kiosk said:\n" << said;
  m_kiosk->writeLine(R"({"cmd":"end"})");
  ASSERT_EQ(say(*m_site, "ils up").rfind("ok", 0), 0u);
  ASSERT_TRUE(m_fleet->publish(kKioskTopic + "cmd", sign("kiosk-1", 1, "send-queue")));
  auto sent = m_fleet->waitFor(kKioskTopic + "state", [](const Seen& s) {
    const auto b = s.body();
    return b.contains("last_command") && b["last_command"].value("seq", 0) == 1;
  }, 15s);
  ASSERT_TRUE(sent);
  EXPECT_TRUE(sent->body()["last_command"].value("ok", false)) << sent->payload;
  auto raised = m_fleet->waitFor(kKioskTopic + "events", [](const Seen& s) {
    const auto b = s.body();
    return b.value("type", "") == "queue-exception" && b.value("state", "") == "raised";
  }, 40s);
  ASSERT_TRUE(raised) << "no queue-exception event; stderr:\n" << m_kiosk->stderrText();
  const auto e = raised->body();
  EXPECT_EQ(e.value("count", 0), 1) << raised->payload;
  ASSERT_TRUE(e.contains("transactions") && e["transactions"].is_array() && e["transactions"].size() == 1u) << raised->payload;
  EXPECT_TRUE(m_fleet->waitFor(kKioskTopic + "state", [](const Seen& s) { return s.body().value("exceptions", 0) == 1; }, 10s))
      << "the exception is not counted on state";
}

// The headless kiosk's offline period: the ILS goes down while a patron is at the kiosk (an
// "offline" start event, online false on state), and comes back (an "offline" end event with its
// length, online again).
TEST_F(FleetDevicesTest, HeadlessKioskReportsItsOfflinePeriod) {
  m_kiosk = std::make_unique<ChildProcess>(std::vector<std::string>{
      kBin + "/lasis-kiosk", "--headless", "--config", withFleet("kiosk_config", "kiosk-1").string()});
  ASSERT_TRUE(m_fleet->waitFor(kKioskTopic + "state", [](const Seen& s) { return s.body().value("online", false); }, 20s))
      << m_kiosk->stderrText();
  ASSERT_EQ(say(*m_site, "ils down").rfind("ok", 0), 0u);
  ASSERT_EQ(say(*m_site, "pad card P100008").rfind("ok", 0), 0u);
  m_kiosk->writeLine(R"({"cmd":"login","pin":"1234"})");
  auto start = m_fleet->waitFor(kKioskTopic + "events", [](const Seen& s) {
    const auto b = s.body();
    return b.value("type", "") == "offline" && b.value("state", "") == "start";
  }, 20s);
  ASSERT_TRUE(start) << "no offline start";
  ASSERT_TRUE(m_fleet->waitFor(kKioskTopic + "state", [](const Seen& s) {
    const auto b = s.body();
    return b.contains("online") && !b.value("online", true);
  }));
  ASSERT_EQ(say(*m_site, "ils up").rfind("ok", 0), 0u);
  auto end = m_fleet->waitFor(kKioskTopic + "events", [](const Seen& s) {
    const auto b = s.body();
    return b.value("type", "") == "offline" && b.value("state", "") == "end";
  }, 40s);
  ASSERT_TRUE(end) << "no offline end";
  EXPECT_TRUE(end->body().contains("seconds")) << end->payload;
}
