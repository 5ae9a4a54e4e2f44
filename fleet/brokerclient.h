#pragma once
// lasis-fleet's one MQTT connection (libmosquitto, TLS with the service's certificate from
// `lasis fleet enroll service`): subscribes to every device's state and events of its network,
// publishes signed commands. A persistent session (clean session off, a fixed client id), so the
// broker keeps what arrives while the service is away (lasis.conf: max_queued_messages).
// Its own network thread, reconnecting with a backoff (1 s doubling to 30 s) after any failure,
// a TLS one included (libmosquitto's loop_forever would give up on those for good).

#include "common/core/log.h"
#include "common/core/result.h"
#include "fleet/serviceconfig.h"

#include <functional>
#include <memory>
#include <string>

namespace lasis::fleetsvc {

/// The service's link to the broker (see the file comment).
class BrokerClient {
public:
  /// A message on a subscribed topic; called on the client's network thread.
  using MessageHandler = std::function<void(const std::string& topic, const std::string& payload)>;

  /// Starts the network thread, which connects and keeps reconnecting. Fails only for TLS files
  /// libmosquitto refuses.
  static Result<std::unique_ptr<BrokerClient>> start(const ServiceConfig& config, Logger log, MessageHandler onMessage);
  ~BrokerClient();
  BrokerClient(const BrokerClient&) = delete;
  BrokerClient& operator=(const BrokerClient&) = delete;

  /// Publishes at QoS 1, not retained; an error while not connected (a command is not kept to be
  /// sent later: by then it may be stale) or when libmosquitto refuses it.
  Status publish(const std::string& topic, const std::string& payload);
  bool connected() const;

  struct Impl;

private:
  explicit BrokerClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace lasis::fleetsvc
