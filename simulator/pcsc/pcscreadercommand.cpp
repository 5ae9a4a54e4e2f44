// `lasis-sim reader --pcsc`: an ISO 15693 reader with ICODE SLIX tags, presented to pcscd through
// vsmartcard-vpcd so unmodified PC/SC clients (pcsc_scan, Lasis's PC/SC driver) reach it.
//
// Contract (tests and scripts rely on it):
//   lasis-sim reader --pcsc [--slot 0|1] [--tag icode-slix:UID[:ITEM_ID]]... [--isil CC-xxxx]
//     prints {"device":"reader","pcsc":"Virtual PCD 00 0<slot>","control":"tcp://127.0.0.1:PORT"}
//     once vpcd accepted the connection, and runs until SIGTERM. Tags start secured (AFI 0x07,
//     EAS set), DSFID 0x00, with the item id encoded as ISO 28560-3.
//   Control requests (one JSON object per line):
//     {"cmd":"place","uid":"E004…","item":"…","isil":"…","afi":7,"eas":true,"dsfid":0,
//      "reversed":false,"memory":"HEX"}            place a tag (all but uid optional)
//     {"cmd":"remove","uid":"E004…"}                 take a tag out of the field
//     {"cmd":"list"}                                 → {"tags":[{"uid","afi","eas","dsfid"}…]}
//     {"cmd":"tag","uid":"E004…"}                    → {"uid","afi","eas","dsfid","memory"}
//     {"cmd":"fault","uid":"E004…","afi":"fails"|"lost"|"none"}
//        fails: WRITE AFI answers an error; lost: it answers success but keeps the old AFI
//     {"cmd":"stats"}                                → {"apdus":N}
// pcscd sees a card while at least one tag is in the field (the connection to vpcd is open).
#include "simulator/pcsc/pcscreadercommand.h"

#include "common/core/asio.h"
#include "common/tagdata/tagdata.h"
#include "simulator/control/controlargs.h"
#include "simulator/control/controlserver.h"
#include "simulator/pcsc/pcscfield.h"
#include "simulator/pcsc/vpcdlink.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace lasis::sim {

namespace {

Result<std::uint64_t> parseUid(const std::string& text) {
  auto bytes = fromHex(text);
  if (!bytes || bytes->size() != 8 || (*bytes)[0] != 0xE0)
    return fail(Errc::parse, fmt::format("'{}' is not an ISO 15693 UID (16 hex digits, E0…)", text));
  std::uint64_t uid = 0;
  for (auto b : *bytes) uid = (uid << 8) | b;
  return uid;
}

std::string uidText(std::uint64_t uid) { return fmt::format("{:016X}", uid); }

Bytes reverseBlocks(Bytes m) {
  for (std::size_t i = 0; i + 4 <= m.size(); i += 4) std::reverse(m.begin() + i, m.begin() + i + 4);
  return m;
}

/// Builds a tag from a place request or a --tag spec; errors name the bad field.
Result<SlixTag> makeTag(const Json& spec) {
  auto uid = parseUid(spec.value("uid", std::string{}));
  if (!uid) return uid.error();
  SlixTag tag(*uid);
  auto afi = intField(spec, "afi", 0x07, 0, 255);
  auto eas = boolField(spec, "eas", true);
  auto dsfid = intField(spec, "dsfid", 0x00, 0, 255);
  auto reversed = boolField(spec, "reversed", false);
  for (const auto* e : {afi ? nullptr : &afi.error(), eas ? nullptr : &eas.error(), dsfid ? nullptr : &dsfid.error(),
                        reversed ? nullptr : &reversed.error()})
    if (e) return *e;
  tag.setAfi(static_cast<std::uint8_t>(*afi));
  tag.setEas(*eas);
  tag.setDsfid(static_cast<std::uint8_t>(*dsfid));
  Bytes memory;
  if (spec.contains("memory")) {
    auto m = fromHex(spec.value("memory", std::string{}));
    if (!m) return m.error().context("memory");
    memory = std::move(*m);
  } else if (spec.contains("item")) {
    tagdata::ItemData item;
    item.itemId = spec.value("item", std::string{});
    item.owner = spec.value("isil", std::string{});
    auto enc = tagdata::encode(item, SlixTag::kBlocks * SlixTag::kBlockSize);
    if (!enc) return enc.error().context("encoding item " + item.itemId);
    memory = std::move(*enc);
  }
  if (*reversed) memory = reverseBlocks(std::move(memory));
  tag.setMemory(memory);
  return tag;
}

Json describe(const SlixTag& t) {
  return {{"uid", uidText(t.uid())}, {"afi", t.afi()}, {"eas", t.eas()}, {"dsfid", t.dsfid()}};
}


} // namespace

int runPcscReader(const PcscReaderOptions& args, const std::vector<std::string>& tagSpecs) {
  if (args.slot < 0 || args.slot > 1) {
    std::cerr << "lasis-sim reader: --slot must be 0 or 1 (vpcd offers two readers)\n";
    return 2;
  }
  boost::asio::io_context io;
  PcscField field;
  for (const auto& spec : tagSpecs) {
    // icode-slix:UID[:ITEM_ID]
    const auto c1 = spec.find(':');
    if (c1 == std::string::npos || spec.substr(0, c1) != "icode-slix") {
      std::cerr << "lasis-sim reader: --tag '" << spec << "': expected icode-slix:UID[:ITEM_ID]\n";
      return 2;
    }
    const auto c2 = spec.find(':', c1 + 1);
    Json j{{"uid", spec.substr(c1 + 1, c2 == std::string::npos ? std::string::npos : c2 - c1 - 1)}};
    if (c2 != std::string::npos) {
      j["item"] = spec.substr(c2 + 1);
      j["isil"] = args.isil;
    }
    auto tag = makeTag(j);
    if (!tag) {
      std::cerr << "lasis-sim reader: --tag '" << spec << "': " << tag.error().message() << "\n";
      return 2;
    }
    field.place(std::move(*tag));
  }

  VpcdLink link(io, args.vpcdHost, vpcdPort(args.slot), PcscField::atr(),
                [&field](ByteView apdu) { return field.handleApdu(apdu); });
  link.setQuickAck(!args.noQuickAck);
  auto updatePresence = [&] { link.setPresent(!field.tags().empty()); };

  ControlServer control(io, [&](const Json& req) -> Json {
    const auto cmd = req.value("cmd", std::string{});
    if (cmd == "place") {
      auto tag = makeTag(req);
      if (!tag) return {{"ok", false}, {"error", tag.error().message()}};
      Json d = describe(*tag);
      field.place(std::move(*tag));
      updatePresence();
      return d;
    }
    if (cmd == "remove" || cmd == "tag" || cmd == "fault") {
      auto uid = parseUid(req.value("uid", std::string{}));
      if (!uid) return {{"ok", false}, {"error", uid.error().message()}};
      if (cmd == "remove") {
        if (!field.remove(*uid)) return {{"ok", false}, {"error", "no tag " + uidText(*uid) + " in the field"}};
        updatePresence();
        return Json::object();
      }
      SlixTag* t = field.find(*uid);
      if (!t) return {{"ok", false}, {"error", "no tag " + uidText(*uid) + " in the field"}};
      if (cmd == "tag") {
        Json d = describe(*t);
        d["memory"] = toHex(t->memory());
        return d;
      }
      const auto kind = req.value("afi", std::string{"none"});
      if (kind == "fails") t->setAfiFault(SlixTag::AfiFault::fails);
      else if (kind == "lost") t->setAfiFault(SlixTag::AfiFault::lost);
      else if (kind == "none") t->setAfiFault(SlixTag::AfiFault::none);
      else return {{"ok", false}, {"error", "fault afi must be fails, lost or none"}};
      return Json::object();
    }
    if (cmd == "list") {
      Json tags = Json::array();
      for (const auto& [uid, t] : field.tags()) tags.push_back(describe(t));
      return {{"tags", tags}};
    }
    if (cmd == "stats") return {{"apdus", field.apduCount()}};
    return {{"ok", false}, {"error", "unknown command '" + cmd + "' (place, remove, list, tag, fault, stats)"}};
  });

  // Ready once vpcd has accepted us: before that pcscd would not list a card. With an empty
  // field the first connection only proves vpcd is there and is dropped again.
  bool announced = false;
  const std::string readerName = fmt::format("Virtual PCD 00 {:02}", args.slot);
  link.onConnected([&] {
    if (!announced) {
      announced = true;
      ReadyLine ready;  // key order as documented: device, pcsc, control
      ready["device"] = "reader";
      ready["pcsc"] = readerName;
      ready["control"] = control.url();
      std::cout << ready.dump() << std::endl;  // endl flushes: a script is waiting for this line
    }
    updatePresence();
  });
  link.setPresent(true);
  return runUntilSignal(io);
}

std::shared_ptr<PcscReaderOptions> addPcscReaderOptions(CLI::App& cmd) {
  auto args = std::make_shared<PcscReaderOptions>();
  cmd.add_flag("--pcsc", args->enabled,
               "an ISO 15693 reader presented to pcscd through vsmartcard-vpcd (tags: icode-slix:UID[:ITEM_ID])");
  cmd.add_option("--slot", args->slot, "with --pcsc: vpcd reader slot 0 (port 35963) or 1 (port 35964)");
  cmd.add_option("--isil", args->isil, "with --pcsc: owner library (CC-xxxx) written into tags with an item id");
  cmd.add_option("--vpcd-host", args->vpcdHost, "with --pcsc: where vpcd listens")->capture_default_str();
  cmd.add_flag("--no-quickack", args->noQuickAck,
               "with --pcsc: do not set TCP_QUICKACK (benchmark only: shows the ~40 ms per APDU it saves)");
  return args;
}

} // namespace lasis::sim
