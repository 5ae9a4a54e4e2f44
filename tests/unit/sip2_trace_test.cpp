// `lasis sip2 trace`: the real binary as a tap between a SIP2 client (`lasis sip2`) and the
// simulated library system speaking WINDOWS-1257, all on 127.0.0.1. What a technician sees: every
// frame both ways, in readable Latvian, with no PIN, password or patron in it.
#include "tests/support/childprocess.h"
#include "tests/support/shellrun.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

using namespace lasis::test;
using namespace std::chrono_literals;

namespace {

const std::string kBin = LASIS_BIN_DIR;

/// The ILS URL with its host:port replaced by the tap's.
std::string through(std::string url, const std::string& hostPort) {
  const auto at = url.find('@') + 1;
  url.replace(at, url.find('?') - at, hostPort);
  return url;
}

/// What one `lasis sip2 … ARGS` printed, and what a `--once` tap in front of `ilsUrl` showed of it.
struct Traced {
  ShellRun client;
  std::string trace;
  int tapExit = -1;
};

Traced throughTap(const std::string& ilsUrl, const std::string& args) {
  Traced t;
  ChildProcess tap({kBin + "/lasis", "sip2", "--ils", ilsUrl, "trace", "--listen", "127.0.0.1:0", "--once"});
  auto first = tap.readLine(10s);
  if (!first || first->rfind("tracing 127.0.0.1:", 0) != 0) {
    ADD_FAILURE() << "the tap did not start: " << (first ? *first : tap.stderrText());
    return t;
  }
  const std::string hostPort = first->substr(8, first->find(" ->") - 8);
  t.client = runShell("timeout 30 " + kBin + "/lasis sip2 --ils '" + through(ilsUrl, hostPort) + "' " + args + " 2>&1");
  while (auto line = tap.readLine(10s)) t.trace += *line + "\n";
  t.tapExit = tap.wait(10s).value_or(-1);
  return t;
}

} // namespace

TEST(LasisSip2Trace, ShowsEveryFrameBothWaysDecodedAndMasked) {
  SimDevice ils({simBinary(), "ils", "--port", "0", "--charset", "WINDOWS-1257"});
  ASSERT_TRUE(ils.ok()) << ils.stderrText();
  // One client session through the tap: a patron with a PIN, then an item with a Latvian title.
  auto patron = throughTap(ils.field("url"), "patron P100008 --pin 1234");
  ASSERT_EQ(patron.client.rc, 0) << patron.client.out;
  EXPECT_EQ(patron.tapExit, 0) << "--once: done when the client left";
  const std::string& seen = patron.trace;
  EXPECT_NE(seen.find("#1 open"), std::string::npos) << seen;
  EXPECT_NE(seen.find("#1 kiosk->ILS 9300CNkiosk|CO***|"), std::string::npos) << "the login, password masked\n" << seen;
  EXPECT_NE(seen.find("#1 ILS->kiosk 941"), std::string::npos) << seen;
  EXPECT_NE(seen.find("#1 kiosk->ILS 23"), std::string::npos) << seen;
  EXPECT_NE(seen.find("|AD***|"), std::string::npos) << "the PIN's place is shown, masked\n" << seen;
  EXPECT_NE(seen.find("#1 ILS->kiosk 24"), std::string::npos) << seen;
  EXPECT_NE(seen.find("#1 closed by the kiosk"), std::string::npos) << seen;
  for (const char* secret : {"1234", "kiosk-pass", "P100008", "Kārlis", "Zari"})
    EXPECT_EQ(seen.find(secret), std::string::npos) << secret << " in the trace:\n" << seen;

  // An item: its Latvian title crosses in WINDOWS-1257 and is shown as text.
  auto item = throughTap(ils.field("url"), "item 10000001");
  ASSERT_EQ(item.client.rc, 0) << item.client.out;
  const std::string& seen2 = item.trace;
  EXPECT_NE(seen2.find("AJBaltā grāmata|"), std::string::npos) << seen2;
}

TEST(LasisSip2Trace, ATlsIlsOrABadListenAddressIsRefusedAtOnce) {
  auto tls = runShell("timeout 10 " + kBin + "/lasis sip2 --ils 'sip2s://k:p@127.0.0.1:1?institution=X' trace 2>&1");
  EXPECT_EQ(tls.rc, 2);
  EXPECT_NE(tls.out.find("LASIS_LOG=trace"), std::string::npos) << tls.out;
  auto bad = runShell("timeout 10 " + kBin + "/lasis sip2 --ils 'sip2://k:p@127.0.0.1:1?institution=X' trace --listen nowhere 2>&1");
  EXPECT_EQ(bad.rc, 2);
  EXPECT_NE(bad.out.find("HOST:PORT"), std::string::npos) << bad.out;
}

// From the kiosk's config alone (its ils.url), like every lasis command.
TEST(LasisSip2Trace, AnUnreachableIlsIsSaidOnTheTrace) {
  const auto config = std::filesystem::temp_directory_path() / ("lasis-trace-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(config) << "[ils]\nurl = \"sip2://k:p@127.0.0.1:1?institution=X&timeout_ms=500\"\n";
  ChildProcess tap({kBin + "/lasis", "sip2", "--config", config.string(), "trace", "--listen", "127.0.0.1:0", "--once"});
  auto first = tap.readLine(10s);
  ASSERT_TRUE(first) << tap.stderrText();
  const std::string hostPort = first->substr(8, first->find(" ->") - 8);
  auto r = runShell("timeout 30 " + kBin + "/lasis sip2 --ils 'sip2://k:p@" + hostPort + "?institution=X&timeout_ms=500' status 2>&1");
  EXPECT_NE(r.rc, 0);
  std::string seen;
  while (auto line = tap.readLine(10s)) seen += *line + "\n";
  EXPECT_NE(seen.find("#1 ILS 127.0.0.1:1 unreachable"), std::string::npos) << seen;
  std::filesystem::remove(config);
}
