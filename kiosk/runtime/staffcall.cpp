#include "kiosk/runtime/staffcall.h"

#include "drivers/modbus/modbusconnection.h"

#include <charconv>

namespace lasis::kiosk {

using namespace std::chrono_literals;

std::string CallLight::text() const { return url.text() + "&coil=" + std::to_string(coil); }

Result<CallLight> parseCallLight(std::string_view text) {
  // The coil is ours, the rest is a Modbus URL as the gate writes it: take "coil=N" out of the
  // query and let the Modbus parser judge what is left.
  const auto q = text.find('?');
  if (q == std::string_view::npos)
    return fail(Errc::invalidArgument, "call light '" + std::string(text) + "': no coil (expected modbus-tcp://HOST:PORT?unit=1&coil=N)");
  std::string rest(text.substr(0, q));
  std::string query;
  std::optional<int> coil;
  std::string_view params = text.substr(q + 1);
  while (!params.empty()) {
    const auto amp = params.find('&');
    const std::string_view pair = params.substr(0, amp);
    params = amp == std::string_view::npos ? std::string_view() : params.substr(amp + 1);
    if (pair.starts_with("coil=")) {
      const auto v = pair.substr(5);
      int n = -1;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc() || end != v.data() + v.size() || n < 0 || n > 65535)
        return fail(Errc::invalidArgument, "call light '" + std::string(text) + "': coil must be 0–65535, not '" + std::string(v) + "'");
      coil = n;
    } else {
      query += (query.empty() ? "" : "&") + std::string(pair);
    }
  }
  if (!coil)
    return fail(Errc::invalidArgument, "call light '" + std::string(text) + "': no coil (expected modbus-tcp://HOST:PORT?unit=1&coil=N)");
  auto url = modbus::parseModbusUrl(query.empty() ? rest : rest + "?" + query);
  if (!url) return url.error();
  return CallLight{*url, *coil};
}

CallLightDriver::CallLightDriver(CallLight light, Logger log) : m_light(std::move(light)), m_log(std::move(log)) {
  m_thread = std::thread([this] { run(); });
}

CallLightDriver::~CallLightDriver() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  m_thread.join();
}

void CallLightDriver::set(bool on) {
  {
    std::lock_guard lock(m_mutex);
    if (m_wanted == on) return;
    m_wanted = on;
    m_dirty = true;
  }
  m_wake.notify_all();
}

void CallLightDriver::run() {
  std::optional<modbus::ModbusConnection> conn;
  bool absent = false;  // said once in the log until it answers again
  auto backoff = std::chrono::milliseconds(100);
  std::unique_lock lock(m_mutex);
  while (!m_stop) {
    if (!m_dirty) {
      // Written again now and then: a module that restarted (its coils off) is put right.
      if (!m_wake.wait_for(lock, 2s, [&] { return m_dirty || m_stop; }) && !m_stop) m_dirty = true;
      continue;
    }
    const bool want = m_wanted;
    m_dirty = false;
    lock.unlock();
    Status st;
    if (!conn) {
      auto c = modbus::ModbusConnection::open(m_light.url, 500ms);
      if (c) conn.emplace(std::move(*c));
      else st = c.error();
    }
    if (conn) {
      st = conn->writeCoil(m_light.coil, want);
      if (!st) conn.reset();  // reconnect on the next try
    }
    lock.lock();
    if (!st) {
      if (!absent) m_log->warn("staff call light {} not reachable ({}); retrying", m_light.text(), st.error().message());
      absent = true;
      m_dirty = true;
      m_wake.wait_for(lock, backoff, [&] { return m_stop; });
      backoff = std::min<std::chrono::milliseconds>(backoff * 2, 5s);
    } else {
      if (absent) m_log->info("staff call light {} answers again", m_light.text());
      absent = false;
      backoff = 100ms;
    }
  }
}

StaffCall::StaffCall(std::string kioskId, const Clock& clock, std::optional<CallLight> light, Logger log)
    : m_kioskId(std::move(kioskId)), m_clock(clock), m_log(std::move(log)) {
  if (light) m_light = std::make_unique<CallLightDriver>(*light, m_log);
}

StaffCall::~StaffCall() = default;

bool StaffCall::raise(const std::string& screen) {
  {
    std::lock_guard lock(m_mutex);
    if (m_raisedAt) return false;
    m_raisedAt = m_clock.now();
    m_screen = screen;
  }
  // Where, never who: the kiosk and the screen only.
  m_log->warn("staff call from kiosk {} at screen {}", forLog(m_kioskId), forLog(screen));
  if (m_metrics.raised) m_metrics.raised();
  if (m_metrics.waiting) m_metrics.waiting(true);
  if (m_light) m_light->set(true);
  changed();
  return true;
}

bool StaffCall::acknowledge() {
  {
    std::lock_guard lock(m_mutex);
    if (!m_raisedAt) return false;
  }
  clear("acknowledged by staff");
  return true;
}

void StaffCall::visitEnded() { clear("the visit ended"); }

void StaffCall::clear(const char* why) {
  {
    std::lock_guard lock(m_mutex);
    if (!m_raisedAt) return;
    m_raisedAt.reset();
    m_screen.clear();
  }
  m_log->info("staff call at kiosk {} over: {}", forLog(m_kioskId), why);
  if (m_metrics.waiting) m_metrics.waiting(false);
  if (m_light) m_light->set(false);
  changed();
}

bool StaffCall::waiting() const {
  std::lock_guard lock(m_mutex);
  return m_raisedAt.has_value();
}

std::optional<Clock::TimePoint> StaffCall::raisedAt() const {
  std::lock_guard lock(m_mutex);
  return m_raisedAt;
}

std::string StaffCall::screen() const {
  std::lock_guard lock(m_mutex);
  return m_screen;
}

void StaffCall::setOnChange(OnChange f) {
  std::lock_guard lock(m_mutex);
  m_onChange = std::move(f);
}

void StaffCall::setMetrics(MetricsSink m) { m_metrics = std::move(m); }

void StaffCall::changed() {
  OnChange f;
  {
    std::lock_guard lock(m_mutex);
    f = m_onChange;
  }
  if (f) f();
}

} // namespace lasis::kiosk
