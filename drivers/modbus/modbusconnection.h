#pragma once
// A libmodbus client connection (TCP or RTU), RAII: closed and freed with the object. Every call
// blocks for at most the response timeout; run it on a worker, never on the Asio loop.
// libmodbus's errno values become our Errc with libmodbus's own words in the message.

#include "common/core/result.h"
#include "drivers/modbus/modbusurl.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

namespace lasis::modbus {

/// Maps a libmodbus/errno value to our code: timeouts, refused connections, dropped peers,
/// CRC errors, Modbus exceptions (Errc::refused) and malformed answers each keep their meaning.
Errc errcOfModbus(int errnum);
/// An Error for a failed libmodbus call: "<what>: <modbus_strerror>".
Error modbusError(int errnum, const std::string& what);

/// One open connection to a Modbus server.
class ModbusConnection {
public:
  /// Connects (TCP) or opens the serial line (RTU). Errc::unavailable / notFound / timeout.
  static Result<ModbusConnection> open(const ModbusUrl& url,
                                       std::chrono::milliseconds timeout = std::chrono::milliseconds(500));
  ModbusConnection(ModbusConnection&&) noexcept;
  ModbusConnection& operator=(ModbusConnection&&) noexcept;
  ~ModbusConnection();

  const ModbusUrl& url() const;
  Result<std::vector<bool>> readCoils(int address, int count);
  Result<std::vector<bool>> readDiscreteInputs(int address, int count);
  Result<std::vector<std::uint16_t>> readHoldingRegisters(int address, int count);
  Result<std::vector<std::uint16_t>> readInputRegisters(int address, int count);
  Status writeCoil(int address, bool on);
  Status writeCoils(int address, const std::vector<bool>& values);
  Status writeRegister(int address, std::uint16_t value);
  Status writeRegisters(int address, const std::vector<std::uint16_t>& values);

private:
  struct Impl;
  explicit ModbusConnection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace lasis::modbus
