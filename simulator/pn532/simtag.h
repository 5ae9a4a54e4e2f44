#pragma once
// One simulated ISO 14443A tag: an NTAG213/215/216 (NFC Forum Type 2) or a MIFARE Classic 1K,
// with its memory, its ISO 14443-3 state (idle / active / halted) and the faults a test can set.
// The PN532 emulator passes it what the chip would put on the air and relays its answer.

#include "common/core/bytes.h"
#include "common/core/result.h"
#include "common/rfid/tagreader.h"

#include <cstdint>
#include <string>

namespace lasis::sim {

/// A simulated tag and its faults.
class SimTag {
public:
  enum class State { idle, active, halted };

  /// Faults a test can set; deterministic so tests never depend on luck.
  struct Faults {
    bool writeFails = false;  ///< every WRITE is refused (NAK): a worn-out or locked tag
    int flakyReads = 0;       ///< the next N READs get no answer (status 0x01)
    int removeAfterWrites = -1;  ///< after N more successful writes, the tag leaves the field
  };

  /// What the tag answered: a PN532 status byte (0x00 ok, 0x01 no answer, 0x13 NAK, 0x14 auth
  /// failed) and the answer's bytes.
  struct Reply {
    std::uint8_t status = 0;
    Bytes data;
  };

  /// Makes a blank tag of `kind` (ntag213/215/216 with a 7-byte UID, mfc1k with 4 or 7 bytes).
  static Result<SimTag> make(rfid::TagType kind, Bytes uid);

  rfid::TagType kind() const { return m_kind; }
  const Bytes& uid() const { return m_uid; }
  std::string uidHex() const { return toHex(m_uid); }
  const Bytes& memory() const { return m_memory; }
  Bytes& memory() { return m_memory; }
  State state() const { return m_state; }
  void setState(State s);
  Faults& faults() { return m_faults; }
  const Faults& faults() const { return m_faults; }
  /// True once a fault took the tag out of the field (the world removes it).
  bool leftField() const { return m_leftField; }

  std::uint8_t sak() const;
  std::array<std::uint8_t, 2> atqa() const;  ///< SENS_RES as the PN532 reports it
  bool isType2() const { return m_kind != rfid::TagType::mifareClassic1k; }

  /// Handles a command frame (without CRC) sent to the tag while it is active.
  Reply exchange(ByteView cmd);

  /// Writes user memory from `page`/`block` on (for the tag world and scenarios, not the air).
  void load(std::size_t offset, ByteView bytes);

private:
  SimTag(rfid::TagType kind, Bytes uid);
  Reply type2(ByteView cmd);
  Reply classic(ByteView cmd);
  bool consumeWrite();

  rfid::TagType m_kind;
  Bytes m_uid;
  Bytes m_memory;
  State m_state = State::idle;
  Faults m_faults;
  bool m_leftField = false;
  int m_authSector = -1;  ///< MIFARE Classic: sector opened by the last AUTH, -1 none
};

} // namespace lasis::sim
