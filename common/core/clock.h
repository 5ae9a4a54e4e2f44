#pragma once
// Time is injected: core code asks a Clock, never the system directly, so tests advance a
// ManualClock and due dates, back-off and alarm hold times run in microseconds.

#include <chrono>
#include <mutex>

namespace lasis {

/// Wall-clock time as core code sees it.
class Clock {
public:
  using Duration = std::chrono::microseconds;
  using TimePoint = std::chrono::time_point<std::chrono::system_clock, Duration>;

  virtual ~Clock() = default;
  /// Calendar time (for dates sent to the ILS, receipts, logs).
  virtual TimePoint now() const = 0;
  /// Monotonic time (for timeouts, back-off and hold times); never jumps backwards.
  virtual Duration monotonic() const = 0;
};

/// The real clocks of the machine.
class SystemClock final : public Clock {
public:
  TimePoint now() const override {
    return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
  }
  Duration monotonic() const override {
    return std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now().time_since_epoch());
  }
};

/// A clock that moves only when a test tells it to. Thread-safe.
class ManualClock final : public Clock {
public:
  explicit ManualClock(TimePoint start = TimePoint(std::chrono::seconds(1'790'000'000))) : m_now(start) {}

  TimePoint now() const override {
    std::lock_guard lock(m_mutex);
    return m_now;
  }
  Duration monotonic() const override {
    std::lock_guard lock(m_mutex);
    return m_mono;
  }
  /// Moves both clocks forward.
  void advance(Duration d) {
    std::lock_guard lock(m_mutex);
    m_now += d;
    m_mono += d;
  }
  /// Jumps the calendar clock only (NTP step, a technician setting the date); monotonic stays.
  void setNow(TimePoint t) {
    std::lock_guard lock(m_mutex);
    m_now = t;
  }

private:
  mutable std::mutex m_mutex;
  TimePoint m_now;
  Duration m_mono{0};
};

} // namespace lasis
