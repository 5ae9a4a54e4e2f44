// Privacy: a patron's PIN never reaches a file. Runs the real `lasis-kiosk --headless` against
// a SIP2 server on 127.0.0.1 through a PIN login online, a wrong PIN, and a PIN login checked
// offline against the patron cache (the ILS stopped), then searches every file the run left —
// the queue database, its -wal and -shm, the log (stderr), the JSON output, the config — for
// the PINs used, in clear and as hex. Without the hashing in the queue's patron cache and the
// care in the SIP2 client's and engine's logging, this test fails.
#include "tests/support/childprocess.h"
#include "tests/support/pinscan.h"
#include "tests/support/sip2responder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using lasis::sip2::test::Sip2Responder;
using lasis::test::findSecrets;
using lasis::test::hexOf;
namespace fs = std::filesystem;

namespace {

int runKiosk(const fs::path& dir, const std::string& args, const std::vector<std::string>& input, int run) {
  const fs::path in = dir / ("input" + std::to_string(run) + ".jsonl");
  {
    std::ofstream f(in);
    for (const auto& l : input) f << l << "\n";
  }
  // The input file holds the PINs by design (it is the patron's keypad); it is removed before
  // the scan, everything the kiosk wrote stays.
  const std::string cmd = "timeout 60 " + std::string(LASIS_BIN_DIR) + "/lasis-kiosk " + args + " < '" +
                          in.string() + "' >> '" + (dir / "output.jsonl").string() + "' 2>> '" +
                          (dir / "kiosk.log").string() + "'";
  const int st = std::system(cmd.c_str());
  fs::remove(in);
  return st;
}


} // namespace

TEST(PinScan, NoPinInAnyFileAKioskRunLeaves) {
  const fs::path dir = lasis::test::freshTestDir("pinscan");
  Sip2Responder ils;
  ils.start();
  const fs::path config = dir / "kiosk.toml";
  std::ofstream(config) << "[kiosk]\nid = \"k-pinscan\"\n[offline]\nmode = \"returns-and-checkouts\"\n"
                           "patron_check = \"pin\"\n";
  const std::string args = "--headless --config '" + config.string() + "' --reader none --ils '" +
                           ils.url("timeout_ms=1000") + "' --db '" + (dir / "queue.db").string() + "'";
  // Online: a good PIN (cached, hashed, for offline use), the account, a wrong PIN.
  ASSERT_EQ(runKiosk(dir, args,
                     {R"({"cmd":"login","card":"P0004","pin":"Zq93x"})", R"({"cmd":"account"})",
                      R"({"cmd":"end"})", R"({"cmd":"login","card":"P0004","pin":"Wv71k"})", R"({"cmd":"end"})"},
                     1),
            0);
  // Offline: the same patron checked against the cache.
  ils.stop();
  ASSERT_EQ(runKiosk(dir, args, {R"({"cmd":"login","card":"P0004","pin":"Zq93x"})", R"({"cmd":"end"})"}, 2), 0);

  std::ifstream out(dir / "output.jsonl");
  const std::string output((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
  // The scan must have something to scan: both sessions ran and logged in.
  EXPECT_GE(std::count(output.begin(), output.end(), '\n'), 6) << output;
  EXPECT_NE(output.find("\"wrong-pin\""), std::string::npos) << output;
  ASSERT_TRUE(fs::exists(dir / "queue.db"));

  const auto found = findSecrets(dir, {"Zq93x", "Wv71k"});
  EXPECT_TRUE(found.empty()) << "PIN found: " << (found.empty() ? "" : found.front()) << " (" << found.size()
                             << " places)";
  if (found.empty()) fs::remove_all(dir);
}

// The scanner itself finds a PIN in clear and as hex (a scan that cannot fail proves nothing).
TEST(PinScan, TheScannerFindsPinsInClearAndHex) {
  const fs::path dir = lasis::test::freshTestDir("pinscan-self");
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "a.log") << "login pin=Zq93x\n";
  std::ofstream(dir / "sub" / "b.db") << "x" << hexOf("Wv71k", true) << "y";
  std::ofstream(dir / "c.txt") << "nothing here";
  const auto found = findSecrets(dir, {"Zq93x", "Wv71k"});
  EXPECT_EQ(found.size(), 2u);
  fs::remove_all(dir);
}

// The kiosk refuses to start with an ILS password file others can read (docs/SECURITY.md).
TEST(SecretFiles, KioskRefusesAnOpenPasswordFile) {
  const fs::path dir = lasis::test::freshTestDir("secret-kiosk");
  Sip2Responder ils;
  ils.start();
  std::ofstream(dir / "ils-password") << "secret\n";
  fs::permissions(dir / "ils-password", fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
  std::string url = ils.url("timeout_ms=1000&password_file=" + (dir / "ils-password").string());
  url.replace(url.find(":secret@"), 8, "@");
  const std::string args = "--headless --reader none --ils '" + url + "' --db '" + (dir / "queue.db").string() + "'";
  const int st = runKiosk(dir, args, {R"({"cmd":"end"})"}, 1);
  ASSERT_TRUE(WIFEXITED(st));
  EXPECT_EQ(WEXITSTATUS(st), 2) << "refused at start, as a configuration error";
  std::ifstream log(dir / "kiosk.log");
  const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("chmod 600"), std::string::npos) << text;
  EXPECT_EQ(text.find("secret\n"), std::string::npos);
  fs::permissions(dir / "ils-password", fs::perms::others_read, fs::perm_options::remove);
  EXPECT_EQ(WEXITSTATUS(runKiosk(dir, args, {R"({"cmd":"end"})"}, 2)), 0);
  fs::remove_all(dir);
}
