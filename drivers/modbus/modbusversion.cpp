#include "drivers/libraryversions.h"

#include <modbus/modbus.h>

namespace lasis::drivers {

ComponentVersion libmodbusVersion() {
  // The library's own variables, not LIBMODBUS_VERSION_STRING: the version loaded, not the one
  // whose headers we were compiled against.
  return {"libmodbus", std::to_string(libmodbus_version_major) + "." + std::to_string(libmodbus_version_minor) + "." +
                           std::to_string(libmodbus_version_micro)};
}

} // namespace lasis::drivers
