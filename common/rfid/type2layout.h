#pragma once
// Lasis's data layout on NFC Forum Type 2 tags (NTAG213/215/216, MIFARE Ultralight) and on
// MIFARE Classic patron cards. Shared by the libnfc driver and the simulator so both sides
// agree byte for byte; docs/tag-layout.md is the long form.
//
// Type 2 tags have no AFI and no EAS bit, so the item's security state lives in our own header:
//
//   page 3        capability container, as the chip ships it (E1 10 12 00 on an NTAG213, …)
//   page 4        Lasis header: 'L' 'S' <layout version 0x01> <security byte>
//                   security byte 0x07 = secured (in the library; the gate alarms), like AFI 0x07
//                                 0xC2 = on loan (the gate lets it pass), like AFI 0xC2
//                                 anything else = unknown (treat as secured)
//   page 5…       data area: the ISO 28560-3 (or -2) bytes exactly as the codec encodes them,
//                 at most 140 bytes (pages 5..39, the user memory of the smallest NTAG213)
//
// Why a header page of its own: a security change is one 4-byte WRITE, which a Type 2 tag
// commits as a unit, so a tag pulled away mid-write holds either the old or the new state,
// never half of the ISO 28560 block; and the data area is never rewritten at a loan or return.
// A reader tells a library tag from a foreign one (NDEF, blank, another vendor's) by the 'L' 'S'
// magic and version in page 4; foreign tags are reported with their UID and no item.
//
// MIFARE Classic 1K patron cards: the UID identifies the card; where sector 1 opens with the
// transport key A (FF FF FF FF FF FF), blocks 4..6 hold ISO 28560-3 patron data (type of usage
// 8) carrying the patron's card number. Cards keyed otherwise are identified by UID alone.

#include "common/core/bytes.h"
#include "common/rfid/tagreader.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace lasis::rfid::type2 {

inline constexpr int kCapabilityPage = 3;
inline constexpr int kHeaderPage = 4;
inline constexpr int kDataPage = 5;
inline constexpr std::size_t kPageSize = 4;
inline constexpr std::size_t kMaxDataBytes = 140;  ///< pages 5..39
inline constexpr std::uint8_t kMagic0 = 0x4C;      ///< 'L'
inline constexpr std::uint8_t kMagic1 = 0x53;      ///< 'S'
inline constexpr std::uint8_t kLayoutVersion = 0x01;
inline constexpr std::uint8_t kSecured = 0x07;
inline constexpr std::uint8_t kOnLoan = 0xC2;

/// MIFARE Classic patron cards: where the ISO 28560 patron data lives and the key that opens it.
inline constexpr int kClassicFirstBlock = 4;
inline constexpr int kClassicBlocks = 3;
inline constexpr std::array<std::uint8_t, 6> kClassicKeyA{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

/// Page 4 of a Lasis tag with the given security state.
std::array<std::uint8_t, 4> headerPage(bool secured);

/// What page 4 says.
struct Header {
  bool library = false;  ///< magic and version match: a Lasis-formatted tag
  Security security = Security::unknown;
};
Header parseHeader(ByteView page4);

/// User memory pages of a Type 2 chip (first user page 4), 0 for types without pages.
int userPages(TagType type);
/// Total pages of a Type 2 chip (including UID, lock, CC and configuration pages).
int totalPages(TagType type);
/// Bytes of our data area on that chip (0 when the chip has no room for it).
std::size_t dataAreaBytes(TagType type);

/// For data read so far from the start of the data area: how many bytes the ISO 28560-3 block
/// and its extension chain take, when `prefix` is enough to tell; nullopt when more must be read
/// (or the data is not -3, in which case the caller reads the whole area).
std::optional<std::size_t> iso3Extent(ByteView prefix);

} // namespace lasis::rfid::type2
