#pragma once
// The library's own look on its kiosk ([ui] library_name, logo, accent, opening_hours): its name
// and logo on the welcome screen and the receipt, its colour on the primary buttons. A colour is
// taken only if patrons can still read it: white button text on it at 4.5:1 (WCAG 1.4.3) and the
// button against the screen's background at 3:1 (WCAG 1.4.11); else the kiosk refuses to start
// and says which ratio failed. Pure: no Qt (the headless runner and --check-config use it).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lasis::kiosk {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb&) const = default;
};

/// "#0b4f8a" or "#0B4F8A" (six hex digits after '#'); nothing else.
std::optional<Rgb> parseHexColour(std::string_view text);
/// "#0b4f8a".
std::string toHex(Rgb c);
/// WCAG 2 contrast ratio of two colours, 1 … 21.
double contrastRatio(Rgb a, Rgb b);

/// The colours the accent is read against (the normal theme's; high contrast keeps its own).
inline constexpr Rgb kButtonText{0xff, 0xff, 0xff};
inline constexpr Rgb kScreenBackground{0xf7, 0xf5, 0xf0};

/// Why an accent colour cannot be used, in words naming both ratios; nothing when it can.
std::optional<std::string> accentProblem(Rgb accent);

struct Brand {
  std::string libraryName;   ///< ui.library_name; empty: the screens say "the library"
  std::string logo;          ///< ui.logo: an SVG or PNG file; empty: none
  std::optional<Rgb> accent; ///< ui.accent; none: the theme's own blue
  std::string openingHours;  ///< ui.opening_hours, as the library writes it ("P–Pk 10–19, S 10–16")
};

} // namespace lasis::kiosk
