#include "common/rfid/type2layout.h"

#include <algorithm>

namespace lasis::rfid::type2 {

std::array<std::uint8_t, 4> headerPage(bool secured) {
  return {kMagic0, kMagic1, kLayoutVersion, secured ? kSecured : kOnLoan};
}

Header parseHeader(ByteView page4) {
  Header h;
  if (page4.size() < 4 || page4[0] != kMagic0 || page4[1] != kMagic1 || page4[2] != kLayoutVersion) return h;
  h.library = true;
  h.security = page4[3] == kSecured ? Security::secured : page4[3] == kOnLoan ? Security::unsecured : Security::unknown;
  return h;
}

int totalPages(TagType type) {
  switch (type) {
  case TagType::ntag213: return 45;
  case TagType::ntag215: return 135;
  case TagType::ntag216: return 231;
  case TagType::ultralight: return 16;
  default: return 0;
  }
}

int userPages(TagType type) {
  switch (type) {
  case TagType::ntag213: return 36;   // pages 4..39
  case TagType::ntag215: return 126;  // pages 4..129
  case TagType::ntag216: return 222;  // pages 4..225
  case TagType::ultralight: return 12;  // pages 4..15
  default: return 0;
  }
}

std::size_t dataAreaBytes(TagType type) {
  const int pages = userPages(type) - 1;  // page 4 is our header
  if (pages <= 0) return 0;
  return std::min(kMaxDataBytes, static_cast<std::size_t>(pages) * kPageSize);
}

std::optional<std::size_t> iso3Extent(ByteView prefix) {
  constexpr std::size_t kBasic = 34;
  if (prefix.size() <= kBasic) return std::nullopt;
  // Extension blocks: [length][id low][id high][xor][data…]; a length of 0 ends the chain.
  std::size_t at = kBasic;
  while (at < prefix.size()) {
    const std::uint8_t len = prefix[at];
    if (len == 0) return at + 1;
    if (len < 4) return std::nullopt;  // not a well-formed -3 chain: let the caller read it all
    at += len;
  }
  return std::nullopt;
}

} // namespace lasis::rfid::type2
