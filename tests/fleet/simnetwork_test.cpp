// `lasis-sim network` (issue 23) against a real mosquitto: every simulated device comes online
// with the product's own fleet link, and the faults a test or a technician asks for on the
// control channel reach the broker as a real device would say them (an alarm, a dead reader, a
// branch that loses its link). TLS and the ACLs are the link's own tests (fleetlink_test.cpp);
// here the broker listens without them, as a lab's would (--insecure).
#include "tests/support/childprocess.h"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <fstream>
#include <map>
#include <thread>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using nlohmann::json;
using lasis::test::ChildProcess;
using lasis::test::SimDevice;

namespace {

/// A program's full path (ChildProcess execs a path): PATH, then the sbin folders mosquitto lives in.
std::string program(const std::string& name) {
  std::string dirs = std::getenv("PATH") ? std::getenv("PATH") : "";
  dirs += ":/usr/sbin:/sbin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const auto end = dirs.find(':', start);
    const std::string dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const auto path = std::filesystem::path(dir.empty() ? "." : dir) / name;
    if (::access(path.c_str(), X_OK) == 0) return path.string();
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return name;
}

int freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t n = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n);
  ::close(fd);
  return ntohs(a.sin_port);
}

/// The broker accepts connections on `port` (it takes a moment to start).
bool listening(int port, std::chrono::milliseconds deadline = 10s) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < end) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    if (ok) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

/// What a subscriber to the whole network saw: topic → the payloads, in order.
class Watch {
public:
  explicit Watch(int port)
      : m_sub({program("mosquitto_sub"), "-h", "127.0.0.1", "-p", std::to_string(port), "-t", "lasis/v1/#", "-v", "-q", "1"}) {}
  /// Reads until `done` holds or the deadline passes.
  template <class Pred> bool until(Pred done, std::chrono::milliseconds deadline = 15s) {
    const auto end = std::chrono::steady_clock::now() + deadline;
    while (!done(m_seen)) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
      if (left <= 0ms) return false;
      auto line = m_sub.readLine(left);
      if (!line) return false;
      const auto space = line->find(' ');
      if (space == std::string::npos) continue;
      m_seen[line->substr(0, space)].push_back(json::parse(line->substr(space + 1), nullptr, false));
    }
    return true;
  }
  using Seen = std::map<std::string, std::vector<json>>;

private:
  ChildProcess m_sub;
  Seen m_seen;
};

std::string lastState(const Watch::Seen& s, const std::string& device) {
  auto it = s.find("lasis/v1/sim/" + device + "/state");
  return it == s.end() || it->second.empty() ? "" : it->second.back().value("state", "");
}

bool hasEvent(const Watch::Seen& s, const std::string& device, const std::string& type) {
  auto it = s.find("lasis/v1/sim/" + device + "/events");
  if (it == s.end()) return false;
  for (const auto& e : it->second)
    if (e.value("type", "") == type) return true;
  return false;
}

} // namespace

TEST(SimNetwork, EveryDeviceComesOnlineAndFaultsOnRequestReachTheBroker) {
  if (program("mosquitto") == "mosquitto" || program("mosquitto_sub") == "mosquitto_sub")
    GTEST_SKIP() << "mosquitto is not installed";
  const int port = freePort();
  const auto conf = std::filesystem::temp_directory_path() / ("lasis-simnet-" + std::to_string(::getpid()) + ".conf");
  std::ofstream(conf) << "listener " << port << " 127.0.0.1\nallow_anonymous true\npersistence false\n";
  ChildProcess broker({program("mosquitto"), "-c", conf.string()});
  ASSERT_TRUE(listening(port)) << broker.stderrText();
  Watch watch(port);
  SimDevice net({lasis::test::simBinary(), "network", "--broker", "mqtt://127.0.0.1:" + std::to_string(port), "--insecure",
                 "--branches", "3", "--kiosks", "2", "--gates", "1", "--counts-s", "1"});
  ASSERT_TRUE(net.ok()) << net.stderrText();
  EXPECT_EQ(net.info().value("devices", 0), 9);
  const std::vector<std::string> all{"b01/kiosk-1", "b01/kiosk-2", "b01/gate-1", "b02/kiosk-1", "b02/kiosk-2",
                                     "b02/gate-1",  "b03/kiosk-1", "b03/kiosk-2", "b03/gate-1"};
  EXPECT_TRUE(watch.until([&](const Watch::Seen& s) {
    for (const auto& d : all)
      if (lastState(s, d) != "online") return false;
    return true;
  })) << "not every simulated device came online";
  // Each sends its counts every interval, as a real one does.
  EXPECT_TRUE(watch.until([&](const Watch::Seen& s) { return hasEvent(s, "b03/gate-1", "counts") && hasEvent(s, "b02/kiosk-2", "counts"); }));

  EXPECT_TRUE(net.call({{"cmd", "alarm"}, {"device", "b01/gate-1"}, {"item", "30000001"}}).value("ok", false));
  EXPECT_TRUE(watch.until([&](const Watch::Seen& s) { return hasEvent(s, "b01/gate-1", "alarm"); })) << "no alarm on the broker";
  EXPECT_TRUE(net.call({{"cmd", "reader-dies"}, {"device", "b03/gate-1"}}).value("ok", false));
  EXPECT_TRUE(watch.until([&](const Watch::Seen& s) { return hasEvent(s, "b03/gate-1", "fault"); })) << "no fault on the broker";
  EXPECT_TRUE(net.call({{"cmd", "kiosk-offline"}, {"device", "b01/kiosk-2"}}).value("ok", false));
  EXPECT_TRUE(watch.until([&](const Watch::Seen& s) { return hasEvent(s, "b01/kiosk-2", "offline"); }));

  // A branch loses its link: its devices show offline, the others stay online; it comes back.
  EXPECT_EQ(net.call({{"cmd", "branch-down"}, {"branch", "b02"}}).value("devices", 0), 3);
  EXPECT_TRUE(watch.until([&](const Watch::Seen& s) {
    return lastState(s, "b02/kiosk-1") == "offline" && lastState(s, "b02/kiosk-2") == "offline" &&
           lastState(s, "b02/gate-1") == "offline";
  })) << "the branch's devices did not show offline";
  const auto st = net.call({{"cmd", "status"}});
  EXPECT_EQ(st.value("connected", 0), 6) << st.dump();
  EXPECT_TRUE(net.call({{"cmd", "branch-up"}, {"branch", "b02"}}).value("ok", false));
  EXPECT_TRUE(watch.until([&](const Watch::Seen& s) { return lastState(s, "b02/gate-1") == "online"; }));

  // Asked for what a device of that kind cannot do, or of a device that does not exist: said.
  auto bad = net.call({{"cmd", "alarm"}, {"device", "b01/kiosk-1"}});
  EXPECT_FALSE(bad.value("ok", true));
  EXPECT_NE(bad.value("error", "").find("kiosk"), std::string::npos) << bad.dump();
  bad = net.call({{"cmd", "alarm"}, {"device", "b09/gate-1"}});
  EXPECT_FALSE(bad.value("ok", true));
  std::filesystem::remove(conf);
}

TEST(SimNetwork, PlainMqttWithoutInsecureOrTlsWithoutCertificatesIsRefused) {
  ChildProcess plain({lasis::test::simBinary(), "network", "--broker", "mqtt://127.0.0.1:1"});
  EXPECT_EQ(plain.wait(10s), 2);
  EXPECT_NE(plain.stderrText().find("--insecure"), std::string::npos) << plain.stderrText();
  ChildProcess tls({lasis::test::simBinary(), "network", "--broker", "mqtts://127.0.0.1:1"});
  EXPECT_EQ(tls.wait(10s), 2);
  EXPECT_NE(tls.stderrText().find("--certs-dir"), std::string::npos) << tls.stderrText();
}

// More devices than one process's links can hold (libmosquitto's select() ends at descriptor 1023)
// are refused with the way out, and a range of branches past b999 too: no half-started network.
TEST(SimNetwork, MoreDevicesThanOneProcessHoldsOrBranchesPastB999AreRefused) {
  ChildProcess many({lasis::test::simBinary(), "network", "--broker", "mqtt://127.0.0.1:1", "--insecure", "--branches", "2",
                     "--kiosks", "80", "--gates", "0"});
  EXPECT_EQ(many.wait(10s), 2);
  EXPECT_NE(many.stderrText().find("160 devices in one process: at most 150"), std::string::npos) << many.stderrText();
  EXPECT_NE(many.stderrText().find("--first-branch"), std::string::npos) << many.stderrText();
  ChildProcess past({lasis::test::simBinary(), "network", "--broker", "mqtt://127.0.0.1:1", "--insecure", "--first-branch",
                     "999", "--branches", "2"});
  EXPECT_EQ(past.wait(10s), 2);
  EXPECT_NE(past.stderrText().find("b999"), std::string::npos) << past.stderrText();
}
