// Fuzz: ISO 28560-2 and -3 decoding of tag memory (any NFC phone can write any bytes to a
// library tag), auto-detected and forced, and Lasis's Type 2 header and extent logic that the
// libnfc driver applies to the pages it reads. Whatever decodes cleanly must encode again and
// decode to the same item: the kiosk rewrites tags it has read.
#include "common/rfid/type2layout.h"
#include "common/tagdata/tagdata.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>

using namespace lasis;

namespace {

void roundTrip(const tagdata::Decoded& d, tagdata::Model model) {
  // Only clean reads: a damaged block decodes flagged (checkOk false, a warning) and is not
  // meant to be written back as it was read.
  if (!d.crcOk || !d.setOk || !d.warnings.empty()) return;
  auto bytes = tagdata::encode(d.item, 1024);
  if (!bytes) return;  // decodable but not encodable (e.g. an id too long for -3): refused cleanly
  auto again = tagdata::decode(*bytes, model);
  if (!again) std::abort();
  // The encoder writes ISO 28560-2 elements in OID order whatever order they were read in.
  auto byId = [](tagdata::ItemData item) {
    std::stable_sort(item.extensions.begin(), item.extensions.end(),
                     [](const auto& a, const auto& b) { return a.id < b.id; });
    return item;
  };
  if (!(byId(again->item) == byId(d.item))) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView memory(data, size);
  if (auto d = tagdata::decode(memory)) roundTrip(*d, d->item.model);
  if (auto d = tagdata::decode(memory, tagdata::Model::iso28560_3)) roundTrip(*d, tagdata::Model::iso28560_3);
  if (auto d = tagdata::decode(memory, tagdata::Model::iso28560_2)) roundTrip(*d, tagdata::Model::iso28560_2);
  // The driver side: page 4 header, then how much of the data area to read.
  if (size >= 4) (void)rfid::type2::parseHeader(memory.subspan(0, 4));
  if (auto extent = rfid::type2::iso3Extent(memory); extent && *extent > 100000) std::abort();
  return 0;
}
