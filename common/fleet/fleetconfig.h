#pragma once
// The fleet link's settings ([fleet] in kiosk.toml and gate.toml) and the topic tree they name.
// Pure: no MQTT library here. An absent [fleet] table means the fleet link is off, not an error.

#include "common/core/config.h"
#include "common/core/result.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lasis::fleet {

/// Who a device is on the bus: lasis/v1/<network>/<branch>/<device>/…
struct Identity {
  std::string network;
  std::string branch;
  std::string device;
};

/// The four subtopics of a device: two it publishes, two it subscribes to.
enum class Channel { state, events, cmd, config };
std::string_view toString(Channel c);

/// "lasis/v1/<network>/<branch>/<device>/<channel>".
std::string topicFor(const Identity& id, Channel c);
/// "lasis/v1/<network>/<branch>/<device>" (no trailing slash).
std::string subtreeOf(const Identity& id);
/// The certificate's CN and thus the broker's username (use_identity_as_username):
/// "<network>/<branch>/<device>", so the ACL's `pattern … lasis/v1/%u/…` lines expand to the
/// device's own subtree (docs/fleet.md: what mosquitto 2.0 does with a '/' in a username).
std::string commonNameOf(const Identity& id);
/// A network, branch or device name: [a-z0-9-]{1,32}. Keeps topic wildcards and '/' out of names.
bool isValidName(std::string_view name);

/// Where the broker is: mqtts://host[:port] (8883 by default), or mqtt://host[:port] (1883).
struct BrokerUrl {
  std::string host;
  std::uint16_t port = 8883;
  bool tls = true;
};
Result<BrokerUrl> parseBrokerUrl(std::string_view url);

/// Everything [fleet] says.
struct FleetConfig {
  std::string broker;           ///< as written, for logs
  BrokerUrl url;                ///< parsed
  bool insecure = false;        ///< allows mqtt:// (no TLS): a lab only
  Identity id;
  std::string caFile;           ///< the network's CA (verifies the broker)
  std::string certFile;         ///< this device's certificate (lasis fleet enroll device)
  std::string keyFile;          ///< and its key
  std::string outbox = "/var/lib/lasis/fleet-outbox.db";  ///< SQLite file of events not yet acknowledged
  std::chrono::seconds keepalive{30};
  std::string commandKey;       ///< public key file that signs commands (checked by the command verifier)
  std::string seqFile;          ///< the last accepted command's seq; empty: fleet-seq.json beside the outbox
  std::string metricsAddress;   ///< HOST:PORT Prometheus scrapes, told on `state`; empty: from [metrics] listen
};

/// What a device puts in its state's "metrics" field, the target lasis-fleet writes for Prometheus:
/// fleet.metrics_address when set; else the metrics server's own address (from its URL,
/// "http://HOST:PORT/metrics"), with `hostname` in place of a wildcard (0.0.0.0, ::) that no one
/// can scrape. Empty when the device serves no metrics.
std::string metricsTarget(const FleetConfig& config, std::string_view metricsUrl, std::string_view hostname);

/// Reads [fleet] from `doc`; std::nullopt when the table is absent (fleet off) or has errors.
/// Problems are recorded on `doc`, each naming its key, and come out of the caller's
/// doc.finish() with all other options' problems.
std::optional<FleetConfig> readFleetConfig(ConfigDoc& doc);

/// For a document that holds only [fleet] (tests, tools): readFleetConfig + doc.finish().
Result<std::optional<FleetConfig>> loadFleetConfig(ConfigDoc& doc);

} // namespace lasis::fleet
