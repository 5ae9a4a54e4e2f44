#include "tests/support/sip2responder.h"

#include "common/sip2/framer.h"
#include "common/sip2/typedcodec.h"

#include <boost/asio/ssl.hpp>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <future>

namespace lasis::sip2::test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct Sip2Responder::Session : std::enable_shared_from_this<Session> {
  Session(Sip2Responder& o, tcp::socket s) : owner(o), socket(std::move(s)), idle(o.m_io), delay(o.m_io) {}
  Sip2Responder& owner;
  tcp::socket socket;
  std::unique_ptr<asio::ssl::stream<tcp::socket&>> tls;
  asio::steady_timer idle;
  asio::steady_timer delay;
  Framer framer;
  std::array<char, 4096> buf{};
  std::string lastReply;
  std::deque<std::string> out;
  bool writing = false;

  void startIdle() {
    const int ms = owner.idleTimeoutMs.load();
    if (ms <= 0) return;
    idle.expires_after(std::chrono::milliseconds(ms));
    idle.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->close();  // silent: no message, just gone, like a real server
    });
  }
  void close() {
    boost::system::error_code ignored;
    socket.close(ignored);
    idle.cancel();
    delay.cancel();
    owner.m_sessions.erase(shared_from_this());
  }
  void read() {
    startIdle();
    auto onRead = [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
      if (ec) {
        self->close();
        return;
      }
      (void)self->framer.feed(std::string_view(self->buf.data(), n));
      while (self->framer.hasFrame()) self->onFrame(self->framer.next());
      self->read();
    };
    if (tls) tls->async_read_some(asio::buffer(buf), onRead);
    else socket.async_read_some(asio::buffer(buf), onRead);
  }
  void onFrame(const std::string& frame) {
    auto msg = owner.m_codec.parse(frame);
    if (msg && msg->code == "97") {  // resend the last reply
      {
        std::lock_guard lock(owner.m_mutex);
        ++owner.m_counts["97"];
      }
      sendMaybeCorrupt(lastReply);
      return;
    }
    if (!msg || owner.garbleNextRequests.load() > 0) {
      if (msg) --owner.garbleNextRequests;
      send("96AZFEF6" + owner.m_profile.terminator);
      return;
    }
    if (owner.swallowRequests.load() > 0 && (owner.dropOnlyCode.empty() || owner.dropOnlyCode == msg->code)) {
      --owner.swallowRequests;
      return;  // lost on the way: never applied
    }
    if (owner.garbageReplies.load() > 0) {
      --owner.garbageReplies;
      send(std::string("\x01\xFFHTTP/1.1 400 Bad Request\r"));
      return;
    }
    if (owner.wrongTypeReplies.load() > 0 && msg->code != "93") {
      --owner.wrongTypeReplies;
      Message status = *msg;
      status.code = "99";  // an ACS status (98) where another answer was due, same sequence number
      status.fixed = "0" "080" "2.00";
      status.fields.clear();
      send(owner.handle(status));
      return;
    }
    std::string reply = owner.handle(*msg);
    if (reply.empty()) return;
    lastReply = reply;
    if (owner.dropReplies.load() > 0 && (owner.dropOnlyCode.empty() || owner.dropOnlyCode == msg->code)) {
      --owner.dropReplies;
      return;  // applied, never answered
    }
    sendMaybeCorrupt(reply);
  }
  void sendMaybeCorrupt(std::string reply) {
    if (owner.corruptChecksums.load() > 0) {
      --owner.corruptChecksums;
      auto az = reply.rfind("AZ");
      if (az != std::string::npos) reply[az + 2] = reply[az + 2] == '0' ? '1' : '0';
    }
    send(std::move(reply));
  }
  void send(std::string bytes) {
    out.push_back(std::move(bytes));
    if (!writing) flush();
  }
  void flush() {
    if (out.empty()) {
      writing = false;
      return;
    }
    writing = true;
    const int ms = owner.latencyMs.load();
    delay.expires_after(std::chrono::milliseconds(ms));
    delay.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (ec) return;
      auto onWritten = [self](const boost::system::error_code& e, std::size_t) {
        if (e) return;
        self->out.pop_front();
        self->flush();
      };
      if (self->tls) asio::async_write(*self->tls, asio::buffer(self->out.front()), onWritten);
      else asio::async_write(self->socket, asio::buffer(self->out.front()), onWritten);
    });
  }
};

Sip2Responder::Sip2Responder(Profile profile) : m_profile(profile), m_codec(profile) {
  m_pins = {{"P0001", "1234"}, {"P0002", "0000"}, {"P0003", ""}, {"P0004", "Zq93x"}};
  for (int i = 1; i <= 50; ++i) addItem("39000" + std::to_string(1000 + i), "Book " + std::to_string(i));
  m_work = std::make_unique<asio::executor_work_guard<asio::io_context::executor_type>>(m_io.get_executor());
  m_thread = std::thread([this] { m_io.run(); });
}

Sip2Responder::~Sip2Responder() {
  stop();
  m_work.reset();
  m_io.stop();
  if (m_thread.joinable()) m_thread.join();
}

void Sip2Responder::addItem(const std::string& id, const std::string& title) {
  std::lock_guard lock(m_mutex);
  m_items[id].title = title;
}

void Sip2Responder::start() {
  std::promise<void> ready;
  asio::post(m_io, [&] {
    m_acceptor = std::make_unique<tcp::acceptor>(m_io);
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), m_port);
    m_acceptor->open(ep.protocol());
    m_acceptor->set_option(tcp::acceptor::reuse_address(true));
    m_acceptor->bind(ep);
    m_acceptor->listen();
    m_port = m_acceptor->local_endpoint().port();
    accept();
    ready.set_value();
  });
  ready.get_future().wait();
}

void Sip2Responder::stop() {
  std::promise<void> done;
  asio::post(m_io, [&] {
    if (m_acceptor) {
      boost::system::error_code ignored;
      m_acceptor->close(ignored);
    }
    auto sessions = m_sessions;
    for (auto& s : sessions) s->close();
    done.set_value();
  });
  done.get_future().wait();
}

void Sip2Responder::accept() {
  m_acceptor->async_accept([this](const boost::system::error_code& ec, tcp::socket s) {
    if (ec) return;
    {
      std::lock_guard lock(m_mutex);
      ++m_connections;
    }
    auto session = std::make_shared<Session>(*this, std::move(s));
    m_sessions.insert(session);
    if (m_tls) {
      session->tls = std::make_unique<asio::ssl::stream<tcp::socket&>>(
          session->socket, *std::static_pointer_cast<asio::ssl::context>(m_tls));
      session->tls->async_handshake(asio::ssl::stream_base::server, [session](const boost::system::error_code& e) {
        if (e) session->close();
        else session->read();
      });
    } else {
      session->read();
    }
    accept();
  });
}

void Sip2Responder::enableTls(const std::string& certFile, const std::string& keyFile) {
  auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  ctx->use_certificate_chain_file(certFile);
  ctx->use_private_key_file(keyFile, asio::ssl::context::pem);
  m_tls = ctx;
}

bool Sip2Responder::makeSelfSignedCert(const std::string& certFile, const std::string& keyFile) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  bool ok = key && cert;
  if (ok) {
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600L * 24);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX v3;
    X509V3_set_ctx_nodb(&v3);
    X509V3_set_ctx(&v3, cert, cert, nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1"},
                              std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
      X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &v3, nid, value);
      ok = ok && ext && X509_add_ext(cert, ext, -1);
      X509_EXTENSION_free(ext);
    }
    ok = ok && X509_sign(cert, key, EVP_sha256()) > 0;
  }
  if (ok) {
    FILE* c = std::fopen(certFile.c_str(), "w");
    FILE* k = std::fopen(keyFile.c_str(), "w");
    ok = c && k && PEM_write_X509(c, cert) && PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr);
    if (c) std::fclose(c);
    if (k) std::fclose(k);
  }
  X509_free(cert);
  EVP_PKEY_free(key);
  return ok;
}

std::string Sip2Responder::url(const std::string& extraQuery) const {
  if (m_tls)
    return "sip2s://kiosk:secret@localhost:" + std::to_string(m_port) + "?institution=LIB&location=branch-1&profile=" +
           m_profile.name + (extraQuery.empty() ? "" : "&" + extraQuery);
  return "sip2://kiosk:secret@127.0.0.1:" + std::to_string(m_port) + "?institution=LIB&location=branch-1&profile=" +
         m_profile.name + (extraQuery.empty() ? "" : "&" + extraQuery);
}

int Sip2Responder::count(const std::string& code) const {
  std::lock_guard lock(m_mutex);
  auto it = m_counts.find(code);
  return it == m_counts.end() ? 0 : it->second;
}

int Sip2Responder::applied(const std::string& itemId) const {
  std::lock_guard lock(m_mutex);
  auto it = m_applied.find(itemId);
  return it == m_applied.end() ? 0 : it->second;
}

int Sip2Responder::connections() const {
  std::lock_guard lock(m_mutex);
  return m_connections;
}

std::string Sip2Responder::chargedTo(const std::string& itemId) const {
  std::lock_guard lock(m_mutex);
  auto it = m_items.find(itemId);
  return it == m_items.end() ? "" : it->second.patron;
}

Message Sip2Responder::lastRequest(const std::string& code) const {
  std::lock_guard lock(m_mutex);
  auto it = m_last.find(code);
  return it == m_last.end() ? Message{} : it->second;
}

std::string Sip2Responder::handle(const Message& req) {
  std::lock_guard lock(m_mutex);
  ++m_counts[req.code];
  m_last[req.code] = req;
  const auto now = std::chrono::time_point_cast<Clock::Duration>(std::chrono::system_clock::now());
  const auto due = [&](int day) { return formatSipDate(now + std::chrono::hours(24 * day), m_profile.zone); };
  auto reply = [&](const auto& typed) {
    auto bytes = encodeTyped(m_codec, typed, req.sequence);
    return bytes ? *bytes : std::string();
  };
  if (req.code == "93") {
    LoginResponse r;
    r.ok = !refuseLogin.load() && req.get("CN") == "kiosk" && req.get("CO") == "secret";
    return reply(r);
  }
  if (req.code == "99") {
    AcsStatus r;
    r.online = r.checkinOk = r.checkoutOk = r.renewalPolicy = r.statusUpdateOk = true;
    r.timeoutPeriod = 50;
    r.retriesAllowed = 3;
    r.dateTimeSync = now;
    r.institutionId = "LIB";
    r.libraryName = "Test Library";
    r.supportedMessages = std::string(16, 'Y');
    return reply(r);
  }
  const std::string patron = req.get("AA");
  const std::string itemId = req.get("AB");
  auto item = m_items.find(itemId);
  auto pin = m_pins.find(patron);
  if (req.code == "23" || req.code == "63") {
    PatronInformationResponse info;
    PatronStatusResponse r;
    r.transactionDate = now;
    r.institutionId = "LIB";
    r.patronId = patron;
    r.validPatron = pin != m_pins.end();
    if (pin != m_pins.end()) {
      r.personalName = "Patron " + patron;
      if (!req.get("AD").empty()) r.validPatronPassword = req.get("AD") == pin->second;
    } else {
      r.screenMessage = {"Invalid cardnumber"};
    }
    if (req.code == "23") return reply(r);
    info.transactionDate = now;
    info.institutionId = "LIB";
    info.patronId = patron;
    info.personalName = r.personalName;
    info.validPatron = r.validPatron;
    info.validPatronPassword = r.validPatronPassword;
    for (const auto& [id, it] : m_items)
      if (it.patron == patron && !patron.empty()) info.chargedItems.push_back(id);
    info.chargedItemsCount = static_cast<int>(info.chargedItems.size());
    if (const int page = listPage.load(); page > 0) {
      const auto q = fromMessage<PatronInformationRequest>(req);
      const int from = ignoreRange.load() || !q || !q->startItem ? 1 : std::max(1, *q->startItem);
      int to = from + page - 1;
      if (!ignoreRange.load() && q && q->endItem) to = std::min(to, *q->endItem);
      std::vector<std::string> window;
      for (int i = from; i <= to && i <= static_cast<int>(info.chargedItems.size()); ++i)
        window.push_back(info.chargedItems[static_cast<std::size_t>(i - 1)]);
      info.chargedItems = std::move(window);
    }
    return reply(info);
  }
  if (req.code == "11" || req.code == "29") {
    CheckoutResponse r;
    r.transactionDate = now;
    r.institutionId = "LIB";
    r.patronId = patron;
    r.itemId = itemId;
    r.magneticMedia = false;
    if (item == m_items.end()) {
      r.screenMessage = {"Item not found"};
    } else if (pin == m_pins.end()) {
      r.screenMessage = {"Invalid patron"};
    } else if (req.code == "11" && !item->second.patron.empty()) {
      r.title = item->second.title;
      r.screenMessage = {"Item is already checked out"};
    } else if (req.code == "29" && item->second.patron != patron) {
      r.title = item->second.title;
      r.screenMessage = {"Item is not checked out to you"};
    } else {
      item->second.patron = patron;
      item->second.dueDay += 14;
      if (req.code == "11") ++m_applied[itemId];
      r.ok = true;
      r.renewalOk = true;
      r.desensitize = true;
      r.title = item->second.title;
      r.dueDate = m_profile.dueDateFormat == DueDateFormat::sip
                      ? due(item->second.dueDay)
                      : formatIsoDate(now + std::chrono::hours(24 * item->second.dueDay), m_profile.zone);
    }
    if (req.code == "11") return reply(r);
    RenewResponse rr;
    rr.ok = r.ok;
    rr.renewalOk = r.renewalOk;
    rr.desensitize = r.desensitize;
    rr.transactionDate = now;
    rr.institutionId = "LIB";
    rr.patronId = patron;
    rr.itemId = itemId;
    rr.title = r.title;
    rr.dueDate = r.dueDate;
    rr.screenMessage = r.screenMessage;
    return reply(rr);
  }
  if (req.code == "09") {
    CheckinResponse r;
    r.transactionDate = now;
    r.institutionId = "LIB";
    r.itemId = itemId;
    r.permanentLocation = "branch-1";
    if (item == m_items.end()) {
      r.screenMessage = {"Item not found"};
      return reply(r);
    }
    r.ok = true;
    r.resensitize = true;
    r.title = item->second.title;
    if (item->second.patron.empty()) r.screenMessage = {"Item was not checked out"};
    item->second.patron.clear();
    item->second.dueDay = 0;
    if (item->second.holds > 0) {
      r.alert = true;
      r.alertType = "02";
      r.destinationLocation = "branch-2";
    }
    return reply(r);
  }
  if (req.code == "17") {
    ItemInformationResponse r;
    r.transactionDate = now;
    r.itemId = itemId;
    if (item == m_items.end()) {
      r.circulationStatus = "01";
      r.screenMessage = {"Item not found"};
    } else {
      r.title = item->second.title;
      r.circulationStatus = item->second.patron.empty() ? "03" : "04";
      if (!item->second.patron.empty()) r.dueDate = due(item->second.dueDay);
      if (item->second.holds > 0) r.holdQueueLength = item->second.holds;
      r.permanentLocation = "branch-1";
    }
    return reply(r);
  }
  if (req.code == "15") {
    HoldResponse r;
    r.transactionDate = now;
    r.institutionId = "LIB";
    r.patronId = patron;
    r.itemId = itemId;
    r.pickupLocation = req.get("BS");
    if (item != m_items.end() && pin != m_pins.end()) {
      r.ok = true;
      if (req.fixed[0] == '+') r.queuePosition = ++item->second.holds;
      else if (item->second.holds > 0) --item->second.holds;
      r.title = item->second.title;
    }
    return reply(r);
  }
  if (req.code == "65") {
    RenewAllResponse r;
    r.transactionDate = now;
    r.institutionId = "LIB";
    for (auto& [id, it] : m_items)
      if (it.patron == patron && !patron.empty()) {
        it.dueDay += 14;
        r.renewedItems.push_back(id);
      }
    r.renewedCount = static_cast<int>(r.renewedItems.size());
    r.ok = pin != m_pins.end();
    return reply(r);
  }
  if (req.code == "35") {
    EndSessionResponse r;
    r.endSession = true;
    r.transactionDate = now;
    r.institutionId = "LIB";
    r.patronId = patron;
    return reply(r);
  }
  if (req.code == "37") {
    FeePaidResponse r;
    r.paymentAccepted = pin != m_pins.end();
    r.transactionDate = now;
    r.institutionId = "LIB";
    r.patronId = patron;
    r.transactionId = "T" + std::to_string(m_counts["37"]);
    return reply(r);
  }
  return {};
}

} // namespace lasis::sip2::test
