#pragma once
// The library's time zone: where "today" ends for an offline due date, and the time logs and
// SIP2 "local time" dates are written in. Set once at start from the config (kiosk.time_zone,
// gate.time_zone); empty keeps the machine's own zone (TZ, else /etc/localtime).

#include "common/core/clock.h"
#include "common/core/result.h"

#include <string>

namespace lasis {

/// Checks that `name` is an IANA zone the machine has (tzdata: /usr/share/zoneinfo/NAME, or
/// $TZDIR/NAME), e.g. "Europe/Riga". Errc::config naming the zone and what to do otherwise.
Status checkTimeZone(const std::string& name);

/// Makes `name` this process's local zone (TZ and tzset). Call at start, before other threads run:
/// setenv is not thread-safe. Empty `name`: nothing changes.
Status applyTimeZone(const std::string& name);

/// The last second of the local calendar day that contains `t` (23:59:59 in the local zone, daylight
/// saving time included): a due date "by the end of that day".
Clock::TimePoint endOfLocalDay(Clock::TimePoint t);

} // namespace lasis
