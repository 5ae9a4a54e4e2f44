#pragma once
// Barcode and QR scanners (issue 20): what a scan is, and the one interface every scanner
// backend implements (USB HID "keyboard wedge" scanners through evdev, serial scanners over
// CDC-ACM or RS-232). The kiosk sees only this, so a scanner is swapped by changing a URL, as a
// reader is (common/rfid/tagreader.h). What a scan *means* (a card of which library, an item, a
// staff card) is decided by the network's card rules (common/scan/cardrules.h).

#include "common/core/result.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace lasis::scan {

/// The symbologies kiosk scanners are set up for. The scanner decodes them; we learn which one
/// from the AIM symbology identifier ("]C0", ISO/IEC 15424) when the scanner is set to send it.
enum class Symbology {
  unknown,     ///< the scanner sent no identifier
  code39,      ///< ]A
  code128,     ///< ]C
  codabar,     ///< ]F
  ean13,       ///< ]E (EAN/UPC family)
  itf,         ///< ]I  Interleaved 2 of 5
  qr,          ///< ]Q
  datamatrix,  ///< ]d
  other,       ///< an identifier we do not use (PDF417 ]L, Aztec ]z, …)
};
std::string_view toString(Symbology s);
std::optional<Symbology> symbologyFromString(std::string_view name);

/// One decoded code as a scanner delivered it.
struct Scan {
  std::string text;  ///< the content: prefix, suffix and AIM identifier removed, start/stop kept
  Symbology symbology = Symbology::unknown;
  std::string source;  ///< the scanner's URL (for logs and `lasis scanner listen`)
};

/// Splits an AIM symbology identifier ("]" + code letter + modifier digit) off a raw code.
/// Text without one comes back whole, with Symbology::unknown.
Scan parseAim(std::string_view raw);

/// Longest code a scanner may deliver before its suffix (a QR with a long URL fits; a scanner
/// stuck in a loop does not).
inline constexpr std::size_t kMaxCodeLength = 1024;

/// A barcode/QR scanner. Blocking; one caller at a time (the kiosk runs each in its own thread).
class Scanner {
public:
  virtual ~Scanner() = default;
  /// The URL this scanner was opened with.
  virtual std::string address() const = 0;
  /// Waits up to `wait` for one complete code (its suffix seen). nullopt: none came in that time.
  /// Errors, after each of which the scanner keeps working:
  ///  * Errc::disconnected: the device is gone (unplugged, or never there); a code in progress is
  ///    dropped. The next call tries to open it again, so a scanner plugged back in is found
  ///    without a restart.
  ///  * Errc::invalidArgument: a code was garbage (control bytes, a key no layout knows) or longer
  ///    than kMaxCodeLength; it is dropped whole, the next code is read normally.
  virtual Result<std::optional<Scan>> next(std::chrono::milliseconds wait) = 0;
};

} // namespace lasis::scan
