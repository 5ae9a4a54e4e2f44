// Issue 22, end to end in the region's code pages: the real `lasis-kiosk --headless` against
// `lasis-sim ils --charset WINDOWS-1257|WINDOWS-1251` (Koha's CRLF and Evergreen's CR dialects)
// and a simulated pad. A patron logs in, borrows a book from the pad, renews it, places a hold on
// another and cancels it; every JSON event shows each title exactly as simulator/data/library.toml
// spells it, and the simulator's own state (its control channel) agrees.
#include "tests/support/childprocess.h"
#include "tests/support/headlessrun.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <ostream>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

using lasis::test::ControlLine;
using lasis::test::SimDevice;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

/// One region: the ILS's dialect and code page, a patron of that language and three items whose
/// titles need the code page (borrowed, held, looked up).
struct Region {
  std::string name;  ///< the test's name
  std::string profile, charset;
  std::string patron, pin, patronName;
  std::string borrowItem, borrowTitle;
  std::string holdItem, holdTitle;
  std::string lookItem, lookTitle;
};

// Titles and names as library.toml spells them (UTF-8 in this file): ā ķ ī š ž ņ in
// Windows-1257, і ї ш ч in Windows-1251.
const Region kLatvian{"", "", "WINDOWS-1257", "P100008", "1234", "Kārlis Zariņš",
                      "10000139", "Kaķīša dzirnavas", "10000136", "Sidraba šķidrauts",
                      "10000353", "Dabartinės lietuvių kalbos žodynas"};
const Region kUkrainian{"", "", "WINDOWS-1251", "P100007", "4321", "Олена Шевченко",
                        "10000258", "Енеїда", "10000290", "Історія України",
                        "10000246", "Кайдашева сім'я"};

/// gtest prints a parameter in test names and ctest's listing: the region's name, not its bytes.
void PrintTo(const Region& r, std::ostream* os) { *os << r.name << " (" << r.profile << ", " << r.charset << ")"; }

Region with(Region r, const std::string& name, const std::string& profile) {
  r.name = name;
  r.profile = profile;
  return r;
}

using Run = lasis::test::HeadlessRun;
using lasis::test::eventsOf;
using lasis::test::runHeadlessKiosk;

/// The item event of `action` on `item`, or null.
json itemEvent(const Run& r, const std::string& action, const std::string& item) {
  for (const auto& e : eventsOf(r, "item"))
    if (e.value("action", "") == action && e.value("item", "") == item) return e;
  return nullptr;
}

/// Every object anywhere in `j` that names an item and a title (item events, receipt lines,
/// account loans and holds) must carry the title of `titles` exactly; returns how many it saw.
int checkTitles(const json& j, const std::map<std::string, std::string>& titles, const std::string& where) {
  int seen = 0;
  if (j.is_object()) {
    if (j.contains("item") && j.contains("title") && j["item"].is_string() && j["title"].is_string()) {
      const auto it = titles.find(j["item"].get<std::string>());
      if (it != titles.end()) {
        EXPECT_EQ(j["title"].get<std::string>(), it->second) << where << ": " << j.dump();
        ++seen;
      }
    }
    for (const auto& el : j.items()) seen += checkTitles(el.value(), titles, where);
  } else if (j.is_array()) {
    for (const auto& v : j) seen += checkTitles(v, titles, where);
  }
  return seen;
}

json holdOf(ControlLine& ils, const std::string& patron, const std::string& item) {
  const auto p = ils.call({{"cmd", "patron"}, {"patron", patron}});
  for (const auto& h : p.value("holds", json::array()))
    if (h.value("item", "") == item) return h;
  return nullptr;
}

json loanOf(ControlLine& ils, const std::string& patron, const std::string& item) {
  const auto l = ils.call({{"cmd", "loans"}, {"patron", patron}});
  for (const auto& x : l.value("loans", json::array()))
    if (x.value("item", "") == item) return x;
  return nullptr;
}

class RegionE2e : public testing::TestWithParam<Region> {};

TEST_P(RegionE2e, BorrowRenewHoldAndCancelWithTitlesIntact) {
  const Region& g = GetParam();
  const fs::path dir = lasis::test::freshTestDir("region-" + g.name);
  SimDevice ilsProc({lasis::test::simBinary(), "ils", "--profile", g.profile, "--charset", g.charset, "--db",
                     (dir / "ils.db").string()});
  SimDevice readerProc({lasis::test::simBinary(), "reader"});
  ASSERT_TRUE(ilsProc.ok()) << "lasis-sim ils --profile " << g.profile << " --charset " << g.charset;
  ASSERT_TRUE(readerProc.ok());
  const std::string url = ilsProc.field("url");
  ASSERT_NE(url.find("profile=" + g.profile), std::string::npos) << url;
  ASSERT_NE(url.find("charset=" + g.charset), std::string::npos) << url;
  ControlLine ils(ilsProc.control());
  ControlLine pad(readerProc.control());
  ASSERT_TRUE(ils.connected() && pad.connected());
  const auto status = ils.call({{"cmd", "status"}});
  EXPECT_EQ(status.value("charset", ""), g.charset) << status.dump();
  EXPECT_EQ(status.value("profile", ""), g.profile) << status.dump();

  // The simulator holds the titles as library.toml spells them (UTF-8): the test's own literals
  // are that spelling, so a change to the data file shows here first.
  const std::map<std::string, std::string> titles = {
      {g.borrowItem, g.borrowTitle}, {g.holdItem, g.holdTitle}, {g.lookItem, g.lookTitle}};
  for (const auto& [item, title] : titles)
    ASSERT_EQ(ils.call({{"cmd", "item"}, {"item", item}}).value("title", ""), title) << item;

  // 1. The book lies on the pad.
  ASSERT_EQ(pad.call({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", "04D00000000001"}, {"item", g.borrowItem}})
                .value("ok", false),
            true);
  const std::string args = "--headless --reader '" + readerProc.field("connstring") + "' --ils '" + url +
                           "&location=LV-00001&timeout_ms=5000' --db '" + (dir / "queue.db").string() + "'";
  const auto item = [](const char* cmd, const std::string& id, const std::string& extra = "") {
    return std::string(R"({"cmd":")") + cmd + R"(","item":")" + id + "\"" + extra + "}";
  };

  // 2. The patron logs in, borrows the book, renews it, places a hold on another book, looks at
  //    the account and ends the session.
  auto r = runHeadlessKiosk(args,
                    {R"({"cmd":"login","card":")" + g.patron + R"(","pin":")" + g.pin + "\"}",
                     R"({"cmd":"checkout"})", item("renew", g.borrowItem),
                     item("hold", g.holdItem, R"(,"pickup":"LV-00001")"), item("status", g.lookItem),
                     R"({"cmd":"account"})", R"({"cmd":"end"})"},
                    dir);
  ASSERT_EQ(r.status, 0) << r.raw;
  auto logins = eventsOf(r, "login");
  ASSERT_EQ(logins.size(), 1u) << r.raw;
  ASSERT_EQ(logins[0].value("ok", false), true) << r.raw;
  EXPECT_EQ(logins[0]["patron"].value("name", ""), g.patronName) << "the patron's name in " << g.charset;

  const auto borrowed = itemEvent(r, "checkout", g.borrowItem);
  ASSERT_TRUE(borrowed.is_object()) << r.raw;
  EXPECT_EQ(borrowed.value("ok", false), true) << borrowed.dump();
  EXPECT_EQ(borrowed.value("title", ""), g.borrowTitle);
  EXPECT_TRUE(borrowed["due"].is_string()) << borrowed.dump();
  const auto renewed = itemEvent(r, "renew", g.borrowItem);
  ASSERT_TRUE(renewed.is_object()) << r.raw;
  EXPECT_EQ(renewed.value("ok", false), true) << renewed.dump();
  EXPECT_EQ(renewed.value("title", ""), g.borrowTitle);
  const auto held = itemEvent(r, "hold", g.holdItem);
  ASSERT_TRUE(held.is_object()) << r.raw;
  EXPECT_EQ(held.value("ok", false), true) << held.dump();
  EXPECT_EQ(held.value("title", ""), g.holdTitle);
  const auto looked = itemEvent(r, "status", g.lookItem);
  ASSERT_TRUE(looked.is_object()) << r.raw;
  EXPECT_EQ(looked.value("title", ""), g.lookTitle);
  ASSERT_EQ(eventsOf(r, "account").size(), 1u) << r.raw;
  // Every event naming one of the items (receipt lines and the account's loans and holds too).
  EXPECT_GE(checkTitles(json(r.events), titles, "first visit"), 6) << r.raw;

  // 3. The simulator agrees: the loan is the patron's, renewed once; the hold is placed.
  const auto loan = loanOf(ils, g.patron, g.borrowItem);
  ASSERT_TRUE(loan.is_object()) << ils.call({{"cmd", "loans"}, {"patron", g.patron}}).dump();
  EXPECT_EQ(loan.value("renewals", -1), 1) << loan.dump();
  const auto hold = holdOf(ils, g.patron, g.holdItem);
  ASSERT_TRUE(hold.is_object()) << ils.call({{"cmd", "patron"}, {"patron", g.patron}}).dump();
  EXPECT_EQ(hold.value("pickup", ""), "LV-00001") << hold.dump();

  // 4. Back at the kiosk: the patron cancels the hold.
  auto r2 = runHeadlessKiosk(args,
                     {R"({"cmd":"login","card":")" + g.patron + R"(","pin":")" + g.pin + "\"}",
                      item("cancel-hold", g.holdItem, R"(,"pickup":"LV-00001")"), R"({"cmd":"account"})",
                      R"({"cmd":"end"})"},
                     dir);
  ASSERT_EQ(r2.status, 0) << r2.raw;
  const auto cancelled = itemEvent(r2, "hold-cancel", g.holdItem);
  ASSERT_TRUE(cancelled.is_object()) << r2.raw;
  EXPECT_EQ(cancelled.value("ok", false), true) << cancelled.dump();
  EXPECT_EQ(cancelled.value("title", ""), g.holdTitle);
  EXPECT_GE(checkTitles(json(r2.events), titles, "second visit"), 2) << r2.raw;
  EXPECT_TRUE(holdOf(ils, g.patron, g.holdItem).is_null()) << ils.call({{"cmd", "patron"}, {"patron", g.patron}}).dump();
  EXPECT_TRUE(loanOf(ils, g.patron, g.borrowItem).is_object()) << "the loan stands";
  // The PIN never reaches the output.
  EXPECT_EQ(r.raw.find("\"" + g.pin + "\""), std::string::npos);
  std::error_code ec;
  fs::remove_all(dir, ec);
}

// `lasis-sim site --profile P --charset NAME` starts its ILS in that dialect and code page and
// writes them into the kiosk.toml's ils.url, so a kiosk run on that file agrees with its ILS.
TEST(RegionSite, ProfileAndCharsetReachTheIlsAndTheKioskConfig) {
  const fs::path dir = lasis::test::freshTestDir("region-site");
  SimDevice site({lasis::test::simBinary(), "site", "--out", dir.string(), "--profile", "evergreen", "--charset",
                  "WINDOWS-1251"});
  ASSERT_TRUE(site.ok());
  const std::string url = site.field("ils");
  EXPECT_NE(url.find("profile=evergreen"), std::string::npos) << url;
  EXPECT_NE(url.find("charset=WINDOWS-1251"), std::string::npos) << url;
  ControlLine ils(site.field("ils_control"));
  const auto status = ils.call({{"cmd", "status"}});
  EXPECT_EQ(status.value("profile", ""), "evergreen") << status.dump();
  EXPECT_EQ(status.value("charset", ""), "WINDOWS-1251") << status.dump();
  std::ifstream f(site.field("kiosk_config"));
  const std::string toml((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_NE(toml.find(url), std::string::npos) << toml;
  std::error_code ec;
  fs::remove_all(dir, ec);
}

// The simulator's four dialects on the wire, read with a raw socket (no client of ours to smooth
// them over): the terminator, AZ only with error detection, the 98's Hold flag; folio drops a Hold
// unanswered (the connection lives on) and answers a request carrying AY/AZ with edge-sip2's
// non-SIP line, as docs/sip2-profiles.md records.
class Wire {
public:
  explicit Wire(int port) : m_fd(lasis::test::connectLoopback(port)) {}
  ~Wire() {
    if (m_fd >= 0) ::close(m_fd);
  }
  Wire(const Wire&) = delete;
  Wire& operator=(const Wire&) = delete;
  bool ok() const { return m_fd >= 0; }
  void send(const std::string& bytes) { ASSERT_EQ(::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bytes.size())); }
  /// Everything that arrives until `quiet` passes without a byte (or `limit` in all).
  std::string receive(std::chrono::milliseconds quiet = std::chrono::milliseconds(300),
                      std::chrono::milliseconds limit = std::chrono::milliseconds(3000)) {
    std::string out;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{m_fd, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(quiet.count())) <= 0) break;
      char buf[4096];
      const auto n = ::recv(m_fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }

private:
  int m_fd = -1;
};

std::string withChecksum(std::string msg) {
  unsigned sum = 0;
  for (unsigned char c : msg + "AZ") sum += c;
  char hex[8];
  std::snprintf(hex, sizeof hex, "%04X", (-sum) & 0xFFFFu);
  return msg + "AZ" + hex;
}

class SimDialect : public testing::TestWithParam<std::string> {};

TEST_P(SimDialect, TerminatorErrorDetectionAndSupportedMessagesAsTheServer) {
  const std::string profile = GetParam();
  const bool folio = profile == "folio";
  const fs::path dir = lasis::test::freshTestDir("region-wire-" + profile);
  SimDevice ilsProc({lasis::test::simBinary(), "ils", "--profile", profile, "--db", (dir / "ils.db").string()});
  ASSERT_TRUE(ilsProc.ok()) << profile;
  const std::string url = ilsProc.field("url");
  const auto colon = url.rfind(':', url.find('?'));
  Wire wire(std::atoi(url.c_str() + colon + 1));
  ASSERT_TRUE(wire.ok()) << url;
  const std::string term = profile == "koha" ? "\r\n" : "\r";

  wire.send("9300CNkiosk|COkiosk-pass|CPLV-00001|\r");
  const auto login = wire.receive();
  EXPECT_EQ(login.rfind("941", 0), 0u) << login;
  EXPECT_TRUE(login.size() >= term.size() && login.compare(login.size() - term.size(), term.size(), term) == 0 &&
              (term == "\r\n" || login[login.size() - 2] != '\r'))
      << profile << " ends its replies with " << (term == "\r" ? "CR" : "CRLF") << ": " << json(login).dump();
  EXPECT_EQ(login.find("AZ") != std::string::npos, !folio) << "AZ only with error detection: " << login;

  wire.send("9900302.00\r");
  const auto acs = wire.receive();
  const auto bx = acs.find("BX");
  ASSERT_NE(bx, std::string::npos) << acs;
  ASSERT_GE(acs.size(), bx + 2 + 16) << acs;
  EXPECT_EQ(acs[bx + 2 + 13], folio ? 'N' : 'Y') << "the Hold flag of BX: " << acs.substr(bx, 18);

  if (folio) {
    // edge-sip2 binds no handler to Hold (15): no answer at all, the connection lives on.
    wire.send("15+20261206    120000AOLASIS|AAP100001|AB10000008|BSLV-00001|\r");
    EXPECT_EQ(wire.receive(std::chrono::milliseconds(700)), "") << "a Hold is dropped unanswered";
    wire.send("2300020261206    120000AOLASIS|AAP100001|AC|\r");
    EXPECT_EQ(wire.receive().rfind("24", 0), 0u) << "the connection still serves";
    ControlLine ils(ilsProc.control());
    const auto p = ils.call({{"cmd", "patron"}, {"patron", "P100001"}});
    for (const auto& h : p.value("holds", json::array())) EXPECT_NE(h.value("item", ""), "10000008") << p.dump();
    // With error detection off, AY/AZ is not stripped: edge-sip2 answers a line that is not SIP.
    wire.send(withChecksum("2300020261206    120000AOLASIS|AAP100001|AC|AY1") + "\r");
    EXPECT_EQ(wire.receive(), "Problems handling the request\r");
  } else {
    wire.send(withChecksum("2300020261206    120000AOLASIS|AAP100001|AC|AY1") + "\r");
    const auto reply = wire.receive();
    EXPECT_EQ(reply.rfind("24", 0), 0u) << reply;
    EXPECT_NE(reply.find("AY1AZ"), std::string::npos) << "the sequence echoed, checksummed: " << reply;
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

INSTANTIATE_TEST_SUITE_P(Profiles, SimDialect, testing::Values("koha", "evergreen", "folio", "generic"),
                         [](const testing::TestParamInfo<std::string>& i) { return i.param; });

INSTANTIATE_TEST_SUITE_P(Regions, RegionE2e,
                         testing::Values(with(kLatvian, "KohaWindows1257", "koha"),
                                         with(kLatvian, "EvergreenWindows1257", "evergreen"),
                                         with(kUkrainian, "KohaWindows1251", "koha"),
                                         with(kUkrainian, "EvergreenWindows1251", "evergreen")),
                         [](const testing::TestParamInfo<Region>& i) { return i.param.name; });

} // namespace
