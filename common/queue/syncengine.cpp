#include "common/queue/syncengine.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <thread>

namespace lasis::queue {

namespace {

std::chrono::milliseconds ms(std::int64_t v) { return std::chrono::milliseconds(v); }

} // namespace

SyncConfig SyncConfig::fromConfig(ConfigDoc& doc) {
  SyncConfig c;
  c.kiosk = doc.string("queue.kiosk", c.kiosk);
  c.retryInitial = ms(doc.integer("queue.retry_initial_ms", 2000, 10, 3'600'000));
  c.retryMax = ms(doc.integer("queue.retry_max_ms", 300'000, 10, 86'400'000));
  c.retryJitter = doc.number("queue.retry_jitter", 0.2, 0.0, 0.9);
  c.seed = static_cast<std::uint64_t>(doc.integer("queue.seed", 0x1a515, 0, INT64_MAX));
  c.breaker.failureThreshold = static_cast<int>(doc.integer("queue.breaker_failures", 2, 1, 100));
  c.breaker.probeInterval = ms(doc.integer("queue.probe_interval_ms", 5000, 10, 3'600'000));
  c.breaker.maxProbeInterval = ms(doc.integer("queue.probe_interval_max_ms", 120'000, 10, 86'400'000));
  c.keepAlive = ms(doc.integer("queue.keepalive_ms", 60'000, 100, 3'600'000));
  c.retention = std::chrono::hours(24 * doc.integer("queue.retention_days", 30, 1, 3650));
  c.patronCacheKeep = std::chrono::hours(24 * doc.integer("queue.patron_cache_days", 30, 0, 3650));
  c.replayConcurrency = static_cast<int>(doc.integer("queue.replay_concurrency", 2, 1, 16));
  c.policy = OfflinePolicy::fromConfig(doc);
  return c;
}

SyncEngine::SyncEngine(QueueStore& store, ils::IlsClient& ils, const Clock& clock, SyncConfig config,
                       const circulation::Recovered& recovered, Logger log, circulation::IlsHealth* health)
    : m_store(store), m_ils(ils), m_clock(clock), m_cfg(std::move(config)), m_log(std::move(log)),
      m_ownHealth(health ? nullptr : std::make_unique<circulation::IlsHealth>(m_cfg.breaker, clock)),
      m_health(health ? *health : *m_ownHealth), m_sender(store, ils, m_log), m_rng(m_cfg.seed) {
  (void)recovered;  // its existence is the point: recovery ran before this replay was built
}

SyncEngine::~SyncEngine() { stop(); }

bool SyncEngine::online() const {
  std::lock_guard lock(m_mutex);
  return m_health.online();
}

std::optional<Error> SyncEngine::outOfOrder() const {
  std::lock_guard lock(m_mutex);
  return m_outOfOrder;
}

std::pair<int, std::optional<Error>> SyncEngine::loginRefusals() const {
  std::lock_guard lock(m_mutex);
  return {m_loginRefusals, m_lastLoginRefusal};
}

void SyncEngine::storeFailed(const Error& e) {
  std::lock_guard lock(m_mutex);
  m_outOfOrder = e;
  m_log->error("queue database failed, kiosk out of order: {}", e.describe());
}

void SyncEngine::setListener(std::function<void(const QueuedTxn&)> listener) {
  std::lock_guard lock(m_mutex);
  m_listener = std::move(listener);
}

Status SyncEngine::offlineAllowed(const OfflineRequest& req) {
  int unsynced = 0;
  if (req.checkout) {
    auto n = m_store.unsyncedOfflineCheckouts(req.patronId);
    if (!n) return n.error();
    unsynced = *n;
  }
  std::optional<PatronCheck> cache;
  if (req.checkout && m_cfg.policy.patronCheck != OfflinePolicy::PatronCheckMode::none) {
    auto c = m_store.checkPatron(req.patronId, req.pin);
    if (!c) return c.error();
    cache = *c;
  }
  return m_cfg.policy.allows(req, unsynced, cache);
}

Result<QueuedTxn> SyncEngine::submit(NewTxn txn, const SubmitContext& ctx) {
  if (txn.when == TimePoint{}) txn.when = m_clock.now();
  if (txn.kiosk.empty()) txn.kiosk = m_cfg.kiosk;
  if (!online()) {
    OfflineRequest req{txn.kind == Kind::checkout, txn.patronId, ctx.pin, ctx.usageType, ctx.sessionOfflineCheckouts};
    if (auto st = offlineAllowed(req); !st) return st.error();
    txn.offline = true;
    if (txn.kind == Kind::checkout && !txn.dueDate) {
      txn.dueDate = m_cfg.policy.dueDate(txn.when);
    }
  }
  // Returns collapse with their own never-sent offline checkout (see QueueStore::enqueue).
  auto row = m_store.enqueue(std::move(txn), /*collapse=*/true);
  if (!row) {
    storeFailed(row.error());
    return row.error();
  }
  {
    std::lock_guard lock(m_mutex);
    m_outOfOrder.reset();
    m_wakeFlag = true;
  }
  m_wake.notify_all();
  m_log->info("queued {} of item {} ({}{})", toString(row->kind), forLog(row->itemId), row->offline ? "offline" : "online",
              row->state == TxnState::collapsed ? ", collapsed with its offline checkout" : "");
  if (row->state == TxnState::collapsed) notifyFinal(row->id);
  return row;
}

Clock::Duration SyncEngine::backoff(int attempts) {
  double base = static_cast<double>(m_cfg.retryInitial.count()) * std::pow(2.0, std::min(attempts - 1, 30));
  base = std::min(base, static_cast<double>(m_cfg.retryMax.count()));
  std::uniform_real_distribution<double> jitter(-m_cfg.retryJitter, m_cfg.retryJitter);
  return Clock::Duration(static_cast<std::int64_t>(base * (1.0 + jitter(m_rng))));
}

void SyncEngine::notifyFinal(const std::string& id) {
  std::function<void(const QueuedTxn&)> listener;
  {
    std::lock_guard lock(m_mutex);
    listener = m_listener;
  }
  if (!listener) return;
  auto row = m_store.get(id);
  if (!row || !*row) return;
  // One call at a time, even when books are replayed side by side.
  std::lock_guard lock(m_listenerMutex);
  listener(**row);
}

bool SyncEngine::recoverOnce(TickReport& r) {
  {
    std::lock_guard lock(m_mutex);
    if (m_recovered) return true;
  }
  // A `sending` row at start-up is a crash mid-send: its outcome is unknown until asked.
  auto n = m_store.recoverInterrupted();
  if (!n) {
    storeFailed(n.error());
    return false;
  }
  r.recovered = *n;
  if (*n) m_log->warn("{} transaction(s) were interrupted while sending; asking the ILS before any resend", *n);
  std::lock_guard lock(m_mutex);
  m_recovered = true;
  return true;
}

Status SyncEngine::deliverItem(const std::string& itemId, const std::string& before) {
  std::lock_guard tickLock(m_tickMutex);
  TickReport r;
  if (!recoverOnce(r)) return fail(Errc::io, "the queue's database cannot be read");
  // Each round settles one row (done, refused) or stops; the bound only guards against a row
  // that neither settles nor fails, which would be a bug.
  for (int round = 0; round < 1000; ++round) {
    auto next = m_store.nextFor(itemId);
    if (!next) {
      storeFailed(next.error());
      return next.error();
    }
    if (!*next || (!before.empty() && (*next)->id == before)) return {};
    if ((*next)->state == TxnState::sending) {
      return fail(Errc::busy, "a transaction of item " + itemId + " is still being sent");
    }
    const std::string id = (*next)->id;
    const int errorsBefore = r.transportErrors;
    m_log->info("delivering the queued {} of item {} before new work with it", toString((*next)->kind), forLog(itemId));
    replay(std::move(**next), r);
    if (r.transportErrors > errorsBefore) {
      std::lock_guard lock(m_mutex);
      if (m_lastLoginRefusal) return *m_lastLoginRefusal;  // a configuration fault, not an outage
      return fail(Errc::unavailable, "the library system did not take the queued transactions of item " + itemId);
    }
    // Anything but a final state now is a store write that failed (replay() recorded why).
    auto after = m_store.get(id);
    if (!after) return after.error();
    if (!*after || !isFinal((*after)->state)) {
      return fail(Errc::io, "the queued transaction of item " + itemId + " could not be recorded as sent");
    }
  }
  return fail(Errc::internal, "queued transactions of item " + itemId + " did not settle");
}

TickReport SyncEngine::tick() {
  std::lock_guard tickLock(m_tickMutex);
  TickReport r;
  auto now = m_clock.monotonic();

  if (!recoverOnce(r)) return r;

  // Health: probe while offline when due, and now and then while idle online (keep-alive).
  bool probe = false;
  {
    std::lock_guard lock(m_mutex);
    probe = m_health.claimProbe() || (m_health.online() && now - m_lastContact >= m_cfg.keepAlive);
  }
  if (probe) {
    ++r.probes;
    auto st = m_ils.status();
    bool healthy = st && st->ok && st->online;
    std::lock_guard lock(m_mutex);
    bool was = m_health.online();
    if (healthy) {
      m_health.recordSuccess();
      m_lastLoginRefusal.reset();
      m_lastContact = now;
    } else {
      m_health.recordFailure();
      if (!st && st.error().is(Errc::refused)) {
        if (!m_lastLoginRefusal) m_log->error("{}", st.error().describe());
        ++m_loginRefusals;
        m_lastLoginRefusal = st.error();
      }
    }
    if (m_health.online() != was) {
      // The outage is over: what was backing off because of it may go at once.
      if (m_health.online()) m_retryAt.clear();
      m_log->warn("ILS is now {}", m_health.online() ? "online" : "offline");
    }
  }

  if (online()) {
    auto ready = m_store.ready();
    if (!ready) {
      storeFailed(ready.error());
      return r;
    }
    std::vector<QueuedTxn> due;
    {
      std::lock_guard lock(m_mutex);
      for (auto& txn : *ready) {
        auto it = m_retryAt.find(txn.seq);
        if (it != m_retryAt.end() && m_clock.monotonic() < it->second) continue;
        due.push_back(std::move(txn));
      }
    }
    replayAll(std::move(due), r);
  }

  bool purge = false;
  {
    std::lock_guard lock(m_mutex);
    purge = !m_lastPurge || now - *m_lastPurge >= m_cfg.purgeEvery;
    if (purge) m_lastPurge = now;
  }
  if (purge) {
    auto n = m_store.purge(m_clock.now() - m_cfg.retention);
    if (n) r.purged = *n;
    else m_log->warn("queue purge failed: {}", n.error().describe());
    if (auto st = m_store.forgetPatronsBefore(m_clock.now() - m_cfg.patronCacheKeep); !st) {
      m_log->warn("patron cache purge failed: {}", st.error().describe());
    }
  }
  return r;
}

TickReport& TickReport::operator+=(const TickReport& o) {
  probes += o.probes;
  sent += o.sent;
  done += o.done;
  refused += o.refused;
  transportErrors += o.transportErrors;
  resolvedByStatus += o.resolvedByStatus;
  recovered += o.recovered;
  purged += o.purged;
  return *this;
}

void SyncEngine::replayAll(std::vector<QueuedTxn> due, TickReport& r) {
  // One row per item (QueueStore::ready), so workers never share an item: per-item order holds.
  std::atomic<std::size_t> next{0};
  auto worker = [&](TickReport& mine) {
    for (std::size_t i = next++; i < due.size(); i = next++) {
      if (!online()) return;
      replay(std::move(due[i]), mine);
    }
  };
  const auto threads = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, m_cfg.replayConcurrency)), due.size());
  std::vector<TickReport> reports(std::max<std::size_t>(threads, 1));
  {
    std::vector<std::jthread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker, std::ref(reports[t]));
    worker(reports[0]);
  }  // joins
  for (const auto& one : reports) r += one;
}

void SyncEngine::start() {
  if (m_thread.joinable()) return;
  {
    std::lock_guard lock(m_mutex);
    m_stopFlag = false;
  }
  m_thread = std::thread([this] {
    for (;;) {
      tick();
      std::unique_lock lock(m_mutex);
      m_wake.wait_for(lock, std::chrono::milliseconds(200), [this] { return m_wakeFlag || m_stopFlag; });
      if (m_stopFlag) return;
      m_wakeFlag = false;
    }
  });
}

void SyncEngine::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopFlag = true;
  }
  m_wake.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

} // namespace lasis::queue
