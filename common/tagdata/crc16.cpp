// CRC-16/CCITT-FALSE, the check over the ISO 28560-3 basic block.
#include "common/tagdata/tagdata.h"

#include <array>

namespace lasis::tagdata {

namespace {
// One table lookup per byte instead of eight shifts: the gate decodes every tag it sees.
constexpr std::array<std::uint16_t, 256> makeTable() {
  std::array<std::uint16_t, 256> t{};
  for (unsigned i = 0; i < 256; ++i) {
    std::uint16_t c = static_cast<std::uint16_t>(i << 8);
    for (int b = 0; b < 8; ++b) c = static_cast<std::uint16_t>((c & 0x8000) ? (c << 1) ^ 0x1021 : (c << 1));
    t[i] = c;
  }
  return t;
}
constexpr auto kTable = makeTable();
} // namespace

std::uint16_t crc16(ByteView data, std::uint16_t crc) {
  for (auto b : data) crc = static_cast<std::uint16_t>((crc << 8) ^ kTable[((crc >> 8) ^ b) & 0xFF]);
  return crc;
}

} // namespace lasis::tagdata
