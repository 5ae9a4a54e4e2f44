#include "common/core/bytes.h"

namespace lasis {

std::string toHex(ByteView bytes) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (auto b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0x0F]);
  }
  return out;
}

namespace {
int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
} // namespace

Result<Bytes> fromHex(std::string_view text) {
  Bytes out;
  out.reserve(text.size() / 2);
  int high = -1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == ':' || c == '-' || c == '\n' || c == '\t') {
      if (high >= 0) return fail(Errc::parse, "hex: separator inside a byte at position " + std::to_string(i));
      continue;
    }
    const int v = hexValue(c);
    if (v < 0) return fail(Errc::parse, "hex: invalid character at position " + std::to_string(i));
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>((high << 4) | v));
      high = -1;
    }
  }
  if (high >= 0) return fail(Errc::parse, "hex: odd number of digits");
  return out;
}

} // namespace lasis
