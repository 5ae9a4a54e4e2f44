#pragma once
// The headless kiosk's words: the JSON events' `message` in English, for the front-ends and
// scripts that read them. The core gives outcome codes and the ILS's own words only; like the
// touchscreen (kiosk/app/patrontext.cpp, in five languages), this says each code in a sentence.

#include "common/circulation/events.h"

#include <string>
#include <vector>

namespace lasis::kiosk {

/// One item's outcome: the ILS's own words when it gave some, else the outcome in English.
std::string englishText(const circulation::ItemOutcome& o);
/// A login's outcome, likewise.
std::string englishText(const circulation::LoginOutcome& o);
/// A message not tied to an item (no items on the pad, login required, …), likewise.
std::string englishText(circulation::Outcome code, const std::string& ilsText);
/// What a logged-in patron is told: the ILS's own lines, then a lost card, fines, provisional.
std::vector<std::string> englishLines(const circulation::PatronView& p);

} // namespace lasis::kiosk
