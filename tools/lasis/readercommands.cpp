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
//   lasis reader write --device CONNSTRING UID --item ID [--parts N] [--ordinal K] [--isil CC-xxx] [--force]
//     programs an item tag (ISO 28560-3, secured), verified by reading back, and prints the tag as
//     read back, one JSON line with the keys of `list`. A tag that already holds data (an item, a
//     patron card, anything not blank) is refused, exit 1 and a message naming the UID and what
//     it holds, unless --force; a tag that already holds exactly this item is left as it is.
//   CONNSTRING: nfc:<libnfc connstring> or a bare libnfc connstring (pn532_uart:/dev/ttyUSB0).
//   Instead of --device: --config KIOSK.toml (its reader.url), or neither: the kiosk config in
//   /etc/lasis/ ($LASIS_CONFIG_DIR); exit 2 with a message when no reader is named anywhere.
//   Exit 0 when done; 1 with a message on stderr when the reader is missing, the tag is not
//   there, or a write did not verify.
#include "tools/lasis/commands.h"
#include "tools/lasis/deviceconfig.h"
#include "tools/lasis/tagprogrammer.h"

#include "common/tagdata/tagdata.h"

#include <iostream>
#include <memory>
#include <string>

namespace lasis::cli {

namespace {

namespace td = lasis::tagdata;

struct ReaderArgs {
  std::string device;
  std::string config;  ///< --config: the kiosk config whose reader.url names the device
  std::string uid;
  std::string item;
  int parts = 1;
  int ordinal = 1;
  std::string isil;
  bool force = false;
};

int complain(const std::string& what, const Error& e) {
  std::cerr << "lasis reader " << what << ": " << e.describe() << "\n";
  return 1;
}

int list(const ReaderArgs& a) {
  auto reader = openQuietReader(a.device);
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
    std::cout << describeTag(*c).dump() << "\n";
  }
  std::cout.flush();
  return rc;
}

int security(const ReaderArgs& a, bool secured) {
  const char* what = secured ? "secure" : "unsecure";
  auto reader = openQuietReader(a.device);
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
  if (auto bytes = TagProgrammer::encode(item); !bytes) return complain("write", bytes.error());
  auto reader = openQuietReader(a.device);
  if (!reader) return complain("write", reader.error());
  auto done = TagProgrammer(**reader).program(a.uid, item, a.force);
  if (!done) return complain("write", done.error());
  if (done->outcome == TagProgrammer::Outcome::refused) {
    std::cerr << "lasis reader write: tag " << done->tag.tag.uid << " already holds " << done->holds
              << "; nothing written (--force overwrites it)\n";
    return 1;
  }
  if (done->outcome == TagProgrammer::Outcome::alreadyHeld)
    std::cerr << "lasis reader write: tag " << done->tag.tag.uid << " already holds this item, secured; nothing written\n";
  std::cout << describeTag(done->tag).dump() << std::endl;
  return 0;
}

} // namespace

void addReaderCommands(CLI::App& app, int& exitCode) {
  auto* group = app.add_subcommand("reader", "RFID reader: list tags, program them, change their security");
  group->require_subcommand(1);
  auto args = std::make_shared<ReaderArgs>();
  auto device = [&](CLI::App* c) {
    c->add_option("--device", args->device, "the reader: nfc:pn532_uart:/dev/ttyUSB0 or a libnfc connstring");
    c->add_option("--config", args->config,
                  "take the reader from this kiosk config's reader.url (default: the kiosk config in /etc/lasis/)");
  };
  // --device given wins; else the kiosk config's reader.url. First thing in every callback below.
  const auto haveDevice = [args](const char* command) {
    return fromConfig(args->device, args->config, "kiosk", command, "reader.url", "--device", kioskReaderUrl);
  };

  auto* listCmd = group->add_subcommand("list", "every tag in the field, one JSON object a line\n"
      "  e.g. lasis reader list --device nfc:pn532_uart:/dev/ttyUSB0");
  device(listCmd);
  listCmd->callback([args, haveDevice, &exitCode] {
    if (!haveDevice("lasis reader list")) return void(exitCode = 2);
    exitCode = list(*args);
  });

  auto* secureCmd = group->add_subcommand("secure", "mark an item as in the library (the gate alarms)\n"
      "  e.g. lasis reader secure --device pn532_uart:/dev/ttyUSB0 04A1B2C3D4E5F6");
  device(secureCmd);
  secureCmd->add_option("uid", args->uid, "the tag's UID in hex")->required();
  secureCmd->callback([args, haveDevice, &exitCode] {
    if (!haveDevice("lasis reader secure")) return void(exitCode = 2);
    exitCode = security(*args, true);
  });

  auto* unsecureCmd = group->add_subcommand("unsecure", "mark an item as on loan (the gate lets it pass)\n"
      "  e.g. lasis reader unsecure --device pn532_uart:/dev/ttyUSB0 04A1B2C3D4E5F6");
  device(unsecureCmd);
  unsecureCmd->add_option("uid", args->uid, "the tag's UID in hex")->required();
  unsecureCmd->callback([args, haveDevice, &exitCode] {
    if (!haveDevice("lasis reader unsecure")) return void(exitCode = 2);
    exitCode = security(*args, false);
  });

  auto* writeCmd = group->add_subcommand("write", "program an item tag (ISO 28560-3, secured)\n"
      "  e.g. lasis reader write --device nfc:pn532_uart:/dev/ttyUSB0 04A1B2C3D4E5F6 --item 30512004815473 --isil DK-710100");
  device(writeCmd);
  writeCmd->add_option("uid", args->uid, "the tag's UID in hex")->required();
  writeCmd->add_option("--item", args->item, "the item id (barcode number)")->required();
  writeCmd->add_option("--parts", args->parts, "parts in the set")->check(CLI::Range(1, 255));
  writeCmd->add_option("--ordinal", args->ordinal, "which part this tag is")->check(CLI::Range(1, 255));
  writeCmd->add_option("--isil", args->isil, "owner library ISIL, e.g. DK-710100");
  writeCmd->add_flag("--force", args->force, "overwrite a tag that already holds data (without it such a tag is refused)");
  writeCmd->callback([args, haveDevice, &exitCode] {
    if (!haveDevice("lasis reader write")) return void(exitCode = 2);
    exitCode = write(*args);
  });
}

} // namespace lasis::cli
