#include "fleet/dashboardserver.h"

#include "drivers/fleet/ed25519.h"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <charconv>
#include <deque>
#include <map>
#include <random>
#include <set>

namespace lasis::fleetsvc {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kCookie = "lasis_fleet_session";
constexpr auto kSessionLife = std::chrono::hours(12);
constexpr int kMaxFailures = 5;
constexpr auto kFailureWindow = std::chrono::minutes(5);
constexpr std::size_t kMaxPendingLogins = 8;
constexpr auto kRequestTimeout = std::chrono::seconds(30);
/// An Argon2id hash of a random text nobody knows, with the users' limits: an unknown user's login
/// is checked against it, so it costs what a known user's does and its time does not tell the two apart.
constexpr const char* kNoSuchUserHash =
    "$argon2id$v=19$m=262144,t=3,p=1$970CBWseSQLIUQvCITYRcg$Z+KdgGOsWC0d5+RsRdG+53CCupv8t2dxgClN/9SS9Cg";

/// 256 random bits as hex (std::random_device is the kernel's getrandom on Linux).
std::string newToken() {
  std::random_device rd;
  std::string out;
  static const char* hex = "0123456789abcdef";
  for (int i = 0; i < 8; ++i) {
    std::uint32_t v = rd();
    for (int j = 0; j < 8; ++j, v >>= 4) out += hex[v & 0xf];
  }
  return out;
}

std::string urlDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') out += ' ';
    else if (s[i] == '%' && i + 2 < s.size()) {
      unsigned v = 0;
      std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
      out += static_cast<char>(v);
      i += 2;
    } else out += s[i];
  }
  return out;
}

/// "a=1&b=x" → map.
std::map<std::string, std::string> parseQuery(std::string_view q) {
  std::map<std::string, std::string> out;
  while (!q.empty()) {
    const auto amp = q.find('&');
    const auto part = q.substr(0, amp);
    const auto eq = part.find('=');
    if (eq != std::string_view::npos) out[urlDecode(part.substr(0, eq))] = urlDecode(part.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return out;
}

std::string cookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    auto part = header.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=')
      return std::string(part.substr(name.size() + 1));
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return {};
}

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

} // namespace

/// One open live feed.
struct SseClient : std::enable_shared_from_this<SseClient> {
  explicit SseClient(tcp::socket s) : socket(std::move(s)) {}
  tcp::socket socket;
  std::deque<std::string> queue;
  bool writing = false;
  bool closed = false;
  char probe = 0;

  void send(std::string frame) {
    if (closed || queue.size() > 1000) return;  // a client that reads nothing is not fed forever
    queue.push_back(std::move(frame));
    if (!writing) writeNext();
  }
  void writeNext() {
    if (queue.empty() || closed) {
      writing = false;
      return;
    }
    writing = true;
    boost::asio::async_write(socket, boost::asio::buffer(queue.front()),
                             [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                               if (ec) {
                                 self->close();
                                 return;
                               }
                               self->queue.pop_front();
                               self->writeNext();
                             });
  }
  void close() {
    if (closed) return;
    closed = true;
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }
};

struct DashboardServer::Impl : std::enable_shared_from_this<DashboardServer::Impl> {
  Impl(boost::asio::io_context& ioc, UserFile u, FleetService& s, Logger l)
      : io(ioc), acceptor(ioc), users(std::move(u)), service(s), log(std::move(l)), heartbeat(ioc), checker(1) {}
  boost::asio::io_context& io;
  tcp::acceptor acceptor;
  UserFile users;
  FleetService& service;
  Logger log;
  boost::asio::steady_timer heartbeat;
  boost::asio::thread_pool checker;  // Argon2id checks, one at a time, off the io thread
  std::size_t pendingLogins = 0;
  struct Session {
    std::string user;
    Clock::time_point expires;
  };
  std::map<std::string, Session> sessions;
  std::map<std::string, std::deque<Clock::time_point>> failures;  // by remote address
  std::vector<std::shared_ptr<SseClient>> live;

  void accept() {
    acceptor.async_accept([self = shared_from_this()](const boost::system::error_code& ec, tcp::socket socket) {
      if (ec == boost::asio::error::operation_aborted) return;
      if (!ec) self->serve(std::make_shared<tcp::socket>(std::move(socket)));
      self->accept();
    });
  }

  void beat() {
    heartbeat.expires_after(std::chrono::seconds(15));
    heartbeat.async_wait([w = weak_from_this()](const boost::system::error_code& ec) {
      auto self = w.lock();
      if (ec || !self) return;
      self->broadcast(": keep-alive\n\n");
      self->beat();
    });
  }

  void broadcast(const std::string& frame) {
    std::erase_if(live, [](const auto& c) { return c->closed; });
    for (auto& c : live) c->send(frame);
  }

  void serve(std::shared_ptr<tcp::socket> socket) {
    auto buffer = std::make_shared<beast::flat_buffer>();
    auto parser = std::make_shared<http::request_parser<http::string_body>>();
    parser->body_limit(256 * 1024);  // a config command carries a whole TOML file
    // A client that opens a connection and sends no whole request in time is dropped, so idle
    // connections cannot pile up.
    auto deadline = std::make_shared<boost::asio::steady_timer>(io, kRequestTimeout);
    deadline->async_wait([socket](const boost::system::error_code& ec) {
      boost::system::error_code ignored;
      if (!ec) socket->close(ignored);
    });
    http::async_read(*socket, *buffer, *parser,
                     [self = shared_from_this(), socket, buffer, parser, deadline](const boost::system::error_code& ec, std::size_t) {
                       deadline->cancel();
                       if (ec) return;
                       self->dispatch(socket, parser->release());
                     });
  }

  void reply(const std::shared_ptr<tcp::socket>& socket, const Request& req, http::status status, std::string body,
             const std::string& type = "application/json", const std::string& setCookie = "") {
    auto res = std::make_shared<Response>(status, req.version());
    res->keep_alive(false);
    res->set(http::field::content_type, type);
    res->set(http::field::cache_control, "no-store");
    res->set("X-Content-Type-Options", "nosniff");
    if (!setCookie.empty()) res->set(http::field::set_cookie, setCookie);
    res->body() = std::move(body);
    res->prepare_payload();
    http::async_write(*socket, *res, [socket, res](const boost::system::error_code&, std::size_t) {
      boost::system::error_code ignored;
      socket->shutdown(tcp::socket::shutdown_both, ignored);
    });
  }
  void replyJson(const std::shared_ptr<tcp::socket>& socket, const Request& req, http::status status, const json& j) {
    reply(socket, req, status, j.dump() + "\n");
  }
  void replyError(const std::shared_ptr<tcp::socket>& socket, const Request& req, http::status status, const std::string& why) {
    replyJson(socket, req, status, {{"ok", false}, {"error", why}});
  }

  /// The logged-in user of a request; empty when none.
  std::string sessionUser(const Request& req) {
    const auto it = req.find(http::field::cookie);
    if (it == req.end()) return {};
    const std::string token = cookieValue(std::string_view(it->value().data(), it->value().size()), kCookie);
    const auto s = sessions.find(token);
    if (token.empty() || s == sessions.end()) return {};
    if (s->second.expires < Clock::now()) {
      sessions.erase(s);
      return {};
    }
    return s->second.user;
  }

  std::string remoteOf(const tcp::socket& socket) {
    boost::system::error_code ec;
    const auto ep = socket.remote_endpoint(ec);
    return ec ? std::string("?") : ep.address().to_string();
  }

  void dispatch(const std::shared_ptr<tcp::socket>& socket, Request req) {
    const std::string target(req.target());
    const auto q = target.find('?');
    const std::string path = target.substr(0, q);
    const auto query = parseQuery(q == std::string::npos ? std::string_view() : std::string_view(target).substr(q + 1));
    const bool get = req.method() == http::verb::get, post = req.method() == http::verb::post;

    if (post && path == "/login") return login(socket, std::move(req));
    const std::string user = sessionUser(req);
    if (get && path == "/") {
      if (user.empty()) return reply(socket, req, http::status::unauthorized, loginPage(), "text/html; charset=utf-8");
      return reply(socket, req, http::status::ok, dashboardPage(), "text/html; charset=utf-8");
    }
    if (path.rfind("/api/", 0) != 0 && path != "/logout")
      return replyError(socket, req, http::status::not_found, "no such page");
    if (user.empty()) return replyError(socket, req, http::status::unauthorized, "log in first (POST /login)");

    if (post && path == "/logout") {
      const auto it = req.find(http::field::cookie);
      if (it != req.end()) sessions.erase(cookieValue(std::string_view(it->value().data(), it->value().size()), kCookie));
      return reply(socket, req, http::status::ok, "{\"ok\":true}\n", "application/json",
                   std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    }
    if (get && path == "/api/devices") {
      auto d = service.devices();
      if (!d) return replyError(socket, req, http::status::internal_server_error, d.error().message());
      return replyJson(socket, req, http::status::ok, {{"devices", *d}, {"broker_connected", service.brokerConnected()}});
    }
    if (get && path == "/api/events") {
      EventQuery eq;
      if (auto it = query.find("branch"); it != query.end()) eq.branch = it->second;
      if (auto it = query.find("device"); it != query.end()) eq.device = it->second;
      if (auto it = query.find("type"); it != query.end()) eq.type = it->second;
      if (auto it = query.find("limit"); it != query.end()) {
        int n = 0;
        const auto [end, err] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), n);
        if (err != std::errc() || end != it->second.data() + it->second.size() || n < 1 || n > 1000)
          return replyError(socket, req, http::status::bad_request, "limit: 1 … 1000");
        eq.limit = n;
      }
      auto e = service.events(eq);
      if (!e) return replyError(socket, req, http::status::internal_server_error, e.error().message());
      return replyJson(socket, req, http::status::ok, {{"events", *e}});
    }
    if (get && path == "/api/counts") {
      auto c = service.countsPerHour();
      if (!c) return replyError(socket, req, http::status::internal_server_error, c.error().message());
      return replyJson(socket, req, http::status::ok, {{"hours", *c}});
    }
    if (get && path == "/api/live") {
      auto client = std::make_shared<SseClient>(std::move(*socket));
      live.push_back(client);
      client->send("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
                   "Connection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 3000\n: hello\n\n");
      // The client sends nothing more: a read that ends means it went away.
      client->socket.async_read_some(boost::asio::buffer(&client->probe, 1),
                                     [client](const boost::system::error_code&, std::size_t) { client->close(); });
      return;
    }
    if (post && path == "/api/command") {
      const json body = json::parse(req.body(), nullptr, false);
      if (body.is_discarded()) return replyError(socket, req, http::status::bad_request, "the body is not JSON");
      auto r = service.sendCommand(body, user);
      if (!r) {
        const auto status = r.error().is(Errc::invalidArgument) ? http::status::bad_request
                            : r.error().is(Errc::unavailable)    ? http::status::service_unavailable
                                                                 : http::status::internal_server_error;
        return replyError(socket, req, status, r.error().message());
      }
      return replyJson(socket, req, http::status::ok, *r);
    }
    return replyError(socket, req, http::status::not_found, "no such API route");
  }

  void login(const std::shared_ptr<tcp::socket>& socket, Request req) {
    const std::string remote = remoteOf(*socket);
    auto& fails = failures[remote];
    const auto now = Clock::now();
    while (!fails.empty() && fails.front() < now - kFailureWindow) fails.pop_front();
    if (fails.size() >= static_cast<std::size_t>(kMaxFailures)) {
      log->warn("fleet: login from {} refused: too many failures, try again later", remote);
      return replyError(socket, req, http::status::too_many_requests, "too many failed logins: wait a few minutes");
    }
    if (pendingLogins >= kMaxPendingLogins)
      return replyError(socket, req, http::status::too_many_requests, "too many logins at once: try again");
    std::string name, password;
    const json body = json::parse(req.body(), nullptr, false);
    if (body.is_object() && body.contains("user") && body["user"].is_string() && body.contains("password") &&
        body["password"].is_string()) {
      name = body["user"];
      password = body["password"];
    } else {
      const auto form = parseQuery(req.body());
      if (auto it = form.find("user"); it != form.end()) name = it->second;
      if (auto it = form.find("password"); it != form.end()) password = it->second;
    }
    const std::string hash = users.hashOf(name);
    ++pendingLogins;
    boost::asio::post(checker, [self = shared_from_this(), socket, req = std::move(req), name, password, hash, remote]() mutable {
      const bool known = !hash.empty();
      const bool matches = fleet::verifyPassword(known ? hash : std::string(kNoSuchUserHash), password);
      const bool ok = known && matches;
      boost::asio::post(self->io, [self, socket, req = std::move(req), name, ok, remote] {
        --self->pendingLogins;
        if (!ok) {
          self->failures[remote].push_back(Clock::now());
          self->log->warn("fleet: login refused for user '{}' from {}", forLog(name), remote);
          return self->replyError(socket, req, http::status::unauthorized, "wrong user or password");
        }
        self->failures.erase(remote);
        const std::string token = newToken();
        self->sessions[token] = {name, Clock::now() + kSessionLife};
        self->log->info("fleet: {} logged in from {}", forLog(name), remote);
        self->reply(socket, req, http::status::ok, json{{"ok", true}, {"user", name}}.dump() + "\n", "application/json",
                    std::string(kCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200");
      });
    });
  }
};

Result<std::unique_ptr<DashboardServer>> DashboardServer::start(boost::asio::io_context& io, const std::string& listen,
                                                                UserFile users, FleetService& service, Logger log) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return fail(Errc::config, "http.listen: expected HOST:PORT, not '" + listen + "'");
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(listen.substr(0, colon), ec);
  if (ec) return fail(Errc::config, "http.listen: '" + listen.substr(0, colon) + "' is not an IP address");
  unsigned port = 0;
  const std::string digits = listen.substr(colon + 1);
  const auto [end, perr] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (digits.empty() || perr != std::errc() || end != digits.data() + digits.size() || port > 65535)
    return fail(Errc::config, "http.listen: bad port in '" + listen + "'");
  auto impl = std::make_shared<Impl>(io, std::move(users), service, log ? log : nullLogger());
  const tcp::endpoint ep(address, static_cast<unsigned short>(port));
  impl->acceptor.open(ep.protocol(), ec);
  if (!ec) impl->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(ep, ec);
  if (!ec) impl->acceptor.listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(Errc::io, "http: cannot listen on " + listen + ": " + ec.message());
  service.setLiveListener([w = std::weak_ptr<Impl>(impl)](const std::string& kind, const json& data) {
    if (auto self = w.lock()) self->broadcast("event: " + kind + "\ndata: " + data.dump() + "\n\n");
  });
  impl->accept();
  impl->beat();
  return std::unique_ptr<DashboardServer>(new DashboardServer(impl));
}

DashboardServer::~DashboardServer() {
  boost::system::error_code ignored;
  m_impl->acceptor.close(ignored);
  m_impl->heartbeat.cancel();
  m_impl->service.setLiveListener(nullptr);
  for (auto& c : m_impl->live) c->close();
  m_impl->checker.join();
}

void DashboardServer::setUsers(UserFile users) { m_impl->users = std::move(users); }

std::string DashboardServer::url() const {
  const auto ep = m_impl->acceptor.local_endpoint();
  return "http://" + ep.address().to_string() + ":" + std::to_string(ep.port());
}

} // namespace lasis::fleetsvc
