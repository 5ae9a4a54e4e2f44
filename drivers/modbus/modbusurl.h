#pragma once
// Modbus endpoints as URLs, the way a technician writes them in a config file:
//   modbus-tcp://10.0.0.5:502?unit=1
//   modbus-rtu:///dev/ttyS1?baud=19200&unit=1&parity=N&data=8&stop=1

#include "common/core/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace lasis::modbus {

/// A parsed Modbus endpoint.
struct ModbusUrl {
  enum class Transport { tcp, rtu };
  Transport transport = Transport::tcp;
  std::string host;           ///< tcp: address or name
  std::uint16_t port = 502;   ///< tcp
  std::string device;         ///< rtu: serial device path
  int baud = 19200;           ///< rtu
  char parity = 'N';          ///< rtu: N, E or O
  int dataBits = 8;           ///< rtu: 7 or 8
  int stopBits = 1;           ///< rtu: 1 or 2
  int unit = 1;               ///< server (slave) id, 0–247
  /// Back to canonical URL form (for logs and the status JSON).
  std::string text() const;
  friend bool operator==(const ModbusUrl&, const ModbusUrl&) = default;
};

/// Parses a URL; Errc::invalidArgument naming the part that is wrong.
Result<ModbusUrl> parseModbusUrl(std::string_view url);

} // namespace lasis::modbus
