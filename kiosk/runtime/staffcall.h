#pragma once
// "Call staff": a patron at the kiosk asks for help. One call at a time: raised from any patron
// screen (or the headless runner's {"cmd":"call-staff"}), it waits until staff acknowledge it on
// the staff screen or until the visit ends. While it waits:
//   - the log says "staff call from kiosk K at screen S" (never a patron's name or card);
//   - the metrics count it (lasis_kiosk_staff_calls_total) and show it (lasis_kiosk_staff_call_waiting);
//   - the optional desk light ([staff] call_light, a coil on a Modbus I/O module) is on.
// The light is driven by a worker thread of its own: a module that is absent is logged once, retried
// with back-off, and never holds up the caller (the screen's thread).

#include "common/core/clock.h"
#include "common/core/log.h"
#include "common/core/result.h"
#include "drivers/modbus/modbusurl.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace lasis::kiosk {

/// A desk light's address: a Modbus endpoint and the coil that switches the light.
struct CallLight {
  modbus::ModbusUrl url;
  int coil = 0;  ///< 0–65535
  std::string text() const;
};

/// Parses `modbus-tcp://HOST:PORT?unit=1&coil=N` (or a modbus-rtu:// URL with &coil=N); the coil
/// is required. Errc::invalidArgument naming what is wrong.
Result<CallLight> parseCallLight(std::string_view url);

/// Switches one coil on a Modbus module from a worker thread: the wanted state is written as soon
/// as it changes and again after every reconnect; an unreachable module is logged once (and once
/// more when it is back), retried with back-off.
class CallLightDriver {
public:
  CallLightDriver(CallLight light, Logger log);
  ~CallLightDriver();
  CallLightDriver(const CallLightDriver&) = delete;
  CallLightDriver& operator=(const CallLightDriver&) = delete;

  /// Sets the wanted state; returns at once (thread-safe).
  void set(bool on);

private:
  void run();

  CallLight m_light;
  Logger m_log;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_wanted = false;
  bool m_dirty = true;  ///< off at start: a light left on by a crash goes out
  bool m_stop = false;
  std::thread m_thread;
};

/// The kiosk's one staff call.
class StaffCall {
public:
  /// Told of every change (raised, acknowledged, ended), on the thread that made it.
  using OnChange = std::function<void()>;
  /// `metrics` is told of every call and of the waiting state (may be empty).
  struct MetricsSink {
    std::function<void()> raised;
    std::function<void(bool)> waiting;
  };

  StaffCall(std::string kioskId, const Clock& clock, std::optional<CallLight> light, Logger log);
  ~StaffCall();

  /// A patron asks for staff on `screen`. True when this raised a call; false when one waits
  /// already (pressing again does not raise a second call).
  bool raise(const std::string& screen);
  /// Staff saw it (the staff screen's button). False when none was waiting.
  bool acknowledge();
  /// The visit ended: the call, if any, is over.
  void visitEnded();

  bool waiting() const;
  /// When the waiting call was raised (nullopt when none waits).
  std::optional<Clock::TimePoint> raisedAt() const;
  /// The screen the waiting call came from (empty when none waits).
  std::string screen() const;

  void setOnChange(OnChange f);
  void setMetrics(MetricsSink m);

private:
  void clear(const char* why);
  void changed();

  std::string m_kioskId;
  const Clock& m_clock;
  Logger m_log;
  mutable std::mutex m_mutex;
  std::optional<Clock::TimePoint> m_raisedAt;
  std::string m_screen;
  OnChange m_onChange;
  MetricsSink m_metrics;
  std::unique_ptr<CallLightDriver> m_light;
};

} // namespace lasis::kiosk
