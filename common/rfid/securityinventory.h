#pragma once
// The two fast ways a security gate asks the field, offered by readers whose air interface has
// them (ISO 15693 today): an inventory only tags with a given AFI answer, and the NXP EAS alarm.
// The gate asks a TagReader for this interface (TagReader::securityInventory()) instead of
// knowing any driver's type, so a reader is still swapped by changing a URL.

#include "common/core/result.h"
#include "common/rfid/tagreader.h"

#include <cstdint>
#include <vector>

namespace lasis::rfid {

/// A reader's security-state inventories (AFI inventory, EAS alarm). Calls block like TagReader's.
class SecurityInventory {
public:
  virtual ~SecurityInventory() = default;

  /// Tags whose AFI equals `afi` (only they answer): with AFI 0x07 this is the gate's "AFI
  /// inventory", one anticollision round that ignores every item on loan.
  virtual Result<std::vector<TagSeen>> inventoryByAfi(std::uint8_t afi) = 0;
  /// True when at least one tag in the field has EAS set. No UID, no anticollision: which tag it
  /// was, an EAS answer cannot say.
  virtual Result<bool> easAlarm() = 0;
};

} // namespace lasis::rfid
