// Fleet benchmark (issue 23; run by ./run bench and ./run fleet-bench, never by ./run test): a
// library network of N simulated devices (default 1,000, in 20 branches) on one real mosquitto with
// the shipped TLS config and ACL (tests/fleet/fleetharness.h), the real lasis-fleet, and the real
// `lasis-sim network` holding every device's fleet link (in processes of 100 devices: one holds at
// most 150, see networkcommand.cpp), each with its own certificate made by `lasis fleet enroll
// device` (timed; about 7 ms each). The bench logs in to lasis-fleet and reads its live feed (/api/live)
// as the dashboard does. Figures, each with its baseline measured in the same run:
//  1. event device -> dashboard: an alarm asked of a simulated gate on the simulator's control
//     channel until it arrives on the SSE stream, p50 and p99, against a bare MQTT publish ->
//     subscriber through the same broker (same TLS, the same kinds of certificate, QoS 1, two
//     libmosquitto clients in this process), samples interleaved. The control channel's own hop
//     (a refused request: parsed and answered, nothing sent) is measured beside it;
//  2. CPU (user+sys from /proc/PID/stat, % of one core) of mosquitto and lasis-fleet with every
//     device connected, idle (10 s) and while the alarms run, and their memory (VmRSS, VmHWM).
//     The devices' counts come every 60 s, after these windows: the idle one has keep-alives only.
// The bench raises its open-file limit to the hard limit for its children (mosquitto holds a
// socket per device). Every child is stopped by its PID, also on SIGINT/SIGTERM.
// Options: --devices N (1000), --events M (300), --rate R (alarms a second, 20). Other arguments
// are ignored: ./run bench hands its arguments to every bench.
#include "tests/bench/figures.h"
#include "tests/bench/procstats.h"
#include "tests/fleet/fleetharness.h"
#include "tests/fleet/fleetservice_harness.h"

#include <mosquitto.h>
#include <nlohmann/json.hpp>

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace lasis;
using namespace lasis::fleettest;
using lasis::bench::percentiles;
using lasis::bench::cpuSeconds;
using lasis::bench::Memory;
using lasis::bench::memoryOf;
using namespace std::chrono;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const char* kNetwork = "bench";
const std::string kPassword = "fleet bench password";

double msSince(steady_clock::time_point t0, steady_clock::time_point t1) {
  return duration<double, std::milli>(t1 - t0).count();
}


// --- the children, killed by their PIDs also when the bench is interrupted --------------------

std::atomic<pid_t> g_children[64];
void remember(pid_t pid) {
  for (auto& c : g_children) {
    pid_t none = 0;
    if (c.compare_exchange_strong(none, pid)) return;
  }
}
extern "C" void onSignal(int sig) {
  for (auto& c : g_children)
    if (const pid_t p = c.load(); p > 0) ::kill(p, SIGKILL);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

/// A child of this process running `comm` (the harness's Broker keeps its ChildProcess to itself).
pid_t childNamed(const std::string& comm) {
  DIR* d = ::opendir("/proc");
  if (!d) return 0;
  pid_t found = 0;
  while (dirent* e = ::readdir(d)) {
    if (!std::isdigit(static_cast<unsigned char>(e->d_name[0]))) continue;
    const std::string s = readText(std::string("/proc/") + e->d_name + "/stat");
    const auto open = s.find('('), close = s.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close + 4 > s.size()) continue;
    const pid_t ppid = std::atoi(s.c_str() + s.find(' ', close + 2) + 1);
    if (ppid == ::getpid() && s.substr(open + 1, close - open - 1) == comm) found = std::atoi(e->d_name);
  }
  ::closedir(d);
  return found;
}

// --- /proc figures -------------------------------------------------------------------------------

int openFiles(pid_t pid) {
  std::error_code ec;
  int n = 0;
  for (auto it = fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec); !ec && it != fs::directory_iterator();
       it.increment(ec))
    ++n;
  return n;
}

// --- HTTP to lasis-fleet ------------------------------------------------------------------------


/// The live feed as the dashboard reads it: /api/live on its own thread; each "event" frame's
/// arrival time, by the alarm's item.
class LiveFeed {
public:
  LiveFeed(int port, const std::string& cookie) : m_fd(connectLoopback(port)) {
    const std::string req = "GET /api/live HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie + "\r\n\r\n";
    if (m_fd >= 0) ::send(m_fd, req.data(), req.size(), MSG_NOSIGNAL);
    m_thread = std::thread([this] { run(); });
  }
  ~LiveFeed() {
    m_stop = true;
    m_thread.join();
    if (m_fd >= 0) ::close(m_fd);
  }
  bool waitOpen(milliseconds t) {
    std::unique_lock lock(m_mutex);
    return m_cv.wait_for(lock, t, [this] { return m_open; });
  }
  /// When the event with this item arrived; nothing if it did not before `deadline`.
  std::optional<steady_clock::time_point> waitItem(const std::string& item, steady_clock::time_point deadline) {
    std::unique_lock lock(m_mutex);
    if (!m_cv.wait_until(lock, deadline, [&] { return m_items.count(item) > 0; })) return std::nullopt;
    return m_items[item];
  }
  std::size_t frames() {
    std::lock_guard lock(m_mutex);
    return m_frames;
  }

private:
  void run() {
    std::string buf;
    while (!m_stop && m_fd >= 0) {
      pollfd p{m_fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char chunk[65536];
      const auto n = ::recv(m_fd, chunk, sizeof chunk, 0);
      if (n <= 0) break;
      const auto at = steady_clock::now();
      buf.append(chunk, static_cast<std::size_t>(n));
      for (std::size_t end; (end = buf.find("\n\n")) != std::string::npos; buf.erase(0, end + 2)) {
        const std::string frame = buf.substr(0, end);
        std::lock_guard lock(m_mutex);
        ++m_frames;
        if (frame.find(": hello") != std::string::npos) m_open = true;
        const auto data = frame.find("\ndata: ");
        if (frame.rfind("event: event", 0) != 0 || data == std::string::npos) continue;
        const json e = json::parse(frame.substr(data + 7), nullptr, false);
        if (!e.is_object() || e.value("type", "") != "alarm" || !e.contains("fields")) continue;
        m_items.emplace(e["fields"].value("item", ""), at);
      }
      m_cv.notify_all();
    }
  }

  int m_fd;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  bool m_open = false;
  std::size_t m_frames = 0;
  std::map<std::string, steady_clock::time_point> m_items;
};

// --- the baseline: two bare libmosquitto clients ---------------------------------------------

/// One libmosquitto client with a certificate; the arrival time of each message by payload.
class TimedClient {
public:
  TimedClient(const std::string& id, int port, const std::string& dir, const std::string& name) {
    fleet::mqttLibInit();
    m_mosq = mosquitto_new(id.c_str(), true, this);
    mosquitto_int_option(m_mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    mosquitto_tls_set(m_mosq, (dir + "/ca.crt").c_str(), nullptr, (dir + "/" + name + ".crt").c_str(),
                      (dir + "/" + name + ".key").c_str(), nullptr);
    mosquitto_connect_callback_set(m_mosq, [](mosquitto*, void* self, int rc) {
      auto* c = static_cast<TimedClient*>(self);
      std::lock_guard lock(c->m_mutex);
      c->m_connected = rc == 0;
      c->m_cv.notify_all();
    });
    mosquitto_subscribe_callback_set(m_mosq, [](mosquitto*, void* self, int, int n, const int* granted) {
      auto* c = static_cast<TimedClient*>(self);
      std::lock_guard lock(c->m_mutex);
      c->m_subscribed = n > 0 && granted[0] <= 2;
      c->m_cv.notify_all();
    });
    mosquitto_message_callback_set(m_mosq, [](mosquitto*, void* self, const mosquitto_message* m) {
      auto* c = static_cast<TimedClient*>(self);
      const auto at = steady_clock::now();
      std::lock_guard lock(c->m_mutex);
      c->m_arrived[std::string(static_cast<const char*>(m->payload), static_cast<std::size_t>(m->payloadlen))] = at;
      c->m_cv.notify_all();
    });
    fleet::mqttConnect(m_mosq, "127.0.0.1", port, 30, /*tls=*/true, /*async=*/true);
    mosquitto_loop_start(m_mosq);
  }
  ~TimedClient() {
    mosquitto_disconnect(m_mosq);
    mosquitto_loop_stop(m_mosq, false);
    mosquitto_destroy(m_mosq);
  }
  bool waitConnected(milliseconds t) {
    std::unique_lock lock(m_mutex);
    return m_cv.wait_for(lock, t, [this] { return m_connected; });
  }
  bool subscribe(const std::string& topic, milliseconds t) {
    mosquitto_subscribe(m_mosq, nullptr, topic.c_str(), 1);
    std::unique_lock lock(m_mutex);
    return m_cv.wait_for(lock, t, [this] { return m_subscribed; });
  }
  bool publish(const std::string& topic, const std::string& payload) {
    return mosquitto_publish(m_mosq, nullptr, topic.c_str(), static_cast<int>(payload.size()), payload.data(), 1, false) ==
           MOSQ_ERR_SUCCESS;
  }
  std::optional<steady_clock::time_point> waitMessage(const std::string& payload, steady_clock::time_point deadline) {
    std::unique_lock lock(m_mutex);
    if (!m_cv.wait_until(lock, deadline, [&] { return m_arrived.count(payload) > 0; })) return std::nullopt;
    return m_arrived[payload];
  }

private:
  mosquitto* m_mosq = nullptr;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  bool m_connected = false, m_subscribed = false;
  std::map<std::string, steady_clock::time_point> m_arrived;
};

// --- setup ----------------------------------------------------------------------------------------

/// Runs `lasis ARGS…` for every job, `parallel` at a time; false (with the first failure said) if any failed.
bool lasisAll(const std::vector<std::vector<std::string>>& jobs, std::size_t parallel) {
  std::vector<std::unique_ptr<ChildProcess>> running;
  std::size_t next = 0;
  bool ok = true;
  while (next < jobs.size() || !running.empty()) {
    while (next < jobs.size() && running.size() < parallel) {
      std::vector<std::string> argv{std::string(LASIS_BIN_DIR) + "/lasis"};
      argv.insert(argv.end(), jobs[next].begin(), jobs[next].end());
      running.push_back(std::make_unique<ChildProcess>(argv));
      ++next;
    }
    for (auto it = running.begin(); it != running.end();) {
      if (const auto rc = (*it)->wait(0ms)) {
        if (*rc != 0 && ok) {
          std::fprintf(stderr, "fleet_bench: lasis failed (%d): %s\n", *rc, (*it)->stderrText().c_str());
          ok = false;
        }
        it = running.erase(it);
      } else {
        ++it;
      }
    }
    ::usleep(1000);
  }
  return ok;
}

/// Raises this process's open-file limit (the children inherit it) to the hard limit: mosquitto
/// holds a socket per device, lasis-sim network a socket and an SQLite outbox per device.
void raiseOpenFiles(long needed) {
  rlimit r{};
  if (::getrlimit(RLIMIT_NOFILE, &r) != 0) return;
  const rlim_t before = r.rlim_cur;
  if (r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &r);
  }
  if (static_cast<long>(r.rlim_cur) < needed)
    std::fprintf(stderr, "fleet_bench: open files limited to %ld (hard limit), about %ld needed: expect refused connections\n",
                 static_cast<long>(r.rlim_cur), needed);
  else if (r.rlim_cur != before)
    std::fprintf(stderr, "fleet_bench: open-file limit raised from %ld to %ld for mosquitto and lasis-sim\n",
                 static_cast<long>(before), static_cast<long>(r.rlim_cur));
}

struct Usage {
  double cpuPct = 0;
  Memory mem;
};

/// The whole run in `dir`; the process's exit status. Every child it starts is stopped when it returns.
int run(const fs::path& dir, int devices, int events, double rate) {
  // 20 branches (fewer only for a handful of devices), each with 3 kiosks for every 2 gates.
  const int branches = std::min(20, devices);
  const int perBranch = (devices + branches - 1) / branches;
  const int gates = std::max(1, perBranch * 2 / 5);
  const int kiosks = std::max(0, perBranch - gates);
  const int total = branches * (kiosks + gates);
  // About 100 links per simulator process (at most 150: simulator/network/networkcommand.cpp).
  const int branchesPerSim = std::max(1, 100 / (kiosks + gates));
  if (kiosks + gates > 150) {
    std::fprintf(stderr, "fleet_bench: %d devices a branch: at most 150 (one simulator process)\n", kiosks + gates);
    return 1;
  }
  raiseOpenFiles(4L * total + 256);

  int rc = 0;
  {
    const std::string ca = (dir / "ca").string();
    fs::create_directories(dir / "keys");
    if (!lasisAll({{"fleet", "enroll", "ca", "--out", ca}}, 1) ||
        !lasisAll({{"fleet", "enroll", "server", "--ca", ca, "--host", "127.0.0.1", "--out", (dir / "broker").string()},
                   {"fleet", "enroll", "service", "--ca", ca, "--name", "lasis-fleet", "--out", (dir / "fleet").string()},
                   {"fleet", "enroll", "device", "--ca", ca, "--network", "benchbase", "--branch", "b00", "--device", "probe",
                    "--out", (dir / "probe").string()},
                   {"fleet", "keygen", "--out", (dir / "keys").string()}},
                  2))
      return 1;
    // One certificate per device, as `lasis fleet enroll device` makes them; as many at once as cores.
    std::vector<std::vector<std::string>> jobs;
    for (int b = 1; b <= branches; ++b) {
      char branch[16];
      std::snprintf(branch, sizeof branch, "b%02d", b);
      for (int k = 1; k <= kiosks + gates; ++k) {
        const std::string device = k <= kiosks ? "kiosk-" + std::to_string(k) : "gate-" + std::to_string(k - kiosks);
        jobs.push_back({"fleet", "enroll", "device", "--ca", ca, "--network", kNetwork, "--branch", branch, "--device", device,
                        "--out", (dir / "certs" / branch / device).string()});
      }
    }
    const auto parallel = static_cast<std::size_t>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
    const auto e0 = steady_clock::now();
    if (!lasisAll(jobs, parallel)) return 1;
    const double enrollS = msSince(e0, steady_clock::now()) / 1000;

    Broker broker(dir, freePort());
    // The harness's broker logs everything and saves every second, for tests; a bench measures the
    // broker as shipped (autosave 60 s) and logs only what matters.
    {
      auto conf = readText(dir / "broker/test.conf");
      conf = std::regex_replace(conf, std::regex("\nautosave_interval 1\n"), "\n");
      conf = std::regex_replace(conf, std::regex("\nlog_type all\n"), "\nlog_type error\nlog_type warning\nlog_type notice\n");
      std::ofstream(dir / "broker/test.conf") << conf;
    }
    if (!broker.start()) {
      std::fprintf(stderr, "fleet_bench: mosquitto did not start: %s\n", broker.log().c_str());
      return 1;
    }
    const pid_t brokerPid = childNamed("mosquitto");
    remember(brokerPid);

    const auto config = dir / "fleet.toml";
    fs::create_directories(dir / "state");
    std::ofstream(config) << "[broker]\nurl = \"mqtts://127.0.0.1:" << broker.port() << "\"\nca_file = \""
                          << (dir / "fleet/ca.crt").string() << "\"\ncert_file = \"" << (dir / "fleet/lasis-fleet.crt").string()
                          << "\"\nkey_file = \"" << (dir / "fleet/lasis-fleet.key").string() << "\"\n[network]\nname = \""
                          << kNetwork << "\"\n[storage]\ndatabase = \"" << (dir / "state/fleet.db").string()
                          << "\"\n[http]\nlisten = \"127.0.0.1:0\"\nusers_file = \"" << (dir / "state/users").string()
                          << "\"\n[commands]\nsigning_key = \"" << (dir / "keys/fleet-signing.key").string()
                          << "\"\n[prometheus]\ntargets_dir = \"" << (dir / "state/targets").string() << "\"\n";
    {
      ChildProcess add({std::string(LASIS_BIN_DIR) + "/lasis-fleet", "--config", config.string(), "--add-user", "bench"});
      add.writeLine(kPassword);
      add.closeStdin();
      if (add.wait(60s).value_or(-1) != 0) {
        std::fprintf(stderr, "fleet_bench: lasis-fleet --add-user: %s\n", add.stderrText().c_str());
        return 1;
      }
    }
    ChildProcess fleet({std::string(LASIS_BIN_DIR) + "/lasis-fleet", "--config", config.string()});
    remember(fleet.pid());
    const auto ready = fleet.readLine(30s);
    const std::string url = ready ? json::parse(*ready, nullptr, false).value("http", "") : "";
    const int port = url.empty() ? 0 : std::atoi(url.c_str() + url.rfind(':') + 1);
    if (port <= 0) {
      std::fprintf(stderr, "fleet_bench: lasis-fleet did not start: %s\n", fleet.stderrText().c_str());
      return 1;
    }
    // Each login costs an Argon2id check of 256 MiB: lasis-fleet's VmHWM carries it from here on.
    const Memory fleetBeforeLogin = memoryOf(fleet.pid());
    const auto login = http(port, "POST", "/login", "", json{{"user", "bench"}, {"password", kPassword}}.dump());
    std::smatch m;
    static const std::regex setCookie("Set-Cookie: ([^;\r\n]+)", std::regex::icase);
    if (login.status != 200 || !std::regex_search(login.headers, m, setCookie)) {
      std::fprintf(stderr, "fleet_bench: login refused (%d): %s\n", login.status, login.body.c_str());
      return 1;
    }
    const std::string cookie = m[1].str();
    const Memory fleetNoDevices = memoryOf(fleet.pid());

    // Every device's fleet link in lasis-sim network processes of `branchesPerSim` branches each
    // (libmosquitto's select() keeps one process under about 160 links: networkcommand.cpp).
    const auto s0 = steady_clock::now();
    std::vector<std::unique_ptr<SimDevice>> sims;
    for (int first = 1; first <= branches; first += branchesPerSim) {
      const int n = std::min(branchesPerSim, branches - first + 1);
      sims.push_back(std::make_unique<SimDevice>(
          std::vector<std::string>{simBinary(), "network", "--broker", "mqtts://127.0.0.1:" + std::to_string(broker.port()),
                                   "--network", kNetwork, "--first-branch", std::to_string(first), "--branches",
                                   std::to_string(n), "--kiosks", std::to_string(kiosks), "--gates", std::to_string(gates),
                                   "--certs-dir", (dir / "certs").string(), "--state-dir",
                                   (dir / ("sim-" + std::to_string(first))).string()},
          120s));
      remember(sims.back()->pid());
      if (!sims.back()->ok()) {
        std::fprintf(stderr, "fleet_bench: lasis-sim network did not start: %s\n", sims.back()->stderrText().c_str());
        return 1;
      }
    }
    // Until lasis-fleet lists every device online.
    int online = 0;
    const bool allKnown = eventually([&] {
      const json j = json::parse(http(port, "GET", "/api/devices", cookie).body, nullptr, false);
      if (!j.is_object() || !j.contains("devices")) return false;
      online = 0;
      for (const auto& d : j["devices"]) online += d.value("state", "") == "online" ? 1 : 0;
      return online >= total;
    }, 120s, 500ms);
    const double knownS = msSince(s0, steady_clock::now()) / 1000;
    if (!allKnown) {
      // What the links said last, counted, and the end of the broker's log.
      std::map<std::string, int> why;
      int connected = 0;
      for (auto& sim : sims) {
        const json st = sim->call({{"cmd", "status"}});
        connected += st.value("connected", 0);
        for (const auto& d : st.value("list", json::array())) ++why[d.value("error", std::string("(no error)"))];
      }
      std::fprintf(stderr, "fleet_bench: lasis-fleet saw %d of %d devices online after %.0f s; the simulators have %d connected\n",
                   online, total, knownS, connected);
      for (const auto& [text, n] : why) std::fprintf(stderr, "  %4d links: %s\n", n, text.c_str());
      const std::string log = broker.log();
      std::fprintf(stderr, "--- the end of mosquitto's log ---\n%s\n", log.substr(log.size() > 3000 ? log.size() - 3000 : 0).c_str());
      return 1;
    }

    LiveFeed live(port, cookie);
    TimedClient sub("bench-baseline-sub", broker.port(), (dir / "fleet").string(), "lasis-fleet");
    TimedClient pub("bench-baseline-pub", broker.port(), (dir / "probe").string(), "device");
    std::vector<std::unique_ptr<ControlLine>> controls;
    bool controlsOk = true;
    for (auto& sim : sims) {
      controls.push_back(std::make_unique<ControlLine>(sim->control()));
      controlsOk = controlsOk && controls.back()->connected();
    }
    if (!live.waitOpen(10s) || !sub.waitConnected(10s) || !pub.waitConnected(10s) || !controlsOk ||
        !sub.subscribe("lasis/v1/benchbase/+/+/events", 10s)) {
      std::fprintf(stderr, "fleet_bench: the live feed, the baseline's clients or the control channel did not open\n");
      return 1;
    }

    // CPU with every device connected and nothing asked of them (their counts still come each minute).
    const pid_t fleetPid = fleet.pid();
    std::vector<pid_t> simPids;
    for (auto& sim : sims) simPids.push_back(sim->pid());
    auto simCpu = [&] {
      double sum = 0;
      for (pid_t p : simPids) sum += cpuSeconds(p);
      return sum;
    };
    auto simMemory = [&] {
      Memory sum;
      for (pid_t p : simPids) {
        const auto one = memoryOf(p);
        sum.rssKb += one.rssKb;
        sum.hwmKb += one.hwmKb;
        sum.threads += one.threads;
      }
      return sum;
    };
    const double idleS = 10;
    const double i0b = cpuSeconds(brokerPid), i0f = cpuSeconds(fleetPid), i0s = simCpu();
    const auto it0 = steady_clock::now();
    std::this_thread::sleep_for(duration<double>(idleS));
    const double idleWall = msSince(it0, steady_clock::now()) / 1000;
    const Usage idleBroker{(cpuSeconds(brokerPid) - i0b) / idleWall * 100, memoryOf(brokerPid)};
    const Usage idleFleet{(cpuSeconds(fleetPid) - i0f) / idleWall * 100, memoryOf(fleetPid)};
    const Usage idleSim{(simCpu() - i0s) / idleWall * 100, simMemory()};

    // Interleaved: a bare MQTT message, a refused control request, an alarm through the product.
    std::vector<double> baseMs, hopMs, replyMs, eventMs;
    int lost = 0, refused = 0;
    const double m0b = cpuSeconds(brokerPid), m0f = cpuSeconds(fleetPid), m0s = simCpu();
    const auto mt0 = steady_clock::now();
    for (int i = 0; i < events; ++i) {
      std::this_thread::sleep_until(mt0 + duration_cast<steady_clock::duration>(duration<double>(i / rate)));
      char item[16];
      std::snprintf(item, sizeof item, "3%07d", i);
      // The same shape and size as the alarm the simulated gate sends.
      const std::string payload = json{{"seq", i + 1}, {"at", "2026-12-06T15:00:00.000Z"}, {"type", "alarm"},
                                       {"item", item}, {"direction", "out"}, {"reader", 1}}.dump();
      auto t = steady_clock::now();
      if (pub.publish("lasis/v1/benchbase/b00/probe/events", payload))
        if (const auto at = sub.waitMessage(payload, t + 10s)) baseMs.push_back(msSince(t, *at));

      t = steady_clock::now();
      const json no = controls[0]->call({{"cmd", "alarm"}, {"device", "bench/no-such-device"}});
      if (!no.value("ok", true)) hopMs.push_back(msSince(t, steady_clock::now()));

      // The gates in turn, one branch after another.
      char device[32];
      std::snprintf(device, sizeof device, "b%02d/gate-%d", i % branches + 1, (i / branches) % gates + 1);
      t = steady_clock::now();
      const json r = controls[static_cast<std::size_t>(i % branches / branchesPerSim)]->call(
          {{"cmd", "alarm"}, {"device", device}, {"item", item}});
      const auto replied = steady_clock::now();
      if (!r.value("ok", false)) {
        if (refused++ == 0) std::fprintf(stderr, "fleet_bench: alarm on %s refused: %s\n", device, r.dump().c_str());
        continue;
      }
      replyMs.push_back(msSince(t, replied));
      if (const auto at = live.waitItem(item, t + 10s)) eventMs.push_back(msSince(t, *at));
      else ++lost;
    }
    const double busyWall = msSince(mt0, steady_clock::now()) / 1000;
    const Usage busyBroker{(cpuSeconds(brokerPid) - m0b) / busyWall * 100, memoryOf(brokerPid)};
    const Usage busyFleet{(cpuSeconds(fleetPid) - m0f) / busyWall * 100, memoryOf(fleetPid)};
    const Usage busySim{(simCpu() - m0s) / busyWall * 100, simMemory()};
    const int brokerFds = openFiles(brokerPid);
    int simFds = 0;
    for (pid_t p : simPids) simFds = std::max(simFds, openFiles(p));

    const auto b = percentiles(baseMs), h = percentiles(hopMs), r = percentiles(replyMs), e = percentiles(eventMs);
    std::printf("fleet_bench (%d devices: %d branches x %d kiosks + %d gates in %zu lasis-sim network process%s, TLS with"
                " a certificate each; %d alarms at %g/s)\n",
                total, branches, kiosks, gates, sims.size(), sims.size() == 1 ? "" : "es", events, rate);
    std::printf("  setup: %d device certificates by `lasis fleet enroll device`, %zu at a time: %.1f s (%.1f ms each)\n", total,
                parallel, enrollS, enrollS * 1000 / total);
    std::printf("  setup: lasis-sim network started -> lasis-fleet lists all %d online: %.1f s\n", total, knownS);
    std::printf("  baseline bare MQTT publish -> subscriber (TLS, QoS 1):  p50 %7.3f ms  p99 %7.3f ms  (n=%zu)\n", b.p50, b.p99,
                baseMs.size());
    std::printf("  control channel round trip (a refused request):       p50 %7.3f ms  p99 %7.3f ms  (n=%zu)\n", h.p50, h.p99,
                hopMs.size());
    std::printf("  alarm request -> sim's reply (outbox written, sent):   p50 %7.3f ms  p99 %7.3f ms  (n=%zu)\n", r.p50, r.p99,
                replyMs.size());
    std::printf("  alarm request -> /api/live (device -> dashboard):      p50 %7.3f ms  p99 %7.3f ms  = %.1fx / %.1fx baseline"
                "  (n=%zu, lost %d, refused %d)\n",
                e.p50, e.p99, b.p50 > 0 ? e.p50 / b.p50 : 0, b.p99 > 0 ? e.p99 / b.p99 : 0, eventMs.size(), lost, refused);
    std::printf("  CPU %% of one core (idle %.0f s | during the events %.1f s), memory after the events:\n", idleWall, busyWall);
    auto row = [](const char* name, const Usage& idle, const Usage& busy, const char* extra) {
      std::printf("    %-22s CPU %6.2f %% | %6.2f %%   RSS %7.1f MiB  HWM %7.1f MiB  threads %ld%s\n", name, idle.cpuPct,
                  busy.cpuPct, static_cast<double>(busy.mem.rssKb) / 1024, static_cast<double>(busy.mem.hwmKb) / 1024,
                  busy.mem.threads, extra);
    };
    const std::string brokerExtra = "  open files " + std::to_string(brokerFds);
    const std::string simExtra = "  open files " + std::to_string(simFds) + " (the most of one)";
    row("mosquitto", idleBroker, busyBroker, brokerExtra.c_str());
    row("lasis-fleet", idleFleet, busyFleet, "");
    const std::string simName = "lasis-sim network x" + std::to_string(sims.size());
    row(simName.c_str(), idleSim, busySim, simExtra.c_str());
    std::printf("    lasis-fleet before any device: RSS %.1f MiB (HWM %.1f MiB before the login, %.1f MiB after: its Argon2id check)\n",
                static_cast<double>(fleetNoDevices.rssKb) / 1024, static_cast<double>(fleetBeforeLogin.hwmKb) / 1024,
                static_cast<double>(fleetNoDevices.hwmKb) / 1024);
    std::printf("  live feed frames read: %zu\n", live.frames());

    const std::string n = std::to_string(total) + " devices";
    bench::record({"fleet_bench", "alarm device -> dashboard p50 (" + n + ")", e.p50, "ms", b.p50, "bare MQTT TLS QoS 1 p50"});
    bench::record({"fleet_bench", "alarm device -> dashboard p99 (" + n + ")", e.p99, "ms", b.p99, "bare MQTT TLS QoS 1 p99"});
    bench::record({"fleet_bench", "control channel round trip p50", h.p50, "ms"});
    bench::record({"fleet_bench", "control channel round trip p99", h.p99, "ms"});
    bench::record({"fleet_bench", "mosquitto CPU idle (" + n + ")", idleBroker.cpuPct, "%"});
    bench::record({"fleet_bench", "mosquitto CPU during events (" + n + ")", busyBroker.cpuPct, "%"});
    bench::record({"fleet_bench", "mosquitto VmRSS (" + n + ")", static_cast<double>(busyBroker.mem.rssKb), "KiB"});
    bench::record({"fleet_bench", "mosquitto VmHWM (" + n + ")", static_cast<double>(busyBroker.mem.hwmKb), "KiB"});
    bench::record({"fleet_bench", "lasis-fleet CPU idle (" + n + ")", idleFleet.cpuPct, "%"});
    bench::record({"fleet_bench", "lasis-fleet CPU during events (" + n + ")", busyFleet.cpuPct, "%"});
    bench::record({"fleet_bench", "lasis-fleet VmRSS (" + n + ")", static_cast<double>(busyFleet.mem.rssKb), "KiB"});
    bench::record({"fleet_bench", "lasis-fleet VmHWM (" + n + ")", static_cast<double>(busyFleet.mem.hwmKb), "KiB"});
    // Its VmHWM is the login's Argon2id check; what the devices cost it is VmRSS against this.
    bench::record({"fleet_bench", "lasis-fleet VmRSS logged in, no device", static_cast<double>(fleetNoDevices.rssKb), "KiB"});
    if (eventMs.size() < static_cast<std::size_t>(events) * 9 / 10 || baseMs.empty()) {
      std::fprintf(stderr, "fleet_bench: too few events arrived (%zu of %d; baseline %zu)\n", eventMs.size(), events,
                   baseMs.size());
      rc = 1;
    }

    // Stopped in order, each by its PID: the devices (their goodbyes), lasis-fleet, the broker.
    for (auto& sim : sims) sim->stop();
    fleet.stop();
  }
  return rc;
}

} // namespace

int main(int argc, char** argv) {
  int devices = 1000, events = 300;
  double rate = 20;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--devices") && i + 1 < argc) devices = std::max(2, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--events") && i + 1 < argc) events = std::max(10, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--rate") && i + 1 < argc) rate = std::clamp(std::atof(argv[++i]), 0.1, 1000.0);
  }
  if (!fs::exists(kMosquitto)) {
    std::fprintf(stderr, "fleet_bench: %s is not installed (Debian: mosquitto)\n", kMosquitto);
    return 1;
  }
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::signal(sig, onSignal);
  // An interrupted run's directory (its children are killed, its files stay): gone once its PID is.
  std::error_code ec;
  for (auto it = fs::directory_iterator(fs::temp_directory_path(), ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const std::string prefix = "lasis-fleet-bench-";
    if (name.rfind(prefix, 0) == 0 && name.size() > prefix.size() &&
        name.find_first_not_of("0123456789", prefix.size()) == std::string::npos &&
        !fs::exists("/proc/" + name.substr(prefix.size())))
      fs::remove_all(it->path(), ec);
  }
  const auto dir = freshTestDir("fleet-bench");
  const int rc = run(dir, devices, events, rate);
  for (auto& c : g_children) c = 0;
  fs::remove_all(dir);
  return rc;
}
