// Black-box: the real `lasis queue …` binary on a queue database written by QueueStore.
#include "drivers/sqlite/queue/sqlitequeuestore.h"
#include "tests/support/childprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

using namespace lasis;
using namespace lasis::queue;
namespace fs = std::filesystem;

namespace {

struct Run {
  int rc = -1;
  bool signalled = false;  ///< killed by a signal, or by the outer time limit
  std::string out;
};

/// Runs `lasis` with an outer time limit so a hang fails instead of blocking the suite; its stderr
/// goes to `stderrTo` ("2>&1", "2>/dev/null", "2>FILE").
Run runLasis(const std::string& args, const std::string& stderrTo) {
  std::string cmd = "timeout 30 " + std::string(LASIS_BIN_DIR) + "/lasis " + args + " " + stderrTo;
  Run r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = ::pclose(p);
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  // `timeout` reports a child killed by a signal as 128 + signal.
  r.signalled = !WIFEXITED(status) || r.rc >= 124;
  return r;
}

Run lasis(const std::string& args, bool mergeStderr = false) {
  return runLasis(args, mergeStderr ? "2>&1" : "2>/dev/null");
}

class QueueCliTest : public ::testing::Test {
protected:
  void SetUp() override {
    auto name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    m_dir = fs::temp_directory_path() / ("lasis-queue-cli-" + std::string(name) + "-" + std::to_string(::getpid()));
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
    m_db = (m_dir / "queue.db").string();
    auto s = SqliteQueueStore::open(m_db, m_clock);
    ASSERT_TRUE(s.ok());
    auto& store = **s;
    auto add = [&](Kind k, const std::string& item, const std::string& patron) {
      NewTxn t;
      t.kind = k;
      t.itemId = item;
      t.patronId = patron;
      t.kiosk = "k1";
      t.when = m_clock.now();
      return *store.enqueue(t);
    };
    auto a = add(Kind::checkout, "ITEM-A", "PATRON-A");
    auto b = add(Kind::checkout, "ITEM-B", "PATRON-B");
    (void)add(Kind::checkin, "ITEM-C", "");
    (void)store.markSending(a.seq);
    ASSERT_TRUE(store.markDone(a.seq, "ok", "A title, with a comma", std::nullopt).ok());
    (void)store.markSending(b.seq);
    ASSERT_TRUE(store.markFailed(b.seq, "Patron blocked").ok());
  }
  void TearDown() override { fs::remove_all(m_dir); }

  ManualClock m_clock;
  fs::path m_dir;
  std::string m_db;
};

TEST_F(QueueCliTest, StatsJsonCountsEachState) {
  auto r = lasis("queue stats --json --db " + m_db);
  ASSERT_EQ(r.rc, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["pending"], 1);
  EXPECT_EQ(j["done"], 1);
  EXPECT_EQ(j["failed"], 1);
  EXPECT_EQ(j["open_exceptions"], 1);
  EXPECT_EQ(j["schema_version"], SqliteQueueStore::kSchemaVersion);
  EXPECT_FALSE(j["oldest_unsynced"].is_null());
  auto human = lasis("queue stats --db " + m_db);
  ASSERT_EQ(human.rc, 0);
  EXPECT_NE(human.out.find("1 open"), std::string::npos) << human.out;
}

TEST_F(QueueCliTest, ListShowsUnsyncedWorkWithoutPatrons) {
  auto r = lasis("queue list --json --db " + m_db);
  ASSERT_EQ(r.rc, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["item"], "ITEM-C");
  EXPECT_EQ(j[0]["kind"], "checkin");
  auto all = nlohmann::json::parse(lasis("queue list --all --json --db " + m_db).out);
  EXPECT_EQ(all.size(), 3u);
  EXPECT_EQ(lasis("queue list --all --db " + m_db).out.find("PATRON-"), std::string::npos);
}

TEST_F(QueueCliTest, ExceptionsNameThePatronAndTheIlsAnswer) {
  auto r = lasis("queue exceptions --json --db " + m_db);
  ASSERT_EQ(r.rc, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["item"], "ITEM-B");
  EXPECT_EQ(j[0]["patron"], "PATRON-B");
  EXPECT_EQ(j[0]["answer"], "Patron blocked");
  auto human = lasis("queue exceptions --db " + m_db);
  EXPECT_NE(human.out.find("Patron blocked"), std::string::npos);
}

TEST_F(QueueCliTest, ResolveClosesAnExceptionAndForgetsThePatron) {
  auto j = nlohmann::json::parse(lasis("queue exceptions --json --db " + m_db).out);
  ASSERT_EQ(j.size(), 1u);
  std::string id = j[0]["id"];
  auto r = lasis("queue resolve --db " + m_db + " --id " + id + " --note 'called the patron'", true);
  ASSERT_EQ(r.rc, 0) << r.out;
  EXPECT_TRUE(nlohmann::json::parse(lasis("queue exceptions --json --db " + m_db).out).empty());
  auto all = nlohmann::json::parse(lasis("queue exceptions --all --json --db " + m_db).out);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]["staff_note"], "called the patron");
  EXPECT_EQ(all[0]["patron"], "");
  EXPECT_NE(lasis("queue resolve --db " + m_db + " --id " + id, true).rc, 0) << "already resolved";
}

TEST_F(QueueCliTest, ResolveTakesTheNumberTheTableShows) {
  auto j = nlohmann::json::parse(lasis("queue exceptions --json --db " + m_db).out);
  ASSERT_EQ(j.size(), 1u);
  const auto seq = std::to_string(j[0]["seq"].get<std::int64_t>());
  // The human table starts the row with that number.
  auto table = lasis("queue exceptions --db " + m_db).out;
  EXPECT_NE(table.find("\n" + seq + " "), std::string::npos) << table;
  EXPECT_NE(lasis("queue resolve --db " + m_db + " --seq 9999", true).rc, 0) << "no such exception";
  EXPECT_NE(lasis("queue resolve --db " + m_db, true).rc, 0) << "which one must be said";
  auto r = lasis("queue resolve --db " + m_db + " --seq " + seq + " --note 'by number'", true);
  ASSERT_EQ(r.rc, 0) << r.out;
  EXPECT_TRUE(nlohmann::json::parse(lasis("queue exceptions --json --db " + m_db).out).empty());
}

TEST_F(QueueCliTest, ExportWritesEveryRowAsCsvOrJson) {
  auto out = (m_dir / "export.csv").string();
  ASSERT_EQ(lasis("queue export --db " + m_db + " --out " + out).rc, 0);
  std::ifstream f(out);
  std::vector<std::string> lines;
  for (std::string l; std::getline(f, l);) lines.push_back(l);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].rfind("seq,id,kind,item,patron", 0), 0u);
  EXPECT_NE(lines[1].find("\"A title, with a comma\""), std::string::npos) << lines[1];
  auto j = nlohmann::json::parse(lasis("queue export --json --db " + m_db).out);
  EXPECT_EQ(j.size(), 3u);
}

TEST_F(QueueCliTest, ReplayToAnUnreachableIlsKeepsEverythingQueued) {
  auto r = lasis("queue replay --ils 'sip2://kiosk:kiosk-pass@127.0.0.1:1?timeout_ms=200' --timeout 2 --json --db " + m_db,
                 false);
  EXPECT_NE(r.rc, 0) << r.out;
  auto j = nlohmann::json::parse(lasis("queue stats --json --db " + m_db).out);
  EXPECT_EQ(j["pending"].get<int>() + j["uncertain"].get<int>(), 1) << "nothing lost";
  EXPECT_EQ(j["failed"], 1) << "the open exception stays";
  auto missing = lasis("queue replay --ils sip2://127.0.0.1:1 --timeout 1 --db " + (m_dir / "typo.db").string(), true);
  EXPECT_EQ(missing.rc, 1);
  EXPECT_FALSE(fs::exists(m_dir / "typo.db")) << "replay never creates a queue";
}

TEST_F(QueueCliTest, DamagedDatabaseIsReportedAndLeftWhereItIs) {
  {
    std::fstream f(m_db, std::ios::in | std::ios::out | std::ios::binary);
    f << "not a database at all, not at all";
  }
  auto r = lasis("queue stats --db " + m_db, true);
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.out.find("corrupt"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(m_db)) << "a read-only tool never moves the file";
  auto missing = lasis("queue stats --db " + (m_dir / "nope.db").string(), true);
  EXPECT_EQ(missing.rc, 1);
  EXPECT_FALSE(fs::exists(m_dir / "nope.db"));
}

// ---- salvage of a damaged (quarantined) database ----

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// Runs `lasis` with stdout and stderr kept apart (the export's data and its salvage note).
struct SplitRun : Run {
  std::string err;
};
SplitRun lasisSplit(const std::string& args, const fs::path& errFile) {
  SplitRun r;
  static_cast<Run&>(r) = runLasis(args, "2>" + errFile.string());
  r.err = slurp(errFile);
  return r;
}

/// A kiosk's queue of 120 transactions (four or five table pages) written by the real QueueStore, closed, then kept aside
/// under the name the kiosk gives a damaged database; the tests damage it as the field does.
class QueueSalvageTest : public ::testing::Test {
protected:
  static constexpr int kTxns = 120;

  void SetUp() override {
    auto name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    m_dir = fs::temp_directory_path() / ("lasis-queue-salvage-" + std::string(name) + "-" + std::to_string(::getpid()));
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
    m_err = m_dir.string() + ".stderr";  // outside the directory whose listing is checked
    auto live = m_dir / "kiosk.db";
    {
      auto s = SqliteQueueStore::open(live, m_clock);
      ASSERT_TRUE(s.ok()) << s.error().describe();
      for (int i = 0; i < kTxns; ++i) {
        NewTxn t;
        t.kind = i % 3 == 2 ? Kind::checkin : Kind::checkout;
        t.itemId = "3900012345" + std::to_string(1000 + i);
        t.patronId = t.kind == Kind::checkout ? "P-2000" + std::to_string(i) : "";
        t.kiosk = "k1";
        t.offline = true;
        t.when = m_clock.now();
        auto q = (*s)->enqueue(t);
        ASSERT_TRUE(q.ok()) << q.error().describe();
        m_ids.push_back(q->id);
        if (i % 2 == 0) {
          ASSERT_TRUE((*s)->markSending(q->seq).ok());
          ASSERT_TRUE((*s)->markDone(q->seq, "ok", "A book title number " + std::to_string(i) + ", with a subtitle",
                                     std::nullopt).ok());
        }
      }
    }
    ASSERT_FALSE(fs::exists(live.string() + "-wal")) << "closed cleanly: everything is in the file";
    m_db = m_dir / "kiosk.db.corrupt-20250301T101500Z";
    fs::rename(live, m_db);
  }
  void TearDown() override {
    fs::remove_all(m_dir);
    fs::remove(m_err);
  }

  /// Overwrites `n` bytes at `offset` of the evidence file, in place.
  void overwrite(std::size_t offset, std::size_t n, char byte) {
    std::fstream f(m_db, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(offset));
    f << std::string(n, byte);
  }
  /// Where the outbox row of transaction `i` lies in the file: its id followed by its kind is
  /// found only in the table's record (the id index and the loan cache store other neighbours).
  std::size_t rowOffset(int i) {
    auto bytes = slurp(m_db);
    auto at = bytes.find(m_ids[static_cast<std::size_t>(i)] + "check");
    EXPECT_NE(at, std::string::npos);
    return at;
  }
  std::size_t pageSize() {
    auto bytes = slurp(m_db);
    std::size_t v = (static_cast<unsigned char>(bytes[16]) << 8) | static_cast<unsigned char>(bytes[17]);
    return v == 1 ? 65536 : v;
  }
  /// Nothing may appear beside the evidence, and its bytes must not change.
  void expectEvidenceUntouched(const std::string& before) {
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
      EXPECT_FALSE(fs::exists(m_db.string() + suffix)) << m_db.string() + suffix << " was created";
    }
    EXPECT_TRUE(slurp(m_db) == before) << "the evidence file changed";
    std::set<std::string> names;
    for (auto& e : fs::directory_iterator(m_dir)) names.insert(e.path().filename().string());
    EXPECT_EQ(names, std::set<std::string>({m_db.filename().string()}));
  }
  /// The export's JSON: each row an id from the original queue, none twice.
  std::set<std::string> idsOf(const std::string& json) {
    std::set<std::string> out;
    auto j = nlohmann::json::parse(json);
    std::set<std::string> known(m_ids.begin(), m_ids.end());
    for (const auto& row : j) {
      std::string id = row["id"];
      EXPECT_TRUE(known.contains(id)) << "a made-up row: " << row.dump();
      EXPECT_TRUE(out.insert(id).second) << "twice: " << id;
      EXPECT_TRUE(row.contains("item") && row.contains("state") && row.contains("when")) << row.dump();
    }
    return out;
  }
  /// "salvaged N transactions; M could not be read" → {N, M}, or {-1, -1}.
  static std::pair<int, int> noteCounts(const std::string& err) {
    int n = -1, m = -1;
    auto at = err.find("salvaged ");
    if (at == std::string::npos || std::sscanf(err.c_str() + at, "salvaged %d transactions; %d could not be read", &n, &m) != 2) {
      return {-1, -1};
    }
    return {n, m};
  }

  ManualClock m_clock;
  fs::path m_dir;
  fs::path m_db;
  fs::path m_err;
  std::vector<std::string> m_ids;
};

TEST_F(QueueSalvageTest, BytesOverwrittenInOneRowLoseOnlyThatRow) {
  // A burst of garbage across one record in the middle of the table (a bad flash block).
  overwrite(rowOffset(kTxns / 2) - 8, 48, '\x7f');
  auto before = slurp(m_db);
  auto r = lasisSplit("queue export --json --db " + m_db.string(), m_err);
  ASSERT_FALSE(r.signalled) << r.err;
  EXPECT_EQ(r.rc, 3) << "exit 3: the export may be incomplete\n" << r.err;
  auto ids = idsOf(r.out);
  EXPECT_GE(ids.size(), static_cast<std::size_t>(kTxns - 3)) << r.err;
  EXPECT_FALSE(ids.contains(m_ids[kTxns / 2])) << "the damaged row is not passed off as sound";
  auto [n, m] = noteCounts(r.err);
  EXPECT_EQ(n, static_cast<int>(ids.size())) << r.err;
  EXPECT_GE(m, 1) << r.err;
  EXPECT_EQ(n + m, kTxns) << "every transaction is either exported or counted as unreadable\n" << r.err;
  EXPECT_NE(r.err.find(m_ids[kTxns / 2]), std::string::npos) << "the lost id is named\n" << r.err;
  expectEvidenceUntouched(before);
}

TEST_F(QueueSalvageTest, ASmashedPageLosesOnlyItsRowsAndCsvKeepsItsColumns) {
  // The page holding a middle transaction gets its header overwritten: SQLite cannot read that
  // page at all, nor (without salvage) any query that crosses it.
  auto page = rowOffset(kTxns / 2) / pageSize();
  ASSERT_GT(page, 0u);
  overwrite(page * pageSize(), 24, '\xa5');
  auto before = slurp(m_db);
  auto plain = lasis("queue list --all --json --db " + m_db.string(), true);
  ASSERT_EQ(plain.rc, 1) << plain.out;
  EXPECT_NE(plain.out.find("lasis queue export --db " + m_db.string()), std::string::npos)
      << "stats/list name the salvage command\n" << plain.out;
  auto r = lasisSplit("queue export --json --db " + m_db.string(), m_err);
  ASSERT_FALSE(r.signalled) << r.err;
  EXPECT_EQ(r.rc, 3) << r.err;
  auto ids = idsOf(r.out);
  EXPECT_GT(ids.size(), static_cast<std::size_t>(kTxns / 2)) << "most transactions come back\n" << r.err;
  auto [n, m] = noteCounts(r.err);
  EXPECT_EQ(n, static_cast<int>(ids.size())) << r.err;
  EXPECT_EQ(n + m, kTxns) << r.err;
  EXPECT_GE(m, 1) << r.err;
  auto csv = lasisSplit("queue export --db " + m_db.string(), m_err);
  EXPECT_EQ(csv.rc, 3);
  EXPECT_EQ(csv.out.rfind("seq,id,kind,item,patron,kiosk,when,due,offline,state,attempts,answer,last_error,title\n", 0), 0u);
  EXPECT_EQ(static_cast<std::size_t>(std::count(csv.out.begin(), csv.out.end(), '\n')), ids.size() + 1);
  expectEvidenceUntouched(before);
}

TEST_F(QueueSalvageTest, ATruncatedFileGivesWhatItStillHolds) {
  // A torn end: the last page and a half never reached the disk (power cut while the file grew).
  fs::resize_file(m_db, fs::file_size(m_db) - pageSize() - pageSize() / 2);
  auto before = slurp(m_db);
  auto r = lasisSplit("queue export --json --db " + m_db.string(), m_err);
  ASSERT_FALSE(r.signalled) << r.err;
  EXPECT_EQ(r.rc, 3) << r.err;
  auto ids = idsOf(r.out);
  EXPECT_GT(ids.size(), 0u) << r.err;
  auto [n, m] = noteCounts(r.err);
  EXPECT_EQ(n, static_cast<int>(ids.size())) << r.err;
  EXPECT_GE(m, 0) << r.err;
  auto stats = lasisSplit("queue stats --db " + m_db.string(), m_err);
  EXPECT_FALSE(stats.signalled) << stats.err;
  EXPECT_EQ(stats.rc, 1) << stats.out;
  EXPECT_NE(stats.err.find("lasis queue export --db"), std::string::npos) << stats.err;
  expectEvidenceUntouched(before);
}

TEST_F(QueueSalvageTest, ASoundFileExportsWithExitZeroAndNothingBesideIt) {
  auto before = slurp(m_db);
  auto r = lasisSplit("queue export --json --db " + m_db.string(), m_err);
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(idsOf(r.out).size(), static_cast<std::size_t>(kTxns));
  EXPECT_EQ(r.err, "");
  auto stats = lasisSplit("queue stats --json --db " + m_db.string(), m_err);
  EXPECT_EQ(stats.rc, 0) << stats.err;
  expectEvidenceUntouched(before);
}

TEST_F(QueueSalvageTest, HelpDocumentsTheSalvageExitStatus) {
  auto r = lasis("queue --help", true);
  EXPECT_NE(r.out.find("3 export: the database is damaged"), std::string::npos) << r.out;
}

} // namespace

// A regional network's offline loans (issue 20), replayed with `lasis queue replay --config`: a
// member library's patron's loan goes to that library (SIP2 AO), as the kiosk itself sends it. The
// simulated ILS knows Piltene's patron only at institution PIL: replayed without the kiosk's
// [network] rules the loan is refused (patron unknown), with them it is lent.
TEST(QueueCliNetwork, AMemberLibrarysOfflineLoanIsReplayedToItsOwnLibrary) {
  lasis::test::SimDevice ils({lasis::test::simBinary(), "ils", "--port", "0"});
  ASSERT_TRUE(ils.ok()) << ils.stderrText();
  const auto dir = fs::temp_directory_path() / ("lasis-queue-network-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto enqueue = [&](const std::string& db) {
    lasis::ManualClock clock;
    auto s = SqliteQueueStore::open(db, clock);
    ASSERT_TRUE(s.ok());
    NewTxn t;
    t.kind = Kind::checkout;
    t.itemId = "10000001";
    t.patronId = "PIL0000001";
    t.kiosk = "k1";
    t.when = clock.now();
    t.offline = true;
    ASSERT_TRUE((*s)->enqueue(t).ok());
  };
  const auto config = [&](const std::string& name, const std::string& db, bool network) {
    const auto path = dir / name;
    std::ofstream f(path);
    f << "[ils]\nurl = \"" << ils.field("url") << "\"\n[queue]\ndb = \"" << db << "\"\n";
    if (network)
      f << "[network]\nname = \"Ventspils\"\n[[network.cards]]\nname = \"piltene\"\nkind = \"patron\"\n"
           "prefix = \"PIL\"\nlength = 10\ncharset = \"digits\"\ninstitution = \"PIL\"\n";
    return path.string();
  };
  // Without the rules: the ILS does not know the patron at this library; the loan is a staff exception.
  const auto plainDb = (dir / "plain.db").string();
  enqueue(plainDb);
  auto plain = runLasis("queue replay --json --timeout 10 --config " + config("plain.toml", plainDb, false), "2>/dev/null");
  auto pj = nlohmann::json::parse(plain.out, nullptr, false);
  ASSERT_TRUE(pj.is_object()) << plain.out;
  EXPECT_EQ(pj.value("refused", -1), 1) << plain.out;
  // With them: lent to Piltene's patron.
  const auto networkDb = (dir / "network.db").string();
  enqueue(networkDb);
  auto run = runLasis("queue replay --json --timeout 10 --config " + config("kiosk.toml", networkDb, true), "2>/dev/null");
  auto j = nlohmann::json::parse(run.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << run.out;
  EXPECT_EQ(run.rc, 0) << run.out;
  EXPECT_EQ(j.value("done", -1), 1) << run.out;
  EXPECT_EQ(j.value("refused", -1), 0) << run.out;
  fs::remove_all(dir);
}
