#include "simulator/pn532/simtag.h"

#include "common/rfid/type2layout.h"

#include <algorithm>

namespace lasis::sim {

namespace {
constexpr std::uint8_t kOk = 0x00;
constexpr std::uint8_t kNoAnswer = 0x01;  // PN532 "timeout": the tag did not answer
constexpr std::uint8_t kNak = 0x13;       // PN532 "invalid received frame": the tag's 4-bit NAK
constexpr std::uint8_t kAuthFailed = 0x14;

std::uint8_t ntagVersionByte(rfid::TagType k) {
  switch (k) {
  case rfid::TagType::ntag213: return 0x0F;
  case rfid::TagType::ntag215: return 0x11;
  default: return 0x13;
  }
}
std::uint8_t ccSize(rfid::TagType k) {
  switch (k) {
  case rfid::TagType::ntag213: return 0x12;
  case rfid::TagType::ntag215: return 0x3E;
  default: return 0x6D;
  }
}
} // namespace

Result<SimTag> SimTag::make(rfid::TagType kind, Bytes uid) {
  switch (kind) {
  case rfid::TagType::ntag213:
  case rfid::TagType::ntag215:
  case rfid::TagType::ntag216:
    if (uid.size() != 7) return fail(Errc::invalidArgument, "an NTAG has a 7-byte UID (14 hex digits), got " + std::to_string(uid.size()) + " bytes");
    break;
  case rfid::TagType::mifareClassic1k:
    if (uid.size() != 4 && uid.size() != 7) return fail(Errc::invalidArgument, "a MIFARE Classic UID has 4 or 7 bytes, got " + std::to_string(uid.size()));
    break;
  default:
    return fail(Errc::unsupported, std::string("the simulator has no tag of kind ") + std::string(rfid::toString(kind)));
  }
  return SimTag(kind, std::move(uid));
}

SimTag::SimTag(rfid::TagType kind, Bytes uid) : m_kind(kind), m_uid(std::move(uid)) {
  if (isType2()) {
    m_memory.assign(static_cast<std::size_t>(rfid::type2::totalPages(kind)) * 4, 0);
    // Pages 0..2: UID with its two check bytes (BCC0 includes the cascade tag 0x88), as NXP ships it.
    m_memory[0] = m_uid[0];
    m_memory[1] = m_uid[1];
    m_memory[2] = m_uid[2];
    m_memory[3] = static_cast<std::uint8_t>(0x88 ^ m_uid[0] ^ m_uid[1] ^ m_uid[2]);
    std::copy(m_uid.begin() + 3, m_uid.end(), m_memory.begin() + 4);
    m_memory[8] = static_cast<std::uint8_t>(m_uid[3] ^ m_uid[4] ^ m_uid[5] ^ m_uid[6]);
    m_memory[9] = 0x48;  // internal
    // Page 3: capability container (NDEF mapping 1.0, data area size / 8, read/write).
    m_memory[12] = 0xE1;
    m_memory[13] = 0x10;
    m_memory[14] = ccSize(kind);
    m_memory[15] = 0x00;
    // Configuration pages at the end: CFG0 (AUTH0 = 0xFF: no password protection).
    const std::size_t cfg0 = m_memory.size() - 16;
    m_memory[cfg0 + 3] = 0xFF;
  } else {
    m_memory.assign(1024, 0);
    // Block 0: UID, BCC, SAK, ATQA, manufacturer data.
    std::copy(m_uid.begin(), m_uid.begin() + 4, m_memory.begin());
    m_memory[4] = static_cast<std::uint8_t>(m_uid[0] ^ m_uid[1] ^ m_uid[2] ^ m_uid[3]);
    m_memory[5] = 0x08;
    m_memory[6] = 0x04;
    for (int sector = 0; sector < 16; ++sector) {
      const std::size_t t = static_cast<std::size_t>(sector * 4 + 3) * 16;
      std::fill(m_memory.begin() + static_cast<long>(t), m_memory.begin() + static_cast<long>(t) + 6, 0xFF);
      m_memory[t + 6] = 0xFF;  // transport access bits
      m_memory[t + 7] = 0x07;
      m_memory[t + 8] = 0x80;
      m_memory[t + 9] = 0x69;
      std::fill(m_memory.begin() + static_cast<long>(t) + 10, m_memory.begin() + static_cast<long>(t) + 16, 0xFF);
    }
  }
}

void SimTag::setState(State s) {
  m_state = s;
  if (s != State::active) m_authSector = -1;
}

std::uint8_t SimTag::sak() const { return isType2() ? 0x00 : 0x08; }

std::array<std::uint8_t, 2> SimTag::atqa() const {
  if (isType2()) return {0x00, 0x44};
  return {0x00, static_cast<std::uint8_t>(m_uid.size() == 7 ? 0x44 : 0x04)};
}

void SimTag::load(std::size_t offset, ByteView bytes) {
  if (offset >= m_memory.size()) return;
  const std::size_t n = std::min(bytes.size(), m_memory.size() - offset);
  std::copy_n(bytes.begin(), n, m_memory.begin() + static_cast<long>(offset));
}

bool SimTag::consumeWrite() {
  if (m_faults.removeAfterWrites == 0) {
    // Pulled away during the write: nothing committed, no answer, and the tag is gone.
    m_leftField = true;
    m_state = State::idle;
    return false;
  }
  if (m_faults.removeAfterWrites > 0) --m_faults.removeAfterWrites;
  return true;
}

SimTag::Reply SimTag::exchange(ByteView cmd) {
  if (cmd.empty()) return {kNoAnswer, {}};
  if (cmd[0] == 0x50 && cmd.size() >= 2 && cmd[1] == 0x00) {  // HLTA: no answer, tag halts
    setState(State::halted);
    return {kNoAnswer, {}};
  }
  return isType2() ? type2(cmd) : classic(cmd);
}

SimTag::Reply SimTag::type2(ByteView cmd) {
  const std::size_t pages = m_memory.size() / 4;
  switch (cmd[0]) {
  case 0x60: {  // GET_VERSION
    return {kOk, {0x00, 0x04, 0x04, 0x02, 0x01, 0x00, ntagVersionByte(m_kind), 0x03}};
  }
  case 0x30: {  // READ: 4 pages, wrapping to page 0 at the end
    if (cmd.size() < 2 || cmd[1] >= pages) return {kNak, {}};
    if (m_faults.flakyReads > 0) {
      --m_faults.flakyReads;
      return {kNoAnswer, {}};
    }
    Bytes out(16);
    for (std::size_t i = 0; i < 16; ++i) out[i] = m_memory[(cmd[1] * 4 + i) % m_memory.size()];
    return {kOk, out};
  }
  case 0x3A: {  // FAST_READ start end
    if (cmd.size() < 3 || cmd[1] > cmd[2] || cmd[2] >= pages) return {kNak, {}};
    if (m_faults.flakyReads > 0) {
      --m_faults.flakyReads;
      return {kNoAnswer, {}};
    }
    return {kOk, Bytes(m_memory.begin() + cmd[1] * 4, m_memory.begin() + (cmd[2] + 1) * 4)};
  }
  case 0xA2:    // WRITE page d0..d3
  case 0xA0: {  // COMPATIBILITY WRITE page + 16 bytes, of which the first 4 are written
    const std::size_t need = cmd[0] == 0xA2 ? 6 : 18;
    if (cmd.size() < need || cmd[1] < 2 || cmd[1] >= pages) return {kNak, {}};
    if (m_faults.writeFails) return {kNak, {}};
    if (!consumeWrite()) return {kNoAnswer, {}};
    const std::size_t at = cmd[1] * 4u;
    if (cmd[1] == 2) {  // lock bytes are OTP: bits can only be set
      m_memory[at + 2] |= cmd[4];
      m_memory[at + 3] |= cmd[5];
    } else if (cmd[1] == 3) {  // the capability container is OTP too
      for (std::size_t i = 0; i < 4; ++i) m_memory[at + i] |= cmd[2 + i];
    } else {
      std::copy_n(cmd.begin() + 2, 4, m_memory.begin() + static_cast<long>(at));
    }
    return {kOk, {}};
  }
  case 0x1B:  // PWD_AUTH: no password set on our tags; answer PACK 00 00
    return {kOk, {0x00, 0x00}};
  case 0x39:  // READ_CNT
    return {kOk, {0x00, 0x00, 0x00}};
  case 0x3C:  // READ_SIG: an unsigned (all-zero) originality signature
    return {kOk, Bytes(32, 0)};
  default:
    return {kNak, {}};
  }
}

SimTag::Reply SimTag::classic(ByteView cmd) {
  switch (cmd[0]) {
  case 0x60:
  case 0x61: {  // AUTH A/B: block, key[6], uid[4]. The PN532 runs Crypto1; we only compare keys.
    if (cmd.size() < 12 || cmd[1] >= 64) return {kAuthFailed, {}};
    const int sector = cmd[1] / 4;
    const std::size_t trailer = static_cast<std::size_t>(sector * 4 + 3) * 16;
    const std::size_t keyAt = cmd[0] == 0x60 ? trailer : trailer + 10;
    const bool keyOk = std::equal(cmd.begin() + 2, cmd.begin() + 8, m_memory.begin() + static_cast<long>(keyAt));
    const std::size_t uidOff = m_uid.size() == 7 ? 3 : 0;  // the last 4 UID bytes for 7-byte UIDs
    const bool uidOk = std::equal(cmd.begin() + 8, cmd.begin() + 12, m_uid.begin() + static_cast<long>(uidOff));
    if (!keyOk || !uidOk) {
      setState(State::halted);  // a failed authentication leaves the card halted (libnfc relies on it)
      return {kAuthFailed, {}};
    }
    m_authSector = sector;
    return {kOk, {}};
  }
  case 0x30: {
    if (cmd.size() < 2 || cmd[1] >= 64 || cmd[1] / 4 != m_authSector) return {kNoAnswer, {}};
    if (m_faults.flakyReads > 0) {
      --m_faults.flakyReads;
      return {kNoAnswer, {}};
    }
    Bytes out(m_memory.begin() + cmd[1] * 16, m_memory.begin() + cmd[1] * 16 + 16);
    if (cmd[1] % 4 == 3) std::fill(out.begin(), out.begin() + 6, 0);  // key A never reads back
    return {kOk, out};
  }
  case 0xA0: {
    if (cmd.size() < 18 || cmd[1] == 0 || cmd[1] >= 64 || cmd[1] / 4 != m_authSector) return {kNoAnswer, {}};
    if (m_faults.writeFails) return {kNak, {}};
    if (!consumeWrite()) return {kNoAnswer, {}};
    std::copy_n(cmd.begin() + 2, 16, m_memory.begin() + cmd[1] * 16);
    return {kOk, {}};
  }
  default:
    return {kNak, {}};
  }
}

} // namespace lasis::sim
