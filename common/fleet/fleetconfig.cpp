#include "common/fleet/fleetconfig.h"

namespace lasis::fleet {

std::string_view toString(Channel c) {
  switch (c) {
    case Channel::state: return "state";
    case Channel::events: return "events";
    case Channel::cmd: return "cmd";
    case Channel::config: return "config";
  }
  return "?";
}

std::string subtreeOf(const Identity& id) {
  return "lasis/v1/" + id.network + "/" + id.branch + "/" + id.device;
}

std::string topicFor(const Identity& id, Channel c) {
  return subtreeOf(id) + "/" + std::string(toString(c));
}

std::string commonNameOf(const Identity& id) {
  return id.network + "/" + id.branch + "/" + id.device;
}

bool isValidName(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

Result<BrokerUrl> parseBrokerUrl(std::string_view url) {
  BrokerUrl b;
  std::string_view rest;
  if (url.starts_with("mqtts://")) {
    rest = url.substr(8);
  } else if (url.starts_with("mqtt://")) {
    rest = url.substr(7);
    b.tls = false;
    b.port = 1883;
  } else {
    return fail(Errc::config, "'" + std::string(url) + "' is not mqtts://HOST[:PORT]");
  }
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find_first_of("/?#@ ") != std::string_view::npos) {
    return fail(Errc::config, "'" + std::string(url) + "' must be only a host and a port (mqtts://HOST[:PORT])");
  }
  const auto colon = rest.rfind(':');
  b.host = std::string(rest.substr(0, colon));
  if (colon != std::string_view::npos) {
    const auto port = rest.substr(colon + 1);
    unsigned long v = 0;
    if (port.empty()) return fail(Errc::config, "'" + std::string(url) + "' has an empty port");
    for (char c : port) {
      if (c < '0' || c > '9') return fail(Errc::config, "port in '" + std::string(url) + "' is not a number");
      v = v * 10 + static_cast<unsigned long>(c - '0');
      if (v > 65535) return fail(Errc::config, "port in '" + std::string(url) + "' is above 65535");
    }
    if (v == 0) return fail(Errc::config, "port in '" + std::string(url) + "' is 0");
    b.port = static_cast<std::uint16_t>(v);
  }
  if (b.host.empty()) return fail(Errc::config, "'" + std::string(url) + "' has no host");
  return b;
}

std::optional<FleetConfig> readFleetConfig(ConfigDoc& doc) {
  if (!doc.has("fleet")) return std::nullopt;
  FleetConfig c;
  const FleetConfig d;
  bool ok = true;
  auto bad = [&](std::string_view key, const std::string& what) {
    doc.addError(key, what);
    ok = false;
  };

  c.insecure = doc.boolean("fleet.insecure", false);
  c.broker = doc.string("fleet.broker", "");
  if (c.broker.empty()) {
    bad("fleet.broker", "must be set (mqtts://HOST:8883) when [fleet] is present");
  } else if (auto u = parseBrokerUrl(c.broker); !u) {
    bad("fleet.broker", u.error().message());
  } else {
    c.url = *u;
    if (!c.url.tls && !c.insecure) {
      bad("fleet.broker", "is mqtt:// (no TLS): use mqtts://, or set fleet.insecure = true in a lab");
    }
  }

  struct NameKey {
    const char* key;
    std::string* into;
  };
  for (auto [key, into] : {NameKey{"fleet.network", &c.id.network}, NameKey{"fleet.branch", &c.id.branch},
                           NameKey{"fleet.device", &c.id.device}}) {
    *into = doc.string(key, "");
    if (into->empty()) {
      bad(key, "must be set when [fleet] is present");
    } else if (!isValidName(*into)) {
      bad(key, "'" + *into + "' must be 1 to 32 of a-z, 0-9 and '-' (it is a topic level)");
    }
  }

  c.caFile = doc.string("fleet.ca_file", "");
  c.certFile = doc.string("fleet.cert_file", "");
  c.keyFile = doc.string("fleet.key_file", "");
  if (c.url.tls) {
    // A device always proves who it is: the broker takes the certificate's CN as its username.
    if (c.caFile.empty()) bad("fleet.ca_file", "must name the network's CA certificate (lasis fleet enroll ca)");
    if (c.certFile.empty()) bad("fleet.cert_file", "must name this device's certificate (lasis fleet enroll device)");
    if (c.keyFile.empty()) bad("fleet.key_file", "must name this device's key (lasis fleet enroll device)");
  }
  c.outbox = doc.string("fleet.outbox", d.outbox);
  if (c.outbox.empty()) bad("fleet.outbox", "must name a file");
  c.keepalive = std::chrono::seconds(doc.integer("fleet.keepalive_s", d.keepalive.count(), 5, 3600));
  c.commandKey = doc.string("fleet.command_key", "");
  c.seqFile = doc.string("fleet.seq_file", "");
  c.metricsAddress = doc.string("fleet.metrics_address", "");
  if (!c.metricsAddress.empty()) {
    const auto colon = c.metricsAddress.rfind(':');
    const std::string port = colon == std::string::npos ? std::string() : c.metricsAddress.substr(colon + 1);
    const bool digits = !port.empty() && port.size() <= 5 && port.find_first_not_of("0123456789") == std::string::npos;
    if (colon == 0 || colon == std::string::npos || !digits || std::stoul(port) == 0 || std::stoul(port) > 65535 ||
        c.metricsAddress.find_first_of(" /") != std::string::npos) {
      bad("fleet.metrics_address", "'" + c.metricsAddress + "' must be HOST:PORT, the address Prometheus scrapes (e.g. kiosk-1.branch.lan:9464)");
    }
  }
  if (!ok) return std::nullopt;
  return c;
}

std::string metricsTarget(const FleetConfig& config, std::string_view metricsUrl, std::string_view hostname) {
  if (!config.metricsAddress.empty()) return config.metricsAddress;
  std::string_view rest = metricsUrl;
  if (rest.rfind("http://", 0) != 0) return {};
  rest.remove_prefix(7);
  rest = rest.substr(0, rest.find('/'));
  const auto colon = rest.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  std::string host(rest.substr(0, colon));
  const std::string_view port = rest.substr(colon + 1);
  if (host == "0.0.0.0" || host == "::" || host == "[::]") host = std::string(hostname);
  else if (host.find(':') != std::string::npos && host.front() != '[') host = "[" + host + "]";  // an IPv6 address
  if (host.empty()) return {};
  return host + ":" + std::string(port);
}

Result<std::optional<FleetConfig>> loadFleetConfig(ConfigDoc& doc) {
  auto c = readFleetConfig(doc);
  if (auto st = doc.finish(); !st) return st.error();
  return c;
}

} // namespace lasis::fleet
