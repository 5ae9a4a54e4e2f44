// QueueStore: durability across reopen, the journal, the caches, and every kind of bad database
// (corrupt, truncated, empty, locked, newer schema, full disk) ending in a clear error with the
// file kept and nothing lost.
#include "drivers/sqlite/queue/sqlitequeuestore.h"
#include "drivers/sqlite/sqlitedb.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace lasis;
using namespace lasis::queue;
using lasis::storage::SqliteDb;
namespace fs = std::filesystem;

namespace {

class QueueStoreTest : public ::testing::Test {
protected:
  void SetUp() override {
    auto name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    m_dir = fs::temp_directory_path() / ("lasis-queue-store-" + std::string(name) + "-" + std::to_string(::getpid()));
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
    m_file = m_dir / "queue.db";
  }
  void TearDown() override { fs::remove_all(m_dir); }

  StoreOptions fastPins() {
    StoreOptions o;
    o.pinOpsLimit = crypto_pwhash_OPSLIMIT_MIN;
    o.pinMemLimit = crypto_pwhash_MEMLIMIT_MIN;
    return o;
  }
  std::unique_ptr<QueueStore> openOk(StoreOptions o = {}) {
    if (!o.pinOpsLimit) o = fastPins();
    auto s = SqliteQueueStore::open(m_file, m_clock, o);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().describe());
    return s.ok() ? std::move(*s) : nullptr;
  }
  static NewTxn checkout(const std::string& item, const std::string& patron, bool offline = false) {
    NewTxn t;
    t.kind = Kind::checkout;
    t.itemId = item;
    t.patronId = patron;
    t.kiosk = "k1";
    t.offline = offline;
    return t;
  }
  static NewTxn checkin(const std::string& item) {
    NewTxn t;
    t.kind = Kind::checkin;
    t.itemId = item;
    t.kiosk = "k1";
    return t;
  }
  static std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  /// Files in the directory whose name marks a damaged database kept aside.
  std::vector<fs::path> keptAside() {
    std::vector<fs::path> out;
    for (auto& e : fs::directory_iterator(m_dir)) {
      auto n = e.path().filename().string();
      if (n.find(".corrupt-") != std::string::npos && !n.ends_with("-wal") && !n.ends_with("-shm")) out.push_back(e.path());
    }
    return out;
  }
  /// A database with three transactions in it, closed cleanly.
  void populate() {
    auto s = openOk();
    ASSERT_TRUE(s);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(s->enqueue(checkout("item" + std::to_string(i), "patron")).ok());
  }

  ManualClock m_clock;
  fs::path m_dir;
  fs::path m_file;
};

TEST_F(QueueStoreTest, TransactionsSurviveReopenInTheOrderDone) {
  std::vector<std::string> ids;
  {
    auto s = openOk();
    ASSERT_TRUE(s);
    for (int i = 0; i < 5; ++i) {
      auto t = s->enqueue(i % 2 ? checkin("B" + std::to_string(i)) : checkout("B" + std::to_string(i), "P1"));
      ASSERT_TRUE(t.ok()) << t.error().describe();
      EXPECT_EQ(t->state, TxnState::pending);
      ids.push_back(t->id);
    }
  }
  auto s = openOk();
  ASSERT_TRUE(s);
  auto rows = s->list({});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ((*rows)[i].id, ids[i]);
  EXPECT_EQ((*rows)[0].patronId, "P1");
  EXPECT_EQ((*rows)[1].kind, Kind::checkin);
  auto loan = s->loan("B0");
  ASSERT_TRUE(loan.ok());
  ASSERT_TRUE(loan->has_value());
  EXPECT_FALSE((*loan)->confirmed);
  EXPECT_EQ(s->schemaVersion(), SqliteQueueStore::kSchemaVersion);
}

TEST_F(QueueStoreTest, DatabaseIsInWalMode) {
  populate();
  auto db = SqliteDb::open(m_file, SqliteDb::Mode::readOnly, 100);
  ASSERT_TRUE(db.ok());
  auto st = db->prepare("PRAGMA journal_mode");
  ASSERT_TRUE(st.ok());
  ASSERT_TRUE(st->step().valueOr(false));
  EXPECT_EQ(st->text(0), "wal");
}

TEST_F(QueueStoreTest, ReenqueueingAnIdIsANoOp) {
  auto s = openOk();
  auto t = checkout("B1", "P1");
  t.id = "fixed-1";
  ASSERT_TRUE(s->enqueue(t).ok());
  ASSERT_TRUE(s->enqueue(t).ok());
  EXPECT_EQ(s->list({})->size(), 1u);
}

TEST_F(QueueStoreTest, ReadyGivesEachItemsEarliestUnfinishedTransaction) {
  auto s = openOk();
  auto a1 = *s->enqueue(checkout("A", "P1"));
  auto b1 = *s->enqueue(checkout("B", "P1"));
  (void)*s->enqueue(checkin("A"));
  auto ready = s->ready();
  ASSERT_TRUE(ready.ok());
  ASSERT_EQ(ready->size(), 2u);
  EXPECT_EQ((*ready)[0].id, a1.id);
  EXPECT_EQ((*ready)[1].id, b1.id);
  ASSERT_TRUE(s->markSending(a1.seq).valueOr(false));
  ASSERT_TRUE(s->markDone(a1.seq, "ok", "T", std::nullopt).ok());
  ready = s->ready();
  ASSERT_EQ(ready->size(), 2u);
  EXPECT_EQ((*ready)[1].kind, Kind::checkin);
}

TEST_F(QueueStoreTest, DoneDropsThePatronReferenceAndRefusalKeepsItUntilResolved) {
  auto s = openOk();
  auto a = *s->enqueue(checkout("A", "P-secret-1"));
  auto b = *s->enqueue(checkout("B", "P-secret-2"));
  ASSERT_TRUE(s->markSending(a.seq).valueOr(false));
  ASSERT_TRUE(s->markDone(a.seq, "ok", "Title A", std::nullopt).ok());
  ASSERT_TRUE(s->markSending(b.seq).valueOr(false));
  ASSERT_TRUE(s->markFailed(b.seq, "Patron blocked").ok());
  EXPECT_EQ((*s->get(a.id))->patronId, "");
  auto ex = s->exceptions();
  ASSERT_EQ(ex->size(), 1u);
  EXPECT_EQ(ex->front().patronId, "P-secret-2");
  EXPECT_EQ(ex->front().answer, "Patron blocked");
  EXPECT_FALSE(s->loan("B")->has_value()) << "a refused checkout is no loan";
  ASSERT_TRUE(s->resolveException(b.id, "called the patron").ok());
  EXPECT_TRUE(s->exceptions()->empty());
  EXPECT_EQ((*s->get(b.id))->patronId, "");
  EXPECT_FALSE(s->resolveException(b.id, "again").ok());
}

TEST_F(QueueStoreTest, AFailureHandledAtTheKioskIsClosedInTheSameWrite) {
  auto s = openOk();
  auto a = *s->enqueue(checkout("A", "P-secret-1"));
  ASSERT_TRUE(s->markSending(a.seq).valueOr(false));
  ASSERT_TRUE(s->markFailed(a.seq, "tag write failed", "handled at the kiosk: tag write failed").ok());
  EXPECT_EQ((*s->get(a.id))->state, TxnState::failed);
  EXPECT_TRUE(s->exceptions()->empty()) << "nothing for staff: the patron was told at the kiosk";
  auto all = s->exceptions(true);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().patronId, "") << "closed, so the patron reference goes";
  EXPECT_EQ(s->stats()->openExceptions, 0);
}

TEST_F(QueueStoreTest, ARowTheCallerSendsItselfIsWrittenSendingAndNeverOfferedToTheReplay) {
  auto s = openOk();
  NewTxn t = checkout("S", "P1");
  t.sending = true;
  auto row = s->enqueue(t);
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row->state, TxnState::sending);
  EXPECT_EQ(row->attempts, 1);
  // The replay skips `sending` rows at runtime: it never delivers this one behind the caller's back.
  ASSERT_EQ(s->ready()->size(), 1u);
  EXPECT_EQ(s->ready()->front().state, TxnState::sending);
  // A crash right after the write: at start-up it is an interrupted send, asked about, not resent.
  s.reset();
  s = openOk();
  EXPECT_EQ(*s->recoverInterrupted(), 1);
  EXPECT_EQ((*s->get(row->id))->state, TxnState::uncertain);
}

TEST_F(QueueStoreTest, PurgeRemovesOldFinalRowsButKeepsOpenExceptions) {
  auto s = openOk();
  auto a = *s->enqueue(checkout("A", "P1"));
  auto b = *s->enqueue(checkout("B", "P2"));
  auto c = *s->enqueue(checkout("C", "P3"));
  (void)s->markSending(a.seq);
  ASSERT_TRUE(s->markDone(a.seq, "", "", std::nullopt).ok());
  (void)s->markSending(b.seq);
  ASSERT_TRUE(s->markFailed(b.seq, "no").ok());
  ASSERT_TRUE(s->journal(a.id, Step::ilsDone).ok());
  m_clock.advance(std::chrono::hours(24 * 40));
  auto n = s->purge(m_clock.now() - std::chrono::hours(24 * 30));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  EXPECT_FALSE(s->get(a.id)->has_value());
  EXPECT_TRUE(s->get(b.id)->has_value()) << "an open exception is kept whatever its age";
  EXPECT_TRUE(s->get(c.id)->has_value()) << "unsynced work is never purged";
  EXPECT_TRUE(s->journalOf(a.id)->empty());
  EXPECT_FALSE(s->loan("A")->has_value()) << "an old confirmed loan is forgotten";
  EXPECT_TRUE(s->loan("C")->has_value()) << "an unconfirmed one is not";
}

TEST_F(QueueStoreTest, OfflineCheckoutCollapsesWithItsOwnOfflineReturn) {
  auto s = openOk();
  auto co = *s->enqueue(checkout("A", "P1", /*offline=*/true));
  auto ci = s->enqueue(checkin("A"), /*collapse=*/true);
  ASSERT_TRUE(ci.ok());
  EXPECT_EQ(ci->state, TxnState::collapsed);
  EXPECT_EQ((*s->get(co.id))->state, TxnState::collapsed);
  EXPECT_EQ((*s->get(co.id))->patronId, "");
  EXPECT_TRUE(s->ready()->empty());
  EXPECT_FALSE(s->loan("A")->has_value());

  // Not collapsed: an attempted checkout may have reached the ILS.
  auto co2 = *s->enqueue(checkout("B", "P1", true));
  (void)s->markSending(co2.seq);
  ASSERT_TRUE(s->markUncertain(co2.seq, "timeout").ok());
  auto ci2 = s->enqueue(checkin("B"), true);
  EXPECT_EQ(ci2->state, TxnState::pending);
  // Not collapsed: an online checkout.
  (void)*s->enqueue(checkout("C", "P1", false));
  EXPECT_EQ(s->enqueue(checkin("C"), true)->state, TxnState::pending);
}

TEST_F(QueueStoreTest, InterruptedSendBecomesUncertainAfterReopen) {
  std::string id;
  {
    auto s = openOk();
    auto t = *s->enqueue(checkout("A", "P1"));
    id = t.id;
    ASSERT_TRUE(s->markSending(t.seq).valueOr(false));
  }
  auto s = openOk();
  EXPECT_EQ((*s->get(id))->state, TxnState::sending);
  EXPECT_EQ(s->recoverInterrupted().valueOr(-1), 1);
  EXPECT_EQ((*s->get(id))->state, TxnState::uncertain);
  EXPECT_FALSE(s->markSending((*s->get(id))->seq).valueOr(true)) << "an uncertain row is never sent blindly";
}

TEST_F(QueueStoreTest, JournalListsCheckoutsWhoseTagWasNotFinished) {
  auto s = openOk();
  auto a = *s->enqueue(checkout("A", "P1"));
  auto b = *s->enqueue(checkout("B", "P1"));
  auto c = *s->enqueue(checkout("C", "P1"));
  ASSERT_TRUE(s->journal(a.id, Step::ilsDone).ok());
  ASSERT_TRUE(s->journal(b.id, Step::ilsDone).ok());
  ASSERT_TRUE(s->journal(b.id, Step::tagDone).ok());
  ASSERT_TRUE(s->journal(c.id, Step::ilsDone).ok());
  ASSERT_TRUE(s->journal(c.id, Step::undone).ok());
  EXPECT_FALSE(s->journal("no-such-txn", Step::ilsDone).ok());
  EXPECT_FALSE(s->journal(a.id, Step::intent).ok()) << "intent is the outbox row's, not a journal step";
  auto open = s->unfinishedJournals();
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ(open->front().id, a.id);
  auto steps = *s->journalOf(b.id);
  EXPECT_EQ(steps, (std::vector<Step>{Step::ilsDone, Step::tagDone}));
}

TEST_F(QueueStoreTest, IlsConfirmationIsJournalledWithTheDoneStateAtomically) {
  std::string journaledId, plainId;
  {
    auto s = openOk();
    auto j = checkout("J1", "P1");
    j.journaled = true;
    auto a = *s->enqueue(j);
    auto b = *s->enqueue(checkout("J2", "P1"));
    journaledId = a.id;
    plainId = b.id;
    (void)s->markSending(a.seq);
    (void)s->markSending(b.seq);
    ASSERT_TRUE(s->markDone(a.seq, "ok", "", std::nullopt).ok());
    ASSERT_TRUE(s->markDone(b.seq, "ok", "", std::nullopt).ok());
  }  // the crash: nothing after the ILS's answer ran
  auto s = openOk();
  EXPECT_EQ(*s->journalOf(journaledId), std::vector<Step>{Step::ilsDone});
  EXPECT_TRUE(s->journalOf(plainId)->empty()) << "only transactions the circulation engine journals";
  auto open = *s->unfinishedJournals();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, journaledId);
  EXPECT_TRUE(open[0].journaled);
}

TEST_F(QueueStoreTest, PatronCacheHoldsNeitherPinNorPatronIdInClear) {
  {
    auto s = openOk();
    ASSERT_TRUE(s->cachePatron("23000000123456", "4711", false).ok());
    ASSERT_TRUE(s->cachePatron("23000000999999", "", true).ok());
    EXPECT_EQ(s->checkPatron("23000000123456", "4711").valueOr(PatronCheck::unknown), PatronCheck::ok);
    EXPECT_EQ(s->checkPatron("23000000123456", "1234").valueOr(PatronCheck::unknown), PatronCheck::wrongPin);
    EXPECT_EQ(s->checkPatron("23000000999999", "").valueOr(PatronCheck::unknown), PatronCheck::blocked);
    EXPECT_EQ(s->checkPatron("23000000555555", "4711").valueOr(PatronCheck::ok), PatronCheck::unknown);
  }
  std::string bytes = slurp(m_file);
  EXPECT_EQ(bytes.find("23000000123456"), std::string::npos);
  EXPECT_EQ(bytes.find("4711"), std::string::npos);
  auto s = openOk();
  EXPECT_EQ(s->checkPatron("23000000123456", "4711").valueOr(PatronCheck::unknown), PatronCheck::ok)
      << "the cache survives a restart";
}

TEST_F(QueueStoreTest, CorruptDatabaseIsKeptAsideAndTheKioskStaysOutOfOrder) {
  populate();
  {
    std::fstream f(m_file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(0);
    f << "this is no longer a SQLite header";
  }
  std::string damaged = slurp(m_file);
  auto s = SqliteQueueStore::open(m_file, m_clock, fastPins());
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.error().is(Errc::corrupt)) << s.error().describe();
  auto kept = keptAside();
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(slurp(kept[0]), damaged) << "kept byte for byte";
  EXPECT_NE(s.error().message().find(kept[0].string()), std::string::npos) << "the message says where it is";
  EXPECT_FALSE(fs::exists(m_file));

  // Restarting does not start a fresh, empty queue next to the damaged one.
  auto again = SqliteQueueStore::open(m_file, m_clock, fastPins());
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(again.error().is(Errc::corrupt));
  EXPECT_FALSE(fs::exists(m_file));

  // Once a technician has moved it away, the kiosk starts a new queue.
  fs::rename(kept[0], m_dir.parent_path() / (m_dir.filename().string() + "-reviewed.db"));
  EXPECT_TRUE(openOk() != nullptr);
  fs::remove(m_dir.parent_path() / (m_dir.filename().string() + "-reviewed.db"));
}

TEST_F(QueueStoreTest, TruncatedDatabaseIsKeptAside) {
  {
    auto s = openOk();
    // Enough rows for several pages, so half the file loses b-tree pages.
    for (int i = 0; i < 400; ++i) ASSERT_TRUE(s->enqueue(checkout("item-" + std::to_string(i), "patron")).ok());
  }
  auto size = fs::file_size(m_file);
  fs::resize_file(m_file, size / 2);
  auto s = SqliteQueueStore::open(m_file, m_clock, fastPins());
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.error().is(Errc::corrupt)) << s.error().describe();
  ASSERT_EQ(keptAside().size(), 1u);
  EXPECT_EQ(fs::file_size(keptAside()[0]), size / 2);
}

TEST_F(QueueStoreTest, EmptyFileIsTruncationNotAFreshInstall) {
  populate();
  fs::resize_file(m_file, 0);
  auto s = SqliteQueueStore::open(m_file, m_clock, fastPins());
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.error().is(Errc::corrupt)) << s.error().describe();
  EXPECT_EQ(keptAside().size(), 1u);
}

TEST_F(QueueStoreTest, NewerSchemaIsRefusedAndLeftUntouched) {
  populate();
  {
    auto db = SqliteDb::open(m_file, SqliteDb::Mode::readWrite, 100);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->exec("PRAGMA user_version=99").ok());
  }
  auto before = slurp(m_file);
  auto s = SqliteQueueStore::open(m_file, m_clock, fastPins());
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.error().is(Errc::unsupported)) << s.error().describe();
  EXPECT_NE(s.error().message().find("99"), std::string::npos);
  EXPECT_TRUE(keptAside().empty());
  EXPECT_EQ(slurp(m_file), before);
}

TEST_F(QueueStoreTest, LockedDatabaseGivesBusyAndStaysInPlace) {
  populate();
  auto other = SqliteDb::open(m_file, SqliteDb::Mode::readWrite, 100);
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(other->exec("BEGIN EXCLUSIVE").ok());
  StoreOptions o = fastPins();
  o.busyTimeoutMs = 50;
  auto s = SqliteQueueStore::open(m_file, m_clock, o);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.error().is(Errc::busy)) << s.error().describe();
  EXPECT_TRUE(keptAside().empty());
  ASSERT_TRUE(other->exec("COMMIT").ok());

  // Locked while running: the write fails cleanly and the earlier rows are intact.
  auto open = SqliteQueueStore::open(m_file, m_clock, o);
  ASSERT_TRUE(open.ok());
  ASSERT_TRUE(other->exec("BEGIN EXCLUSIVE").ok());
  auto t = (*open)->enqueue(checkout("X", "P"));
  ASSERT_FALSE(t.ok());
  EXPECT_TRUE(t.error().is(Errc::busy)) << t.error().describe();
  ASSERT_TRUE(other->exec("COMMIT").ok());
  EXPECT_EQ((*open)->list({})->size(), 3u);
  EXPECT_TRUE((*open)->enqueue(checkout("X", "P")).ok());
}

TEST_F(QueueStoreTest, FullDiskFailsTheWriteAndLosesNothingEarlier) {
  StoreOptions o = fastPins();
  o.maxPageCount = 16;
  int stored = 0;
  Error last;
  {
    auto s = SqliteQueueStore::open(m_file, m_clock, o);
    ASSERT_TRUE(s.ok()) << s.error().describe();
    for (int i = 0; i < 10000; ++i) {
      auto t = (*s)->enqueue(checkout("item-with-a-longish-identifier-" + std::to_string(i), "patron-" + std::to_string(i)));
      if (!t.ok()) {
        last = t.error();
        break;
      }
      ++stored;
    }
  }
  EXPECT_TRUE(last.is(Errc::noSpace)) << last.describe();
  ASSERT_GT(stored, 0);
  EXPECT_TRUE(keptAside().empty());
  auto s = openOk();  // no size cap: the disk has room again
  ASSERT_TRUE(s);
  auto rows = s->list({}, 100000);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(static_cast<int>(rows->size()), stored) << "every acknowledged transaction survived";
  EXPECT_TRUE(s->enqueue(checkout("after", "P")).ok());
}

TEST_F(QueueStoreTest, ReadOnlyToolsNeverRenameOrMigrate) {
  populate();
  {
    std::fstream f(m_file, std::ios::in | std::ios::out | std::ios::binary);
    f << "garbage garbage garbage garbage";
  }
  StoreOptions o;
  o.readOnly = true;
  auto s = SqliteQueueStore::open(m_file, m_clock, o);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.error().is(Errc::corrupt)) << s.error().describe();
  EXPECT_TRUE(fs::exists(m_file));
  EXPECT_TRUE(keptAside().empty());
  auto missing = SqliteQueueStore::open(m_dir / "absent.db", m_clock, o);
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.error().is(Errc::notFound));
  EXPECT_FALSE(fs::exists(m_dir / "absent.db"));
}

} // namespace

namespace {
/// The journal table as versions 1 and 2 shipped it (their own step names).
constexpr const char* kVersionTwoJournal =
    "DROP TABLE journal;"
    "CREATE TABLE journal(txn_id TEXT NOT NULL,"
    "  step TEXT NOT NULL CHECK (step IN ('ils_done', 'tag_written', 'tag_verified', 'undone')),"
    "  at INTEGER NOT NULL, PRIMARY KEY (txn_id, step));";
} // namespace

// A kiosk updated from version 2 keeps what its journal says, in the engine's steps: a tag that
// was written but never verified is still unfinished (recovery must look at it), a verified one
// is tag-done, an undone loan stays undone.
TEST_F(QueueStoreTest, AVersionTwoJournalMigratesToTheEnginesStepsKeepingWhatIsUnfinished) {
  std::string a, b, c;
  {
    auto s = openOk();
    NewTxn t = checkout("A", "P1");
    t.journaled = true;
    a = s->enqueue(t)->id;
    t = checkout("B", "P1");
    t.journaled = true;
    b = s->enqueue(t)->id;
    t = checkout("C", "P1");
    t.journaled = true;
    c = s->enqueue(t)->id;
  }
  {
    auto db = SqliteDb::open(m_file, SqliteDb::Mode::readWrite, 2000);
    ASSERT_TRUE(db.ok());
    const std::string steps = "INSERT INTO journal VALUES ('" + a + "', 'ils_done', 1), ('" + a + "', 'tag_written', 2), ('" +
                              b + "', 'ils_done', 1), ('" + b + "', 'tag_written', 2), ('" + b + "', 'tag_verified', 3), ('" +
                              c + "', 'ils_done', 1), ('" + c + "', 'undone', 2);";
    ASSERT_TRUE(db->exec(std::string(kVersionTwoJournal) + steps + "PRAGMA user_version=2").ok());
  }
  auto s = openOk();
  EXPECT_EQ(s->schemaVersion(), SqliteQueueStore::kSchemaVersion);
  auto open = *s->unfinishedJournals();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, a) << "a tag written but never verified must still be looked at";
  EXPECT_EQ(*s->journalOf(a), std::vector<Step>{Step::ilsDone});
  EXPECT_EQ(*s->journalOf(b), (std::vector<Step>{Step::ilsDone, Step::tagDone}));
  EXPECT_EQ(*s->journalOf(c), (std::vector<Step>{Step::ilsDone, Step::undone}));
}

// A kiosk updated in the field opens its version-1 queue (no tag column): the file migrates in
// place, the rows waiting in it stay and read with no tags, and new rows keep theirs.
TEST_F(QueueStoreTest, AVersionOneQueueMigratesKeepingItsRowsAndNewRowsKeepTheirTags) {
  {
    auto s = openOk();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->enqueue(checkout("OLD1", "P1", true)).ok());
  }
  {
    // Back to the shipped version 1: the column version 2 added is dropped, and the journal
    // speaks its old steps again.
    auto db = SqliteDb::open(m_file, SqliteDb::Mode::readWrite, 2000);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->exec("ALTER TABLE outbox DROP COLUMN tag_uids;" + std::string(kVersionTwoJournal) +
                         "PRAGMA user_version=1")
                    .ok());
  }
  auto s = openOk();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->schemaVersion(), SqliteQueueStore::kSchemaVersion);
  auto rows = s->list({});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().itemId, "OLD1");
  EXPECT_TRUE(rows->front().tagUids.empty());
  NewTxn t = checkout("NEW1", "P1", true);
  t.tagUids = {"E0040100AA000001", "E0040100AA000002"};
  ASSERT_TRUE(s->enqueue(t).ok());
  auto fresh = s->nextFor("NEW1");
  ASSERT_TRUE(fresh.ok() && *fresh);
  EXPECT_EQ((*fresh)->tagUids, t.tagUids);
}
