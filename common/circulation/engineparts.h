#pragma once
// Inside the circulation engine: what its parts (one file each: pad, identify, checkout, return,
// account, session, recovery) share. Not part of the engine's interface; include only from
// common/circulation/*.cpp.

#include "common/circulation/circulationengine.h"

#include <optional>
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
  std::string owner;  ///< the owner library's ISIL from the tag (empty: none, or no tag)
  std::optional<Outcome> problem;  ///< set: refused before any ILS call
};

namespace engine_detail {

/// Why a scanned or typed item id cannot be one (empty when it can): SIP2 carries neither a
/// field separator nor control characters, and no item id is that long.
inline std::optional<std::string> itemIdProblem(const std::string& id) {
  if (id.empty()) return std::string("the item id is empty");
  if (id.size() > 128) return "the item id is " + std::to_string(id.size()) + " bytes long";
  for (char ch : id) {
    const auto u = static_cast<unsigned char>(ch);
    if (u < 0x20 || u == 0x7f || ch == '|') return std::string("the item id contains '|' or a control character");
  }
  return std::nullopt;
}

/// The ILS's first screen message, or `fallback` when it gave none (journal notes for staff).
inline std::string firstMessage(const ils::Answer& a, std::string fallback) {
  return a.screenMessages.empty() ? std::move(fallback) : a.screenMessages.front();
}

/// The ILS's own words for the patron (its first screen message), empty when it gave none: the
/// screens say everything else in the patron's language from the outcome code.
inline std::string ilsWords(const ils::Answer& a) { return firstMessage(a, {}); }

} // namespace engine_detail

} // namespace lasis::circulation
