// ISO 28560-3: the fixed-length basic block of the Danish data model lineage, and its
// extension blocks. Layout (DESIGN.md §3):
//   0      version (high nibble, 1) | type of usage (low nibble)
//   1      number of parts in the set      2  ordinal of this part
//   3–18   primary item id, left-aligned, 0x00-padded
//   19–20  CRC-16/CCITT-FALSE over bytes 0–18 and 21–33, low byte first
//   21–22  owner country (ISO 3166 alpha-2)   23–33 owner library (ISIL without the country)
// A 32-byte tag ends at byte 31 (9 library characters); its CRC runs over 0x00 for 32–33.
// Extension blocks from byte 34: [length][id low][id high][xor][payload…], the XOR of all of a
// block's bytes is 0, and a length of 0 ends the data.
#include "common/tagdata/internal.h"

#include <algorithm>

namespace lasis::tagdata::detail {

namespace {

constexpr std::size_t kFull = 34;
constexpr std::size_t kShort = 32;
constexpr std::size_t kIdFirst = 3, kIdLen = 16;
constexpr std::size_t kCrcLow = 19, kCrcHigh = 20;
constexpr std::size_t kCountry = 21, kLibrary = 23;

std::uint8_t at(ByteView m, std::size_t i) { return i < m.size() ? m[i] : 0; }

// The CRC covers 32 bytes whatever the tag size: bytes missing on a 32-byte tag count as 0x00.
std::uint16_t basicCrc(ByteView m) {
  std::uint16_t crc = crc16(m.first(kCrcLow));
  std::uint8_t tail[kFull - kCountry];
  for (std::size_t i = kCountry; i < kFull; ++i) tail[i - kCountry] = at(m, i);
  return crc16(ByteView(tail, sizeof tail), crc);
}

std::uint16_t storedCrc(ByteView m) {
  return static_cast<std::uint16_t>(m[kCrcLow] | (m[kCrcHigh] << 8));
}

// Text of a 0x00-padded field: up to the first 0x00.
ByteView fieldText(ByteView field) {
  auto end = std::find(field.begin(), field.end(), std::uint8_t{0});
  return field.first(static_cast<std::size_t>(end - field.begin()));
}

bool allZero(ByteView b) {
  return std::all_of(b.begin(), b.end(), [](std::uint8_t x) { return x == 0; });
}

std::string str(ByteView b) { return std::string(b.begin(), b.end()); }

// Looks like an -3 block: version 1, and either an item id of printable characters (one
// damaged byte tolerated) or a country of two capital letters. One damaged byte can spoil only
// one of the two, so a damaged tag still reads as damaged; random bytes pass rarely (1/16 for
// the version times about 1/100 for the rest). Used only to tell damage from bytes that were
// never ISO 28560-3.
bool hasShape(ByteView m) {
  if ((m[0] >> 4) != 1) return false;
  const auto id = m.subspan(kIdFirst, std::min(kIdLen, m.size() - kIdFirst));
  std::size_t end = id.size();
  while (end > 0 && id[end - 1] == 0) --end;
  const auto bad = std::count_if(id.begin(), id.begin() + static_cast<std::ptrdiff_t>(end),
                                 [](std::uint8_t b) { return b < 0x20 || b > 0x7E; });
  const bool idOk = end >= 2 && bad <= 1;
  const auto upper = [](std::uint8_t b) { return b >= 'A' && b <= 'Z'; };
  const bool countryOk = m.size() > kCountry + 1 && upper(m[kCountry]) && upper(m[kCountry + 1]);
  return idOk || countryOk;
}

// The first bytes of an -3 block cut short: version 1, then an item id that starts printable.
bool looksLikeStart(ByteView m) {
  if (m.size() <= kIdFirst || (m[0] >> 4) != 1) return false;
  const auto id = m.subspan(kIdFirst, std::min(kIdLen, m.size() - kIdFirst));
  const auto text = fieldText(id);
  return !text.empty() && isPrintableAscii(text) && allZero(id.subspan(text.size()));
}

void parseExtensions(ByteView m, Decoded& out) {
  std::size_t p = kFull;
  while (p < m.size()) {
    const std::size_t len = m[p];
    if (len == 0) return;  // the terminator
    const auto pos = std::to_string(p);
    if (len < 4) {
      // No room for id and check: nothing after it can be located, so keep the rest raw.
      Extension e;
      e.data = Bytes(m.begin() + static_cast<std::ptrdiff_t>(p), m.end());
      e.checkOk = false;
      out.item.extensions.push_back(std::move(e));
      out.warnings.push_back("extension block at byte " + pos + " has length " + std::to_string(len) +
                             " (at least 4 needed); the rest of the memory is kept raw");
      return;
    }
    const std::uint16_t id = static_cast<std::uint16_t>(at(m, p + 1) | (at(m, p + 2) << 8));
    if (p + len > m.size()) {
      Extension e = makeExtension(id, Bytes(m.begin() + static_cast<std::ptrdiff_t>(std::min(p + 4, m.size())), m.end()));
      e.checkOk = false;
      out.item.extensions.push_back(std::move(e));
      out.warnings.push_back("extension block " + std::to_string(id) + " at byte " + pos + " claims " +
                             std::to_string(len) + " bytes but the memory ends after " +
                             std::to_string(m.size() - p) + " (truncated read?)");
      return;
    }
    std::uint8_t x = 0;
    for (std::size_t i = p; i < p + len; ++i) x ^= m[i];
    Extension e = makeExtension(id, Bytes(m.begin() + static_cast<std::ptrdiff_t>(p + 4),
                                          m.begin() + static_cast<std::ptrdiff_t>(p + len)));
    e.checkOk = (x == 0);
    if (!e.checkOk)
      out.warnings.push_back("extension block " + std::to_string(id) + " at byte " + pos +
                             " fails its XOR check: its data is damaged");
    out.item.extensions.push_back(std::move(e));
    p += len;
  }
}

} // namespace

bool crcMatches3(ByteView m) { return m.size() >= kShort && basicCrc(m) == storedCrc(m); }

Bytes reverseBlocks(ByteView m) {
  Bytes out(m.begin(), m.end());
  for (std::size_t i = 0; i + 4 <= out.size(); i += 4) std::reverse(out.begin() + static_cast<std::ptrdiff_t>(i), out.begin() + static_cast<std::ptrdiff_t>(i + 4));
  return out;
}

Result<Decoded> decode3(ByteView memory, bool requireShape) {
  if (memory.size() < kShort) {
    if (requireShape && !looksLikeStart(memory))
      return fail(Errc::parse, "not ISO 28560 data (" + std::to_string(memory.size()) + " bytes)");
    return fail(Errc::truncated, "ISO 28560-3 basic block truncated: " + std::to_string(memory.size()) +
                                     " bytes read, at least 32 needed (read the whole tag memory)");
  }
  Decoded out;
  Bytes corrected;
  ByteView m = memory;
  out.crcOk = crcMatches3(m);
  if (!out.crcOk) {
    // Some readers return each 4-byte block with its bytes reversed; only the CRC tells.
    corrected = reverseBlocks(memory);
    if (crcMatches3(corrected)) {
      m = corrected;
      out.crcOk = true;
      out.blocksReversed = true;
      out.warnings.push_back("the reader returned 4-byte blocks reversed; corrected");
    }
  }
  const int version = m[0] >> 4;
  if (version != 1) {
    if (out.crcOk)
      return fail(Errc::unsupported, "ISO 28560-3 version " + std::to_string(version) +
                                         " is not supported (only version 1 is defined)");
    return fail(Errc::parse, "not ISO 28560 data: version nibble " + std::to_string(version) +
                                 " and the ISO 28560-3 CRC does not match");
  }
  if (!out.crcOk) {
    if (requireShape && !hasShape(m))
      return fail(Errc::parse, "not ISO 28560 data: the ISO 28560-3 CRC does not match and the "
                               "bytes are not shaped like an item (no readable item id)");
    out.warnings.push_back("ISO 28560-3 CRC mismatch (stored " + toHex(m.subspan(kCrcLow, 2)) +
                           "): the tag is damaged; do not trust its data");
  }

  ItemData& item = out.item;
  item.model = Model::iso28560_3;
  item.version = version;
  item.usage = m[0] & 0x0F;
  item.parts = m[1];
  item.ordinal = m[2];
  if (item.parts == 0 || item.ordinal == 0 || item.ordinal > item.parts) {
    out.setOk = false;
    out.warnings.push_back("invalid set information: part " + std::to_string(item.ordinal) + " of " +
                           std::to_string(item.parts) + " (take the item to the desk)");
  }
  const auto idField = m.subspan(kIdFirst, kIdLen);
  const auto id = fieldText(idField);
  item.itemId = str(id);
  if (id.empty()) out.warnings.push_back("the item id is empty");
  if (!isPrintableAscii(id)) out.warnings.push_back("the item id contains unprintable bytes");
  if (!allZero(idField.subspan(id.size())))
    out.warnings.push_back("bytes after the item id are not 0x00 padding");

  const std::size_t basic = m.size() >= kFull ? kFull : kShort;
  const auto country = fieldText(m.subspan(kCountry, 2));
  const auto library = fieldText(m.subspan(kLibrary, basic - kLibrary));
  if (!country.empty() || !library.empty()) item.owner = str(country) + "-" + str(library);
  // Control characters in either identifier: damaged whatever the CRC says (one rule, both models).
  if (auto ok = checkIdentifier("the item id", item.itemId); !ok) return ok.error().context("ISO 28560-3");
  if (auto ok = checkIdentifier("the owner ISIL", item.owner); !ok) return ok.error().context("ISO 28560-3");
  if (!isIsilText(item.owner))
    out.warnings.push_back("the owner ISIL contains characters an ISIL may not hold");

  parseExtensions(m, out);
  return out;
}

Result<Bytes> encode3(const ItemData& item, std::size_t capacity) {
  if (capacity < kShort)
    return fail(Errc::invalidArgument, "ISO 28560-3 needs at least 32 bytes of tag memory, the tag has " +
                                           std::to_string(capacity));
  if (item.version != 1)
    return fail(Errc::invalidArgument, "ISO 28560-3 version " + std::to_string(item.version) +
                                           " cannot be written (only version 1 is defined)");
  if (item.usage > 0xF)
    return fail(Errc::invalidArgument, "type of usage " + std::to_string(item.usage) + " does not fit a nibble");
  if (item.usageQualifier != 0)
    return fail(Errc::invalidArgument, "ISO 28560-3 has no room for a type-of-usage sub-qualifier");
  if (item.parts < 1 || item.parts > 255 || item.ordinal < 1 || item.ordinal > item.parts)
    return fail(Errc::invalidArgument, "set information must be 1 ≤ ordinal ≤ parts ≤ 255, got part " +
                                           std::to_string(item.ordinal) + " of " + std::to_string(item.parts));
  const ByteView id(reinterpret_cast<const std::uint8_t*>(item.itemId.data()), item.itemId.size());
  if (id.empty() || id.size() > kIdLen || !isPrintableAscii(id) || item.itemId.find(' ') != std::string::npos)
    return fail(Errc::invalidArgument, "the item id must be 1 to 16 printable characters without spaces, got \"" +
                                           item.itemId + "\"");
  const std::size_t basic = capacity >= kFull ? kFull : kShort;
  std::string country, library;
  if (!item.owner.empty()) {
    if (!splitIsil(item.owner, country, library) || country.size() != 2 ||
        !std::all_of(country.begin(), country.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
      return fail(Errc::invalidArgument, "the owner must be an ISIL \"CC-library\" with a two-letter country, got \"" +
                                             item.owner + "\"");
    if (library.size() > basic - kLibrary)
      return fail(Errc::invalidArgument, "the library part of ISIL " + item.owner + " has " +
                                             std::to_string(library.size()) + " characters; a " +
                                             std::to_string(basic) + "-byte block holds " +
                                             std::to_string(basic - kLibrary));
  }
  if (basic == kShort && !item.extensions.empty())
    return fail(Errc::invalidArgument, "a 32-byte tag has no room for extension blocks");

  Bytes out(basic, 0);
  out[0] = static_cast<std::uint8_t>((item.version << 4) | item.usage);
  out[1] = static_cast<std::uint8_t>(item.parts);
  out[2] = static_cast<std::uint8_t>(item.ordinal);
  std::copy(id.begin(), id.end(), out.begin() + kIdFirst);
  std::copy(country.begin(), country.end(), out.begin() + kCountry);
  std::copy(library.begin(), library.end(), out.begin() + kLibrary);
  const std::uint16_t crc = basicCrc(out);
  out[kCrcLow] = static_cast<std::uint8_t>(crc & 0xFF);  // low byte first
  out[kCrcHigh] = static_cast<std::uint8_t>(crc >> 8);

  for (const auto& e : item.extensions) {
    if (e.data.size() + 4 > 255)
      return fail(Errc::invalidArgument, "extension block " + std::to_string(e.id) + " holds " +
                                             std::to_string(e.data.size()) + " bytes; at most 251 fit");
    const std::size_t start = out.size();
    out.push_back(static_cast<std::uint8_t>(e.data.size() + 4));
    out.push_back(static_cast<std::uint8_t>(e.id & 0xFF));
    out.push_back(static_cast<std::uint8_t>(e.id >> 8));
    out.push_back(0);
    out.insert(out.end(), e.data.begin(), e.data.end());
    std::uint8_t x = 0;
    for (std::size_t i = start; i < out.size(); ++i) x ^= out[i];
    out[start + 3] = x;  // makes the XOR of the whole block 0
  }
  if (out.size() > capacity)
    return fail(Errc::invalidArgument, "the data needs " + std::to_string(out.size()) + " bytes; the tag has " +
                                           std::to_string(capacity));
  if (out.size() < capacity) out.push_back(0);  // ends the data: stale bytes are never read as blocks
  return out;
}

} // namespace lasis::tagdata::detail
