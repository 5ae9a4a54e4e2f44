// SIP2 client over real TCP on 127.0.0.1 against an in-test SIP2 server (our own codec): CR and
// CRLF servers, idle disconnects, dropped replies, bad checksums, 96 resends, refused logins,
// latency, down-and-back-up, keep-alive, the pool, and the IlsClient mapping.
#include "drivers/sip2client/sip2client.h"
#include "drivers/sip2client/sip2ils.h"
#include "tests/support/sip2responder.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <sstream>
#include <thread>

using namespace lasis;
using namespace lasis::sip2;
using lasis::sip2::test::Sip2Responder;
using namespace std::chrono_literals;

namespace {

Profile profileNamed(const std::string& name) { return *Profile::builtin(name); }

std::unique_ptr<Sip2Client> connect(const Sip2Responder& ils, const std::string& extra = "", Logger log = nullptr) {
  static SystemClock clock;
  auto c = Sip2Client::create(ils.url(extra), clock, log ? log : nullLogger());
  EXPECT_TRUE(c.ok()) << c.error().describe();
  return c ? std::move(*c) : nullptr;
}

CheckoutRequest checkoutOf(const std::string& patron, const std::string& item) {
  CheckoutRequest q;
  q.patronId = patron;
  q.itemId = item;
  return q;
}

} // namespace

TEST(Sip2Url, ParsesEverySettingAndHidesThePassword) {
  auto u = Sip2Url::parse("sip2s://kiosk%40a:p%3Ass@ils.example:6443?institution=LIB&location=b1&profile=koha&pool=4&timeout_ms=800");
  ASSERT_TRUE(u.ok()) << u.error().describe();
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->user, "kiosk@a");
  EXPECT_EQ(u->password, "p:ss");
  EXPECT_EQ(u->host, "ils.example");
  EXPECT_EQ(u->port, 6443);
  EXPECT_EQ(u->pool, 4);
  EXPECT_EQ(u->timeout, 800ms);
  EXPECT_EQ(u->describe().find("p:ss"), std::string::npos);
  EXPECT_EQ(u->describe().find("p%3Ass"), std::string::npos);
  for (const char* bad : {"http://x", "sip2://", "sip2://h:99999", "sip2://h?pool=0", "sip2://h?colour=red",
                          "sip2://u:p@h?password_file=/nonexistent", "sip2://u:p%4@h"}) {
    auto r = Sip2Url::parse(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_TRUE(r.error().is(Errc::config)) << bad;
  }
}

// Issue 22: charset= in the URL overrides the profile's code page; an unknown one is named.
TEST(Sip2Url, CharsetOverridesTheProfile) {
  const std::string url = "sip2://kiosk:pw@127.0.0.1:1?profile=evergreen&charset=windows-1257";
  auto u = Sip2Url::parse(url);
  ASSERT_TRUE(u.ok()) << u.error().describe();
  EXPECT_NE(u->describe().find("charset=windows-1257"), std::string::npos) << u->describe();
  SystemClock clock;
  auto c = Sip2Client::create(url, clock, nullLogger());
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(charsetName((*c)->codec().profile().charset), "WINDOWS-1257");
  EXPECT_EQ((*c)->codec().profile().dueDateFormat, DueDateFormat::iso) << "the rest of the profile stays";
  auto bad = Sip2Url::parse("sip2://kiosk:pw@127.0.0.1:1?charset=klingon-8");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.error().is(Errc::config));
  EXPECT_NE(bad.error().message().find("klingon-8"), std::string::npos) << bad.error().message();
}

TEST(Sip2Url, PasswordFromFile) {
  const std::string file = ::testing::TempDir() + "/sip2-password";
  std::filesystem::remove(file);
  std::ofstream(file) << "s3cr3t\n";
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto u = Sip2Url::parse("sip2://kiosk@127.0.0.1:1?password_file=" + file);
  ASSERT_TRUE(u.ok()) << u.error().describe();
  EXPECT_EQ(u->password, "s3cr3t");

  // Readable by the group or by everyone: refused, with the chmod that fixes it.
  for (auto extra : {std::filesystem::perms::group_read, std::filesystem::perms::others_read}) {
    std::filesystem::permissions(file, extra, std::filesystem::perm_options::add);
    auto open = Sip2Url::parse("sip2://kiosk@127.0.0.1:1?password_file=" + file);
    ASSERT_FALSE(open.ok());
    EXPECT_TRUE(open.error().is(Errc::config));
    EXPECT_NE(open.error().message().find("chmod 600 " + file), std::string::npos) << open.error().describe();
    EXPECT_EQ(open.error().message().find("s3cr3t"), std::string::npos);
    std::filesystem::permissions(file, extra, std::filesystem::perm_options::remove);
  }
}

TEST(Sip2Client, StatusAgainstCrAndCrlfServers) {
  for (const char* server : {"generic", "koha"}) {       // koha answers with CRLF
    for (const char* client : {"generic", "koha"}) {
      Profile p = profileNamed(server);
      Sip2Responder ils(p);
      ils.start();
      static SystemClock clock;
      auto c = Sip2Client::create(ils.url().replace(ils.url().find("profile=" + p.name), 8 + p.name.size(),
                                                   std::string("profile=") + client),
                                  clock, nullLogger());
      ASSERT_TRUE(c.ok());
      auto s = (*c)->status();
      ASSERT_TRUE(s.ok()) << server << "/" << client << ": " << s.error().describe();
      EXPECT_TRUE(s->online);
      EXPECT_EQ(s->libraryName, "Test Library");
      // A second exchange on the same connection: the LF of CRLF must not confuse the framing.
      auto again = (*c)->status();
      ASSERT_TRUE(again.ok()) << again.error().describe();
      EXPECT_EQ(ils.connections(), 1);
    }
  }
}

TEST(Sip2Client, RefusedLoginIsAClearError) {
  Sip2Responder ils;
  ils.refuseLogin = true;
  ils.start();
  auto c = connect(ils);
  auto s = c->status();
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.error().is(Errc::refused)) << s.error().describe();
  EXPECT_NE(s.error().message().find("refused the login"), std::string::npos);
  EXPECT_EQ(s.error().message().find("secret"), std::string::npos) << "password leaked into an error";
}

TEST(Sip2Client, IdleDisconnectReconnectsAndTheCheckoutIsSentOnce) {
  Sip2Responder ils;
  ils.idleTimeoutMs = 150;
  ils.start();
  auto c = connect(ils, "keepalive_ms=600000");
  ASSERT_TRUE(c->status().ok());
  std::this_thread::sleep_for(400ms);  // the server drops us silently
  auto r = c->checkout(checkoutOf("P0001", "390001001"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_TRUE(r->ok);
  EXPECT_EQ(ils.applied("390001001"), 1);
  EXPECT_EQ(ils.count("11"), 1);
  EXPECT_EQ(ils.connections(), 2);
  EXPECT_EQ(ils.count("93"), 2) << "logged in again after the reconnect";
}

TEST(Sip2Client, LostCheckoutReplyIsRecoveredByAskingNotByResending) {
  Sip2Responder ils;
  ils.start();
  auto c = connect(ils, "timeout_ms=300");
  ils.dropOnlyCode = "11";
  ils.dropReplies = 1;
  auto r = c->checkout(checkoutOf("P0001", "390001002"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_TRUE(r->ok);
  EXPECT_EQ(r->title, "Book 2");
  EXPECT_FALSE(r->dueDate.empty());
  EXPECT_EQ(ils.count("11"), 1) << "a checkout whose reply was lost must never be sent again";
  EXPECT_EQ(ils.applied("390001002"), 1);
  EXPECT_GE(ils.count("17"), 1);
  EXPECT_EQ(ils.chargedTo("390001002"), "P0001");
}

TEST(Sip2Client, LostCheckinReplyIsRecoveredByAskingNotByResending) {
  Sip2Responder ils;
  ils.start();
  auto c = connect(ils, "timeout_ms=300");
  ASSERT_TRUE(c->checkout(checkoutOf("P0001", "390001003")).ok());
  ils.dropOnlyCode = "09";
  ils.dropReplies = 1;
  CheckinRequest q;
  q.itemId = "390001003";
  auto r = c->checkin(q);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_TRUE(r->ok);
  EXPECT_EQ(ils.count("09"), 1);
  EXPECT_EQ(ils.chargedTo("390001003"), "");
}

TEST(Sip2Client, LostRenewReplyIsAnUnknownOutcomeNeverResent) {
  Sip2Responder ils;
  ils.start();
  auto c = connect(ils, "timeout_ms=300");
  ASSERT_TRUE(c->checkout(checkoutOf("P0001", "390001004")).ok());
  ils.dropOnlyCode = "29";
  ils.dropReplies = 1;
  RenewRequest q;
  q.patronId = "P0001";
  q.itemId = "390001004";
  auto r = c->renew(q);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is(Errc::timeout)) << r.error().describe();
  EXPECT_NE(r.error().message().find("outcome unknown"), std::string::npos);
  EXPECT_EQ(ils.count("29"), 1);
}

TEST(Sip2Client, BadChecksumOnAReplyIsAskedAgainWith97) {
  Sip2Responder ils;
  ils.start();
  auto c = connect(ils);
  ASSERT_TRUE(c->status().ok());
  ils.corruptChecksums = 1;
  auto r = c->checkout(checkoutOf("P0002", "390001005"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_TRUE(r->ok);
  EXPECT_EQ(ils.count("97"), 1);
  EXPECT_EQ(ils.applied("390001005"), 1);
  // A server that only ever sends damaged replies gives a clear checksum error.
  ils.corruptChecksums = 100;
  auto bad = c->status();
  ASSERT_FALSE(bad.ok());
  // (the retry on a new connection fails at login, which is reported as "not sent")
  EXPECT_TRUE(bad.error().is(Errc::checksum) || bad.error().is(Errc::unavailable)) << bad.error().describe();
  EXPECT_NE(bad.error().message().find("checksum"), std::string::npos) << bad.error().describe();
}

TEST(Sip2Client, ServerAsking96GetsTheMessageAgain) {
  Sip2Responder ils;
  ils.start();
  auto c = connect(ils);
  ASSERT_TRUE(c->status().ok());
  ils.garbleNextRequests = 1;
  auto r = c->checkout(checkoutOf("P0001", "390001006"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_TRUE(r->ok);
  EXPECT_EQ(ils.applied("390001006"), 1);
  // The resend keeps its sequence number (AY): edge-sip2 refuses a message without one.
  const auto resent = ils.lastRequest("11");
  ASSERT_TRUE(resent.sequence.has_value()) << "resent without AY";
  EXPECT_EQ(*resent.sequence, 2) << "the same AY as the first attempt (login 0, status 1, checkout 2)";
}

TEST(Sip2Client, LatencyWithinTheTimeoutIsFineBeyondItIsATimeout) {
  Sip2Responder ils;
  ils.start();
  auto c = connect(ils, "timeout_ms=1500");
  ils.latencyMs = 100;
  ASSERT_TRUE(c->status().ok());
  auto slow = connect(ils, "timeout_ms=100");
  ils.latencyMs = 600;
  auto r = slow->status();
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is(Errc::timeout) || r.error().is(Errc::unavailable)) << r.error().describe();
}

TEST(Sip2Client, DownAndBackUp) {
  Sip2Responder ils;
  ils.start();
  auto c = connect(ils, "backoff_max_ms=200&timeout_ms=500");
  ASSERT_TRUE(c->status().ok());
  ils.stop();
  auto down = c->status();
  ASSERT_FALSE(down.ok());
  EXPECT_TRUE(down.error().is(Errc::unavailable)) << down.error().describe();
  ils.start();  // same port
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  Result<AcsStatus> up = fail(Errc::unavailable, "not tried");
  while (std::chrono::steady_clock::now() < deadline) {
    up = c->status();
    if (up) break;
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(up.ok()) << up.error().describe();
  EXPECT_TRUE(up->online);
}

// Issue 26: failover=HOST:PORT, a second server of the same library system. The primary down:
// the kiosk works through the failover, says so once in the log, and a checkout is sent once.
// The primary back: new connections go to it again (after Sip2Endpoints::kPrimaryRetry at most).
TEST(Sip2Url, FailoverTakesHostAndPortOrThePrimarysPort) {
  auto u = Sip2Url::parse("sip2://k:p@ils1.example:6001?failover=ils2.example&institution=L");
  ASSERT_TRUE(u.ok()) << u.error().describe();
  EXPECT_EQ(u->failoverHost, "ils2.example");
  EXPECT_EQ(u->failoverPort, 6001);
  EXPECT_NE(u->describe().find("failover=ils2.example:6001"), std::string::npos) << u->describe();
  auto v = Sip2Url::parse("sip2://k:p@[::1]:6001?failover=[::1]:7001");
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->failoverHost, "::1");
  EXPECT_EQ(v->failoverPort, 7001);
  for (const char* bad : {"sip2://h?failover=", "sip2://h?failover=h2:0", "sip2://h?failover=[::1"}) {
    auto r = Sip2Url::parse(bad);
    EXPECT_FALSE(r.ok()) << bad;
  }
}

TEST(Sip2Client, PrimaryDownTheFailoverServesAndTheSwitchIsLoggedOnce) {
  Sip2Responder primary, standby;
  primary.start();
  standby.start();
  const std::uint16_t primaryPort = primary.port();
  primary.stop();  // its port now refuses connections
  std::ostringstream logText;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(logText);
  auto log = std::make_shared<spdlog::logger>("sip2", sink);
  static SystemClock clock;
  std::string url = standby.url("timeout_ms=500&backoff_max_ms=200");
  // The standby's URL with the primary's port as the main address and the standby as failover.
  const std::string standbyPort = ":" + std::to_string(standby.port());
  url.replace(url.find(standbyPort), standbyPort.size(), ":" + std::to_string(primaryPort));
  url += "&failover=127.0.0.1" + standbyPort;
  auto c = Sip2Client::create(url, clock, log);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  auto st = (*c)->status();
  ASSERT_TRUE(st.ok()) << st.error().describe();
  auto out = (*c)->checkout(checkoutOf("P0001", "390001001"));
  ASSERT_TRUE(out.ok()) << out.error().describe();
  EXPECT_EQ(standby.count("11"), 1) << "the checkout reached the failover, once";
  const std::string text = logText.str();
  const auto first = text.find("connections go to the failover 127.0.0.1" + standbyPort);
  EXPECT_NE(first, std::string::npos) << text;
  EXPECT_EQ(text.find("connections go to the failover", first + 1), std::string::npos) << "said once: " << text;
}

TEST(Sip2Client, WithBothServersDownTheErrorNamesBoth) {
  Sip2Responder a, b;
  a.start();
  b.start();
  const std::uint16_t pa = a.port(), pb = b.port();
  a.stop();
  b.stop();
  static SystemClock clock;
  auto c = Sip2Client::create("sip2://127.0.0.1:" + std::to_string(pa) + "?timeout_ms=300&failover=127.0.0.1:" +
                                  std::to_string(pb),
                              clock, nullLogger());
  ASSERT_TRUE(c.ok()) << c.error().describe();
  auto st = (*c)->status();
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(st.error().is(Errc::unavailable)) << st.error().describe();
  EXPECT_NE(st.error().message().find("127.0.0.1:" + std::to_string(pa)), std::string::npos) << st.error().message();
  EXPECT_NE(st.error().message().find("127.0.0.1:" + std::to_string(pb)), std::string::npos) << st.error().message();
}

TEST(Sip2Client, KeepAliveHoldsTheSessionOpen) {
  Sip2Responder ils;
  ils.idleTimeoutMs = 400;
  ils.start();
  auto c = connect(ils, "keepalive_ms=100");
  ASSERT_TRUE(c->status().ok());
  const int before = ils.count("99");
  std::this_thread::sleep_for(1200ms);  // three idle timeouts' worth
  EXPECT_GE(ils.count("99") - before, 2);
  ASSERT_TRUE(c->status().ok());
  EXPECT_EQ(ils.connections(), 1) << "keep-alives must stop the server from dropping us";
}

TEST(Sip2Client, PoolServesConcurrentCallers) {
  Sip2Responder ils;
  ils.latencyMs = 50;
  ils.start();
  auto c = connect(ils, "pool=4");
  std::vector<std::future<bool>> calls;
  for (int i = 0; i < 8; ++i)
    calls.push_back(std::async(std::launch::async, [&, i] {
      ItemInformationRequest q;
      q.itemId = "39000" + std::to_string(1010 + i);
      auto r = c->call<ItemInformationResponse>(q);
      return r.ok() && r->title == "Book " + std::to_string(10 + i);
    }));
  for (auto& f : calls) EXPECT_TRUE(f.get());
  EXPECT_GT(ils.connections(), 1);
  EXPECT_LE(ils.connections(), 4);
}

TEST(Sip2Ils, MapsEveryCallOntoTheNeutralInterface) {
  Sip2Responder ils(profileNamed("evergreen"));  // ISO due dates, CR, empty AC/AD sent
  ils.start();
  SystemClock clock;
  auto made = Sip2Ils::create(ils.url(), clock, nullLogger());
  ASSERT_TRUE(made.ok()) << made.error().describe();
  auto& i = **made;

  auto st = i.status();
  ASSERT_TRUE(st.ok());
  EXPECT_TRUE(st->checkoutOk);
  auto wrongPin = i.patronStatus("P0001", "9999");
  ASSERT_TRUE(wrongPin.ok());
  EXPECT_TRUE(wrongPin->validPatron);
  EXPECT_EQ(wrongPin->validPin, std::optional<bool>(false));
  EXPECT_FALSE(wrongPin->ok);
  auto good = i.patronStatus("P0001", "1234");
  ASSERT_TRUE(good.ok());
  EXPECT_TRUE(good->ok);
  EXPECT_EQ(good->name, "Patron P0001");
  auto unknown = i.patronStatus("NOPE", "");
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->validPatron);
  EXPECT_EQ(unknown->screenMessages, std::vector<std::string>{"Invalid cardnumber"});

  ils::CheckoutRequest co;
  co.patronId = "P0001";
  co.patronPin = "1234";
  co.itemId = "390001020";
  auto out = i.checkout(co);
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->ok);
  ASSERT_TRUE(out->dueDate.has_value()) << "ISO due date not parsed: " << out->dueDateText;
  EXPECT_GT(*out->dueDate, clock.now() + std::chrono::hours(24 * 13));
  auto twice = i.checkout(co);
  ASSERT_TRUE(twice.ok());
  EXPECT_FALSE(twice->ok) << "the ILS refuses: an answer, not an error";

  auto item = i.itemInfo("390001020");
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(item->status, ils::CirculationStatus::charged);
  EXPECT_EQ(item->title, "Book 20");
  auto missing = i.itemInfo("nope");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->ok);

  auto account = i.patronAccount("P0001", "1234");
  ASSERT_TRUE(account.ok());
  ASSERT_EQ(account->loans.size(), 1u);
  EXPECT_EQ(account->loans[0].title, "Book 20");
  EXPECT_TRUE(account->loans[0].dueDate.has_value());

  ils::HoldRequest h;
  h.patronId = "P0002";
  h.itemId = "390001020";
  h.pickupLocation = "branch-2";
  auto held = i.placeHold(h);
  ASSERT_TRUE(held.ok());
  EXPECT_TRUE(held->ok);
  EXPECT_EQ(held->queuePosition, std::optional<int>(1));
  EXPECT_EQ(held->pickupLocation, "branch-2");

  ils::CheckinRequest ci;
  ci.itemId = "390001020";
  auto in = i.checkin(ci);
  ASSERT_TRUE(in.ok());
  EXPECT_TRUE(in->ok);
  EXPECT_TRUE(in->alert);
  EXPECT_EQ(in->alertType, "02");
  EXPECT_EQ(in->destination, "branch-2");

  auto cancelled = i.cancelHold(h);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_TRUE(cancelled->ok);

  ASSERT_TRUE(i.checkout(co).ok());
  auto all = i.renewAll("P0001", "1234");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->renewed, std::vector<std::string>{"390001020"});
  ils::RenewRequest rn;
  rn.patronId = "P0001";
  rn.itemId = "390001020";
  auto renewed = i.renew(rn);
  ASSERT_TRUE(renewed.ok());
  EXPECT_TRUE(renewed->ok);

  auto paid = i.payFee("P0001", 2.5, "EUR");
  ASSERT_TRUE(paid.ok());
  EXPECT_TRUE(paid->ok);
  EXPECT_FALSE(paid->transactionId.empty());
  EXPECT_FALSE(i.payFee("P0001", -1, "EUR").ok());
  auto end = i.endSession("P0001");
  ASSERT_TRUE(end.ok());
  EXPECT_TRUE(end->ok);
}

// Issue 22: long loan lists come in pages (Evergreen's SIP2 mediator sends 10 items unless BP/BQ
// ask for others). The account shows all 25 loans; the lost-reply check finds an item on the
// third page; a server that ignores BP does not make an item on a later page look "not lent".
TEST(Sip2Ils, LongLoanListsAreReadPageByPageWithBpBq) {
  Sip2Responder ils;
  ils.start();
  SystemClock clock;
  auto made = Sip2Ils::create(ils.url(), clock, nullLogger());
  ASSERT_TRUE(made.ok()) << made.error().describe();
  auto& i = **made;
  for (int n = 0; n < 25; ++n) {
    const std::string id = "39100" + std::to_string(1000 + n);
    ils.addItem(id, "Book " + std::to_string(n));
    ils::CheckoutRequest co;
    co.patronId = "P0002";
    co.patronPin = "0000";
    co.itemId = id;
    auto out = i.checkout(co);
    ASSERT_TRUE(out.ok() && out->ok) << id;
  }
  ils.listPage = 10;
  auto account = i.patronAccount("P0002", "0000");
  ASSERT_TRUE(account.ok()) << account.error().describe();
  EXPECT_EQ(account->chargedCount, 25);
  ASSERT_EQ(account->loans.size(), 25u) << "every page read";
  EXPECT_EQ(account->loans.back().itemId, "391001024");
  std::set<std::string> distinct;
  for (const auto& l : account->loans) distinct.insert(l.itemId);
  EXPECT_EQ(distinct.size(), 25u) << "no page read twice";
  EXPECT_EQ(ils.lastRequest("63").get("BP"), "21");
  EXPECT_EQ(ils.lastRequest("63").get("BQ"), "30");

  const int before = ils.count("63");
  auto lent = i.lentTo("P0002", "391001022");  // the 23rd: on the third page
  ASSERT_TRUE(lent.ok()) << lent.error().describe();
  EXPECT_EQ(*lent, std::optional<bool>(true));
  EXPECT_EQ(ils.count("63") - before, 3) << "first page, then BP 11-20, then BP 21-30";
  auto notLent = i.lentTo("P0002", "390001020");
  ASSERT_TRUE(notLent.ok());
  EXPECT_EQ(*notLent, std::optional<bool>(false)) << "the whole list read: it is not there";

  ils.ignoreRange = true;  // a server that always sends its first page
  auto unsure = i.lentTo("P0002", "391001022");
  ASSERT_TRUE(unsure.ok());
  EXPECT_EQ(*unsure, std::optional<bool>()) << "cannot tell: never 'not lent'";
  auto partial = i.patronAccount("P0002", "0000");
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->loans.size(), 10u) << "the first page once, not the same page again and again";
}

TEST(Sip2Ils, UnreachableIlsIsAnErrorNotAnAnswer) {
  Sip2Responder ils;
  ils.start();
  const auto url = ils.url("timeout_ms=300");
  ils.stop();
  SystemClock clock;
  auto i = Sip2Ils::create(url, clock, nullLogger());
  ASSERT_TRUE(i.ok());
  ils::CheckoutRequest co;
  co.patronId = "P0001";
  co.itemId = "390001021";
  auto r = (*i)->checkout(co);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is(Errc::unavailable)) << r.error().describe();
}

TEST(Sip2Client, PinsAndPasswordsNeverReachTheLog) {
  Sip2Responder ils;
  ils.start();
  std::ostringstream sink;
  auto logger = std::make_shared<spdlog::logger>("sip2-test", std::make_shared<spdlog::sinks::ostream_sink_mt>(sink));
  logger->set_level(spdlog::level::trace);
  auto c = connect(ils, "timeout_ms=300", logger);
  PatronStatusRequest q;
  q.patronId = "P0004";
  q.patronPassword = "Zq93x";
  auto r = c->call<PatronStatusResponse>(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->validPatronPassword, std::optional<bool>(true));
  ils.dropOnlyCode = "11";
  ils.dropReplies = 1;
  auto co = checkoutOf("P0004", "390001030");
  co.patronPassword = "Zq93x";
  ASSERT_TRUE(c->checkout(co).ok());
  logger->flush();
  const std::string log = sink.str();
  EXPECT_NE(log.find("→ 23"), std::string::npos) << "trace logging was not exercised";
  EXPECT_EQ(log.find("Zq93x"), std::string::npos) << log;
  EXPECT_EQ(log.find("secret"), std::string::npos) << log;
}

TEST(Sip2Client, LostCheckoutThatNeverArrivedIsSentOnceMore) {
  Sip2Responder ils;
  ils.start();
  auto c = connect(ils, "timeout_ms=300");
  ils.dropOnlyCode = "11";
  ils.swallowRequests = 1;  // the request itself is lost: the ILS never lent the item
  auto r = c->checkout(checkoutOf("P0001", "390001040"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_TRUE(r->ok);
  EXPECT_EQ(ils.applied("390001040"), 1) << "lent exactly once";
  EXPECT_GE(ils.count("17"), 1) << "asked before resending";
}

TEST(Sip2Client, GarbageFromTheServerIsAnErrorNotACrash) {
  Sip2Responder ils;
  ils.start();
  auto c = connect(ils, "timeout_ms=300");
  ASSERT_TRUE(c->status().ok());
  ItemInformationRequest q;
  q.itemId = "390001001";
  ils.garbageReplies = 1;  // one garbled reply: a safe query is asked again on a new connection
  auto once = c->call<ItemInformationResponse>(q);
  ASSERT_TRUE(once.ok()) << once.error().describe();
  EXPECT_EQ(once->title, "Book 1");
  ils.garbageReplies = 1000;  // a server that only speaks garbage
  auto r = c->call<ItemInformationResponse>(q);
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(r.error().message().empty());
  ils.garbageReplies = 0;
  const auto deadline = std::chrono::steady_clock::now() + 10s;  // back-off may delay the next try
  bool recovered = false;
  while (!recovered && std::chrono::steady_clock::now() < deadline) {
    recovered = c->status().ok();
    if (!recovered) std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(recovered) << "the client recovers once the server is sane again";
}

TEST(Sip2Ils, ReplaySendsNoBlockAndTheRealReturnTime) {
  Sip2Responder ils(profileNamed("koha"));
  ils.start();
  SystemClock clock;
  auto i = Sip2Ils::create(ils.url(), clock, nullLogger());
  ASSERT_TRUE(i.ok());
  ils::CheckoutRequest co;
  co.ctx.noBlock = true;
  co.ctx.when = clock.now() - std::chrono::hours(3);
  co.patronId = "P0001";
  co.itemId = "390001041";
  co.offlineDueDate = clock.now() + std::chrono::hours(24 * 14);
  ASSERT_TRUE((*i)->checkout(co).ok());
  const auto sent = ils.lastRequest("11");
  ASSERT_EQ(sent.code, "11");
  EXPECT_EQ(sent.fixed[1], 'Y') << "no block";
  EXPECT_EQ(parseSipDate(sent.fixed.substr(2, 18)),
            std::optional<TimePoint>(std::chrono::time_point_cast<std::chrono::seconds>(co.ctx.when)));
  EXPECT_TRUE(parseSipDate(sent.fixed.substr(20, 18)).has_value()) << "offline due date sent";
  ils::CheckinRequest ci;
  ci.ctx.noBlock = true;
  ci.ctx.when = clock.now() - std::chrono::hours(2);
  ci.itemId = "390001041";
  ASSERT_TRUE((*i)->checkin(ci).ok());
  const auto back = ils.lastRequest("09");
  EXPECT_EQ(back.fixed[0], 'Y');
  EXPECT_EQ(parseSipDate(back.fixed.substr(19, 18)),
            std::optional<TimePoint>(std::chrono::time_point_cast<std::chrono::seconds>(ci.ctx.when)))
      << "the return date is the real return time";
  EXPECT_EQ(back.get("AP"), "branch-1") << "current location from the URL";
}

TEST(Sip2Client, TlsWithCertificateVerification) {
  const std::string cert = ::testing::TempDir() + "/sip2-test-cert.pem";
  const std::string key = ::testing::TempDir() + "/sip2-test-key.pem";
  ASSERT_TRUE(Sip2Responder::makeSelfSignedCert(cert, key));
  Sip2Responder ils;
  ils.enableTls(cert, key);
  ils.start();
  auto trusted = connect(ils, "timeout_ms=2000&ca=" + cert);
  auto s = trusted->status();
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_TRUE(s->online);
  auto co = trusted->checkout(checkoutOf("P0001", "390001050"));
  ASSERT_TRUE(co.ok()) << co.error().describe();
  EXPECT_TRUE(co->ok);

  // Not trusted (system CAs only): the handshake fails and nothing is sent.
  auto untrusted = connect(ils, "timeout_ms=2000");
  auto bad = untrusted->status();
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.error().is(Errc::unavailable)) << bad.error().describe();
  EXPECT_NE(bad.error().message().find("TLS handshake"), std::string::npos) << bad.error().describe();

  // Trusted certificate, but for another host name: refused (the name is checked, not just the CA).
  // 0.0.0.0 reaches the same loopback listener; the certificate names localhost and 127.0.0.1 only.
  std::string otherHost = ils.url("timeout_ms=2000&ca=" + cert);
  otherHost.replace(otherHost.find("@localhost:") + 1, 9, "0.0.0.0");
  SystemClock hostClock;
  auto wrongName = Sip2Client::create(otherHost, hostClock, nullLogger());
  ASSERT_TRUE(wrongName.ok()) << wrongName.error().describe();
  auto refused = (*wrongName)->status();
  ASSERT_FALSE(refused.ok()) << "a certificate for localhost accepted for 0.0.0.0";
  EXPECT_NE(refused.error().message().find("TLS handshake"), std::string::npos) << refused.error().describe();

  // Plain SIP2 to a TLS port: a clear error within the timeout, no hang.
  std::string plainUrl = ils.url("timeout_ms=500");
  plainUrl.replace(0, 5, "sip2");
  SystemClock clock;
  auto plain = Sip2Client::create(plainUrl, clock, nullLogger());
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE((*plain)->status().ok());
}

TEST(Sip2Client, ProfileFromATomlFileNamedInTheUrl) {
  const std::string file = ::testing::TempDir() + "/sip2-profile.toml";
  std::ofstream(file) << "# a library's own dialect\nbase = \"evergreen\"\nterminator = \"CRLF\"\nerror_detection = false\n";
  Sip2Responder ils;
  ils.start();
  auto c = connect(ils, "profile=" + file);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->codec().profile().terminator, "\r\n");
  EXPECT_FALSE(c->codec().profile().errorDetection);
  EXPECT_TRUE(c->codec().profile().sendsEmpty("AC"));  // from the evergreen base
  ASSERT_TRUE(c->status().ok());
  EXPECT_FALSE(ils.lastRequest("99").checksummed) << "no AY/AZ with error detection off";

  std::ofstream(file) << "base = \"evergreen\"\nterminatr = \"CRLF\"\n";
  SystemClock clock;
  auto bad = Sip2Client::create(ils.url("profile=" + file), clock, nullLogger());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find("sip2-profile.toml:2"), std::string::npos) << bad.error().describe();
}

TEST(Sip2Client, CheckoutWhoseRepliesAreAllDamagedIsCheckedNotResent) {
  Sip2Responder ils;
  ils.start();
  auto c = connect(ils, "timeout_ms=500");
  ASSERT_TRUE(c->status().ok());
  ils.corruptChecksums = 3;  // the reply and both resends of it arrive damaged
  auto r = c->checkout(checkoutOf("P0001", "390001049"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_TRUE(r->ok) << "the ILS did lend it; we learn that from 17 and 63";
  EXPECT_EQ(ils.count("11"), 1);
  EXPECT_EQ(ils.applied("390001049"), 1);
}

TEST(Sip2Client, PlainSip2ToAnotherHostOnlyWhenTheUrlAllowsIt) {
  SystemClock clock;
  auto logged = [&](const std::string& url) {
    std::ostringstream sink;
    auto logger = std::make_shared<spdlog::logger>("sip2-plain", std::make_shared<spdlog::sinks::ostream_sink_mt>(sink));
    auto c = Sip2Client::create(url, clock, logger);
    EXPECT_TRUE(c.ok()) << c.error().describe();
    return sink.str();
  };
  // 1. Plain SIP2 across the network, not asked for: refused at start, with the way out named.
  auto refused = Sip2Client::create("sip2://kiosk:secret@192.0.2.7:6001?timeout_ms=100", clock, nullLogger());
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(refused.error().is(Errc::config));
  EXPECT_NE(refused.error().message().find("plain=allow"), std::string::npos) << refused.error().describe();
  EXPECT_EQ(refused.error().describe().find("secret"), std::string::npos) << "the error never shows the password";
  // 2. Asked for explicitly: allowed, and warned about at every start.
  const auto plain = logged("sip2://kiosk:secret@192.0.2.7:6001?timeout_ms=100&plain=allow");
  EXPECT_NE(plain.find("plain SIP2"), std::string::npos) << plain;
  EXPECT_EQ(plain.find("secret"), std::string::npos) << "the warning names the ILS, never its password";
  // 3. TLS, and loopback (a local stunnel, the tests), need nothing and say nothing.
  EXPECT_EQ(logged("sip2s://kiosk:secret@192.0.2.7:6001?timeout_ms=100").find("plain SIP2"), std::string::npos);
  EXPECT_EQ(logged("sip2://kiosk:secret@127.0.0.1:6001?timeout_ms=100").find("plain SIP2"), std::string::npos);
  EXPECT_FALSE(Sip2Url::parse("sip2://k@192.0.2.7:6001?plain=yes").ok()) << "plain= has one value: allow";
}

// Issue 25.10: a reply of the wrong type (a 98 where an 18 was due, in step by its sequence
// number) is said as what it is, at once, not waited out and reported as a timeout.
TEST(Sip2Client, AReplyOfTheWrongTypeIsSaidNotATimeout) {
  Sip2Responder ils(profileNamed("koha"));
  ils.start();
  auto c = connect(ils, "timeout_ms=3000");
  ASSERT_TRUE(c->status().ok());
  ItemInformationRequest q;
  q.itemId = "390001001";
  ils.wrongTypeReplies = 1000;
  auto r = c->call<ItemInformationResponse>(q);
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(r.error().is(Errc::timeout)) << r.error().describe();
  EXPECT_NE(r.error().message().find("98"), std::string::npos) << r.error().describe();
}

// Issue 22, profiles from evidence: the one-digit AY wraps 9 → 0 through the real client (a
// fresh connection starts at 0 with its login), and the server sees each number in turn.
TEST(Sip2Client, SequenceNumberWrapsFromNineToZero) {
  for (const char* name : {"koha", "evergreen", "generic"}) {
    Sip2Responder ils(profileNamed(name));
    ils.start();
    auto c = connect(ils);
    ASSERT_TRUE(c);
    std::vector<int> seen;
    for (int i = 0; i < 11; ++i) {
      auto s = c->status();
      ASSERT_TRUE(s.ok()) << name << ": " << s.error().describe();
      const auto last = ils.lastRequest("99");
      seen.push_back(last.sequence.value_or(-1));
    }
    EXPECT_EQ(ils.lastRequest("93").sequence, 0) << name;
    EXPECT_EQ(seen, (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1})) << name;
    EXPECT_EQ(ils.connections(), 1) << name;
  }
}

// folio (FOLIO edge-sip2): a hold is refused by the client at once, as not supported, and never
// reaches the server, which would drop it unanswered (no Hold handler in edge-sip2).
TEST(Sip2Client, FolioHoldIsRefusedAtOnceNeverSent) {
  Sip2Responder ils(profileNamed("folio"));
  ils.start();
  auto c = connect(ils);
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->status().ok());
  HoldRequest h;
  h.patronId = "P0001";
  h.itemId = "39000123";
  h.pickupLocation = "branch-2";
  const auto start = std::chrono::steady_clock::now();
  auto r = c->call<HoldResponse>(h);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is(Errc::unsupported)) << r.error().describe();
  EXPECT_NE(r.error().message().find("Hold (15)"), std::string::npos) << r.error().describe();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s) << "said now, not waited out";
  EXPECT_EQ(ils.count("15"), 0);
  EXPECT_TRUE(c->status().ok()) << "the connection stays usable";
  EXPECT_EQ(ils.connections(), 1);
}
