#include "simulator/pcsc/slixtag.h"

#include <algorithm>

namespace lasis::sim {

namespace {
constexpr std::uint8_t kInventoryFlag = 0x04;
constexpr std::uint8_t kAfiFlag = 0x10;
constexpr std::uint8_t kAddressFlag = 0x20;
constexpr std::uint8_t kOptionFlag = 0x40;
constexpr std::uint8_t kNxp = 0x04;
// ICODE SLIX IC reference as reported in system information (illustrative value).
constexpr std::uint8_t kIcReference = 0x01;

std::uint64_t uidFromAir(ByteView p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[static_cast<std::size_t>(i)];
  return v;
}
void uidToAir(Bytes& out, std::uint64_t uid) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(uid >> (8 * i)));
}
} // namespace

SlixTag::SlixTag(std::uint64_t uid) : m_uid(uid), m_memory(kBlocks * kBlockSize, 0) {}

void SlixTag::setMemory(ByteView data) {
  std::fill(m_memory.begin(), m_memory.end(), 0);
  std::copy_n(data.begin(), std::min(data.size(), m_memory.size()), m_memory.begin());
}

Bytes SlixTag::ok(Bytes payload) const {
  Bytes out{0x00};
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Bytes SlixTag::error(std::uint8_t code) const { return {0x01, code}; }

std::optional<Bytes> SlixTag::handle(ByteView f) {
  if (f.size() < 2) return std::nullopt;  // a frame this short is noise: a real tag ignores it
  const std::uint8_t flags = f[0];
  const std::uint8_t cmd = f[1];
  std::size_t at = 2;

  if (flags & kInventoryFlag) {
    if (cmd != 0x01) return std::nullopt;
    if (flags & kAfiFlag) {
      if (at >= f.size()) return std::nullopt;
      const std::uint8_t afi = f[at++];
      // ISO 15693: AFI 0 in the request selects every tag; otherwise the family must match.
      if (afi != 0 && afi != m_afi) return std::nullopt;
    }
    if (at >= f.size()) return std::nullopt;
    const int maskBits = f[at++];
    if (maskBits > 64) return std::nullopt;
    const std::size_t maskBytes = static_cast<std::size_t>((maskBits + 7) / 8);
    if (at + maskBytes > f.size()) return std::nullopt;
    std::uint64_t mask = 0;
    for (std::size_t i = 0; i < maskBytes; ++i) mask |= std::uint64_t{f[at + i]} << (8 * i);
    const std::uint64_t sel = maskBits == 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << maskBits) - 1);
    if ((m_uid & sel) != (mask & sel)) return std::nullopt;
    Bytes payload{m_dsfid};
    uidToAir(payload, m_uid);
    return ok(payload);
  }

  // NXP custom commands carry the manufacturer code before the UID.
  const bool custom = cmd >= 0xA0 && cmd <= 0xDF;
  if (custom) {
    if (at >= f.size() || f[at] != kNxp) return std::nullopt;
    ++at;
  }
  if (flags & kAddressFlag) {
    if (at + 8 > f.size()) return std::nullopt;
    if (uidFromAir(f.subspan(at, 8)) != m_uid) return std::nullopt;
    at += 8;
  }
  const ByteView args = f.subspan(at);

  switch (cmd) {
  case 0x20:  // READ SINGLE BLOCK
  case 0x23: {  // READ MULTIPLE BLOCKS
    if (args.empty() || (cmd == 0x23 && args.size() < 2)) return error(0x0F);
    const int first = args[0];
    const int count = cmd == 0x23 ? args[1] + 1 : 1;
    if (first + count > kBlocks) return error(0x10);
    Bytes payload;
    for (int b = first; b < first + count; ++b) {
      if (flags & kOptionFlag) payload.push_back(m_locked[static_cast<std::size_t>(b)] ? 0x01 : 0x00);
      auto it = m_memory.begin() + b * kBlockSize;
      payload.insert(payload.end(), it, it + kBlockSize);
    }
    return ok(payload);
  }
  case 0x21: {  // WRITE SINGLE BLOCK
    if (args.size() != 1 + kBlockSize) return error(0x0F);
    const int block = args[0];
    if (block >= kBlocks) return error(0x10);
    if (m_locked[static_cast<std::size_t>(block)]) return error(0x12);
    std::copy(args.begin() + 1, args.end(), m_memory.begin() + block * kBlockSize);
    return ok();
  }
  case 0x27:  // WRITE AFI
    if (args.size() != 1) return error(0x0F);
    if (m_afiLocked) return error(0x12);
    if (m_afiFault == AfiFault::fails) return error(0x13);
    if (m_afiFault == AfiFault::none) m_afi = args[0];
    return ok();
  case 0x28:  // LOCK AFI: implemented because real tags do; Lasis never sends it
    m_afiLocked = true;
    return ok();
  case 0x2B: {  // GET SYSTEM INFORMATION: DSFID, AFI, memory size, IC reference
    Bytes payload{0x0F};
    uidToAir(payload, m_uid);
    payload.push_back(m_dsfid);
    payload.push_back(m_afi);
    payload.push_back(kBlocks - 1);
    payload.push_back(kBlockSize - 1);
    payload.push_back(kIcReference);
    return ok(payload);
  }
  case 0xA2:  // SET EAS
    m_eas = true;
    return ok();
  case 0xA3:  // RESET EAS
    m_eas = false;
    return ok();
  case 0xA5:  // EAS ALARM: only a tag with EAS set answers, with its 32-byte EAS sequence
    if (!m_eas) return std::nullopt;
    return ok(Bytes(32, 0xA5));
  default:
    // Unknown commands: addressed ones get "not supported", broadcast ones silence.
    if (flags & kAddressFlag) return error(0x01);
    return std::nullopt;
  }
}

} // namespace lasis::sim
