#pragma once
// The one interface every RFID reader backend implements (libnfc for ISO 14443 / NFC Type 2,
// PC/SC for ISO 15693). Kiosk, gate and the `lasis reader` tool see only this, so a reader is
// swapped by changing a URL. Calls are blocking; drivers/ offers a worker that runs them off the
// GUI thread and the Asio loop.

#include "common/core/bytes.h"
#include "common/core/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lasis::rfid {

class SecurityInventory;  // common/rfid/securityinventory.h

/// The chip on a tag, as far as the reader can tell.
enum class TagType {
  ntag213,
  ntag215,
  ntag216,
  ultralight,
  mifareClassic1k,
  icodeSlix,  ///< ISO 15693 (NXP ICODE SLIX and relatives)
  unknown,
};
std::string_view toString(TagType type);
std::optional<TagType> tagTypeFromString(std::string_view name);

/// An item tag's security state. For ISO 15693 it is the AFI (0x07 secured, 0xC2 on loan) or the
/// EAS bit; NFC Type 2 tags carry it in a reserved byte of our data layout (see drivers/).
enum class Security { secured, unsecured, unknown };
std::string_view toString(Security s);

/// A tag in the field, as an inventory reports it.
struct TagSeen {
  std::string uid;  ///< upper-case hex, in the order the tag sends it on the air
  TagType type = TagType::unknown;
  friend bool operator==(const TagSeen&, const TagSeen&) = default;
};

/// A tag's contents: its ISO 28560 data area and security state.
struct TagContents {
  TagSeen tag;
  Bytes data;  ///< the data area exactly as stored (ISO 28560-2 or -3 bytes, padded)
  Security security = Security::unknown;
};

/// A reader of RFID tags. Every method blocks until the reader answers; errors are values
/// (Errc::disconnected when the device is gone, Errc::notFound when the tag left the field,
/// Errc::verifyFailed when a write did not read back).
class TagReader {
public:
  virtual ~TagReader() = default;

  /// The URL/connstring this reader was opened with.
  virtual std::string address() const = 0;
  /// Every tag in the field now, including ones that were there before (not only new ones).
  virtual Result<std::vector<TagSeen>> inventory() = 0;
  /// Reads a tag's data area and security state.
  virtual Result<TagContents> read(const std::string& uid) = 0;
  /// Writes a tag's data area and verifies it by reading back (bounded retries).
  virtual Status writeData(const std::string& uid, ByteView data) = 0;
  /// Sets or clears the item's security and verifies it by reading back.
  /// Invariant this protects: an item's security state must match its loan state.
  virtual Status setSecurity(const std::string& uid, bool secured) = 0;
  /// The reader's AFI inventory and EAS alarm when its air interface has them (ISO 15693),
  /// nullptr otherwise; the object is the reader itself and lives as long as it does.
  virtual SecurityInventory* securityInventory() { return nullptr; }
};

} // namespace lasis::rfid
