#include "kiosk/runtime/brand.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace lasis::kiosk {

std::optional<Rgb> parseHexColour(std::string_view text) {
  if (text.size() != 7 || text[0] != '#') return std::nullopt;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::uint8_t v[3];
  for (int i = 0; i < 3; ++i) {
    const int hi = digit(text[1 + 2 * i]), lo = digit(text[2 + 2 * i]);
    if (hi < 0 || lo < 0) return std::nullopt;
    v[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return Rgb{v[0], v[1], v[2]};
}

std::string toHex(Rgb c) {
  char s[8];
  std::snprintf(s, sizeof s, "#%02x%02x%02x", c.r, c.g, c.b);
  return s;
}

double contrastRatio(Rgb a, Rgb b) {
  auto luminance = [](Rgb c) {
    auto channel = [](std::uint8_t v8) {
      const double v = v8 / 255.0;
      return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  };
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

std::optional<std::string> accentProblem(Rgb accent) {
  const double text = contrastRatio(kButtonText, accent), screen = contrastRatio(accent, kScreenBackground);
  if (text >= 4.5 && screen >= 3.0) return std::nullopt;
  char s[200];
  std::snprintf(s, sizeof s, "%s is too light: white button text on it is %.1f:1 (needs 4.5:1), the button against the screen %.1f:1 (needs 3:1)",
                toHex(accent).c_str(), text, screen);
  return std::string(s);
}

} // namespace lasis::kiosk
