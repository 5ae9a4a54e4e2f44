#pragma once
// The fleet link: one device's MQTT connection (libmosquitto, TLS with the device's certificate)
// to the network's broker under lasis/v1/<network>/<branch>/<device>/ (docs/fleet.md).
//  * state: retained JSON; a birth {"state":"online",…} on every connect, a last will
//    {"state":"offline",…} the broker publishes if the link is lost, extra fields by setState();
//  * events: each written first to a durable SQLite outbox with a rising seq, then published at
//    QoS 1; a row is deleted only when the broker's PUBACK for it comes back, so neither a broker
//    outage nor a crash of the device loses one, and they leave in seq order;
//  * cmd and config: subscribed at QoS 1, the raw bytes handed to a callback (verifying their
//    signature is the caller's business).
// Its own network thread; every public method may be called from any thread. Payloads are never
// logged (no patron data on the bus, and none in the journal either): topics and sizes only.

#include "common/core/clock.h"
#include "common/core/log.h"
#include "common/core/result.h"
#include "common/fleet/fleetconfig.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace lasis::fleet {

/// What the link is doing, for `lasis doctor` and the metrics.
struct LinkStatus {
  bool connected = false;
  std::int64_t outboxDepth = 0;     ///< events not yet acknowledged by the broker
  std::int64_t delivered = 0;       ///< events acknowledged since start
  std::int64_t dropped = 0;         ///< events dropped since start because the outbox was full
  std::int64_t connects = 0;        ///< successful connections since start
  std::string lastError;            ///< the last connection or storage problem, in words; empty if none
};

struct FleetLinkOptions {
  FleetConfig config;
  std::string kind = "kiosk";       ///< "kiosk" or "gate"
  std::string version;              ///< the program's version, in the birth message
  const Clock* clock = nullptr;     ///< for "at" and "since"; the system clock if null
  Logger log;                       ///< null: nothing is logged
  /// Outbox bound: when full, the oldest "counts" event goes first, else the oldest event.
  std::int64_t outboxMax = 10'000;
  /// Reconnect pause: starts at the first, doubles up to the second, back to the first once connected.
  std::chrono::milliseconds reconnectMin{1000};
  std::chrono::milliseconds reconnectMax{60'000};
};

/// One device's link to the broker (see the file comment).
class FleetLink {
public:
  /// Raw bytes of a message on the device's own cmd or config topic. Called on the link's network
  /// thread: hand the bytes on and return (never call stop() from it).
  using InboundHandler = std::function<void(Channel channel, const std::string& payload)>;

  /// Opens the outbox (events a previous run left are sent first), then starts the network
  /// thread, which connects and keeps reconnecting. Fails only for a bad outbox or TLS files.
  static Result<std::unique_ptr<FleetLink>> start(FleetLinkOptions options, InboundHandler onInbound);

  /// Stops gracefully: publishes {"state":"offline"} retained (waits up to 2 s for its PUBACK),
  /// disconnects, joins the thread. The TCP connect is libmosquitto's blocking one (its
  /// asynchronous connect reports a refused connection as "Unknown error" seconds later), so a
  /// stop during an attempt to reach a host that drops packets waits for that attempt to end.
  ~FleetLink();
  FleetLink(const FleetLink&) = delete;
  FleetLink& operator=(const FleetLink&) = delete;

  /// Stores the event in the outbox (durable when this returns ok), then sends it when it can.
  /// The message is {"seq":N,"at":"RFC 3339 UTC","type":type, …fields}; fields must be an object
  /// and may not use the names seq, at or type.
  Status publishEvent(std::string_view type, const nlohmann::json& fields);

  /// Merges `fields` (an object) into the retained state and republishes it; kept for every
  /// later birth too. A null value removes a field. state, kind, version and since are the link's.
  Status setState(const nlohmann::json& fields);

  LinkStatus status() const;

  /// Stops gracefully now (the destructor does the same); idempotent.
  void stop();

  struct Impl;

private:
  explicit FleetLink(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

/// "2026-12-06T15:40:00.123Z".
std::string rfc3339Utc(Clock::TimePoint t);

} // namespace lasis::fleet
