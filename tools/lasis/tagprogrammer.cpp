#include "tools/lasis/tagprogrammer.h"

#include "common/core/log.h"
#include "common/rfid/type2layout.h"
#include "drivers/tagreaderfactory.h"

#include <algorithm>
#include <cstdlib>

namespace lasis::cli {

namespace td = lasis::tagdata;
using OJson = nlohmann::ordered_json;

Result<std::unique_ptr<rfid::TagReader>> openQuietReader(const std::string& device) {
  // libnfc is quiet already (drivers::quietLibnfc() in main, before any thread).
  return drivers::openTagReader(device, makeLogger("reader"));
}

OJson describeTag(const rfid::TagContents& c) {
  OJson j;
  j["uid"] = c.tag.uid;
  j["type"] = std::string(rfid::toString(c.tag.type));
  // A MIFARE Classic card whose sector 1 is keyed otherwise reads as no data: a patron card known
  // by its UID alone.
  if (c.tag.type == rfid::TagType::mifareClassic1k && c.data.empty()) {
    j["kind"] = "patron";
    j["patron_id"] = nullptr;
    return j;
  }
  auto d = td::decode(c.data);
  if (!d) {
    j["kind"] = d.error().is(Errc::notFound) ? "blank" : "foreign";
    return j;
  }
  if (d->item.usage == td::usage::patronCard) {
    j["kind"] = "patron";
    j["patron_id"] = d->item.itemId;
    return j;
  }
  j["kind"] = "item";
  j["item_id"] = d->item.itemId;
  j["parts"] = d->item.parts;
  j["ordinal"] = d->item.ordinal;
  j["owner"] = d->item.owner;
  j["usage"] = td::usageName(d->item.usage);
  if (c.security == rfid::Security::unknown) j["secured"] = nullptr;
  else j["secured"] = c.security == rfid::Security::secured;
  j["crc_ok"] = d->crcOk;
  return j;
}

std::string tagHolds(const rfid::TagContents& c) {
  if (c.tag.type == rfid::TagType::mifareClassic1k && c.data.empty()) return "a patron card (MIFARE Classic)";
  auto d = td::decode(c.data);
  if (!d) return d.error().is(Errc::notFound) ? "" : "data that is not ISO 28560 (" + d.error().message() + ")";
  if (d->item.usage == td::usage::patronCard) return "patron card " + d->item.itemId;
  return "item " + d->item.itemId + (d->crcOk ? "" : " (damaged: its CRC fails)");
}

namespace {

/// The fields a conversion writes, compared after reading back (extensions are not written).
bool sameItem(const td::Decoded& d, const td::ItemData& want) {
  const auto& got = d.item;
  return d.crcOk && got.model == want.model && got.itemId == want.itemId && got.parts == want.parts &&
         got.ordinal == want.ordinal && got.owner == want.owner && got.usage == want.usage;
}

/// The tag holds the first bytes of exactly this encoding and zeros after them: a write of this
/// very item cut short (a crash, the tag pulled away). Finishing it loses nothing.
bool interruptedWriteOf(ByteView data, ByteView bytes) {
  std::size_t k = 0;
  while (k < data.size() && k < bytes.size() && data[k] == bytes[k]) ++k;
  return k > 0 && std::all_of(data.begin() + static_cast<std::ptrdiff_t>(k), data.end(), [](std::uint8_t b) { return b == 0; });
}

} // namespace

Result<Bytes> TagProgrammer::encode(const td::ItemData& item) { return td::encode(item, rfid::type2::kMaxDataBytes); }

Result<TagProgrammer::Programmed> TagProgrammer::program(const std::string& uid, const td::ItemData& item, bool force) {
  auto bytes = encode(item);
  if (!bytes) return bytes.error();
  auto before = m_reader.read(uid);
  if (!before) return before.error();
  auto found = td::decode(before->data);
  const bool blank = !found && found.error().is(Errc::notFound) &&
                     !(before->tag.type == rfid::TagType::mifareClassic1k && before->data.empty());
  if (found && sameItem(*found, item) && before->security == rfid::Security::secured)
    return Programmed{Outcome::alreadyHeld, *before, {}};
  // This item already, incomplete (a write cut short, a tag on loan): finishing it loses nothing.
  const bool sameId = found && found->item.itemId == item.itemId && found->item.usage != td::usage::patronCard;
  if (!blank && !sameId && !interruptedWriteOf(before->data, *bytes) && !force)
    return Programmed{Outcome::refused, *before, tagHolds(*before)};

  if (auto s = m_reader.writeData(uid, *bytes); !s) return s.error();
  auto back = m_reader.read(uid);
  if (!back) return back.error().context("reading tag " + uid + " back");
  // A new Type 2 tag gets a secured header with its data; a forced overwrite of an item on loan,
  // or an ISO 15693 tag whose AFI says otherwise, is secured here: a converted item is on the shelf.
  if (back->security != rfid::Security::secured) {
    if (auto s = m_reader.setSecurity(uid, true); !s) return s.error();
    back = m_reader.read(uid);
    if (!back) return back.error().context("reading tag " + uid + " back");
  }
  auto got = td::decode(back->data);
  if (!got) return fail(Errc::verifyFailed, "tag " + uid + " read back no item data: " + got.error().message());
  if (!sameItem(*got, item))
    return fail(Errc::verifyFailed, "tag " + uid + " read back " + tagHolds(*back) + ", not item " + item.itemId);
  if (back->security != rfid::Security::secured) return fail(Errc::verifyFailed, "tag " + uid + " did not stay secured");
  return Programmed{Outcome::written, *back, {}};
}

} // namespace lasis::cli
