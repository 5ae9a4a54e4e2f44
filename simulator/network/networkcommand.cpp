// `lasis-sim network`: many simulated devices of a library network on one MQTT broker, each with
// the product's own fleet link (drivers/fleet/fleetlink.h) in this process: kiosks and gates per
// branch that say they are online, send their counts, and on request (the control channel) an
// alarm, a dead reader, a kiosk offline, or a whole branch losing its link. For lasis-fleet's tests
// and for the technician who wants to see the dashboard without a network at hand.
#include "drivers/fleet/fleetlink.h"
#include "simulator/control/controlserver.h"
#include "simulator/simcommands.h"

#include <boost/asio/steady_timer.hpp>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>

namespace lasis::sim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// The links one process can hold (see the check in addNetworkCommand).
constexpr int kMaxLinks = 150;

struct NetworkOptions {
  std::string broker;
  std::string network = "sim";
  int branches = 2;
  int firstBranch = 1;    // branches b<first> … b<first + branches - 1>: several processes share one network
  int kiosks = 1;
  int gates = 1;
  std::string certsDir;   // <certs>/<branch>/<device>/{device.crt,device.key,ca.crt} (lasis fleet enroll device)
  std::string caFile;     // the CA that verifies the broker, when not in each device's directory
  bool insecure = false;
  std::string stateDir;   // the devices' outboxes
  int countsSeconds = 60;
  std::uint16_t controlPort = 0;
};

/// One simulated device: its identity, its link while its branch is up, what it last said.
struct SimDevice {
  fleet::Identity id;
  std::string kind;  // kiosk | gate
  std::unique_ptr<fleet::FleetLink> link;
  std::int64_t people = 0, alarms = 0, loans = 0;
};

class Network {
public:
  explicit Network(NetworkOptions o) : m_o(std::move(o)) {}

  Status start() {
    std::error_code ec;
    fs::create_directories(m_o.stateDir, ec);
    if (ec) return Error{Errc::io, "cannot make the state directory " + m_o.stateDir + ": " + ec.message()};
    for (int b = m_o.firstBranch; b < m_o.firstBranch + m_o.branches; ++b) {
      char branch[16];
      std::snprintf(branch, sizeof branch, "b%02d", b);
      for (int k = 1; k <= m_o.kiosks; ++k) add(branch, "kiosk-" + std::to_string(k), "kiosk");
      for (int g = 1; g <= m_o.gates; ++g) add(branch, "gate-" + std::to_string(g), "gate");
    }
    for (auto& [name, d] : m_devices)
      if (auto st = connect(d); !st) return st;
    return {};
  }

  /// Every device's counts, as a real one sends them each interval.
  void tick() {
    std::uniform_int_distribution<int> few(0, 6);
    for (auto& [name, d] : m_devices) {
      if (!d.link) continue;
      json counts = {{"interval_s", m_o.countsSeconds}};
      if (d.kind == "gate") {
        const int in = few(m_random), out = few(m_random);
        d.people += in + out;
        counts["people_in"] = in;
        counts["people_out"] = out;
        counts["alarms"] = 0;
      } else {
        const int loans = few(m_random);
        d.loans += loans;
        counts["loans"] = loans;
        counts["returns"] = few(m_random);
        counts["sessions"] = (loans + 1) / 2;
      }
      (void)d.link->publishEvent("counts", counts);
    }
  }

  json handle(const json& r) {
    const std::string cmd = r.value("cmd", "");
    if (cmd == "status") return status();
    if (cmd == "branch-down" || cmd == "branch-up") {
      const std::string branch = r.value("branch", "");
      int n = 0;
      for (auto& [name, d] : m_devices) {
        if (d.id.branch != branch) continue;
        ++n;
        if (cmd == "branch-down") d.link.reset();  // its link stops: the broker shows it offline
        else if (!d.link) {
          if (auto st = connect(d); !st) return {{"ok", false}, {"error", st.error().describe()}};
        }
      }
      if (n == 0) return {{"ok", false}, {"error", "no branch " + branch}};
      return {{"ok", true}, {"devices", n}};
    }
    SimDevice* d = find(r.value("device", ""));
    if (!d) return {{"ok", false}, {"error", "no device '" + r.value("device", "") + "' (branch/device)"}};
    if (!d->link) return {{"ok", false}, {"error", "its branch is down"}};
    if (cmd == "alarm" && d->kind == "gate") {
      ++d->alarms;
      const json ev = {{"item", r.value("item", "30000001")}, {"direction", r.value("direction", "out")}, {"reader", 1}};
      return result(d->link->publishEvent("alarm", ev));
    }
    if (cmd == "reader-dies" && d->kind == "gate") {
      if (auto st = d->link->publishEvent("fault", {{"part", "reader"}, {"reader", 1}}); !st) return result(st);
      return result(d->link->setState({{"fault", "reader"}, {"readers_working", 0}}));
    }
    if (cmd == "reader-back" && d->kind == "gate") {
      if (auto st = d->link->publishEvent("recovery", {{"part", "reader"}, {"reader", 1}}); !st) return result(st);
      return result(d->link->setState({{"fault", nullptr}, {"readers_working", 1}}));
    }
    if ((cmd == "kiosk-offline" || cmd == "kiosk-online") && d->kind == "kiosk") {
      const bool off = cmd == "kiosk-offline";
      if (auto st = d->link->publishEvent("offline", {{"phase", off ? "start" : "end"}}); !st) return result(st);
      return result(d->link->setState({{"online", !off}}));
    }
    if (cmd == "staff-call" && d->kind == "kiosk") return result(d->link->publishEvent("staff-call", {{"phase", "raised"}}));
    return {{"ok", false}, {"error", "unknown command '" + cmd + "' for a " + d->kind}};
  }

  json status() const {
    json devices = json::array();
    int connected = 0;
    std::int64_t outbox = 0, delivered = 0;
    for (const auto& [name, d] : m_devices) {
      json one = {{"device", name}, {"kind", d.kind}, {"up", bool(d.link)}};
      if (d.link) {
        const auto s = d.link->status();
        connected += s.connected ? 1 : 0;
        outbox += s.outboxDepth;
        delivered += s.delivered;
        one["connected"] = s.connected;
        one["outbox"] = s.outboxDepth;
        if (!s.lastError.empty()) one["error"] = s.lastError;
      }
      devices.push_back(std::move(one));
    }
    return {{"ok", true}, {"devices", devices.size()}, {"connected", connected}, {"outbox", outbox},
            {"delivered", delivered}, {"list", devices}};
  }

private:
  void add(const std::string& branch, const std::string& device, const std::string& kind) {
    SimDevice d;
    d.id = {m_o.network, branch, device};
    d.kind = kind;
    m_devices.emplace(branch + "/" + device, std::move(d));
  }

  SimDevice* find(const std::string& name) {
    auto it = m_devices.find(name);
    return it == m_devices.end() ? nullptr : &it->second;
  }

  Status connect(SimDevice& d) {
    fleet::FleetLinkOptions lo;
    lo.config.broker = m_o.broker;
    auto url = fleet::parseBrokerUrl(m_o.broker);
    if (!url) return url.error();
    lo.config.url = *url;
    lo.config.insecure = m_o.insecure;
    lo.config.id = d.id;
    if (url->tls) {
      const fs::path dir = fs::path(m_o.certsDir) / d.id.branch / d.id.device;
      lo.config.certFile = (dir / "device.crt").string();
      lo.config.keyFile = (dir / "device.key").string();
      lo.config.caFile = m_o.caFile.empty() ? (dir / "ca.crt").string() : m_o.caFile;
    }
    lo.config.outbox = (fs::path(m_o.stateDir) / (d.id.branch + "-" + d.id.device + ".db")).string();
    lo.kind = d.kind;
    lo.version = "sim";
    auto link = fleet::FleetLink::start(std::move(lo), [](fleet::Channel, const std::string&) {});
    if (!link) return Error{link.error().code(), d.id.branch + "/" + d.id.device + ": " + link.error().message()};
    d.link = std::move(*link);
    return {};
  }

  static json result(const Status& st) {
    if (st) return {{"ok", true}};
    return {{"ok", false}, {"error", st.error().describe()}};
  }

  NetworkOptions m_o;
  std::map<std::string, SimDevice> m_devices;
  std::mt19937 m_random{42};
};

} // namespace

void addNetworkCommand(CLI::App& app, int& exitCode) {
  auto o = std::make_shared<NetworkOptions>();
  auto* cmd = app.add_subcommand(
      "network", "a library network's kiosks and gates on an MQTT broker, each with Lasis's own fleet link\n"
                 "  e.g. lasis-sim network --broker mqtts://127.0.0.1:8883 --certs-dir DIR --branches 15 --kiosks 2 --gates 1");
  cmd->add_option("--broker", o->broker, "the broker: mqtts://HOST[:PORT], or mqtt://HOST[:PORT] with --insecure")->required();
  cmd->add_option("--network", o->network, "the network's name in the topics (default sim)");
  cmd->add_option("--branches", o->branches, "branches b01, b02, … (default 2)")->check(CLI::Range(1, 999));
  cmd->add_option("--first-branch", o->firstBranch,
                  "the first branch's number (default 1): processes of one network each take a range of branches")
      ->check(CLI::Range(1, 999));
  cmd->add_option("--kiosks", o->kiosks, "kiosks per branch, kiosk-1 … (default 1)")->check(CLI::Range(0, 999));
  cmd->add_option("--gates", o->gates, "gates per branch, gate-1 … (default 1)")->check(CLI::Range(0, 999));
  cmd->add_option("--certs-dir", o->certsDir,
                  "with mqtts: DIR/<branch>/<device>/ holds what `lasis fleet enroll device --out` writes");
  cmd->add_option("--ca-file", o->caFile, "the CA that verifies the broker (default: each device's ca.crt)");
  cmd->add_flag("--insecure", o->insecure, "allow mqtt:// without TLS (a lab only)");
  cmd->add_option("--state-dir", o->stateDir, "the devices' event outboxes (default: a new temporary directory)");
  cmd->add_option("--counts-s", o->countsSeconds, "seconds between each device's counts (default 60)")->check(CLI::Range(1, 86400));
  cmd->add_option("--control-port", o->controlPort, "control channel port (0: any free port)");
  cmd->callback([o, &exitCode] {
    if (o->stateDir.empty()) {
      char tmpl[] = "/tmp/lasis-sim-network-XXXXXX";
      if (!::mkdtemp(tmpl)) {
        std::fprintf(stderr, "lasis-sim network: cannot make a temporary directory\n");
        exitCode = 1;
        return;
      }
      o->stateDir = tmpl;
    }
    if (o->firstBranch + o->branches - 1 > 999) {
      std::fprintf(stderr, "lasis-sim network: branches end at b999 (--first-branch + --branches - 1)\n");
      exitCode = 2;
      return;
    }
    // Each link's thread runs mosquitto_loop(), which in libmosquitto 2.0 is select(): a link whose
    // socket gets a descriptor above 1023 fails with "Invalid function arguments". A link holds
    // about six (its socket, libmosquitto's socket pair, its SQLite outbox), so one process holds
    // about 160 links; more devices than that are run as several processes (--first-branch).
    if (const int links = o->branches * (o->kiosks + o->gates); links > kMaxLinks) {
      std::fprintf(stderr,
                   "lasis-sim network: %d devices in one process: at most %d (libmosquitto's select() ends at descriptor "
                   "1023); run several processes, each with its own --first-branch\n",
                   links, kMaxLinks);
      exitCode = 2;
      return;
    }
    auto url = fleet::parseBrokerUrl(o->broker);
    if (!url || (url->tls && o->certsDir.empty()) || (!url->tls && !o->insecure)) {
      std::fprintf(stderr, "lasis-sim network: %s\n",
                   !url ? url.error().describe().c_str()
                        : url->tls ? "--certs-dir is needed with mqtts:// (lasis fleet enroll device per device)"
                                   : "mqtt:// without TLS needs --insecure");
      exitCode = 2;
      return;
    }
    boost::asio::io_context io;
    Network network(*o);
    if (auto st = network.start(); !st) {
      std::fprintf(stderr, "lasis-sim network: %s\n", st.error().describe().c_str());
      exitCode = 1;
      return;
    }
    ControlServer control(io, [&network](const Json& r) { return network.handle(r); }, o->controlPort);
    boost::asio::steady_timer timer(io);
    std::function<void()> arm = [&] {
      timer.expires_after(std::chrono::seconds(o->countsSeconds));
      timer.async_wait([&](const boost::system::error_code& ec) {
        if (ec) return;
        network.tick();
        arm();
      });
    };
    arm();
    ReadyLine ready;
    ready["device"] = "network";
    ready["devices"] = network.status()["devices"];
    ready["control"] = control.url();
    ready["state_dir"] = o->stateDir;
    exitCode = runUntilSignal(io, ready);
  });
}

} // namespace lasis::sim
