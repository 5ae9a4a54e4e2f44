#pragma once
// What an ISO 15693 reader offers beyond TagReader: the gate's two fast paths (an inventory
// only secured items answer, and the NXP EAS alarm: rfid::SecurityInventory, which the gate
// reaches through TagReader::securityInventory()), system information, and reading an item with
// the ISO 28560 model chosen by DSFID (for the staff tools). A caller that only knows TagReader
// keeps working with a PcscReader.

#include "common/rfid/securityinventory.h"
#include "common/rfid/tagreader.h"
#include "common/tagdata/tagdata.h"
#include "drivers/pcsc/iso15693.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lasis::pcsc {

/// How an item's security is kept on ISO 15693 tags (a library uses one; "both" while migrating).
enum class SecurityMode { afi, eas, both };
std::string_view toString(SecurityMode m);
std::optional<SecurityMode> parseSecurityMode(std::string_view text);

/// DSFID values that name the data model (evidence in drivers/pcsc/README.md). Others: detect.
inline constexpr std::uint8_t kDsfidIso28560_2 = 0x06;

/// The ISO 28560 model a DSFID announces, nullopt when it does not say (detect from the data).
std::optional<tagdata::Model> modelForDsfid(std::uint8_t dsfid);

/// An ISO 15693 reader (PC/SC today): TagReader, the gate's security inventories, and what the
/// staff tools use.
class Iso15693Reader : public rfid::TagReader, public rfid::SecurityInventory {
public:
  /// inventoryByAfi(): tags whose AFI equals `afi` (only they answer), from rfid::SecurityInventory.
  /// easAlarm(): true when at least one tag in the field has EAS set (NXP EAS ALARM answered, or
  /// several answers collided): no UID, no anticollision, one exchange.
  rfid::SecurityInventory* securityInventory() override { return this; }
  /// DSFID, AFI, memory size of one tag.
  virtual Result<iso15693::SystemInfo> systemInfo(const std::string& uid) = 0;
  /// Reads a tag and decodes its ISO 28560 data: the model comes from the configured override,
  /// else from the DSFID, else from the data (reversed 4-byte blocks are noticed by the CRC).
  virtual Result<tagdata::Decoded> readItem(const std::string& uid) = 0;
};

} // namespace lasis::pcsc
