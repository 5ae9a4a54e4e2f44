#pragma once
// A simulated NXP ICODE SLIX tag (ISO 15693): 28 blocks of 4 bytes, DSFID, AFI, the EAS bit,
// lock bits, and the faults tests need. It answers ISO 15693 frames (without CRC) as the chip
// does. Written from the ISO 15693 and ICODE SLIX descriptions, not from the driver's code, so
// the driver is tested against an independent reading of the protocol.

#include "common/core/bytes.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace lasis::sim {

/// One ICODE SLIX tag lying in the simulated field.
class SlixTag {
public:
  static constexpr int kBlocks = 28;
  static constexpr int kBlockSize = 4;

  /// `uid` MSB first (0xE004…).
  explicit SlixTag(std::uint64_t uid);

  std::uint64_t uid() const { return m_uid; }
  std::uint8_t dsfid() const { return m_dsfid; }
  std::uint8_t afi() const { return m_afi; }
  bool eas() const { return m_eas; }
  const Bytes& memory() const { return m_memory; }

  void setDsfid(std::uint8_t v) { m_dsfid = v; }
  void setAfi(std::uint8_t v) { m_afi = v; }
  void setEas(bool v) { m_eas = v; }
  /// Replaces the user memory from block 0 (zero-padded to 112 bytes; longer is cut).
  void setMemory(ByteView data);
  void lockBlock(int block) { m_locked.at(static_cast<std::size_t>(block)) = true; }

  /// Faults: the tag answers WRITE AFI with an error ("fails"), or answers success but keeps the
  /// old AFI ("lost": a weak field, only a read-back notices).
  enum class AfiFault { none, fails, lost };
  void setAfiFault(AfiFault f) { m_afiFault = f; }

  /// The tag's answer to a frame (flags + data, no CRC), or nullopt when it stays silent
  /// (not addressed to it, not selected by the inventory mask/AFI, EAS alarm with EAS off).
  std::optional<Bytes> handle(ByteView frame);

private:
  Bytes ok(Bytes payload = {}) const;
  Bytes error(std::uint8_t code) const;

  std::uint64_t m_uid;
  std::uint8_t m_dsfid = 0x00;
  std::uint8_t m_afi = 0x00;
  bool m_eas = false;
  bool m_afiLocked = false;
  Bytes m_memory;
  std::array<bool, kBlocks> m_locked{};
  AfiFault m_afiFault = AfiFault::none;
};

} // namespace lasis::sim
