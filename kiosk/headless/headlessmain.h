#pragma once
// `lasis-kiosk --headless`: the composition root of the kiosk without a window. The Qt main
// calls this when it is given --headless, so both executables behave the same.

namespace lasis::kiosk {

/// Parses the command line, opens reader, ILS and database, recovers, then runs JSON lines on
/// stdin/stdout until end of input. Returns the process exit code (2: bad config or options,
/// 3: a device, ILS address or database could not be opened).
int runHeadless(int argc, char** argv);

} // namespace lasis::kiosk
