#pragma once
// Tells systemd how the daemon is doing (Type=notify): READY=1 once listening, RELOADING=1 and
// READY=1 around a reload, STOPPING=1, and watchdog pings at half the interval systemd asks for.
// Does nothing when NOTIFY_SOCKET is not set (run by hand, or by a test that does not ask).

#include "common/core/asio.h"

#include <chrono>
#include <string>

namespace lasis::gate {

/// The sd_notify side of a systemd service.
class SystemdNotifier {
public:
  explicit SystemdNotifier(boost::asio::io_context& io) : m_timer(io) {}
  void ready(const std::string& status);
  void reloading();
  void stopping();
  /// Starts watchdog pings when systemd set WATCHDOG_USEC for us. They come from the Asio loop,
  /// so a stuck loop stops them and systemd restarts the gate.
  void startWatchdog();

private:
  void ping();
  boost::asio::steady_timer m_timer;
  std::chrono::microseconds m_interval{0};
};

} // namespace lasis::gate
