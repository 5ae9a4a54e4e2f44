#include "common/circulation/circulationconfig.h"

#include <algorithm>
#include <regex>

namespace lasis::circulation {

std::string_view toString(OfflineMode m) {
  switch (m) {
  case OfflineMode::off: return "off";
  case OfflineMode::returnsOnly: return "returns";
  case OfflineMode::returnsAndCheckouts: return "returns-and-checkouts";
  }
  return "off";
}

CirculationConfig CirculationConfig::fromConfig(ConfigDoc& doc) {
  CirculationConfig c;
  c.kioskId = doc.string("kiosk.id", c.kioskId);
  c.location = doc.string("kiosk.location", c.location);
  c.sessionTimeout = std::chrono::seconds(doc.integer("circulation.session_timeout", 60, 10, 3600));
  c.warningTime = std::chrono::seconds(doc.integer("circulation.warning_time", 20, 20, 600));
  c.concurrency = static_cast<int>(doc.integer("circulation.concurrency", c.concurrency, 1, 32));
  c.writeAttempts = static_cast<int>(doc.integer("circulation.write_attempts", c.writeAttempts, 1, 10));
  c.patronCardByUid = doc.boolean("circulation.patron_card_by_uid", c.patronCardByUid);
  c.confirmItemCount = doc.boolean("circulation.confirm_item_count", c.confirmItemCount);
  c.endOnCardRemoval = doc.boolean("circulation.end_on_card_removal", c.endOnCardRemoval);
  c.offline = OfflinePolicy::fromConfig(doc);
  const auto named = [&doc](const std::string& table, std::map<std::string, std::string>& into) {
    for (const auto& key : doc.tableArray(table)) {
      const auto code = doc.string(key + ".code", "");
      const auto name = doc.string(key + ".name", "");
      if (code.empty()) doc.addError(key + ".code", "needs the code the library system sends");
      else if (name.empty()) doc.addError(key + ".name", "needs the name the patron is told");
      else if (!into.emplace(code, name).second) doc.addError(key + ".code", "\"" + code + "\" is named twice");
    }
  };
  named("returns.bins", c.returnBins);
  const auto sign = [&doc](const std::string& labelKey, const std::string& colourKey) {
    Sign out{doc.string(labelKey, ""), doc.string(colourKey, "")};
    static const std::regex hex("#[0-9a-fA-F]{6}");
    if (!out.colour.empty() && !std::regex_match(out.colour, hex))
      doc.addError(colourKey, "\"" + out.colour + "\" is not a colour: write it as #rrggbb, as on the sign");
    const auto characters = std::count_if(out.label.begin(), out.label.end(), [](char ch) { return (ch & 0xC0) != 0x80; });
    if (characters > 12) doc.addError(labelKey, "is longer than a sign's label (12 characters)");
    return out;
  };
  c.trolleySign = sign("returns.trolley_sign", "returns.trolley_colour");
  c.boxSign = sign("returns.box_sign", "returns.box_colour");
  c.shelfSign = sign("returns.shelf_sign", "returns.shelf_colour");
  for (const auto& key : doc.tableArray("returns.bins")) {
    Sign s = sign(key + ".sign", key + ".colour");
    const auto code = doc.string(key + ".code", "");
    if (!code.empty() && (!s.label.empty() || !s.colour.empty())) c.binSigns[code] = s;
  }
  named("returns.branches", c.branchNames);
  c.network = scan::CardRules::fromConfig(doc);
  c.barcodeOnly = doc.choice("circulation.barcode_only_items", "lend", {"lend", "desk"}) == "desk"
                      ? BarcodeOnly::desk
                      : BarcodeOnly::lend;
  return c;
}

} // namespace lasis::circulation
