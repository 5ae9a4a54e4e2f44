#pragma once
// lasis-fleet's settings (/etc/lasis/fleet.toml; deploy/fleet.toml shows every key and default).

#include "common/core/config.h"
#include "common/core/result.h"
#include "common/fleet/fleetconfig.h"

#include <filesystem>
#include <string>

namespace lasis::fleetsvc {

/// Everything fleet.toml says.
struct ServiceConfig {
  std::string brokerUrl = "mqtts://localhost:8883";
  fleet::BrokerUrl broker;   ///< parsed brokerUrl
  bool insecure = false;     ///< allows mqtt:// (no TLS): a lab only
  std::string caFile = "/etc/lasis-fleet/ca.crt";
  std::string certFile = "/etc/lasis-fleet/lasis-fleet.crt";   ///< lasis fleet enroll service --name lasis-fleet
  std::string keyFile = "/etc/lasis-fleet/lasis-fleet.key";
  std::string clientId = "lasis-fleet";
  int keepaliveS = 30;
  std::string network;       ///< the one network this service watches
  std::string database = "/var/lib/lasis-fleet/fleet.db";
  int historyDays = 90;
  std::string listen = "127.0.0.1:8090";
  std::string usersFile = "/etc/lasis-fleet/users";
  std::string signingKey = "/etc/lasis-fleet/fleet-signing.key";  ///< lasis fleet keygen
  std::string targetsDir = "/var/lib/lasis-fleet/targets";
};

/// Reads and checks the file; every problem at once, each naming its key.
Result<ServiceConfig> loadServiceConfig(const std::filesystem::path& file);

} // namespace lasis::fleetsvc
