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
  if (!ok) return std::nullopt;
  return c;
}

Result<std::optional<FleetConfig>> loadFleetConfig(ConfigDoc& doc) {
  auto c = readFleetConfig(doc);
  if (auto st = doc.finish(); !st) return st.error();
  return c;
}

} // namespace lasis::fleet
