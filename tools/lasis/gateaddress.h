#pragma once
// The address `lasis gate status|ack --modbus` take: where a gate's status server listens.

#include "drivers/modbus/modbusurl.h"

#include <cstdint>
#include <string_view>

namespace lasis::cli {

/// The port lasis-gate's status server listens on by default (`[status] listen`,
/// docs/gate-modbus.md); not Modbus's registered 502, which a gate running unprivileged cannot bind.
inline constexpr std::uint16_t kGateStatusPort = 1502;

/// Parses "HOST", "HOST:PORT", "[IPv6]:PORT" or a full "modbus-tcp://…" URL. Without a port the
/// gate's own default (1502) is meant, so that is what a bare host gets; an explicit port,
/// 502 included, is kept. Errc::invalidArgument naming the bad part otherwise.
Result<modbus::ModbusUrl> parseGateStatusAddress(std::string_view text);

} // namespace lasis::cli
