#pragma once
// The PN532 as libnfc's pn532_uart driver sees it: frames in, ACK and answer frames out, the
// register file, the RF field and the ISO 14443A tags in it. Pure (bytes and a time point in,
// bytes out) so its framing is tested without a pty; PtyReader puts it on a pseudo-terminal.
// Facts it follows: /work/shared/PN532.md and libnfc 1.8.0's pn53x.c / pn532_uart.c.

#include "common/core/bytes.h"
#include "simulator/pn532/simtag.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lasis::sim {

/// An emulated NXP PN532 with the tags in its field.
class Pn532Emulator {
public:
  using Clock = std::chrono::steady_clock;

  /// Counters for the benchmark's wire-time lower bound.
  struct Stats {
    std::uint64_t bytesIn = 0;   ///< host → chip
    std::uint64_t bytesOut = 0;  ///< chip → host
    std::uint64_t frames = 0;    ///< commands handled
  };

  Pn532Emulator();

  /// Bytes from the host. Returns what the chip sends, one entry per write (ACK, then the
  /// answer when it is immediate).
  std::vector<Bytes> feed(ByteView in, Clock::time_point now);
  /// Completes a pending command (InAutoPoll, InListPassiveTarget with endless retries) when a
  /// tag has arrived or its time is up. Call after tags change and periodically while pending().
  std::vector<Bytes> poll(Clock::time_point now);
  bool pending() const { return m_pending.has_value(); }

  /// Power-on state: registers, field off, nothing selected, input discarded (tags stay).
  void reset();

  /// The tags in the field, in the order they answer anticollision.
  std::vector<SimTag>& tags() { return m_tags; }
  const std::vector<SimTag>& tags() const { return m_tags; }
  SimTag* findTag(const std::string& uidHex);
  /// Puts a tag in the field (replacing one with the same UID).
  void place(SimTag tag);
  /// Takes a tag out of the field; false when it was not there.
  bool remove(const std::string& uidHex);
  bool fieldOn() const { return m_field; }

  /// Device fault: the reader is pulled out when the host next sends command `cmd` (before the
  /// chip acknowledges it), so a test can lose the reader in the middle of a chosen exchange.
  void unplugOnCommand(std::uint8_t cmd) { m_unplugOn = cmd; }
  /// True once, after the command set by unplugOnCommand() arrived: the port must close now.
  bool takeUnplug() { return std::exchange(m_unplugNow, false); }

  const Stats& stats() const { return m_stats; }
  void resetStats() { m_stats = {}; }

  /// ISO 14443A CRC_A (init 0x6363), appended low byte first.
  static std::uint16_t crcA(ByteView data);

private:
  struct Pending {
    std::uint8_t cmd = 0;
    Bytes args;
    std::optional<Clock::time_point> deadline;
  };

  std::vector<Bytes> handle(std::uint8_t cmd, ByteView args, Clock::time_point now);
  Bytes answer(std::uint8_t cmd, ByteView data);
  static Bytes errorFrame();
  static Bytes ackFrame();
  std::optional<Bytes> tryListPassive(ByteView args);
  std::optional<Bytes> tryAutoPoll(ByteView args);
  Bytes dataExchange(ByteView data, bool raw);
  SimTag* selected();
  void setField(bool on);
  std::uint8_t reg(std::uint16_t addr) const;
  void dropLeftTags();

  std::vector<SimTag> m_tags;
  std::string m_selected;  ///< UID of the active target, empty when none
  std::map<std::uint16_t, std::uint8_t> m_regs;
  std::uint8_t m_retriesPassive = 0xFF;
  bool m_field = false;
  Bytes m_in;
  Clock::time_point m_lastByte{};
  std::optional<Pending> m_pending;
  Stats m_stats;
  std::optional<std::uint8_t> m_unplugOn;
  bool m_unplugNow = false;
};

} // namespace lasis::sim
