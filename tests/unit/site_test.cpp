// The simulated branch as a technician uses it: `lasis-sim site --console` driven line by line
// on stdin, the real lasis-gate and lasis-kiosk --headless run on the configs it wrote, and
// `lasis doctor` finding it healthy. Numbered steps of one use case.
#include "tests/support/childprocess.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace lasis::test;
using namespace std::chrono_literals;

namespace {

const std::string kBin = LASIS_BIN_DIR;

/// One console command; the console answers each with one "ok …" or "error …" line.
std::string say(ChildProcess& site, const std::string& command) {
  site.writeLine(command);
  auto line = site.readLine(20s);
  return line ? *line : "no answer";
}

} // namespace

TEST(SimSite, AConsoleSessionDrivesTheRealKioskAndGate) {
  // 1. The branch comes up and writes the configs.
  ChildProcess site({kBin + "/lasis-sim", "site", "--console"});
  auto ready = site.readLine(20s);
  ASSERT_TRUE(ready) << site.stderrText();
  auto info = nlohmann::json::parse(*ready);
  ASSERT_EQ(info.value("device", ""), "site");
  for (const char* key : {"ils", "pad", "antenna", "gate_io", "gate_status", "kiosk_config", "gate_config"})
    EXPECT_FALSE(info.value(key, "").empty()) << key;

  // 2. The real gate runs on the gate config.
  ChildProcess gate({kBin + "/lasis-gate", "--config", info["gate_config"]});
  ASSERT_TRUE(gate.readLine(20s)) << gate.stderrText();

  // 3. A patron's card and a book on the pad; the kiosk lends it.
  EXPECT_EQ(say(site, "pad card P100008").rfind("ok", 0), 0u);
  EXPECT_EQ(say(site, "pad put 10000001").rfind("ok", 0), 0u);
  EXPECT_EQ(say(site, "expect pad 2").rfind("ok", 0), 0u);
  {
    ChildProcess kiosk({kBin + "/lasis-kiosk", "--headless", "--config", info["kiosk_config"]});
    kiosk.writeLine(R"({"cmd":"login","pin":"1234"})");
    kiosk.writeLine(R"({"cmd":"checkout"})");
    kiosk.closeStdin();
    bool lent = false;
    while (auto l = kiosk.readLine(30s)) lent |= l->find("\"item\":\"10000001\"") != std::string::npos && l->find("\"ok\":true") != std::string::npos;
    EXPECT_TRUE(lent) << kiosk.stderrText();
  }
  EXPECT_EQ(say(site, "expect loan 10000001 P100008").rfind("ok", 0), 0u);

  // 4. She walks out with it: quiet. Someone walks out with a reference book: alarm.
  EXPECT_EQ(say(site, "gate walk 10000001").rfind("ok", 0), 0u);
  EXPECT_EQ(say(site, "expect light off").rfind("ok", 0), 0u);
  EXPECT_EQ(say(site, "gate walk 10000004").rfind("ok", 0), 0u);
  EXPECT_EQ(say(site, "expect light on").rfind("ok", 0), 0u);

  // 5. The ILS goes down and comes back; unknown commands are said, not fatal.
  EXPECT_EQ(say(site, "ils down").rfind("ok", 0), 0u);
  EXPECT_EQ(say(site, "expect ils down").rfind("ok", 0), 0u);
  EXPECT_EQ(say(site, "ils up").rfind("ok", 0), 0u);
  EXPECT_EQ(say(site, "frobnicate").rfind("error unknown command", 0), 0u);

  // 6. The doctor finds the kiosk's side healthy, the gate's status included.
  ChildProcess doctor({kBin + "/lasis", "doctor", "--config", info["kiosk_config"]});
  std::string report;
  while (auto l = doctor.readLine(30s)) report += *l + "\n";
  EXPECT_EQ(doctor.wait(30s), 0) << report;
  EXPECT_NE(report.find("OK    gate"), std::string::npos) << report;

  site.writeLine("quit");
  EXPECT_EQ(site.wait(10s), 0);
}

TEST(SimSite, AScriptWithAFailedExpectationExitsOne) {
  const auto file = std::filesystem::temp_directory_path() / ("lasis-site-" + std::to_string(::getpid()) + ".txt");
  std::ofstream(file) << "# two items, then a wrong count\npad put 10000001 10000010\nexpect pad 2\nexpect pad 5\n";
  ChildProcess site({kBin + "/lasis-sim", "site", "--script", file.string()});
  std::string out;
  while (auto l = site.readLine(20s)) out += *l + "\n";
  EXPECT_EQ(site.wait(10s), 1) << out;
  EXPECT_NE(out.find(R"("expectations_passed":1)"), std::string::npos) << out;
  EXPECT_NE(site.stderrText().find("[3/3] expect pad 5"), std::string::npos) << site.stderrText();
}

TEST(SimSite, ATypoInTheConsoleIsAnErrorLineNotTheEndOfTheBranch) {
  // 1. The branch comes up.
  ChildProcess site({kBin + "/lasis-sim", "site", "--console"});
  ASSERT_TRUE(site.readLine(20s)) << site.stderrText();

  // 2. A technician mistypes numbers: each gets one error line naming what was wrong.
  struct Typo {
    const char* line;
    const char* named;
  };
  for (auto t : {Typo{"ils latency abc", "'abc'"}, Typo{"expect pad abc", "'abc'"},
                 Typo{"ils latency 99999999999", "'99999999999'"}, Typo{"ils latency -5", "'-5'"},
                 Typo{"expect pad 99999999999999999999999", "'99999999999999999999999'"},
                 Typo{"wait abc", "'abc'"}, Typo{"wait 99999999999s", "'99999999999s'"}}) {
    const std::string answer = say(site, t.line);
    EXPECT_EQ(answer.rfind("error ", 0), 0u) << t.line << " → " << answer << "\n" << site.stderrText();
    EXPECT_NE(answer.find(t.named), std::string::npos) << t.line << " → " << answer;
  }

  // 3. The whole branch is still there and does what it is told.
  EXPECT_FALSE(site.wait(0ms).has_value()) << "lasis-sim site exited: " << site.stderrText();
  EXPECT_EQ(say(site, "pad put 10000001").rfind("ok", 0), 0u);
  EXPECT_EQ(say(site, "expect pad 1").rfind("ok", 0), 0u);
  EXPECT_EQ(say(site, "ils latency 0").rfind("ok", 0), 0u);
  EXPECT_EQ(say(site, "expect ils up").rfind("ok", 0), 0u);

  site.writeLine("quit");
  EXPECT_EQ(site.wait(10s), 0);
}
