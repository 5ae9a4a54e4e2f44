#include "drivers/tagreaderfactory.h"

#include "drivers/nfc/nfcreader.h"

#include <array>
#include <string_view>

namespace lasis::drivers {

namespace {
// libnfc 1.8.0's driver names: a bare connstring starting with one of them is a libnfc device.
constexpr std::array<std::string_view, 8> kLibnfcDrivers{"pn532_uart", "pn532_spi", "pn532_i2c", "pn53x_usb",
                                                         "acr122_usb", "acr122_pcsc", "acr122s", "arygon"};

bool isLibnfcConnstring(const std::string& s) {
  for (auto d : kLibnfcDrivers) {
    if (s.rfind(d, 0) == 0 && (s.size() == d.size() || s[d.size()] == ':')) return true;
  }
  return false;
}
} // namespace

Result<std::unique_ptr<rfid::TagReader>> openTagReader(const std::string& url, Logger logger, OpenMode mode) {
  std::string connstring;
  if (url.rfind("nfc:", 0) == 0) connstring = url.substr(4);
  else if (isLibnfcConnstring(url)) connstring = url;
  else if (url.rfind("pcsc:", 0) == 0) return fail(Errc::unsupported, "PC/SC readers (" + url + ") are not built into this version");
  else return fail(Errc::config, "reader \"" + url + "\": expected nfc:<libnfc connstring> (e.g. nfc:pn532_uart:/dev/ttyUSB0) or pcsc:<reader>");
  if (connstring.empty()) return fail(Errc::config, "reader \"" + url + "\": the libnfc connstring is empty");
  auto reader = std::make_unique<NfcReader>(connstring, std::move(logger));
  if (mode == OpenMode::requireDevice) {
    if (auto s = reader->connect(); !s) return s.error();
  }
  return std::unique_ptr<rfid::TagReader>(std::move(reader));
}

} // namespace lasis::drivers
