// `lasis-kiosk --headless` end to end: the real binary, the real SIP2 client and a real queue
// database, against the in-test SIP2 server on 127.0.0.1 (ephemeral port). No reader yet
// (--reader none): the RFID driver arrives with drivers/; item flows are covered in-process.
#include "tests/support/sip2responder.h"
#include "tests/support/childprocess.h"
#include "tests/support/headlessrun.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

using lasis::sip2::test::Sip2Responder;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using Run = lasis::test::HeadlessRun;
using lasis::test::eventsOf;

/// The headless kiosk with `input` on its stdin (its stderr kept in a directory of this test).
Run runKiosk(const std::string& args, const std::vector<std::string>& input) {
  return lasis::test::runHeadlessKiosk(args, input, fs::temp_directory_path() / ("lasis-headless-" + std::to_string(::getpid())));
}

struct HeadlessKiosk : testing::Test {
  Sip2Responder ils;
  fs::path db;
  void SetUp() override {
    ils.start();
    db = fs::temp_directory_path() / ("lasis-headless-" + std::to_string(::getpid()) + ".db");
    fs::remove(db);
  }
  void TearDown() override {
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(db.string() + ext);
  }
  std::string args() const {
    return "--headless --reader none --ils '" + ils.url("timeout_ms=2000") + "' --db '" + db.string() + "'";
  }
};

TEST_F(HeadlessKiosk, PatronSessionAsJsonLines) {
  // 1. The kiosk starts, says it is ready; 2. a patron logs in with card number and PIN;
  // 3. looks at the account; 4. asks where an item is; 5. ends; then a wrong PIN is refused.
  auto r = runKiosk(args(), {
                                R"({"cmd":"login","card":"P0001","pin":"1234"})",
                                R"({"cmd":"account"})",
                                R"({"cmd":"status","item":"390001001"})",
                                R"({"cmd":"end"})",
                                R"({"cmd":"login","card":"P0001","pin":"9876"})",
                                R"(this is not json)",
                                R"({"cmd":"fly"})",
                            });
  ASSERT_EQ(r.status, 0) << r.raw;
  ASSERT_FALSE(r.events.empty());
  EXPECT_EQ(r.events.front()["event"], "ready");
  auto logins = eventsOf(r, "login");
  ASSERT_EQ(logins.size(), 2u) << r.raw;
  EXPECT_EQ(logins[0]["ok"], true);
  EXPECT_EQ(logins[0]["reason"], "ok");
  EXPECT_EQ(logins[1]["ok"], false);
  EXPECT_EQ(logins[1]["reason"], "wrong-pin");
  EXPECT_EQ(eventsOf(r, "account").size(), 1u);
  auto items = eventsOf(r, "item");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["action"], "status");
  EXPECT_EQ(items[0]["item"], "390001001");
  auto ended = eventsOf(r, "session-end");
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0]["reason"], "done");
  EXPECT_EQ(ils.count("35"), 1) << "End Patron Session sent to the ILS";
  EXPECT_EQ(eventsOf(r, "error").size(), 2u) << "bad lines are reported and the kiosk goes on";
  EXPECT_EQ(eventsOf(r, "done").size(), 5u);
  EXPECT_EQ(r.raw.find("1234"), std::string::npos) << "the PIN never reaches the output";
  EXPECT_EQ(r.raw.find("9876"), std::string::npos);
}

TEST_F(HeadlessKiosk, IlsDownIsShownAsOfflineAndNothingIsLost) {
  ils.stop();
  auto r = runKiosk(args(), {R"({"cmd":"login","card":"P0001","pin":"1234"})"});
  ASSERT_EQ(r.status, 0) << r.raw;
  auto modes = eventsOf(r, "mode");
  ASSERT_FALSE(modes.empty()) << r.raw;
  EXPECT_EQ(modes[0]["mode"], "offline");
  auto logins = eventsOf(r, "login");
  ASSERT_EQ(logins.size(), 1u);
  EXPECT_EQ(logins[0]["reason"], "ils-unreachable") << "default offline policy: returns only";
}

TEST_F(HeadlessKiosk, MissingDatabaseOrIlsIsAClearConfigError) {
  auto r = runKiosk("--headless --reader none --ils '" + ils.url() + "'", {});
  EXPECT_EQ(r.status, 2);
  auto r2 = runKiosk("--headless --reader nfc:pn532_uart:/dev/nonexistent --ils '" + ils.url() + "' --db '" +
                         db.string() + "'",
                     {R"({"cmd":"login","card":"P0001","pin":"1234"})"});
  // A pad reader that is not there is no reason to exit (a restart loop under systemd): the kiosk
  // runs out of order, refusing patrons, until the reader appears (KioskFaults.* for the rest).
  EXPECT_EQ(r2.status, 0);
  ASSERT_FALSE(eventsOf(r2, "ready").empty());
  EXPECT_EQ(eventsOf(r2, "ready")[0].value("mode", ""), "out-of-order");
  ASSERT_FALSE(eventsOf(r2, "login").empty());
  EXPECT_EQ(eventsOf(r2, "login")[0].value("reason", ""), "out-of-order");
}

TEST(HeadlessKioskWithSimulators, CardTapCheckoutAndReturnThroughTheRealReader) {
  using lasis::test::ControlLine;
  using lasis::test::SimDevice;
  const std::string sim = std::string(LASIS_BIN_DIR) + "/lasis-sim";
  const fs::path dir = fs::temp_directory_path() / ("lasis-headless-sim-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  SimDevice ilsProc({sim, "ils", "--db", (dir / "ils.db").string()});
  SimDevice readerProc({sim, "reader"});
  ASSERT_TRUE(ilsProc.ok() && readerProc.ok());
  ControlLine pad(readerProc.info()["control"].get<std::string>());
  ControlLine ils(ilsProc.info()["control"].get<std::string>());
  // 1. A library card and two books on the pad.
  pad.call({{"cmd", "place"}, {"kind", "mfc1k"}, {"uid", "A1B2C3D4"}, {"patron", "P100008"}});
  pad.call({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", "04C00000000001"}, {"item", "10000111"}});
  pad.call({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", "04C00000000002"}, {"item", "10000112"}});
  const std::string args = "--headless --reader '" + readerProc.info()["connstring"].get<std::string>() + "' --ils '" +
                           ilsProc.info()["url"].get<std::string>() + "&location=LV-00001' --db '" +
                           (dir / "queue.db").string() + "'";
  // 2. The patron taps the card (no card number), types the PIN, checks out, is done.
  auto r = runKiosk(args, {R"({"cmd":"login","pin":"1234"})", R"({"cmd":"checkout"})", R"({"cmd":"end"})"});
  ASSERT_EQ(r.status, 0) << r.raw;
  auto logins = eventsOf(r, "login");
  ASSERT_EQ(logins.size(), 1u) << r.raw;
  EXPECT_EQ(logins[0]["ok"], true) << r.raw;
  auto items = eventsOf(r, "item");
  ASSERT_EQ(items.size(), 2u) << r.raw;
  for (const auto& i : items) {
    EXPECT_EQ(i["ok"], true) << i.dump();
    EXPECT_TRUE(i["due"].is_string()) << i.dump();
  }
  auto receipts = eventsOf(r, "receipt");
  ASSERT_EQ(receipts.size(), 1u);
  EXPECT_EQ(receipts[0]["lines"].size(), 2u);
  EXPECT_EQ(ils.call({{"cmd", "item"}, {"item", "10000111"}}).value("borrower", ""), "P100008");
  // Bound first: a range-for over a member of a temporary reads freed memory (C++20).
  const auto listed = pad.call({{"cmd", "list"}});
  for (const auto& t : listed["tags"]) {
    if (t.contains("item_id")) { EXPECT_EQ(t.value("security", ""), "unsecured") << t.dump(); }
  }
  // 3. The books come back (no login): secured again and checked in.
  auto back = runKiosk(args, {R"({"cmd":"return"})"});
  ASSERT_EQ(back.status, 0) << back.raw;
  auto returned = eventsOf(back, "item");
  ASSERT_EQ(returned.size(), 2u) << back.raw;
  for (const auto& i : returned) EXPECT_EQ(i["reason"], "returned") << i.dump();
  EXPECT_EQ(ils.call({{"cmd", "item"}, {"item", "10000111"}}).value("borrower", ""), "");
  const auto relisted = pad.call({{"cmd", "list"}});
  for (const auto& t : relisted["tags"]) {
    if (t.contains("item_id")) { EXPECT_EQ(t.value("security", ""), "secured") << t.dump(); }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

} // namespace
