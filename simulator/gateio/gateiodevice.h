#pragma once
// The simulated gate I/O module: a Modbus TCP server with the register map of DESIGN.md §6
// (coils 0 alarm light, 1 buzzer, 2 system OK; discrete inputs 0 beam A, 1 beam B, 2 tamper,
// 3 antenna fault), and a control handler to drive it: set inputs, walk people through the beams
// at walking speed, read the coils with the time of every change, pull and replug its cable.

#include "common/core/asio.h"
#include "common/core/log.h"
#include "common/core/result.h"
#include "drivers/modbus/modbusserver.h"
#include "simulator/control/controlserver.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace lasis::sim {

/// A remote I/O module on Modbus TCP whose beams a script can break.
class GateIoDevice {
public:
  /// Starts the Modbus server on 127.0.0.1:`port` (0: any free port), or with `rtu` as unit 1 on
  /// a new pty (an RS-485 module on a serial line).
  static Result<std::unique_ptr<GateIoDevice>> start(boost::asio::io_context& io, std::uint16_t port, bool rtu = false,
                                                     int uartBaud = 0);

  std::uint16_t port() const { return m_server->port(); }
  std::string url() const {
    if (!m_server->devicePath().empty()) {
      return "modbus-rtu://" + m_server->devicePath() + "?baud=" + std::to_string(m_baud > 0 ? m_baud : 19200) + "&unit=1";
    }
    return "modbus-tcp://127.0.0.1:" + std::to_string(port());
  }
  /// The control handler (register it with a ControlServer). Runs on the io_context's thread.
  Json handle(const Json& request);

private:
  GateIoDevice(boost::asio::io_context& io) : m_io(io), m_timer(io) {}
  /// One beam state to apply at a time.
  struct Step {
    std::chrono::steady_clock::time_point at;
    bool a = false, b = false;
  };
  struct CoilChange {
    int coil = 0;
    bool value = false;
    std::int64_t monotonicUs = 0;  ///< CLOCK_MONOTONIC, comparable with other processes' steady_clock
  };

  Json walk(const Json& request);
  Json script(const Json& request);
  void schedule(std::vector<std::pair<std::chrono::milliseconds, std::pair<bool, bool>>> steps,
                std::chrono::milliseconds gap);
  void arm();
  void setBeams(bool a, bool b);
  Json state(std::size_t since);

  boost::asio::io_context& m_io;
  boost::asio::steady_timer m_timer;
  std::unique_ptr<modbus::ModbusServer> m_server;
  std::deque<Step> m_steps;
  std::mutex m_historyMutex;  // coil changes arrive on the Modbus thread
  std::vector<CoilChange> m_history;
  std::vector<std::uint8_t> m_lastCoils{0, 0, 0};
  std::uint64_t m_writes = 0;
  int m_baud = 0;
};

} // namespace lasis::sim
