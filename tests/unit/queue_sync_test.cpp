// SyncEngine scenarios on a ManualClock against the in-process FakeIls: an hour-long outage
// during 200 transactions, a flapping ILS, a refusal on replay, lost replies, a crash mid-send,
// per-item order, the offline policy, and durability across a reopen. "None lost, none doubled"
// is checked on the fake ILS's own count of applied requests per transaction id.
#include "common/core/timezone.h"
#include "common/queue/syncengine.h"
#include "drivers/sqlite/queue/sqlitequeuestore.h"
#include "tests/support/fakeils.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <filesystem>
#include <map>

using namespace lasis;
using namespace lasis::queue;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

class QueueSyncTest : public ::testing::Test {
protected:
  void SetUp() override {
    auto name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    m_dir = fs::temp_directory_path() / ("lasis-queue-sync-" + std::string(name) + "-" + std::to_string(::getpid()));
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
    m_cfg.kiosk = "k1";
    m_cfg.retryInitial = 2s;
    m_cfg.retryMax = 60s;
    m_cfg.breaker.failureThreshold = 2;
    m_cfg.breaker.probeInterval = 5s;
    m_cfg.breaker.maxProbeInterval = 60s;
    m_cfg.policy.mode = OfflinePolicy::Mode::returnsAndCheckouts;
    m_cfg.policy.maxCheckoutsPerSession = 1000;
    m_cfg.policy.maxCheckoutsPerPatron = 1000;
    reopen();
  }
  void TearDown() override {
    m_engine.reset();
    m_store.reset();
    fs::remove_all(m_dir);
  }
  void reopen() {
    m_engine.reset();
    m_store.reset();
    StoreOptions o;
    o.pinOpsLimit = crypto_pwhash_OPSLIMIT_MIN;
    o.pinMemLimit = crypto_pwhash_MEMLIMIT_MIN;
    o.maxPageCount = m_maxPages;
    auto s = SqliteQueueStore::open(m_dir / "queue.db", m_clock, o);
    ASSERT_TRUE(s.ok()) << s.error().describe();
    m_store = std::move(*s);
    m_engine = std::make_unique<SyncEngine>(*m_store, m_ils, m_clock, m_cfg, circulation::Recovered::withoutEngine());
  }
  Result<QueuedTxn> checkout(const std::string& item, const std::string& patron, SubmitContext ctx = {}) {
    NewTxn t;
    t.kind = Kind::checkout;
    t.itemId = item;
    t.patronId = patron;
    return m_engine->submit(t, ctx);
  }
  Result<QueuedTxn> checkin(const std::string& item) {
    NewTxn t;
    t.kind = Kind::checkin;
    t.itemId = item;
    t.location = "main";
    return m_engine->submit(t);
  }
  int unfinished() {
    auto rows = m_store->list({TxnState::pending, TxnState::sending, TxnState::uncertain});
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? static_cast<int>(rows->size()) : -1;
  }
  /// Ticks once a (simulated) second until nothing is left to send; false if it never settles.
  bool settle(int maxSeconds = 3600) {
    for (int i = 0; i < maxSeconds; ++i) {
      m_engine->tick();
      if (unfinished() == 0) return true;
      m_clock.advance(1s);
    }
    return false;
  }
  /// Every transaction that was not collapsed reached the ILS exactly once; collapsed never.
  void expectExactlyOnce() {
    auto rows = m_store->list({}, 100000);
    ASSERT_TRUE(rows.ok());
    for (const auto& t : *rows) {
      int n = m_ils.applied(t.id);
      if (t.state == TxnState::collapsed || t.state == TxnState::failed) {
        EXPECT_EQ(n, 0) << toString(t.kind) << " " << t.itemId << " " << t.id;
      } else {
        EXPECT_EQ(t.state, TxnState::done) << t.id;
        EXPECT_EQ(n, 1) << toString(t.kind) << " " << t.itemId << " " << t.id;
      }
    }
  }

  ManualClock m_clock;
  fs::path m_dir;
  test::FakeIls m_ils;
  SyncConfig m_cfg;
  std::optional<std::int64_t> m_maxPages;
  std::unique_ptr<QueueStore> m_store;
  std::unique_ptr<SyncEngine> m_engine;
};

TEST(IlsHealthTest, APatronsFailureTripsAtOnceAndOneCallerClaimsTheProbe) {
  ManualClock clock;
  circulation::IlsHealth::Settings s;
  s.failureThreshold = 3;
  s.probeInterval = 5s;
  s.startOnline = true;
  circulation::IlsHealth h(s, clock);
  EXPECT_TRUE(h.online()) << "the kiosk's health starts online";
  EXPECT_FALSE(h.claimProbe()) << "nothing to probe while online";
  h.trip();
  EXPECT_FALSE(h.online()) << "one failure a patron met is enough, whatever the threshold";
  EXPECT_EQ(h.transitions(), 1);
  h.trip();
  EXPECT_EQ(h.transitions(), 1) << "tripping an open health changes nothing";
  EXPECT_FALSE(h.claimProbe()) << "the first probe waits its interval";
  clock.advance(5s);
  EXPECT_TRUE(h.claimProbe());
  EXPECT_FALSE(h.claimProbe()) << "the engine and the replay share one probe";
  h.recordSuccess();
  EXPECT_TRUE(h.online());
}

TEST(IlsHealthTest, OpensOnFailuresProbesLessOftenWhileDownAndClosesOnSuccess) {
  ManualClock clock;
  circulation::IlsHealth::Settings s;
  s.failureThreshold = 2;
  s.probeInterval = 5s;
  s.maxProbeInterval = 40s;
  circulation::IlsHealth b(s, clock);
  EXPECT_FALSE(b.online());
  EXPECT_TRUE(b.probeDue()) << "unknown at start-up: probe at once";
  b.recordSuccess();
  EXPECT_TRUE(b.online());
  b.recordFailure();
  EXPECT_TRUE(b.online()) << "one failure is not an outage";
  b.recordSuccess();
  b.recordFailure();
  EXPECT_TRUE(b.online()) << "failures must be consecutive";
  b.recordFailure();
  EXPECT_FALSE(b.online());
  EXPECT_FALSE(b.probeDue());
  clock.advance(5s);
  EXPECT_TRUE(b.probeDue());
  // Failed probes: 10 s, 20 s, 40 s, then capped at 40 s.
  for (auto wait : {10s, 20s, 40s, 40s}) {
    b.recordFailure();
    clock.advance(wait - 1s);
    EXPECT_FALSE(b.probeDue()) << wait.count();
    clock.advance(1s);
    EXPECT_TRUE(b.probeDue()) << wait.count();
  }
  b.recordSuccess();
  EXPECT_TRUE(b.online());
  // Flapping: down again soon after coming back keeps the long interval.
  b.recordFailure();
  b.recordFailure();
  EXPECT_FALSE(b.online());
  clock.advance(5s);
  EXPECT_FALSE(b.probeDue()) << "a flapping ILS is not probed at the short interval";
  EXPECT_EQ(b.transitions(), 4);
}

TEST_F(QueueSyncTest, OnlineCheckoutGoesThroughTheQueueAndIsSentOnce) {
  EXPECT_FALSE(m_engine->online()) << "nothing is known about the ILS before the first probe";
  m_engine->tick();
  ASSERT_TRUE(m_engine->online());
  std::vector<QueuedTxn> finals;
  m_engine->setListener([&](const QueuedTxn& f) { finals.push_back(f); });
  auto t = checkout("B1", "P1");
  ASSERT_TRUE(t.ok()) << t.error().describe();
  EXPECT_FALSE(t->offline);
  EXPECT_EQ(m_ils.appliedTotal(), 0) << "submit only records; the engine sends";
  auto r = m_engine->tick();
  EXPECT_EQ(r.done, 1);
  auto row = *m_store->get(t->id);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->state, TxnState::done);
  EXPECT_EQ(row->title, "Title of B1");
  EXPECT_TRUE(row->patronId.empty());
  EXPECT_EQ(m_ils.loanOf("B1"), "P1");
  EXPECT_TRUE((*m_store->loan("B1"))->confirmed);
  auto calls = m_ils.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_FALSE(calls[0].noBlock);
  EXPECT_EQ(calls[0].txnId, t->id);
  ASSERT_EQ(finals.size(), 1u) << "the circulation engine hears the outcome";
  EXPECT_EQ(finals[0].id, t->id);
  EXPECT_EQ(finals[0].state, TxnState::done);
  ASSERT_TRUE(finals[0].dueDate);
}

TEST_F(QueueSyncTest, IlsDownForAnHourDuring200TransactionsThenBack) {
  // 1. The kiosk starts online; then the ILS goes away for an hour.
  m_engine->tick();
  ASSERT_TRUE(m_engine->online());
  m_ils.setDown(true);
  // 2. 200 transactions, one every 18 s: 60 items borrowed and returned by 7 patrons.
  std::map<std::string, std::string> intended;
  std::map<std::string, TimePoint> doneAt;
  for (int i = 0; i < 200; ++i) {
    std::string item = "B" + std::to_string(i % 60);
    Result<QueuedTxn> t = intended.count(item) ? checkin(item) : checkout(item, "P" + std::to_string(i % 7));
    ASSERT_TRUE(t.ok()) << i << ": " << t.error().describe();
    if (t->kind == Kind::checkout) intended[item] = "P" + std::to_string(i % 7);
    else intended.erase(item);
    doneAt[t->id] = t->when;
    m_engine->tick();
    m_clock.advance(18s);
  }
  // 3. Nothing reached the ILS and the kiosk shows offline.
  EXPECT_FALSE(m_engine->online());
  EXPECT_EQ(m_ils.appliedTotal(), 0);
  auto st = m_store->stats();
  ASSERT_TRUE(st.ok());
  EXPECT_GT(st->collapsed, 0) << "offline checkouts returned offline are collapsed";
  // 4. The ILS is back: the engine notices by itself and replays everything, once.
  m_ils.setDown(false);
  ASSERT_TRUE(settle(600));
  EXPECT_TRUE(m_engine->online());
  EXPECT_EQ(m_ils.loans(), intended);
  expectExactlyOnce();
  EXPECT_TRUE(m_store->exceptions()->empty());
  // 5. Offline transactions carried no-block Y and their original dates; returns their real date.
  int offlineCalls = 0;
  for (const auto& c : m_ils.calls()) {
    if (m_ils.applied(c.txnId) == 0) continue;
    EXPECT_EQ(c.when, doneAt[c.txnId]) << c.txnId;
    auto row = **m_store->get(c.txnId);
    EXPECT_EQ(c.noBlock, row.offline);
    if (row.offline) {
      ++offlineCalls;
      if (c.kind == "checkout") {
        ASSERT_TRUE(c.offlineDueDate);
        EXPECT_EQ(*c.offlineDueDate, m_cfg.policy.dueDate(doneAt[c.txnId])) << "the end of that day";
      }
    }
  }
  int offlineDone = 0;
  auto doneRows = m_store->list({TxnState::done}, 1000);
  ASSERT_TRUE(doneRows.ok());
  for (const auto& row : *doneRows) offlineDone += row.offline;
  EXPECT_GT(offlineDone, 0);
  EXPECT_EQ(offlineCalls, offlineDone);
  EXPECT_EQ(m_store->list({}, 1000)->size(), 200u);
  // 6. Reopening the database shows the same, settled state.
  reopen();
  EXPECT_EQ(unfinished(), 0);
  expectExactlyOnce();
}

TEST_F(QueueSyncTest, FlappingIlsLosesAndDoublesNothing) {
  // Reachable 7 s, unreachable 5 s, over and over; a few replies lost on top.
  m_ils.setReachable([this] { return (m_clock.monotonic() / 1s) % 12 < 7; });
  std::map<std::string, std::string> intended;
  for (int i = 0; i < 150; ++i) {
    if (i % 40 == 5) m_ils.loseReplies(1);
    std::string item = "F" + std::to_string(i % 25);
    Result<QueuedTxn> t = intended.count(item) ? checkin(item) : checkout(item, "P" + std::to_string(i % 5));
    ASSERT_TRUE(t.ok()) << t.error().describe();
    if (t->kind == Kind::checkout) intended[item] = "P" + std::to_string(i % 5);
    else intended.erase(item);
    m_engine->tick();
    m_clock.advance(1s);
  }
  m_ils.setReachable(nullptr);
  ASSERT_TRUE(settle(900));
  EXPECT_EQ(m_ils.loans(), intended);
  expectExactlyOnce();
  EXPECT_GT(m_ils.itemInfoCalls(), 0) << "lost replies were settled by asking, not by resending";
}

TEST_F(QueueSyncTest, RefusalOnReplayLandsInTheExceptionsListAndIsNeverRetried) {
  m_ils.setDown(true);
  m_engine->tick();
  ASSERT_FALSE(m_engine->online());
  auto refused = checkout("R1", "BLOCKED");
  auto fine = checkout("R2", "P1");
  ASSERT_TRUE(refused.ok() && fine.ok());
  EXPECT_TRUE(refused->offline);
  m_ils.refusePatron("BLOCKED", "Patron has unpaid fines");
  m_ils.setDown(false);
  ASSERT_TRUE(settle(120));
  for (int i = 0; i < 30; ++i) {
    m_engine->tick();
    m_clock.advance(10s);
  }
  auto ex = m_store->exceptions();
  ASSERT_TRUE(ex.ok());
  ASSERT_EQ(ex->size(), 1u);
  EXPECT_EQ(ex->front().id, refused->id);
  EXPECT_EQ(ex->front().answer, "Patron has unpaid fines");
  EXPECT_EQ(ex->front().patronId, "BLOCKED") << "staff need to know whom to call";
  int sent = 0;
  for (const auto& c : m_ils.calls()) sent += c.txnId == refused->id;
  EXPECT_EQ(sent, 1);
  EXPECT_FALSE(m_store->loan("R1")->has_value());
  EXPECT_EQ(m_ils.loanOf("R2"), "P1");
}

TEST_F(QueueSyncTest, LostReplyIsSettledByAskingTheItemNotByResending) {
  m_cfg.breaker.failureThreshold = 5;
  reopen();
  m_engine->tick();
  m_ils.loseReplies(1);
  auto t = checkout("L1", "P1");
  ASSERT_TRUE(t.ok());
  auto r = m_engine->tick();
  EXPECT_EQ(r.transportErrors, 1);
  EXPECT_EQ((*m_store->get(t->id))->state, TxnState::uncertain);
  EXPECT_EQ(m_ils.applied(t->id), 1) << "the ILS did it; only the reply was lost";
  r = m_engine->tick();
  EXPECT_EQ(r.sent, 0) << "back-off: not at once";
  m_clock.advance(5s);
  r = m_engine->tick();
  EXPECT_EQ(r.resolvedByStatus, 1);
  EXPECT_EQ(r.sent, 0);
  EXPECT_EQ((*m_store->get(t->id))->state, TxnState::done);
  EXPECT_EQ(m_ils.applied(t->id), 1);

  // A request that never arrived: the item's status says so, and it is sent again, once.
  m_ils.dropRequests(1);
  auto c = checkin("L1");
  m_engine->tick();
  EXPECT_EQ((*m_store->get(c->id))->state, TxnState::uncertain);
  m_clock.advance(5s);
  r = m_engine->tick();
  EXPECT_EQ(r.resolvedByStatus, 1);
  EXPECT_EQ(r.sent, 1);
  EXPECT_EQ((*m_store->get(c->id))->state, TxnState::done);
  EXPECT_EQ(m_ils.applied(c->id), 1);
  EXPECT_FALSE(m_ils.loanOf("L1"));
}

TEST_F(QueueSyncTest, RequestTheClientCannotFormGoesToStaffWithoutTrippingTheBreaker) {
  m_engine->tick();
  m_ils.dropRequests(1, Errc::invalidArgument);
  auto t = checkout("BAD\x7f", "P1");
  auto ok = checkout("GOOD", "P1");
  auto r = m_engine->tick();
  EXPECT_EQ(r.refused, 1);
  EXPECT_EQ(r.transportErrors, 0);
  EXPECT_TRUE(m_engine->online());
  auto row = **m_store->get(t->id);
  EXPECT_EQ(row.state, TxnState::failed);
  EXPECT_NE(row.answer.find("not sent"), std::string::npos) << row.answer;
  EXPECT_EQ((**m_store->get(ok->id)).state, TxnState::done);
}

TEST_F(QueueSyncTest, CrashWhileSendingIsResolvedAtStartUp) {
  auto a = *m_store->enqueue(NewTxn{"crash-a", Kind::checkout, "C1", "P1", "k1", "", m_clock.now(), {}, false});
  auto b = *m_store->enqueue(NewTxn{"crash-b", Kind::checkout, "C2", "P1", "k1", "", m_clock.now(), {}, false});
  ASSERT_TRUE(m_store->markSending(a.seq).valueOr(false));
  ASSERT_TRUE(m_store->markSending(b.seq).valueOr(false));
  // The ILS received a (crash after sending), b never left the kiosk (crash before).
  ils::CheckoutRequest req;
  req.ctx.transactionId = a.id;
  req.ctx.when = a.when;
  req.patronId = "P1";
  req.itemId = "C1";
  ASSERT_TRUE(m_ils.checkout(req).ok());
  reopen();  // the restart
  auto r = m_engine->tick();
  EXPECT_EQ(r.recovered, 2);
  EXPECT_EQ(r.resolvedByStatus, 2);
  EXPECT_EQ(r.sent, 1);
  EXPECT_EQ(m_ils.applied(a.id), 1);
  EXPECT_EQ(m_ils.applied(b.id), 1);
  EXPECT_EQ(unfinished(), 0);
}

TEST_F(QueueSyncTest, ReplayKeepsEachItemsOrderWhileOtherItemsGoOn) {
  m_cfg.breaker.failureThreshold = 5;
  reopen();
  m_engine->tick();
  m_ils.dropRequests(1);
  auto aOut = checkout("A", "P1");
  auto aIn = checkin("A");
  auto bOut = checkout("B", "P2");
  m_engine->tick();
  EXPECT_EQ((*m_store->get(aOut->id))->state, TxnState::uncertain);
  EXPECT_EQ((*m_store->get(aIn->id))->state, TxnState::pending) << "A's return waits for A's checkout";
  EXPECT_EQ((*m_store->get(bOut->id))->state, TxnState::done) << "B is not held up by A";
  m_clock.advance(1s);
  EXPECT_EQ(m_engine->tick().sent, 0) << "within the back-off";
  m_clock.advance(10s);
  m_engine->tick();
  m_engine->tick();
  EXPECT_EQ(unfinished(), 0);
  std::vector<std::string> order;
  for (const auto& c : m_ils.calls()) {
    if (c.itemId == "A" && m_ils.applied(c.txnId)) order.push_back(c.kind);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"checkout", "checkin"}));
  EXPECT_FALSE(m_ils.loanOf("A"));
}

TEST_F(QueueSyncTest, OfflinePolicyDecidesWhatTheKioskMayDo) {
  m_ils.setDown(true);
  m_cfg.policy.mode = OfflinePolicy::Mode::returnsOnly;
  reopen();
  m_engine->tick();
  ASSERT_FALSE(m_engine->online());
  auto co = checkout("X1", "P1");
  ASSERT_FALSE(co.ok());
  EXPECT_TRUE(co.error().is(Errc::refused));
  EXPECT_TRUE(checkin("X1").ok());

  m_cfg.policy.mode = OfflinePolicy::Mode::returnsAndCheckouts;
  m_cfg.policy.maxCheckoutsPerSession = 2;
  m_cfg.policy.maxCheckoutsPerPatron = 3;
  m_cfg.policy.forbiddenUsageTypes = {0x13};
  reopen();
  m_engine->tick();
  SubmitContext s;
  s.usageType = 0x13;
  EXPECT_FALSE(checkout("X2", "P1", s).ok()) << "usage type forbidden offline";
  s.usageType = 0x11;
  s.sessionOfflineCheckouts = 2;
  EXPECT_FALSE(checkout("X2", "P1", s).ok()) << "per-session limit";
  s.sessionOfflineCheckouts = 0;
  EXPECT_TRUE(checkout("X2", "P1", s).ok());
  EXPECT_TRUE(checkout("X3", "P1", s).ok());
  EXPECT_TRUE(checkout("X4", "P1", s).ok());
  auto fourth = checkout("X5", "P1", s);
  ASSERT_FALSE(fourth.ok()) << "per-patron limit of unsynced offline loans";
  EXPECT_NE(fourth.error().message().find("3"), std::string::npos);
  EXPECT_TRUE(checkout("X5", "P2", s).ok());

  m_cfg.policy.patronCheck = OfflinePolicy::PatronCheckMode::pin;
  reopen();
  m_engine->tick();
  ASSERT_TRUE(m_store->cachePatron("P9", "1234", false).ok());
  s.pin = "0000";
  EXPECT_FALSE(checkout("X6", "P9", s).ok());
  s.pin = "1234";
  EXPECT_TRUE(checkout("X6", "P9", s).ok());
  EXPECT_FALSE(checkout("X7", "P-unknown", s).ok());

  m_cfg.policy.mode = OfflinePolicy::Mode::off;
  reopen();
  m_engine->tick();
  EXPECT_FALSE(checkin("X2").ok());
}

// Issue 26: an offline loan is due at the end of the library's day loan_days later, in the
// library's time zone, not at the minute of the day the book was lent (in UTC).
TEST_F(QueueSyncTest, OfflineLoanIsDueAtTheEndOfTheLibrarysDay) {
  const char* before = std::getenv("TZ");
  const std::string saved = before ? before : "";
  ASSERT_TRUE(applyTimeZone("Europe/Riga").ok());
  m_ils.setDown(true);
  m_cfg.policy.mode = OfflinePolicy::Mode::returnsAndCheckouts;
  m_cfg.policy.loanPeriod = std::chrono::hours(24 * 14);
  reopen();
  // 2026-12-06 06:00 UTC is 08:00 in Riga (UTC+2): due on 20 December, 23:59:59 Riga time.
  m_clock.setNow(Clock::TimePoint(std::chrono::seconds(1796536800)));
  m_engine->tick();
  ASSERT_FALSE(m_engine->online());
  auto co = checkout("TZ1", "P1");
  ASSERT_TRUE(co.ok()) << co.error().describe();
  ASSERT_TRUE(co->dueDate);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::seconds>(co->dueDate->time_since_epoch()).count(), 1797803999)
      << "2026-12-20T21:59:59Z";
  // Across the change to summer time (29 March 2026): 20 March 10:00 UTC + 14 days is 3 April,
  // whose end in Riga is 23:59:59 EEST = 20:59:59 UTC.
  m_clock.setNow(Clock::TimePoint(std::chrono::seconds(1774000800)));
  auto spring = checkout("TZ2", "P2");
  ASSERT_TRUE(spring.ok()) << spring.error().describe();
  ASSERT_TRUE(spring->dueDate);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::seconds>(spring->dueDate->time_since_epoch()).count(), 1775249999)
      << "2026-04-03T20:59:59Z";
  if (saved.empty()) ::unsetenv("TZ");
  else ::setenv("TZ", saved.c_str(), 1);
  ::tzset();
}

TEST_F(QueueSyncTest, ConfigurationReadsQueueAndOfflineSections) {
  auto doc = ConfigDoc::parse(R"(
[queue]
kiosk = "branch-2"
retry_initial_ms = 500
breaker_failures = 3
retention_days = 7
[offline]
mode = "returns-and-checkouts"
max_checkouts_per_session = 3
forbidden_usage_types = ["0x13", "24"]
patron_check = "known"
)", "kiosk.toml");
  ASSERT_TRUE(doc.ok());
  auto cfg = SyncConfig::fromConfig(*doc);
  ASSERT_TRUE(doc->finish().ok()) << doc->finish().error().describe();
  EXPECT_EQ(cfg.kiosk, "branch-2");
  EXPECT_EQ(cfg.retryInitial, std::chrono::milliseconds(500));
  EXPECT_EQ(cfg.breaker.failureThreshold, 3);
  EXPECT_EQ(cfg.retention, std::chrono::hours(24 * 7));
  EXPECT_EQ(cfg.policy.mode, OfflinePolicy::Mode::returnsAndCheckouts);
  EXPECT_EQ(cfg.policy.maxCheckoutsPerSession, 3);
  EXPECT_EQ(cfg.policy.forbiddenUsageTypes, (std::set<int>{0x13, 24}));
  EXPECT_EQ(cfg.policy.patronCheck, OfflinePolicy::PatronCheckMode::known);

  auto bad = ConfigDoc::parse("[offline]\nmode = \"sometimes\"\nforbidden_usage_types = [\"book\"]\n", "kiosk.toml");
  ASSERT_TRUE(bad.ok());
  (void)SyncConfig::fromConfig(*bad);
  auto st = bad->finish();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message().find("kiosk.toml:2"), std::string::npos) << st.error().message();
  EXPECT_NE(st.error().message().find("book"), std::string::npos) << st.error().message();
}

TEST_F(QueueSyncTest, QueuedTransactionsSurviveARestartDuringTheOutage) {
  m_ils.setDown(true);
  m_engine->tick();
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) ids.push_back(checkout("D" + std::to_string(i), "P1")->id);
  reopen();  // power cut and restart, still offline
  m_engine->tick();
  EXPECT_FALSE(m_engine->online());
  m_ils.setDown(false);
  ASSERT_TRUE(settle(120));
  for (const auto& id : ids) EXPECT_EQ(m_ils.applied(id), 1);
  EXPECT_EQ(m_ils.loans().size(), 20u);
}

TEST_F(QueueSyncTest, RetentionPurgesOldDoneTransactions) {
  m_engine->tick();
  auto t = checkout("P1", "X");
  m_engine->tick();
  ASSERT_EQ((*m_store->get(t->id))->state, TxnState::done);
  m_clock.advance(m_cfg.retention + std::chrono::hours(2));
  auto r = m_engine->tick();
  EXPECT_EQ(r.purged, 1);
  EXPECT_FALSE(m_store->get(t->id)->has_value());
}

TEST_F(QueueSyncTest, FullDiskPutsTheKioskOutOfOrder) {
  m_maxPages = 16;
  reopen();
  m_engine->tick();
  std::optional<Error> err;
  for (int i = 0; i < 5000 && !err; ++i) {
    auto t = checkout("item-with-a-long-identifier-" + std::to_string(i), "patron-" + std::to_string(i));
    if (!t.ok()) err = t.error();
  }
  ASSERT_TRUE(err);
  EXPECT_TRUE(err->is(Errc::noSpace)) << err->describe();
  ASSERT_TRUE(m_engine->outOfOrder());
  EXPECT_TRUE(m_engine->outOfOrder()->is(Errc::noSpace));
}

TEST_F(QueueSyncTest, OwnThreadReplaysWithoutTheCallerWaiting) {
  SystemClock real;
  auto s = SqliteQueueStore::open(m_dir / "threaded.db", real);
  ASSERT_TRUE(s.ok());
  SyncEngine engine(**s, m_ils, real, m_cfg, circulation::Recovered::withoutEngine());
  engine.start();
  std::vector<std::string> ids;
  for (int i = 0; i < 10; ++i) {
    NewTxn t;
    t.kind = Kind::checkout;
    t.itemId = "T" + std::to_string(i);
    t.patronId = "P";
    auto r = engine.submit(t);
    ASSERT_TRUE(r.ok());
    ids.push_back(r->id);
  }
  // Bounded wait (not a timing assertion): the thread drains the queue.
  for (int i = 0; i < 500 && (*s)->stats()->done < 10; ++i) std::this_thread::sleep_for(20ms);
  engine.stop();
  for (const auto& id : ids) EXPECT_EQ(m_ils.applied(id), 1);
}

} // namespace
