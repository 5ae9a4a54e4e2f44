#pragma once
// The simulator's control channel: JSON lines over TCP on 127.0.0.1. A test, a scenario file
// or a technician's console sends one request object per line ({"cmd":"place","uid":…}) and
// gets one reply object per line ({"ok":true,…} or {"ok":false,"error":"…"}). Every simulated
// device (ILS, reader, gate I/O) exposes one, so faults and tag placement are scriptable.

#include "common/core/asio.h"
#include "common/core/result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace lasis::sim {

using Json = nlohmann::json;
/// Handles one control request. Returns the reply; "ok": true is added when absent. Throwing
/// is not allowed: return {"ok": false, "error": "…"} instead.
using ControlHandler = std::function<Json(const Json& request)>;

/// Accepts control connections on 127.0.0.1 and dispatches each line to the handler on the
/// io_context's thread (so handlers need no locking against the device they drive).
class ControlServer {
public:
  /// Listens on 127.0.0.1:`port` (0 = any free port).
  ControlServer(boost::asio::io_context& io, ControlHandler handler, std::uint16_t port = 0);
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  std::uint16_t port() const;
  /// "tcp://127.0.0.1:PORT", as printed in a device's ready line.
  std::string url() const;

private:
  struct Impl;
  std::shared_ptr<Impl> m_impl;
};

/// A blocking client of a ControlServer, for tests, scenario runners and the console.
class ControlClient {
public:
  /// Connects to "tcp://127.0.0.1:PORT" (or "127.0.0.1:PORT").
  static Result<ControlClient> connect(const std::string& url);
  ControlClient(ControlClient&&) noexcept;
  ControlClient& operator=(ControlClient&&) noexcept;
  ~ControlClient();

  /// Sends a request and waits for its reply; Errc::disconnected / Errc::parse on failure.
  Result<Json> call(const Json& request);

private:
  struct Impl;
  explicit ControlClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

/// A ready line keeps its keys in the documented order ("device" first).
using ReadyLine = nlohmann::ordered_json;

/// Catches SIGTERM and SIGINT, then prints the device's ready line (one JSON object) to stdout
/// and flushes it, then runs `io` until a signal arrives. The order matters: a script may send
/// SIGTERM the moment it reads the line, and that must stop the device cleanly, not kill it.
/// Returns the process exit status (0).
int runUntilSignal(boost::asio::io_context& io, const ReadyLine& ready);
/// The same for a device that prints its ready line from inside the loop (once a peer has
/// accepted it): the signals are caught before any handler of `io` can run.
int runUntilSignal(boost::asio::io_context& io);

} // namespace lasis::sim
