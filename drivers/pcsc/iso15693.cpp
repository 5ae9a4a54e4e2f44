#include "drivers/pcsc/iso15693.h"

#include <fmt/format.h>

#include <array>

namespace lasis::pcsc {

std::string uidToString(Uid uid) { return fmt::format("{:016X}", uid); }

Result<Uid> uidFromString(std::string_view text) {
  auto bytes = fromHex(text);
  if (!bytes) return bytes.error().context("ISO 15693 UID");
  if (bytes->size() != 8)
    return fail(Errc::parse, fmt::format("ISO 15693 UID '{}' must be 8 bytes (16 hex digits)", text));
  if ((*bytes)[0] != 0xE0)
    return fail(Errc::parse, fmt::format("ISO 15693 UID '{}' must start with E0", text));
  Uid uid = 0;
  for (auto b : *bytes) uid = (uid << 8) | b;
  return uid;
}

namespace iso15693 {
namespace {

void appendUid(Bytes& out, Uid uid) {
  // On the air the UID goes least significant byte first.
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(uid >> (8 * i)));
}

Uid readUid(ByteView p) {
  Uid uid = 0;
  for (int i = 7; i >= 0; --i) uid = (uid << 8) | p[static_cast<std::size_t>(i)];
  return uid;
}

} // namespace

Bytes inventoryRequest(std::optional<std::uint8_t> afi, int maskBits, Uid mask) {
  Bytes out{static_cast<std::uint8_t>(kFlagHighRate | kFlagInventory | kFlagOneSlot |
                                      (afi ? kFlagAfi : 0)),
            kInventory};
  if (afi) out.push_back(*afi);
  out.push_back(static_cast<std::uint8_t>(maskBits));
  for (int i = 0; i < (maskBits + 7) / 8; ++i) out.push_back(static_cast<std::uint8_t>(mask >> (8 * i)));
  return out;
}

Bytes readMultipleRequest(Uid uid, int firstBlock, int count) {
  Bytes out{static_cast<std::uint8_t>(kFlagHighRate | kFlagAddressed), kReadMultiple};
  appendUid(out, uid);
  out.push_back(static_cast<std::uint8_t>(firstBlock));
  out.push_back(static_cast<std::uint8_t>(count - 1));  // ISO 15693 sends "number of blocks - 1"
  return out;
}

Bytes writeSingleRequest(Uid uid, int block, ByteView data) {
  Bytes out{static_cast<std::uint8_t>(kFlagHighRate | kFlagAddressed), kWriteSingle};
  appendUid(out, uid);
  out.push_back(static_cast<std::uint8_t>(block));
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

Bytes writeAfiRequest(Uid uid, std::uint8_t afi) {
  Bytes out{static_cast<std::uint8_t>(kFlagHighRate | kFlagAddressed), kWriteAfi};
  appendUid(out, uid);
  out.push_back(afi);
  return out;
}

Bytes systemInfoRequest(Uid uid) {
  Bytes out{static_cast<std::uint8_t>(kFlagHighRate | kFlagAddressed), kSystemInfo};
  appendUid(out, uid);
  return out;
}

Bytes nxpRequest(std::uint8_t command, std::optional<Uid> uid) {
  Bytes out{static_cast<std::uint8_t>(kFlagHighRate | (uid ? kFlagAddressed : 0)), command, kMfrNxp};
  if (uid) appendUid(out, *uid);
  return out;
}

std::string_view errorName(std::uint8_t code) {
  switch (code) {
  case 0x01: return "command not supported";
  case 0x02: return "command not recognised";
  case 0x03: return "option not supported";
  case 0x0F: return "unknown error";
  case 0x10: return "block not available";
  case 0x11: return "block already locked";
  case 0x12: return "block or AFI locked, cannot be changed";
  case 0x13: return "not successfully programmed";
  case 0x14: return "not successfully locked";
  default: return "custom or unknown error code";
  }
}

Result<Bytes> parsePayload(ByteView answer) {
  if (answer.empty()) return fail(Errc::parse, "empty ISO 15693 answer");
  if (answer[0] & 0x01) {
    if (answer.size() < 2) return fail(Errc::parse, "ISO 15693 error answer without an error code");
    return fail(Errc::refused, fmt::format("tag answered error 0x{:02X} ({})", answer[1],
                                           errorName(answer[1])));
  }
  return Bytes(answer.begin() + 1, answer.end());
}

Result<InventoryAnswer> parseInventory(ByteView answer) {
  auto payload = parsePayload(answer);
  if (!payload) return payload.error();
  if (payload->size() != 9)
    return fail(Errc::parse, fmt::format("inventory answer of {} bytes, expected DSFID + 8-byte UID",
                                         payload->size()));
  return InventoryAnswer{readUid(ByteView(*payload).subspan(1)), (*payload)[0]};
}

Result<SystemInfo> parseSystemInfo(ByteView answer) {
  auto payload = parsePayload(answer);
  if (!payload) return payload.error();
  ByteView p(*payload);
  if (p.size() < 9) return fail(Errc::truncated, "system information shorter than info flags + UID");
  SystemInfo info;
  const std::uint8_t flags = p[0];
  info.uid = readUid(p.subspan(1, 8));
  std::size_t at = 9;
  auto need = [&](std::size_t n) { return at + n <= p.size(); };
  if (flags & 0x01) {
    if (!need(1)) return fail(Errc::truncated, "system information ends before its DSFID");
    info.dsfid = p[at++];
  }
  if (flags & 0x02) {
    if (!need(1)) return fail(Errc::truncated, "system information ends before its AFI");
    info.afi = p[at++];
  }
  if (flags & 0x04) {
    if (!need(2)) return fail(Errc::truncated, "system information ends before its memory size");
    info.blockCount = p[at] + 1;
    info.blockSize = (p[at + 1] & 0x1F) + 1;
    at += 2;
  }
  if (flags & 0x08) {
    if (!need(1)) return fail(Errc::truncated, "system information ends before its IC reference");
    info.icReference = p[at++];
  }
  return info;
}

} // namespace iso15693

namespace part3 {

Bytes getUid() { return {0xFF, 0xCA, 0x00, 0x00, 0x00}; }
Bytes startSession() { return {0xFF, 0xC2, 0x00, 0x00, 0x02, 0x81, 0x00}; }
Bytes endSession() { return {0xFF, 0xC2, 0x00, 0x00, 0x02, 0x82, 0x00}; }
Bytes switchToIso15693() { return {0xFF, 0xC2, 0x00, 0x02, 0x04, 0x8F, 0x02, 0x02, 0x03}; }

Bytes transceive(ByteView frame) {
  // Frames are short (≤ 40 bytes for what Lasis sends): one-byte lengths suffice.
  Bytes out{0xFF, 0xC2, 0x00, 0x01, static_cast<std::uint8_t>(frame.size() + 2), kDoTransceive,
            static_cast<std::uint8_t>(frame.size())};
  out.insert(out.end(), frame.begin(), frame.end());
  out.push_back(0x00);  // Le
  return out;
}

namespace {

struct Tlv {
  unsigned tag = 0;
  ByteView value;
};

// BER-TLV as Part 3 uses it: one- or two-byte tags, lengths of one byte or 81 LL / 82 LL LL.
Result<std::vector<Tlv>> parseTlvs(ByteView data) {
  std::vector<Tlv> out;
  std::size_t at = 0;
  while (at < data.size()) {
    unsigned tag = data[at++];
    if ((tag & 0x1F) == 0x1F) {
      if (at >= data.size()) return fail(Errc::parse, "Part 3 answer ends inside a tag");
      tag = (tag << 8) | data[at++];
    }
    if (at >= data.size()) return fail(Errc::parse, "Part 3 answer ends before a length");
    std::size_t len = data[at++];
    if (len == 0x81 || len == 0x82) {
      const std::size_t n = len - 0x80;
      if (at + n > data.size()) return fail(Errc::parse, "Part 3 answer ends inside a length");
      len = 0;
      for (std::size_t i = 0; i < n; ++i) len = (len << 8) | data[at++];
    } else if (len > 0x80) {
      return fail(Errc::parse, fmt::format("Part 3 length form 0x{:02X} not supported", len));
    }
    if (at + len > data.size())
      return fail(Errc::parse, fmt::format("Part 3 data object {:02X} claims {} bytes, {} left", tag,
                                           len, data.size() - at));
    out.push_back({tag, data.subspan(at, len)});
    at += len;
  }
  return out;
}

Result<ByteView> checkSw(ByteView rapdu) {
  if (rapdu.size() < 2) return fail(Errc::parse, "R-APDU shorter than a status word");
  const auto sw1 = rapdu[rapdu.size() - 2];
  const auto sw2 = rapdu[rapdu.size() - 1];
  if (sw1 != 0x90 || sw2 != 0x00)
    return fail(Errc::io, fmt::format("reader refused the Part 3 command: SW {:02X}{:02X}", sw1, sw2));
  return rapdu.first(rapdu.size() - 2);
}

} // namespace

Status parseManage(ByteView rapdu) {
  auto body = checkSw(rapdu);
  if (!body) return body.error();
  auto tlvs = parseTlvs(*body);
  if (!tlvs) return tlvs.error();
  for (const auto& t : *tlvs) {
    if (t.tag == kDoStatus && t.value.size() == 3 && t.value[0] != 0x00)
      return fail(Errc::io, fmt::format("reader reported Part 3 error {:02X} {:02X}{:02X}",
                                        t.value[0], t.value[1], t.value[2]));
  }
  return {};
}

Result<Exchange> parseTransceive(ByteView rapdu) {
  auto body = checkSw(rapdu);
  if (!body) return body.error();
  auto tlvs = parseTlvs(*body);
  if (!tlvs) return tlvs.error();
  Exchange ex;
  bool haveResponse = false;
  std::uint8_t respStatus = 0;
  for (const auto& t : *tlvs) {
    if (t.tag == kDoStatus) {
      if (t.value.size() != 3) return fail(Errc::parse, "Part 3 status object is not 3 bytes");
      if (t.value[0] == 0x00) continue;
      // "64 01": no response from the card within the timeout — an empty field or a silent tag.
      if (t.value[1] == 0x64 && t.value[2] == 0x01) return Exchange{Outcome::silent, {}};
      return fail(Errc::io, fmt::format("reader reported Part 3 error {:02X} {:02X}{:02X}", t.value[0],
                                        t.value[1], t.value[2]));
    } else if (t.tag == kDoRespStatus) {
      if (!t.value.empty()) respStatus = t.value[0];
    } else if (t.tag == kDoIccResponse) {
      ex.frame.assign(t.value.begin(), t.value.end());
      haveResponse = true;
    }
  }
  if (respStatus & kRespCollision) return Exchange{Outcome::collision, {}};
  if (respStatus & kRespCrcError) return Exchange{Outcome::damaged, {}};
  ex.outcome = haveResponse && !ex.frame.empty() ? Outcome::answered : Outcome::silent;
  return ex;
}

} // namespace part3

} // namespace lasis::pcsc
