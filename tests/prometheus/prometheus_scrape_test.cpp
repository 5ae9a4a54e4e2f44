// The shipped Prometheus set-up against real devices (issue 23): `lasis-sim site` as the branch,
// the real lasis-gate and headless lasis-kiosk on its configs with their /metrics on 127.0.0.1,
// and a real `prometheus` started on a config derived from deploy/prometheus/prometheus.yml
// (only the target directory, the intervals and the alertmanager address changed) with a
// target file written the way lasis-fleet writes it. Both targets must come up, and a kiosk and
// a gate series must carry the network, branch and device labels of the target file.
#include "tests/support/childprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

using namespace lasis::test;
using namespace std::chrono_literals;

namespace {

const std::string kBin = LASIS_BIN_DIR;
const std::string kDeploy = LASIS_DEPLOY_PROMETHEUS_DIR;

/// A port nothing listens on right now (the kernel's choice of a free one).
int freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

/// The body of GET `path` on 127.0.0.1:`port` (HTTP/1.0: no chunked answer to decode), or "".
std::string httpGet(int port, const std::string& path) {
  const int fd = connectLoopback(port);
  if (fd < 0) return {};
  const std::string req = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  (void)::write(fd, req.data(), req.size());
  std::string resp;
  char buf[8192];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) resp.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  const auto head = resp.find("\r\n\r\n");
  return head == std::string::npos ? std::string() : resp.substr(head + 4);
}

std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Replaces every `from` in `text` by `to`; how many there were.
int replaceAll(std::string& text, const std::string& from, const std::string& to) {
  int n = 0;
  for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size(), ++n) text.replace(at, from.size(), to);
  return n;
}

bool onPath(const std::string& program) {
  return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

/// The "host:port" of a device's "http://host:port/metrics" ready-line URL.
std::string hostPort(const std::string& url) {
  const auto start = url.find("://");
  if (start == std::string::npos) return {};
  const auto end = url.find('/', start + 3);
  return url.substr(start + 3, end == std::string::npos ? std::string::npos : end - start - 3);
}

} // namespace

TEST(PrometheusScrape, TheShippedConfigScrapesARealKioskAndGateWithTheirFleetLabels) {
  if (!onPath("prometheus")) GTEST_SKIP() << "prometheus is not installed (Debian: apt install prometheus)";
  const auto dir = freshTestDir("prometheus-scrape");

  // 1. The simulated branch, and the real gate and kiosk on its configs with /metrics on a free port.
  ChildProcess site({kBin + "/lasis-sim", "site", "--console"});
  const auto ready = site.readLine(20s);
  ASSERT_TRUE(ready) << site.stderrText();
  const auto info = nlohmann::json::parse(*ready);
  const std::string kioskConfig = info["kiosk_config"], gateConfig = info["gate_config"];
  for (const auto& config : {kioskConfig, gateConfig})
    std::ofstream(config, std::ios::app) << "\n[metrics]\nlisten = \"127.0.0.1:0\"\n";
  ChildProcess gate({kBin + "/lasis-gate", "--config", gateConfig});
  const auto gateReady = gate.readLine(20s);
  ASSERT_TRUE(gateReady) << gate.stderrText();
  const std::string gateTarget = hostPort(nlohmann::json::parse(*gateReady).value("metrics", ""));
  ASSERT_FALSE(gateTarget.empty()) << *gateReady;
  ChildProcess kiosk({kBin + "/lasis-kiosk", "--headless", "--config", kioskConfig});
  const auto kioskReady = kiosk.readLine(20s);
  ASSERT_TRUE(kioskReady) << kiosk.stderrText();
  const std::string kioskTarget = hostPort(nlohmann::json::parse(*kioskReady).value("metrics", ""));
  ASSERT_FALSE(kioskTarget.empty()) << *kioskReady;

  // 2. The target file, as lasis-fleet writes it (the format prometheus.yml documents).
  std::filesystem::create_directories(dir / "targets");
  const nlohmann::json groups = nlohmann::json::array({
      {{"targets", {kioskTarget}}, {"labels", {{"kind", "kiosk"}, {"network", "testnet"}, {"branch", "site"}, {"device", "kiosk-1"}}}},
      {{"targets", {gateTarget}}, {"labels", {{"kind", "gate"}, {"network", "testnet"}, {"branch", "site"}, {"device", "gate-1"}}}},
  });
  std::ofstream(dir / "targets/testnet-site.json") << groups.dump(2);

  // 3. The shipped config with only what a test must change: where the targets are, how often
  // to scrape (1 s, not 30 s), and an alertmanager address nothing listens on. The rules beside it.
  std::string config = readFile(kDeploy + "/prometheus.yml");
  ASSERT_EQ(replaceAll(config, "\"/var/lib/lasis-fleet/targets/*.json\"", "\"" + (dir / "targets").string() + "/*.json\""), 2)
      << config;
  ASSERT_EQ(replaceAll(config, "scrape_interval: 30s", "scrape_interval: 1s"), 1);
  ASSERT_EQ(replaceAll(config, "scrape_timeout: 10s", "scrape_timeout: 1s"), 1);
  ASSERT_EQ(replaceAll(config, "evaluation_interval: 30s", "evaluation_interval: 1s"), 1);
  ASSERT_EQ(replaceAll(config, "127.0.0.1:9093", "127.0.0.1:" + std::to_string(freePort())), 1);
  std::ofstream(dir / "prometheus.yml") << config;
  std::filesystem::copy_file(kDeploy + "/lasis-alerts.yml", dir / "lasis-alerts.yml");

  // 4. A real Prometheus on a free port, storage in the test's directory.
  const int port = freePort();
  ASSERT_GT(port, 0);
  ChildProcess prometheus({"/bin/sh", "-c",
                           "exec prometheus --config.file=" + (dir / "prometheus.yml").string() + " --storage.tsdb.path=" +
                               (dir / "data").string() + " --web.listen-address=127.0.0.1:" + std::to_string(port)});

  // 5. Both targets up, each in its job with the fleet's labels (and without "kind").
  nlohmann::json targets;
  bool exited = false;
  const bool up = eventually([&] {
    if (prometheus.wait(0ms)) return exited = true;  // a config it refused: no use waiting
    targets = nlohmann::json::parse(httpGet(port, "/api/v1/targets?state=active"), nullptr, false);
    if (!targets.is_object() || !targets.contains("data")) return false;
    const auto& active = targets["data"]["activeTargets"];
    return active.is_array() && active.size() == 2 &&
           std::all_of(active.begin(), active.end(), [](const nlohmann::json& t) { return t.value("health", "") == "up"; });
  }, 60s, 200ms);
  ASSERT_FALSE(exited) << "prometheus exited: " << prometheus.stderrText();
  ASSERT_TRUE(up) << targets.dump(2) << "\n" << prometheus.stderrText();
  std::map<std::string, nlohmann::json> byJob;
  for (const auto& t : targets["data"]["activeTargets"]) byJob[t["labels"].value("job", "")] = t["labels"];
  ASSERT_EQ(byJob.size(), 2u) << targets.dump(2);
  EXPECT_EQ(byJob["lasis-kiosk"].value("device", ""), "kiosk-1") << targets.dump(2);
  EXPECT_EQ(byJob["lasis-kiosk"].value("instance", ""), kioskTarget);
  EXPECT_EQ(byJob["lasis-gate"].value("device", ""), "gate-1") << targets.dump(2);
  EXPECT_EQ(byJob["lasis-gate"].value("instance", ""), gateTarget);
  for (const auto& [job, labels] : byJob) {
    EXPECT_EQ(labels.value("network", ""), "testnet") << job;
    EXPECT_EQ(labels.value("branch", ""), "site") << job;
    EXPECT_FALSE(labels.contains("kind")) << job << ": " << labels.dump();
  }

  // 6. One kiosk series and one gate series, queried back with their labels and values.
  const auto query = [&](const std::string& q) {
    nlohmann::json r;
    eventually([&] {
      r = nlohmann::json::parse(httpGet(port, "/api/v1/query?query=" + q), nullptr, false);
      return r.is_object() && r.value("status", "") == "success" && !r["data"]["result"].empty();
    }, 20s, 200ms);
    return r;
  };
  const auto online = query("lasis_kiosk_online");
  ASSERT_EQ(online["data"]["result"].size(), 1u) << online.dump(2);
  const auto& k = online["data"]["result"][0];
  EXPECT_EQ(k["metric"].value("job", ""), "lasis-kiosk") << k.dump();
  EXPECT_EQ(k["metric"].value("network", ""), "testnet") << k.dump();
  EXPECT_EQ(k["metric"].value("branch", ""), "site") << k.dump();
  EXPECT_EQ(k["metric"].value("device", ""), "kiosk-1") << k.dump();
  EXPECT_EQ(k["value"][1], "1") << "the site's library system answers: " << k.dump();

  const auto readers = query("lasis_gate_readers_configured");
  ASSERT_EQ(readers["data"]["result"].size(), 1u) << readers.dump(2);
  const auto& g = readers["data"]["result"][0];
  EXPECT_EQ(g["metric"].value("job", ""), "lasis-gate") << g.dump();
  EXPECT_EQ(g["metric"].value("network", ""), "testnet") << g.dump();
  EXPECT_EQ(g["metric"].value("branch", ""), "site") << g.dump();
  EXPECT_EQ(g["metric"].value("device", ""), "gate-1") << g.dump();
  EXPECT_EQ(g["value"][1], "1") << "the site's gate has one antenna: " << g.dump();

  // 7. The shipped rules loaded (every alert of lasis-alerts.yml, none firing on this healthy branch).
  const auto rules = nlohmann::json::parse(httpGet(port, "/api/v1/rules?type=alert"), nullptr, false);
  std::size_t alerts = 0;
  if (rules.is_object())
    for (const auto& group : rules["data"]["groups"])
      for (const auto& rule : group["rules"]) {
        ++alerts;
        EXPECT_EQ(rule.value("state", ""), "inactive") << rule.dump();
      }
  EXPECT_EQ(alerts, 8u) << rules.dump(2);

  prometheus.stop();
  kiosk.closeStdin();
  kiosk.stop();
  gate.stop();
  site.writeLine("quit");
  site.wait(10s);
  std::filesystem::remove_all(dir);
}
