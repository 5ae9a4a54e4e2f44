#pragma once
// The versions of the C libraries wrapped in drivers/, as the running process sees them (for
// `--version` and doctor). Each is defined beside its wrapper, so a binary can only name a
// library it links.

#include "common/core/buildinfo.h"

namespace lasis::drivers {

ComponentVersion libnfcVersion();     ///< drivers/nfc/nfcversion.cpp (lasis_drivers_nfc)
ComponentVersion libmodbusVersion();  ///< drivers/modbus/modbusversion.cpp (lasis_drivers_modbus)

} // namespace lasis::drivers
