#pragma once
// People counting at the gate from two infrared beams. Beam A is on the library side, beam B on
// the street side (swap them in the configuration if the installer wired them the other way), so
// a person leaving breaks A, then B, then clears A, then B. Direction comes from the beam broken
// first and the beam cleared last; a person who clears the beam they came from turned back and is
// not counted. Pure: fed samples of the two beams with their monotonic time, no I/O.

#include "common/core/clock.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace lasis::gate {

/// Which way a completed passage went.
enum class Passage {
  in,         ///< street → library (B first, A cleared last)
  out,        ///< library → street (A first, B cleared last)
  turnBack,   ///< left the way they came: not counted
  ambiguous,  ///< both beams broke and cleared together: direction unknowable, not counted
};
std::string_view toString(Passage p);

/// Totals since start (or since the last reset by the owner).
struct PeopleCounts {
  std::uint64_t in = 0;
  std::uint64_t out = 0;
  std::uint64_t turnBacks = 0;
  std::uint64_t ambiguous = 0;
  friend bool operator==(const PeopleCounts&, const PeopleCounts&) = default;
};

/// The beam-order state machine that turns beam samples into counted passages.
class PeopleCounter {
public:
  /// Feeds the beams' state at monotonic time `at`. Returns a passage when this sample ends one
  /// (both beams clear again). Repeated identical samples change nothing (polling is idempotent).
  std::optional<Passage> update(bool beamA, bool beamB, Clock::Duration at);

  const PeopleCounts& counts() const { return m_counts; }
  /// How long a beam has stayed broken (a bag left in the gate, a dirty lens), zero when clear.
  Clock::Duration blockedFor(Clock::Duration now) const;
  /// True while someone is between the beams (a passage has started and not ended).
  bool busy() const { return m_a || m_b; }

private:
  enum class Side { none, a, b, both };
  bool m_a = false;
  bool m_b = false;
  Side m_origin = Side::none;    // beam(s) broken first in this passage
  Clock::Duration m_brokenSince{0};
  PeopleCounts m_counts;
};

} // namespace lasis::gate
