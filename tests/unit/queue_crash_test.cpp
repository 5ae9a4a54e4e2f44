// The crash test with real processes: a child enqueues and replays 1,000 transactions through
// the real queue while this harness SIGKILLs it at random moments (at least 20 times) and
// restarts it; at the end the ILS's loans equal exactly the intended ones and every transaction
// was applied exactly once (collapsed ones never). Two ILSs: the FakeIls inside the child (its
// own SQLite file; it also flaps and loses replies, and counts applications per transaction id),
// and the simulated ILS (`lasis-sim ils` as its own process, real SIP2 on 127.0.0.1, outliving
// the kills) reached through the real SIP2 client.
#include "drivers/sqlite/queue/sqlitequeuestore.h"
#include "tests/support/childprocess.h"
#include "tests/support/fakeils.h"
#include "tests/tools/queuecrashplan.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <thread>

extern char** environ;

using namespace lasis;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

constexpr int kCount = 1000;
constexpr std::uint64_t kSeed = 2026;
constexpr int kKills = 25;

pid_t spawnChild(const std::vector<std::string>& args, const fs::path& log) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  return rc == 0 ? pid : -1;
}

/// Waits for the child; SIGKILLs it (by PID) and reports -1 if it outlives the deadline.
int waitFor(pid_t pid, std::chrono::seconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(5ms);
  }
}

/// Step 1 and 2 of both tests: kill the child at random moments (restarting it each time), at
/// least 20 times, then let it finish undisturbed. Returns the number of kills.
int killAndFinish(const std::vector<std::string>& args, const fs::path& log) {
  std::mt19937_64 rng(20261122);
  int kills = 0;
  while (kills < kKills) {
    pid_t pid = spawnChild(args, log);
    EXPECT_GT(pid, 0);
    if (pid <= 0) return kills;
    std::this_thread::sleep_for(std::chrono::milliseconds(10 + rng() % 140));
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child failed; see " << log;
      break;  // finished before it was killed often enough: the EXPECT below says so
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    ++kills;
  }
  EXPECT_GE(kills, 20) << "the child finished before it was killed often enough";
  pid_t pid = spawnChild(args, log);
  EXPECT_GT(pid, 0);
  EXPECT_EQ(waitFor(pid, 240s), 0) << "see " << log;
  return kills;
}

fs::path freshDir(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("lasis-queue-crash-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(QueueCrashTest, SigkilledChildLosesAndDoublesNothing) {
  auto dir = freshDir("fake");
  const auto queueDb = (dir / "queue.db").string();
  const auto ilsDb = (dir / "ils.db").string();
  const auto log = dir / "child.log";
  const std::string kIls = "fake:" + ilsDb;
  std::vector<std::string> args{std::string(LASIS_BIN_DIR) + "/queue_crash_child", "--queue-db", queueDb, "--ils", kIls,
                                "--count", std::to_string(kCount), "--seed", std::to_string(kSeed)};
  int kills = killAndFinish(args, log);
  ASSERT_FALSE(HasFailure());

  // 3. The ILS holds exactly the intended loans; each transaction reached it exactly once.
  auto plan = test::crashPlan(kCount, kSeed, test::fakeCast(kCount));
  test::FakeIls ils(ilsDb);
  EXPECT_EQ(ils.loans(), test::intendedLoans(plan));
  ManualClock clock;
  queue::StoreOptions ro;
  ro.readOnly = true;
  auto store = queue::SqliteQueueStore::open(queueDb, clock, ro);
  ASSERT_TRUE(store.ok()) << store.error().describe();
  int done = 0, collapsed = 0;
  for (const auto& p : plan) {
    auto row = (*store)->get(p.id);
    ASSERT_TRUE(row.ok());
    ASSERT_TRUE(row->has_value()) << p.id << " was lost";
    const auto& t = **row;
    EXPECT_EQ(t.itemId, p.itemId);
    if (t.state == queue::TxnState::collapsed) {
      ++collapsed;
      EXPECT_EQ(ils.applied(p.id), 0) << p.id;
    } else {
      ++done;
      EXPECT_EQ(t.state, queue::TxnState::done) << p.id << ": " << t.answer;
      EXPECT_EQ(ils.applied(p.id), 1) << p.id << " applied a wrong number of times";
    }
  }
  EXPECT_EQ(done + collapsed, kCount);
  std::cout << "kills: " << kills << ", done: " << done << ", collapsed: " << collapsed << "\n";
  if (!HasFailure()) fs::remove_all(dir);
}

TEST(QueueCrashTest, SigkilledChildAgainstSimulatedIlsLosesAndDoublesNothing) {
  auto dir = freshDir("sim");
  // The library system: `lasis-sim ils` as its own process on 127.0.0.1 (ephemeral ports),
  // alive throughout, so the kiosk side's kills never touch it.
  lasis::test::SimDevice ilsSim({lasis::test::simBinary(), "ils", "--port", "0", "--db", (dir / "sim-ils.db").string()});
  ASSERT_TRUE(ilsSim.ok()) << "lasis-sim ils did not start: " << ilsSim.stderrText();
  auto control = [&](const nlohmann::json& req) {
    auto r = ilsSim.call(req);
    EXPECT_NE(r.value("ok", true), false) << r.dump();
    return r;
  };

  const auto queueDb = (dir / "queue.db").string();
  const auto log = dir / "child.log";
  const std::string url = ilsSim.field("url") + "&location=LV-00001&timeout_ms=1500";
  std::vector<std::string> args{std::string(LASIS_BIN_DIR) + "/queue_crash_child", "--queue-db", queueDb, "--ils", url,
                                "--count", std::to_string(kCount), "--seed", std::to_string(kSeed)};
  int kills = killAndFinish(args, log);
  ASSERT_FALSE(HasFailure());

  // The simulator's loans of the plan's items are exactly the intended ones, none renewed (a
  // doubled checkout to the same patron would show as a renewal), and it logged exactly one
  // checkout per planned checkout that was not collapsed.
  auto cast = test::simCast();
  std::set<std::string> planItems(cast.items.begin(), cast.items.end());
  auto plan = test::crashPlan(kCount, kSeed, cast);
  std::map<std::string, std::string> loans;
  const auto simLoans = control({{"cmd", "loans"}});
  for (const auto& l : simLoans["loans"]) {
    auto item = l["item"].get<std::string>();
    if (!planItems.count(item)) continue;
    loans[item] = l["patron"].get<std::string>();
    EXPECT_EQ(l["renewals"], 0) << item;
  }
  EXPECT_EQ(loans, test::intendedLoans(plan));

  ManualClock mclock;
  queue::StoreOptions ro;
  ro.readOnly = true;
  auto store = queue::SqliteQueueStore::open(queueDb, mclock, ro);
  ASSERT_TRUE(store.ok()) << store.error().describe();
  std::map<std::string, int> expectedCheckouts;
  int done = 0, collapsed = 0;
  for (const auto& p : plan) {
    auto row = (*store)->get(p.id);
    ASSERT_TRUE(row.ok());
    ASSERT_TRUE(row->has_value()) << p.id << " was lost";
    const auto& t = **row;
    if (t.state == queue::TxnState::collapsed) {
      ++collapsed;
      continue;
    }
    ++done;
    EXPECT_EQ(t.state, queue::TxnState::done) << p.id << " " << p.itemId << ": " << t.answer;
    if (p.kind == queue::Kind::checkout) ++expectedCheckouts[p.itemId];
  }
  auto counts = control({{"cmd", "checkouts"}})["checkouts"];
  for (const auto& item : cast.items) {
    int got = counts.contains(item) ? counts[item].get<int>() : 0;
    EXPECT_EQ(got, expectedCheckouts[item]) << "checkouts of " << item;
  }
  std::cout << "kills: " << kills << ", done: " << done << ", collapsed: " << collapsed << "\n";
  if (!HasFailure()) fs::remove_all(dir);
}

} // namespace
