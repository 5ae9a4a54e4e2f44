#pragma once
// lasis-fleet's core: what arrives from the broker goes into the FleetStore (states, events
// deduplicated by device and seq), changes are announced to the live listeners (the dashboard's
// Server-Sent Events) and the Prometheus target file is rewritten; a command asked for by a
// logged-in user is checked the way a device reads it, signed with the network's key under the
// next seq the store hands out for that device, and published on the device's cmd or config topic.
// Every method runs on the io_context's thread (the broker's thread posts there), so the store
// has one user.

#include "common/core/asio.h"
#include "common/core/log.h"
#include "common/core/result.h"
#include "drivers/fleet/ed25519.h"
#include "fleet/brokerclient.h"
#include "fleet/fleetstore.h"
#include "fleet/serviceconfig.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>

namespace lasis::fleetsvc {

/// The service (see the file comment).
class FleetService {
public:
  /// A change for live listeners: "device" (a device's row as /api/devices gives it) or "event".
  using LiveListener = std::function<void(const std::string& kind, const nlohmann::json& data)>;

  /// Opens the store and the signing key, then connects to the broker.
  static Result<std::unique_ptr<FleetService>> start(boost::asio::io_context& io, const ServiceConfig& config, Logger log);
  ~FleetService();
  FleetService(const FleetService&) = delete;
  FleetService& operator=(const FleetService&) = delete;

  void setLiveListener(LiveListener listener) { m_live = std::move(listener); }

  Result<nlohmann::json> devices();
  Result<nlohmann::json> events(const EventQuery& q);
  Result<nlohmann::json> countsPerHour();
  /// {"device":"net/branch/dev","cmd":…,"args":{…}}: signs and publishes; {"seq","topic","key"}.
  /// Errc::invalidArgument for what a device would refuse (the words say why).
  Result<nlohmann::json> sendCommand(const nlohmann::json& request, const std::string& user);
  bool brokerConnected() const { return m_broker && m_broker->connected(); }

  /// One message from the broker (public for the broker thread's post; runs on the io thread).
  void handleMessage(const std::string& topic, const std::string& payload, std::int64_t atMs);

private:
  FleetService(boost::asio::io_context& io, ServiceConfig config, Logger log, FleetStore store)
      : m_io(io), m_cfg(std::move(config)), m_log(std::move(log)), m_store(std::move(store)) {}
  void writeTargets();
  void prune();

  boost::asio::io_context& m_io;
  ServiceConfig m_cfg;
  Logger m_log;
  FleetStore m_store;
  fleet::SecretKey m_key;
  std::string m_keyId;
  LiveListener m_live;
  std::string m_lastTargets;
  std::unique_ptr<boost::asio::steady_timer> m_pruneTimer;
  std::unique_ptr<BrokerClient> m_broker;  // last: its thread posts to the members above
};

/// Milliseconds since the epoch, now.
std::int64_t nowMs();

} // namespace lasis::fleetsvc
