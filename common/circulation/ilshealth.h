#pragma once
// The one answer to "does the library system answer?", read by the circulation engine (and
// through it the screen, the metrics and the staff screen) and by the queue's replay.
//
// Consecutive transport failures open it (offline); a request a patron is waiting for trips it
// at once (trip()), because nobody should wait for a second timeout. While open, a probe (SIP2 99,
// `IlsClient::status()`) is due at an interval that grows while the ILS stays down; one good
// answer closes it. An ILS that fails again soon after closing keeps the longer interval, so a
// flapping ILS is not hammered. Whoever ticks may probe (probeDue() is shared): the probes do
// not add up. Thread-safe.

#include "common/core/clock.h"

#include <mutex>

namespace lasis::circulation {

class IlsHealth {
public:
  struct Settings {
    int failureThreshold = 2;                        ///< consecutive failures that mean "offline"
    Clock::Duration probeInterval = std::chrono::seconds(5);
    Clock::Duration maxProbeInterval = std::chrono::minutes(2);
    Clock::Duration stableAfter = std::chrono::minutes(5);  ///< closed this long: forget past outages
    /// At start: online until the first failure (the kiosk, whose engine serves at once), or
    /// offline with a probe due at once (nothing is known about the ILS yet).
    bool startOnline = false;
  };

  IlsHealth(Settings s, const Clock& clock);

  bool online() const;
  /// Offline and the next probe's time has come.
  bool probeDue() const;
  /// Claims the due probe: true for one caller only, who must then report its result.
  bool claimProbe();
  /// An answer from the ILS (a probe or any reply): online.
  void recordSuccess();
  /// A transport failure (no answer, or an unknown outcome).
  void recordFailure();
  /// A failure a patron met: offline at once, whatever the threshold.
  void trip();
  /// How often online/offline changed (each change counts once).
  int transitions() const;

private:
  void openLocked();

  Settings m_s;
  const Clock& m_clock;
  mutable std::mutex m_mutex;
  bool m_online = false;
  int m_failures = 0;
  int m_outages = 0;  ///< recent outages, for the growing probe interval
  Clock::Duration m_nextProbe{0};
  Clock::Duration m_closedAt{0};
  int m_transitions = 0;
};

} // namespace lasis::circulation
