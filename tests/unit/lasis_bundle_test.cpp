// Black-box: the real `lasis` binary reading real config files — `queue stats --config`,
// `support-bundle` (no secret or patron id in any byte of any member), and bad input.
#include "tests/support/shellrun.h"

#include "drivers/sqlite/queue/sqlitequeuestore.h"
#include "drivers/sqlite/sqliteeventlog.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace lasis;
namespace fs = std::filesystem;

namespace {

using Run = lasis::test::ShellRun;

/// Runs a shell command line (with an outer time limit) and returns its exit status and stdout.
Run sh(const std::string& cmd) { return lasis::test::runShell(cmd); }

/// `lasis ARGS` with LASIS_CONFIG_DIR set to `configDir`; stderr to `stderrTo`.
Run lasis(const std::string& args, const std::string& configDir, const std::string& stderrTo = "2>/dev/null") {
  return sh("LASIS_CONFIG_DIR='" + configDir + "' LASIS_LOG=off timeout 120 " + std::string(LASIS_BIN_DIR) +
            "/lasis " + args + " " + stderrTo);
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::trunc);
  f << text;
}

// The fixtures' secrets and patron ids: none may appear in a bundle.
const std::string kUrlPassword = "UrlPassw0rd-7781";
const std::string kDropInPassword = "dropin-Pa55-branch";
const std::string kFilePassword = "FilePassw0rd-9931";
const std::string kTerminalPassword = "TermPw-4410";
const std::string kStaffCard = "STAFFCARD-5501";
const std::string kOldPin = "OLDPIN-660321";  // in a commented-out line
const std::vector<std::string> kPatrons{"PATRON-7731-A", "PATRON-7731-B", "PATRON-7731-C"};

class LasisBundleTest : public ::testing::Test {
protected:
  void SetUp() override {
    auto name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    m_dir = fs::temp_directory_path() / ("lasis-bundle-" + std::string(name) + "-" + std::to_string(::getpid()));
    fs::remove_all(m_dir);
    m_etc = m_dir / "etc";
    fs::create_directories(m_etc);
    m_db = (m_dir / "queue.db").string();
    m_gateDb = (m_dir / "gate.db").string();

    // The queue, written by the store the kiosk and `lasis queue` use.
    {
      ManualClock clock;
      auto s = queue::SqliteQueueStore::open(m_db, clock);
      ASSERT_TRUE(s.ok());
      auto& store = **s;
      std::vector<queue::QueuedTxn> txns;
      for (const auto& p : kPatrons) {
        queue::NewTxn t;
        t.kind = queue::Kind::checkout;
        t.itemId = "ITEM-" + p;
        t.patronId = p;
        t.kiosk = "k1";
        t.when = clock.now();
        txns.push_back(*store.enqueue(t));
      }
      (void)store.markSending(txns[1].seq);
      ASSERT_TRUE(store.markFailed(txns[1].seq, "Patron blocked").ok());  // an exception: keeps its patron
    }
    // The gate's event log: one alarm, one count.
    {
      auto log = gate::SqliteEventLog::open(m_gateDb);
      ASSERT_TRUE(log.ok());
      gate::GateEvent alarm;
      alarm.kind = "alarm";
      alarm.item = "ITEM-GATE-1";
      alarm.direction = "out";
      ASSERT_TRUE(log->add(alarm).ok());
      gate::GateEvent count;
      count.kind = "count";
      count.periodSeconds = 900;
      count.peopleIn = 7;
      count.peopleOut = 5;
      ASSERT_TRUE(log->add(count).ok());
    }

    const fs::path pass = m_dir / "ils.pass";
    write(pass, kFilePassword + "\n");
    fs::permissions(pass, fs::perms::owner_read | fs::perms::owner_write);
    write(m_etc / "kiosk.toml", "[ils]\nurl = \"sip2://kiosk:" + kUrlPassword +
                                    "@127.0.0.1:1?institution=LIB\"\n[queue]\ndb = \"" + m_db +
                                    "\"\n[staff]\ncards = [\"" + kStaffCard + "\"]\n# pin = \"" + kOldPin + "\"\n");
    // A branch's drop-in over kiosk.toml, with a password of its own.
    fs::create_directories(m_etc / "kiosk.d");
    write(m_etc / "kiosk.d/50-branch.toml", "[ils]\nurl = \"sip2://kiosk:" + kDropInPassword + "@127.0.0.1:1?institution=LIB\"\n");
    write(m_etc / "training.toml", "[ils]\nurl = \"sip2://train@127.0.0.1:1?institution=LIB&password_file=" +
                                       pass.string() + "&terminal_password=" + kTerminalPassword +
                                       "\"\n[queue]\ndb = \"" + m_db + "\"\n");
    write(m_etc / "gate.toml", "[readers]\nconnstrings = []\n[status]\nlisten = \"\"\n[log]\ndb = \"" + m_gateDb + "\"\n");
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(m_dir / "locked", fs::perms::owner_all, ec);
    fs::remove_all(m_dir);
  }

  fs::path m_dir, m_etc;
  std::string m_db, m_gateDb;
};

TEST_F(LasisBundleTest, QueueStatsFromConfigIsTheSameAsFromDb) {
  const auto byDb = lasis("queue stats --json --db " + m_db, m_etc.string());
  ASSERT_EQ(byDb.rc, 0);
  const auto j = nlohmann::json::parse(byDb.out);
  ASSERT_EQ(j.at("pending").get<int>(), 2);
  ASSERT_EQ(j.at("open_exceptions").get<int>(), 1);

  const auto byConfig = lasis("queue stats --json --config " + (m_etc / "kiosk.toml").string(), "/nonexistent");
  EXPECT_EQ(byConfig.rc, 0);
  EXPECT_EQ(byConfig.out, byDb.out);

  // Neither flag: the kiosk config where `lasis doctor` looks (kiosk.toml among two kiosk configs).
  const auto found = lasis("queue stats --json", m_etc.string());
  EXPECT_EQ(found.rc, 0);
  EXPECT_EQ(found.out, byDb.out);

  // Said on stderr which file gave the database, stdout unchanged.
  const auto said = lasis("queue stats --json", m_etc.string(), "2>&1 >/dev/null");
  EXPECT_NE(said.out.find("queue.db from " + (m_etc / "kiosk.toml").string()), std::string::npos) << said.out;

  // --db wins over the config.
  write(m_dir / "other.toml", "[queue]\ndb = \"" + (m_dir / "absent.db").string() + "\"\n");
  const auto wins = lasis("queue stats --json --db " + m_db + " --config " + (m_dir / "other.toml").string(), "/nonexistent");
  EXPECT_EQ(wins.rc, 0);
  EXPECT_EQ(wins.out, byDb.out);

  // On a kiosk without a gate config, gate commands ask the gate the kiosk's staff.gate_status names
  // (nothing listens on port 1 here: the command fails after naming where it looked).
  fs::create_directories(m_dir / "kioskonly");
  write(m_dir / "kioskonly/kiosk.toml", "[staff]\ngate_status = \"127.0.0.1:1\"\n");
  const auto viaKiosk = lasis("gate status", (m_dir / "kioskonly").string(), "2>&1");
  EXPECT_NE(viaKiosk.rc, 0);
  EXPECT_NE(viaKiosk.out.find("the status server from " + (m_dir / "kioskonly/kiosk.toml").string()), std::string::npos)
      << viaKiosk.out;

  // The gate's event database from the gate config.
  const auto events = lasis("gate events --format json", m_etc.string());
  EXPECT_EQ(events.rc, 0);
  EXPECT_EQ(nlohmann::json::parse(events.out).size(), 2u);
}

TEST_F(LasisBundleTest, BundleHoldsTheExpectedMembersAndNoSecretOrPatronId) {
  const fs::path out = m_dir / "bundle.tar.gz";
  const auto r = lasis("support-bundle --config-dir " + m_etc.string() + " --out " + out.string(), "/nonexistent");
  ASSERT_EQ(r.rc, 0);
  ASSERT_TRUE(fs::exists(out));
  const fs::path x = m_dir / "x";
  fs::create_directories(x);
  ASSERT_EQ(sh("tar -xzf " + out.string() + " -C " + x.string()).rc, 0);
  const fs::path root = x / "lasis-support";

  std::set<std::string> members;
  for (const auto& e : fs::recursive_directory_iterator(x))
    if (e.is_regular_file()) members.insert(fs::relative(e.path(), root).string());
  for (const char* m : {"manifest.json", "version.json", "doctor.json", "config/kiosk.toml", "config/training.toml",
                        "config/gate.toml", "config/kiosk.d/50-branch.toml", "queue-stats-kiosk.json", "queue-stats-training.json",
                        "gate-events-gate.json", "uname.txt", "disk-free.txt"})
    EXPECT_TRUE(members.count(m)) << "missing member " << m;
  for (const auto& m : members) EXPECT_FALSE(m.ends_with(".db") || m.ends_with(".pass")) << "included " << m;

  // Every byte of every member: no password, password file content, staff card or patron id.
  std::vector<std::string> forbidden{kUrlPassword, kDropInPassword, kFilePassword, kTerminalPassword, kStaffCard, kOldPin};
  forbidden.insert(forbidden.end(), kPatrons.begin(), kPatrons.end());
  for (const auto& m : members) {
    const std::string bytes = slurp(root / m);
    for (const auto& f : forbidden) EXPECT_EQ(bytes.find(f), std::string::npos) << m << " contains " << f;
  }

  // What is there is still useful: the configs' shape, the statistics, the counts, the manifest.
  const std::string kiosk = slurp(root / "config/kiosk.toml");
  EXPECT_NE(kiosk.find("sip2://kiosk:***@127.0.0.1:1?institution=LIB"), std::string::npos) << kiosk;
  EXPECT_NE(slurp(root / "config/training.toml").find("terminal_password=***"), std::string::npos);
  const auto stats = nlohmann::json::parse(slurp(root / "queue-stats-kiosk.json"));
  EXPECT_EQ(stats.at("pending").get<int>(), 2);
  const auto gate = nlohmann::json::parse(slurp(root / "gate-events-gate.json"));
  EXPECT_EQ(gate.at("by_kind").at("alarm").get<int>(), 1);
  EXPECT_EQ(gate.at("people_in").get<int>(), 7);
  const auto manifest = nlohmann::json::parse(slurp(root / "manifest.json"));
  std::set<std::string> listed;
  for (const auto& m : manifest.at("members")) listed.insert(m.at("name").get<std::string>());
  for (const auto& m : members) {
    if (m != "manifest.json") {
      EXPECT_TRUE(listed.count(m)) << m << " not in the manifest";
    }
  }
  EXPECT_TRUE(manifest.at("skipped").is_array());
}

TEST_F(LasisBundleTest, BadInputIsAClearErrorAndANonZeroExit) {
  const std::string missing = (m_dir / "missing.toml").string();
  auto r = lasis("queue stats --json --config " + missing, m_etc.string(), "2>&1");
  EXPECT_NE(r.rc, 0);
  EXPECT_NE(r.out.find(missing + " does not exist"), std::string::npos) << r.out;

  // No flag and no config where doctor looks: says where it looked.
  fs::create_directories(m_dir / "empty");
  r = lasis("gate status", (m_dir / "empty").string(), "2>&1");
  EXPECT_NE(r.rc, 0);
  EXPECT_NE(r.out.find("no gate or kiosk config in " + (m_dir / "empty").string()), std::string::npos) << r.out;
  r = lasis("sip2 status", (m_dir / "empty").string(), "2>&1");
  EXPECT_NE(r.rc, 0);
  EXPECT_NE(r.out.find("give --ils, or --config FILE"), std::string::npos) << r.out;

  // A config dir that does not exist, or is a file.
  r = lasis("support-bundle --config-dir " + (m_dir / "nowhere").string() + " --out " + (m_dir / "b.tar.gz").string(),
            "/nonexistent", "2>&1");
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.out.find("is not a directory"), std::string::npos) << r.out;
  r = lasis("support-bundle --config-dir " + (m_etc / "kiosk.toml").string() + " --out " + (m_dir / "b.tar.gz").string(), "/nonexistent", "2>&1");
  EXPECT_EQ(r.rc, 2);
  EXPECT_FALSE(fs::exists(m_dir / "b.tar.gz"));

  // An archive that cannot be written.
  r = lasis("support-bundle --config-dir " + m_etc.string() + " --out " + (m_dir / "no/such/dir/b.tar.gz").string(),
            "/nonexistent", "2>&1");
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.out.find("cannot write"), std::string::npos) << r.out;

  // A directory that cannot be read (root reads every directory: only as another user).
  if (::geteuid() != 0) {
    fs::create_directories(m_dir / "locked");
    fs::permissions(m_dir / "locked", fs::perms::none);
    r = lasis("support-bundle --config-dir " + (m_dir / "locked").string() + " --out " + (m_dir / "b.tar.gz").string(),
              "/nonexistent", "2>&1");
    EXPECT_EQ(r.rc, 2);
    EXPECT_NE(r.out.find("cannot read"), std::string::npos) << r.out;
  }
}

} // namespace
