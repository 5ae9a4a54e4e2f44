#include "common/gate/alarmpolicy.h"

#include <algorithm>

namespace lasis::gate {

using namespace std::chrono_literals;

namespace {
constexpr Clock::Duration kPulse = 250ms;       // pulsed: on 250, off 250
constexpr Clock::Duration kBeepPeriod = 250ms;  // triple: 150 on, 100 off, three times
constexpr Clock::Duration kBeepOn = 150ms;
constexpr int kBeeps = 3;
} // namespace

std::string_view toString(GateMode m) {
  switch (m) {
    case GateMode::security: return "security";
    case GateMode::afi: return "afi";
    case GateMode::eas: return "eas";
    case GateMode::both: return "both";
  }
  return "security";
}

std::optional<GateMode> gateModeFromString(std::string_view s) {
  for (auto m : {GateMode::security, GateMode::afi, GateMode::eas, GateMode::both}) {
    if (toString(m) == s) return m;
  }
  return std::nullopt;
}

std::string_view toString(BuzzerPattern p) {
  switch (p) {
    case BuzzerPattern::off: return "off";
    case BuzzerPattern::continuous: return "continuous";
    case BuzzerPattern::pulsed: return "pulsed";
    case BuzzerPattern::triple: return "triple";
  }
  return "off";
}

std::optional<BuzzerPattern> buzzerPatternFromString(std::string_view s) {
  for (auto p : {BuzzerPattern::off, BuzzerPattern::continuous, BuzzerPattern::pulsed, BuzzerPattern::triple}) {
    if (toString(p) == s) return p;
  }
  return std::nullopt;
}

std::string_view toString(Verdict v) {
  switch (v) {
    case Verdict::pass: return "pass";
    case Verdict::alarm: return "alarm";
    case Verdict::unknown: return "unknown";
  }
  return "unknown";
}

Verdict decide(const AlarmSettings& settings, const TagObservation& tag) {
  auto bySecurity = [&]() {
    switch (tag.security) {
      case rfid::Security::secured: return Verdict::alarm;
      case rfid::Security::unsecured: return Verdict::pass;
      case rfid::Security::unknown: break;
    }
    return Verdict::unknown;
  };
  const bool afiKnown = tag.afi.has_value();
  const bool afiSecured = afiKnown && *tag.afi == settings.securedAfi;
  const bool easKnown = tag.eas.has_value();
  const bool easSet = easKnown && *tag.eas;
  switch (settings.mode) {
    case GateMode::security: return bySecurity();
    case GateMode::afi:
      if (afiKnown) return afiSecured ? Verdict::alarm : Verdict::pass;
      return bySecurity();
    case GateMode::eas:
      if (easKnown) return easSet ? Verdict::alarm : Verdict::pass;
      return bySecurity();
    case GateMode::both:
      // Either mark alarms: an item secured by one mechanism only (a half-finished return) is
      // still in the library's hands.
      if (afiSecured || easSet) return Verdict::alarm;
      if (afiKnown || easKnown) return Verdict::pass;
      return bySecurity();
  }
  return Verdict::unknown;
}

bool TagPassTracker::sighting(const std::string& uid, Clock::Duration now, Clock::Duration passGap) {
  auto [it, inserted] = m_lastSeen.try_emplace(uid, now);
  if (inserted) return true;
  const bool newPass = now - it->second > passGap;
  it->second = now;
  return newPass;
}

void TagPassTracker::prune(Clock::Duration now, Clock::Duration passGap) {
  std::erase_if(m_lastSeen, [&](const auto& kv) { return now - kv.second > passGap; });
}

std::optional<Verdict> AlarmPolicy::observe(const TagObservation& tag, Clock::Duration now) {
  m_passes.prune(now, m_settings.passGap);
  if (!m_passes.sighting(tag.uid, now, m_settings.passGap)) return std::nullopt;
  const Verdict v = decide(m_settings, tag);
  if (v == Verdict::alarm || (v == Verdict::unknown && m_settings.alarmOnUnknown)) raise(now);
  return v;
}

void AlarmPolicy::raise(Clock::Duration now, bool counted) {
  if (counted) ++m_count;
  // A second item while the alarm sounds extends it but keeps the pattern's rhythm.
  if (!active(now)) m_start = now;
  m_until = now + m_settings.hold;
}

bool AlarmPolicy::acknowledge(Clock::Duration now) {
  const bool was = active(now);
  if (was) m_until = now;
  return was;
}

bool AlarmPolicy::active(Clock::Duration now) const { return m_start && now < m_until; }

AlarmOutputs AlarmPolicy::outputs(Clock::Duration now) const {
  if (!active(now)) return {};
  const auto phase = now - *m_start;
  bool buzz = false;
  switch (m_settings.pattern) {
    case BuzzerPattern::off: buzz = false; break;
    case BuzzerPattern::continuous: buzz = true; break;
    case BuzzerPattern::pulsed: buzz = (phase / kPulse) % 2 == 0; break;
    case BuzzerPattern::triple: buzz = phase < kBeepPeriod * kBeeps && phase % kBeepPeriod < kBeepOn; break;
  }
  return {true, buzz};
}

std::optional<Clock::Duration> AlarmPolicy::nextChange(Clock::Duration now) const {
  if (!active(now)) return std::nullopt;
  Clock::Duration next = m_until;
  const auto phase = now - *m_start;
  switch (m_settings.pattern) {
    case BuzzerPattern::off:
    case BuzzerPattern::continuous: break;
    case BuzzerPattern::pulsed: next = std::min(next, *m_start + (phase / kPulse + 1) * kPulse); break;
    case BuzzerPattern::triple:
      if (phase < kBeepPeriod * kBeeps) {
        const auto base = (phase / kBeepPeriod) * kBeepPeriod;
        const auto edge = phase % kBeepPeriod < kBeepOn ? base + kBeepOn : base + kBeepPeriod;
        next = std::min(next, *m_start + edge);
      }
      break;
  }
  return next;
}

} // namespace lasis::gate
