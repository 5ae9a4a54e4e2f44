#include "drivers/sip2client/sip2connection.h"

#include "common/sip2/typedcodec.h"

namespace lasis::sip2 {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr int kMaxResends = 2;     // 96 from the ILS, or 97 from us after a bad checksum
constexpr int kMaxStaleReplies = 4;  // replies to an earlier request, skipped

std::string expectedCode(std::string_view code) {
  if (code == "01") return "24";
  int n = (code[0] - '0') * 10 + (code[1] - '0') + 1;
  std::string s(2, '0');
  s[0] = static_cast<char>('0' + n / 10);
  s[1] = static_cast<char>('0' + n % 10);
  return s;
}

} // namespace

std::string redactFrame(std::string_view frame) {
  std::string out(frame);
  // Secrets (CO the terminal password, AD the PIN, AC the login password) and who the patron is
  // (AA card, AE name, BD address, BE email, BF phone): a trace names items, never people.
  for (const char* id : {"|CO", "|AD", "|AC", "|AA", "|AE", "|BD", "|BE", "|BF"}) {
    std::size_t p = 0;
    while ((p = out.find(id, p)) != std::string::npos) {
      const auto start = p + 3;
      const auto end = out.find('|', start);
      const auto stop = end == std::string::npos ? out.size() : end;
      if (stop > start) out.replace(start, stop - start, "***");
      p = start;
    }
  }
  // CN is the first field of a 93 and has no leading '|': the login password follows it.
  return out;
}

std::string Sip2Endpoints::Endpoint::name() const {
  return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Sip2Endpoints::Sip2Endpoints(const Sip2Url& url, Logger log) : m_log(std::move(log)) {
  m_endpoints.push_back({url.host, url.port});
  if (!url.failoverHost.empty()) m_endpoints.push_back({url.failoverHost, url.failoverPort});
}

std::vector<int> Sip2Endpoints::order() const {
  if (m_endpoints.size() == 1) return {0};
  std::lock_guard lock(m_mutex);
  const bool skipPrimary = m_primaryFailed && std::chrono::steady_clock::now() - m_primaryFailedAt < kPrimaryRetry;
  return skipPrimary ? std::vector<int>{1, 0} : std::vector<int>{0, 1};
}

void Sip2Endpoints::note(int i, bool reached) {
  if (m_endpoints.size() == 1) return;
  std::lock_guard lock(m_mutex);
  if (i == 0) {
    m_primaryFailed = !reached;
    if (!reached) m_primaryFailedAt = std::chrono::steady_clock::now();
  }
  if (!reached || i == m_inUse) return;
  if (i == 1) {
    m_log->warn("ILS {} cannot be reached: connections go to the failover {}", m_endpoints[0].name(),
                m_endpoints[1].name());
  } else if (m_inUse == 1) {
    m_log->info("ILS {} reached again: new connections go to it, not to the failover", m_endpoints[0].name());
  }
  m_inUse = i;
}

Sip2Connection::Sip2Connection(const Sip2Url& url, Sip2Endpoints& endpoints, const Codec& codec,
                               std::shared_ptr<asio::ssl::context> tls, const Clock& clock, Logger log, int index)
    : m_url(url), m_endpoints(endpoints), m_codec(codec), m_tlsContext(std::move(tls)), m_clock(clock),
      m_log(std::move(log)), m_index(index) {}

Sip2Connection::~Sip2Connection() { close(); }

bool Sip2Connection::isOpen() const { return m_open; }

void Sip2Connection::close() {
  if (m_socket) {
    boost::system::error_code ignored;
    m_socket->shutdown(tcp::socket::shutdown_both, ignored);
    m_socket->close(ignored);
  }
  // Let aborted handlers finish before the stream objects go away.
  m_io.restart();
  m_io.poll();
  m_tls.reset();
  m_socket.reset();
  m_framer.clear();
  m_open = false;
}

template <class Start>
boost::system::error_code Sip2Connection::run(Start start, SteadyTime deadline, std::size_t* transferred,
                                              const std::function<void()>& cancel) {
  std::optional<boost::system::error_code> result;
  std::size_t n = 0;
  start([&](const boost::system::error_code& ec, std::size_t bytes = 0) {
    result = ec;
    n = bytes;
  });
  m_io.restart();
  while (!result && m_io.run_one_until(deadline) > 0) {
  }
  if (!result) {
    // Deadline passed: abort the operation and drain its handler (it refers to `result`).
    boost::system::error_code ignored;
    if (cancel) cancel();  // e.g. a pending name lookup, which closing the socket does not stop
    if (m_socket) m_socket->close(ignored);
    m_io.restart();
    m_io.run();
    m_open = false;
    return asio::error::timed_out;
  }
  if (transferred) *transferred = n;
  return *result;
}

Status Sip2Connection::connectTo(const Sip2Endpoints::Endpoint& where) {
  const auto until = deadline();
  tcp::resolver resolver(m_io);
  tcp::resolver::results_type endpoints;
  auto ec = run(
      [&](auto handler) {
        resolver.async_resolve(where.host, std::to_string(where.port),
                               [&, handler](const boost::system::error_code& e, tcp::resolver::results_type r) {
                                 endpoints = std::move(r);
                                 handler(e, 0);
                               });
      },
      until, nullptr, [&] { resolver.cancel(); });
  if (ec) return fail(Errc::unavailable, "cannot resolve ILS host " + where.host + ": " + ec.message());
  m_socket = std::make_unique<tcp::socket>(m_io);
  ec = run(
      [&](auto handler) {
        asio::async_connect(*m_socket, endpoints,
                            [handler](const boost::system::error_code& e, const tcp::endpoint&) { handler(e, 0); });
      },
      until);
  if (ec) {
    close();
    return fail(Errc::unavailable, "cannot connect to ILS " + where.name() + ": " + ec.message());
  }
  boost::system::error_code ignored;
  m_socket->set_option(tcp::no_delay(true), ignored);
  m_socket->set_option(asio::socket_base::keep_alive(true), ignored);
  if (m_url.tls) {
    m_tls = std::make_unique<asio::ssl::stream<tcp::socket&>>(*m_socket, *m_tlsContext);
    SSL_set_tlsext_host_name(m_tls->native_handle(), where.host.c_str());
    if (m_url.verifyPeer) {
      m_tls->set_verify_mode(asio::ssl::verify_peer);
      m_tls->set_verify_callback(asio::ssl::host_name_verification(where.host));
    } else {
      m_tls->set_verify_mode(asio::ssl::verify_none);
    }
    ec = run([&](auto handler) {
      m_tls->async_handshake(asio::ssl::stream_base::client,
                             [handler](const boost::system::error_code& e) { handler(e, 0); });
    },
             until);
    if (ec) {
      close();
      return fail(Errc::unavailable, "TLS handshake with ILS " + where.name() + " failed: " + ec.message() +
                                         " (check the certificate, or ca=/verify= in the URL)");
    }
  }
  return {};
}

Status Sip2Connection::open() {
  close();
  std::string why;
  bool connected = false;
  for (int i : m_endpoints.order()) {
    auto st = connectTo(m_endpoints.at(i));
    m_endpoints.note(i, st.ok());
    if (st) {
      connected = true;
      break;
    }
    why += (why.empty() ? "" : "; ") + st.error().message();
  }
  if (!connected) return fail(Errc::unavailable, why);
  m_open = true;
  m_sequence = 0;  // AY restarts on every new connection
  m_log->debug("connection {} to ILS {} open", m_index, m_url.describe());
  if (m_url.user.empty()) return {};
  LoginRequest login;
  login.userId = m_url.user;
  login.password = m_url.password;
  login.location = m_url.location;
  auto msg = toMessage(login, m_codec.profile());
  if (!msg) return msg.error();
  auto reply = roundTrip(*msg, "94");
  if (!reply) {
    close();
    return Error(Errc::unavailable, reply.error().message()).context("logging in to ILS " + m_url.describe());
  }
  auto typed = fromMessage<LoginResponse>(*reply);
  if (!typed || !typed->ok) {
    close();
    return fail(Errc::refused, "ILS " + m_url.describe() + " refused the login of user '" + m_url.user +
                                   "' (check user, password and location in the URL)");
  }
  return {};
}

bool Sip2Connection::peerClosed() {
  if (!m_open || !m_socket) return true;
  // A non-blocking peek: EOF or an error means the server dropped us while idle.
  boost::system::error_code ec;
  m_socket->non_blocking(true, ec);
  char byte = 0;
  const auto n = m_socket->receive(asio::buffer(&byte, 1), tcp::socket::message_peek, ec);
  boost::system::error_code ignored;
  m_socket->non_blocking(false, ignored);
  if (ec == asio::error::would_block || ec == asio::error::try_again) return false;
  if (!ec && n > 0) return false;  // unsolicited bytes: read (and skipped as stale) later
  return true;
}

Status Sip2Connection::writeAll(const std::string& bytes, SteadyTime until) {
  std::size_t n = 0;
  auto ec = run(
      [&](auto handler) {
        auto done = [handler](const boost::system::error_code& e, std::size_t k) { handler(e, k); };
        if (m_tls) asio::async_write(*m_tls, asio::buffer(bytes), done);
        else asio::async_write(*m_socket, asio::buffer(bytes), done);
      },
      until, &n);
  if (ec == asio::error::timed_out) return fail(Errc::timeout, "sending to the ILS timed out");
  if (ec) return fail(Errc::disconnected, "sending to the ILS failed: " + ec.message());
  return {};
}

Result<std::string> Sip2Connection::readFrame(SteadyTime until) {
  std::array<char, 4096> buf{};
  while (!m_framer.hasFrame()) {
    std::size_t n = 0;
    auto ec = run(
        [&](auto handler) {
          auto done = [handler](const boost::system::error_code& e, std::size_t k) { handler(e, k); };
          if (m_tls) m_tls->async_read_some(asio::buffer(buf), done);
          else m_socket->async_read_some(asio::buffer(buf), done);
        },
        until, &n);
    if (ec == asio::error::timed_out) return fail(Errc::timeout, "no reply from the ILS in time");
    if (ec) return fail(Errc::disconnected, "the ILS closed the connection: " + ec.message());
    if (auto st = m_framer.feed(std::string_view(buf.data(), n)); !st) return st.error();
  }
  return m_framer.next();
}

Result<Message> Sip2Connection::roundTrip(const Message& request, std::string_view expect) {
  const auto until = deadline();
  const bool detect = m_codec.profile().errorDetection;
  const int seq = m_sequence;
  m_sequence = (m_sequence + 1) % 10;
  auto bytes = m_codec.encode(request, detect ? std::optional<int>(seq) : std::nullopt);
  if (!bytes) return bytes.error();
  const std::string name(messageName(request.code));
  auto fault = [&](Error e) -> Result<Message> {
    close();  // never let a late or damaged reply be read as the answer to a later request
    return e.context(name + " (" + request.code + ")");
  };
  if (m_log->should_log(spdlog::level::trace)) m_log->trace("→ {}", redactFrame(*bytes));
  if (auto st = writeAll(*bytes, until); !st) return fault(st.error());
  int resends = 0, stale = 0;
  while (true) {
    auto frame = readFrame(until);
    if (!frame) return fault(frame.error());
    if (m_log->should_log(spdlog::level::trace)) m_log->trace("← {}", redactFrame(*frame));
    auto msg = m_codec.parse(*frame);
    if (!msg) {
      if (msg.error().is(Errc::checksum) && resends < kMaxResends) {
        ++resends;
        m_log->warn("reply to {} arrived damaged ({}); asking the ILS to resend", name, msg.error().message());
        auto again = m_codec.encode(Message{"97", "", {}, std::nullopt, false});
        if (!again) return fault(again.error());
        if (auto st = writeAll(*again, until); !st) return fault(st.error());
        continue;
      }
      return fault(msg.error());
    }
    if (msg->code == "96") {
      if (resends >= kMaxResends) return fault(Error(Errc::checksum, "the ILS keeps asking to resend"));
      ++resends;
      m_log->warn("ILS asked to resend {} (our message arrived damaged)", name);
      // The same message again, its AY kept: FOLIO edge-sip2 with error detection refuses a
      // message without AY, and answers "same sequence, same checksum" from memory, so a resend
      // never applies a checkout twice there (docs/sip2-profiles.md; SIP2.md said "without AY").
      auto again = m_codec.encode(request, detect ? std::optional<int>(seq) : std::nullopt);
      if (!again) return fault(again.error());
      if (auto st = writeAll(*again, until); !st) return fault(st.error());
      continue;
    }
    const bool staleSeq = detect && msg->sequence && *msg->sequence != seq;
    if (msg->code != expect && !staleSeq) {
      // In step (its sequence number is ours, or the dialect has none) yet of another type: the
      // ILS answered something else. Said at once, never waited out as a timeout.
      return fault(Error(Errc::parse, "the ILS answered " + msg->code + " (" + std::string(messageName(msg->code)) +
                                          ") where " + std::string(expect) + " (" + std::string(messageName(expect)) +
                                          ") was due"));
    }
    if (staleSeq) {
      if (++stale > kMaxStaleReplies) return fault(Error(Errc::parse, "the ILS answers out of step"));
      m_log->debug("skipping a stale {} reply while waiting for {}", msg->code, expect);
      continue;
    }
    m_lastActivity = m_clock.monotonic();
    return std::move(*msg);
  }
}

Result<Message> Sip2Connection::exchange(const Message& request, std::string_view expect) {
  if (m_open && peerClosed()) {
    m_log->info("connection {}: the ILS closed it while idle; reconnecting", m_index);
    close();
  }
  if (!m_open) {
    if (auto st = open(); !st) return st.error();
  }
  const std::string code = expect.empty() ? expectedCode(request.code) : std::string(expect);
  return roundTrip(request, code);
}

} // namespace lasis::sip2
