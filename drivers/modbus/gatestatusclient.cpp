#include "drivers/modbus/gatestatusclient.h"

#include "drivers/modbus/modbusconnection.h"
#include "drivers/modbus/modbusurl.h"

namespace lasis::modbus {

Result<gate::GateStatus> readGateStatus(const std::string& address, std::chrono::milliseconds timeout) {
  auto url = parseModbusUrl(address.rfind("modbus-tcp://", 0) == 0 ? address : "modbus-tcp://" + address);
  if (!url) return url.error();
  auto conn = ModbusConnection::open(*url, timeout);
  if (!conn) return conn.error();
  auto in = conn->readInputRegisters(0, gate::statusmap::kInputRegisters);
  // A gate from before the reader statistics serves only the first block: read that instead.
  if (!in && in.error().is(Errc::refused)) in = conn->readInputRegisters(0, gate::statusmap::kInputRegistersV1);
  if (!in) return in.error();
  auto hold = conn->readHoldingRegisters(0, gate::statusmap::kHoldingRegisters);
  if (!hold) return hold.error();
  return gate::decodeStatus(*in, *hold);
}

} // namespace lasis::modbus
