#pragma once
// A serial barcode/QR scanner (USB CDC-ACM /dev/ttyACM*, or RS-232 through an adapter):
//   serial:/dev/ttyACM0?baud=9600&suffix=CR|LF|CRLF|TAB|ETX|none&prefix=STX|none
// (defaults 9600, CR, none). Raw 8N1 at the baud. A code ends at its suffix; with suffix=none
// at 50 ms of silence (what such scanners leave between codes). With prefix=STX only bytes
// from an STX on belong to a code (line noise before it is dropped). The device is opened by
// path on every connect, so a scanner unplugged and plugged back (same udev name under
// /dev/lasis/) is found again by the next call to next().

#include "common/core/log.h"
#include "common/scan/scan.h"
#include "drivers/scanner/codeassembler.h"
#include "drivers/scanner/scannerurl.h"

#include <chrono>
#include <deque>
#include <memory>
#include <string>

namespace lasis::drivers {

/// A scanner on a serial line.
class SerialScanner : public scan::Scanner {
public:
  /// How a code is framed on the line.
  struct Settings {
    std::string path;
    int baud = 9600;
    std::string suffix = "\r";  ///< empty: a code ends at kSilence without bytes
    bool stxPrefix = false;
  };
  /// A code without a suffix ends after this much silence.
  static constexpr std::chrono::milliseconds kSilence{50};

  /// The URL's settings; Errc::config naming what is wrong.
  static Result<Settings> parseUrl(const std::string& url);
  /// Parses the URL; with `connectNow` also opens the device (Errc::disconnected when absent).
  static Result<std::unique_ptr<SerialScanner>> open(const std::string& url, Logger logger, bool connectNow);
  ~SerialScanner() override;

  std::string address() const override { return m_url; }
  Result<std::optional<scan::Scan>> next(std::chrono::milliseconds wait) override;
  /// Opens the device now if it is not open (Errc::disconnected when it is not there).
  Status connect();

private:
  SerialScanner(std::string url, Settings settings, Logger logger);
  void feed(const unsigned char* bytes, std::size_t n);
  void endCode();
  Failure lose(const std::string& why);
  void close();

  std::string m_url;
  Settings m_settings;
  Logger m_log;
  int m_fd = -1;
  CodeAssembler m_code;
  bool m_inFrame = false;     ///< prefix=STX: an STX was seen and the code has not ended
  std::size_t m_suffixSeen = 0;  ///< bytes of a multi-byte suffix (CRLF) matched so far
  std::chrono::steady_clock::time_point m_lastByte{};
  std::deque<Result<scan::Scan>> m_ready;
  bool m_absent = false;  ///< the last connect failed: the loss was reported already
};

} // namespace lasis::drivers
