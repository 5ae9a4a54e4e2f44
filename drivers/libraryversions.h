#pragma once
// The versions of the C libraries wrapped in drivers/, as the running process sees them (for
// `--version` and doctor). Each is defined beside its wrapper, so a binary can only name a
// library it links.

#include "common/core/buildinfo.h"

namespace lasis::drivers {

ComponentVersion libnfcVersion();     ///< drivers/nfc/nfcversion.cpp (lasis_drivers_nfc)

/// libnfc writes its own lines to stderr (fprintf, no hook: libnfc 1.8.0). Call first thing in
/// main(), before any thread: sets LIBNFC_LOG_LEVEL=0 unless the environment already sets it, so
/// what libnfc would say reaches our log instead, as our own structured lines (NfcReader explains
/// an open that failed). A technician who wants libnfc's raw trace sets LIBNFC_LOG_LEVEL=3.
void quietLibnfc();
ComponentVersion libmodbusVersion();  ///< drivers/modbus/modbusversion.cpp (lasis_drivers_modbus)

} // namespace lasis::drivers
