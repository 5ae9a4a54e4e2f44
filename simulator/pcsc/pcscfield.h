#pragma once
// The simulated PC/SC contactless reader's side of the conversation: it answers the C-APDUs
// pcscd forwards (PC/SC Part 3 pseudo-APDUs: get UID, transparent session, switch to ISO 15693,
// transceive) by passing ISO 15693 frames to the ICODE SLIX tags in its field, as a real reader's
// RF front end does, and reporting silence and collisions the way Part 3 does.

#include "common/core/bytes.h"
#include "simulator/pcsc/slixtag.h"

#include <cstdint>
#include <map>

namespace lasis::sim {

/// A reader's RF field with its ISO 15693 tags, answering PC/SC Part 3 APDUs.
class PcscField {
public:
  /// ATR of a contactless ISO 15693 card per PC/SC Part 3 (PCSC.md).
  static Bytes atr();

  /// Places a tag (replacing one with the same UID).
  SlixTag& place(SlixTag tag);
  /// Removes a tag; false when it was not there.
  bool remove(std::uint64_t uid);
  SlixTag* find(std::uint64_t uid);
  const std::map<std::uint64_t, SlixTag>& tags() const { return m_tags; }

  /// Answers one C-APDU with one R-APDU.
  Bytes handleApdu(ByteView apdu);

  /// APDUs answered since start (for the control channel and tests).
  std::uint64_t apduCount() const { return m_apdus; }

private:
  Bytes transceive(ByteView frame);

  std::map<std::uint64_t, SlixTag> m_tags;
  bool m_session = false;
  bool m_iso15693 = false;
  std::uint64_t m_apdus = 0;
};

} // namespace lasis::sim
