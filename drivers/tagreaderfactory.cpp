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

Status checkTagReaderUrl(const std::string& url) {
  if (url.rfind("pcsc:", 0) == 0) return pcsc::PcscReader::checkUrl(url);
  std::string connstring;
  if (url.rfind("nfc:", 0) == 0) connstring = url.substr(4);
  else if (isLibnfcConnstring(url)) connstring = url;
  else return fail(Errc::config, "reader \"" + url + "\": expected nfc:<libnfc connstring> (e.g. nfc:pn532_uart:/dev/ttyUSB0) or pcsc:<reader>");
  if (connstring.empty()) return fail(Errc::config, "reader \"" + url + "\": the libnfc connstring is empty");
  // libnfc would only say "cannot open" for a misspelt driver, over and over: say it once, here.
  // After "nfc:" libnfc's own "pcsc" and "pn71xx" drivers are allowed too (bare, "pcsc:" is ours).
  const auto driver = connstring.substr(0, connstring.find(':'));
  if (!isLibnfcConnstring(connstring) && driver != "pcsc" && driver != "pn71xx") {
    std::string names;
    for (auto d : kLibnfcDrivers) names += (names.empty() ? "" : ", ") + std::string(d);
    return fail(Errc::config, "reader \"" + url + "\": unknown libnfc driver (one of " + names + ")");
  }
  return {};
}

Result<std::unique_ptr<rfid::TagReader>> openTagReader(const std::string& url, Logger logger, OpenMode mode) {
  if (url.rfind("pcsc:", 0) == 0) {
    // PC/SC (ISO 15693): the reader is found through pcscd at open; a tag-less field is normal.
    auto reader = pcsc::PcscReader::open(url);
    if (!reader) return reader.error();
    return std::unique_ptr<rfid::TagReader>(std::move(*reader));
  }
  if (auto st = checkTagReaderUrl(url); !st) return st.error();
  const std::string connstring = url.rfind("nfc:", 0) == 0 ? url.substr(4) : url;
  auto reader = std::make_unique<NfcReader>(connstring, std::move(logger));
  if (mode == OpenMode::requireDevice) {
    if (auto s = reader->connect(); !s) return s.error();
  }
  return std::unique_ptr<rfid::TagReader>(std::move(reader));
}

} // namespace lasis::drivers
