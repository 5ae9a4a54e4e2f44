#pragma once
// The keyboard layouts a USB HID ("keyboard wedge") scanner may be set to, as data: which
// character a Linux key code (linux/input-event-codes.h) gives with Shift and AltGr. A wedge
// scanner does not send characters, it presses keys as a keyboard of its configured layout
// would; we read those keys from evdev, below any layout the desktop has, so we must know the
// scanner's. The tables follow xkb-data's symbols files (us, lv, lt and ua "basic"/default
// variants), levels 1–4 = plain, Shift, AltGr, Shift+AltGr. The simulator types with the same
// tables, the driver reads with them; tests pin key positions from the xkb files so that a
// wrong table cannot pass by agreeing with itself.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lasis::drivers {

/// A scanner's keyboard layout. Names as in the URL (?layout=uk is Ukrainian, xkb "ua").
enum class KeyLayout { us, lv, lt, uk };
std::string_view toString(KeyLayout layout);
std::optional<KeyLayout> keyLayoutFromString(std::string_view name);

/// One key press that types a character: the key code and the modifiers held with it.
struct KeyStroke {
  std::uint16_t code = 0;
  bool shift = false;
  bool altGr = false;
  friend bool operator==(const KeyStroke&, const KeyStroke&) = default;
};

/// Whether the right Alt key is AltGr (ISO_Level3_Shift) on the layout; on "us" it is plain Alt,
/// so a key pressed with it is a command, not a character.
bool hasAltGr(KeyLayout layout);

/// The character (UTF-8) the key gives with these modifiers on the layout; empty when it gives
/// none (a modifier, a function key, a level the layout leaves empty). The number pad types its
/// digits and operators on every layout (NumLock on, as scanners that use it assume).
std::string_view keyChar(KeyLayout layout, std::uint16_t code, bool shift, bool altGr);

/// How to type one character (a single UTF-8 code point) on the layout, preferring the lowest
/// level and the main block over the number pad; nullopt when the layout has no key for it.
std::optional<KeyStroke> keyFor(KeyLayout layout, std::string_view character);

/// `text` cut into UTF-8 code points (a byte that starts no valid sequence is one "point" of
/// its own, so it reaches keyFor and is refused there).
std::vector<std::string> codePoints(std::string_view text);

} // namespace lasis::drivers
