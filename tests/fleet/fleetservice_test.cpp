// lasis-fleet against a real mosquitto (issue 23): the test makes every certificate with the real
// `lasis fleet enroll` and the signing key with `lasis fleet keygen`, starts `mosquitto -c` from
// the shipped deploy/mosquitto/lasis.conf and lasis.acl (paths and port replaced), the real
// `lasis-fleet` process on a config of its own, and simulated devices: FleetLink objects in this
// process (kiosk-1 in branch central, gate-1 in branch north) and, for the kill, a link in a child
// process (fleetlink_child). It talks to lasis-fleet over HTTP as the dashboard and `lasis fleet` do.
#include "common/core/clock.h"
#include "common/core/config.h"
#include "common/fleet/command.h"
#include "common/fleet/fleetconfig.h"
#include "common/fleet/seqfile.h"
#include "drivers/fleet/ed25519.h"
#include "drivers/fleet/fleetlink.h"
#include "fleet/fleetstore.h"
#include "tests/fleet/fleetharness.h"
#include "tests/fleet/fleetservice_harness.h"
#include "tests/support/childprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <poll.h>
#include <pwd.h>

#include <fstream>
#include <mutex>
#include <regex>

using namespace lasis;
using namespace lasis::fleet;
using namespace lasis::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using nlohmann::json;
// The broker, free ports and files as the link's own tests have them.
using lasis::fleettest::Broker;
using lasis::fleettest::freePort;
using lasis::fleettest::kMosquitto;
using lasis::fleettest::readText;
using namespace lasis::fleettest;

namespace {

const Identity kKiosk{"zt", "central", "kiosk-1"};
const Identity kGate{"zt", "north", "gate-1"};
const Identity kGate2{"zt", "north", "gate-2"};  // in a child process, for the kill

class FleetServiceTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    if (!fs::exists(kMosquitto)) return;
    s_dir = new fs::path(freshTestDir("fleetservice"));
    const auto& d = *s_dir;
    std::vector<fleettest::Enrollee> devices;
    for (const auto& id : {kKiosk, kGate, kGate2}) devices.push_back({id.network, id.branch, id.device, id.device});
    EXPECT_EQ(enrollNetwork(d, devices), "");
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
    const auto& d = *s_dir;
    m_config = writeFleetServiceConfig(d, m_broker->port(), "zt");
    std::string out, err;
    ASSERT_EQ(runProgram("lasis-fleet", {"--config", m_config.string(), "--add-user", "anna"}, &out, &err, kPassword), 0) << err;
    std::ofstream(d / "state/password") << kPassword << "\n";
    m_fleet = startFleetService(m_config, m_port, err);
    ASSERT_TRUE(m_fleet) << err;
  }
  void TearDown() override {
    if (HasFailure() && m_fleet) std::cerr << "--- lasis-fleet's log ---\n" << m_fleet->stderrText();
    if (HasFailure() && m_broker) std::cerr << "--- mosquitto's log ---\n" << m_broker->log();
    m_fleet.reset();
    m_broker.reset();
  }

  std::string login(const std::string& password = kPassword) { return fleettest::login(m_port, password); }

  std::string fleetToml(const Identity& id) const {
    const auto d = *s_dir / id.device;
    return "[fleet]\nbroker = \"mqtts://127.0.0.1:" + std::to_string(m_broker->port()) + "\"\nnetwork = \"" + id.network +
           "\"\nbranch = \"" + id.branch + "\"\ndevice = \"" + id.device + "\"\nca_file = \"" + (d / "ca.crt").string() +
           "\"\ncert_file = \"" + (d / "device.crt").string() + "\"\nkey_file = \"" + (d / "device.key").string() +
           "\"\noutbox = \"" + (*s_dir / "state" / (id.device + "-outbox.db")).string() + "\"\nkeepalive_s = 5\n";
  }

  /// A simulated device: the product's fleet link in this process.
  std::unique_ptr<FleetLink> startLink(const Identity& id, const std::string& kind, FleetLink::InboundHandler onInbound = nullptr) {
    auto doc = ConfigDoc::parse(fleetToml(id), "test.toml");
    EXPECT_TRUE(doc.ok());
    auto cfg = loadFleetConfig(*doc);
    EXPECT_TRUE(cfg.ok()) << cfg.error().message();
    FleetLinkOptions o;
    o.config = **cfg;
    o.kind = kind;
    o.version = "1.2.3-test";
    o.log = makeLogger("fleet");
    o.reconnectMin = 200ms;
    o.reconnectMax = 1000ms;
    auto link = FleetLink::start(std::move(o), std::move(onInbound));
    EXPECT_TRUE(link.ok()) << link.error().message();
    return link ? std::move(*link) : nullptr;
  }

  json waitDevice(const std::string& cookie, const Identity& id, const std::function<bool(const json&)>& pred,
                  std::chrono::milliseconds timeout = 10s) {
    return fleettest::waitDevice(m_port, cookie, id.branch, id.device, pred, timeout);
  }

  static inline fs::path* s_dir = nullptr;
  std::unique_ptr<Broker> m_broker;
  std::unique_ptr<ChildProcess> m_fleet;
  fs::path m_config;
  int m_port = 0;
};

} // namespace

// (a) Devices of two branches appear with their state and its fields; (f) the Prometheus target
// file lists those that said where their metrics are.
TEST_F(FleetServiceTest, DevicesAppearWithTheirStateAndInTheTargetsFile) {
  const auto cookie = login();
  ASSERT_FALSE(cookie.empty());
  auto kiosk = startLink(kKiosk, "kiosk");
  auto gate = startLink(kGate, "gate");
  // Online first, then the fields change (a state replaces the one before, not only the first).
  ASSERT_FALSE(waitDevice(cookie, kKiosk, [](const json& d) { return d["state"] == "online"; }).is_null());
  ASSERT_FALSE(waitDevice(cookie, kGate, [](const json& d) { return d["state"] == "online"; }).is_null());
  ASSERT_TRUE(kiosk->setState({{"queue_depth", 3}, {"queue_exceptions", 1}, {"metrics", "127.0.0.1:9464"}}).ok());
  ASSERT_TRUE(gate->setState({{"faults", json::array({"reader"})}, {"metrics", "127.0.0.1:9465"}}).ok());

  const auto k = waitDevice(cookie, kKiosk, [](const json& d) { return d["fields"].value("queue_exceptions", 0) == 1; });
  ASSERT_FALSE(k.is_null());
  EXPECT_EQ(k.value("state", ""), "online");
  EXPECT_EQ(k.value("kind", ""), "kiosk");
  EXPECT_EQ(k.value("version", ""), "1.2.3-test");
  EXPECT_EQ(k["fields"].value("queue_depth", 0), 3);
  EXPECT_GT(k.value("last_seen_ms", std::int64_t{0}), 0);
  const auto g = waitDevice(cookie, kGate, [](const json& d) { return d["fields"].contains("faults"); });
  ASSERT_FALSE(g.is_null());
  EXPECT_EQ(g.value("state", ""), "online");
  EXPECT_EQ(g.value("kind", ""), "gate");
  EXPECT_EQ(g["fields"]["faults"], json::array({"reader"}));

  const auto targets = *s_dir / "state/targets/lasis-fleet.json";
  json t;
  ASSERT_TRUE(eventually([&] {
    t = json::parse(readText(targets), nullptr, false);
    return t.is_array() && t.size() == 2;
  }, 5s)) << readText(targets);
  std::set<std::string> seen;
  for (const auto& group : t) {
    ASSERT_EQ(group["targets"].size(), 1u);
    seen.insert(group["targets"][0].get<std::string>() + " " + group["labels"].value("kind", "") + " " +
                group["labels"].value("network", "") + "/" + group["labels"].value("branch", "") + "/" +
                group["labels"].value("device", ""));
  }
  EXPECT_EQ(seen, (std::set<std::string>{"127.0.0.1:9464 kiosk zt/central/kiosk-1", "127.0.0.1:9465 gate zt/north/gate-1"}));
}

// (b) An alarm shows on the live feed within a few seconds and in the event log, filtered.
TEST_F(FleetServiceTest, AlarmArrivesOnTheLiveFeedAndInTheEventLog) {
  const auto cookie = login();
  ASSERT_FALSE(cookie.empty());
  auto kiosk = startLink(kKiosk, "kiosk");
  auto gate = startLink(kGate, "gate");
  ASSERT_FALSE(waitDevice(cookie, kGate, [](const json& d) { return d["state"] == "online"; }).is_null());
  LiveFeed live(m_port, cookie);
  ASSERT_NE(live.waitFor(": hello", 5s).find(": hello"), std::string::npos) << "the live feed did not open";
  ASSERT_TRUE(kiosk->publishEvent("staff_call", {{"where", "desk"}}).ok());
  ASSERT_TRUE(gate->publishEvent("alarm", {{"item", "30012345"}, {"direction", "out"}}).ok());
  const auto feed = live.waitFor("30012345", 5s);
  EXPECT_NE(feed.find("event: event\ndata: "), std::string::npos) << feed;
  EXPECT_NE(feed.find("\"type\":\"alarm\""), std::string::npos) << feed;

  const auto r = http(m_port, "GET", "/api/events?type=alarm&branch=north", cookie);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto events = r.j()["events"];
  ASSERT_EQ(events.size(), 1u) << r.body;
  EXPECT_EQ(events[0].value("device", ""), "gate-1");
  EXPECT_EQ(events[0]["fields"].value("item", ""), "30012345");
  EXPECT_EQ(events[0]["fields"].value("direction", ""), "out");
  const auto all = http(m_port, "GET", "/api/events", cookie).j()["events"];
  EXPECT_EQ(all.size(), 2u) << all.dump();
  const auto g = waitDevice(cookie, kGate, [](const json& d) { return d.value("alarms_today", 0) == 1; }, 2s);
  EXPECT_FALSE(g.is_null()) << "alarms today";
}

// An event delivered twice (QoS 1 repeats one whose acknowledgement was lost) is kept once:
// gate-1's own certificate publishes the same seq twice with mosquitto_pub.
TEST_F(FleetServiceTest, RepeatedEventIsStoredOnce) {
  if (!fs::exists("/usr/bin/mosquitto_pub")) GTEST_SKIP() << "mosquitto_pub is not installed (Debian: mosquitto-clients)";
  const auto cookie = login();
  ASSERT_FALSE(cookie.empty());
  const auto d = *s_dir / kGate.device;
  const std::string event = R"({"seq":7,"at":"2026-12-06T15:00:00.000Z","type":"alarm","item":"30055555","direction":"out"})";
  for (int i = 0; i < 2; ++i) {
    ChildProcess pub({"/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", std::to_string(m_broker->port()), "--cafile",
                      (d / "ca.crt").string(), "--cert", (d / "device.crt").string(), "--key", (d / "device.key").string(),
                      "-q", "1", "-t", topicFor(kGate, Channel::events), "-m", event});
    ASSERT_EQ(pub.wait(10s).value_or(-1), 0) << pub.stderrText();
  }
  json events;
  ASSERT_TRUE(eventually([&] {
    events = http(m_port, "GET", "/api/events?device=gate-1", cookie).j()["events"];
    return events.size() >= 1;
  }, 5s));
  ::usleep(500'000);  // the repeat has had time to arrive too
  events = http(m_port, "GET", "/api/events?device=gate-1", cookie).j()["events"];
  ASSERT_EQ(events.size(), 1u) << events.dump();
  EXPECT_EQ(events[0].value("seq", 0), 7);
}

// (c) A device's process killed without a goodbye shows offline (the broker's last will).
TEST_F(FleetServiceTest, KilledDeviceShowsOffline) {
  const auto cookie = login();
  ASSERT_FALSE(cookie.empty());
  const auto toml = *s_dir / "state/child.toml";
  std::ofstream(toml) << fleetToml(kGate2);
  ChildProcess child({LASIS_FLEETLINK_CHILD, toml.string(), "gate"});
  ASSERT_TRUE(child.readLine(10s)) << child.stderrText();
  ASSERT_FALSE(waitDevice(cookie, kGate2, [](const json& d) { return d["state"] == "online"; }).is_null()) << child.stderrText();
  child.signal(SIGKILL);
  child.wait(5s);
  // keepalive_s = 5: the broker gives up after 1.5 × 5 s.
  const auto d = waitDevice(cookie, kGate2, [](const json& x) { return x["state"] == "offline"; }, 20s);
  ASSERT_FALSE(d.is_null()) << "still online after the kill";
  EXPECT_EQ(d.value("kind", ""), "gate");
}

// (d) A command sent through the API reaches the device's cmd topic, signed with the network's
// key: the device's own verifier accepts it with the public key; the next one has a higher seq;
// one a device would refuse is refused here, using up no seq.
TEST_F(FleetServiceTest, CommandReachesTheDeviceSignedAndVerifies) {
  const auto cookie = login();
  ASSERT_FALSE(cookie.empty());
  std::mutex mutex;
  std::vector<std::pair<Channel, std::string>> inbound;
  auto kiosk = startLink(kKiosk, "kiosk", [&](Channel c, const std::string& payload) {
    std::lock_guard lock(mutex);
    inbound.emplace_back(c, payload);
  });
  ASSERT_FALSE(waitDevice(cookie, kKiosk, [](const json& d) { return d["state"] == "online"; }).is_null());
  // Give the link a moment to subscribe to its cmd topic after its birth.
  ::usleep(500'000);

  const auto bad = http(m_port, "POST", "/api/command", cookie,
                        json{{"device", "zt/central/kiosk-1"}, {"cmd", "reload"}, {"args", {{"now", 1}}}}.dump());
  EXPECT_EQ(bad.status, 400) << bad.body;
  const auto r = http(m_port, "POST", "/api/command", cookie,
                      json{{"device", "zt/central/kiosk-1"}, {"cmd", "notice"},
                           {"args", {{"text", {{"en", "Closing at 17:00"}}}, {"seconds", 600}}}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.j().value("seq", 0), 1) << "the refused command used up a seq";
  EXPECT_EQ(r.j().value("topic", ""), "lasis/v1/zt/central/kiosk-1/cmd");
  const auto r2 = http(m_port, "POST", "/api/command", cookie, json{{"device", "zt/central/kiosk-1"}, {"cmd", "send-queue"}}.dump());
  ASSERT_EQ(r2.status, 200) << r2.body;
  EXPECT_EQ(r2.j().value("seq", 0), 2);

  ASSERT_TRUE(eventually([&] { std::lock_guard lock(mutex); return inbound.size() >= 2; }, 5s)) << "no command arrived";
  Ed25519KeyRing ring;
  ASSERT_TRUE(ring.addFile(*s_dir / "keys/fleet-signing.pub"));
  FileSeqStore store(*s_dir / "state/kiosk-seq");
  SystemClock clock;
  auto verifier = CommandVerifier::open("zt/central/kiosk-1", ring, store, clock);
  ASSERT_TRUE(verifier);
  std::lock_guard lock(mutex);
  ASSERT_EQ(inbound[0].first, Channel::cmd);
  const auto v1 = verifier->verify(inbound[0].second);
  ASSERT_TRUE(v1.accepted()) << v1.refusal().message;
  EXPECT_EQ(v1.command().name, CommandName::notice);
  EXPECT_EQ(v1.command().notice->text.at("en"), "Closing at 17:00");
  const auto v2 = verifier->verify(inbound[1].second);
  ASSERT_TRUE(v2.accepted()) << v2.refusal().message;
  EXPECT_EQ(v2.command().name, CommandName::sendQueue);
  EXPECT_EQ(v2.command().seq, 2u);
}

// (e) Nothing without a login; a wrong password is refused and logged without the password;
// repeated failures are throttled.
TEST_F(FleetServiceTest, EverythingNeedsALoginAndAWrongPasswordIsRefused) {
  EXPECT_EQ(http(m_port, "GET", "/api/devices").status, 401);
  EXPECT_EQ(http(m_port, "GET", "/api/events").status, 401);
  EXPECT_EQ(http(m_port, "GET", "/api/live").status, 401);
  EXPECT_EQ(http(m_port, "POST", "/api/command", "", R"({"device":"zt/central/kiosk-1","cmd":"reload"})").status, 401);
  const auto page = http(m_port, "GET", "/");
  EXPECT_EQ(page.status, 401);
  EXPECT_EQ(page.body.find("EventSource"), std::string::npos) << "the dashboard itself was served without a login";
  EXPECT_EQ(http(m_port, "GET", "/api/devices", "lasis_fleet_session=0123456789abcdef").status, 401) << "a made-up cookie";

  const std::string wrong = "not-the-password-42";
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = http(m_port, "POST", "/login", "", json{{"user", "anna"}, {"password", wrong}}.dump());
  const auto t1 = std::chrono::steady_clock::now();
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.headers.find("Set-Cookie"), std::string::npos);
  EXPECT_EQ(http(m_port, "POST", "/login", "", json{{"user", "nobody"}, {"password", kPassword}}.dump()).status, 401);
  const auto t2 = std::chrono::steady_clock::now();
  // An unknown user costs a password check too: the answer's time does not say who exists.
  EXPECT_GT((t2 - t1) * 3, t1 - t0) << "unknown user answered in "
                                    << std::chrono::duration_cast<std::chrono::milliseconds>(t2 - t1).count() << " ms, a wrong password in "
                                    << std::chrono::duration_cast<std::chrono::milliseconds>(t1 - t0).count() << " ms";
  const auto log = m_fleet->stderrText();
  EXPECT_NE(log.find("login refused for user 'anna'"), std::string::npos) << log;
  EXPECT_EQ(log.find(wrong), std::string::npos) << "the password is in the log";

  const auto cookie = login();
  ASSERT_FALSE(cookie.empty());
  const auto ok = http(m_port, "POST", "/login", "", json{{"user", "anna"}, {"password", kPassword}}.dump());
  EXPECT_NE(ok.headers.find("HttpOnly"), std::string::npos) << ok.headers;
  EXPECT_NE(ok.headers.find("SameSite=Strict"), std::string::npos) << ok.headers;
  EXPECT_EQ(http(m_port, "GET", "/api/devices", cookie).status, 200);
  const auto dashboard = http(m_port, "GET", "/", cookie);
  EXPECT_EQ(dashboard.status, 200);
  EXPECT_NE(dashboard.body.find("EventSource"), std::string::npos);

  // Five failures from one address: the sixth attempt is turned away even with the right password.
  for (int i = 0; i < 5; ++i) http(m_port, "POST", "/login", "", json{{"user", "anna"}, {"password", wrong}}.dump());
  EXPECT_EQ(http(m_port, "POST", "/login", "", json{{"user", "anna"}, {"password", kPassword}}.dump()).status, 429);
  EXPECT_EQ(http(m_port, "GET", "/api/devices", cookie).status, 200) << "a session is not ended by someone else's guesses";
}

// A user added while the service runs can log in after SIGHUP; the sessions already open stay.
TEST_F(FleetServiceTest, UserAddedWhileRunningLogsInAfterSighup) {
  const auto cookie = login();
  ASSERT_FALSE(cookie.empty());
  std::string out, err;
  ASSERT_EQ(runProgram("lasis-fleet", {"--config", m_config.string(), "--add-user", "boris"}, &out, &err, "another password"), 0) << err;
  const auto boris = [&] {
    return http(m_port, "POST", "/login", "", json{{"user", "boris"}, {"password", "another password"}}.dump()).status;
  };
  EXPECT_EQ(boris(), 401) << "read before the SIGHUP";
  m_fleet->signal(SIGHUP);
  EXPECT_TRUE(eventually([&] { return boris() == 200; }, 10s, 200ms)) << m_fleet->stderrText();
  EXPECT_EQ(http(m_port, "GET", "/api/devices", cookie).status, 200);
}

// (g) `lasis fleet status|events --json` through the real binary and the real service.
TEST_F(FleetServiceTest, LasisFleetStatusAndEventsPrintJson) {
  const auto cookie = login();
  ASSERT_FALSE(cookie.empty());
  auto kiosk = startLink(kKiosk, "kiosk");
  auto gate = startLink(kGate, "gate");
  ASSERT_TRUE(gate->publishEvent("alarm", {{"item", "30099999"}, {"direction", "out"}}).ok());
  ASSERT_FALSE(waitDevice(cookie, kKiosk, [](const json& d) { return d["state"] == "online"; }).is_null());
  ASSERT_FALSE(waitDevice(cookie, kGate, [](const json& d) { return d.value("alarms_today", 0) == 1; }).is_null());
  const std::string url = "http://127.0.0.1:" + std::to_string(m_port);
  const std::string pw = (*s_dir / "state/password").string();

  std::string out, err;
  ASSERT_EQ(runProgram("lasis", {"fleet", "status", "--url", url, "--user", "anna", "--password-file", pw, "--json"}, &out, &err), 0) << err;
  const json status = json::parse(out, nullptr, false);
  ASSERT_TRUE(status.contains("devices")) << out;
  std::set<std::string> names;
  for (const auto& d : status["devices"]) names.insert(d.value("branch", "") + "/" + d.value("device", "") + "=" + d.value("state", ""));
  EXPECT_EQ(names, (std::set<std::string>{"central/kiosk-1=online", "north/gate-1=online"}));

  ASSERT_EQ(runProgram("lasis", {"fleet", "events", "--url", url, "--user", "anna", "--password-file", pw, "--type", "alarm", "--json"}, &out, &err), 0) << err;
  const json events = json::parse(out, nullptr, false);
  ASSERT_TRUE(events.contains("events")) << out;
  ASSERT_EQ(events["events"].size(), 1u) << out;
  EXPECT_EQ(events["events"][0]["fields"].value("item", ""), "30099999");

  // send: signed and published by the service; what a device would refuse is exit 1 with its code.
  ASSERT_EQ(runProgram("lasis", {"fleet", "send", "--url", url, "--user", "anna", "--password-file", pw, "--device",
                          "zt/central/kiosk-1", "--cmd", "notice", "--arg", "text.en=Closing at 17:00", "--arg", "seconds=600",
                          "--json"}, &out, &err), 0) << err;
  const json sent = json::parse(out, nullptr, false);
  EXPECT_EQ(sent.value("seq", 0), 1) << out;
  EXPECT_EQ(sent.value("topic", ""), "lasis/v1/zt/central/kiosk-1/cmd") << out;
  EXPECT_EQ(runProgram("lasis", {"fleet", "send", "--url", url, "--user", "anna", "--password-file", pw, "--device",
                          "zt/central/kiosk-1", "--cmd", "self-destruct"}, &out, &err), 1);
  EXPECT_NE(err.find("unknown-command"), std::string::npos) << err;

  // Text for people; a wrong password is exit 1 with the reason.
  ASSERT_EQ(runProgram("lasis", {"fleet", "status", "--url", url, "--user", "anna", "--password-file", pw}, &out, &err), 0) << err;
  EXPECT_NE(out.find("kiosk-1"), std::string::npos) << out;
  std::ofstream(*s_dir / "state/wrong") << "nope\n";
  EXPECT_EQ(runProgram("lasis", {"fleet", "status", "--url", url, "--user", "anna", "--password-file", (*s_dir / "state/wrong").string()}, &out, &err), 1);
  EXPECT_NE(err.find("login refused"), std::string::npos) << err;
}

// deploy/fleet.toml shows every key at its default: with each "# key = value" line uncommented,
// `lasis-fleet --check-config` accepts it (a key it does not read would be refused as unknown).
TEST(FleetServiceConfig, ShippedConfigWithEveryKeyUncommentedIsAccepted) {
  const std::string text = readText(fs::path(LASIS_SOURCE_DIR) / "deploy/fleet.toml");
  const std::string all = std::regex_replace(text, std::regex("\n# ([a-z_]+ = )"), "\n$1");
  ASSERT_NE(all, text);
  const auto dir = freshTestDir("fleetconfig");
  std::ofstream(dir / "fleet.toml") << std::regex_replace(all, std::regex("/etc/lasis-fleet/users"), (dir / "users").string());
  std::string out, err;
  EXPECT_EQ(runProgram("lasis-fleet", {"--config", (dir / "fleet.toml").string(), "--check-config"}, &out, &err), 0) << err;
  std::ofstream(dir / "bad.toml") << all << "\n[storage_typo]\nhistory_days = 1\n";
  EXPECT_EQ(runProgram("lasis-fleet", {"--config", (dir / "bad.toml").string(), "--check-config"}, &out, &err), 1);
  // Commands and events in clear only when asked for by name.
  std::ofstream(dir / "clear.toml") << std::regex_replace(all, std::regex("mqtts://localhost"), "mqtt://localhost");
  EXPECT_EQ(runProgram("lasis-fleet", {"--config", (dir / "clear.toml").string(), "--check-config"}, &out, &err), 1);
  EXPECT_NE(err.find("broker.insecure = true"), std::string::npos) << err;
  fs::remove_all(dir);
}

// The store on its own: history older than the bound goes, counts are summed per hour, the command
// seq rises per device and survives reopening (a restarted service never signs a seq twice).
TEST(FleetStore, PrunesOldEventsSumsCountsAndKeepsCommandSeqs) {
  const auto dir = freshTestDir("fleetstore");
  const std::int64_t now = 1'780'000'000'000;  // ms
  const std::int64_t hour = 3'600'000;
  {
    auto store = lasis::fleetsvc::FleetStore::open(dir / "fleet.db");
    ASSERT_TRUE(store) << store.error().message();
    ASSERT_TRUE(*store->addEvent("zt", "north", "gate-1", {{"seq", 1}, {"type", "counts"}, {"in", 5}, {"out", 2}}, now - 91 * 24 * hour));
    ASSERT_TRUE(*store->addEvent("zt", "north", "gate-1", {{"seq", 2}, {"type", "counts"}, {"in", 3}, {"out", 1}}, now - hour));
    ASSERT_TRUE(*store->addEvent("zt", "north", "gate-1", {{"seq", 3}, {"type", "counts"}, {"in", 4}, {"out", 6}}, now - hour + 1000));
    EXPECT_FALSE(*store->addEvent("zt", "north", "gate-1", {{"seq", 3}, {"type", "counts"}, {"in", 4}, {"out", 6}}, now));
    EXPECT_TRUE(*store->addEvent("zt", "north", "gate-2", {{"seq", 3}, {"type", "counts"}, {"in", 1}}, now));
    // As lasis-gate sends them (docs/fleet.md, Devices): people_in, people_out.
    EXPECT_TRUE(*store->addEvent("zt", "north", "gate-2", {{"seq", 4}, {"type", "counts"}, {"people_in", 10}, {"people_out", 20}}, now));
    EXPECT_FALSE(store->addEvent("zt", "north", "gate-1", {{"type", "alarm"}}, now)) << "an event without a seq";
    auto pruned = store->pruneEvents(now - 90 * 24 * hour);
    ASSERT_TRUE(pruned);
    EXPECT_EQ(*pruned, 1);
    auto hours = store->countsPerHour(now);
    ASSERT_TRUE(hours);
    ASSERT_EQ(hours->size(), 24u);
    std::int64_t in = 0, out = 0;
    for (const auto& h : *hours) {
      in += h.value("in", std::int64_t{0});
      out += h.value("out", std::int64_t{0});
    }
    EXPECT_EQ(in, 18);
    EXPECT_EQ(out, 27);
    EXPECT_EQ(*store->nextCommandSeq("zt/north/gate-1"), 1u);
    EXPECT_EQ(*store->nextCommandSeq("zt/north/gate-1"), 2u);
    EXPECT_EQ(*store->nextCommandSeq("zt/central/kiosk-1"), 1u);
  }
  auto again = lasis::fleetsvc::FleetStore::open(dir / "fleet.db");
  ASSERT_TRUE(again);
  EXPECT_EQ(*again->nextCommandSeq("zt/north/gate-1"), 3u);
  fs::remove_all(dir);
}
