#include "drivers/libraryversions.h"

#include <nfc/nfc.h>

namespace lasis::drivers {

ComponentVersion libnfcVersion() { return {"libnfc", nfc_version()}; }

} // namespace lasis::drivers
