#pragma once
// A PN532 emulator on a pseudo-terminal, reachable by libnfc as `pn532_uart:<link>`. Owns the
// pty pair (keeps the slave open so the master never reads EIO, raw mode before any client
// opens it), a symlink without ':' to the slave, the UART timing model and the device faults
// (unplug, replug, slow bytes). Runs on the io_context it is given; several share one.

#include "common/core/asio.h"
#include "common/core/result.h"
#include "simulator/pn532/pn532emulator.h"

#include <chrono>
#include <deque>
#include <memory>
#include <string>

namespace lasis::sim {

/// One emulated reader on a pty.
class PtyReader {
public:
  /// 115200 baud, 8N1: ten bit times a byte.
  static constexpr std::chrono::nanoseconds kUartByteTime{86806};

  /// Creates the pty and the symlink `link` (must not contain ':').
  static Result<std::unique_ptr<PtyReader>> open(boost::asio::io_context& io, std::string link);
  ~PtyReader();
  PtyReader(const PtyReader&) = delete;
  PtyReader& operator=(const PtyReader&) = delete;

  /// "pn532_uart:<link>", what libnfc's nfc_open takes.
  std::string connstring() const { return "pn532_uart:" + m_link; }
  const std::string& link() const { return m_link; }
  Pn532Emulator& chip() { return m_chip; }

  /// Models the 115200-baud UART: every byte each way costs kUartByteTime.
  void setUartTiming(bool on) { m_uart = on; }
  bool uartTiming() const { return m_uart; }
  /// Device fault: an extra delay per byte sent (a failing cable, a starving USB adapter).
  void setSlowBytes(std::chrono::microseconds perByte) { m_slow = perByte; }

  /// Device fault: the reader is unplugged. The pty closes (a client sees EIO) and the link
  /// vanishes, so opening it fails like a missing /dev/ttyUSB0.
  void unplug();
  /// The reader comes back at the same path, chip reset to power-on state.
  Status replug();
  bool plugged() const { return m_master >= 0; }

  /// Re-evaluates a waiting command (call after tags change).
  void kick();

private:
  PtyReader(boost::asio::io_context& io, std::string link);
  Status openPty();
  void closePty();
  void readSome();
  void send(std::vector<Bytes> chunks);
  void flush();
  void armPoll();
  std::chrono::nanoseconds byteTime() const;

  boost::asio::io_context& m_io;
  std::string m_link;
  Pn532Emulator m_chip;
  int m_master = -1;
  int m_slave = -1;
  std::unique_ptr<boost::asio::posix::stream_descriptor> m_stream;
  std::array<std::uint8_t, 512> m_buf{};
  struct Chunk {
    Pn532Emulator::Clock::time_point at;
    Bytes bytes;
  };
  std::deque<Chunk> m_out;
  Pn532Emulator::Clock::time_point m_lineFree{};
  boost::asio::steady_timer m_writeTimer;
  boost::asio::steady_timer m_pollTimer;
  bool m_uart = false;
  std::chrono::microseconds m_slow{0};
  std::shared_ptr<int> m_generation;  ///< handlers of a closed pty see a stale generation
};

} // namespace lasis::sim
