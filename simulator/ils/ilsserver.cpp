#include "simulator/ils/ilsserver.h"

#include "common/sip2/codec.h"
#include "common/sip2/framer.h"
#include "simulator/ils/sipresponder.h"

#include <boost/asio/ssl.hpp>

#include <array>
#include <cctype>
#include <chrono>
#include <deque>
#include <list>

namespace lasis::sim::ils {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

/// Damages the AZ checksum of encoded reply bytes (the fault "corrupt checksum").
std::string corruptChecksum(std::string bytes) {
  const auto az = bytes.rfind("AZ");
  if (az == std::string::npos || az + 6 > bytes.size()) {
    bytes.insert(0, "X");  // no checksum to damage: damage the message instead
    return bytes;
  }
  char& c = bytes[az + 5];
  c = c == '0' ? '1' : '0';
  return bytes;
}

/// True when a request ends in `AY<digit>AZ<4 hex>` (CR/LF aside): error detection is on at
/// the client's end.
bool carriesErrorDetection(std::string_view frame) {
  while (!frame.empty() && (frame.back() == '\r' || frame.back() == '\n')) frame.remove_suffix(1);
  if (frame.size() < 11) return false;
  const auto tail = frame.substr(frame.size() - 9);
  const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  return tail.substr(0, 2) == "AY" && std::isdigit(static_cast<unsigned char>(tail[2])) && tail.substr(3, 2) == "AZ" &&
         hex(tail[5]) && hex(tail[6]) && hex(tail[7]) && hex(tail[8]);
}

} // namespace

class SipConnection;

struct IlsServer::Impl : std::enable_shared_from_this<IlsServer::Impl> {
  Impl(asio::io_context& ioc, IlsStore& s, sip2::Profile p, Logger l)
      : io(ioc), store(s), codec(p), responder(s, p, l), log(std::move(l)) {}
  asio::io_context& io;
  IlsStore& store;
  sip2::Codec codec;
  SipResponder responder;
  Logger log;
  IlsFaults faults;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::shared_ptr<asio::ssl::context> tls;  ///< set: every connection starts with a TLS handshake
  std::uint16_t port = 0;
  std::list<std::weak_ptr<SipConnection>> sessions;
  std::uint64_t nextId = 1;

  void accept();
  void prune() {
    sessions.remove_if([](const std::weak_ptr<SipConnection>& w) { return w.expired(); });
  }
};

/// One kiosk connection: reads frames, answers them one at a time in order.
class SipConnection : public std::enable_shared_from_this<SipConnection> {
public:
  SipConnection(tcp::socket socket, std::shared_ptr<IlsServer::Impl> server, std::uint64_t id)
      : m_socket(std::move(socket)), m_server(std::move(server)), m_id(id), m_idle(m_socket.get_executor()),
        m_delay(m_socket.get_executor()) {}

  void start() {
    m_server->log->info("SIP connection {} opened{}", m_id, m_server->tls ? " (TLS)" : "");
    armIdle();
    if (!m_server->tls) {
      read();
      return;
    }
    m_tls = std::make_unique<asio::ssl::stream<tcp::socket&>>(m_socket, *m_server->tls);
    auto self = shared_from_this();
    m_tls->async_handshake(asio::ssl::stream_base::server, [self](boost::system::error_code ec) {
      // A client that does not speak TLS, or does not trust us, gets nothing in clear.
      if (ec) self->close(("TLS handshake failed: " + ec.message()).c_str());
      else self->read();
    });
  }

  void close(const char* why) {
    if (!m_socket.is_open()) return;
    m_server->log->info("SIP connection {} closed: {}", m_id, why);
    boost::system::error_code ec;
    m_socket.shutdown(tcp::socket::shutdown_both, ec);
    m_socket.close(ec);
    m_idle.cancel();
    m_delay.cancel();
  }

  bool open() const { return m_socket.is_open(); }

private:
  void read() {
    auto self = shared_from_this();
    auto onRead = [self](boost::system::error_code ec, std::size_t n) {
      if (ec) {
        self->close(ec == asio::error::eof ? "client closed" : "read error");
        return;
      }
      if (auto st = self->m_framer.feed(std::string_view(self->m_buf.data(), n)); !st) {
        self->m_server->log->warn("SIP connection {}: {}", self->m_id, st.error().describe());
        self->close("unframed input");
        return;
      }
      self->armIdle();
      while (self->m_framer.hasFrame()) self->m_queue.push_back(self->m_framer.next());
      self->pump();
      self->read();
    };
    if (m_tls) m_tls->async_read_some(asio::buffer(m_buf), onRead);
    else m_socket.async_read_some(asio::buffer(m_buf), onRead);
  }

  void armIdle() {
    const int secs = m_server->faults.idleTimeoutS;
    if (secs <= 0) {
      m_idle.cancel();
      return;
    }
    m_idle.expires_after(std::chrono::seconds(secs));
    std::weak_ptr<SipConnection> weak = shared_from_this();
    m_idle.async_wait([weak](boost::system::error_code ec) {
      auto self = weak.lock();
      // Silent, as real servers do it: no message, the socket just closes.
      if (self && !ec) self->close("idle timeout");
    });
  }

  void pump() {
    if (m_busy || m_queue.empty() || !open()) return;
    m_busy = true;
    const std::string frame = std::move(m_queue.front());
    m_queue.pop_front();
    auto reply = handle(frame);
    if (!open()) return;
    if (!reply) {
      m_busy = false;
      pump();
      return;
    }
    m_out = std::move(*reply);
    const int ms = m_server->faults.latencyMs;
    if (ms <= 0) {
      write();
      return;
    }
    m_delay.expires_after(std::chrono::milliseconds(ms));
    auto self = shared_from_this();
    m_delay.async_wait([self](boost::system::error_code ec) {
      if (!ec) self->write();
    });
  }

  void write() {
    auto self = shared_from_this();
    auto onWritten = [self](boost::system::error_code ec, std::size_t) {
      if (ec) {
        self->close("write error");
        return;
      }
      self->m_busy = false;
      self->pump();
    };
    if (m_tls) asio::async_write(*m_tls, asio::buffer(m_out), onWritten);
    else asio::async_write(m_socket, asio::buffer(m_out), onWritten);
  }

  /// The bytes to send for one frame, or nullopt for silence.
  std::optional<std::string> handle(const std::string& frame) {
    auto& srv = *m_server;
    if (!srv.codec.profile().errorDetection && carriesErrorDetection(frame)) {
      // FOLIO edge-sip2 with error detection off strips no AY/AZ: its parser finds a last field
      // without '|' and answers a line that is not SIP (docs/sip2-profiles.md). A client whose
      // error-detection setting does not match the server's fails here as it would there.
      srv.log->warn("SIP connection {}: AY/AZ sent but error detection is off in profile {}: not a request",
                    m_id, srv.codec.profile().name);
      return "Problems handling the request" + srv.codec.profile().terminator;
    }
    auto msg = srv.codec.parse(frame);
    if (!msg) {
      // A damaged message (bad checksum, wrong lengths) is answered "please resend", and the
      // connection stays open, as the 3M spec and Evergreen do.
      srv.log->warn("SIP connection {}: {}: asking for a resend (96)", m_id, msg.error().describe());
      sip2::Message resend{"96", "", {}, std::nullopt, false};
      auto bytes = srv.codec.encode(resend);
      return bytes ? std::optional<std::string>(*bytes) : std::nullopt;
    }
    if (msg->code == "97") {
      if (m_lastReply.empty()) return std::nullopt;
      return m_lastReply;
    }
    if (!m_state.loggedIn && msg->code != "93" && msg->code != "99") {
      // Koha drops a connection that skips the login; so do we.
      srv.log->warn("SIP connection {}: message {} before login", m_id, msg->code);
      close("message before login");
      return std::nullopt;
    }
    auto& f = srv.faults;
    const std::string item = SipResponder::itemOf(*msg);
    bool drop = !item.empty() && f.dropItems.count(item);
    if (!drop && f.dropReplies > 0) {
      --f.dropReplies;
      drop = true;
    }
    bool corrupt = !item.empty() && f.corruptItems.count(item);
    if (!drop && !corrupt && f.corruptReplies > 0) {
      --f.corruptReplies;
      corrupt = true;
    }
    auto reply = srv.responder.answer(*msg, m_state, f.refuseLogins);
    if (!reply) return std::nullopt;
    std::optional<int> seq;
    if (msg->sequence && *msg->sequence >= 0 && *msg->sequence <= 9) seq = msg->sequence;
    auto bytes = srv.codec.encode(*reply, seq);
    if (!bytes) {
      srv.log->error("SIP connection {}: cannot encode reply {}: {}", m_id, reply->code, bytes.error().describe());
      return std::nullopt;
    }
    m_lastReply = *bytes;  // a 97 gets the good copy
    if (drop) {
      // The request was carried out: only the answer is lost, the hard case for a client.
      srv.log->info("SIP connection {}: fault: reply {} dropped{}", m_id, reply->code,
                    item.empty() ? "" : " (item " + item + ")");
      return std::nullopt;
    }
    if (corrupt) {
      srv.log->info("SIP connection {}: fault: reply {} sent with a bad checksum", m_id, reply->code);
      return corruptChecksum(*bytes);
    }
    return bytes.value();
  }

  tcp::socket m_socket;
  std::unique_ptr<asio::ssl::stream<tcp::socket&>> m_tls;  ///< over m_socket, when the server serves TLS
  std::shared_ptr<IlsServer::Impl> m_server;
  std::uint64_t m_id;
  asio::steady_timer m_idle;
  asio::steady_timer m_delay;
  std::array<char, 4096> m_buf{};
  sip2::Framer m_framer;
  std::deque<std::string> m_queue;
  bool m_busy = false;
  std::string m_out;
  std::string m_lastReply;
  SipSessionState m_state;
};

void IlsServer::Impl::accept() {
  if (!acceptor) return;
  std::weak_ptr<Impl> weak = shared_from_this();
  acceptor->async_accept([weak](boost::system::error_code ec, tcp::socket socket) {
    auto self = weak.lock();
    if (!self || ec == asio::error::operation_aborted || !self->acceptor) return;
    if (!ec) {
      auto s = std::make_shared<SipConnection>(std::move(socket), self, self->nextId++);
      self->prune();
      self->sessions.push_back(s);
      s->start();
    }
    self->accept();
  });
}

IlsServer::IlsServer(asio::io_context& io, IlsStore& store, sip2::Profile profile, Logger log)
    : m_impl(std::make_shared<Impl>(io, store, std::move(profile), std::move(log))) {}

IlsServer::~IlsServer() { down(); }

Status IlsServer::enableTls(const std::string& certFile, const std::string& keyFile) {
  auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  boost::system::error_code ec;
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1,
                   ec);
  ctx->use_certificate_chain_file(certFile, ec);
  if (ec) return fail(Errc::config, "ILS: cannot use the TLS certificate " + certFile + ": " + ec.message());
  ctx->use_private_key_file(keyFile, asio::ssl::context::pem, ec);
  if (ec) return fail(Errc::config, "ILS: cannot use the TLS key " + keyFile + ": " + ec.message());
  if (SSL_CTX_check_private_key(ctx->native_handle()) != 1)
    return fail(Errc::config, "ILS: the TLS key " + keyFile + " does not belong to the certificate " + certFile);
  m_impl->tls = std::move(ctx);
  return {};
}

bool IlsServer::tls() const { return m_impl->tls != nullptr; }

Status IlsServer::listen(std::uint16_t port) {
  auto& im = *m_impl;
  if (im.acceptor) return {};
  boost::system::error_code ec;
  auto acc = std::make_unique<tcp::acceptor>(im.io);
  const tcp::endpoint ep(asio::ip::address_v4::loopback(), port);
  acc->open(ep.protocol(), ec);
  // Reuse the address so "up" after "down" gets the same port back despite TIME_WAIT.
  if (!ec) acc->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acc->bind(ep, ec);
  if (!ec) acc->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(Errc::unavailable, "ILS: cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + ec.message());
  im.port = acc->local_endpoint().port();
  im.acceptor = std::move(acc);
  im.log->info("SIP2 server listening on 127.0.0.1:{} (profile {}, charset {}{})", im.port, im.codec.profile().name,
               im.codec.profile().charset.name(), im.tls ? ", TLS" : "");
  im.accept();
  return {};
}

void IlsServer::down() {
  auto& im = *m_impl;
  if (im.acceptor) {
    boost::system::error_code ec;
    im.acceptor->close(ec);
    im.acceptor.reset();
    im.log->info("SIP2 server down");
  }
  disconnectAll();
}

Status IlsServer::up() { return listen(m_impl->port); }

bool IlsServer::isUp() const { return m_impl->acceptor != nullptr; }

void IlsServer::disconnectAll() {
  for (auto& w : m_impl->sessions)
    if (auto s = w.lock()) s->close("disconnected by the simulator");
  m_impl->prune();
}

std::uint16_t IlsServer::port() const { return m_impl->port; }

std::size_t IlsServer::connections() const {
  std::size_t n = 0;
  for (auto& w : m_impl->sessions)
    if (auto s = w.lock(); s && s->open()) ++n;
  return n;
}

IlsFaults& IlsServer::faults() { return m_impl->faults; }

const sip2::Profile& IlsServer::profile() const { return m_impl->codec.profile(); }

const std::deque<SipResponder::Seen>& IlsServer::seen() const { return m_impl->responder.seen(); }

} // namespace lasis::sim::ils
