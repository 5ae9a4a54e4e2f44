#include "tools/lasis/gateaddress.h"

#include <string>

namespace lasis::cli {

namespace {

/// Whether the authority of a modbus-tcp URL (after the scheme) names a port. Mirrors how
/// parseModbusUrl splits host and port, because ModbusUrl cannot tell "no port" from ":502".
bool namesPort(std::string_view rest) {
  rest = rest.substr(0, rest.find_first_of("?/"));
  if (rest.starts_with('[')) {
    const auto close = rest.find(']');
    return close != std::string_view::npos && close + 1 < rest.size() && rest[close + 1] == ':';
  }
  return rest.find(':') != std::string_view::npos;
}

} // namespace

Result<modbus::ModbusUrl> parseGateStatusAddress(std::string_view text) {
  constexpr std::string_view kScheme = "modbus-tcp://";
  const std::string url = text.starts_with(kScheme) ? std::string(text) : std::string(kScheme) + std::string(text);
  auto parsed = modbus::parseModbusUrl(url);
  if (!parsed) return parsed.error();
  if (!namesPort(std::string_view(url).substr(kScheme.size()))) parsed->port = kGateStatusPort;
  return parsed;
}

} // namespace lasis::cli
