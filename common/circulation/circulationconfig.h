#pragma once
// What a kiosk's circulation engine is configured with: who it is, how long a session may idle,
// how many items go to the ILS at once, and what it may do while the ILS is unreachable.

#include "common/circulation/offlinepolicy.h"
#include "common/core/config.h"
#include "common/core/result.h"
#include "common/scan/cardrules.h"

#include <chrono>
#include <map>
#include <string>

namespace lasis::circulation {

/// What the kiosk may still do while the ILS is unreachable.
using OfflineMode = OfflinePolicy::Mode;
std::string_view toString(OfflineMode m);

/// Settings of the circulation engine (section [circulation] of the kiosk config).
struct CirculationConfig {
  std::string kioskId = "kiosk-1";
  std::string location;  ///< this kiosk's branch (SIP2 AP/AO): also the default pickup branch
  std::chrono::seconds sessionTimeout{60};  ///< idle time before the warning
  std::chrono::seconds warningTime{20};     ///< warning shown this long before the session ends
  int concurrency = 4;    ///< items in flight to the ILS at once (the SIP2 pool's size)
  int writeAttempts = 3;  ///< attempts to change a tag's security before the loan is undone
  bool patronCardByUid = false;  ///< a card without ISO 28560 patron data is known by its UID
  bool confirmItemCount = false;  ///< ask the patron how many items before checking out
  bool endOnCardRemoval = false;  ///< end the session when the patron's card leaves the pad
  OfflinePolicy offline;  ///< [offline]: the one policy, which the queue's journal applies too
  /// [[returns.bins]]: the ILS's sort bin (SIP2 CL, as Koha sends it) → what the patron is told
  /// ("Trolley 1 (blue)"), matching the signs at the branch.
  std::map<std::string, std::string> returnBins;
  /// The sign at the branch over where a returned item goes, shown beside it on the screen and in
  /// its picture: a label ("1", "B") and a colour ("#1f5fbf"), both as painted on the real sign;
  /// empty when the branch has none. [returns] trolley_sign/trolley_colour (the default trolley),
  /// box_sign/box_colour (items travelling to another branch), shelf_sign/shelf_colour (the
  /// reservations shelf), and `sign`/`colour` in each [[returns.bins]] (by its code).
  struct Sign {
    std::string label;
    std::string colour;
  };
  Sign trolleySign, boxSign, shelfSign;
  std::map<std::string, Sign> binSigns;
  /// [[returns.branches]]: a branch code (SIP2 CT, an institution or location id) → its name.
  std::map<std::string, std::string> branchNames;
  /// [network]: what a scanned code or a card's number is, and which library issued a card.
  scan::CardRules network;
  /// circulation.barcode_only_items: an item with no RFID tag, scanned by its barcode, is lent at
  /// the kiosk with a reminder to carry it round the gate ("lend"), or sent to the desk ("desk").
  enum class BarcodeOnly { lend, desk } barcodeOnly = BarcodeOnly::lend;

  /// Reads [circulation], [offline] and [returns] from a kiosk config; unknown keys are reported
  /// by finish().
  static CirculationConfig fromConfig(ConfigDoc& doc);
};

} // namespace lasis::circulation
