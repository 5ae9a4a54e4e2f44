// [fleet]: absent is off; each bad key is refused with its name; the topic tree.
#include "common/fleet/fleetconfig.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace lasis;
using namespace lasis::fleet;

namespace {

const std::string kGood = R"(
[fleet]
broker = "mqtts://mqtt.example.lv:8883"
network = "zt"
branch = "central"
device = "kiosk-1"
ca_file = "/etc/lasis/fleet/ca.crt"
cert_file = "/etc/lasis/fleet/device.crt"
key_file = "/etc/lasis/fleet/device.key"
)";

Result<std::optional<FleetConfig>> load(const std::string& text) {
  auto doc = ConfigDoc::parse(text, "kiosk.toml");
  if (!doc) return doc.error();
  return loadFleetConfig(*doc);
}

/// kGood with one line replaced (or removed when `with` is empty).
std::string replaced(const std::string& key, const std::string& with) {
  std::string t = kGood;
  const auto at = t.find("\n" + key + " = ");
  if (at == std::string::npos) return t + with + "\n";
  const auto end = t.find('\n', at + 1);
  t.replace(at + 1, end - at - 1, with);
  return t;
}

/// The load fails and the message names `key`.
void expectRefused(const std::string& text, const std::string& key) {
  auto r = load(text);
  ASSERT_FALSE(r.ok()) << "accepted:\n" << text;
  EXPECT_TRUE(r.error().is(Errc::config));
  EXPECT_NE(r.error().message().find("'" + key + "'"), std::string::npos) << r.error().message();
}

} // namespace

TEST(FleetConfig, AbsentTableIsFleetOff) {
  auto r = load("[other]\n");
  // [other] is unknown to this reader: the error names it, not [fleet].
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message().find("fleet"), std::string::npos) << r.error().message();
  auto empty = load("");
  ASSERT_TRUE(empty.ok()) << empty.error().message();
  EXPECT_FALSE(empty->has_value());
}

TEST(FleetConfig, GoodConfigWithDefaults) {
  auto r = load(kGood);
  ASSERT_TRUE(r.ok()) << r.error().message();
  ASSERT_TRUE(r->has_value());
  const auto& c = **r;
  EXPECT_EQ(c.url.host, "mqtt.example.lv");
  EXPECT_EQ(c.url.port, 8883);
  EXPECT_TRUE(c.url.tls);
  EXPECT_EQ(c.keepalive.count(), 30);
  EXPECT_EQ(c.outbox, "/var/lib/lasis/fleet-outbox.db");
  EXPECT_EQ(topicFor(c.id, Channel::state), "lasis/v1/zt/central/kiosk-1/state");
  EXPECT_EQ(topicFor(c.id, Channel::events), "lasis/v1/zt/central/kiosk-1/events");
  EXPECT_EQ(topicFor(c.id, Channel::cmd), "lasis/v1/zt/central/kiosk-1/cmd");
  EXPECT_EQ(topicFor(c.id, Channel::config), "lasis/v1/zt/central/kiosk-1/config");
  EXPECT_EQ(commonNameOf(c.id), "zt/central/kiosk-1");
  auto port = load(replaced("broker", R"(broker = "mqtts://10.0.0.5")"));
  ASSERT_TRUE(port.ok()) << port.error().message();
  EXPECT_EQ((*port)->url.port, 8883);
}

TEST(FleetConfig, EachBadKeyIsRefusedByName) {
  expectRefused(replaced("broker", R"(broker = "https://mqtt.example.lv")"), "fleet.broker");
  expectRefused(replaced("broker", R"(broker = "mqtts://mqtt.example.lv:99999")"), "fleet.broker");
  expectRefused(replaced("broker", R"(broker = "mqtts://mqtt.example.lv:8883/x")"), "fleet.broker");
  expectRefused(replaced("broker", ""), "fleet.broker");
  // Plain MQTT only when asked for in so many words.
  expectRefused(replaced("broker", R"(broker = "mqtt://10.0.0.5")"), "fleet.broker");
  auto lab = load(replaced("broker", "broker = \"mqtt://10.0.0.5\"\ninsecure = true"));
  ASSERT_TRUE(lab.ok()) << lab.error().message();
  EXPECT_FALSE((*lab)->url.tls);
  EXPECT_EQ((*lab)->url.port, 1883);
  for (const std::string key : {"network", "branch", "device"}) {
    expectRefused(replaced(key, key + " = \"Zt\""), "fleet." + key);
    expectRefused(replaced(key, key + " = \"a/b\""), "fleet." + key);
    expectRefused(replaced(key, key + " = \"+\""), "fleet." + key);
    expectRefused(replaced(key, key + " = \"" + std::string(33, 'a') + "\""), "fleet." + key);
    expectRefused(replaced(key, ""), "fleet." + key);
  }
  for (const std::string key : {"ca_file", "cert_file", "key_file"}) expectRefused(replaced(key, ""), "fleet." + key);
  expectRefused(replaced("keepalive_s", "keepalive_s = 0"), "fleet.keepalive_s");
  expectRefused(replaced("outbox", "outbox = \"\""), "fleet.outbox");
  expectRefused(replaced("brokr", "brokr = \"x\""), "fleet.brokr");
  for (const std::string bad : {"kiosk-1", ":9464", "kiosk-1:", "kiosk-1:0", "kiosk-1:70000", "kiosk-1:94a", "http://k:9464"})
    expectRefused(replaced("metrics_address", "metrics_address = \"" + bad + "\""), "fleet.metrics_address");
}

// The address a device tells lasis-fleet for Prometheus: its own setting, else its metrics
// server's, with the host's name for a wildcard nobody can scrape.
TEST(FleetConfig, MetricsTargetComesFromTheSettingOrTheListenAddress) {
  auto r = load(kGood);
  ASSERT_TRUE(r.ok()) << r.error().message();
  FleetConfig c = **r;
  EXPECT_EQ(metricsTarget(c, "http://127.0.0.1:9464/metrics", "kiosk-1"), "127.0.0.1:9464");
  EXPECT_EQ(metricsTarget(c, "http://10.20.0.7:9465/metrics", "gate-1"), "10.20.0.7:9465");
  EXPECT_EQ(metricsTarget(c, "http://0.0.0.0:9464/metrics", "kiosk-1.central.lan"), "kiosk-1.central.lan:9464");
  EXPECT_EQ(metricsTarget(c, "http://:::9464/metrics", "kiosk-1"), "kiosk-1:9464");
  EXPECT_EQ(metricsTarget(c, "http://::1:9464/metrics", "kiosk-1"), "[::1]:9464");
  EXPECT_EQ(metricsTarget(c, "", "kiosk-1"), "") << "no metrics server: no target";
  auto set = load(replaced("metrics_address", "metrics_address = \"kiosk-1.central.lan:9464\""));
  ASSERT_TRUE(set.ok()) << set.error().message();
  EXPECT_EQ((*set)->metricsAddress, "kiosk-1.central.lan:9464");
  EXPECT_EQ(metricsTarget(**set, "http://127.0.0.1:9464/metrics", "x"), "kiosk-1.central.lan:9464");
  EXPECT_EQ(metricsTarget(**set, "", "x"), "kiosk-1.central.lan:9464");
}

TEST(FleetConfig, AllProblemsAtOnce) {
  auto r = load("[fleet]\nbroker = \"x\"\nnetwork = \"A\"\n");
  ASSERT_FALSE(r.ok());
  for (const char* k : {"fleet.broker", "fleet.network", "fleet.branch", "fleet.device"}) {
    EXPECT_NE(r.error().message().find(k), std::string::npos) << k << " in " << r.error().message();
  }
}

// deploy/gate.toml and deploy/kiosk.toml ship [fleet] commented out ("#[fleet]", "# key = value"):
// uncommented, the table loads, and it shows every option [fleet] reads.
TEST(FleetConfig, ShippedDeviceConfigsShowTheWholeFleetTable) {
  for (const char* file : {"deploy/gate.toml", "deploy/kiosk.toml"}) {
    std::ifstream f(std::string(LASIS_SOURCE_DIR) + "/" + file);
    ASSERT_TRUE(f) << file;
    std::string text;
    int options = 0;
    bool in = false;
    for (std::string line; std::getline(f, line);) {
      if (line == "#[fleet]") {
        in = true;
        text += "[fleet]\n";
        continue;
      }
      if (!in || line.rfind("# ", 0) != 0 || line.find(" = ") == std::string::npos || line[2] == ' ') continue;
      std::string option = line.substr(2);
      if (const auto hash = option.find("  #"); hash != std::string::npos) option.resize(hash);
      text += option + "\n";
      ++options;
    }
    EXPECT_EQ(options, 13) << file;  // insecure, broker, network, branch, device, 3 files, outbox, keepalive_s, command_key,
                                     // seq_file, metrics_address
    auto doc = lasis::ConfigDoc::parse(text, file);
    ASSERT_TRUE(doc) << doc.error().message();
    auto c = lasis::fleet::loadFleetConfig(*doc);
    ASSERT_TRUE(c) << file << ": " << c.error().message() << "\n" << text;
    ASSERT_TRUE(c->has_value()) << file;
    EXPECT_EQ((*c)->url.port, 8883) << file;
    EXPECT_FALSE((*c)->commandKey.empty()) << file;
  }
}
