// `lasis reader list|secure|unsecure|write`: RFID readers for technicians, staff and scripts.
//
// Contract (scripts rely on it):
//   lasis reader list --device CONNSTRING
//     one JSON object per tag in the field, one a line:
//       item tags   {"uid","type","kind":"item","item_id","parts","ordinal","owner","usage",
//                    "secured":true|false|null,"crc_ok"}
//       patron cards {"uid","type","kind":"patron","patron_id"} (patron_id null when the card
//                    holds no readable ISO 28560 data: identified by UID alone)
//       other tags  {"uid","type","kind":"blank"|"foreign"}
//   lasis reader secure|unsecure --device CONNSTRING UID
//     sets the item's security state and verifies it by reading back
//   lasis reader write --device CONNSTRING UID --item ID [--parts N] [--ordinal K] [--isil CC-xxx]
//     programs an item tag (ISO 28560-3, secured), verified by reading back
//   CONNSTRING: nfc:<libnfc connstring> or a bare libnfc connstring (pn532_uart:/dev/ttyUSB0).
//   Exit 0 when done; 1 with a message on stderr when the reader is missing, the tag is not
//   there, or a write did not verify.
#include "tools/lasis/commands.h"

#include "common/rfid/type2layout.h"
#include "common/tagdata/tagdata.h"
#include "drivers/tagreaderfactory.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

namespace lasis::cli {

namespace {

namespace td = lasis::tagdata;
using OJson = nlohmann::ordered_json;

struct ReaderArgs {
  std::string device;
  std::string uid;
  std::string item;
  int parts = 1;
  int ordinal = 1;
  std::string isil;
};

int complain(const std::string& what, const Error& e) {
  std::cerr << "lasis reader " << what << ": " << e.describe() << "\n";
  return 1;
}

Result<std::unique_ptr<rfid::TagReader>> openReader(const std::string& device) {
  // libnfc prints its own error lines on stderr; ours say the same thing better. A technician
  // who wants libnfc's trace sets LIBNFC_LOG_LEVEL themselves.
  ::setenv("LIBNFC_LOG_LEVEL", "0", 0);
  return drivers::openTagReader(device, makeLogger("reader"));
}

OJson describe(const rfid::TagContents& c) {
  OJson j;
  j["uid"] = c.tag.uid;
  j["type"] = std::string(rfid::toString(c.tag.type));
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

int list(const ReaderArgs& a) {
  auto reader = openReader(a.device);
  if (!reader) return complain("list", reader.error());
  auto tags = (*reader)->inventory();
  if (!tags) return complain("list", tags.error());
  int rc = 0;
  for (const auto& t : *tags) {
    auto c = (*reader)->read(t.uid);
    if (!c) {
      rc = complain("list", c.error());
      continue;
    }
    if (c->tag.type == rfid::TagType::mifareClassic1k && c->data.empty()) {
      OJson j{{"uid", t.uid}, {"type", std::string(rfid::toString(t.type))}, {"kind", "patron"}, {"patron_id", nullptr}};
      std::cout << j.dump() << "\n";
      continue;
    }
    std::cout << describe(*c).dump() << "\n";
  }
  std::cout.flush();
  return rc;
}

int security(const ReaderArgs& a, bool secured) {
  const char* what = secured ? "secure" : "unsecure";
  auto reader = openReader(a.device);
  if (!reader) return complain(what, reader.error());
  if (auto s = (*reader)->setSecurity(a.uid, secured); !s) return complain(what, s.error());
  return 0;
}

int write(const ReaderArgs& a) {
  td::ItemData item;
  item.usage = td::usage::circulating;
  item.itemId = a.item;
  item.parts = a.parts;
  item.ordinal = a.ordinal;
  item.owner = a.isil;
  auto bytes = td::encode(item, rfid::type2::kMaxDataBytes);
  if (!bytes) return complain("write", bytes.error());
  auto reader = openReader(a.device);
  if (!reader) return complain("write", reader.error());
  if (auto s = (*reader)->writeData(a.uid, *bytes); !s) return complain("write", s.error());
  return 0;
}

} // namespace

void addReaderCommands(CLI::App& app, int& exitCode) {
  auto* group = app.add_subcommand("reader", "RFID reader: list tags, program them, change their security");
  group->require_subcommand(1);
  auto args = std::make_shared<ReaderArgs>();
  auto device = [&](CLI::App* c) {
    c->add_option("--device", args->device, "the reader: nfc:pn532_uart:/dev/ttyUSB0 or a libnfc connstring")->required();
  };

  auto* listCmd = group->add_subcommand("list", "every tag in the field, one JSON object a line\n"
      "  e.g. lasis reader list --device nfc:pn532_uart:/dev/ttyUSB0");
  device(listCmd);
  listCmd->callback([args, &exitCode] { exitCode = list(*args); });

  auto* secureCmd = group->add_subcommand("secure", "mark an item as in the library (the gate alarms)\n"
      "  e.g. lasis reader secure --device pn532_uart:/dev/ttyUSB0 04A1B2C3D4E5F6");
  device(secureCmd);
  secureCmd->add_option("uid", args->uid, "the tag's UID in hex")->required();
  secureCmd->callback([args, &exitCode] { exitCode = security(*args, true); });

  auto* unsecureCmd = group->add_subcommand("unsecure", "mark an item as on loan (the gate lets it pass)\n"
      "  e.g. lasis reader unsecure --device pn532_uart:/dev/ttyUSB0 04A1B2C3D4E5F6");
  device(unsecureCmd);
  unsecureCmd->add_option("uid", args->uid, "the tag's UID in hex")->required();
  unsecureCmd->callback([args, &exitCode] { exitCode = security(*args, false); });

  auto* writeCmd = group->add_subcommand("write", "program an item tag (ISO 28560-3, secured)\n"
      "  e.g. lasis reader write --device nfc:pn532_uart:/dev/ttyUSB0 04A1B2C3D4E5F6 --item 30512004815473 --isil DK-710100");
  device(writeCmd);
  writeCmd->add_option("uid", args->uid, "the tag's UID in hex")->required();
  writeCmd->add_option("--item", args->item, "the item id (barcode number)")->required();
  writeCmd->add_option("--parts", args->parts, "parts in the set")->check(CLI::Range(1, 255));
  writeCmd->add_option("--ordinal", args->ordinal, "which part this tag is")->check(CLI::Range(1, 255));
  writeCmd->add_option("--isil", args->isil, "owner library ISIL, e.g. DK-710100");
  writeCmd->callback([args, &exitCode] { exitCode = write(*args); });
}

} // namespace lasis::cli
