#pragma once
// Opens a TagReader from a URL, choosing the backend by scheme, so a site changes readers by
// changing one line of configuration:
//   nfc:<libnfc connstring>   libnfc (nfc:pn532_uart:/dev/ttyUSB0, nfc:acr122_usb, …)
//   <libnfc connstring>       the same without the prefix (what `lasis-sim reader` prints)
//   pcsc:<reader>             PC/SC for ISO 15693 tags (pcsc:0, pcsc:Virtual PCD 00 00; see
//                             drivers/pcsc/pcscreader.h for ?security=afi|eas|both&model=…)

#include "common/core/log.h"
#include "common/rfid/tagreader.h"

#include <memory>
#include <string>

namespace lasis::drivers {

/// How openTagReader treats a reader that is not there.
enum class OpenMode {
  requireDevice,  ///< fail with Errc::disconnected now (command-line tools)
  lazy,           ///< succeed; the reader connects on first use and after every loss (daemons)
};

/// Checks a reader URL without opening anything (no device, no pcscd): Errc::config with a
/// message naming the URL when openTagReader would refuse it whatever the hardware.
Status checkTagReaderUrl(const std::string& url);

Result<std::unique_ptr<rfid::TagReader>> openTagReader(const std::string& url, Logger logger = nullLogger(),
                                                       OpenMode mode = OpenMode::requireDevice);

} // namespace lasis::drivers
