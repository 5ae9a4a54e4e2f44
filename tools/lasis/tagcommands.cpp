// `lasis tag decode|encode`: ISO 28560 tag data for technicians and scripts.
//
// Contract (scripts rely on it):
//   lasis tag decode <hex|-> [--model iso28560-3|iso28560-2]
//     prints one JSON object; exit 0 for a sound tag, 1 with a message on stderr for data that
//     cannot be decoded (blank, truncated, unsupported, garbage), 3 when the data decodes but its
//     CRC fails (the JSON is still printed, a warning on stderr says the tag is damaged).
//   lasis tag encode --model iso28560-3|iso28560-2 --item ID [--parts N] [--ordinal K]
//     [--isil CC-xxxx] [--usage circulating|not-for-loan|patron|…|0xN] [--size BYTES]
//     [--title TEXT] [--extension ID:HEX]…
//     prints the tag memory as upper-case hex; exit 1 with a message when the item cannot be
//     encoded.
#include "tools/lasis/commands.h"

#include "common/tagdata/tagdata.h"

#include <nlohmann/json.hpp>

#include <exception>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace lasis::cli {

namespace {

namespace td = lasis::tagdata;

constexpr int kExitCannotDecode = 1;
constexpr int kExitDamaged = 3;

nlohmann::ordered_json toJson(const td::Decoded& d) {
  nlohmann::ordered_json j;
  const auto& item = d.item;
  j["model"] = std::string(td::toString(item.model));
  j["version"] = item.version;
  j["item_id"] = item.itemId;
  j["parts"] = item.parts;
  j["ordinal"] = item.ordinal;
  j["set_ok"] = d.setOk;
  j["usage"] = td::usageName(item.usage);
  j["usage_code"] = item.usage;
  j["usage_qualifier"] = item.usageQualifier;  // -2 only (e.g. 3: not for issue while offline)
  j["owner"] = item.owner;
  j["crc_ok"] = d.crcOk;
  j["blocks_reversed"] = d.blocksReversed;
  auto exts = nlohmann::ordered_json::array();
  for (const auto& e : item.extensions) {
    nlohmann::ordered_json x;
    x["id"] = e.id;
    for (const auto& [name, value] : e.fields) x[name] = value;
    x["check_ok"] = e.checkOk;
    x["raw"] = toHex(e.data);
    exts.push_back(std::move(x));
  }
  j["extensions"] = std::move(exts);
  j["warnings"] = d.warnings;
  return j;
}

/// Options of `lasis tag decode`.
struct DecodeArgs {
  std::vector<std::string> hex;  // "11 01 01 …" pasted without quotes arrives as several words
  std::string model;
};

/// Options of `lasis tag encode`.
struct EncodeArgs {
  std::string model = "iso28560-3";
  std::string item;
  int parts = 1;
  int ordinal = 1;
  std::string isil;
  std::string usage = "circulating";
  std::size_t size = 34;
  std::string title;
  std::vector<std::string> extensions;  // "ID:HEX"
};

int runDecode(const DecodeArgs& a) {
  std::string text;
  for (const auto& word : a.hex) text += word;
  if (text.empty() || text == "-")
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  // Reader tools often print "0x…": accept it rather than send the technician back.
  const auto start = text.find_first_not_of(" \t\r\n");
  if (start != std::string::npos && text.compare(start, 2, "0x") == 0) text.erase(start, 2);
  else if (start != std::string::npos && text.compare(start, 2, "0X") == 0) text.erase(start, 2);
  auto bytes = fromHex(text);
  if (!bytes) {
    std::cerr << "lasis tag decode: " << bytes.error().describe() << "\n";
    return kExitCannotDecode;
  }
  std::optional<td::Model> model;
  if (!a.model.empty()) model = td::parseModel(a.model);
  auto d = td::decode(*bytes, model);
  if (!d) {
    std::cerr << "lasis tag decode: " << d.error().describe() << "\n";
    return kExitCannotDecode;
  }
  // Tag text may be anything: replace what is not UTF-8 rather than fail to print.
  std::cout << toJson(*d).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  for (const auto& w : d->warnings) std::cerr << "lasis tag decode: warning: " << w << "\n";
  if (!d->crcOk) {
    std::cerr << "lasis tag decode: the tag is damaged (CRC mismatch); do not trust its data\n";
    return kExitDamaged;
  }
  return 0;
}

int runEncode(const EncodeArgs& a) {
  td::ItemData item;
  item.model = *td::parseModel(a.model);  // validated by CLI11
  const auto usage = td::parseUsage(a.usage);
  if (!usage) {
    std::cerr << "lasis tag encode: unknown --usage \"" << a.usage
              << "\" (acquisition, circulating, not-for-loan, discarded, patron, equipment, or 0x0..0xF)\n";
    return 1;
  }
  item.usage = *usage;
  item.itemId = a.item;
  item.parts = a.parts;
  item.ordinal = a.ordinal;
  item.owner = a.isil;
  if (!a.title.empty()) {
    // -3: the title block (id 4); -2: the title element (OID 17).
    if (item.model == td::Model::iso28560_3)
      item.extensions.push_back(td::makeExtension(4, Bytes(a.title.begin(), a.title.end())));
    else
      item.extensions.push_back(td::makeExtension(17, Bytes(a.title.begin(), a.title.end()), item.model));
  }
  for (const auto& spec : a.extensions) {
    // ID:HEX — -3: data block id and payload; -2: relative OID and the value's bytes.
    const auto colon = spec.find(':');
    unsigned long id = 0;
    std::size_t used = 0;
    try {
      id = std::stoul(spec.substr(0, colon), &used, 0);
    } catch (const std::exception&) {
      used = 0;
    }
    auto data = colon == std::string::npos ? Result<Bytes>(fail(Errc::parse, "no ':'")) : fromHex(spec.substr(colon + 1));
    if (colon == std::string::npos || used != colon || id > 0xFFFF || !data) {
      std::cerr << "lasis tag encode: --extension \"" << spec << "\" is not ID:HEX (e.g. 4:4E696C73)\n";
      return 1;
    }
    item.extensions.push_back(td::makeExtension(static_cast<std::uint16_t>(id), std::move(*data), item.model));
  }
  auto bytes = td::encode(item, a.size);
  if (!bytes) {
    std::cerr << "lasis tag encode: " << bytes.error().describe() << "\n";
    return 1;
  }
  std::cout << toHex(*bytes) << "\n";
  return 0;
}

} // namespace

void addTagCommands(CLI::App& app, int& exitCode) {
  auto* tag = app.add_subcommand("tag", "ISO 28560 library tag data: decode and encode");
  tag->require_subcommand(1);
  const auto models = CLI::IsMember({"iso28560-3", "iso28560-2"});

  auto dargs = std::make_shared<DecodeArgs>();
  auto* dec = tag->add_subcommand("decode", "decode tag memory given as hex and print it as JSON\n"
                                  "  e.g. lasis tag encode --item 30512004815473 --isil LV-00001 | lasis tag decode");
  dec->add_option("hex", dargs->hex, "tag memory as hex (spaces, ':' and '-' allowed); '-' or none reads stdin");
  dec->add_option("--model", dargs->model, "force a data model instead of detecting it")->check(models);
  dec->callback([dargs, &exitCode] { exitCode = runDecode(*dargs); });

  auto eargs = std::make_shared<EncodeArgs>();
  auto* enc = tag->add_subcommand("encode", "encode an item and print the tag memory as hex\n"
                                  "  e.g. lasis tag encode --model iso28560-3 --item 30512004815473 --parts 1 --ordinal 1 --isil LV-00001");
  enc->add_option("--model", eargs->model, "data model")->check(models)->capture_default_str();
  enc->add_option("--item", eargs->item, "primary item id (barcode)")->required();
  enc->add_option("--parts", eargs->parts, "number of parts in the set")->capture_default_str();
  enc->add_option("--ordinal", eargs->ordinal, "which part this tag is (1-based)")->capture_default_str();
  enc->add_option("--isil", eargs->isil, "owner library ISIL, e.g. LV-00001");
  enc->add_option("--usage", eargs->usage, "type of usage: circulating, not-for-loan, patron, … or 0xN")
      ->capture_default_str();
  enc->add_option("--size", eargs->size, "tag user memory in bytes (-3: 32 or more)")->capture_default_str();
  enc->add_option("--title", eargs->title, "title to store (-3 title block, -2 title element)");
  enc->add_option("--extension", eargs->extensions,
                  "ID:HEX, repeatable: a raw -3 extension block (block id) or -2 element (relative OID)");
  enc->callback([eargs, &exitCode] { exitCode = runEncode(*eargs); });
}

} // namespace lasis::cli
