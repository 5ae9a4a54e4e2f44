// The simulated branch as a technician uses it: `lasis-sim site --console` driven line by line
// on stdin, the real lasis-gate and lasis-kiosk --headless run on the configs it wrote, and
// `lasis doctor` finding it healthy. Numbered steps of one use case.
#include "tests/support/childprocess.h"
#include "tests/support/shellrun.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

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

// Issue 26: every `lasis` subcommand that talks to a device, a database or the library system runs
// from the site's configs alone (--config, or the config directory), never needing --db, --ils,
// --device or --modbus. The list of subcommands is the binary's own (its man page's SYNOPSIS), so
// a new subcommand without a line here fails this test.
TEST(SimSite, EveryLasisSubcommandRunsFromItsConfigAlone) {
  ChildProcess site({kBin + "/lasis-sim", "site", "--console"});
  auto ready = site.readLine(20s);
  ASSERT_TRUE(ready) << site.stderrText();
  auto info = nlohmann::json::parse(*ready);
  const std::string K = info["kiosk_config"], G = info["gate_config"], dir = info["out"];
  ChildProcess gate({kBin + "/lasis-gate", "--config", G});
  ASSERT_TRUE(gate.readLine(20s)) << gate.stderrText();
  {
    // The kiosk makes its queue database on first start.
    ChildProcess kiosk({kBin + "/lasis-kiosk", "--headless", "--config", K});
    kiosk.closeStdin();
    while (kiosk.readLine(30s)) {
    }
  }
  EXPECT_EQ(say(site, "pad put 10000001").rfind("ok", 0), 0u);
  EXPECT_EQ(say(site, "expect pad 1").rfind("ok", 0), 0u);
  auto lasis = [](const std::string& args) {
    return lasis::test::runShell("LASIS_LOG=off timeout 60 " + kBin + "/lasis " + args + " </dev/null 2>&1");
  };
  const auto listed = lasis("reader list --config " + K);
  ASSERT_EQ(listed.rc, 0) << listed.out;
  const auto tagLine = listed.out.substr(listed.out.find('{'));
  const std::string uid = nlohmann::json::parse(tagLine.substr(0, tagLine.find('\n'))).value("uid", "");
  ASSERT_FALSE(uid.empty()) << listed.out;

  // SYNOPSIS command → its arguments after the config (K: the kiosk's, G: the gate's); "" runs
  // without one (nothing to find).
  const std::vector<std::pair<std::string, std::string>> commands{
      {"gate events", "gate events --config G"},
      {"gate status", "gate status --config G"},
      {"gate ack", "gate ack --config G"},
      {"gate test-alarm", "gate test-alarm --config G"},
      {"gate walktest", "gate walktest --config G --seconds 1"},
      {"gate set", "gate set --config G hold-ms 1500"},
      {"tag decode", ""},
      {"tag encode", ""},
      {"sip2 status", "sip2 --config K status"},
      {"sip2 patron", "sip2 --config K patron P100008 --pin 1234"},
      {"sip2 item", "sip2 --config K item 10000002"},
      {"sip2 checkout", "sip2 --config K checkout P100008 10000002 --pin 1234"},
      {"sip2 renew", "sip2 --config K renew P100008 10000002 --pin 1234"},
      {"sip2 renew-all", "sip2 --config K renew-all P100008 --pin 1234"},
      {"sip2 checkin", "sip2 --config K checkin 10000002"},
      {"sip2 hold", "sip2 --config K hold P100008 10000003 --pin 1234"},
      {"sip2 cancel-hold", "sip2 --config K cancel-hold P100008 10000003 --pin 1234"},
      {"sip2 pay", "sip2 --config K pay P100008 0.50 --pin 1234"},
      {"sip2 end", "sip2 --config K end P100008"},
      {"sip2 trace", ""},  // a tap that waits for a client: from --config in LasisSip2Trace
      {"reader list", "reader list --config K"},
      {"reader unsecure", "reader unsecure --config K " + uid},
      {"reader secure", "reader secure --config K " + uid},
      {"reader write", "reader write --config K " + uid + " --item 10000001"},
      {"queue stats", "queue stats --config K"},
      {"queue list", "queue list --config K"},
      {"queue exceptions", "queue exceptions --config K"},
      {"queue resolve", "queue resolve --config K --seq 999999 --note checked"},
      {"queue replay", "queue replay --config K"},
      {"queue export", "queue export --config K"},
      {"staff hash-pin", ""},
      {"doctor", "doctor --config K"},
      {"support-bundle", "support-bundle --config-dir " + dir + " --out " + dir + "/bundle.tar.gz"},
      {"convert", "convert --config K --wait-s 1 --log " + dir + "/convert-log.csv"},
      {"scanner listen", "scanner listen --config K --timeout 1"},
      {"fleet keygen", ""},  // the fleet service's key and messages: no device, no config (FleetSignCli)
      {"fleet sign", ""},
      {"fleet enroll ca", ""},  // certificates for the broker and devices: no device, no config (FleetEnroll)
      {"fleet enroll device", ""},
      {"fleet enroll server", ""},
      {"fleet enroll service", ""},
      {"fleet status", ""},  // lasis-fleet's API: a service, no device config (tests/fleet/fleetservice_test.cpp)
      {"fleet events", ""},
      {"fleet send", ""},
  };
  // Every subcommand the binary has is in the table.
  auto man = lasis::test::runShell(kBin + "/lasis --generate=man");
  std::set<std::string> leaves;
  std::istringstream lines(man.out);
  bool synopsis = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(".SH", 0) == 0) synopsis = line == ".SH SYNOPSIS";
    if (!synopsis || line.rfind("\\fBlasis\\fR", 0) != 0) continue;
    // Command words are bold (\fBqueue\fR), arguments italic: the bold words after "lasis".
    std::string name;
    for (std::size_t b = line.find("\\fB", 3); b != std::string::npos; b = line.find("\\fB", b + 3)) {
      std::string w = line.substr(b + 3, line.find("\\fR", b) - b - 3);
      for (std::size_t d; (d = w.find("\\-")) != std::string::npos;) w.replace(d, 2, "-");
      name += (name.empty() ? "" : " ") + w;
    }
    if (!name.empty()) leaves.insert(name);
  }
  ASSERT_GT(leaves.size(), 20u) << man.out.substr(0, 2000);
  std::set<std::string> known;
  for (const auto& [name, args] : commands) known.insert(name);
  for (const auto& leaf : leaves) EXPECT_TRUE(known.count(leaf)) << "'lasis " << leaf << "' has no line in this test";

  for (auto [name, args] : commands) {
    if (args.empty()) continue;
    for (auto [key, path] : {std::pair{std::string(" K"), K}, std::pair{std::string(" G"), G}}) {
      if (auto p = args.find(key + " "); p != std::string::npos) args.replace(p + 1, 1, path);
      else if (args.size() >= 2 && args.compare(args.size() - 2, 2, key) == 0) args.replace(args.size() - 1, 1, path);
    }
    const auto r = lasis(args);
    // Found what it needed in the config: never the usage error (2) of a missing --db/--ils/….
    EXPECT_NE(r.rc, 2) << "lasis " << args << "\n" << r.out;
    for (const char* flag : {"give --db", "give --ils", "give --device", "give --modbus", "give --config"})
      EXPECT_EQ(r.out.find(flag), std::string::npos) << "lasis " << args << "\n" << r.out;
    const bool mayRefuse = name == "queue resolve" || name == "sip2 hold" || name == "sip2 cancel-hold" ||
                           name == "sip2 pay" || name == "doctor" || name == "gate ack";
    if (!mayRefuse) {
      EXPECT_EQ(r.rc, 0) << "lasis " << args << "\n" << r.out;
    }
  }
  site.writeLine("quit");
  EXPECT_EQ(site.wait(10s), 0);
}
