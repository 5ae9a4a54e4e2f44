#pragma once
// The kiosk's counters for Prometheus ([metrics] listen): sessions, items by what happened to
// them, time spent offline, queue depth and the age of its oldest unsynced transaction, device
// faults; /healthz on the same listener says whether the kiosk serves. Every label value a
// counter can take is there at 0 from the first scrape, so rate() and alerts work at once. A listener placed between the engine and
// the screen (or the headless runner) counts every event on its way through; nothing about
// patrons is counted, only how many.

#include "common/circulation/circulationlistener.h"
#include "common/core/clock.h"
#include "drivers/metrics/metricsserver.h"
#include "common/queue/queuestore.h"

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

namespace lasis::kiosk {

/// Counts engine events and forwards each to the real listener.
class KioskMetrics final : public circulation::CirculationListener {
public:
  KioskMetrics(circulation::CirculationListener& next, const Clock& clock);
  ~KioskMetrics() override;

  /// Starts the HTTP endpoint on its own thread (the engine's never waits for a scrape).
  Status serve(const std::string& listen, queue::QueueStore& store);
  std::string url() const { return m_server ? m_server->url() : std::string(); }
  std::string render();
  /// Empty while the kiosk serves; else why not, naming the part at fault (/healthz 503).
  std::string health();

  void onLogin(const circulation::LoginOutcome& o) override;
  void onItemOutcome(const circulation::ItemOutcome& o) override;
  void onCountMismatch(int expected, int found) override { m_next.onCountMismatch(expected, found); }
  void onModeChanged(const circulation::ModeChange& m) override;
  void onWarning(const circulation::SessionWarning& w) override { m_next.onWarning(w); }
  void onAccount(const ils::PatronAccount& a) override { m_next.onAccount(a); }
  void onReceipt(const circulation::Receipt& r) override { m_next.onReceipt(r); }
  void onSessionEnded(circulation::SessionEndReason why) override;
  void onStaffAlert(const circulation::StaffAlert& a) override;
  void onMessage(circulation::Outcome code, const std::string& text) override;
  void onPadProgress(int read, int total) override { m_next.onPadProgress(read, total); }

  /// A patron pressed "Call staff" (StaffCall): counted, and waiting until it is over.
  void staffCallRaised();
  void setStaffCallWaiting(bool waiting);

private:
  circulation::CirculationListener& m_next;
  const Clock& m_clock;
  std::mutex m_mutex;  // the engine's threads write, the metrics thread reads
  std::map<std::string, double> m_logins;                             // reason → count
  std::map<std::pair<std::string, std::string>, double> m_items;      // (action, ok|refused) → count
  std::map<std::string, double> m_sessionEnds;                        // reason → count
  double m_staffAlerts = 0, m_readerErrors = 0, m_offlineSeconds = 0, m_staffCalls = 0;
  bool m_staffCallWaiting = false;
  circulation::Mode m_mode = circulation::Mode::online;
  std::string m_fault;  ///< the part at fault while out of order (ModeChange::fault)
  Clock::Duration m_modeSince{0};
  Clock::TimePoint m_startedAt;  ///< wall time this object was made, at the kiosk's start
  queue::QueueStore* m_store = nullptr;
  boost::asio::io_context m_io;
  std::unique_ptr<metrics::MetricsServer> m_server;
  std::thread m_thread;
};

} // namespace lasis::kiosk
