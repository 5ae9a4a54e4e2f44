#include "common/scan/scan.h"

#include <array>
#include <utility>

namespace lasis::scan {

namespace {
// One table for both directions, so a name added here is parsed and printed alike.
constexpr std::array<std::pair<Symbology, std::string_view>, 9> kNames{{
    {Symbology::unknown, "unknown"},
    {Symbology::code39, "code39"},
    {Symbology::code128, "code128"},
    {Symbology::codabar, "codabar"},
    {Symbology::ean13, "ean13"},
    {Symbology::itf, "itf"},
    {Symbology::qr, "qr"},
    {Symbology::datamatrix, "datamatrix"},
    {Symbology::other, "other"},
}};

bool isAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool isAsciiAlnum(char c) { return isAsciiLetter(c) || (c >= '0' && c <= '9'); }

/// ISO/IEC 15424 code characters; they are case-sensitive (]d is Data Matrix, ]D is not).
Symbology fromAimLetter(char c) {
  switch (c) {
  case 'A': return Symbology::code39;
  case 'C': return Symbology::code128;
  case 'F': return Symbology::codabar;
  case 'E': return Symbology::ean13;
  case 'I': return Symbology::itf;
  case 'Q': return Symbology::qr;
  case 'd': return Symbology::datamatrix;
  default: return Symbology::other;
  }
}
} // namespace

std::string_view toString(Symbology s) {
  for (const auto& [sym, name] : kNames) {
    if (sym == s) return name;
  }
  return "unknown";
}

std::optional<Symbology> symbologyFromString(std::string_view name) {
  for (const auto& [sym, n] : kNames) {
    if (n == name) return sym;
  }
  return std::nullopt;
}

Scan parseAim(std::string_view raw) {
  Scan s;
  // "]" + code character (a letter) + one modifier character (0-9, A-Z; a few symbologies use
  // lower-case letters). Anything shorter or shaped otherwise is a code without an identifier: a
  // code that merely starts with "]" must come back whole, never lose characters.
  if (raw.size() >= 3 && raw[0] == ']' && isAsciiLetter(raw[1]) && isAsciiAlnum(raw[2])) {
    s.symbology = fromAimLetter(raw[1]);
    s.text = std::string(raw.substr(3));
  } else {
    s.text = std::string(raw);
  }
  return s;
}

} // namespace lasis::scan
