// `lasis sip2` end to end: the real binary against the in-test SIP2 server on 127.0.0.1.
#include "tests/support/childprocess.h"
#include "tests/support/shellrun.h"
#include "tests/support/sip2responder.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>

using lasis::sip2::test::Sip2Responder;
using nlohmann::json;

namespace {

struct Run {
  int status = -1;
  std::string out;
};

// Runs `lasis sip2 --ils URL args` (stderr to /dev/null); the URL's timeout bounds every call.
Run runLasis(const std::string& url, const std::string& args) {
  const std::string cmd = std::string(LASIS_BIN_DIR) + "/lasis sip2 --ils '" + url + "' " + args + " 2>/dev/null";
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, p)) r.out.append(buf, n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

json parse(const Run& r) {
  auto j = json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "not one JSON object: " << r.out;
  return j;
}

} // namespace

TEST(LasisSip2Cli, EveryCommandPrintsTheReplyAsJson) {
  Sip2Responder ils;
  ils.start();
  const auto url = ils.url("timeout_ms=2000");

  auto st = runLasis(url, "status");
  ASSERT_EQ(st.status, 0) << st.out;
  EXPECT_EQ(parse(st)["ok"], true);
  EXPECT_EQ(parse(st)["library_name"], "Test Library");

  auto p = runLasis(url, "patron P0001 --pin 0000");
  ASSERT_EQ(p.status, 0);
  auto pj = parse(p);
  EXPECT_EQ(pj["ok"], false);
  EXPECT_EQ(pj["valid_patron"], true);
  EXPECT_EQ(pj["valid_pin"], false);
  EXPECT_EQ(pj["patron_name"], "Patron P0001");
  EXPECT_EQ(p.out.find("0000\""), std::string::npos) << "the PIN must not be printed";

  auto co = runLasis(url, "checkout P0001 390001001 --pin 1234");
  ASSERT_EQ(co.status, 0);
  auto coj = parse(co);
  EXPECT_EQ(coj["ok"], true);
  EXPECT_EQ(coj["title"], "Book 1");
  EXPECT_FALSE(coj["due_date"].get<std::string>().empty());
  EXPECT_EQ(coj["due_date_iso"].get<std::string>().size(), 20u) << coj.dump();
  EXPECT_TRUE(coj.contains("screen_message"));

  auto again = runLasis(url, "checkout P0002 390001001");
  ASSERT_EQ(again.status, 0) << "the ILS said no, but the exchange happened";
  EXPECT_EQ(parse(again)["ok"], false);
  EXPECT_EQ(parse(again)["screen_message"], "Item is already checked out");

  auto item = runLasis(url, "item 390001001");
  ASSERT_EQ(item.status, 0);
  EXPECT_EQ(parse(item)["circulation_status"], "04");
  EXPECT_EQ(parse(item)["circulation_status_name"], "charged");

  auto hold = runLasis(url, "hold P0002 390001001 --pickup branch-2");
  ASSERT_EQ(hold.status, 0);
  EXPECT_EQ(parse(hold)["queue_position"], 1);
  EXPECT_EQ(parse(hold)["pickup_location"], "branch-2");

  EXPECT_EQ(parse(runLasis(url, "renew P0001 390001001"))["ok"], true);
  auto all = runLasis(url, "renew-all P0001");
  EXPECT_EQ(parse(all)["renewed_items"], json::array({"390001001"}));
  EXPECT_EQ(parse(runLasis(url, "cancel-hold P0002 390001001"))["ok"], true);
  auto in = runLasis(url, "checkin 390001001");
  EXPECT_EQ(parse(in)["ok"], true);
  EXPECT_EQ(parse(runLasis(url, "pay P0001 2.50"))["ok"], true);
  EXPECT_EQ(parse(runLasis(url, "end P0001"))["ok"], true);
  EXPECT_NE(runLasis(url, "pay P0001 lots").status, 0);
}

TEST(LasisSip2Cli, FailsWithAMessageWhenTheExchangeCannotHappen) {
  Sip2Responder ils;
  ils.refuseLogin = true;
  ils.start();
  auto refused = runLasis(ils.url("timeout_ms=1000"), "status");
  EXPECT_NE(refused.status, 0);
  EXPECT_TRUE(refused.out.empty());
  const auto url = ils.url("timeout_ms=300");
  ils.stop();
  auto down = runLasis(url, "item 390001001");
  EXPECT_NE(down.status, 0);
  EXPECT_NE(runLasis("http://nope", "status").status, 0);
}

// The ILS password from a file only the service user may read; an open file stops the tool.
TEST(LasisSip2Cli, PasswordFileMustBePrivate) {
  Sip2Responder ils;
  ils.start();
  const std::string file = ::testing::TempDir() + "/lasis-cli-ils-password";
  std::remove(file.c_str());
  { FILE* f = std::fopen(file.c_str(), "w"); ASSERT_NE(f, nullptr); std::fputs("secret\n", f); std::fclose(f); }
  std::string url = ils.url("timeout_ms=2000&password_file=" + file);
  url.replace(url.find(":secret@"), 8, "@");  // the password comes from the file only
  ASSERT_EQ(::chmod(file.c_str(), 0644), 0);
  auto refused = runLasis(url, "status");
  EXPECT_NE(refused.status, 0) << refused.out;
  EXPECT_EQ(ils.count("93"), 0) << "nothing sent with a secret others can read";
  ASSERT_EQ(::chmod(file.c_str(), 0600), 0);
  auto ok = runLasis(url, "status");
  EXPECT_EQ(ok.status, 0) << ok.out;
  EXPECT_EQ(ok.out.find("secret"), std::string::npos);
}

// Issue 22: `--profile folio` (FOLIO edge-sip2, which has no Hold handler and answers nothing
// to one): `lasis sip2 hold` fails at once with a sentence naming the message, nothing is sent.
TEST(LasisSip2Cli, FolioProfileRefusesAHoldWithAClearError) {
  Sip2Responder ils(*lasis::sip2::Profile::builtin("folio"));
  ils.start();
  const auto url = ils.url("timeout_ms=2000");
  auto st = runLasis(url, "--profile folio status");
  ASSERT_EQ(st.status, 0) << st.out;
  EXPECT_EQ(parse(st)["ok"], true);
  const std::string cmd = std::string(LASIS_BIN_DIR) + "/lasis sip2 --ils '" + url +
                          "' --profile folio hold P0002 390001001 --pickup branch-2 2>&1";
  const auto run = lasis::test::runShell(cmd);
  const std::string& out = run.out;
  EXPECT_NE(run.rc, 0) << out;
  EXPECT_NE(out.find("Hold (15)"), std::string::npos) << out;
  EXPECT_NE(out.find("folio"), std::string::npos) << out;
  EXPECT_EQ(ils.count("15"), 0);
}

// Issue 26: `LASIS_LOG=trace` shows a technician every frame, both ways, and never a PIN, a
// password or who the patron is (card number, name, address, email, phone).
TEST(LasisSip2Cli, TraceShowsEveryFrameButNoPinPasswordOrPatron) {
  Sip2Responder ils;
  ils.start();
  const auto url = ils.url("timeout_ms=2000");
  const std::string cmd = "LASIS_LOG=trace " + std::string(LASIS_BIN_DIR) + "/lasis sip2 --ils '" + url +
                          "' patron P0001 --pin 4321 2>&1 >/dev/null";
  const std::string err = lasis::test::runShell(cmd).out;
  EXPECT_NE(err.find("\xE2\x86\x92 23"), std::string::npos) << "the request is traced:\n" << err;
  EXPECT_NE(err.find("\xE2\x86\x90 24"), std::string::npos) << "the reply is traced:\n" << err;
  EXPECT_EQ(err.find("4321"), std::string::npos) << "the PIN must not be logged:\n" << err;
  EXPECT_EQ(err.find("P0001"), std::string::npos) << "the card number must not be logged:\n" << err;
  EXPECT_EQ(err.find("Patron P0001"), std::string::npos) << "the name must not be logged:\n" << err;
}

// Issue 22, CLI parity: every patron command of `lasis sip2`, with and without --pin, against
// `lasis-sim ils --profile P` speaking each dialect (koha CRLF, evergreen CR and ISO due dates,
// folio: CP850, no error detection, no Hold handler; generic: the 3M text). Each works, or, for
// a message the profile does not support, is refused at once (exit non-zero, a sentence naming
// the message, no frame sent, nothing changed in the ILS). With LASIS_LOG=trace the frames sent
// carry AD only when --pin was given, and then masked.
namespace {

struct Traced {
  int rc = -1;
  std::string out;  ///< stdout: the JSON reply
  std::string err;  ///< stderr: the trace
};

Traced runTraced(const std::string& url, const std::string& args, const std::filesystem::path& errFile) {
  const std::string cmd = "LASIS_LOG=trace timeout 30 " + std::string(LASIS_BIN_DIR) + "/lasis sip2 --ils '" + url +
                          "' " + args + " 2>'" + errFile.string() + "'";
  const auto run = lasis::test::runShell(cmd);
  std::ifstream f(errFile);
  std::stringstream err;
  err << f.rdbuf();
  return {run.rc, run.out, err.str()};
}

/// The trace lines of frames sent with message code `code` ("→ 11…").
std::vector<std::string> sentFrames(const std::string& trace, const std::string& code) {
  std::vector<std::string> out;
  std::istringstream in(trace);
  const std::string mark = "\xE2\x86\x92 " + code;
  for (std::string line; std::getline(in, line);)
    if (line.find(mark) != std::string::npos) out.push_back(line);
  return out;
}

struct PatronCommand {
  std::string name;  ///< the `lasis sip2` command
  std::string args;  ///< its arguments, without --pin
  std::string code;  ///< the SIP2 message it sends
  std::string golden = {};  ///< its frame's name in tests/data/sip2/<profile>/requests.txt ("" when none)
};

/// A frame's shape: its code, the length of its fixed part (SIP2's fixed lengths: 93 4, 99 10,
/// 63 33, 11 40, 09 39, 29 40, 15 21, 35 20, with the code) and its field ids in order
/// (AY and AZ included). Values — masked in the trace, ours in the golden file — do not count.
std::string shape(const std::string& frame) {
  static const std::map<std::string, std::size_t> fixed{{"93", 4},  {"99", 10}, {"63", 33}, {"11", 40},
                                                        {"09", 39}, {"29", 40}, {"15", 21}, {"35", 20}};
  const std::string code = frame.substr(0, 2);
  const auto len = fixed.find(code);
  if (len == fixed.end() || frame.size() < len->second) return "?" + frame;
  std::string ids = code + "/" + std::to_string(len->second) + ":";
  std::istringstream rest(frame.substr(len->second));
  for (std::string piece; std::getline(rest, piece, '|');) {
    if (piece.size() < 2) continue;
    ids += " " + piece.substr(0, 2);
    if (piece.rfind("AY", 0) == 0 && piece.find("AZ") != std::string::npos) ids += " AZ";
  }
  return ids;
}

/// The golden request `name` of a profile (its frame up to the terminator), "" when absent.
std::string goldenRequest(const std::string& profile, const std::string& name) {
  std::ifstream f(std::string(LASIS_TEST_DATA_DIR) + "/sip2/" + profile + "/requests.txt");
  for (std::string line; std::getline(f, line);) {
    if (line.rfind(name + "\t", 0) != 0) continue;
    std::string frame = line.substr(name.size() + 1);
    return frame.substr(0, frame.find("\\r"));
  }
  return {};
}

/// The shape a golden frame has when no PIN is given: the same without AD.
std::string withoutAd(std::string s) {
  if (auto p = s.find(" AD"); p != std::string::npos) s.erase(p, 3);
  return s;
}

} // namespace

class LasisSip2CliParity : public testing::TestWithParam<std::string> {};

TEST_P(LasisSip2CliParity, EveryPatronCommandWithAndWithoutPin) {
  const std::string profileName = GetParam();
  const auto profile = lasis::sip2::Profile::builtin(profileName);
  ASSERT_TRUE(profile.ok());
  const auto dir = lasis::test::freshTestDir("sip2-parity-" + profileName);
  lasis::test::SimDevice sim({lasis::test::simBinary(), "ils", "--profile", profileName, "--db", (dir / "ils.db").string()});
  ASSERT_TRUE(sim.ok()) << "lasis-sim ils --profile " << profileName;
  // A location, as a kiosk has (kiosk.location): the login carries CP as in the golden frames.
  const std::string url = sim.field("url") + "&timeout_ms=3000&location=LV-00001";
  ASSERT_NE(url.find("profile=" + profileName), std::string::npos) << url;
  lasis::test::ControlLine ils(sim.control());
  ASSERT_TRUE(ils.connected());

  // P100001 (PIN 1234) has 10000002 and 10000007 on loan; P100003 (PIN 1234) owes 3.50 EUR.
  const std::string pin = "1234";
  for (const bool withPin : {true, false}) {
    const std::string loanItem = withPin ? "10000010" : "10000001";
    const std::vector<PatronCommand> commands = {
        {"patron", "P100001", "23"},
        {"checkout", "P100001 " + loanItem, "11", "checkout"},
        {"renew", "P100001 " + loanItem, "29", "renew"},
        {"renew-all", "P100001", "65"},
        {"hold", "P100001 10000008 --pickup LV-00001", "15", "hold"},
        {"cancel-hold", "P100001 10000008", "15"},
        {"pay", "P100003 0.50", "37"},
        {"end", "P100001", "35", "end_session"},
    };
    for (const auto& c : commands) {
      const std::string what = profileName + " " + c.name + (withPin ? " --pin" : " (no PIN)");
      SCOPED_TRACE(what);
      const auto run = runTraced(url, c.name + " " + c.args + (withPin ? " --pin " + pin : ""), dir / "trace.log");
      const auto frames = sentFrames(run.err, c.code);
      EXPECT_EQ(run.err.find("AD" + pin), std::string::npos) << "the PIN in clear:\n" << run.err;
      if (!profile->supports(c.code)) {
        // FOLIO edge-sip2 drops a Hold unanswered: the tool says so at once, sends nothing.
        EXPECT_NE(run.rc, 0) << run.out;
        EXPECT_TRUE(frames.empty()) << "a frame the server would drop was sent:\n" << run.err;
        EXPECT_NE(run.err.find("does not support"), std::string::npos) << run.err;
        EXPECT_NE(run.err.find("(" + c.code + ")"), std::string::npos) << run.err;
        continue;
      }
      ASSERT_EQ(run.rc, 0) << run.out << "\n" << run.err;
      const auto j = json::parse(run.out, nullptr, false);
      ASSERT_TRUE(j.is_object()) << run.out;
      EXPECT_EQ(j.value("ok", false), true) << j.dump();
      ASSERT_FALSE(frames.empty()) << "no " << c.code << " frame in the trace:\n" << run.err;
      for (const auto& f : frames) {
        if (withPin) EXPECT_NE(f.find("|AD***|"), std::string::npos) << "AD sent, masked: " << f;
        else EXPECT_EQ(f.find("|AD"), std::string::npos) << "no PIN given, no AD: " << f;
      }
      // The frames sent have the golden frames' shape for this profile: fixed part, fields and
      // their order (without AD when no PIN was given), the login included.
      const auto sentShape = [](const std::string& traceLine) { return shape(traceLine.substr(traceLine.find("\xE2\x86\x92 ") + 4)); };
      for (const auto& [golden, code] : {std::pair{c.golden, c.code}, std::pair{std::string("login"), std::string("93")}}) {
        if (golden.empty()) continue;
        const std::string expected = goldenRequest(profileName, golden);
        ASSERT_FALSE(expected.empty()) << "no golden " << golden << " for " << profileName;
        const auto sent = sentFrames(run.err, code);
        ASSERT_FALSE(sent.empty()) << code;
        EXPECT_EQ(sentShape(sent.front()), withPin || code == "93" ? shape(expected) : withoutAd(shape(expected)))
            << "sent: " << sent.front() << "\ngolden: " << expected;
      }
    }
    // The simulator's state agrees with what the tool printed.
    const auto item = ils.call({{"cmd", "item"}, {"item", loanItem}});
    EXPECT_EQ(item.value("borrower", ""), "P100001") << item.dump();
    EXPECT_GE(item.value("renewals", 0), 1) << item.dump();
    const auto held = ils.call({{"cmd", "item"}, {"item", "10000008"}});
    EXPECT_TRUE(held.value("holds", json::array()).empty()) << held.dump();
  }
  if (!profile->supports("15")) {
    // Nothing reached the ILS: no hold was ever placed or cancelled.
    const auto counts = ils.call({{"cmd", "status"}})["counts"]["transactions"];
    EXPECT_FALSE(counts.contains("hold")) << counts.dump();
    EXPECT_FALSE(counts.contains("hold_cancel")) << counts.dump();
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

INSTANTIATE_TEST_SUITE_P(Profiles, LasisSip2CliParity, testing::Values("koha", "evergreen", "folio", "generic"),
                         [](const testing::TestParamInfo<std::string>& i) { return i.param; });
