#pragma once
// What the fleet tests share: a real mosquitto from the shipped deploy/mosquitto files (Broker), a
// test-side MQTT client that records what it sees (Probe), free ports and the `lasis` tool.
#include "drivers/fleet/mqttconnect.h"
#include "tests/support/childprocess.h"

#include <mosquitto.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace lasis::fleettest {

using namespace lasis::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using nlohmann::json;

inline const char* kMosquitto = "/usr/sbin/mosquitto";

inline std::string readText(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline int freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

/// A program of this build (`lasis`, `lasis-fleet`, …) with `stdinText` on its stdin: exit status;
/// stdout into `out`.
inline int runProgram(const std::string& binary, const std::vector<std::string>& args, std::string* out = nullptr,
                      std::string* err = nullptr, const std::string& stdinText = "") {
  std::vector<std::string> argv{std::string(LASIS_BIN_DIR) + "/" + binary};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess p(argv);
  if (!stdinText.empty()) p.writeLine(stdinText);
  p.closeStdin();
  std::string text;
  while (auto l = p.readLine(60s)) text += *l + "\n";
  const int rc = p.wait(60s).value_or(-1);
  if (out) *out = text;
  if (err) *err = p.stderrText();
  return rc;
}

/// `lasis ARGS…`: exit status; stdout into `out`.
inline int lasisRun(const std::vector<std::string>& args, std::string* out = nullptr, std::string* err = nullptr) {
  return runProgram("lasis", args, out, err);
}

/// A device of the network to enroll: its certificate, key and the CA go to `dir`/`out`.
struct Enrollee {
  std::string network, branch, device, out;
};

/// A test network's files under `dir`, made by the real `lasis fleet enroll` and `keygen`: ca/,
/// broker/ (the broker's certificate for 127.0.0.1), fleet/ (the service "lasis-fleet"), keys/
/// (the command-signing key) and each device's. Empty when every step worked, else what failed.
inline std::string enrollNetwork(const fs::path& dir, const std::vector<Enrollee>& devices) {
  const auto ca = (dir / "ca").string();
  std::vector<std::vector<std::string>> steps{
      {"fleet", "enroll", "ca", "--out", ca},
      {"fleet", "enroll", "server", "--ca", ca, "--host", "127.0.0.1", "--out", (dir / "broker").string()},
      {"fleet", "enroll", "service", "--ca", ca, "--name", "lasis-fleet", "--out", (dir / "fleet").string()},
      {"fleet", "keygen", "--out", (dir / "keys").string()}};
  for (const auto& e : devices)
    steps.push_back({"fleet", "enroll", "device", "--ca", ca, "--network", e.network, "--branch", e.branch, "--device",
                     e.device, "--out", (dir / e.out).string()});
  fs::create_directories(dir / "keys");
  for (const auto& args : steps) {
    std::string out, err;
    if (lasisRun(args, &out, &err) != 0) return "lasis " + args[1] + " " + args[2] + ": " + err;
  }
  return {};
}

/// lasis-fleet's configuration for a test, `dir`/fleet.toml: the broker on `brokerPort`, network
/// `network`, its certificate in `dir`/fleet (`lasis fleet enroll service --name lasis-fleet`), the
/// command key in `dir`/keys (`lasis fleet keygen`), HTTP on a free port, its state (database,
/// users, targets) in `dir`/state, made empty here. The file's path.
inline fs::path writeFleetServiceConfig(const fs::path& dir, int brokerPort, const std::string& network) {
  fs::remove_all(dir / "state");
  fs::create_directories(dir / "state");
  const auto config = dir / "fleet.toml";
  std::ofstream(config) << "[broker]\nurl = \"mqtts://127.0.0.1:" << brokerPort << "\"\nca_file = \""
                        << (dir / "fleet/ca.crt").string() << "\"\ncert_file = \"" << (dir / "fleet/lasis-fleet.crt").string()
                        << "\"\nkey_file = \"" << (dir / "fleet/lasis-fleet.key").string()
                        << "\"\nkeepalive_s = 5\n[network]\nname = \"" << network << "\"\n[storage]\ndatabase = \""
                        << (dir / "state/fleet.db").string() << "\"\n[http]\nlisten = \"127.0.0.1:0\"\nusers_file = \""
                        << (dir / "state/users").string() << "\"\n[commands]\nsigning_key = \""
                        << (dir / "keys/fleet-signing.key").string() << "\"\n[prometheus]\ntargets_dir = \""
                        << (dir / "state/targets").string() << "\"\n";
  return config;
}

/// The real lasis-fleet on `config`, once it printed its ready line: `port` is its HTTP port. Null,
/// with the reason in `why`, when it did not start.
inline std::unique_ptr<ChildProcess> startFleetService(const fs::path& config, int& port, std::string& why) {
  auto fleet = std::make_unique<ChildProcess>(std::vector<std::string>{std::string(LASIS_BIN_DIR) + "/lasis-fleet", "--config", config.string()});
  const auto ready = fleet->readLine(20s);
  if (!ready) {
    why = "lasis-fleet did not start: " + fleet->stderrText();
    return nullptr;
  }
  const std::string url = json::parse(*ready, nullptr, false).value("http", "");
  port = url.empty() ? 0 : std::atoi(url.c_str() + url.rfind(':') + 1);
  if (port <= 0) {
    why = "lasis-fleet's ready line has no http port: " + *ready;
    return nullptr;
  }
  return fleet;
}

/// One message as a client saw it.
struct Seen {
  std::string topic;
  std::string payload;
  bool retained = false;
  json body() const { return json::parse(payload, nullptr, false); }
};

/// A test-side MQTT client (libmosquitto, its own thread): connects with a certificate (or none),
/// subscribes, publishes, and records what arrives.
class Probe {
public:
  struct Tls {
    std::string ca, cert, key;
  };
  Probe(const std::string& id, int port, const Tls& tls, bool cleanSession = true) {
    m_mosq = mosquitto_new(id.c_str(), cleanSession, this);
    mosquitto_int_option(m_mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    mosquitto_tls_set(m_mosq, tls.ca.c_str(), nullptr, tls.cert.empty() ? nullptr : tls.cert.c_str(),
                      tls.key.empty() ? nullptr : tls.key.c_str(), nullptr);
    mosquitto_reconnect_delay_set(m_mosq, 1, 1, false);
    mosquitto_connect_callback_set(m_mosq, [](mosquitto*, void* self, int rc) {
      auto* p = static_cast<Probe*>(self);
      std::lock_guard lock(p->m_mutex);
      p->m_connack = rc;
      if (rc == 0) p->m_connected = true;
      if (rc == 0) {
        for (const auto& t : p->m_subs) mosquitto_subscribe(p->m_mosq, nullptr, t.c_str(), 1);
      }
    });
    mosquitto_disconnect_callback_set(m_mosq, [](mosquitto*, void* self, int) {
      auto* p = static_cast<Probe*>(self);
      std::lock_guard lock(p->m_mutex);
      p->m_connected = false;
    });
    mosquitto_subscribe_callback_set(m_mosq, [](mosquitto*, void* self, int mid, int n, const int* granted) {
      auto* p = static_cast<Probe*>(self);
      std::lock_guard lock(p->m_mutex);
      p->m_subacks[mid] = n > 0 ? granted[0] : -1;
    });
    mosquitto_publish_callback_set(m_mosq, [](mosquitto*, void* self, int mid) {
      auto* p = static_cast<Probe*>(self);
      std::lock_guard lock(p->m_mutex);
      p->m_acked.insert(mid);
    });
    mosquitto_message_callback_set(m_mosq, [](mosquitto*, void* self, const mosquitto_message* m) {
      auto* p = static_cast<Probe*>(self);
      std::lock_guard lock(p->m_mutex);
      p->m_seen.push_back({m->topic, std::string(static_cast<const char*>(m->payload), static_cast<std::size_t>(m->payloadlen)),
                           m->retain});
    });
    // a refusal shows as never connected
    fleet::mqttConnect(m_mosq, "127.0.0.1", port, 30, /*tls=*/true, /*async=*/true);
    mosquitto_loop_start(m_mosq);
  }
  ~Probe() {
    mosquitto_disconnect(m_mosq);
    mosquitto_loop_stop(m_mosq, false);  // not forced: a cancelled thread may hold a mutex of libmosquitto's
    mosquitto_destroy(m_mosq);
  }
  bool waitConnected(std::chrono::milliseconds t = 5s) {
    return eventually([this] { std::lock_guard lock(m_mutex); return m_connected; }, t);
  }
  int connack() { std::lock_guard lock(m_mutex); return m_connack; }
  /// Subscribes (and again after every reconnect); the granted QoS (128: refused), -1 if no SUBACK.
  int subscribe(const std::string& topic) {
    int mid = 0;
    {
      std::lock_guard lock(m_mutex);
      m_subs.push_back(topic);
    }
    mosquitto_subscribe(m_mosq, &mid, topic.c_str(), 1);
    int granted = -1;
    eventually([&] {
      std::lock_guard lock(m_mutex);
      auto it = m_subacks.find(mid);
      if (it == m_subacks.end()) return false;
      granted = it->second;
      return true;
    });
    return granted;
  }
  /// Publishes at QoS 1; true once the broker's PUBACK came (MQTT 3.1.1 acknowledges a publish
  /// its ACL drops too: only a subscriber can tell).
  bool publish(const std::string& topic, const std::string& payload, bool retain = false) {
    int mid = 0;
    if (mosquitto_publish(m_mosq, &mid, topic.c_str(), static_cast<int>(payload.size()), payload.data(), 1, retain) != 0)
      return false;
    return eventually([&] { std::lock_guard lock(m_mutex); return m_acked.count(mid) > 0; });
  }
  std::vector<Seen> seen() {
    std::lock_guard lock(m_mutex);
    return m_seen;
  }
  std::vector<Seen> seenOn(const std::string& topic) {
    std::vector<Seen> out;
    for (auto& s : seen()) if (s.topic == topic) out.push_back(s);
    return out;
  }
  /// Waits until a message on `topic` satisfies `pred`; the last such message.
  std::optional<Seen> waitFor(const std::string& topic, const std::function<bool(const Seen&)>& pred,
                              std::chrono::milliseconds t = 5s) {
    std::optional<Seen> hit;
    eventually([&] {
      for (auto& s : seenOn(topic)) if (pred(s)) hit = s;
      return hit.has_value();
    }, t);
    return hit;
  }

private:
  mosquitto* m_mosq = nullptr;
  std::mutex m_mutex;
  bool m_connected = false;
  int m_connack = -1;
  std::vector<std::string> m_subs;
  std::map<int, int> m_subacks;
  std::set<int> m_acked;
  std::vector<Seen> m_seen;
};

/// The broker under test: the shipped configuration with this test's paths and port.
class Broker {
public:
  /// `sub`: the directory under `dir` with the broker's certificate, key and CA (as /etc/mosquitto/lasis).
  /// `extraConf`: lines added (a bridge); `bridgeAcl`: the shipped ACL's commented bridge block enabled.
  Broker(const fs::path& dir, int port, const std::string& sub = "broker", const std::string& extraConf = "",
         bool bridgeAcl = false)
      : m_dir(dir / sub), m_port(port) {
    std::string conf = readText(fs::path(LASIS_SOURCE_DIR) / "deploy/mosquitto/lasis.conf");
    conf = std::regex_replace(conf, std::regex("/etc/mosquitto/lasis/"), m_dir.string() + "/");
    const std::string listener = "\nlistener 8883\n";
    const auto at = conf.find(listener);
    if (at != std::string::npos) conf.replace(at, listener.size(), "\nlistener " + std::to_string(port) + " 127.0.0.1\n");
    std::string acl = readText(fs::path(LASIS_SOURCE_DIR) / "deploy/mosquitto/lasis.acl");
    if (bridgeAcl) acl = std::regex_replace(acl, std::regex("\n# (user bridge-|topic )"), "\n$1");
    std::ofstream(m_dir / "lasis.acl") << acl;
    conf += extraConf;
    // What Debian's mosquitto.conf would add, for this test: persistence (saved every second, so
    // a subscriber's session outlives a SIGKILL of the broker), the log on stderr, and the
    // user it runs as (as root, mosquitto would switch to "mosquitto" and not read the keys).
    const passwd* pw = ::getpwuid(::geteuid());
    conf += "\n# test\npersistence true\npersistence_location " + m_dir.string() +
            "/\nautosave_interval 1\nlog_dest stderr\nlog_type all\nuser " + (pw ? pw->pw_name : "root") + "\n";
    std::ofstream(m_dir / "test.conf") << conf;
  }
  bool start() {
    m_proc = std::make_unique<ChildProcess>(std::vector<std::string>{kMosquitto, "-c", (m_dir / "test.conf").string()});
    return eventually([this] {
      const int fd = connectLoopback(m_port);
      if (fd >= 0) ::close(fd);
      return fd >= 0;
    }, 10s);
  }
  void kill() {
    if (m_proc) {
      m_log += m_proc->stderrText();
      m_proc->signal(SIGKILL);
      m_proc->wait(5s);
      m_proc.reset();
    }
  }
  /// Stops the broker as its service would be stopped (SIGTERM: it saves its sessions and goes).
  void stop() {
    if (m_proc) {
      m_log += m_proc->stderrText();
      m_proc->signal(SIGTERM);
      m_proc->wait(10s);
      m_proc.reset();
    }
  }
  std::string log() const { return m_log + (m_proc ? m_proc->stderrText() : ""); }
  int port() const { return m_port; }

private:
  fs::path m_dir;
  int m_port;
  std::unique_ptr<ChildProcess> m_proc;
  std::string m_log;
};

} // namespace lasis::fleettest
