#pragma once
// A Modbus TCP server on libmodbus: one thread accepting clients and answering requests from a
// register mapping, with hooks to refresh values before a read, to refuse a request (by client
// address or value) with a Modbus exception, and to act on writes. Used by the gate's status
// server and by the simulated I/O module; the clients that test them (mbpoll, pymodbus, our
// ModbusConnection) are independent code.

#include "common/core/log.h"
#include "common/core/result.h"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
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

/// Cuts Modbus TCP request ADUs out of one connection's byte stream by their MBAP header, without
/// sockets: the server reads into space() only what is available and never blocks on a client, so
/// a client that sends half a request and stalls delays nobody (libmodbus's modbus_receive waits
/// on one socket until the frame is whole). Pure, so the fuzz target drives it
/// (tests/fuzz/modbus_framing.cpp).
class MbapFramer {
public:
  static constexpr std::size_t kHeaderLength = 7;  ///< transaction id, protocol id, length, unit id
  static constexpr std::size_t kMaxAdu = 260;      ///< MBAP header + the largest PDU (253 bytes)
  enum class Progress { partial, complete, invalid };

  /// Where the next bytes go: at most up to the end of the ADU being received, so a request
  /// pipelined behind it stays in the socket until this one is answered. Empty once an ADU is
  /// complete (until next()) or the stream was found invalid.
  std::span<std::uint8_t> space();
  /// `n` bytes were written to the start of space(). More than space() offered is a caller bug,
  /// reported as invalid rather than trusted.
  Progress received(std::size_t n);
  /// The complete ADU (header included); empty unless received() said complete.
  std::span<const std::uint8_t> adu() const;
  /// Forgets the answered ADU and waits for the next one.
  void next();
  /// True when no byte of a next ADU has arrived (a keep-alive client between requests).
  bool betweenRequests() const { return m_have == 0 && m_progress == Progress::partial; }
  Progress progress() const { return m_progress; }
  /// Why the stream was invalid, for the technician's log.
  const std::string& error() const { return m_error; }

private:
  std::array<std::uint8_t, kMaxAdu> m_buffer{};
  std::size_t m_have = 0;                   // bytes of the current ADU received
  std::size_t m_need = kHeaderLength;       // bytes the current ADU has in all (header first)
  Progress m_progress = Progress::partial;
  std::string m_error;
};

/// Checks that a request PDU (function code first) is as long as its function says, for the
/// functions libmodbus's modbus_reply answers; libmodbus reads the values it writes from the
/// positions the function implies, not from the MBAP length, so a short PDU must be refused
/// (exception 03, ILLEGAL DATA VALUE) before it gets there. Returns true for functions it does
/// not know (they get ILLEGAL FUNCTION).
bool requestLengthMatchesFunction(std::span<const std::uint8_t> pdu);

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

  /// How much a TCP server lets its clients hold (the defaults serve the gate's status server).
  struct Limits {
    /// Connections at once. When full, a new client takes the place of one stalled in the middle
    /// of a request (real clients send a request in one piece), else of one never answered yet,
    /// else of the keep-alive client silent the longest. Refusing new clients instead would let anyone who holds 32 connections lock
    /// the staff screen and `lasis gate ack` out for as long as the deadlines let them stay;
    /// a keep-alive client that polls is heard from often and is the last to go.
    int maxConnections = 32;
    /// A request must be whole this long after its first byte, or the connection is dropped.
    std::chrono::milliseconds requestTimeout{2000};
    /// A keep-alive client may send nothing for this long between requests.
    std::chrono::milliseconds idleTimeout{60000};
  };

  /// Binds host:port (port 0: any free port) and starts serving.
  static Result<std::unique_ptr<ModbusServer>> start(const std::string& host, std::uint16_t port, Size size,
                                                     Hooks hooks, Logger log);
  static Result<std::unique_ptr<ModbusServer>> start(const std::string& host, std::uint16_t port, Size size,
                                                     Hooks hooks, Logger log, Limits limits);
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
