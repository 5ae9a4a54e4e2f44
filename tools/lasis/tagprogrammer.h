#pragma once
// Programming one item tag, shared by `lasis reader write` and `lasis convert` so both refuse,
// write, secure and verify the same way, and both describe a tag with the keys of
// `lasis reader list`.

#include "common/core/result.h"
#include "common/rfid/tagreader.h"
#include "common/tagdata/tagdata.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace lasis::cli {

/// Opens the reader a connstring names (libnfc's own stderr lines are off: main() calls
/// drivers::quietLibnfc(); ours say the same thing better; LIBNFC_LOG_LEVEL=3 brings them back).
Result<std::unique_ptr<rfid::TagReader>> openQuietReader(const std::string& device);

/// A tag as `lasis reader list` prints it: {"uid","type","kind",…} (see readercommands.cpp).
nlohmann::ordered_json describeTag(const rfid::TagContents& contents);

/// What a tag holds, in words for a message: "item 3051…", "patron card P-1", "data that is not
/// ISO 28560"; empty for a blank tag.
std::string tagHolds(const rfid::TagContents& contents);

/// Writes ISO 28560 item data onto one tag and proves it by reading back.
///
/// Invariant this protects: a tag already carrying data is never overwritten by accident. A
/// technician converting a collection picks up tags from a box that may hold programmed ones;
/// overwriting one silently loses the item it belonged to. Only `force` overwrites.
class TagProgrammer {
public:
  enum class Outcome {
    written,      ///< the tag was blank (or forced) and now holds the item, secured, verified
    alreadyHeld,  ///< the tag held exactly this item, secured, already: nothing was written
    refused,      ///< the tag holds other data and `force` was not given: nothing was written
  };
  struct Programmed {
    Outcome outcome = Outcome::written;
    rfid::TagContents tag;  ///< as read back after the write, or as found (alreadyHeld, refused)
    std::string holds;      ///< refused: what the tag holds (tagHolds())
  };

  explicit TagProgrammer(rfid::TagReader& reader) : m_reader(reader) {}

  /// Encodes the item for a Type 2 data area (Errc::invalidArgument when it does not fit).
  static Result<Bytes> encode(const tagdata::ItemData& item);

  /// Reads the tag; refuses it when it holds anything but blank memory (unless `force`); writes
  /// the item; secures it; reads back and compares. An error means the tag may hold anything
  /// (Errc::verifyFailed when it read back differently, the reader's error otherwise).
  Result<Programmed> program(const std::string& uid, const tagdata::ItemData& item, bool force);

private:
  rfid::TagReader& m_reader;
};

} // namespace lasis::cli
