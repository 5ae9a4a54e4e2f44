#pragma once
// Decides online/offline from the ILS's own health: consecutive transport failures open the
// breaker (offline); while open, a probe (SIP2 99, `IlsClient::status()`) runs at an interval
// that grows while the ILS stays down; one good probe closes it. A breaker that re-opens soon
// after closing keeps its longer interval, so a flapping ILS is not hammered.

#include "common/core/clock.h"

namespace lasis::queue {

/// The ILS health state machine behind the kiosk's online/offline mode.
class CircuitBreaker {
public:
  struct Settings {
    int failureThreshold = 2;                        ///< consecutive failures that mean "offline"
    Clock::Duration probeInterval = std::chrono::seconds(5);
    Clock::Duration maxProbeInterval = std::chrono::minutes(2);
    Clock::Duration stableAfter = std::chrono::minutes(5);  ///< closed this long: forget past outages
  };

  CircuitBreaker(Settings s, const Clock& clock);

  /// Starts open with a probe due at once: nothing is known about the ILS at start-up.
  bool online() const { return m_online; }
  bool probeDue() const;
  void recordSuccess();
  void recordFailure();
  int transitions() const { return m_transitions; }

private:
  void open();

  Settings m_s;
  const Clock& m_clock;
  bool m_online = false;
  int m_failures = 0;
  int m_outages = 0;  ///< recent outages, for the growing probe interval
  Clock::Duration m_nextProbe{0};
  Clock::Duration m_closedAt{0};
  int m_transitions = 0;
};

} // namespace lasis::queue
