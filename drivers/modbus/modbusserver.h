#pragma once
// A Modbus TCP server on libmodbus: one thread accepting clients and answering requests from a
// register mapping, with hooks to refresh values before a read, to refuse a request (by client
// address or value) with a Modbus exception, and to act on writes. Used by the gate's status
// server and by the simulated I/O module; the clients that test them (mbpoll, pymodbus, our
// ModbusConnection) are independent code.

#include "common/core/log.h"
#include "common/core/result.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lasis::modbus {

/// A decoded request as the hooks see it.
struct ServerRequest {
  std::string peer;      ///< client IPv4 address
  int function = 0;      ///< Modbus function code
  int address = 0;       ///< first coil/register
  int count = 0;         ///< number of coils/registers
  std::vector<std::uint16_t> values;  ///< written values (coils as 0/1)
  bool isWrite() const { return function == 5 || function == 6 || function == 15 || function == 16 ||
                                function == 22 || function == 23; }
};

/// Decodes the parts of a raw request ADU (`header` bytes of MBAP or RTU address first, as
/// libmodbus hands it over) the hooks care about; short or odd requests decode partially, never
/// past `len`. Public so the fuzz target reaches it (tests/fuzz/modbus_request.cpp).
ServerRequest decodeRequest(const std::uint8_t* req, int len, int header, std::string peer);

/// The server's data, as the hooks may read and change it (under the server's lock).
struct ServerData {
  std::vector<std::uint8_t> coils;
  std::vector<std::uint8_t> discreteInputs;
  std::vector<std::uint16_t> holdingRegisters;
  std::vector<std::uint16_t> inputRegisters;
};

/// A Modbus TCP server running on its own thread.
class ModbusServer {
public:
  struct Size {
    int coils = 0, discreteInputs = 0, holdingRegisters = 0, inputRegisters = 0;
  };
  struct Hooks {
    /// Before answering: return 0 to go on, or a Modbus exception code to refuse (nothing changes).
    std::function<int(const ServerRequest&, const ServerData&)> check;
    /// Before a read is answered: refresh what the client is about to see.
    std::function<void(ServerData&)> beforeRead;
    /// After a write was applied to the data.
    std::function<void(const ServerRequest&, ServerData&)> written;
  };

  /// Binds host:port (port 0: any free port) and starts serving.
  static Result<std::unique_ptr<ModbusServer>> start(const std::string& host, std::uint16_t port, Size size,
                                                     Hooks hooks, Logger log);
  /// Serves Modbus RTU as unit `unit` on a new pseudo-terminal: a client opens devicePath() as
  /// its serial line (modbus-rtu:///dev/pts/N). The simulator's stand-in for an RS-485 module.
  /// `uartBaud` > 0 delays each answer by the time its request and reply take on a real line at
  /// that rate (10 bits a byte), so latency figures include the UART.
  static Result<std::unique_ptr<ModbusServer>> startRtuPty(int unit, Size size, Hooks hooks, Logger log,
                                                           int uartBaud = 0);
  ~ModbusServer();
  ModbusServer(const ModbusServer&) = delete;
  ModbusServer& operator=(const ModbusServer&) = delete;

  std::uint16_t port() const;
  /// The pty's slave path for an RTU server (empty for TCP).
  std::string devicePath() const;
  /// Reads or changes the data under the server's lock.
  void access(const std::function<void(ServerData&)>& fn);
  /// Takes the server off the network (closes the listener and every client: a pulled cable or
  /// a module switched off) or puts it back on the same port. RTU: stops or resumes answering.
  Status setOnline(bool online);
  bool online() const;

private:
  struct Impl;
  explicit ModbusServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace lasis::modbus
