#pragma once
// SyncEngine: every circulation transaction goes through the durable queue (online too, so the
// ILS sees them in the order they were done) and is replayed from it, exactly once.
//
// Rules, and what each protects:
//  * submit() writes the transaction durably and returns; it never waits on the network. The
//    patron may be told "done" only once submit() returned ok.
//  * Replay is per item, in the order done: a return is never sent before its own checkout.
//  * Offline transactions are sent with no-block Y and their original dates (the return date
//    is what ILSs backdate by; a promised due date goes along with a checkout).
//  * A transport error may hide an applied request, so the transaction becomes `uncertain` and
//    the item's status (itemInfo) is asked before any resend: nothing doubled. The same holds for
//    a `sending` row found at start-up (a crash mid-send).
//  * ok=false is final: the row lands in the staff exceptions list with the ILS's words.
//  * Transport failures back off exponentially with jitter (seeded RNG, Clock-driven) and feed
//    the ILS health (circulation::IlsHealth, shared with the circulation engine in the kiosk:
//    the one online/offline authority), which probes `status()` while offline.
//  * A store write that fails (full disk, lock, damage) puts the engine out of order: the kiosk
//    must stop taking transactions it could not record.

#include "common/core/clock.h"
#include "common/core/config.h"
#include "common/core/log.h"
#include "common/core/result.h"
#include "common/ils/ils.h"
#include "common/circulation/ilshealth.h"
#include "common/circulation/offlinepolicy.h"
#include "common/queue/queuestore.h"
#include "common/queue/sender.h"
#include "common/circulation/circulationjournal.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

namespace lasis::queue {

/// Settings of the engine, from [queue] and [offline] of the kiosk configuration.
struct SyncConfig {
  std::string kiosk = "kiosk";
  Clock::Duration retryInitial = std::chrono::seconds(2);
  Clock::Duration retryMax = std::chrono::minutes(5);
  double retryJitter = 0.2;  ///< ± this fraction of each back-off
  std::uint64_t seed = 0x1a515;
  circulation::IlsHealth::Settings breaker;
  Clock::Duration keepAlive = std::chrono::seconds(60);  ///< probe an idle online ILS this often
  Clock::Duration retention = std::chrono::hours(24 * 30);
  Clock::Duration patronCacheKeep = std::chrono::hours(24 * 30);
  Clock::Duration purgeEvery = std::chrono::hours(1);
  /// Items replayed side by side in one round (each item's own transactions stay in order): one
  /// item's database writes overlap another's round trip to the ILS. 1 replays one at a time.
  int replayConcurrency = 2;
  OfflinePolicy policy;

  /// Reads [queue] and [offline]; problems are recorded in `doc` (call doc.finish()).
  static SyncConfig fromConfig(ConfigDoc& doc);
};

/// What one tick did (for tests, logs and the staff screen).
struct TickReport {
  int probes = 0;
  int sent = 0;
  int done = 0;
  int refused = 0;
  int transportErrors = 0;
  int resolvedByStatus = 0;  ///< uncertain rows settled by asking itemInfo
  int recovered = 0;         ///< `sending` rows found at start-up
  int purged = 0;

  TickReport& operator+=(const TickReport& o);
};

/// Extra facts submit() needs when the engine is offline.
struct SubmitContext {
  std::string pin;               ///< checked against the patron cache only; never stored
  std::optional<int> usageType;  ///< from the tag
  int sessionOfflineCheckouts = 0;
};

/// The queue's replay engine over an IlsClient.
class SyncEngine {
public:
  /// `recovered`: the circulation recovery has run (CirculationEngine::recoverAtStart), so no
  /// replay can exist, nor send, before the engine's interrupted transactions are settled by
  /// their own rules. `health`: the kiosk's one online/offline authority, shared with the
  /// circulation engine; without one the replay keeps its own (built from `config.breaker`).
  SyncEngine(QueueStore& store, ils::IlsClient& ils, const Clock& clock, SyncConfig config,
             const circulation::Recovered& recovered, Logger log = nullLogger(),
             circulation::IlsHealth* health = nullptr);
  ~SyncEngine();
  SyncEngine(const SyncEngine&) = delete;
  SyncEngine& operator=(const SyncEngine&) = delete;

  /// True while the ILS health (shared or own) says the ILS answers.
  bool online() const;
  /// Set when the last store write failed: the kiosk must show "out of order". Cleared by the
  /// next submit() that is stored, so the kiosk may retry (a freed disk, a released lock).
  std::optional<Error> outOfOrder() const;
  /// How often the ILS has refused the kiosk's own login (Errc::refused, see ils.h), and the
  /// last such error: a configuration fault, which the kiosk shows as "out of order" rather than
  /// serving offline. A count, so whoever reads it acts on each new refusal once.
  std::pair<int, std::optional<Error>> loginRefusals() const;

  /// Would the policy allow this transaction offline right now?
  Status offlineAllowed(const OfflineRequest& req);
  /// Durably queues a transaction; offline ones are checked against the policy first and get
  /// the promised due date. Returns the stored row (its id follows it to the ILS).
  Result<QueuedTxn> submit(NewTxn txn, const SubmitContext& ctx = {});

  /// One round: recovery at the first call, health probe when due, replay of every item whose
  /// next transaction is due, retention purge when due. Blocks on the ILS; never on a caller.
  TickReport tick();

  /// Delivers, now and in order, every transaction the queue still holds for this item (back-off
  /// and breaker notwithstanding: the caller is about to talk to the ILS anyway). Called before
  /// an online transaction for the item, so that it never overtakes one done offline: the ILS
  /// must see a book's loans and returns in the order they happened, or it refuses one and the
  /// book's tag and loan disagree. Ok when nothing for the item is left waiting (a refusal is
  /// final and counts as settled: it is the staff's). An error (the ILS's transport error, busy
  /// while another send of the item is in flight, a store error) means the new transaction must
  /// not go to the ILS directly: it belongs behind the others in the queue.
  /// With `before`, only the transactions queued ahead of that one (a restart finishing it).
  Status deliverItem(const std::string& itemId, const std::string& before = {});

  /// Runs tick() on an own thread until stop() (or destruction); submit() wakes it.
  void start();
  void stop();

  /// Called (on a replay thread, one call at a time) whenever a transaction reaches a final state.
  void setListener(std::function<void(const QueuedTxn&)> listener);

private:
  bool recoverOnce(TickReport& r);
  void replay(QueuedTxn txn, TickReport& r);
  void replayAll(std::vector<QueuedTxn> due, TickReport& r);
  void send(const QueuedTxn& txn, TickReport& r);
  void contact();                       // the ILS answered: health, login refusal, keep-alive
  void settled(const QueuedTxn& txn);  // a row reached a final state: forget its back-off
  void transportFailure(const QueuedTxn& txn, const Error& e, TickReport& r);
  Clock::Duration backoff(int attempts);
  void notifyFinal(const std::string& id);
  void storeFailed(const Error& e);

  QueueStore& m_store;
  ils::IlsClient& m_ils;
  const Clock& m_clock;
  SyncConfig m_cfg;
  Logger m_log;
  std::unique_ptr<circulation::IlsHealth> m_ownHealth;
  circulation::IlsHealth& m_health;
  Sender m_sender;  // the one sender of loans and returns (the engine's own requests use it too)
  std::mt19937_64 m_rng;

  mutable std::mutex m_mutex;  // guards the members below (the health has its own)
  std::optional<Error> m_outOfOrder;
  int m_loginRefusals = 0;
  std::optional<Error> m_lastLoginRefusal;
  std::map<std::int64_t, Clock::Duration> m_retryAt;  ///< seq → monotonic time of next attempt
  std::map<std::int64_t, int> m_failures;             ///< seq → consecutive transport failures
  bool m_recovered = false;
  Clock::Duration m_lastContact{0};
  std::optional<Clock::Duration> m_lastPurge;
  std::function<void(const QueuedTxn&)> m_listener;

  std::mutex m_listenerMutex;  // one listener call at a time (replayAll's workers)
  std::mutex m_tickMutex;  // one tick at a time
  std::condition_variable m_wake;
  bool m_wakeFlag = false;
  bool m_stopFlag = false;
  std::thread m_thread;
};

} // namespace lasis::queue
