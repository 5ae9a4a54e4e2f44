#include "kiosk/runtime/kioskmetrics.h"

#include "common/metrics/promtext.h"

#include <algorithm>

namespace lasis::kiosk {

namespace {
using circulation::Action;
using circulation::Outcome;
using circulation::SessionEndReason;

// The label values each counter can take, written out at 0 before their first event. Only the
// real combinations: the outcomes a login can end in (LoginOutcome::reason), and "offline" only
// for the two actions the engine records offline (checkout and checkin).
constexpr Outcome kLoginOutcomes[] = {Outcome::ok,           Outcome::blocked,        Outcome::wrongPin,
                                      Outcome::unknownCard,  Outcome::unreadableCard, Outcome::noCard,
                                      Outcome::ilsUnreachable, Outcome::busy,         Outcome::outOfOrder};
constexpr Action kActions[] = {Action::checkout, Action::checkin, Action::renew, Action::holdPlace, Action::holdCancel,
                               Action::status};
constexpr SessionEndReason kSessionEnds[] = {SessionEndReason::done, SessionEndReason::timeout,
                                             SessionEndReason::cardRemoved};
} // namespace

KioskMetrics::KioskMetrics(circulation::CirculationListener& next, const Clock& clock)
    : m_next(next), m_clock(clock), m_startedAt(clock.now()) {
  for (auto o : kLoginOutcomes) m_logins[std::string(circulation::toString(o))] = 0;
  for (auto a : kActions) {
    const std::string action(circulation::toString(a));
    m_items[{action, "ok"}] = 0;
    m_items[{action, "refused"}] = 0;
    if (a == Action::checkout || a == Action::checkin) m_items[{action, "offline"}] = 0;
  }
  for (auto r : kSessionEnds) m_sessionEnds[std::string(circulation::toString(r))] = 0;
}

KioskMetrics::~KioskMetrics() {
  m_io.stop();
  if (m_thread.joinable()) m_thread.join();
}

Status KioskMetrics::serve(const std::string& listen, queue::QueueStore& store) {
  m_store = &store;
  m_modeSince = m_clock.monotonic();
  auto server = metrics::MetricsServer::start(m_io, listen, [this] { return render(); },
                                               [this] { return health(); });
  if (!server) return server.error();
  m_server = std::move(*server);
  m_thread = std::thread([this] {
    auto work = boost::asio::make_work_guard(m_io);
    m_io.run();
  });
  return {};
}

void KioskMetrics::onLogin(const circulation::LoginOutcome& o) {
  {
    std::lock_guard lock(m_mutex);
    m_logins[std::string(circulation::toString(o.reason))] += 1;
  }
  m_next.onLogin(o);
}

void KioskMetrics::onItemOutcome(const circulation::ItemOutcome& o) {
  {
    std::lock_guard lock(m_mutex);
    m_items[{std::string(circulation::toString(o.action)), o.ok ? (o.provisional ? "offline" : "ok") : "refused"}] += 1;
  }
  m_next.onItemOutcome(o);
}

void KioskMetrics::onModeChanged(const circulation::ModeChange& m) {
  {
    std::lock_guard lock(m_mutex);
    const auto now = m_clock.monotonic();
    if (m_mode != circulation::Mode::online) m_offlineSeconds += std::chrono::duration<double>(now - m_modeSince).count();
    m_mode = m.mode;
    m_modeSince = now;
    m_fault = m.fault;
  }
  m_next.onModeChanged(m);
}

void KioskMetrics::onSessionEnded(circulation::SessionEndReason why) {
  {
    std::lock_guard lock(m_mutex);
    m_sessionEnds[std::string(circulation::toString(why))] += 1;
  }
  m_next.onSessionEnded(why);
}

void KioskMetrics::onStaffAlert(const circulation::StaffAlert& a) {
  {
    std::lock_guard lock(m_mutex);
    m_staffAlerts += 1;
  }
  m_next.onStaffAlert(a);
}

void KioskMetrics::onMessage(circulation::Outcome code, const std::string& text) {
  if (code == circulation::Outcome::readerError) {
    std::lock_guard lock(m_mutex);
    m_readerErrors += 1;
  }
  m_next.onMessage(code, text);
}

void KioskMetrics::staffCallRaised() {
  std::lock_guard lock(m_mutex);
  m_staffCalls += 1;
}

void KioskMetrics::setStaffCallWaiting(bool waiting) {
  std::lock_guard lock(m_mutex);
  m_staffCallWaiting = waiting;
}

std::string KioskMetrics::render() {
  metrics::PromText t;
  t.buildInfo();
  t.gauge("process_start_time_seconds", "Start time of the process since the unix epoch in seconds",
          std::chrono::duration<double>(m_startedAt.time_since_epoch()).count());
  {
    std::lock_guard lock(m_mutex);
    for (const auto& [reason, n] : m_logins)
      t.counter("lasis_kiosk_logins_total", "Identifications at the kiosk by outcome", n, {{"outcome", reason}});
    for (const auto& [key, n] : m_items)
      t.counter("lasis_kiosk_items_total", "Items handled, by action and outcome (offline: recorded, to be confirmed)", n,
                {{"action", key.first}, {"outcome", key.second}});
    for (const auto& [reason, n] : m_sessionEnds)
      t.counter("lasis_kiosk_sessions_total", "Sessions ended, by how", n, {{"end", reason}});
    double offline = m_offlineSeconds;
    if (m_mode != circulation::Mode::online)
      offline += std::chrono::duration<double>(m_clock.monotonic() - m_modeSince).count();
    t.counter("lasis_kiosk_offline_seconds_total", "Time the library system was unreachable", offline);
    t.gauge("lasis_kiosk_online", "1 while the library system answers", m_mode == circulation::Mode::online ? 1 : 0);
    // Out of order, by why: a pulled reader, a refused SIP2 login (a configuration fault to alert
    // on, not an outage), a read-only database; "other" for a journal that could not be written.
    for (const char* part : {"reader", "ils-login", "queue", "other"}) {
      const bool on = m_mode == circulation::Mode::outOfOrder && (m_fault == part || (m_fault.empty() && std::string(part) == "other"));
      t.gauge("lasis_kiosk_out_of_order", "1 while the kiosk is out of order, by the part at fault", on ? 1 : 0, {{"fault", part}});
    }
    t.counter("lasis_kiosk_reader_errors_total", "Times the pad did not answer", m_readerErrors);
    t.counter("lasis_kiosk_staff_alerts_total", "Items staff had to look at", m_staffAlerts);
    t.counter("lasis_kiosk_staff_calls_total", "Times a patron pressed Call staff (a second press while one waits is not counted)",
              m_staffCalls);
    t.gauge("lasis_kiosk_staff_call_waiting", "1 while a patron's staff call waits for staff", m_staffCallWaiting ? 1 : 0);
  }
  if (m_store) {
    if (auto s = m_store->stats()) {
      t.gauge("lasis_kiosk_queue_depth", "Transactions waiting for the library system", double(s->pending + s->sending + s->uncertain));
      t.gauge("lasis_kiosk_queue_exceptions", "Replays the library system refused, for staff", double(s->openExceptions));
      // The alert that matters most: a transaction recorded offline that has not reached the
      // library system for hours (a queue that is stuck, not merely long).
      const double age = s->oldestUnsynced
                             ? std::max(0.0, std::chrono::duration<double>(m_clock.now() - *s->oldestUnsynced).count())
                             : 0.0;
      t.gauge("lasis_kiosk_queue_oldest_unsynced_age_seconds",
              "Age of the oldest transaction not yet confirmed by the library system (0 when none waits)", age);
    }
  }
  return t.text();
}

std::string KioskMetrics::health() {
  std::lock_guard lock(m_mutex);
  if (m_mode != circulation::Mode::outOfOrder) return {};  // offline still lends: it serves
  return "out of order: " + (m_fault.empty() ? std::string("other") : m_fault);
}

} // namespace lasis::kiosk
