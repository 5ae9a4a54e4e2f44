#include "common/queue/circuitbreaker.h"

#include <algorithm>

namespace lasis::queue {

CircuitBreaker::CircuitBreaker(Settings s, const Clock& clock) : m_s(s), m_clock(clock) {
  m_nextProbe = m_clock.monotonic();
}

bool CircuitBreaker::probeDue() const { return !m_online && m_clock.monotonic() >= m_nextProbe; }

void CircuitBreaker::recordSuccess() {
  m_failures = 0;
  auto now = m_clock.monotonic();
  if (!m_online) {
    m_online = true;
    m_closedAt = now;
    ++m_transitions;
  } else if (now - m_closedAt >= m_s.stableAfter) {
    m_outages = 0;
  }
}

void CircuitBreaker::recordFailure() {
  if (!m_online) {
    // A failed probe: wait longer before the next one, up to the cap.
    ++m_outages;
    open();
    return;
  }
  if (++m_failures >= m_s.failureThreshold) {
    if (m_clock.monotonic() - m_closedAt >= m_s.stableAfter) m_outages = 0;
    m_online = false;
    ++m_transitions;
    open();
  }
}

void CircuitBreaker::open() {
  auto interval = m_s.probeInterval;
  for (int i = 0; i < std::min(m_outages, 16) && interval < m_s.maxProbeInterval; ++i) interval *= 2;
  m_nextProbe = m_clock.monotonic() + std::min(interval, m_s.maxProbeInterval);
  m_failures = 0;
}

} // namespace lasis::queue
