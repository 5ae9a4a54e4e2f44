#pragma once
// Makes the tags of the tag world: item tags carrying real ISO 28560-3 data in our Type 2
// layout (secured, as a book on the shelf), patron cards carrying the card number as ISO 28560
// patron data (type of usage 8), and blank tags. Parses the `KIND:UID[:ID]` form of the
// command line and scenario files.

#include "common/core/result.h"
#include "simulator/pn532/simtag.h"

#include <string>

namespace lasis::sim {

/// Builds simulated tags with real library data.
class TagFactory {
public:
  /// `KIND:UID[:ID]` split and checked (KIND: ntag213, ntag215, ntag216, mfc1k).
  struct Spec {
    rfid::TagType kind = rfid::TagType::unknown;
    Bytes uid;
    std::string id;  ///< item id or patron card number; empty for a blank tag
  };
  static Result<Spec> parse(const std::string& text);

  /// A blank tag (factory state: capability container set, user memory zero).
  static Result<SimTag> blank(rfid::TagType kind, Bytes uid);
  /// An item tag: ISO 28560-3 item data (circulating), in the library (secured) or on loan.
  static Result<SimTag> item(rfid::TagType kind, Bytes uid, const std::string& itemId, bool secured = true,
                             int parts = 1, int ordinal = 1, const std::string& owner = "");
  /// A patron card: ISO 28560-3 data with type of usage 8 and the card number as the id.
  static Result<SimTag> patron(rfid::TagType kind, Bytes uid, const std::string& patronId);
};

} // namespace lasis::sim
