#pragma once
// A device's fleet agent (issue 23): the one object a kiosk or gate holds for the fleet. It owns
// the FleetLink and the CommandVerifier, and keeps the three threads apart:
//  * the link's network thread only hands raw cmd/config bytes over (never verifies, never obeys);
//  * the agent's own worker verifies them (the signature, the seq — written durably with an fsync —
//    and the age), so neither the MQTT thread nor the device's thread waits on a disk;
//  * an accepted Command runs on the device's own thread/executor (`post`), through the device's
//    handler, whose answer (ok or the error in words) the agent puts on the retained state as
//    `last_command`. Every refusal goes on the retained state as `last_refusal`
//    {reason, sentence, seq, at} and in the log — the reason and the seq, never the payload.

#include "common/core/clock.h"
#include "common/core/log.h"
#include "common/core/result.h"
#include "common/fleet/command.h"
#include "common/fleet/fleetconfig.h"
#include "drivers/fleet/fleetlink.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace lasis::fleet {

/// What a device's handler says about a command it was given.
struct CommandAnswer {
  bool ok = true;
  std::string error;  ///< why not, in words for the technician (empty when ok)
  static CommandAnswer success() { return {}; }
  static CommandAnswer failure(std::string why) { return {false, std::move(why)}; }
};

struct FleetAgentOptions {
  FleetConfig config;
  std::string kind = "kiosk";    ///< "kiosk" or "gate"
  std::string version;           ///< the program's version, in the birth message
  const Clock* clock = nullptr;  ///< the system clock if null
  Logger log;                    ///< null: nothing is logged
  /// Where the last accepted seq is kept; empty: "fleet-seq.json" beside the outbox.
  std::filesystem::path seqFile;
};

/// A device's link to the fleet plus its signed-command gate (see the file comment).
class FleetAgent {
public:
  /// Runs a function on the device's own thread (an Asio post, a Qt queued call).
  using Executor = std::function<void(std::function<void()>)>;
  /// Obeys an accepted command; called on the device's thread through the Executor.
  using Handler = std::function<CommandAnswer(const Command&)>;

  /// Reads the trusted key ([fleet] command_key) and the seq file, then starts the link. Fails for
  /// a missing or unreadable key, a damaged seq file, a bad outbox or TLS files. Without a
  /// command_key the link runs and every command is refused (unknown-key).
  static Result<std::unique_ptr<FleetAgent>> start(FleetAgentOptions options, Executor post, Handler handler);

  ~FleetAgent();
  FleetAgent(const FleetAgent&) = delete;
  FleetAgent& operator=(const FleetAgent&) = delete;

  /// FleetLink::publishEvent (durable when it returns ok). Any thread.
  Status publishEvent(std::string_view type, const nlohmann::json& fields);
  /// FleetLink::setState (merged into the retained state). Any thread.
  Status setState(const nlohmann::json& fields);
  LinkStatus status() const;

  /// Stops taking commands, finishes the one being verified, then stops the link (a graceful
  /// "offline"). A command already handed to the device's executor is still run there but its
  /// answer is dropped. Idempotent; the destructor calls it.
  void stop();

  struct Impl;

private:
  explicit FleetAgent(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> m_impl;
};

/// The seq file FleetAgent uses when none is named: "fleet-seq.json" beside the outbox.
std::filesystem::path defaultSeqFile(const FleetConfig& config);

/// The files [fleet] names, checked for what `--check-config` can see without connecting: each
/// of ca_file, cert_file and key_file readable, command_key a public key file, the outbox's
/// directory present. One problem per line, each naming its key ("fleet.ca_file: …").
Status checkFleetFiles(const FleetConfig& config);

} // namespace lasis::fleet
