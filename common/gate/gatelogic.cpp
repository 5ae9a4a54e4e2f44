#include "common/gate/gatelogic.h"

namespace lasis::gate {

GateLogic::GateLogic(const Clock& clock, AlarmSettings settings, Clock::Duration directionWindow)
    : m_clock(clock), m_alarm(settings), m_window(directionWindow) {}

TagDecision GateLogic::tagPass(const TagObservation& tag) {
  const auto before = m_alarm.alarmCount();
  TagDecision d;
  d.verdict = m_alarm.observe(tag, m_clock.monotonic());
  // observe() raises (and counts) the alarm itself when the verdict, the mode and the settings
  // call for one: that count is the one decision of "this pass alarms".
  d.alarmed = m_alarm.alarmCount() != before;
  return d;
}

void GateLogic::awaitDirection(GateEvent alarm) { m_pending.push_back({std::move(alarm), m_clock.monotonic()}); }

template <typename Pred>
std::vector<GateEvent> GateLogic::take(Pred pred, const std::string& direction) {
  std::vector<GateEvent> out;
  for (auto it = m_pending.begin(); it != m_pending.end();) {
    if (pred(*it)) {
      it->event.direction = direction;
      out.push_back(std::move(it->event));
      it = m_pending.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

BeamDecision GateLogic::beams(bool beamA, bool beamB) {
  const auto now = m_clock.monotonic();
  BeamDecision d;
  d.passage = m_counter.update(beamA, beamB, now);
  if (d.passage && (*d.passage == Passage::in || *d.passage == Passage::out)) {
    // Alarms older than the window stay for expire(): the person who carried them is gone, and
    // this passage is someone else's.
    d.resolved = take([&](const PendingAlarm& p) { return now - p.raisedAt <= m_window; },
                      std::string(toString(*d.passage)));
  }
  return d;
}

std::vector<GateEvent> GateLogic::expire() {
  const auto now = m_clock.monotonic();
  return take([&](const PendingAlarm& p) { return now - p.raisedAt > m_window; }, "unknown");
}

std::vector<GateEvent> GateLogic::flush() {
  return take([](const PendingAlarm&) { return true; }, "unknown");
}

GateEvent GateLogic::testAlarm(const std::string& from) {
  m_alarm.raise(m_clock.monotonic(), /*counted=*/false);
  GateEvent e;
  e.kind = "test";
  e.detail = "test alarm from " + from;
  return e;
}

GateEvent GateLogic::acknowledge(const std::string& from) {
  const bool was = m_alarm.acknowledge(m_clock.monotonic());
  GateEvent e;
  e.kind = "acknowledged";
  e.detail = std::string(was ? "alarm silenced" : "nothing to silence") + " from " + from;
  return e;
}

std::optional<Clock::Duration> GateLogic::nextChangeIn() const {
  const auto now = m_clock.monotonic();
  if (auto next = m_alarm.nextChange(now)) return *next - now;
  return std::nullopt;
}

} // namespace lasis::gate
