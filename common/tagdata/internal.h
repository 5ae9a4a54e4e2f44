#pragma once
// Internals shared by the codec's translation units (not part of the public API).

#include "common/tagdata/tagdata.h"

#include <string>

namespace lasis::tagdata::detail {

/// ISO 28560-3: decodes a basic block (and its extension blocks). With `requireShape`, damaged
/// data (wrong CRC) must still look like an -3 block, else it is Errc::parse: model detection
/// uses this so random bytes never come back as an item.
Result<Decoded> decode3(ByteView memory, bool requireShape);
/// True when the -3 CRC stored at bytes 19–20 matches the data, as read.
bool crcMatches3(ByteView memory);
/// The memory with the byte order of every whole 4-byte block reversed.
Bytes reverseBlocks(ByteView memory);
Result<Bytes> encode3(const ItemData& item, std::size_t capacity);

/// What model detection needs to know about an ISO 28560-2 parse beyond its success.
struct Parse2Evidence {
  bool contentParameterMatches = false;  ///< an OID 2 bitmap listing exactly the elements present
  bool cleanTail = false;                ///< nothing but 0x00 after the end of the data
};

/// ISO 28560-2 (ISO/IEC 15962 compacted elements).
Result<Decoded> decode2(ByteView memory, Parse2Evidence* evidence = nullptr);
Result<Bytes> encode2(const ItemData& item, std::size_t capacity);

/// Bytes as text for display: UTF-8 kept, anything else read as ISO 8859-1, so the result is
/// always valid UTF-8 (JSON output depends on it).
std::string toDisplayText(ByteView bytes);
/// Printable ASCII (0x20–0x7E) only.
bool isPrintableAscii(ByteView bytes);

/// The one rule both models apply to the identifiers they read (item id, owner ISIL): a control
/// character (below 0x20, or 0x7F) is never part of one, so a tag that holds one is damaged
/// data, refused with Errc::corrupt (naming `what`, the byte and its position) rather than
/// decoded into an id that would reach the ILS, the screen and the logs.
Status checkIdentifier(std::string_view what, std::string_view text);

/// Splits an owner "CC-xxxx" into country and library parts; false when it has no such shape.
bool splitIsil(const std::string& owner, std::string& country, std::string& library);
/// Characters an ISIL may contain (ISO 15511: A–Z, a–z, 0–9, '-', '/', ':').
bool isIsilText(std::string_view text);

} // namespace lasis::tagdata::detail
