// Readable fields of the optional data: ISO 28560-3 extension blocks and ISO 28560-2 optional
// data elements. Unknown ids keep their raw bytes only; nothing is ever dropped.
//
// Evidence for the -3 block layouts (ISO 28560-3 itself is not public): the data block ids and
// field order follow the open ISO 28560-3 implementation of TH Wildau's library
// (github.com/BibliothekTHWildau/ISO28560, ISO28560_3_*ExtensionBlock.java): id 1 library
// extension (media format byte, then 0x00-separated alternative item id and alternative owner),
// 2 acquisition, 3 library supplement, 4 title, 5 interlibrary loan, each a list of 0x00-ended
// texts in a fixed order. The -2 relative OIDs are the ISO 28560-1 data element numbers, which
// the same source quotes next to the -3 fields (media format 19, alternative item id 22, …).
#include "common/tagdata/internal.h"

#include <algorithm>
#include <array>

namespace lasis::tagdata {

namespace detail {

bool isPrintableAscii(ByteView bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b >= 0x20 && b <= 0x7E; });
}

namespace {
// Length of the UTF-8 sequence starting at s[i], or 0 when it is not well-formed.
std::size_t utf8Length(ByteView s, std::size_t i) {
  const std::uint8_t b = s[i];
  std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  if (n == 2 && b < 0xC2) return 0;  // overlong
  for (std::size_t k = 1; k < n; ++k)
    if ((s[i + k] & 0xC0) != 0x80) return 0;
  return n;
}
} // namespace

std::string toDisplayText(ByteView bytes) {
  bool utf8 = true;
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t n = utf8Length(bytes, i);
    if (n == 0) { utf8 = false; break; }
    i += n;
  }
  if (utf8) return std::string(bytes.begin(), bytes.end());
  std::string out;  // ISO 8859-1 → UTF-8
  for (auto b : bytes) {
    if (b < 0x80) {
      out.push_back(static_cast<char>(b));
    } else {
      out.push_back(static_cast<char>(0xC0 | (b >> 6)));
      out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
    }
  }
  return out;
}

bool isIsilText(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '/' || c == ':';
  });
}

bool splitIsil(const std::string& owner, std::string& country, std::string& library) {
  const auto dash = owner.find('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 >= owner.size() || !isIsilText(owner)) return false;
  country = owner.substr(0, dash);
  library = owner.substr(dash + 1);
  return true;
}

} // namespace detail

namespace {

struct Layout {
  std::uint16_t id;
  bool leadingMediaFormat;  ///< a fixed one-byte media format before the texts
  std::array<std::string_view, 6> names;
};

// -3 extension blocks: see the file comment for the evidence.
constexpr std::array<Layout, 5> kBlocks = {{
    {1, true, {"alternative_item_id", "alternative_owner"}},
    {2, false, {"supplier_id", "product_id_local", "order_number", "supplier_invoice_number",
                "gs1_product_id", "supply_chain_stage"}},
    {3, false, {"shelf_location", "marc_media_format", "onix_media_format", "subsidiary_owner"}},
    {4, false, {"title"}},
    {5, false, {"ill_borrowing_institution", "ill_transaction_number", "alternative_ill_borrowing_institution"}},
}};

// ISO 28560-1 data elements (the -2 relative OIDs); index = OID.
constexpr std::array<std::string_view, 27> kElementNames = {
    "",                    "item_id",           "content_parameter",     "owner",
    "set_information",     "usage",             "shelf_location",        "onix_media_format",
    "marc_media_format",   "supplier_id",       "order_number",          "ill_borrowing_institution",
    "ill_transaction_number", "gs1_product_id", "alternative_unique_item_id", "local_data_a",
    "local_data_b",        "title",             "product_id_local",      "media_format",
    "supply_chain_stage",  "supplier_invoice_number", "alternative_item_id", "alternative_owner",
    "subsidiary_owner",    "alternative_ill_borrowing_institution", "local_data_c"};

// ISO 28560-1 media format codes.
constexpr std::array<std::string_view, 7> kMediaFormats = {
    "undefined", "book", "cd/dvd", "magnetic tape", "other", "other, careful handling",
    "small item, special handling"};

std::string mediaFormatName(std::uint8_t v) {
  return v < kMediaFormats.size() ? std::string(kMediaFormats[v]) : "0x" + toHex(ByteView(&v, 1));
}

std::string blockName(std::uint16_t id) {
  switch (id) {
    case 1: return "library";
    case 2: return "acquisition";
    case 3: return "library_supplement";
    case 4: return "title";
    case 5: return "interlibrary_loan";
    default: return "";
  }
}

} // namespace

Extension makeExtension(std::uint16_t id, Bytes data, Model model) {
  Extension e;
  e.id = id;
  e.data = std::move(data);
  const ByteView d = e.data;
  if (model == Model::iso28560_2) {
    if (id < kElementNames.size() && !kElementNames[id].empty()) {
      if (id == 19 && d.size() == 1) e.fields.emplace_back("media_format", mediaFormatName(d[0]));
      else e.fields.emplace_back(std::string(kElementNames[id]), detail::toDisplayText(d));
    }
    return e;
  }
  const auto layout = std::find_if(kBlocks.begin(), kBlocks.end(), [id](const Layout& l) { return l.id == id; });
  if (layout == kBlocks.end()) return e;
  e.fields.emplace_back("block", blockName(id));
  std::size_t p = 0;
  if (layout->leadingMediaFormat && !d.empty()) {
    if (d[0] != 0) e.fields.emplace_back("media_format", mediaFormatName(d[0]));
    p = 1;
  }
  for (auto name : layout->names) {
    if (name.empty() || p >= d.size()) break;
    const auto end = std::find(d.begin() + static_cast<std::ptrdiff_t>(p), d.end(), std::uint8_t{0});
    const auto text = d.subspan(p, static_cast<std::size_t>(end - (d.begin() + static_cast<std::ptrdiff_t>(p))));
    if (!text.empty()) e.fields.emplace_back(std::string(name), detail::toDisplayText(text));
    p += text.size() + 1;
  }
  return e;
}

} // namespace lasis::tagdata
