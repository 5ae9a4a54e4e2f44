#pragma once
// Opens a Scanner from a URL, choosing the backend by scheme, so a site changes scanners by
// changing one line of configuration (several scanners: one URL each):
//   serial:/dev/ttyACM0?baud=9600&suffix=CR|LF|CRLF|TAB|ETX|none&prefix=STX|none
//                         serial scanners (USB CDC-ACM or RS-232; drivers/scanner/serialscanner.h)
//   evdev:/dev/input/by-id/usb-…-event-kbd?layout=us|lv|lt|uk&suffix=enter|tab
//                         USB HID keyboard-wedge scanners, grabbed (drivers/scanner/evdevscanner.h)

#include "common/core/log.h"
#include "common/scan/scan.h"

#include <memory>
#include <string>

namespace lasis::drivers {

/// How openScanner treats a scanner that is not there.
enum class ScannerOpenMode {
  requireDevice,  ///< open (and grab) it now; Errc::disconnected when absent (tools, the doctor)
  lazy,           ///< succeed; the scanner is opened by next(), and again after every loss (daemons)
};

/// Checks a scanner URL without opening anything: Errc::config with a message naming the URL
/// and what is wrong when openScanner would refuse it whatever the hardware.
Status checkScannerUrl(const std::string& url);

Result<std::unique_ptr<scan::Scanner>> openScanner(const std::string& url, Logger logger = nullLogger(),
                                                   ScannerOpenMode mode = ScannerOpenMode::requireDevice);

} // namespace lasis::drivers
