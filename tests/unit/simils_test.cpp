// The simulated ILS over real TCP on 127.0.0.1: every kiosk message answered as a real ILS does,
// holds and sorting alerts, refusals, each injected fault, two connections at once, and the
// real `lasis-sim ils` binary started, spoken to and stopped by PID.
#include "common/sip2/codec.h"
#include "common/sip2/framer.h"
#include "common/sip2/typedcodec.h"
#include "simulator/ils/ilssimulator.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <thread>

extern char** environ;

using namespace lasis;
using namespace lasis::sim;
using namespace lasis::sim::ils;
using namespace std::chrono_literals;
namespace sip = lasis::sip2;

namespace {

/// A simulated ILS running on its own thread for one test.
struct IlsThread {
  boost::asio::io_context io;
  SystemClock clock;
  std::unique_ptr<IlsSimulator> sim;
  std::thread thread;
  explicit IlsThread(std::string profile = "koha") {
    IlsOptions o;
    o.profile = std::move(profile);
    auto s = IlsSimulator::start(io, o, clock, nullLogger());
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().describe());
    if (s) sim = std::move(*s);
    thread = std::thread([this] { io.run(); });
  }
  ~IlsThread() {
    io.stop();
    thread.join();
    sim.reset();
  }
  std::uint16_t port() const { return sim->server().port(); }
  Json control(const Json& req) {
    auto c = ControlClient::connect(sim->controlUrl());
    EXPECT_TRUE(c.ok());
    auto r = c->call(req);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : Json{};
  }
};

/// A kiosk's side of one SIP2 connection, blocking, every read bounded by a deadline.
class SipPeer {
public:
  explicit SipPeer(std::uint16_t port, sip::Profile profile = sip::Profile::builtin("koha").value())
      : m_codec(std::move(profile)) {
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    m_connected = ::connect(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~SipPeer() { ::close(m_fd); }
  bool connected() const { return m_connected; }

  void sendRaw(const std::string& bytes) { ASSERT_EQ(::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bytes.size())); }

  template <class M>
  void send(const M& m) {
    auto bytes = sip::encodeTyped(m_codec, m, m_seq);
    m_seq = (m_seq + 1) % 10;
    ASSERT_TRUE(bytes.ok()) << bytes.error().describe();
    m_lastRaw = *bytes;
    sendRaw(*bytes);
  }

  /// The next frame, raw (without terminator); nullopt on timeout; "<eof>" when closed.
  std::optional<std::string> frame(std::chrono::milliseconds timeout = 5000ms) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!m_framer.hasFrame()) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{m_fd, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
      char buf[4096];
      const auto n = ::recv(m_fd, buf, sizeof buf, 0);
      if (n <= 0) return std::string("<eof>");
      m_rawIn.append(buf, static_cast<std::size_t>(n));
      if (!m_framer.feed(std::string_view(buf, static_cast<std::size_t>(n))).ok()) return std::nullopt;
    }
    return m_framer.next();
  }

  template <class R, class M>
  R exchange(const M& m) {
    send(m);
    auto f = frame();
    EXPECT_TRUE(f.has_value()) << "no reply to " << M::code;
    if (!f) return R{};
    auto r = sip::decodeTyped<R>(m_codec, *f);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe()) << " in " << *f;
    return r.ok() ? *r : R{};
  }

  bool login(const std::string& user = "kiosk", const std::string& pwd = "kiosk-pass") {
    sip::LoginRequest l;
    l.userId = user;
    l.password = pwd;
    return exchange<sip::LoginResponse>(l).ok;
  }

  const sip::Codec& codec() const { return m_codec; }
  const std::string& rawIn() const { return m_rawIn; }

private:
  int m_fd = -1;
  bool m_connected = false;
  sip::Codec m_codec;
  sip::Framer m_framer;
  int m_seq = 0;
  std::string m_lastRaw, m_rawIn;
};

sip::CheckoutRequest checkout(const std::string& patron, const std::string& item) {
  sip::CheckoutRequest r;
  r.transactionDate = SystemClock().now();
  r.institutionId = "LASIS";
  r.patronId = patron;
  r.itemId = item;
  return r;
}

sip::CheckinRequest checkin(const std::string& item, const std::string& location = "LV-00001") {
  sip::CheckinRequest r;
  r.transactionDate = r.returnDate = SystemClock().now();
  r.institutionId = "LASIS";
  r.itemId = item;
  r.currentLocation = location;
  return r;
}

sip::ItemInformationRequest itemInfo(const std::string& item) {
  sip::ItemInformationRequest r;
  r.transactionDate = SystemClock().now();
  r.institutionId = "LASIS";
  r.itemId = item;
  return r;
}

sip::PatronStatusRequest patronStatus(const std::string& patron, const std::string& pin) {
  sip::PatronStatusRequest r;
  r.transactionDate = SystemClock().now();
  r.institutionId = "LASIS";
  r.patronId = patron;
  r.patronPassword = pin;
  return r;
}

sip::HoldRequest hold(char mode, const std::string& patron, const std::string& item, const std::string& pickup) {
  sip::HoldRequest r;
  r.holdMode = std::string(1, mode);
  r.transactionDate = SystemClock().now();
  r.institutionId = "LASIS";
  r.patronId = patron;
  r.itemId = item;
  r.pickupLocation = pickup;
  return r;
}

} // namespace

TEST(SimIls, LoginAndStatus) {
  IlsThread ils;
  SipPeer k(ils.port());
  ASSERT_TRUE(k.connected());
  EXPECT_FALSE(k.login("kiosk", "wrong"));
  EXPECT_TRUE(k.login());
  sip::ScStatus st;
  auto acs = k.exchange<sip::AcsStatus>(st);
  EXPECT_TRUE(acs.online);
  EXPECT_TRUE(acs.checkoutOk);
  EXPECT_EQ(acs.institutionId, "LASIS");
  EXPECT_EQ(acs.supportedMessages.size(), 16u);
  EXPECT_TRUE(acs.dateTimeSync.has_value());
  // Koha ends each reply with CRLF.
  EXPECT_NE(k.rawIn().find("\r\n"), std::string::npos);
}

TEST(SimIls, MessageBeforeLoginClosesTheConnection) {
  IlsThread ils;
  SipPeer k(ils.port());
  k.send(itemInfo("10000001"));
  EXPECT_EQ(k.frame(), std::optional<std::string>("<eof>"));
}

TEST(SimIls, PatronStatusChecksThePin) {
  IlsThread ils;
  SipPeer k(ils.port());
  ASSERT_TRUE(k.login());
  auto good = k.exchange<sip::PatronStatusResponse>(patronStatus("P100001", "1234"));
  EXPECT_EQ(good.validPatron, std::optional<bool>(true));
  EXPECT_EQ(good.validPatronPassword, std::optional<bool>(true));
  EXPECT_EQ(good.personalName, "Anna Bērziņa");
  EXPECT_EQ(good.patronStatus, std::string(14, ' '));
  auto wrong = k.exchange<sip::PatronStatusResponse>(patronStatus("P100001", "9999"));
  EXPECT_EQ(wrong.validPatron, std::optional<bool>(true));
  EXPECT_EQ(wrong.validPatronPassword, std::optional<bool>(false));
  auto unknown = k.exchange<sip::PatronStatusResponse>(patronStatus("NOBODY", "1234"));
  EXPECT_EQ(unknown.validPatron, std::optional<bool>(false));
  auto blocked = k.exchange<sip::PatronStatusResponse>(patronStatus("P100002", "1234"));
  EXPECT_EQ(blocked.patronStatus[0], 'Y');
  ASSERT_FALSE(blocked.screenMessage.empty());
  EXPECT_NE(blocked.screenMessage[0].find("blocked"), std::string::npos);
  auto fines = k.exchange<sip::PatronStatusResponse>(patronStatus("P100004", "1234"));
  EXPECT_EQ(fines.feeAmount, "25.00");
  EXPECT_EQ(fines.currencyType, "EUR");
  EXPECT_EQ(fines.patronStatus[10], 'Y');
  auto lost = k.exchange<sip::PatronStatusResponse>(patronStatus("P100005", "1234"));
  EXPECT_EQ(lost.patronStatus[4], 'Y');
}

TEST(SimIls, PatronInformationListsOneSummaryAtATime) {
  IlsThread ils;
  SipPeer k(ils.port());
  ASSERT_TRUE(k.login());
  sip::PatronInformationRequest r;
  r.transactionDate = SystemClock().now();
  r.institutionId = "LASIS";
  r.patronId = "P100001";
  r.patronPassword = "1234";
  r.summary = "  Y       ";
  auto charged = k.exchange<sip::PatronInformationResponse>(r);
  EXPECT_EQ(charged.chargedItemsCount, 2);
  EXPECT_EQ(charged.chargedItems, (std::vector<std::string>{"10000007", "10000002"}));  // soonest due first
  EXPECT_TRUE(charged.holdItems.empty());
  r.summary = "  YY      ";  // only the first Y counts
  EXPECT_EQ(k.exchange<sip::PatronInformationResponse>(r).fineItems.size(), 0u);
  r.startItem = 2;
  r.endItem = 2;
  EXPECT_EQ(k.exchange<sip::PatronInformationResponse>(r).chargedItems, (std::vector<std::string>{"10000002"}));
  sip::PatronInformationRequest f = r;
  f.patronId = "P100004";
  f.startItem.reset();
  f.endItem.reset();
  f.summary = "   Y      ";
  auto fines = k.exchange<sip::PatronInformationResponse>(f);
  EXPECT_EQ(fines.fineItemsCount, 2);
  ASSERT_EQ(fines.fineItems.size(), 2u);
  EXPECT_EQ(fines.fineItems[0], "20.00 EUR Damaged item: Kobzar");
  sip::PatronInformationRequest h = f;
  h.patronId = "P100006";
  h.summary = "Y         ";
  auto holds = k.exchange<sip::PatronInformationResponse>(h);
  EXPECT_EQ(holds.holdItemsCount, 1);  // waiting on the shelf
  EXPECT_EQ(holds.unavailableHoldsCount, 1);  // queued for 10000007
  EXPECT_EQ(holds.holdItems, (std::vector<std::string>{"10000003"}));
  // A wrong PIN shows no lists.
  r.patronPassword = "0000";
  auto wrong = k.exchange<sip::PatronInformationResponse>(r);
  EXPECT_EQ(wrong.validPatronPassword, std::optional<bool>(false));
  EXPECT_TRUE(wrong.chargedItems.empty());
}

TEST(SimIls, CheckoutCheckinRenewAndLoanRules) {
  IlsThread ils;
  SipPeer k(ils.port());
  ASSERT_TRUE(k.login());
  auto book = k.exchange<sip::CheckoutResponse>(checkout("P100008", "10000001"));
  EXPECT_TRUE(book.ok);
  EXPECT_EQ(book.desensitize, std::optional<bool>(true));
  EXPECT_EQ(book.title, "Baltā grāmata");
  EXPECT_EQ(book.mediaType, "002");
  auto bookDue = sip::parseDueDate(book.dueDate);
  ASSERT_TRUE(bookDue.has_value()) << book.dueDate;
  auto dvd = k.exchange<sip::CheckoutResponse>(checkout("P100008", "10000006"));
  EXPECT_TRUE(dvd.ok);
  auto dvdDue = sip::parseDueDate(dvd.dueDate);
  ASSERT_TRUE(dvdDue.has_value());
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::hours>(*bookDue - *dvdDue).count(), 14 * 24);  // 21 vs 7 days

  auto info = k.exchange<sip::ItemInformationResponse>(itemInfo("10000001"));
  EXPECT_EQ(info.circulationStatus, "04");
  EXPECT_EQ(info.dueDate, book.dueDate);

  sip::RenewRequest rn;
  rn.transactionDate = SystemClock().now();
  rn.institutionId = "LASIS";
  rn.patronId = "P100008";
  rn.itemId = "10000006";
  auto r1 = k.exchange<sip::RenewResponse>(rn);
  EXPECT_TRUE(r1.ok);
  auto r2 = k.exchange<sip::RenewResponse>(rn);
  EXPECT_FALSE(r2.ok);  // DVDs renew once
  ASSERT_FALSE(r2.screenMessage.empty());
  EXPECT_NE(r2.screenMessage[0].find("renewal limit"), std::string::npos);

  sip::RenewAllRequest ra;
  ra.transactionDate = SystemClock().now();
  ra.institutionId = "LASIS";
  ra.patronId = "P100008";
  auto all = k.exchange<sip::RenewAllResponse>(ra);
  EXPECT_TRUE(all.ok);
  EXPECT_EQ(all.renewedItems, (std::vector<std::string>{"10000001"}));
  EXPECT_EQ(all.unrenewedItems, (std::vector<std::string>{"10000006"}));

  auto in = k.exchange<sip::CheckinResponse>(checkin("10000001"));
  EXPECT_TRUE(in.ok);
  EXPECT_TRUE(in.resensitize);
  EXPECT_FALSE(in.alert);
  EXPECT_EQ(in.permanentLocation, "LV-00001");
  EXPECT_EQ(k.exchange<sip::ItemInformationResponse>(itemInfo("10000001")).circulationStatus, "03");
  auto again = k.exchange<sip::CheckinResponse>(checkin("10000001"));
  EXPECT_FALSE(again.ok);

  auto ref = k.exchange<sip::CheckoutResponse>(checkout("P100008", "10000004"));
  EXPECT_FALSE(ref.ok);
  EXPECT_EQ(ref.desensitize, std::optional<bool>(false));
  auto unknown = k.exchange<sip::CheckoutResponse>(checkout("P100008", "NO-SUCH"));
  EXPECT_FALSE(unknown.ok);
}

TEST(SimIls, RefusesBlockedPatronsWrongPinAndItemsHeldForOthers) {
  IlsThread ils;
  SipPeer k(ils.port());
  ASSERT_TRUE(k.login());
  auto blocked = k.exchange<sip::CheckoutResponse>(checkout("P100002", "10000001"));
  EXPECT_FALSE(blocked.ok);
  ASSERT_FALSE(blocked.screenMessage.empty());
  EXPECT_EQ(blocked.screenMessage[0], "Card blocked: please see staff");
  auto held = k.exchange<sip::CheckoutResponse>(checkout("P100001", "10000003"));
  EXPECT_FALSE(held.ok);
  ASSERT_FALSE(held.screenMessage.empty());
  EXPECT_EQ(held.screenMessage[0], "This item is on hold for another patron");
  auto pin = checkout("P100001", "10000001");
  pin.patronPassword = "0000";
  auto wrongPin = k.exchange<sip::CheckoutResponse>(pin);
  EXPECT_FALSE(wrongPin.ok);
  EXPECT_EQ(ils.control({{"cmd", "loans"}, {"patron", "P100001"}})["loans"].size(), 2u);  // nothing lent
  // The holder herself gets it.
  EXPECT_TRUE(k.exchange<sip::CheckoutResponse>(checkout("P100006", "10000003")).ok);
}

TEST(SimIls, HoldsQueuePositionsAndCheckinAlerts) {
  IlsThread ils;
  SipPeer k(ils.port());
  ASSERT_TRUE(k.login());
  auto h = k.exchange<sip::HoldResponse>(hold('+', "P100009", "10000007", "LV-00002"));
  EXPECT_TRUE(h.ok);
  EXPECT_EQ(h.queuePosition, std::optional<int>(3));
  EXPECT_EQ(h.pickupLocation, "LV-00002");
  EXPECT_FALSE(h.available);
  EXPECT_FALSE(h.expirationDate.empty());
  auto bad = k.exchange<sip::HoldResponse>(hold('+', "P100010", "10000007", "XX-99999"));
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(k.exchange<sip::ItemInformationResponse>(itemInfo("10000007")).holdQueueLength, std::optional<int>(3));
  // The first holder picks up in Vilnius: returned in Riga, it travels (CV 02, CT LT-00001).
  auto in = k.exchange<sip::CheckinResponse>(checkin("10000007", "LV-00001"));
  EXPECT_TRUE(in.ok);
  EXPECT_TRUE(in.alert);
  EXPECT_EQ(in.alertType, "02");
  EXPECT_EQ(in.destinationLocation, "LT-00001");
  EXPECT_EQ(in.holdPatronId, "P100006");
  EXPECT_EQ(k.exchange<sip::ItemInformationResponse>(itemInfo("10000007")).circulationStatus, "10");
  // She cancels; the next holder (pickup here) gets it at its next checkin: CV 01.
  EXPECT_TRUE(k.exchange<sip::HoldResponse>(hold('-', "P100006", "10000007", "")).ok);
  auto here = k.exchange<sip::CheckinResponse>(checkin("10000007", "LV-00001"));
  EXPECT_FALSE(here.ok);  // a cancelled transit hold puts the copy back on the shelf: nothing to check in
  EXPECT_TRUE(k.exchange<sip::CheckoutResponse>(checkout("P100008", "10000007")).ok);  // P100008 is first now
  auto transit = k.exchange<sip::CheckinResponse>(checkin("10000007", "LV-00001"));
  EXPECT_EQ(transit.alertType, "02");  // P100009 picks up at LV-00002
  EXPECT_EQ(transit.destinationLocation, "LV-00002");
  auto shelf = k.exchange<sip::CheckinResponse>(checkin("10000007", "LV-00002"));
  EXPECT_TRUE(shelf.ok);
  EXPECT_EQ(shelf.alertType, "01");
  EXPECT_EQ(shelf.destinationLocation, "LV-00002");
  EXPECT_EQ(k.exchange<sip::ItemInformationResponse>(itemInfo("10000007")).circulationStatus, "08");
}

TEST(SimIls, FeePaidEndSessionAndBlockPatron) {
  IlsThread ils;
  SipPeer k(ils.port());
  ASSERT_TRUE(k.login());
  sip::FeePaidRequest fp;
  fp.transactionDate = SystemClock().now();
  fp.feeType = "01";
  fp.paymentType = "00";
  fp.currencyType = "EUR";
  fp.feeAmount = "3.50";
  fp.institutionId = "LASIS";
  fp.patronId = "P100003";
  auto paid = k.exchange<sip::FeePaidResponse>(fp);
  EXPECT_TRUE(paid.paymentAccepted);
  EXPECT_FALSE(paid.transactionId.empty());
  EXPECT_EQ(k.exchange<sip::PatronStatusResponse>(patronStatus("P100003", "1234")).feeAmount, "0.00");
  fp.feeAmount = "1.00";
  EXPECT_FALSE(k.exchange<sip::FeePaidResponse>(fp).paymentAccepted);  // nothing owed now

  sip::EndSessionRequest end;
  end.transactionDate = SystemClock().now();
  end.institutionId = "LASIS";
  end.patronId = "P100001";
  EXPECT_TRUE(k.exchange<sip::EndSessionResponse>(end).endSession);

  sip::BlockPatron b;
  b.cardRetained = true;
  b.transactionDate = SystemClock().now();
  b.institutionId = "LASIS";
  b.blockedCardMessage = "Card retained by kiosk";
  b.patronId = "P100008";
  auto blocked = k.exchange<sip::PatronStatusResponse>(b);
  EXPECT_EQ(blocked.patronStatus[0], 'Y');
  EXPECT_FALSE(k.exchange<sip::CheckoutResponse>(checkout("P100008", "10000001")).ok);
}

TEST(SimIls, BadChecksumFromClientIsAnswered96AndResendWorks) {
  IlsThread ils;
  SipPeer k(ils.port());
  ASSERT_TRUE(k.login());
  k.sendRaw("9900302.00AY1AZ0000\r");
  EXPECT_EQ(k.frame(), std::optional<std::string>("96AZFEF6"));
  // The connection stays open: the resend is answered.
  EXPECT_TRUE(k.exchange<sip::AcsStatus>(sip::ScStatus{}).online);
}

TEST(SimIls, FaultCorruptChecksumThen97GetsAGoodCopy) {
  IlsThread ils;
  SipPeer k(ils.port());
  ASSERT_TRUE(k.login());
  EXPECT_EQ(ils.control({{"cmd", "fault"}, {"corrupt_replies", 1}})["ok"], true);
  k.send(itemInfo("10000002"));
  auto bad = k.frame();
  ASSERT_TRUE(bad.has_value());
  auto parsed = k.codec().parse(*bad);
  ASSERT_FALSE(parsed.ok());
  EXPECT_TRUE(parsed.error().is(Errc::checksum));
  k.sendRaw("97AZFEF5\r");
  auto good = k.frame();
  ASSERT_TRUE(good.has_value());
  auto reparsed = sip::decodeTyped<sip::ItemInformationResponse>(k.codec(), *good);
  ASSERT_TRUE(reparsed.ok()) << reparsed.error().describe();
  EXPECT_EQ(reparsed->circulationStatus, "04");
  // Item trigger from the data file: replies naming 19999992 are always damaged.
  k.send(itemInfo("19999992"));
  auto trig = k.frame();
  ASSERT_TRUE(trig.has_value());
  EXPECT_FALSE(k.codec().parse(*trig).ok());
}

TEST(SimIls, FaultDroppedReplyStillCarriesOutTheRequest) {
  IlsThread ils;
  SipPeer k(ils.port());
  ASSERT_TRUE(k.login());
  ils.control({{"cmd", "fault"}, {"drop_replies", 1}});
  k.send(checkout("P100008", "10000010"));
  EXPECT_FALSE(k.frame(700ms).has_value());  // the reply is lost…
  auto info = k.exchange<sip::ItemInformationResponse>(itemInfo("10000010"));
  EXPECT_EQ(info.circulationStatus, "04");  // …but the loan was made
  auto counts = ils.control({{"cmd", "checkouts"}, {"item", "10000010"}});
  EXPECT_EQ(counts["checkouts"]["10000010"], 1);
  // The data file's trigger item never gets a reply.
  k.send(itemInfo("19999991"));
  EXPECT_FALSE(k.frame(700ms).has_value());
  ils.control({{"cmd", "fault"}, {"drop_item", "10000001"}});
  k.send(itemInfo("10000001"));
  EXPECT_FALSE(k.frame(700ms).has_value());
  EXPECT_TRUE(k.exchange<sip::ItemInformationResponse>(itemInfo("10000002")).circulationStatus == "04");
}

TEST(SimIls, FaultLatencyDelaysButKeepsOrder) {
  IlsThread ils;
  SipPeer k(ils.port());
  ASSERT_TRUE(k.login());
  ils.control({{"cmd", "fault"}, {"latency_ms", 400}});
  k.send(itemInfo("10000001"));
  k.send(itemInfo("10000002"));
  EXPECT_FALSE(k.frame(50ms).has_value());  // not before the added latency
  auto a = k.frame();
  auto b = k.frame();
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->find("AB10000001"), std::string::npos);
  EXPECT_NE(b->find("AB10000002"), std::string::npos);
}

TEST(SimIls, FaultIdleDisconnectIsSilent) {
  IlsThread ils;
  ils.control({{"cmd", "fault"}, {"idle_timeout_s", 1}});
  SipPeer k(ils.port());
  ASSERT_TRUE(k.login());
  EXPECT_EQ(k.frame(8000ms), std::optional<std::string>("<eof>"));  // closed with no message
  SipPeer again(ils.port());
  EXPECT_TRUE(again.login());
}

TEST(SimIls, FaultRefuseLogins) {
  IlsThread ils;
  ils.control({{"cmd", "fault"}, {"refuse_logins", true}});
  SipPeer k(ils.port());
  EXPECT_FALSE(k.login());
  ils.control({{"cmd", "clear_faults"}});
  EXPECT_TRUE(k.login());
  auto bad = ils.control({{"cmd", "fault"}, {"latency_ms", "slow"}});
  EXPECT_EQ(bad["ok"], false);
}

TEST(SimIls, GoesDownAndComesBackOnTheSamePort) {
  IlsThread ils;
  const auto port = ils.port();
  SipPeer k(port);
  ASSERT_TRUE(k.login());
  EXPECT_EQ(ils.control({{"cmd", "down"}})["up"], false);
  EXPECT_EQ(k.frame(), std::optional<std::string>("<eof>"));
  EXPECT_FALSE(SipPeer(port).connected());
  EXPECT_EQ(ils.control({{"cmd", "up"}})["port"], port);
  SipPeer back(port);
  ASSERT_TRUE(back.connected());
  EXPECT_TRUE(back.login());
}

TEST(SimIls, TwoConnectionsAtOnce) {
  IlsThread ils;
  SipPeer a(ils.port());
  SipPeer b(ils.port());
  ASSERT_TRUE(a.login());
  ASSERT_TRUE(b.login("kiosk2", "kiosk2-pass"));
  a.send(checkout("P100008", "10000001"));
  b.send(checkout("P100009", "10000010"));
  auto ra = a.frame();
  auto rb = b.frame();
  ASSERT_TRUE(ra && rb);
  EXPECT_EQ(ra->substr(0, 3), "121");
  EXPECT_EQ(rb->substr(0, 3), "121");
  EXPECT_EQ(ils.control({{"cmd", "status"}})["connections"], 2);
  auto loans = ils.control({{"cmd", "loans"}})["loans"];
  int found = 0;
  for (const auto& l : loans)
    if ((l["item"] == "10000001" && l["patron"] == "P100008") || (l["item"] == "10000010" && l["patron"] == "P100009")) ++found;
  EXPECT_EQ(found, 2);
  // kiosk2 stands in LV-00002: a Riga Central book returned there is sent home.
  auto in = b.exchange<sip::CheckinResponse>(checkin("10000001", ""));
  EXPECT_EQ(in.alertType, "04");
  EXPECT_EQ(in.destinationLocation, "LV-00001");
}

TEST(SimIls, EvergreenProfileEndsWithCrAndSendsIsoDueDates) {
  IlsThread ils("evergreen");
  SipPeer k(ils.port(), sip::Profile::builtin("evergreen").value());
  ASSERT_TRUE(k.login());
  auto out = k.exchange<sip::CheckoutResponse>(checkout("P100008", "10000001"));
  EXPECT_TRUE(out.ok);
  EXPECT_TRUE(std::regex_match(out.dueDate, std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)"))) << out.dueDate;
  EXPECT_EQ(k.rawIn().find('\n'), std::string::npos);
}

TEST(SimIls, BlackBoxBinaryPrintsReadyLineAnswersAndStopsOnSigterm) {
  const std::string bin = LASIS_BIN_DIR "/lasis-sim";
  ASSERT_TRUE(std::filesystem::exists(bin)) << bin;
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  const char* argv[] = {bin.c_str(), "ils", "--port", "0", "--profile", "evergreen", nullptr};
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, bin.c_str(), &fa, nullptr, const_cast<char**>(argv), environ), 0);
  posix_spawn_file_actions_destroy(&fa);
  ::close(out[1]);
  // Stop the child by its PID whatever happens below.
  struct Reaper {
    pid_t pid;
    ~Reaper() {
      if (pid > 0 && ::waitpid(pid, nullptr, WNOHANG) == 0) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
      }
    }
  } reaper{pid};

  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    char buf[512];
    const auto n = ::read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    line.append(buf, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  auto ready = Json::parse(line.substr(0, line.find('\n')), nullptr, false);
  ASSERT_TRUE(ready.is_object()) << line;
  EXPECT_EQ(ready["device"], "ils");
  const std::string url = ready["url"];
  std::smatch m;
  ASSERT_TRUE(std::regex_match(url, m, std::regex(R"(sip2://kiosk:kiosk-pass@127\.0\.0\.1:(\d+)\?institution=LASIS&profile=evergreen)")))
      << url;
  ASSERT_TRUE(ready["control"].is_string());

  SipPeer k(static_cast<std::uint16_t>(std::stoi(m[1])), sip::Profile::builtin("evergreen").value());
  ASSERT_TRUE(k.connected());
  ASSERT_TRUE(k.login());
  EXPECT_TRUE(k.exchange<sip::CheckoutResponse>(checkout("P100008", "10000001")).ok);
  auto control = ControlClient::connect(ready["control"]);
  ASSERT_TRUE(control.ok());
  auto loans = control->call({{"cmd", "loans"}, {"patron", "P100008"}});
  ASSERT_TRUE(loans.ok());
  ASSERT_EQ((*loans)["loans"].size(), 1u);
  EXPECT_EQ((*loans)["loans"][0]["item"], "10000001");

  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  int status = -1;
  const auto stopBy = std::chrono::steady_clock::now() + 10s;
  pid_t done = 0;
  while ((done = ::waitpid(pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < stopBy)
    std::this_thread::sleep_for(20ms);
  ASSERT_EQ(done, pid) << "lasis-sim ils did not stop on SIGTERM";
  reaper.pid = 0;
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}
