// Model detection and the names shared by both models.
#include "common/tagdata/internal.h"

#include <algorithm>
#include <array>

namespace lasis::tagdata {

std::string_view toString(Model m) {
  return m == Model::iso28560_3 ? "iso28560-3" : "iso28560-2";
}

std::optional<Model> parseModel(std::string_view text) {
  if (text == "iso28560-3" || text == "3") return Model::iso28560_3;
  if (text == "iso28560-2" || text == "2") return Model::iso28560_2;
  return std::nullopt;
}

namespace detail {

Status checkIdentifier(std::string_view what, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x20 || b == 0x7F) {
      static constexpr char digits[] = "0123456789ABCDEF";
      const std::string hex{'0', 'x', digits[b >> 4], digits[b & 0xF]};
      return fail(Errc::corrupt, std::string(what) + " holds control character " + hex + " at position " +
                                     std::to_string(i + 1) + ": the tag data is damaged");
    }
  }
  return {};
}

} // namespace detail

namespace {
// ISO 28560-1 type of usage (main category); index = value.
constexpr std::array<std::string_view, 10> kUsageNames = {
    "acquisition", "circulating", "not-for-loan", "local-3",   "local-4",
    "reserved-5",  "no-information", "discarded", "patron",    "equipment"};
} // namespace

std::string usageName(std::uint8_t u) {
  if (u < kUsageNames.size()) return std::string(kUsageNames[u]);
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string s = "0x";
  if (u > 0xF) s.push_back(digits[u >> 4]);
  s.push_back(digits[u & 0xF]);
  return s;
}

std::optional<std::uint8_t> parseUsage(std::string_view text) {
  for (std::size_t i = 0; i < kUsageNames.size(); ++i)
    if (text == kUsageNames[i]) return static_cast<std::uint8_t>(i);
  if (text == "patron-card") return usage::patronCard;
  if (text.size() == 3 && (text.substr(0, 2) == "0x" || text.substr(0, 2) == "0X")) {
    const char c = text[2];
    if (c >= '0' && c <= '9') return static_cast<std::uint8_t>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<std::uint8_t>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<std::uint8_t>(c - 'A' + 10);
  }
  return std::nullopt;
}

Result<Decoded> decode(ByteView memory, std::optional<Model> model) {
  // A blank tag is its own answer: staff tag it, the kiosk does not call it damaged.
  if (std::all_of(memory.begin(), memory.end(), [](std::uint8_t b) { return b == 0; }))
    return fail(Errc::notFound, "blank tag: the tag memory holds no data (all bytes zero)");

  if (model == Model::iso28560_3) return detail::decode3(memory, false);
  if (model == Model::iso28560_2) return detail::decode2(memory);

  // A CRC that holds is the strongest evidence there is: one chance in 65536 for random data.
  if (memory.size() >= 32 &&
      (detail::crcMatches3(memory) || detail::crcMatches3(detail::reverseBlocks(memory))))
    return detail::decode3(memory, false);
  // ISO 28560-2 has no check of its own; only a parse that is clean from start to end counts,
  // and it must be corroborated: a content parameter that lists exactly the elements present, or
  // nothing but zeros after the data. Without that, a damaged -3 block such as 11 01 01 00 …
  // would parse as -2 item "1" followed by junk: a silently wrong item id.
  // A corroborated parse whose identifiers hold control characters is damaged -2 data (Errc::corrupt);
  // uncorroborated, it is no more -2 than any other stray parse.
  detail::Parse2Evidence evidence;
  auto two = detail::decode2(memory, &evidence);
  const bool corroborated = evidence.contentParameterMatches || evidence.cleanTail;
  if ((two.ok() || two.error().is(Errc::corrupt)) && corroborated) return two;
  if (two.ok() || two.error().is(Errc::corrupt))
    two = fail(Errc::parse, "ISO 28560-2 elements followed by stray data and no content parameter");
  // Damaged -3 data (or garbage): decode3 tells them apart by shape.
  auto three = detail::decode3(memory, true);
  if (three.ok() || !three.error().is(Errc::parse)) return three;
  if (two.error().is(Errc::truncated)) return two;
  return fail(Errc::parse, "not ISO 28560 data: neither an ISO 28560-3 block (" + three.error().message() +
                               ") nor ISO 28560-2 elements (" + two.error().message() + ")");
}

Result<Bytes> encode(const ItemData& item, std::size_t capacity) {
  return item.model == Model::iso28560_3 ? detail::encode3(item, capacity) : detail::encode2(item, capacity);
}

} // namespace lasis::tagdata
