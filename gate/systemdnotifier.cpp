#include "gate/systemdnotifier.h"

#include <systemd/sd-daemon.h>

namespace lasis::gate {

void SystemdNotifier::ready(const std::string& status) {
  sd_notify(0, ("READY=1\nSTATUS=" + status).c_str());
}

void SystemdNotifier::reloading() { sd_notify(0, "RELOADING=1"); }

void SystemdNotifier::stopping() {
  m_timer.cancel();
  sd_notify(0, "STOPPING=1");
}

void SystemdNotifier::startWatchdog() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return;
  m_interval = std::chrono::microseconds(usec / 2);
  ping();
}

void SystemdNotifier::ping() {
  sd_notify(0, "WATCHDOG=1");
  m_timer.expires_after(m_interval);
  m_timer.async_wait([this](boost::system::error_code ec) {
    if (!ec) ping();
  });
}

} // namespace lasis::gate
