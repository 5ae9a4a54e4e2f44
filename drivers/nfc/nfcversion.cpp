#include "drivers/libraryversions.h"

#include <nfc/nfc.h>

#include <cstdlib>

namespace lasis::drivers {

ComponentVersion libnfcVersion() { return {"libnfc", nfc_version()}; }

void quietLibnfc() { ::setenv("LIBNFC_LOG_LEVEL", "0", 0); }

} // namespace lasis::drivers
