#pragma once
// `lasis-kiosk --headless`: the kiosk without a window. kiosk/main.cpp parses the command line
// and calls this when it is given --headless, so the touchscreen and the headless runner are one
// executable assembling one kiosk (KioskRuntime).

#include "kiosk/runtime/kioskruntime.h"

namespace lasis::kiosk {

/// Opens reader, ILS and database, recovers, then runs JSON lines on stdin/stdout until end of
/// input. Returns the process exit code (2: bad config or options, 3: a device, ILS address or
/// database could not be opened).
int runHeadless(const KioskOptions& options);

} // namespace lasis::kiosk
