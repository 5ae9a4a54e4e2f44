#pragma once
// SIP2 dates: the 18-character `YYYYMMDDZZZZHHMMSS` timestamp and the `YYYY-MM-DD HH:MM:SS`
// due dates some ILSs send in AH.

#include "common/core/clock.h"

#include <optional>
#include <string>
#include <string_view>

namespace lasis::sip2 {

using TimePoint = Clock::TimePoint;

/// Whether we write dates in the ILS's local time (ZZZZ = 4 spaces) or in UTC (`   Z`).
enum class DateZone { local, utc };

/// 18 characters, e.g. "20261122    093000" (local) or "20261122   Z083000" (UTC).
std::string formatSipDate(TimePoint t, DateZone zone);
/// "2026-11-22 09:30:00" in the given zone (some ILSs' AH due-date form).
std::string formatIsoDate(TimePoint t, DateZone zone);
/// Parses an 18-character SIP2 timestamp: 4 spaces = local time, 3 spaces + a military zone
/// letter (Z = UTC, A–M east, N–Y west). Tolerant of lower-case zone letters; nullopt if not a date.
std::optional<TimePoint> parseSipDate(std::string_view text);
/// Parses a due date in any form ILSs send: a SIP2 timestamp, "YYYY-MM-DD HH:MM:SS",
/// "YYYY-MM-DDTHH:MM:SS" or a bare "YYYY-MM-DD" (end of that day, local time).
std::optional<TimePoint> parseDueDate(std::string_view text);

} // namespace lasis::sip2
