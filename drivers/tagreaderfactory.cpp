#include "drivers/tagreaderfactory.h"

#include "drivers/nfc/nfcreader.h"
#include "drivers/pcsc/pcscreader.h"

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

namespace {
/// The libnfc connstring a URL names (empty for PC/SC), or why the URL names no reader.
Result<std::string> libnfcConnstring(const std::string& url) {
  std::string connstring;
  if (url.rfind("nfc:", 0) == 0) connstring = url.substr(4);
  else if (isLibnfcConnstring(url)) connstring = url;
  else if (url.rfind("pcsc:", 0) == 0) {
    if (auto st = pcsc::PcscReader::checkUrl(url); !st) return st.error();
    return std::string();
  } else {
    return fail(Errc::config, "reader \"" + url + "\": expected nfc:<libnfc connstring> (e.g. nfc:pn532_uart:/dev/ttyUSB0) or pcsc:<reader>");
  }
  if (connstring.empty()) return fail(Errc::config, "reader \"" + url + "\": the libnfc connstring is empty");
  const auto driver = connstring.substr(0, connstring.find(':'));
  if (!isLibnfcConnstring(driver)) {
    return fail(Errc::config, "reader \"" + url + "\": \"" + driver + "\" is not a libnfc driver (pn532_uart, acr122_usb, …)");
  }
  return connstring;
}
} // namespace

Status checkReaderUrl(const std::string& url) {
  auto c = libnfcConnstring(url);
  if (!c) return c.error();
  return {};
}

Result<std::unique_ptr<rfid::TagReader>> openTagReader(const std::string& url, Logger logger, OpenMode mode) {
  auto parsed = libnfcConnstring(url);
  if (!parsed) return parsed.error();
  const std::string connstring = *parsed;
  if (connstring.empty()) {
    // PC/SC (ISO 15693): the reader is found through pcscd at open; a tag-less field is normal.
    auto reader = pcsc::PcscReader::open(url);
    if (!reader) return reader.error();
    return std::unique_ptr<rfid::TagReader>(std::move(*reader));
  }
  auto reader = std::make_unique<NfcReader>(connstring, std::move(logger));
  if (mode == OpenMode::requireDevice) {
    if (auto s = reader->connect(); !s) return s.error();
  }
  return std::unique_ptr<rfid::TagReader>(std::move(reader));
}

} // namespace lasis::drivers
