// Black-box: the real `lasis queue …` binary on a queue database written by QueueStore.
#include "common/queue/queuestore.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace lasis;
using namespace lasis::queue;
namespace fs = std::filesystem;

namespace {

struct Run {
  int rc = -1;
  std::string out;
};

/// Runs `lasis` with an outer time limit so a hang fails instead of blocking the suite.
Run lasis(const std::string& args, bool mergeStderr = false) {
  std::string cmd = "timeout 30 " + std::string(LASIS_BIN_DIR) + "/lasis " + args + (mergeStderr ? " 2>&1" : " 2>/dev/null");
  Run r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = ::pclose(p);
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class QueueCliTest : public ::testing::Test {
protected:
  void SetUp() override {
    auto name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    m_dir = fs::temp_directory_path() / ("lasis-queue-cli-" + std::string(name) + "-" + std::to_string(::getpid()));
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
    m_db = (m_dir / "queue.db").string();
    auto s = QueueStore::open(m_db, m_clock);
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
  EXPECT_EQ(j["schema_version"], QueueStore::kSchemaVersion);
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

} // namespace
