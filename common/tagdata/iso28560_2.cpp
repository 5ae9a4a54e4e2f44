// ISO 28560-2: the item as a list of ISO/IEC 15962 compacted data elements.
//
// Each element: a precursor byte (bit 7 offset flag, bits 6–4 compaction scheme, bits 3–0
// relative OID; OID 15 means the next byte holds OID − 15), then the offset byte when the flag
// is set (the number of filler bytes after the data, used to align elements on tag blocks), the
// data length, and the compacted data. A 0x00 precursor ends the data.
//   OID 1 primary item id (first, always)   2 content parameter (bitmap of OIDs 3…, MSB first)
//   3 owner ISIL (ISIL compaction)           4 set information ("<parts><ordinal>", equal widths)
//   5 type of usage (one byte: class << 4 | sub-qualifier)   6… optional elements (ISO 28560-1)
// Evidence: see compaction.cpp. The set information layout follows the GB/T 35660.2 example
// value "1203" quoted in DigitalPlatform/dp2's tests (part 3 of 12) and is the least certain
// rule here; a different layout on a real tag fails loudly (Errc::parse), never silently.
#include "common/tagdata/compaction.h"
#include "common/tagdata/internal.h"

#include <algorithm>
#include <map>
#include <optional>

namespace lasis::tagdata::detail {

namespace {

using compaction::Scheme;

constexpr int kItemId = 1, kContent = 2, kOwner = 3, kSet = 4, kUsage = 5, kIllBorrower = 11;

/// One data element as stored: where it starts, its OID, scheme and compacted bytes.
struct Element {
  int oid = 0;
  Scheme scheme = Scheme::applicationDefined;
  ByteView data;
  std::size_t at = 0;  // byte position of the precursor, for messages
};

bool isIsilElement(int oid) { return oid == kOwner || oid == kIllBorrower; }

Result<std::string> valueText(const Element& e) {
  if (e.scheme == Scheme::applicationDefined) {
    if (isIsilElement(e.oid)) return compaction::expandIsil(e.data);
    return std::string(e.data.begin(), e.data.end());  // binary, kept as stored
  }
  return compaction::expand(e.scheme, e.data);
}

Result<std::pair<int, int>> parseSet(const std::string& digits) {
  if (digits.empty() || digits.size() % 2 != 0 || digits.size() > 6 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return fail(Errc::parse, "set information \"" + digits + "\" is not <parts><ordinal> in digits of equal width");
  const auto half = digits.size() / 2;
  return std::pair{std::stoi(digits.substr(0, half)), std::stoi(digits.substr(half))};
}

std::string setDigits(int parts, int ordinal) {
  std::string p = std::to_string(parts), o = std::to_string(ordinal);
  o.insert(0, p.size() - o.size(), '0');  // ordinal ≤ parts, so never wider
  return p + o;
}

void appendElement(Bytes& out, int oid, Scheme scheme, const Bytes& data) {
  const std::uint8_t low = static_cast<std::uint8_t>(oid < 15 ? oid : 15);
  out.push_back(static_cast<std::uint8_t>((static_cast<unsigned>(scheme) << 4) | low));
  if (oid >= 15) out.push_back(static_cast<std::uint8_t>(oid - 15));
  out.push_back(static_cast<std::uint8_t>(data.size()));
  out.insert(out.end(), data.begin(), data.end());
}

Result<void> appendText(Bytes& out, int oid, std::string_view text) {
  Scheme scheme = compaction::bestScheme(text);
  Result<Bytes> data = Bytes{};
  if (isIsilElement(oid) && compaction::canCompactIsil(text)) {
    scheme = Scheme::applicationDefined;
    data = compaction::compactIsil(text);
  } else {
    data = compaction::compact(scheme, text);
  }
  if (!data) return data.error();
  if (data->size() > 255)
    return fail(Errc::invalidArgument, "data element " + std::to_string(oid) + " is longer than 255 bytes");
  appendElement(out, oid, scheme, *data);
  return {};
}

} // namespace

Result<Decoded> decode2(ByteView m, Parse2Evidence* evidence) {
  std::vector<Element> elements;
  Decoded out;
  std::size_t p = 0;
  bool terminated = false;
  while (p < m.size()) {
    Element e;
    e.at = p;
    const std::uint8_t pre = m[p++];
    if (pre == 0) { terminated = true; break; }
    const auto where = " (element at byte " + std::to_string(e.at) + ")";
    e.scheme = static_cast<Scheme>((pre >> 4) & 7);
    e.oid = pre & 0x0F;
    if (e.oid == 0) return fail(Errc::parse, "ISO 28560-2: relative OID 0 is not a data element" + where);
    if (elements.empty() && e.oid != kItemId)
      return fail(Errc::parse, "ISO 28560-2 data must start with the primary item id (OID 1), found OID " +
                                   std::to_string(e.oid));
    if (e.oid == 15) {
      if (p >= m.size()) return fail(Errc::truncated, "ISO 28560-2: memory ends inside a precursor" + where);
      e.oid = 15 + m[p++];
    }
    std::size_t filler = 0;
    if (pre & 0x80) {
      if (p >= m.size()) return fail(Errc::truncated, "ISO 28560-2: memory ends before the offset" + where);
      filler = m[p++];
    }
    if (p >= m.size()) return fail(Errc::truncated, "ISO 28560-2: memory ends before the length" + where);
    const std::size_t len = m[p++];
    if (len > m.size() - p)
      return fail(Errc::truncated, "ISO 28560-2: element " + std::to_string(e.oid) + " claims " + std::to_string(len) +
                                       " bytes, " + std::to_string(m.size() - p) + " remain" + where);
    e.data = m.subspan(p, len);
    p += len;
    // Filler past the end of what was read is harmless: nothing is lost.
    p += std::min(filler, m.size() - p);
    if (std::any_of(elements.begin(), elements.end(), [&](const Element& x) { return x.oid == e.oid; }))
      return fail(Errc::parse, "ISO 28560-2: data element " + std::to_string(e.oid) + " appears twice" + where);
    elements.push_back(e);
  }
  if (elements.empty())
    return fail(Errc::notFound, "blank tag: the ISO 28560-2 data ends before its first element");
  // The end of memory ends the data as well as a 0x00 precursor.
  const bool cleanTail = !terminated || std::all_of(m.begin() + static_cast<std::ptrdiff_t>(p), m.end(),
                                                    [](std::uint8_t b) { return b == 0; });

  ItemData& item = out.item;
  item.model = Model::iso28560_2;
  item.usage = usage::noInformation;
  std::vector<int> presentOptional;
  std::optional<Bytes> contentBitmap;
  // Held until the evidence is filled in: model detection still needs to know whether this was
  // -2 data (then it is damaged) or bytes that merely parsed.
  std::optional<Error> damaged;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const Element& e = elements[i];
    const auto where = " (element " + std::to_string(e.oid) + " at byte " + std::to_string(e.at) + ")";
    if (e.oid >= 3) presentOptional.push_back(e.oid);
    if (e.oid == kContent) {
      if (e.scheme != Scheme::applicationDefined)
        return fail(Errc::parse, "ISO 28560-2: the content parameter must be application-defined" + where);
      if (i != 1) out.warnings.push_back("the content parameter is not the second element");
      contentBitmap = Bytes(e.data.begin(), e.data.end());
      continue;
    }
    if (e.oid == kUsage) {
      // One byte whatever the scheme: octet 0x12, numeric "12" and integer 18 all store 0x12.
      if (e.data.size() != 1 || e.scheme == Scheme::fiveBit || e.scheme == Scheme::sixBit ||
          e.scheme == Scheme::sevenBit)
        return fail(Errc::parse, "ISO 28560-2: type of usage must be one byte" + where);
      item.usage = e.data[0] >> 4;
      item.usageQualifier = e.data[0] & 0x0F;
      continue;
    }
    auto text = valueText(e);
    if (!text) return text.error().context("ISO 28560-2" + where);
    if (e.oid == kItemId) {
      if (text->empty()) return fail(Errc::parse, "ISO 28560-2: the primary item id is empty" + where);
      item.itemId = *text;
      if (auto ok = checkIdentifier("the primary item id", *text); !ok && !damaged)
        damaged = ok.error().context("ISO 28560-2" + where);
    } else if (e.oid == kOwner) {
      item.owner = *text;
      if (auto ok = checkIdentifier("the owner ISIL", *text); !ok && !damaged)
        damaged = ok.error().context("ISO 28560-2" + where);
    } else if (e.oid == kSet) {
      auto set = parseSet(*text);
      if (!set) return set.error().context("ISO 28560-2" + where);
      item.parts = set->first;
      item.ordinal = set->second;
    } else {
      item.extensions.push_back(makeExtension(static_cast<std::uint16_t>(e.oid), Bytes(text->begin(), text->end()),
                                              Model::iso28560_2));
    }
  }
  if (item.parts == 0 || item.ordinal == 0 || item.ordinal > item.parts) {
    out.setOk = false;
    out.warnings.push_back("invalid set information: part " + std::to_string(item.ordinal) + " of " +
                           std::to_string(item.parts) + " (take the item to the desk)");
  }
  if (contentBitmap) {
    std::vector<int> announced;
    for (std::size_t bit = 0; bit < contentBitmap->size() * 8; ++bit)
      if ((*contentBitmap)[bit / 8] & (0x80 >> (bit % 8))) announced.push_back(static_cast<int>(bit) + 3);
    std::sort(presentOptional.begin(), presentOptional.end());
    if (announced != presentOptional)
      out.warnings.push_back("the content parameter does not list the elements present");
    else if (evidence)
      evidence->contentParameterMatches = true;
  }
  if (evidence) evidence->cleanTail = cleanTail;
  if (damaged) return fail(*damaged);
  return out;
}

Result<Bytes> encode2(const ItemData& item, std::size_t capacity) {
  if (item.itemId.empty()) return fail(Errc::invalidArgument, "the item id must not be empty");
  if (item.parts < 1 || item.parts > 255 || item.ordinal < 1 || item.ordinal > item.parts)
    return fail(Errc::invalidArgument, "set information must be 1 ≤ ordinal ≤ parts ≤ 255, got part " +
                                           std::to_string(item.ordinal) + " of " + std::to_string(item.parts));
  if (item.usage > 0xF || item.usageQualifier > 0xF)
    return fail(Errc::invalidArgument, "type of usage and its sub-qualifier are nibbles (0..15)");
  const bool writeUsage = !(item.usage == usage::noInformation && item.usageQualifier == 0);
  const bool writeSet = !(item.parts == 1 && item.ordinal == 1);

  // Optional elements by OID; ISO 28560-2 wants them after OID 1 and 2, we write them ascending.
  std::map<int, const Extension*> optional;
  for (const auto& e : item.extensions) {
    if (e.id <= kUsage || e.id > 15 + 255)
      return fail(Errc::invalidArgument, "ISO 28560-2 optional elements have OIDs 6 to 270, got " + std::to_string(e.id));
    if (!optional.emplace(e.id, &e).second)
      return fail(Errc::invalidArgument, "data element " + std::to_string(e.id) + " appears twice");
  }
  std::vector<int> present;
  if (!item.owner.empty()) present.push_back(kOwner);
  if (writeSet) present.push_back(kSet);
  if (writeUsage) present.push_back(kUsage);
  for (const auto& [oid, e] : optional) present.push_back(oid);

  Bytes out;
  if (auto r = appendText(out, kItemId, item.itemId); !r) return r.error();
  if (!present.empty()) {
    Bytes bitmap(static_cast<std::size_t>((present.back() - 3) / 8 + 1), 0);
    for (int oid : present) bitmap[static_cast<std::size_t>(oid - 3) / 8] |= static_cast<std::uint8_t>(0x80 >> ((oid - 3) % 8));
    appendElement(out, kContent, Scheme::applicationDefined, bitmap);
  }
  if (!item.owner.empty())
    if (auto r = appendText(out, kOwner, item.owner); !r) return r.error();
  if (writeSet)
    if (auto r = appendText(out, kSet, setDigits(item.parts, item.ordinal)); !r) return r.error();
  if (writeUsage)
    appendElement(out, kUsage, Scheme::octet, {static_cast<std::uint8_t>(item.usage << 4 | item.usageQualifier)});
  for (const auto& [oid, e] : optional) {
    const std::string text(e->data.begin(), e->data.end());
    const bool printable = std::all_of(text.begin(), text.end(), [](char c) {
      return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) != 0x7F;
    });
    if (printable && compaction::canCompact(Scheme::utf8, text)) {
      if (auto r = appendText(out, oid, text); !r) return r.error();
    } else {
      if (e->data.size() > 255) return fail(Errc::invalidArgument, "data element " + std::to_string(oid) + " is longer than 255 bytes");
      appendElement(out, oid, Scheme::octet, e->data);
    }
  }
  if (out.size() > capacity)
    return fail(Errc::invalidArgument, "the data needs " + std::to_string(out.size()) + " bytes; the tag has " +
                                           std::to_string(capacity));
  if (out.size() < capacity) out.push_back(0);  // ends the data
  return out;
}

} // namespace lasis::tagdata::detail
