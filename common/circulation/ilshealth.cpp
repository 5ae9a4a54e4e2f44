#include "common/circulation/ilshealth.h"

#include <algorithm>

namespace lasis::circulation {

IlsHealth::IlsHealth(Settings s, const Clock& clock) : m_s(s), m_clock(clock) {
  m_online = m_s.startOnline;
  m_nextProbe = m_clock.monotonic();
  m_closedAt = m_nextProbe;
}

bool IlsHealth::online() const {
  std::lock_guard lock(m_mutex);
  return m_online;
}

bool IlsHealth::probeDue() const {
  std::lock_guard lock(m_mutex);
  return !m_online && m_clock.monotonic() >= m_nextProbe;
}

bool IlsHealth::claimProbe() {
  std::lock_guard lock(m_mutex);
  if (m_online || m_clock.monotonic() < m_nextProbe) return false;
  // Whoever claimed it reports the result; until then nobody else probes.
  m_nextProbe = m_clock.monotonic() + m_s.probeInterval;
  return true;
}

int IlsHealth::transitions() const {
  std::lock_guard lock(m_mutex);
  return m_transitions;
}

void IlsHealth::recordSuccess() {
  std::lock_guard lock(m_mutex);
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

void IlsHealth::recordFailure() {
  std::lock_guard lock(m_mutex);
  if (!m_online) {
    // A failed probe: wait longer before the next one, up to the cap.
    ++m_outages;
    openLocked();
    return;
  }
  if (++m_failures >= m_s.failureThreshold) {
    if (m_clock.monotonic() - m_closedAt >= m_s.stableAfter) m_outages = 0;
    m_online = false;
    ++m_transitions;
    openLocked();
  }
}

void IlsHealth::trip() {
  std::lock_guard lock(m_mutex);
  if (!m_online) return;
  if (m_clock.monotonic() - m_closedAt >= m_s.stableAfter) m_outages = 0;
  m_online = false;
  ++m_transitions;
  openLocked();
}

void IlsHealth::openLocked() {
  auto interval = m_s.probeInterval;
  for (int i = 0; i < std::min(m_outages, 16) && interval < m_s.maxProbeInterval; ++i) interval *= 2;
  m_nextProbe = m_clock.monotonic() + std::min(interval, m_s.maxProbeInterval);
  m_failures = 0;
}

} // namespace lasis::circulation
