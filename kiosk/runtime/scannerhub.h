#pragma once
// The kiosk's barcode/QR scanners ([scanner] devices): one thread per scanner waits for codes and
// hands each to the kiosk's front end (the touchscreen or the headless runner), which passes it to
// the engine on the engine's own thread. A scanner that is unplugged is reported once and found
// again when it comes back (the driver reopens it); garbage is logged and the scanner goes on.

#include "common/core/log.h"
#include "common/core/result.h"
#include "common/scan/scan.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lasis::kiosk {

class ScannerHub {
public:
  using Opener = std::function<Result<std::unique_ptr<scan::Scanner>>(const std::string& url)>;
  using OnScan = std::function<void(const scan::Scan&)>;

  /// What one scanner is doing, for the staff screen and logs.
  struct State {
    std::string url;
    bool connected = false;
    std::string problem;  ///< why not, when not (empty when connected)
  };

  ScannerHub(std::vector<std::string> urls, Opener open, Logger log);
  ~ScannerHub();  ///< stops and joins every thread
  ScannerHub(const ScannerHub&) = delete;
  ScannerHub& operator=(const ScannerHub&) = delete;

  /// Starts the threads; every complete code goes to `onScan` (called on a scanner's thread).
  void start(OnScan onScan);
  std::vector<State> states() const;
  bool empty() const { return m_urls.empty(); }

private:
  void run(std::size_t index, const std::stop_token& stop);
  void setState(std::size_t index, bool connected, std::string problem);

  std::vector<std::string> m_urls;
  Opener m_open;
  Logger m_log;
  OnScan m_onScan;
  mutable std::mutex m_mutex;
  std::vector<State> m_states;
  std::vector<std::jthread> m_threads;
};

} // namespace lasis::kiosk
