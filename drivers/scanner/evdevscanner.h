#pragma once
// A USB HID ("keyboard wedge") scanner read from its evdev device, below the desktop:
//   evdev:/dev/input/by-id/usb-…-event-kbd?layout=us|lv|lt|uk&suffix=enter|tab
// (defaults us, enter). On a character device it takes EVIOCGRAB, so no keystroke of a scan
// ever reaches the UI (a search field, the PIN pad); a grab refused means another program holds
// it, and that is an error naming the device. On a FIFO or a regular file of `struct
// input_event` records (the simulator's stream where /dev/uinput is missing) there is nothing
// to grab. Key codes become characters through the scanner's layout (keymap.h); a key the
// layout does not know makes the code garbage. The device is opened by path on every connect,
// so a scanner plugged back in is found again by the next call to next().

#include "common/core/log.h"
#include "common/scan/scan.h"
#include "drivers/scanner/codeassembler.h"
#include "drivers/scanner/keymap.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

namespace lasis::drivers {

/// A keyboard-wedge scanner through evdev.
class EvdevScanner : public scan::Scanner {
public:
  struct Settings {
    std::string path;
    KeyLayout layout = KeyLayout::us;
    std::uint16_t suffixKey = 28;  ///< KEY_ENTER (or KEY_TAB); KEY_KPENTER ends a code too with enter
  };
  /// The URL's settings; Errc::config naming what is wrong.
  static Result<Settings> parseUrl(const std::string& url);
  /// Parses the URL; with `connectNow` also opens (and grabs) the device.
  static Result<std::unique_ptr<EvdevScanner>> open(const std::string& url, Logger logger, bool connectNow);
  ~EvdevScanner() override;

  std::string address() const override { return m_url; }
  Result<std::optional<scan::Scan>> next(std::chrono::milliseconds wait) override;
  /// Opens and grabs the device now if it is not open. Errc::disconnected when it is not there,
  /// Errc::busy when another program holds the grab.
  Status connect();
  /// True when the open device is grabbed (false for a FIFO or file, or when closed).
  bool grabbed() const { return m_grabbed; }

private:
  EvdevScanner(std::string url, Settings settings, Logger logger);
  void event(std::uint16_t type, std::uint16_t code, std::int32_t value);
  Failure lose(const std::string& why);
  void close();

  std::string m_url;
  Settings m_settings;
  Logger m_log;
  int m_fd = -1;
  bool m_grabbed = false;
  bool m_stream = false;  ///< a regular file: its end is "no more yet", not a lost device
  std::string m_partial;  ///< bytes of an input_event record not complete yet
  CodeAssembler m_code;
  unsigned m_shift = 0;    ///< bit per Shift key held
  bool m_altGr = false;    ///< right Alt (AltGr) held
  unsigned m_command = 0;  ///< bit per Ctrl, left Alt or Meta key held: a key is a command then
  std::deque<Result<scan::Scan>> m_ready;
  bool m_absent = false;
};

} // namespace lasis::drivers
