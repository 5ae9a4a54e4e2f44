#include "drivers/scanner/scannerfactory.h"

#include "drivers/scanner/evdevscanner.h"
#include "drivers/scanner/serialscanner.h"

namespace lasis::drivers {

namespace {
bool hasScheme(const std::string& url, const char* scheme) {
  const std::string s = std::string(scheme) + ":";
  return url.rfind(s, 0) == 0;
}
} // namespace

Status checkScannerUrl(const std::string& url) {
  if (hasScheme(url, "serial")) {
    if (auto s = SerialScanner::parseUrl(url); !s) return s.error();
    return {};
  }
  if (hasScheme(url, "evdev")) {
    if (auto s = EvdevScanner::parseUrl(url); !s) return s.error();
    return {};
  }
  return fail(Errc::config, "scanner \"" + url +
                                "\": expected serial:/dev/ttyACM0?baud=9600&suffix=CR or "
                                "evdev:/dev/input/by-id/…-event-kbd?layout=us");
}

Result<std::unique_ptr<scan::Scanner>> openScanner(const std::string& url, Logger logger, ScannerOpenMode mode) {
  if (auto st = checkScannerUrl(url); !st) return st.error();
  const bool now = mode == ScannerOpenMode::requireDevice;
  if (hasScheme(url, "serial")) {
    auto s = SerialScanner::open(url, std::move(logger), now);
    if (!s) return s.error();
    return std::unique_ptr<scan::Scanner>(std::move(*s));
  }
  auto s = EvdevScanner::open(url, std::move(logger), now);
  if (!s) return s.error();
  return std::unique_ptr<scan::Scanner>(std::move(*s));
}

} // namespace lasis::drivers
