#pragma once
// A simulated barcode/QR scanner as a device of lasis-sim, at the wire level of both kinds of
// scanner the drivers read:
//   * serial: a pty with a symlink (like the readers), bytes framed with the prefix and suffix
//     a real scanner is set to; read by drivers/scanner/serialscanner as serial:LINK?…
//   * events: a FIFO of `struct input_event` records, the keys a keyboard-wedge scanner set to
//     a layout presses (Shift, AltGr); read by drivers/scanner/evdevscanner as evdev:PATH?…
//     (the evdev-shaped stream for machines without /dev/uinput).
// Either or both; every command goes to each. Control commands (JSON lines):
//   {"cmd":"scan","code":"…"[,"aim":"]C0"][,"suffix":"LF"]}  one code (suffix: serial only,
//      overrides the configured one for this code)
//   {"cmd":"partial","code":"…"}  a code's start without its end (then unplug: pulled mid-code)
//   {"cmd":"garbage","bytes_hex":"…"}  serial: these bytes, framed; events: each byte pressed
//      as a key code; then the suffix, so the driver sees one bad code
//   {"cmd":"noise","bytes_hex":"…"}  serial only: bytes on the line outside any frame
//   {"cmd":"unplug"}  {"cmd":"replug"}  {"cmd":"status"}
// Every reply is {"ok":true,…} or {"ok":false,"error":"…"}.

#include "common/core/asio.h"
#include "common/core/result.h"
#include "drivers/scanner/keymap.h"
#include "simulator/control/controlserver.h"

#include <memory>
#include <string>

namespace lasis::sim {

/// A simulated scanner and its control commands.
class SimScanner {
public:
  struct Options {
    std::string serialLink;  ///< the pty's symlink; empty: no serial scanner
    std::string eventsPath;  ///< the FIFO of input events; empty: none
    drivers::KeyLayout layout = drivers::KeyLayout::us;
    std::string suffix = "CR";    ///< serial: CR, LF, CRLF, TAB, ETX, none; events: TAB → Tab, else Enter
    std::string prefix = "none";  ///< serial: STX or none
  };

  static Result<std::unique_ptr<SimScanner>> open(boost::asio::io_context& io, Options options);
  ~SimScanner();
  SimScanner(const SimScanner&) = delete;
  SimScanner& operator=(const SimScanner&) = delete;

  /// The URLs the drivers open this scanner with (empty when that side is off).
  std::string serialUrl() const;
  std::string eventsUrl() const;
  bool plugged() const { return m_plugged; }

  /// Handles one control request (runs on the io_context's thread).
  Json control(const Json& request);
  /// Runs the control lines of a scenario file: each line one request, optionally with
  /// "at_ms": N (milliseconds after start). Errors name the file and line.
  Status loadScenario(const std::string& path);

private:
  class Outlet;
  SimScanner(boost::asio::io_context& io, Options options);
  Status plug();
  void unplug();
  /// Sends one code (or its start) to each side. `keys`: the events side presses these key
  /// codes instead of typing `text` (garbage).
  Json send(const std::string& text, bool complete, const std::string& suffixOverride, const std::string* rawKeys);

  boost::asio::io_context& m_io;
  Options m_options;
  std::unique_ptr<Outlet> m_serial;
  std::unique_ptr<Outlet> m_events;
  int m_slave = -1;  ///< held open so the pty master never reads EIO before the driver opens it
  bool m_plugged = false;
  long m_scans = 0;
  std::shared_ptr<int> m_alive = std::make_shared<int>(0);
};

} // namespace lasis::sim
