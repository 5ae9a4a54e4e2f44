// Circulation scenarios, each written as the numbered steps of a use case, with the real parts:
// libnfc (our driver) against `lasis-sim reader` (a PN532 on a pty), our SIP2 client against
// `lasis-sim ils` on 127.0.0.1, and the queue's SQLite file. Only the clock of the engine is the
// system clock; every process has an outer timeout and is stopped by PID.
#include "common/circulation/circulationengine.h"
#include "common/circulation/queuejournal.h"
#include "common/queue/syncengine.h"
#include "drivers/sip2client/sip2ils.h"
#include "drivers/sqlite/queue/sqlitequeuestore.h"
#include "drivers/tagreaderfactory.h"
#include "tests/unit/circulation/fakes.h"
#include "tests/support/childprocess.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace lasis;
using namespace lasis::circulation;
using namespace lasis::circulation::test;
using lasis::test::ControlLine;
using lasis::test::SimDevice;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kSim = std::string(LASIS_BIN_DIR) + "/lasis-sim";

/// Kills this process with SIGKILL at one journal step, after or before the step reached disk.
class KillJournal : public CirculationJournal {
public:
  KillJournal(CirculationJournal& inner, FakeJournal::Kill k) : m_inner(inner), m_kill(k) {}
  Status record(const JournalEntry& e) override {
    if (e.kind == m_kill.kind && e.step == m_kill.step && e.itemId == m_kill.itemId) {
      if (m_kill.persisted) (void)m_inner.record(e);
      ::raise(SIGKILL);
    }
    return m_inner.record(e);
  }
  Status enqueue(const JournalEntry& e) override { return m_inner.enqueue(e); }
  Result<std::vector<JournalEntry>> unfinished() override { return m_inner.unfinished(); }
  Delivery<ils::CheckoutResult> sendCheckout(const JournalEntry& e, const std::string& pin) override {
    return m_inner.sendCheckout(e, pin);
  }
  Delivery<ils::CheckinResult> sendCheckin(const JournalEntry& e) override { return m_inner.sendCheckin(e); }
  Result<AppliedAnswer> wasApplied(const JournalEntry& e) override { return m_inner.wasApplied(e); }
  Result<ils::CheckoutResult> cancelLoan(const JournalEntry& e, const std::string& pin, Clock::TimePoint when) override {
    return m_inner.cancelLoan(e, pin, when);
  }
  Result<ils::CheckinResult> checkinToUndo(const JournalEntry& e, Clock::TimePoint when) override {
    return m_inner.checkinToUndo(e, when);
  }
  Status deliverQueued(const std::string& itemId, const std::string& before) override {
    return m_inner.deliverQueued(itemId, before);
  }

private:
  CirculationJournal& m_inner;
  FakeJournal::Kill m_kill;
};

class Scenario : public testing::Test {
protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("lasis-scn-" + std::to_string(::getpid()) + "-" +
                                       testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    ilsProc = std::make_unique<SimDevice>(std::vector<std::string>{kSim, "ils", "--db", (dir / "ils.db").string()});
    ASSERT_TRUE(ilsProc->ok()) << "lasis-sim ils did not start";
    readerProc = std::make_unique<SimDevice>(std::vector<std::string>{kSim, "reader"});
    ASSERT_TRUE(readerProc->ok()) << "lasis-sim reader did not start";
    ilsCtl = std::make_unique<ControlLine>(ilsProc->info()["control"].get<std::string>());
    padCtl = std::make_unique<ControlLine>(readerProc->info()["control"].get<std::string>());
    config.kioskId = "k1";
    config.location = "LV-00001";
    config.concurrency = 4;
    start();
  }
  void TearDown() override {
    engine.reset();
    killer.reset();
    journal.reset();
    store.reset();
    ils.reset();
    reader.reset();
    readerProc.reset();
    ilsProc.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  /// Opens the real reader, SIP2 client and queue file and builds the engine (a kiosk start).
  void start() {
    engine.reset();
    journal.reset();
    store.reset();
    ils.reset();
    reader.reset();
    auto r = drivers::openTagReader(readerProc->info()["connstring"].get<std::string>());
    ASSERT_TRUE(r.ok()) << r.error().describe();
    reader = std::move(*r);
    auto i = sip2::Sip2Ils::create(ilsProc->info()["url"].get<std::string>() + "&location=LV-00001&timeout_ms=1500",
                                   clock, nullLogger());
    ASSERT_TRUE(i.ok()) << i.error().describe();
    ils = std::move(*i);
    auto s = queue::SqliteQueueStore::open(dir / "queue.db", clock);
    ASSERT_TRUE(s.ok()) << s.error().describe();
    store = std::move(*s);
    journal = std::make_unique<QueueJournal>(*store, *ils, config.kioskId, config.location);
    CirculationJournal* j = journal.get();
    if (killAt) {
      killer = std::make_unique<KillJournal>(*journal, *killAt);
      j = killer.get();
    }
    engine = std::make_unique<CirculationEngine>(config, *reader, *ils, *j, clock, events);
  }
  /// Closes everything the kiosk process holds (before a fork, or a restart).
  void stopKiosk() {
    engine.reset();
    killer.reset();
    journal.reset();
    store.reset();
    ils.reset();
    reader.reset();
  }
  /// Puts an item tag on the pad (secured, as it sits on the shelf).
  std::string place(const std::string& item, int parts = 1, int ordinal = 1) {
    char uid[32];
    std::snprintf(uid, sizeof uid, "04A0%010X", ++m_uids);
    json req{{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uid}, {"item", item}, {"secured", true}};
    if (parts > 1) {
      req["parts"] = parts;
      req["ordinal"] = ordinal;
    }
    auto reply = padCtl->call(req);
    EXPECT_EQ(reply.value("ok", false), true) << reply.dump();
    return uid;
  }
  std::string security(const std::string& uid) {
    auto l = padCtl->call({{"cmd", "list"}});
    for (const auto& t : l["tags"]) {
      if (t.value("uid", "") == uid) return t.value("security", "");
    }
    return "absent";
  }
  std::string borrower(const std::string& item) { return ilsCtl->call({{"cmd", "item"}, {"item", item}}).value("borrower", ""); }
  void clearPad() { padCtl->call({{"cmd", "clear"}}); }
  const ItemOutcome* outcome(const std::string& item, Action a = Action::checkout) {
    for (const auto& o : events.outcomes) {
      if (o.itemId == item && o.action == a) return &o;
    }
    return nullptr;
  }

  fs::path dir;
  SystemClock clock;
  std::unique_ptr<SimDevice> ilsProc, readerProc;
  std::unique_ptr<ControlLine> ilsCtl, padCtl;
  CirculationConfig config;
  RecordingListener events;
  std::unique_ptr<rfid::TagReader> reader;
  std::unique_ptr<sip2::Sip2Ils> ils;
  std::unique_ptr<queue::QueueStore> store;
  std::unique_ptr<QueueJournal> journal;
  std::unique_ptr<CirculationEngine> engine;
  std::optional<FakeJournal::Kill> killAt;
  std::unique_ptr<CirculationJournal> killer;

private:
  unsigned m_uids = 0;
};

TEST_F(Scenario, StackOfTenIsLentAndEveryTagUnsecured) {
  // 1. Ten books lie on the pad before the patron arrives.
  // (10000103 is on loan to someone else in the simulator's library.)
  std::vector<std::string> items{"10000102", "10000104", "10000105", "10000106", "10000107",
                                 "10000108", "10000109", "10000110", "10000111", "10000112"};
  std::vector<std::string> uids;
  for (const auto& it : items) uids.push_back(place(it));
  // 2. The patron identifies with card number and PIN.
  auto login = engine->login("P100008", "1234");
  ASSERT_TRUE(login.ok) << toString(login.reason);
  // 3. One checkout: each of the ten gets a due date.
  engine->checkout();
  ASSERT_EQ(events.outcomes.size(), 10u);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto* o = outcome(items[i]);
    ASSERT_NE(o, nullptr) << items[i];
    EXPECT_TRUE(o->ok) << items[i] << ": " << o->reason << " " << o->ilsText;
    EXPECT_TRUE(o->dueDate.has_value());
    // 4. The ILS holds the loan and the tag reads back unsecured.
    EXPECT_EQ(borrower(items[i]), "P100008");
    EXPECT_EQ(security(uids[i]), "unsecured");
  }
  // 5. Done: the receipt lists ten loans.
  engine->endSession();
  ASSERT_EQ(events.receipts.size(), 1u);
  EXPECT_EQ(events.receipts[0].lines.size(), 10u);
  EXPECT_TRUE(journal->unfinished()->empty());
}

TEST_F(Scenario, PatronWhoTakesTheCardAwayIsLoggedOutAndWiped) {
  config.endOnCardRemoval = true;
  start();
  // 1. A patron taps a MIFARE card holding their ISO 28560 patron data and puts a book down.
  auto card = padCtl->call({{"cmd", "place"}, {"kind", "mfc1k"}, {"uid", "A1B2C3D4"}, {"patron", "P100008"}});
  ASSERT_EQ(card.value("ok", false), true) << card.dump();
  place("10000110");
  auto login = engine->login("", "1234");
  ASSERT_TRUE(login.ok) << toString(login.reason);
  ASSERT_EQ(login.patron->patronId, "P100008");
  engine->checkout();
  ASSERT_NE(outcome("10000110"), nullptr);
  EXPECT_TRUE(outcome("10000110")->ok);
  engine->tick();
  EXPECT_TRUE(engine->loggedIn()) << "the card is still on the pad";
  // 2. They walk off with the book and the card: the next tick ends the session (read through
  //    real libnfc), the receipt is issued and nothing of the patron is left to act on.
  padCtl->call({{"cmd", "remove"}, {"uid", "A1B2C3D4"}});
  engine->tick();
  EXPECT_FALSE(engine->loggedIn());
  ASSERT_EQ(events.ended.size(), 1u);
  EXPECT_EQ(events.ended[0], SessionEndReason::cardRemoved);
  ASSERT_EQ(events.receipts.size(), 1u);
  EXPECT_EQ(events.receipts[0].lines.size(), 1u);
  engine->renewAll();
  EXPECT_EQ(events.messages.back().first, Outcome::loginRequired);
}

TEST_F(Scenario, ThreePartSetWithOnePartMissingIsRefusedWhole) {
  // 1. Two of the three parts of a set are on the pad.
  auto p1 = place("10000005", 3, 1);
  auto p3 = place("10000005", 3, 3);
  ASSERT_TRUE(engine->login("P100008", "1234").ok);
  // 2. Checkout refuses the set and says how many parts to bring.
  engine->checkout();
  const auto* o = outcome("10000005");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->reason, Outcome::incompleteSet);
  EXPECT_EQ(o->partsPresent, 2);
  EXPECT_EQ(borrower("10000005"), "");
  EXPECT_EQ(security(p1), "secured");
  EXPECT_EQ(security(p3), "secured");
  // 3. The missing part is added: the whole set is lent, every part unsecured.
  auto p2 = place("10000005", 3, 2);
  events.outcomes.clear();
  engine->checkout();
  o = outcome("10000005");
  ASSERT_NE(o, nullptr);
  EXPECT_TRUE(o->ok) << o->ilsText;
  EXPECT_EQ(o->parts, 3);
  EXPECT_EQ(borrower("10000005"), "P100008");
  for (const auto& u : {p1, p2, p3}) EXPECT_EQ(security(u), "unsecured");
}

TEST_F(Scenario, ItemOnHoldForSomeoneElseAndReferenceItemAreRefused) {
  // 1. A book waiting on the hold shelf for another patron, and a reference book.
  auto held = place("10000003");
  auto ref = place("10000004");
  ASSERT_TRUE(engine->login("P100008", "1234").ok);
  // 2. Both are refused with a reason; neither tag changes.
  engine->checkout();
  const auto* h = outcome("10000003");
  ASSERT_NE(h, nullptr);
  EXPECT_FALSE(h->ok);
  EXPECT_EQ(h->reason, Outcome::refused);
  EXPECT_FALSE(h->ilsText.empty()) << "the ILS says why";
  const auto* r = outcome("10000004");
  ASSERT_NE(r, nullptr);
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(security(held), "secured");
  EXPECT_EQ(security(ref), "secured");
  EXPECT_EQ(borrower("10000003"), "");
}

TEST_F(Scenario, BlockedPatronAndWrongPin) {
  place("10000001");
  // 1. A blocked patron is told why and cannot borrow.
  auto blocked = engine->login("P100002", "1234");
  ASSERT_TRUE(blocked.ok);
  EXPECT_EQ(blocked.reason, Outcome::blocked);
  ASSERT_TRUE(blocked.patron.has_value());
  EXPECT_FALSE(blocked.patron->ilsMessages.empty()) << "the ILS says why";
  engine->checkout();
  EXPECT_EQ(borrower("10000001"), "");
  engine->endSession();
  // 2. A wrong PIN is refused and nothing is kept.
  auto wrong = engine->login("P100001", "9999");
  EXPECT_FALSE(wrong.ok);
  EXPECT_EQ(wrong.reason, Outcome::wrongPin);
  EXPECT_FALSE(engine->loggedIn());
}

TEST_F(Scenario, TagWriteFailureOnItem4Of6UndoesThatLoan) {
  // 1. Six books; the fourth tag refuses every write.
  std::vector<std::string> items{"10000104", "10000105", "10000106", "10000107", "10000108", "10000109"};
  std::vector<std::string> uids;
  for (const auto& it : items) uids.push_back(place(it));
  padCtl->call({{"cmd", "fault"}, {"uid", uids[3]}, {"fault", "write-fails"}});
  ASSERT_TRUE(engine->login("P100008", "1234").ok);
  // 2. Checkout: five lent; the fourth is undone at the ILS and the patron sent to staff.
  engine->checkout();
  const auto* o4 = outcome(items[3]);
  ASSERT_NE(o4, nullptr);
  EXPECT_EQ(o4->reason, Outcome::tagWriteFailed);
  EXPECT_TRUE(o4->seeStaff);
  EXPECT_EQ(borrower(items[3]), "") << "the loan whose tag failed is undone";
  EXPECT_EQ(security(uids[3]), "secured");
  for (std::size_t i : {0u, 1u, 2u, 4u, 5u}) {
    EXPECT_TRUE(outcome(items[i])->ok);
    EXPECT_EQ(borrower(items[i]), "P100008");
    EXPECT_EQ(security(uids[i]), "unsecured");
  }
  EXPECT_TRUE(journal->unfinished()->empty());
}

TEST_F(Scenario, ReturnWithAHoldWaitingAtAnotherBranch) {
  // 1. A book on loan, reserved by a patron who collects in Vilnius, is put on the pad
  //    (unsecured, as it left the library). No login.
  auto uid = place("10000007");
  padCtl->call({{"cmd", "remove"}, {"uid", uid}});
  json req{{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uid}, {"item", "10000007"}, {"secured", false}};
  padCtl->call(req);
  ASSERT_EQ(security(uid), "unsecured");
  // 2. Return: the tag is secured, the ILS checks it in, the sorting hint says where it goes.
  engine->checkin();
  const auto* r = outcome("10000007", Action::checkin);
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->ok) << r->ilsText;
  EXPECT_EQ(r->sortHint, SortHint::holdOtherBranch);
  EXPECT_EQ(r->destination, "LT-00001");
  EXPECT_EQ(security(uid), "secured");
  EXPECT_EQ(borrower("10000007"), "");
}

TEST_F(Scenario, RenewAllWithOneRefusal) {
  // 1. Anna has two loans; one of them is reserved by others.
  ASSERT_TRUE(engine->login("P100001", "1234").ok);
  // 2. Renew all: one renewed with a new due date, the reserved one refused.
  engine->renewAll();
  const auto* ok = outcome("10000002", Action::renew);
  const auto* no = outcome("10000007", Action::renew);
  ASSERT_NE(ok, nullptr);
  ASSERT_NE(no, nullptr);
  EXPECT_TRUE(ok->ok);
  EXPECT_FALSE(no->ok);
}

TEST_F(Scenario, HoldPlacementAndCancellation) {
  // 1. Kārlis reserves a book that is on loan, for pickup at the Riga branch.
  ASSERT_TRUE(engine->login("P100008", "1234").ok);
  engine->placeHold("10000002", "LV-00002");
  const auto& placed = events.outcomes.back();
  EXPECT_TRUE(placed.ok) << toString(placed.reason);
  EXPECT_EQ(placed.reason, Outcome::holdPlaced);
  // 2. The library system holds it for him with that pickup branch. (The account screen lists
  //    only the holds SIP2 counts as "hold items"; a hold on a lent item is an "unavailable
  //    hold", which the SIP2 client does not fetch yet — reported to the sip2 owner.)
  engine->account();
  ASSERT_FALSE(events.accounts.empty());
  auto patron = ilsCtl->call({{"cmd", "patron"}, {"patron", "P100008"}});
  bool found = false;
  for (const auto& h : patron["holds"]) found |= h.value("item", "") == "10000002" && h.value("pickup", "") == "LV-00002";
  EXPECT_TRUE(found) << patron.dump();
  // 3. He cancels it; the ILS no longer holds it for him.
  engine->cancelHold("10000002", "LV-00002");
  EXPECT_EQ(events.outcomes.back().reason, Outcome::holdCancelled) << events.outcomes.back().ilsText;
  auto item = ilsCtl->call({{"cmd", "item"}, {"item", "10000002"}});
  for (const auto& h : item["holds"]) EXPECT_NE(h.value("patron", ""), "P100008");
}

TEST_F(Scenario, IlsDownMidStackGoesOfflineThenReplaysWithoutDoubling) {
  config.offline.mode = OfflineMode::returnsAndCheckouts;
  config.offline.maxCheckoutsPerSession = 10;
  config.concurrency = 1;
  start();
  // 1. Four books; the ILS will swallow the reply about the second one.
  std::vector<std::string> items{"10000102", "10000105", "10000106", "10000107"};
  std::vector<std::string> uids;
  for (const auto& it : items) uids.push_back(place(it));
  auto f = ilsCtl->call({{"cmd", "fault"}, {"drop_item", "10000105"}});
  ASSERT_EQ(f.value("ok", false), true) << f.dump();
  ASSERT_TRUE(engine->login("P100008", "1234").ok);
  // 2. Checkout: the first lent online, the lost reply's outcome unknown, the rest lent offline.
  engine->checkout();
  ASSERT_EQ(events.outcomes.size(), 4u);
  int online = 0, provisional = 0, unknown = 0;
  for (const auto& o : events.outcomes) {
    online += o.ok && !o.provisional;
    provisional += o.ok && o.provisional;
    unknown += o.reason == Outcome::ilsUnreachable;
  }
  EXPECT_EQ(online + provisional + unknown, 4);
  EXPECT_EQ(unknown, 1);
  EXPECT_EQ(online + provisional, 3);
  engine->endSession();
  EXPECT_EQ(events.receipts.at(0).provisional, provisional > 0);
  // 3. The ILS answers again: recovery settles the unknown one, the queue replays the rest.
  ilsCtl->call({{"cmd", "clear_faults"}});
  auto left = engine->recover();
  ASSERT_TRUE(left.ok());
  queue::SyncConfig sc;
  sc.kiosk = config.kioskId;
  queue::SyncEngine sync(*store, *ils, clock, sc, circulation::Recovered::withoutEngine());
  for (int i = 0; i < 5; ++i) (void)sync.tick();
  // 4. Every lent item is lent exactly once and unsecured; the unknown one is not lent, secured.
  for (std::size_t i = 0; i < items.size(); ++i) {
    const bool lent = borrower(items[i]) == "P100008";
    EXPECT_EQ(security(uids[i]), lent ? "unsecured" : "secured") << items[i];
    auto counts = ilsCtl->call({{"cmd", "checkouts"}, {"item", items[i]}});
    const int applied = counts["checkouts"].value(items[i], 0) - counts["cancelled"].value(items[i], 0);
    EXPECT_EQ(applied, lent ? 1 : 0) << "nothing lost, nothing doubled: " << counts.dump();
  }
  EXPECT_TRUE(journal->unfinished()->empty());
}

// A kiosk process killed (SIGKILL) at every journal step of a checkout and of a return, then
// restarted over the same database, real reader and ILS: recovery finishes or undoes the step.
struct KillStep {
  TxKind kind;
  Step step;
  bool persisted;
};

class KillScenario : public Scenario, public testing::WithParamInterface<KillStep> {};

TEST_P(KillScenario, KillAtJournalStepThenRestartRecovers) {
  const auto c = GetParam();
  const std::string item = "10000110";
  // 1. The book is on the pad (on loan already when the story is a return).
  auto uid = place(item);
  if (c.kind == TxKind::checkin) {
    ASSERT_TRUE(engine->login("P100008", "1234").ok);
    engine->checkout();
    engine->endSession();
    ASSERT_EQ(borrower(item), "P100008");
  }
  stopKiosk();
  // 2. A kiosk process starts, and is killed at the chosen step.
  const pid_t pid = ::fork();
  if (pid == 0) {
    killAt = FakeJournal::Kill{c.kind, c.step, c.persisted, item};
    start();
    if (!engine) ::_exit(2);
    if (c.kind == TxKind::checkout) {
      (void)engine->login("P100008", "1234");
      engine->checkout();
    } else {
      engine->checkin();
    }
    ::_exit(3);  // the kill point was never reached
  }
  ASSERT_GT(pid, 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child status " << status;
  // 3. Restart over the same database; recovery runs before anything else.
  killAt.reset();
  start();
  auto left = engine->recover();
  ASSERT_TRUE(left.ok()) << left.error().describe();
  EXPECT_EQ(*left, 0);
  EXPECT_TRUE(journal->unfinished()->empty());
  // 4. Then the queue's replay, as the kiosk runs it: a return released to the queue (tag
  //    already secured) reaches the ILS here.
  queue::SyncConfig sc;
  sc.kiosk = config.kioskId;
  queue::SyncEngine sync(*store, *ils, clock, sc, circulation::Recovered::withoutEngine());
  for (int i = 0; i < 3; ++i) (void)sync.tick();
  EXPECT_EQ(store->list({queue::TxnState::pending, queue::TxnState::sending, queue::TxnState::uncertain})->size(), 0u);
  // 5. ILS and tag agree: lent ⇔ unsecured; and the loan was applied at most once.
  const bool lent = borrower(item) == "P100008";
  EXPECT_EQ(security(uid), lent ? "unsecured" : "secured") << (lent ? "lent" : "not lent");
  auto counts = ilsCtl->call({{"cmd", "checkouts"}, {"item", item}});
  const int applied = counts["checkouts"].value(item, 0) - counts["cancelled"].value(item, 0);
  EXPECT_LE(applied, 1) << counts.dump();
}

std::vector<KillStep> killSteps() {
  std::vector<KillStep> out;
  for (bool persisted : {true, false}) {
    for (Step s : {Step::intent, Step::ilsDone, Step::tagDone, Step::done}) out.push_back({TxKind::checkout, s, persisted});
    for (Step s : {Step::intent, Step::tagDone, Step::ilsDone}) out.push_back({TxKind::checkin, s, persisted});
  }
  return out;
}

std::string killStepName(const testing::TestParamInfo<KillStep>& info) {
  std::string s = std::string(toString(info.param.kind)) + "_" + std::string(toString(info.param.step)) +
                  (info.param.persisted ? "_persisted" : "_lost");
  std::replace(s.begin(), s.end(), '-', '_');
  return s;
}

INSTANTIATE_TEST_SUITE_P(EveryStep, KillScenario, testing::ValuesIn(killSteps()), killStepName);

} // namespace
