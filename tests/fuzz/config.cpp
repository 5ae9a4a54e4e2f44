// Fuzz: the configuration files a technician (or a damaged disk) hands the services — TOML
// through ConfigDoc into the kiosk's (circulation, sync, offline policy, SIP2 profile), the
// gate's and the simulator library's loaders — and the address strings inside them (ILS and
// Modbus URLs). A bad file must give file:line errors, never a crash at start-up.
#include "common/circulation/circulationconfig.h"
#include "common/core/config.h"
#include "common/gate/gateconfig.h"
#include "common/circulation/offlinepolicy.h"
#include "common/queue/syncengine.h"
#include "common/sip2/profile.h"
#include "drivers/sip2client/sip2url.h"
#include "drivers/modbus/modbusurl.h"
#include "simulator/ils/librarydata.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace lasis;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto doc = ConfigDoc::parse(text, "fuzz.toml")) {
    (void)circulation::CirculationConfig::fromConfig(*doc);
    (void)queue::SyncConfig::fromConfig(*doc);
    (void)queue::OfflinePolicy::fromConfig(*doc);
    (void)sip2::Profile::fromConfig(*doc, "ils.profile");
    (void)doc->finish();
    const std::string ilsUrl = doc->string("ils.url", "");
    if (!ilsUrl.empty()) (void)sip2::Sip2Url::parse(ilsUrl);
  }
  if (auto doc = ConfigDoc::parse(text, "gate.toml")) {
    if (auto gate = gate::loadGateConfig(*doc)) (void)gate::splitHostPort(gate->statusListen);
  }
  (void)sim::ils::LibraryData::parse(text, "library.toml");
  // The same bytes as a bare address, the way --ils and io.url take them.
  (void)sip2::Sip2Url::parse(text);
  (void)modbus::parseModbusUrl(text);
  return 0;
}
