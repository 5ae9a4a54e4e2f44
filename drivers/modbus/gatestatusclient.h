#pragma once
// Reads the gate daemon's status over Modbus TCP (docs/gate-modbus.md): the kiosk's staff screen
// and `lasis gate status` both ask through this one function.

#include "common/gate/statusmap.h"
#include "common/core/result.h"

#include <chrono>
#include <string>

namespace lasis::modbus {

/// Reads and decodes the gate's status registers at `address` ("HOST:PORT" or
/// "modbus-tcp://HOST:PORT"). Errors name the address and what failed (connect, read, decode).
Result<gate::GateStatus> readGateStatus(const std::string& address,
                                        std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));

} // namespace lasis::modbus
