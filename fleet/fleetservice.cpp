#include "fleet/fleetservice.h"

#include "common/core/clock.h"
#include "common/fleet/command.h"

#include <chrono>
#include <fstream>
#include <vector>

namespace lasis::fleetsvc {

using nlohmann::json;

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

namespace {
/// lasis/v1/<network>/<branch>/<device>/<channel> split; false for anything else.
bool splitTopic(const std::string& topic, std::vector<std::string>& parts) {
  parts.clear();
  std::size_t start = 0;
  for (;;) {
    const auto slash = topic.find('/', start);
    parts.push_back(topic.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return parts.size() == 6 && parts[0] == "lasis" && parts[1] == "v1";
}
} // namespace

Result<std::unique_ptr<FleetService>> FleetService::start(boost::asio::io_context& io, const ServiceConfig& config, Logger log) {
  if (!log) log = nullLogger();
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(config.database).parent_path(), ec);
  auto store = FleetStore::open(config.database);
  if (!store) return store.error();
  std::unique_ptr<FleetService> svc(new FleetService(io, config, log, std::move(*store)));
  auto key = fleet::readSecretKeyFile(config.signingKey);
  if (!key) return fail(key.error().context("commands.signing_key"));
  auto pub = fleet::publicKeyOf(*key);
  if (!pub) return pub.error();
  svc->m_key = *key;
  svc->m_keyId = fleet::keyId(*pub);
  std::filesystem::create_directories(config.targetsDir, ec);
  if (ec) return fail(Errc::io, "prometheus.targets_dir: cannot create " + config.targetsDir + ": " + ec.message());
  svc->writeTargets();
  svc->m_pruneTimer = std::make_unique<boost::asio::steady_timer>(io);
  svc->prune();
  auto* raw = svc.get();
  auto broker = BrokerClient::start(config, log, [raw](const std::string& topic, const std::string& payload) {
    const std::int64_t at = nowMs();
    boost::asio::post(raw->m_io, [raw, topic, payload, at] { raw->handleMessage(topic, payload, at); });
  });
  if (!broker) return broker.error();
  svc->m_broker = std::move(*broker);
  log->info("fleet: watching network {} on {}; commands signed with key {}", config.network, config.brokerUrl, svc->m_keyId);
  return svc;
}

FleetService::~FleetService() {
  m_broker.reset();
}

void FleetService::handleMessage(const std::string& topic, const std::string& payload, std::int64_t atMs) {
  std::vector<std::string> p;
  if (!splitTopic(topic, p) || p[2] != m_cfg.network) return;
  const std::string &branch = p[3], &device = p[4], &channel = p[5];
  if (payload.empty()) return;  // a retained state cleared by hand
  const json body = json::parse(payload, nullptr, false);
  if (!body.is_object()) {
    m_log->warn("fleet: {} is not a JSON object ({} bytes), ignored", topic, payload.size());
    return;
  }
  if (channel == "state") {
    if (auto st = m_store.putState(p[2], branch, device, body, atMs); !st) {
      m_log->error("fleet: storing the state of {}/{}: {}", branch, device, st.error().message());
      return;
    }
    if (m_live) {
      if (auto all = m_store.devices(atMs)) {
        for (const auto& d : *all)
          if (d["branch"] == branch && d["device"] == device) m_live("device", d);
      }
    }
    writeTargets();
  } else if (channel == "events") {
    auto added = m_store.addEvent(p[2], branch, device, body, atMs);
    if (!added) {
      m_log->warn("fleet: an event from {}/{} not stored: {}", branch, device, added.error().message());
      return;
    }
    (void)m_store.touch(p[2], branch, device, atMs);
    if (!*added) return;  // a repeat (QoS 1 after a dropped acknowledgement)
    if (m_live) {
      json fields = body;
      for (const char* k : {"seq", "at", "type"}) fields.erase(k);
      m_live("event", {{"network", p[2]}, {"branch", branch}, {"device", device}, {"seq", body["seq"]},
                       {"at", body.value("at", "")}, {"type", body["type"]}, {"fields", fields}, {"received_ms", atMs}});
    }
  }
}

Result<json> FleetService::devices() { return m_store.devices(nowMs()); }
Result<json> FleetService::events(const EventQuery& q) { return m_store.events(q); }
Result<json> FleetService::countsPerHour() { return m_store.countsPerHour(nowMs()); }

Result<json> FleetService::sendCommand(const json& request, const std::string& user) {
  if (!request.is_object() || !request.contains("device") || !request["device"].is_string() || !request.contains("cmd") ||
      !request["cmd"].is_string())
    return fail(Errc::invalidArgument, "expected {\"device\":\"NETWORK/BRANCH/DEVICE\",\"cmd\":…,\"args\":{…}}");
  const std::string device = request["device"];
  const std::string cmd = request["cmd"];
  if (!fleet::isDeviceName(device)) return fail(Errc::invalidArgument, "device: expected NETWORK/BRANCH/DEVICE");
  if (device.compare(0, m_cfg.network.size() + 1, m_cfg.network + "/") != 0)
    return fail(Errc::invalidArgument, "device: not in network " + m_cfg.network);
  json args = request.contains("args") ? request["args"] : json::object();
  if (args.is_null()) args = json::object();
  nlohmann::ordered_json payload;
  payload["v"] = 1;
  payload["device"] = device;
  payload["seq"] = 1;  // placeholder for the check below; the real one is taken only for a valid command
  payload["issued"] = fleet::toRfc3339(SystemClock().now());
  payload["cmd"] = cmd;
  payload["args"] = args;
  // Checked the way the device will read it: a command it would refuse uses up no seq.
  if (const auto parsed = fleet::parsePayload(payload.dump()); parsed.index() == 1) {
    const auto& r = std::get<1>(parsed);
    return fail(Errc::invalidArgument, std::string(fleet::toString(r.reason)) + ": " + r.message);
  }
  if (!brokerConnected()) return fail(Errc::unavailable, "not connected to the broker " + m_cfg.brokerUrl);
  auto seq = m_store.nextCommandSeq(device);
  if (!seq) return seq.error();
  payload["seq"] = *seq;
  const std::string bytes = payload.dump();
  auto sig = fleet::sign(m_key, ByteView(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
  if (!sig) return sig.error();
  const std::string topic = "lasis/v1/" + device + (cmd == "config" ? "/config" : "/cmd");
  if (auto st = m_broker->publish(topic, fleet::encodeEnvelope(bytes, *sig, m_keyId)); !st) return st.error();
  m_log->info("fleet: {} sent {} (seq {}) to {}", forLog(user), cmd, *seq, device);
  return json{{"ok", true}, {"device", device}, {"cmd", cmd}, {"seq", *seq}, {"topic", topic}, {"key", m_keyId}};
}

void FleetService::writeTargets() {
  auto all = m_store.devices(nowMs());
  if (!all) {
    m_log->error("fleet: targets: {}", all.error().message());
    return;
  }
  json groups = json::array();
  for (const auto& d : *all) {
    const auto& f = d["fields"];
    // A device says where its metrics are ([metrics] listen, as HOST:PORT) in its state.
    if (!f.contains("metrics") || !f["metrics"].is_string() || f["metrics"].get<std::string>().empty()) continue;
    groups.push_back({{"targets", json::array({f["metrics"]})},
                      {"labels", {{"kind", d["kind"]}, {"network", d["network"]}, {"branch", d["branch"]}, {"device", d["device"]}}}});
  }
  const std::string text = groups.dump(2) + "\n";
  if (text == m_lastTargets) return;
  const auto file = std::filesystem::path(m_cfg.targetsDir) / "lasis-fleet.json";
  const auto tmp = std::filesystem::path(m_cfg.targetsDir) / ".lasis-fleet.json.tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      m_log->error("fleet: cannot write {}", tmp.string());
      return;
    }
  }
  // Renamed into place: Prometheus never reads half a file.
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  if (ec) {
    m_log->error("fleet: cannot replace {}: {}", file.string(), ec.message());
    return;
  }
  m_lastTargets = text;
}

void FleetService::prune() {
  const std::int64_t keepMs = static_cast<std::int64_t>(m_cfg.historyDays) * 86'400'000;
  if (auto n = m_store.pruneEvents(nowMs() - keepMs); !n) m_log->warn("fleet: pruning events: {}", n.error().message());
  else if (*n > 0) m_log->info("fleet: {} events older than {} days deleted", *n, m_cfg.historyDays);
  m_pruneTimer->expires_after(std::chrono::hours(1));
  m_pruneTimer->async_wait([this](const boost::system::error_code& ec) {
    if (!ec) prune();
  });
}

} // namespace lasis::fleetsvc
