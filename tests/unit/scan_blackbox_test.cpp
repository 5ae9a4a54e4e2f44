// Scanners and the regional network's cards through the real parts (issue 20): `lasis-sim site`
// (its library system, its pad, and its serial barcode scanner on a pty) and the real
// `lasis-kiosk --headless` with the kiosk.toml the site wrote: the scanner in [scanner], the
// network's card rules in [network]. Codes are scanned on the simulated scanner's wire and reach
// the kiosk through its serial driver; what reached the library system is read from the simulated
// ILS's own log of requests (code, institution, patron).
#include "tests/support/childprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <deque>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

using lasis::test::ChildProcess;
using lasis::test::ControlLine;
using lasis::test::SimDevice;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

/// A branch (lasis-sim site) and its kiosk (lasis-kiosk --headless on the site's kiosk.toml).
struct Branch {
  explicit Branch(const std::string& name)
      : dir(lasis::test::freshTestDir(name)),
        site({lasis::test::simBinary(), "site", "--out", dir.string()}),
        kiosk({std::string(LASIS_BIN_DIR) + "/lasis-kiosk", "--headless", "--config", site.field("kiosk_config")}) {}

  /// The next event named `name` not taken yet, in the order printed (events of other names stay
  /// for later calls); nothing after `timeout`.
  std::optional<json> next(const std::string& name, std::chrono::milliseconds timeout = 20s) {
    for (auto it = pending.begin(); it != pending.end(); ++it) {
      if (it->value("event", "") != name) continue;
      json j = *it;
      pending.erase(it);
      return j;
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      auto line = kiosk.readLine(left);
      if (!line) return std::nullopt;
      raw += *line + "\n";
      auto j = json::parse(*line, nullptr, false);
      if (j.is_discarded()) continue;
      if (j.value("event", "") == name) return j;
      pending.push_back(std::move(j));
    }
  }
  void send(const json& cmd) { ASSERT_TRUE(kiosk.writeLine(cmd.dump())); }
  json scan(const std::string& code, const std::string& aim = {}) {
    json req{{"cmd", "scan"}, {"code", code}};
    if (!aim.empty()) req["aim"] = aim;
    return ControlLine(site.field("scanner_control")).call(req);
  }
  json ils(const json& req) { return ControlLine(site.field("ils_control")).call(req); }
  /// The requests that reached the library system naming `patron`: {code, institution}.
  std::vector<std::pair<std::string, std::string>> requestsFor(const std::string& patron) {
    std::vector<std::pair<std::string, std::string>> out;
    const json reply = ils({{"cmd", "messages"}, {"limit", 1000}});  // kept: the loop reads into it
    for (const auto& m : reply["messages"])
      if (m.value("patron", "") == patron) out.emplace_back(m.value("code", ""), m.value("institution", ""));
    return out;
  }
  /// Scans a card, types the PIN: the login event.
  std::optional<json> logInByScan(const std::string& code, const std::string& aim = {}) {
    EXPECT_TRUE(scan(code, aim).value("ok", false));
    auto s = next("scan");
    if (!s || s->value("what", "") != "patron") return s;
    send({{"cmd", "login"}, {"pin", "1234"}});
    return next("login");
  }

  std::filesystem::path dir;
  SimDevice site;
  ChildProcess kiosk;
  std::deque<json> pending;  ///< printed, not taken by next() yet
  std::string raw;  ///< every line the kiosk printed
};

#define START_BRANCH(b)                                                                          \
  ASSERT_TRUE((b).site.ok()) << (b).site.stderrText();                                           \
  ASSERT_TRUE((b).next("ready").has_value()) << "the kiosk never became ready: " << (b).kiosk.stderrText()

TEST(ScanBlackBox, AScannedCardThenThePinThenAScannedBookWithNoTagIsLentWithTheGateReminder) {
  Branch b("scan-card-book");
  START_BRANCH(b);
  ASSERT_TRUE(b.scan("2100000000012", "]E0").value("ok", false));  // the library's own EAN-13 card
  auto scanned = b.next("scan");
  ASSERT_TRUE(scanned) << b.raw << b.kiosk.stderrText();
  EXPECT_EQ(scanned->value("what", ""), "patron");
  EXPECT_EQ(scanned->value("rule", ""), "ventspils");
  EXPECT_TRUE(b.requestsFor("2100000000012").empty()) << "the ILS was asked before the PIN was typed";
  b.send({{"cmd", "login"}, {"pin", "1234"}});
  auto login = b.next("login");
  ASSERT_TRUE(login) << b.raw;
  EXPECT_TRUE(login->value("ok", false)) << login->dump();
  // A book with a barcode and no RFID tag, scanned during the visit: lent, with the reminder.
  ASSERT_TRUE(b.scan("30000001").value("ok", false));
  auto item = b.next("item");
  ASSERT_TRUE(item) << b.raw;
  EXPECT_EQ(item->value("item", ""), "30000001");
  EXPECT_TRUE(item->value("ok", false)) << item->dump();
  EXPECT_TRUE(item->value("no_tag", false)) << item->dump();
  EXPECT_NE(item->value("message", "").find("security gate"), std::string::npos) << item->dump();
  EXPECT_EQ(b.ils({{"cmd", "item"}, {"item", "30000001"}}).value("borrower", ""), "2100000000012");
  b.send({{"cmd", "end"}});
  ASSERT_TRUE(b.next("session-end")) << b.raw;
  // Returned by its barcode with nobody logged in.
  ASSERT_TRUE(b.scan("30000001").value("ok", false));
  auto back = b.next("item");
  ASSERT_TRUE(back) << b.raw;
  EXPECT_EQ(back->value("action", ""), "return");
  EXPECT_TRUE(back->value("ok", false)) << back->dump();
  EXPECT_EQ(b.ils({{"cmd", "item"}, {"item", "30000001"}}).value("borrower", "x"), "");
  // The patron's number never appears in what the kiosk prints (events name items, not people).
  EXPECT_EQ(b.raw.find("2100000000012"), std::string::npos) << b.raw;
}

TEST(ScanBlackBox, AMemberLibrarysCardReachesTheIlsWithThatLibrarysInstitution) {
  Branch b("scan-member");
  START_BRANCH(b);
  auto login = b.logInByScan("PIL0000001");
  ASSERT_TRUE(login) << b.raw << b.kiosk.stderrText();
  EXPECT_TRUE(login->value("ok", false)) << login->dump();
  const auto requests = b.requestsFor("PIL0000001");
  ASSERT_FALSE(requests.empty());
  for (const auto& [code, institution] : requests) EXPECT_EQ(institution, "PIL") << "message " << code;
}

TEST(ScanBlackBox, APhoneQrCardAndACodabarCardOfAnotherMemberLibraryLogIn) {
  Branch b("scan-phone-codabar");
  START_BRANCH(b);
  auto phone = b.logInByScan("LASIS:CARD:P100008", "]Q1");
  ASSERT_TRUE(phone) << b.raw << b.kiosk.stderrText();
  EXPECT_TRUE(phone->value("ok", false)) << phone->dump();
  EXPECT_FALSE(b.requestsFor("P100008").empty());  // the id the ILS knows, not the QR's text
  b.send({{"cmd", "end"}});
  auto codabar = b.logInByScan("A1234567B", "]F0");
  ASSERT_TRUE(codabar) << b.raw;
  EXPECT_TRUE(codabar->value("ok", false)) << codabar->dump();
  const auto requests = b.requestsFor("UGA1234567");
  ASSERT_FALSE(requests.empty());
  for (const auto& [code, institution] : requests) EXPECT_EQ(institution, "UGA") << "message " << code;
}

TEST(ScanBlackBox, AForeignCardIsRefusedBeforeAnySip2MessageAndGarbageIsSaidPlainly) {
  Branch b("scan-foreign");
  START_BRANCH(b);
  ASSERT_TRUE(b.scan("2300000000016").value("ok", false));
  auto scanned = b.next("scan");
  ASSERT_TRUE(scanned) << b.raw << b.kiosk.stderrText();
  EXPECT_EQ(scanned->value("what", ""), "foreign");
  auto login = b.next("login");
  ASSERT_TRUE(login) << b.raw;
  EXPECT_EQ(login->value("reason", ""), "foreign-card");
  EXPECT_NE(login->value("message", "").find("Liepājas"), std::string::npos) << login->dump();
  // The ILS never heard of it, under any institution.
  const json heard = b.ils({{"cmd", "messages"}, {"limit", 1000}});
  ASSERT_TRUE(heard.value("ok", false)) << heard.dump();
  for (const auto& m : heard["messages"])
    EXPECT_EQ(m.value("patron", "").find("2300000000016"), std::string::npos) << m.dump();
  // A code no rule knows, and bytes that are no code at all: said, and the scanner goes on.
  ASSERT_TRUE(b.scan("HELLO-WORLD").value("ok", false));
  auto unknown = b.next("scan");
  ASSERT_TRUE(unknown) << b.raw;
  EXPECT_EQ(unknown->value("what", ""), "unrecognised");
  auto said = b.next("message");
  ASSERT_TRUE(said) << b.raw;
  EXPECT_EQ(said->value("code", ""), "unrecognised-code");
  ASSERT_TRUE(ControlLine(b.site.field("scanner_control")).call({{"cmd", "garbage"}, {"bytes_hex", "01fe7f02"}}).value("ok", false));
  ASSERT_TRUE(b.scan("2100000000012").value("ok", false));
  auto after = b.next("scan");
  ASSERT_TRUE(after) << "the scanner stopped after garbage: " << b.raw << b.kiosk.stderrText();
  EXPECT_EQ(after->value("what", ""), "patron");
}

} // namespace
