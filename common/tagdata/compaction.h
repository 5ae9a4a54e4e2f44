#pragma once
// ISO/IEC 15962 data compaction as ISO 28560-2 uses it: the schemes a data element's value may
// be stored in, and the ISIL compaction of ISO 28560-2 for owner institutions.
//
// Bit packing: most significant bit first; the last byte is padded as each scheme requires
// (numeric: a 0xF nibble; 5-bit: zeros; 6-bit: 1 then zeros; 7-bit and ISIL: ones), and the
// decoders ignore exactly that padding.

#include "common/core/bytes.h"
#include "common/core/result.h"

#include <optional>
#include <string>
#include <string_view>

namespace lasis::tagdata::compaction {

/// The 3-bit compaction code of an ISO/IEC 15962 precursor.
enum class Scheme : std::uint8_t {
  applicationDefined = 0,  ///< ISO 28560-2: content parameter bitmap, ISIL compaction, binary values
  integer = 1,             ///< decimal digits without a leading zero, as a big-endian binary number
  numeric = 2,             ///< decimal digits, one per nibble, odd count padded with 0xF
  fiveBit = 3,             ///< 0x41–0x5F (A–Z [ \ ] ^ _), 5 bits each
  sixBit = 4,              ///< 0x20–0x5F, 6 bits each
  sevenBit = 5,            ///< US-ASCII, 7 bits each
  octet = 6,               ///< bytes as they are (ISO/IEC 8859-1 text)
  utf8 = 7,                ///< UTF-8 text
};

std::string_view toString(Scheme s);

/// True when `text` can be stored in `scheme` and read back unchanged.
bool canCompact(Scheme scheme, std::string_view text);
/// The compacted bytes; Errc::invalidArgument when canCompact() is false. Not for
/// applicationDefined (its meaning depends on the data element).
Result<Bytes> compact(Scheme scheme, std::string_view text);
/// The text stored in `data`; Errc::parse for bytes the scheme cannot hold (a nibble above 9,
/// invalid UTF-8…). Not for applicationDefined.
Result<std::string> expand(Scheme scheme, ByteView data);

/// The scheme giving the fewest bytes for `text` (ties go to the lower code), as ISO/IEC 15962
/// asks of an encoder: "0012" is numeric (integer would lose the leading zeros), "4001123"
/// integer, "QA268.L55" 6-bit. Octet for other ASCII text, UTF-8 for the rest.
Scheme bestScheme(std::string_view text);

/// ISO 28560-2 ISIL compaction: upper case, lower case and digit sets of 5, 5 and 4 bits with
/// latch and shift codes, starting in upper case, padded with ones. Characters: A–Z a–z 0–9 - : /
bool canCompactIsil(std::string_view isil);
Result<Bytes> compactIsil(std::string_view isil);
Result<std::string> expandIsil(ByteView data);

} // namespace lasis::tagdata::compaction
