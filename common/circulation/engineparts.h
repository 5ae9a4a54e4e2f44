#pragma once
// Inside the circulation engine: what its parts (one file each: pad, identify, checkout, return,
// account, session, recovery) share. Not part of the engine's interface; include only from
// common/circulation/*.cpp.

#include "common/circulation/circulationengine.h"

#include <set>
#include <string>
#include <vector>

namespace lasis::circulation {

/// One item found on the pad: all tags of one item id (the parts of a set).
struct CirculationEngine::Candidate {
  std::string itemId;
  std::vector<std::string> uids;
  int parts = 1;
  std::set<int> ordinals;
  std::uint8_t usage = tagdata::usage::circulating;
  std::optional<Outcome> problem;  ///< set: refused before any ILS call
};

namespace engine_detail {

/// The ILS's first screen message, or `fallback` when it gave none (journal notes for staff).
inline std::string firstMessage(const ils::Answer& a, std::string fallback) {
  return a.screenMessages.empty() ? std::move(fallback) : a.screenMessages.front();
}

/// The ILS's own words for the patron (its first screen message), empty when it gave none: the
/// screens say everything else in the patron's language from the outcome code.
inline std::string ilsWords(const ils::Answer& a) { return firstMessage(a, {}); }

} // namespace engine_detail

} // namespace lasis::circulation
