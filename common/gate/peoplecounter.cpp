#include "common/gate/peoplecounter.h"

namespace lasis::gate {

std::string_view toString(Passage p) {
  switch (p) {
    case Passage::in: return "in";
    case Passage::out: return "out";
    case Passage::turnBack: return "turn-back";
    case Passage::ambiguous: return "ambiguous";
  }
  return "ambiguous";
}

std::optional<Passage> PeopleCounter::update(bool beamA, bool beamB, Clock::Duration at) {
  const bool wasIdle = !m_a && !m_b;
  if (wasIdle) {
    if (!beamA && !beamB) return std::nullopt;
    // A passage starts. Both at once (a sample period is coarser than a step, or a trolley)
    // leaves the origin open; the beam that clears last then gives the direction.
    m_origin = beamA && beamB ? Side::both : beamA ? Side::a : Side::b;
    m_brokenSince = at;
    m_a = beamA;
    m_b = beamB;
    return std::nullopt;
  }
  if (beamA || beamB) {
    if (beamA != m_a || beamB != m_b) m_brokenSince = at;  // movement: the beams are not blocked
    m_a = beamA;
    m_b = beamB;
    return std::nullopt;
  }

  // Both beams clear: the passage ends. The last beam cleared is where the person went.
  const Side last = m_a && m_b ? Side::both : m_a ? Side::a : Side::b;
  Passage result = Passage::ambiguous;
  if (last == Side::both) {
    // Cleared together: trust the origin if there was one (they reached the other beam, since
    // both were broken); otherwise nobody can tell which way they went.
    result = m_origin == Side::a ? Passage::out : m_origin == Side::b ? Passage::in : Passage::ambiguous;
  } else if (last == Side::b) {
    // Left on the street side: out, unless they came from there (never crossed, or stepped back).
    result = m_origin == Side::b ? Passage::turnBack : Passage::out;
  } else {
    result = m_origin == Side::a ? Passage::turnBack : Passage::in;
  }
  switch (result) {
    case Passage::in: ++m_counts.in; break;
    case Passage::out: ++m_counts.out; break;
    case Passage::turnBack: ++m_counts.turnBacks; break;
    case Passage::ambiguous: ++m_counts.ambiguous; break;
  }
  m_a = m_b = false;
  m_origin = Side::none;
  return result;
}

Clock::Duration PeopleCounter::blockedFor(Clock::Duration now) const {
  if (!m_a && !m_b) return Clock::Duration{0};
  return now - m_brokenSince;
}

} // namespace lasis::gate
