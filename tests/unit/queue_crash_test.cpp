// The crash test with real processes: a child enqueues and replays 1,000 transactions through
// the real queue while this harness SIGKILLs it at random moments (at least 20 times) and
// restarts it; at the end the ILS's loans equal exactly the intended ones and every transaction
// was applied exactly once (collapsed ones never). The ILS is the FakeIls inside the child,
// persisting to its own SQLite file, until the SIP2 client and the simulator's ILS land; then
// kIls becomes "sip2://…" of a `lasis-sim ils` started here, and the loan check reads the simulator.
#include "common/queue/queuestore.h"
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
#include <random>
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

TEST(QueueCrashTest, SigkilledChildLosesAndDoublesNothing) {
  auto dir = fs::temp_directory_path() / ("lasis-queue-crash-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto queueDb = (dir / "queue.db").string();
  const auto ilsDb = (dir / "ils.db").string();
  const auto log = dir / "child.log";
  const std::string kIls = "fake:" + ilsDb;
  std::vector<std::string> args{std::string(LASIS_BIN_DIR) + "/queue_crash_child", "--queue-db", queueDb, "--ils", kIls,
                                "--count", std::to_string(kCount), "--seed", std::to_string(kSeed)};

  // 1. Kill the child at random moments, restarting it each time.
  std::mt19937_64 rng(20261122);
  int kills = 0;
  bool finishedEarly = false;
  while (kills < kKills) {
    pid_t pid = spawnChild(args, log);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(10 + rng() % 140));
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child failed; see " << log;
      finishedEarly = true;
      break;
    }
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    ::waitpid(pid, &status, 0);
    ++kills;
  }
  EXPECT_GE(kills, 20) << "the child finished before it was killed often enough";
  EXPECT_FALSE(finishedEarly);

  // 2. Let it finish undisturbed.
  pid_t pid = spawnChild(args, log);
  ASSERT_GT(pid, 0);
  ASSERT_EQ(waitFor(pid, 240s), 0) << "see " << log;

  // 3. The ILS holds exactly the intended loans; each transaction reached it exactly once.
  auto plan = test::crashPlan(kCount, kSeed);
  test::FakeIls ils(ilsDb);
  EXPECT_EQ(ils.loans(), test::intendedLoans(plan));
  ManualClock clock;
  queue::StoreOptions ro;
  ro.readOnly = true;
  auto store = queue::QueueStore::open(queueDb, clock, ro);
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

} // namespace
