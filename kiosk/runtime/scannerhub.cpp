#include "kiosk/runtime/scannerhub.h"

#include <chrono>

namespace lasis::kiosk {

ScannerHub::ScannerHub(std::vector<std::string> urls, Opener open, Logger log)
    : m_urls(std::move(urls)), m_open(std::move(open)), m_log(std::move(log)) {
  for (const auto& u : m_urls) m_states.push_back({u, false, "not started"});
}

ScannerHub::~ScannerHub() {
  for (auto& t : m_threads) t.request_stop();
  m_threads.clear();  // joins
}

void ScannerHub::start(OnScan onScan) {
  m_onScan = std::move(onScan);
  for (std::size_t i = 0; i < m_urls.size(); ++i) {
    m_threads.emplace_back([this, i](std::stop_token stop) { run(i, stop); });
  }
}

std::vector<ScannerHub::State> ScannerHub::states() const {
  std::lock_guard lock(m_mutex);
  return m_states;
}

void ScannerHub::setState(std::size_t index, bool connected, std::string problem) {
  std::lock_guard lock(m_mutex);
  m_states[index].connected = connected;
  m_states[index].problem = std::move(problem);
}

void ScannerHub::run(std::size_t index, const std::stop_token& stop) {
  using namespace std::chrono_literals;
  const std::string& url = m_urls[index];
  std::unique_ptr<scan::Scanner> scanner;
  bool lostSaid = false;
  while (!stop.stop_requested()) {
    if (!scanner) {
      auto opened = m_open(url);
      if (!opened) {
        if (!lostSaid) m_log->warn("scanner {}: {}", url, opened.error().describe());
        lostSaid = true;
        setState(index, false, opened.error().message());
        for (int i = 0; i < 10 && !stop.stop_requested(); ++i) std::this_thread::sleep_for(100ms);
        continue;
      }
      scanner = std::move(*opened);
    }
    auto code = scanner->next(300ms);
    if (!code) {
      if (code.error().is(Errc::disconnected)) {
        // The driver reopens the device on its next call; say so once per outage, and do not spin.
        if (!lostSaid) m_log->warn("scanner {} lost: {}", url, code.error().message());
        lostSaid = true;
        setState(index, false, code.error().message());
        for (int i = 0; i < 5 && !stop.stop_requested(); ++i) std::this_thread::sleep_for(100ms);
      } else {
        m_log->info("scanner {}: a code was dropped: {}", url, code.error().message());
      }
      continue;
    }
    if (lostSaid) m_log->info("scanner {} connected", url);
    if (lostSaid || !m_states[index].connected) setState(index, true, {});
    lostSaid = false;
    if (*code && m_onScan) m_onScan(**code);
  }
}

} // namespace lasis::kiosk
