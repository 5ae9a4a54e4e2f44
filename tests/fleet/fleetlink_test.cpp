// The fleet link against a real mosquitto (issue 23): the test makes the network's CA, the
// broker's, two devices' and lasis-fleet's certificates with the real `lasis fleet enroll`,
// starts `mosquitto -c` on a free 127.0.0.1 port with deploy/mosquitto/lasis.conf and lasis.acl
// (only paths and the port replaced, so the shipped files are what is tested), and watches the
// wire with clients of its own (libmosquitto, as lasis-fleet or as a device).
#include "common/core/config.h"
#include "common/fleet/fleetconfig.h"
#include "drivers/fleet/fleetlink.h"
#include "tests/support/childprocess.h"
#include "tests/fleet/fleetharness.h"

#include <gtest/gtest.h>
#include <mosquitto.h>
#include <nlohmann/json.hpp>

#include <pwd.h>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <regex>
#include <thread>

using namespace lasis;
using namespace lasis::fleet;
using namespace lasis::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using nlohmann::json;
using namespace lasis::fleettest;

namespace {


const Identity kKiosk1{"zt", "central", "kiosk-1"};
const Identity kKiosk2{"zt", "central", "kiosk-2"};

class FleetLinkTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    if (!fs::exists(kMosquitto)) return;
    lasis::fleet::mqttLibInit();  // for the probes; the link does its own
    s_dir = new fs::path(freshTestDir("fleetlink"));
    const auto& d = *s_dir;
    auto enroll = [](const std::vector<std::string>& args) {
      std::string out, err;
      std::vector<std::string> all{"fleet", "enroll"};
      all.insert(all.end(), args.begin(), args.end());
      const int rc = lasisRun(all, &out, &err);
      EXPECT_EQ(rc, 0) << err;
      return json::parse(out, nullptr, false);
    };
    const auto ca = (d / "ca").string();
    enroll({"ca", "--out", ca, "--json"});
    enroll({"server", "--ca", ca, "--host", "127.0.0.1", "--out", (d / "broker").string(), "--json"});
    for (const auto& id : {kKiosk1, kKiosk2}) {
      enroll({"device", "--ca", ca, "--network", id.network, "--branch", id.branch, "--device", id.device, "--out",
              (d / id.device).string(), "--json"});
    }
    enroll({"service", "--ca", ca, "--name", "lasis-fleet", "--out", (d / "fleet").string(), "--json"});
    // A device of another network's CA, for the refusal test.
    enroll({"ca", "--out", (d / "other-ca").string()});
    enroll({"device", "--ca", (d / "other-ca").string(), "--network", "zt", "--branch", "central", "--device", "kiosk-1",
            "--out", (d / "forged").string()});
    // Brokers a device must not trust: a certificate for another host, and one of another CA
    // (that broker still trusts the network's CA for its clients: its ca.crt is put there first).
    enroll({"server", "--ca", ca, "--host", "mqtt.example.lv", "--out", (d / "broker-wronghost").string()});
    fs::create_directories(d / "broker-otherca");
    fs::copy_file(d / "ca" / "ca.crt", d / "broker-otherca" / "ca.crt");
    enroll({"server", "--ca", (d / "other-ca").string(), "--host", "127.0.0.1", "--out", (d / "broker-otherca").string()});
    // A branch broker with its bridge's certificate, for the bridge test.
    enroll({"server", "--ca", ca, "--host", "127.0.0.1", "--out", (d / "broker-branch").string()});
    enroll({"service", "--ca", ca, "--name", "bridge-zt-central", "--out", (d / "broker-branch").string()});
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
  }
  void TearDown() override {
    if (HasFailure() && m_broker) std::cerr << "--- mosquitto's log ---\n" << m_broker->log();
    m_broker.reset();
    // A fresh broker per test: no retained state or persisted session carries over.
    if (s_dir) {
      fs::remove(*s_dir / "broker" / "mosquitto.db");
      fs::remove_all(*s_dir / "outbox");
    }
  }

  static Probe::Tls deviceTls(const Identity& id) {
    const auto d = *s_dir / id.device;
    return {(d / "ca.crt").string(), (d / "device.crt").string(), (d / "device.key").string()};
  }
  static Probe::Tls fleetTls() {
    const auto d = *s_dir / "fleet";
    return {(d / "ca.crt").string(), (d / "lasis-fleet.crt").string(), (d / "lasis-fleet.key").string()};
  }

  /// [fleet] for `id` pointing at `port`.
  std::string fleetToml(const Identity& id, int port, const std::string& outbox) const {
    const auto d = *s_dir / id.device;
    return "[fleet]\nbroker = \"mqtts://127.0.0.1:" + std::to_string(port) + "\"\nnetwork = \"" + id.network +
           "\"\nbranch = \"" + id.branch + "\"\ndevice = \"" + id.device + "\"\nca_file = \"" + (d / "ca.crt").string() +
           "\"\ncert_file = \"" + (d / "device.crt").string() + "\"\nkey_file = \"" + (d / "device.key").string() +
           "\"\noutbox = \"" + outbox + "\"\nkeepalive_s = 5\n";
  }
  std::string outboxPath(const std::string& name) const { return (*s_dir / "outbox" / (name + ".db")).string(); }

  /// The link in this process, through the real config reader.
  std::unique_ptr<FleetLink> startLink(const Identity& id, FleetLink::InboundHandler onInbound = nullptr, int port = 0,
                                       std::int64_t outboxMax = 10'000) {
    auto doc = ConfigDoc::parse(fleetToml(id, port ? port : m_broker->port(), outboxPath(id.device)), "test.toml");
    EXPECT_TRUE(doc.ok());
    auto cfg = loadFleetConfig(*doc);
    EXPECT_TRUE(cfg.ok()) << cfg.error().message();
    FleetLinkOptions o;
    o.config = **cfg;
    o.kind = "kiosk";
    o.version = "1.2.3-test";
    o.log = makeLogger("fleet");
    o.reconnectMin = 200ms;
    o.reconnectMax = 1000ms;
    o.outboxMax = outboxMax;
    auto link = FleetLink::start(std::move(o), std::move(onInbound));
    EXPECT_TRUE(link.ok()) << link.error().message();
    return link ? std::move(*link) : nullptr;
  }

  static inline fs::path* s_dir = nullptr;
  std::unique_ptr<Broker> m_broker;
};

} // namespace

// (a) The birth is retained: a client that subscribes after the connect gets it; setState merges.
TEST_F(FleetLinkTest, BirthStateIsRetainedAndSetStateMergesFields) {
  auto link = startLink(kKiosk1);
  ASSERT_TRUE(link);
  ASSERT_TRUE(eventually([&] { return link->status().connected; }, 10s)) << link->status().lastError;
  Probe fleet("test-fleet", m_broker->port(), fleetTls());
  ASSERT_TRUE(fleet.waitConnected());
  const auto topic = topicFor(kKiosk1, Channel::state);
  ASSERT_EQ(fleet.subscribe(topic), 1);
  auto birth = fleet.waitFor(topic, [](const Seen& s) { return s.retained; });
  ASSERT_TRUE(birth) << "no retained state on " << topic;
  const auto b = birth->body();
  EXPECT_EQ(b.value("state", ""), "online");
  EXPECT_EQ(b.value("kind", ""), "kiosk");
  EXPECT_EQ(b.value("version", ""), "1.2.3-test");
  EXPECT_TRUE(std::regex_match(b.value("since", ""), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"))) << b.dump();

  ASSERT_TRUE(link->setState({{"queue_depth", 3}, {"faults", json::array({"reader"})}}).ok());
  auto merged = fleet.waitFor(topic, [](const Seen& s) { return s.body().value("queue_depth", 0) == 3; });
  ASSERT_TRUE(merged);
  EXPECT_EQ(merged->body().value("state", ""), "online");
  EXPECT_EQ(merged->body()["faults"], json::array({"reader"}));
  // A later subscriber gets the merged state as the retained one.
  Probe late("test-late", m_broker->port(), fleetTls());
  ASSERT_TRUE(late.waitConnected());
  late.subscribe(topic);
  auto kept = late.waitFor(topic, [](const Seen& s) { return s.retained; });
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->body().value("queue_depth", 0), 3);
}

// (b) An event arrives with its fields, seq and time; cmd and config reach the callback raw.
TEST_F(FleetLinkTest, EventArrivesWithItsFieldsAndInboundReachesTheCallback) {
  std::mutex m;
  std::vector<std::pair<Channel, std::string>> inbound;
  auto link = startLink(kKiosk1, [&](Channel c, const std::string& p) {
    std::lock_guard lock(m);
    inbound.emplace_back(c, p);
  });
  ASSERT_TRUE(link);
  Probe fleet("test-fleet", m_broker->port(), fleetTls());
  ASSERT_TRUE(fleet.waitConnected());
  ASSERT_EQ(fleet.subscribe("lasis/v1/+/+/+/events"), 1);
  ASSERT_TRUE(link->publishEvent("alarm", {{"item", "30012345"}, {"direction", "out"}}).ok());
  const auto topic = topicFor(kKiosk1, Channel::events);
  auto ev = fleet.waitFor(topic, [](const Seen&) { return true; }, 10s);
  ASSERT_TRUE(ev) << link->status().lastError;
  const auto j = ev->body();
  EXPECT_EQ(j.value("type", ""), "alarm");
  EXPECT_EQ(j.value("item", ""), "30012345");
  EXPECT_EQ(j.value("direction", ""), "out");
  EXPECT_EQ(j.value("seq", 0), 1);
  EXPECT_TRUE(std::regex_match(j.value("at", ""), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"))) << j.dump();
  EXPECT_EQ(ev->payload.rfind("{\"seq\":1,\"at\":", 0), 0u) << "seq, at and type come first: " << ev->payload;
  // Acknowledged, so the outbox is empty again.
  EXPECT_TRUE(eventually([&] { return link->status().outboxDepth == 0; })) << link->status().outboxDepth;
  EXPECT_EQ(link->status().delivered, 1);

  ASSERT_TRUE(eventually([&] { return link->status().connected; }));
  ASSERT_TRUE(fleet.publish(topicFor(kKiosk1, Channel::cmd), std::string("\x01signed\x00bytes", 13)));
  ASSERT_TRUE(fleet.publish(topicFor(kKiosk1, Channel::config), "{\"v\":7}"));
  ASSERT_TRUE(eventually([&] { std::lock_guard lock(m); return inbound.size() == 2; })) << inbound.size();
  std::lock_guard lock(m);
  EXPECT_EQ(inbound[0].first, Channel::cmd);
  EXPECT_EQ(inbound[0].second, std::string("\x01signed\x00bytes", 13));
  EXPECT_EQ(inbound[1].first, Channel::config);
  EXPECT_EQ(inbound[1].second, "{\"v\":7}");
}

// (c) The broker killed, events stored meanwhile, the broker back: all arrive, in order, once.
TEST_F(FleetLinkTest, BrokerKilledAndRestartedLosesNoEventAndRepeatsNone) {
  auto link = startLink(kKiosk1);
  ASSERT_TRUE(link);
  // lasis-fleet's way: a persistent session, so what comes while it is away waits for it.
  auto fleet = std::make_unique<Probe>("test-fleet-persistent", m_broker->port(), fleetTls(), false);
  ASSERT_TRUE(fleet->waitConnected());
  ASSERT_EQ(fleet->subscribe("lasis/v1/+/+/+/events"), 1);
  const auto topic = topicFor(kKiosk1, Channel::events);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(link->publishEvent("counts", {{"in", i}}).ok());
  ASSERT_TRUE(eventually([&] { return fleet->seenOn(topic).size() == 3; }, 10s));
  ::sleep(2);  // the broker saves the session (autosave_interval 1)

  m_broker->kill();
  ASSERT_TRUE(eventually([&] { return !link->status().connected; }, 10s));
  for (int i = 3; i < 23; ++i) ASSERT_TRUE(link->publishEvent(i % 2 ? "alarm" : "counts", {{"i", i}}).ok());
  EXPECT_EQ(link->status().outboxDepth, 20);
  ::sleep(2);
  EXPECT_EQ(link->status().outboxDepth, 20) << "nothing is acknowledged without a broker";
  ASSERT_TRUE(m_broker->start()) << m_broker->log();
  // The subscriber comes back with the same session (libmosquitto's own loop gives up after the
  // TLS error a killed broker causes, so it is a new client object with the same id).
  auto got = fleet->seenOn(topic);
  fleet.reset();
  fleet = std::make_unique<Probe>("test-fleet-persistent", m_broker->port(), fleetTls(), false);
  ASSERT_TRUE(fleet->waitConnected());
  ASSERT_TRUE(eventually([&] { return got.size() + fleet->seenOn(topic).size() >= 23; }, 30s))
      << got.size() + fleet->seenOn(topic).size() << " of 23; " << link->status().lastError;
  ::usleep(500'000);  // a repeat would come now
  for (const auto& s : fleet->seenOn(topic)) got.push_back(s);
  ASSERT_EQ(got.size(), 23u);
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].body().value("seq", -1), static_cast<int>(i) + 1) << "in order, none twice: " << got[i].payload;
  }
  EXPECT_TRUE(eventually([&] { return link->status().outboxDepth == 0; }));
  EXPECT_GE(link->status().connects, 2);
}

// (c'') The broker stopped for a minute (as a service is stopped for an upgrade), events going on
// all the while: once it is back, every one reaches the fleet's persistent session, in order, none
// twice, and the outbox is empty again.
TEST_F(FleetLinkTest, BrokerStoppedForAMinuteLosesNoEvent) {
  auto link = startLink(kKiosk1);
  ASSERT_TRUE(link);
  auto fleet = std::make_unique<Probe>("test-fleet-minute", m_broker->port(), fleetTls(), false);
  ASSERT_TRUE(fleet->waitConnected());
  ASSERT_EQ(fleet->subscribe("lasis/v1/+/+/+/events"), 1);
  const auto topic = topicFor(kKiosk1, Channel::events);
  ASSERT_TRUE(link->publishEvent("counts", {{"i", 0}}).ok());
  ASSERT_TRUE(eventually([&] { return fleet->seenOn(topic).size() == 1; }, 10s));
  ::sleep(2);  // the broker saves the session (autosave_interval 1)
  auto got = fleet->seenOn(topic);
  fleet.reset();

  m_broker->stop();
  const auto stopped = std::chrono::steady_clock::now();
  ASSERT_TRUE(eventually([&] { return !link->status().connected; }, 10s));
  int sent = 1;
  while (std::chrono::steady_clock::now() - stopped < 60s) {  // one event every 5 s for the minute
    ASSERT_TRUE(link->publishEvent(sent % 2 ? "alarm" : "counts", {{"i", sent}}).ok());
    ++sent;
    std::this_thread::sleep_for(5s);
  }
  EXPECT_EQ(link->status().outboxDepth, sent - 1) << "nothing is acknowledged without a broker";
  ASSERT_TRUE(m_broker->start()) << m_broker->log();
  fleet = std::make_unique<Probe>("test-fleet-minute", m_broker->port(), fleetTls(), false);
  ASSERT_TRUE(fleet->waitConnected());
  ASSERT_TRUE(eventually([&] { return got.size() + fleet->seenOn(topic).size() >= static_cast<std::size_t>(sent); }, 30s))
      << got.size() + fleet->seenOn(topic).size() << " of " << sent << "; " << link->status().lastError;
  ::usleep(500'000);  // a repeat would come now
  for (const auto& s : fleet->seenOn(topic)) got.push_back(s);
  ASSERT_EQ(got.size(), static_cast<std::size_t>(sent));
  for (std::size_t i = 0; i < got.size(); ++i)
    EXPECT_EQ(got[i].body().value("i", -1), static_cast<int>(i)) << "in order, none twice: " << got[i].payload;
  EXPECT_TRUE(eventually([&] { return link->status().outboxDepth == 0; }));
}

// (c') A restart of the process delivers what the outbox still holds.
TEST_F(FleetLinkTest, OutboxOfAKilledProcessIsDeliveredByTheNext) {
  const auto toml = *s_dir / "child.toml";
  const std::string outbox = outboxPath("child");
  // First run: no broker where it points, so the events stay in the outbox; then SIGKILL.
  std::ofstream(toml) << fleetToml(kKiosk1, freePort(), outbox);
  {
    ChildProcess child({LASIS_FLEETLINK_CHILD, toml.string(), "gate"});
    ASSERT_TRUE(child.readLine(10s)) << child.stderrText();
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(child.writeLine("event alarm"));
      ASSERT_EQ(child.readLine(5s).value_or(""), "stored") << child.stderrText();
    }
    child.signal(SIGKILL);
    child.wait(5s);
  }
  Probe fleet("test-fleet", m_broker->port(), fleetTls());
  ASSERT_TRUE(fleet.waitConnected());
  ASSERT_EQ(fleet.subscribe("lasis/v1/+/+/+/events"), 1);
  std::ofstream(toml, std::ios::trunc) << fleetToml(kKiosk1, m_broker->port(), outbox);
  // Logging everything it can (libmosquitto's lines too), the link still writes no payload.
  ChildProcess child({LASIS_FLEETLINK_CHILD, toml.string(), "gate"}, {"LASIS_LOG=trace"});
  ASSERT_TRUE(child.readLine(10s)) << child.stderrText();
  const auto topic = topicFor(kKiosk1, Channel::events);
  ASSERT_TRUE(eventually([&] { return fleet.seenOn(topic).size() >= 5; }, 10s)) << child.stderrText();
  const auto got = fleet.seenOn(topic);
  ASSERT_EQ(got.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(got[i].body().value("seq", -1), i + 1);
    EXPECT_EQ(got[i].body().value("n", -1), i + 1);
  }
  EXPECT_TRUE(eventually([&] {
    child.writeLine("status");
    return json::parse(child.readLine(5s).value_or("{}"), nullptr, false).value("depth", -1) == 0;
  }));
  const std::string log = child.stderrText();
  EXPECT_NE(log.find("bytes"), std::string::npos) << "the trace names sizes:\n" << log;
  EXPECT_EQ(log.find("\"n\":"), std::string::npos) << "a payload in the log:\n" << log;
  EXPECT_EQ(log.find("\"seq\":"), std::string::npos) << "a payload in the log:\n" << log;
}

// The outbox is bounded: when full, the oldest "counts" goes first, then the oldest event; the
// rest still leave in order.
TEST_F(FleetLinkTest, FullOutboxDropsOldestCountsFirstAndKeepsOrder) {
  {
    auto link = startLink(kKiosk1, nullptr, freePort(), 5);  // nobody listens there
    ASSERT_TRUE(link);
    const char* types[] = {"alarm", "counts", "alarm", "counts", "alarm", "alarm", "alarm", "alarm"};
    for (int i = 0; i < 8; ++i) ASSERT_TRUE(link->publishEvent(types[i], {{"i", i + 1}}).ok());
    const auto st = link->status();
    EXPECT_EQ(st.outboxDepth, 5);
    EXPECT_EQ(st.dropped, 3);
    EXPECT_FALSE(st.connected);
    EXPECT_TRUE(eventually([&] { return link->status().lastError.find("Connection refused") != std::string::npos; }))
        << link->status().lastError;
  }
  Probe fleet("test-fleet", m_broker->port(), fleetTls());
  ASSERT_TRUE(fleet.waitConnected());
  ASSERT_EQ(fleet.subscribe("lasis/v1/+/+/+/events"), 1);
  auto link = startLink(kKiosk1);
  ASSERT_TRUE(link);
  const auto topic = topicFor(kKiosk1, Channel::events);
  ASSERT_TRUE(eventually([&] { return fleet.seenOn(topic).size() >= 5; }, 10s));
  std::vector<int> seqs;
  for (const auto& m : fleet.seenOn(topic)) seqs.push_back(m.body().value("seq", -1));
  // Dropped: seq 2 and 4 (counts), then 1 (the oldest alarm).
  EXPECT_EQ(seqs, (std::vector<int>{3, 5, 6, 7, 8}));
  // A new event after a restart continues the sequence.
  ASSERT_TRUE(link->publishEvent("alarm", json::object()).ok());
  ASSERT_TRUE(fleet.waitFor(topic, [](const Seen& m) { return m.body().value("seq", -1) == 9; }));
}

// (d) The link's process killed without a goodbye: the broker publishes its will, retained.
TEST_F(FleetLinkTest, KilledDeviceShowsOfflineThroughItsLastWill) {
  const auto toml = *s_dir / "child.toml";
  std::ofstream(toml) << fleetToml(kKiosk2, m_broker->port(), outboxPath("will"));
  Probe fleet("test-fleet", m_broker->port(), fleetTls());
  ASSERT_TRUE(fleet.waitConnected());
  const auto topic = topicFor(kKiosk2, Channel::state);
  ASSERT_EQ(fleet.subscribe(topic), 1);
  ChildProcess child({LASIS_FLEETLINK_CHILD, toml.string(), "gate"});
  ASSERT_TRUE(child.readLine(10s)) << child.stderrText();
  auto online = fleet.waitFor(topic, [](const Seen& s) { return s.body().value("state", "") == "online"; }, 10s);
  ASSERT_TRUE(online) << child.stderrText();
  EXPECT_EQ(online->body().value("kind", ""), "gate");
  child.signal(SIGKILL);
  child.wait(5s);
  auto offline = fleet.waitFor(topic, [](const Seen& s) { return s.body().value("state", "") == "offline"; }, 15s);
  ASSERT_TRUE(offline) << "no last will";
  EXPECT_EQ(offline->body().value("kind", ""), "gate");
  Probe late("test-late", m_broker->port(), fleetTls());
  ASSERT_TRUE(late.waitConnected());
  late.subscribe(topic);
  auto kept = late.waitFor(topic, [](const Seen& s) { return s.retained; });
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->body().value("state", ""), "offline") << "the will is retained";
}

// A graceful stop says offline too (a clean disconnect does not fire the will).
TEST_F(FleetLinkTest, GracefulStopPublishesOffline) {
  auto link = startLink(kKiosk1);
  ASSERT_TRUE(link);
  ASSERT_TRUE(eventually([&] { return link->status().connected; }, 10s));
  link->stop();
  Probe fleet("test-fleet", m_broker->port(), fleetTls());
  ASSERT_TRUE(fleet.waitConnected());
  const auto topic = topicFor(kKiosk1, Channel::state);
  fleet.subscribe(topic);
  auto kept = fleet.waitFor(topic, [](const Seen& s) { return s.retained; });
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->body().value("state", ""), "offline");
}

// (e) The shipped ACL: a device writes only its own subtree and reads only its own cmd/config.
TEST_F(FleetLinkTest, DeviceCannotPublishIntoNorReadAnotherDevicesSubtree) {
  Probe fleet("test-fleet", m_broker->port(), fleetTls());
  Probe k1("test-k1", m_broker->port(), deviceTls(kKiosk1));
  Probe k2("test-k2", m_broker->port(), deviceTls(kKiosk2));
  ASSERT_TRUE(fleet.waitConnected());
  ASSERT_TRUE(k1.waitConnected());
  ASSERT_TRUE(k2.waitConnected());
  ASSERT_EQ(fleet.subscribe("lasis/v1/#"), 1);

  // Into another device's subtree: dropped. Into its own: delivered (the CN with '/' works as %u).
  ASSERT_TRUE(k1.publish(topicFor(kKiosk2, Channel::events), "{\"forged\":1}"));
  ASSERT_TRUE(k1.publish(topicFor(kKiosk2, Channel::state), "{\"state\":\"offline\"}", true));
  ASSERT_TRUE(k1.publish("lasis/v1/zt/central/kiosk-1x/events", "{\"forged\":2}"));
  ASSERT_TRUE(k1.publish(topicFor(kKiosk1, Channel::cmd), "{\"forged\":3}"));  // its own cmd: read only
  ASSERT_TRUE(k1.publish(topicFor(kKiosk1, Channel::events), "{\"own\":1}"));
  ASSERT_TRUE(fleet.waitFor(topicFor(kKiosk1, Channel::events), [](const Seen&) { return true; }));
  ::usleep(300'000);
  for (const auto& s : fleet.seen()) EXPECT_EQ(s.payload, "{\"own\":1}") << "leaked: " << s.topic;

  // Another device's cmd: mosquitto 2.0.11 grants the subscription (SUBACK QoS 1) and checks
  // read access per message, so nothing arrives.
  k1.subscribe(topicFor(kKiosk2, Channel::cmd));
  k1.subscribe("lasis/v1/#");
  ASSERT_EQ(k2.subscribe(topicFor(kKiosk2, Channel::cmd)), 1);
  ASSERT_TRUE(fleet.publish(topicFor(kKiosk2, Channel::cmd), "{\"cmd\":\"silence\"}"));
  ASSERT_TRUE(k2.waitFor(topicFor(kKiosk2, Channel::cmd), [](const Seen&) { return true; }));
  ::usleep(300'000);
  EXPECT_TRUE(k1.seen().empty()) << k1.seen().front().topic;
  // lasis-fleet may command but not speak for a device.
  ASSERT_TRUE(fleet.publish(topicFor(kKiosk2, Channel::events), "{\"forged\":4}"));
  ::usleep(300'000);
  for (const auto& s : fleet.seen()) EXPECT_EQ(s.payload.find("forged"), std::string::npos) << s.topic;
}

// (f) No certificate, or one from another CA: no connection.
TEST_F(FleetLinkTest, ClientWithoutCertificateOrFromAnotherCaIsRefused) {
  const auto d = *s_dir;
  Probe anonymous("test-anon", m_broker->port(), {(d / "fleet" / "ca.crt").string(), "", ""});
  Probe forged("test-forged", m_broker->port(),
               {(d / "fleet" / "ca.crt").string(), (d / "forged" / "device.crt").string(), (d / "forged" / "device.key").string()});
  Probe control("test-control", m_broker->port(), deviceTls(kKiosk1));
  EXPECT_TRUE(control.waitConnected()) << "the same set-up with a certificate connects";
  EXPECT_FALSE(anonymous.waitConnected(3s));
  EXPECT_FALSE(forged.waitConnected(1s));
}

// The link verifies the broker: a certificate for another host name, or from another CA, and it
// does not connect (and says why in its status), where the network's broker is accepted.
TEST_F(FleetLinkTest, LinkRefusesABrokerItCannotVerify) {
  for (const std::string sub : {"broker-wronghost", "broker-otherca"}) {
    SCOPED_TRACE(sub);
    Broker impostor(*s_dir, freePort(), sub);
    ASSERT_TRUE(impostor.start()) << impostor.log();
    auto link = startLink(kKiosk1, nullptr, impostor.port());
    ASSERT_TRUE(link);
    EXPECT_TRUE(eventually([&] { return !link->status().lastError.empty(); }, 5s));
    ::sleep(1);
    EXPECT_FALSE(link->status().connected);
    EXPECT_EQ(link->status().connects, 0) << impostor.log();
    EXPECT_NE(link->status().lastError.find("certificate verify failed"), std::string::npos) << link->status().lastError;
  }
  auto link = startLink(kKiosk1);
  ASSERT_TRUE(link);
  EXPECT_TRUE(eventually([&] { return link->status().connected; }, 10s)) << link->status().lastError;
}

// deploy/mosquitto/bridge.conf.example: a device on its branch broker reaches lasis-fleet on the
// central one (events, retained state), a command comes back the other way, and the bridge's
// certificate cannot speak for another branch (the central ACL's bridge block, as shipped).
TEST_F(FleetLinkTest, BranchBrokerBridgesToTheCentralOne) {
  // The central broker of SetUp, restarted with the bridge block of lasis.acl enabled.
  m_broker->kill();
  const int centralPort = m_broker->port();
  m_broker = std::make_unique<Broker>(*s_dir, centralPort, "broker", "", true);
  ASSERT_TRUE(m_broker->start()) << m_broker->log();
  std::string bridge = readText(fs::path(LASIS_SOURCE_DIR) / "deploy/mosquitto/bridge.conf.example");
  bridge = std::regex_replace(bridge, std::regex("/etc/mosquitto/lasis/"), (*s_dir / "broker-branch").string() + "/");
  bridge = std::regex_replace(bridge, std::regex("address mqtt.example.lv:8883"), "address 127.0.0.1:" + std::to_string(centralPort));
  Broker branch(*s_dir, freePort(), "broker-branch", "\n" + bridge);
  ASSERT_TRUE(branch.start()) << branch.log();

  Probe fleet("test-fleet", centralPort, fleetTls());
  ASSERT_TRUE(fleet.waitConnected());
  ASSERT_EQ(fleet.subscribe("lasis/v1/#"), 1);
  std::mutex m;
  std::vector<std::string> cmds;
  auto link = startLink(kKiosk1, [&](Channel c, const std::string& p) {
    std::lock_guard lock(m);
    if (c == Channel::cmd) cmds.push_back(p);
  }, branch.port());
  ASSERT_TRUE(link);
  ASSERT_TRUE(eventually([&] { return link->status().connected; }, 10s)) << link->status().lastError;
  auto online = fleet.waitFor(topicFor(kKiosk1, Channel::state), [](const Seen& x) {
    return x.body().value("state", "") == "online"; }, 10s);
  ASSERT_TRUE(online) << "no state through the bridge\n" << branch.log();
  ASSERT_TRUE(link->publishEvent("staff_call", {{"where", "desk"}}).ok());
  auto ev = fleet.waitFor(topicFor(kKiosk1, Channel::events), [](const Seen&) { return true; }, 10s);
  ASSERT_TRUE(ev) << branch.log();
  EXPECT_EQ(ev->body().value("type", ""), "staff_call");

  // Back: a command published at the centre reaches the device on its branch broker.
  ASSERT_TRUE(eventually([&] {
    fleet.publish(topicFor(kKiosk1, Channel::cmd), "{\"cmd\":\"reload\"}");
    std::lock_guard lock(m);
    return !cmds.empty();
  }, 10s)) << branch.log();

  // The bridge's certificate at the centre: its own branch only.
  const auto b = *s_dir / "broker-branch";
  Probe rogue("test-bridge-rogue", centralPort,
              {(b / "ca.crt").string(), (b / "bridge-zt-central.crt").string(), (b / "bridge-zt-central.key").string()});
  ASSERT_TRUE(rogue.waitConnected());
  ASSERT_TRUE(rogue.publish("lasis/v1/zt/north/kiosk-9/events", "{\"forged\":1}"));
  ASSERT_TRUE(rogue.publish("lasis/v1/zt/central/kiosk-9/events", "{\"mine\":1}"));
  ASSERT_TRUE(fleet.waitFor("lasis/v1/zt/central/kiosk-9/events", [](const Seen&) { return true; }));
  ::usleep(300'000);
  EXPECT_TRUE(fleet.seenOn("lasis/v1/zt/north/kiosk-9/events").empty());
}
