#pragma once
// ISO 28560 library tag data: the item (or patron card) a tag describes, and its two encodings,
// ISO 28560-3 (fixed length, Danish data model lineage) and ISO 28560-2 (ISO/IEC 15962
// compacted elements). Pure: bytes in, typed data out, and back.
//
// Decoding is defensive: every way a tag can be wrong gives a distinct, clear result, and an
// item id is never returned from data whose check failed without saying so (crcOk == false).

#include "common/core/bytes.h"
#include "common/core/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lasis::tagdata {

enum class Model { iso28560_3, iso28560_2 };
std::string_view toString(Model m);  // "iso28560-3" / "iso28560-2"
/// Parses "iso28560-3" / "iso28560-2" (also "3" / "2"); nullopt for anything else.
std::optional<Model> parseModel(std::string_view text);

/// Type of usage (ISO 28560-3 byte 0 low nibble; ISO 28560-2 relative OID 5).
namespace usage {
inline constexpr std::uint8_t acquisition = 0x0;
inline constexpr std::uint8_t circulating = 0x1;     ///< an item for loan
inline constexpr std::uint8_t notForLoan = 0x2;      ///< reference only: refuse at the kiosk
inline constexpr std::uint8_t discarded = 0x7;
inline constexpr std::uint8_t patronCard = 0x8;
inline constexpr std::uint8_t equipment = 0x9;       ///< library equipment (a laptop for loan…)
} // namespace usage

/// The name scripts and the `lasis` tool use for a type of usage ("circulating",
/// "not-for-loan", "patron", …); values without a name print as "0xN".
std::string usageName(std::uint8_t usage);
/// Parses a usage name or "0xN" (0..15); nullopt for anything else.
std::optional<std::uint8_t> parseUsage(std::string_view text);

/// An extension block (ISO 28560-3) or an optional data element (ISO 28560-2).
struct Extension {
  std::uint16_t id = 0;  ///< -3: data block id; -2: relative OID
  Bytes data;            ///< the block's payload as stored
  bool checkOk = true;   ///< -3: the block's XOR check held
  /// Readable fields decoded from the payload where the id is known ("title" → "…").
  std::vector<std::pair<std::string, std::string>> fields;
  friend bool operator==(const Extension&, const Extension&) = default;
};

/// Builds an extension from its id and payload, decoding the readable fields of the blocks
/// whose layout is known (see extensions.cpp). decode() returns extensions built this way, so
/// decode(encode(item)) == item when the item's extensions were made with this function.
/// -3: `id` is the data block id, `data` the block payload; -2: `id` is the relative OID and
/// `data` the element's value after decompaction.
Extension makeExtension(std::uint16_t id, Bytes data, Model model = Model::iso28560_3);

/// What a library tag says about its item.
struct ItemData {
  Model model = Model::iso28560_3;
  int version = 1;
  std::uint8_t usage = usage::circulating;
  std::string itemId;  ///< primary item identifier (barcode number); ≤ 16 chars in -3
  int parts = 1;       ///< number of parts in the set (discs in a box)
  int ordinal = 1;     ///< which part this tag is, 1-based
  std::string owner;   ///< owner library ISIL as "CC-xxxx" (country, dash, library), may be empty
  std::vector<Extension> extensions;
  friend bool operator==(const ItemData&, const ItemData&) = default;
};

/// The result of reading tag memory.
struct Decoded {
  ItemData item;
  bool crcOk = true;            ///< false: the data is damaged; do not trust item
  bool blocksReversed = false;  ///< the reader returned 4-byte blocks reversed; corrected here
  bool setOk = true;            ///< false: parts == 0, ordinal == 0 or ordinal > parts
  std::vector<std::string> warnings;
};

/// Decodes tag memory. Hard failures are errors: Errc::notFound for a blank (zero-filled) tag,
/// Errc::truncated, Errc::unsupported for an unknown version, Errc::parse for garbage. A damaged
/// basic block decodes with crcOk == false. `model` forces a model (from a tag's DSFID or
/// configuration); without it the model is detected:
///   1. memory that is empty or all 0x00 is a blank tag (Errc::notFound);
///   2. a valid ISO 28560-3 CRC (as read, or after undoing reversed 4-byte blocks) means -3;
///   3. otherwise a clean ISO 28560-2 parse (every element well-formed, item id first, the data
///      ending at a 0x00 precursor or the end of memory) means -2;
///   4. otherwise data shaped like an -3 basic block (version 1, a printable item id) decodes as
///      -3 with crcOk == false and a warning; anything else is Errc::parse (or Errc::truncated
///      when fewer than 32 bytes look like the start of an -3 block).
/// A valid -3 CRC with a version other than 1 is Errc::unsupported.
Result<Decoded> decode(ByteView memory, std::optional<Model> model = std::nullopt);

/// Encodes an item for a tag with `capacity` bytes of user memory (-3 needs at least 32; 34 or
/// more keeps the full ISIL and room for extension blocks). Returns the bytes to write from
/// address 0: the data and, when the tag has room after it, the 0x00 that ends it (so stale
/// bytes from an earlier encoding are never read as data). Errc::invalidArgument when the item
/// does not fit or is invalid.
Result<Bytes> encode(const ItemData& item, std::size_t capacity = 34);

/// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final XOR).
std::uint16_t crc16(ByteView data, std::uint16_t crc = 0xFFFF);

} // namespace lasis::tagdata
