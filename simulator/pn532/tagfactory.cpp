#include "simulator/pn532/tagfactory.h"

#include "common/rfid/type2layout.h"
#include "common/tagdata/tagdata.h"

namespace lasis::sim {

namespace t2 = rfid::type2;

Result<TagFactory::Spec> TagFactory::parse(const std::string& text) {
  Spec s;
  const auto c1 = text.find(':');
  if (c1 == std::string::npos) return fail(Errc::invalidArgument, "tag \"" + text + "\": expected KIND:UID[:ID]");
  const auto kind = rfid::tagTypeFromString(text.substr(0, c1));
  if (!kind || (*kind != rfid::TagType::ntag213 && *kind != rfid::TagType::ntag215 &&
                *kind != rfid::TagType::ntag216 && *kind != rfid::TagType::mifareClassic1k))
    return fail(Errc::invalidArgument, "tag \"" + text + "\": KIND must be ntag213, ntag215, ntag216 or mfc1k");
  s.kind = *kind;
  const auto c2 = text.find(':', c1 + 1);
  auto uid = fromHex(text.substr(c1 + 1, c2 == std::string::npos ? std::string::npos : c2 - c1 - 1));
  if (!uid) return uid.error().context("tag \"" + text + "\": UID");
  s.uid = std::move(*uid);
  if (c2 != std::string::npos) s.id = text.substr(c2 + 1);
  return s;
}

Result<SimTag> TagFactory::blank(rfid::TagType kind, Bytes uid) { return SimTag::make(kind, std::move(uid)); }

namespace {
Result<SimTag> withData(rfid::TagType kind, Bytes uid, const tagdata::ItemData& data, bool secured) {
  auto tag = SimTag::make(kind, std::move(uid));
  if (!tag) return tag;
  if (tag->isType2()) {
    auto bytes = tagdata::encode(data, t2::dataAreaBytes(kind));
    if (!bytes) return bytes.error().context("encoding the tag's ISO 28560 data");
    const auto header = t2::headerPage(secured);
    tag->load(t2::kHeaderPage * t2::kPageSize, header);
    tag->load(t2::kDataPage * t2::kPageSize, *bytes);
  } else {
    // MIFARE Classic: blocks 4..6 of sector 1 (transport keys), see common/rfid/type2layout.h.
    auto bytes = tagdata::encode(data, t2::kClassicBlocks * 16);
    if (!bytes) return bytes.error().context("encoding the card's ISO 28560 data");
    tag->load(t2::kClassicFirstBlock * 16, *bytes);
  }
  return tag;
}
} // namespace

Result<SimTag> TagFactory::item(rfid::TagType kind, Bytes uid, const std::string& itemId, bool secured, int parts,
                                int ordinal, const std::string& owner) {
  tagdata::ItemData d;
  d.usage = tagdata::usage::circulating;
  d.itemId = itemId;
  d.parts = parts;
  d.ordinal = ordinal;
  d.owner = owner;
  return withData(kind, std::move(uid), d, secured);
}

Result<SimTag> TagFactory::patron(rfid::TagType kind, Bytes uid, const std::string& patronId) {
  tagdata::ItemData d;
  d.usage = tagdata::usage::patronCard;
  d.itemId = patronId;
  // A patron card is not an item: the security byte says "on loan" so a gate never alarms on it.
  return withData(kind, std::move(uid), d, false);
}

} // namespace lasis::sim
