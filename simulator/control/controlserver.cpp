#include "simulator/control/controlserver.h"

#include "simulator/control/controlargs.h"

#include <cstdio>
#include <iostream>

namespace lasis::sim {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

/// One control connection: reads lines, answers each in order.
class Session : public std::enable_shared_from_this<Session> {
public:
  Session(tcp::socket socket, ControlHandler& handler) : m_socket(std::move(socket)), m_handler(handler) {}
  void start() { readLine(); }

private:
  void readLine() {
    auto self = shared_from_this();
    asio::async_read_until(m_socket, m_in, '\n', [self](boost::system::error_code ec, std::size_t n) {
      if (ec) return;  // peer closed: nothing to clean up beyond the socket
      std::string line(asio::buffers_begin(self->m_in.data()), asio::buffers_begin(self->m_in.data()) + n);
      self->m_in.consume(n);
      self->answer(line);
    });
  }

  void answer(const std::string& line) {
    Json reply;
    Json request = Json::parse(line, nullptr, false);
    if (request.is_discarded() || !request.is_object()) {
      reply = {{"ok", false}, {"error", "control: each line must be one JSON object"}};
    } else if (!request.contains("cmd") || !request["cmd"].is_string()) {
      reply = {{"ok", false}, {"error", "control: missing \"cmd\""}};
    } else {
      try {
        reply = m_handler(request);
      } catch (const std::exception& e) {  // a handler bug must not take the device down
        reply = {{"ok", false}, {"error", std::string("control: ") + e.what()}};
      }
      if (!reply.is_object()) reply = {{"ok", true}, {"result", reply}};
      if (!reply.contains("ok")) reply["ok"] = true;
    }
    m_out = reply.dump() + "\n";
    auto self = shared_from_this();
    asio::async_write(m_socket, asio::buffer(m_out), [self](boost::system::error_code ec, std::size_t) {
      if (!ec) self->readLine();
    });
  }

  tcp::socket m_socket;
  ControlHandler& m_handler;
  asio::streambuf m_in;
  std::string m_out;
};

} // namespace

struct ControlServer::Impl : std::enable_shared_from_this<ControlServer::Impl> {
  Impl(asio::io_context& io, ControlHandler h, std::uint16_t port)
      : acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), port)), handler(std::move(h)) {}

  void accept() {
    std::weak_ptr<Impl> weak = shared_from_this();
    acceptor.async_accept([weak](boost::system::error_code ec, tcp::socket socket) {
      auto self = weak.lock();
      if (!self || ec == asio::error::operation_aborted) return;
      if (!ec) std::make_shared<Session>(std::move(socket), self->handler)->start();
      self->accept();
    });
  }

  tcp::acceptor acceptor;
  ControlHandler handler;
};

ControlServer::ControlServer(asio::io_context& io, ControlHandler handler, std::uint16_t port)
    : m_impl(std::make_shared<Impl>(io, std::move(handler), port)) {
  m_impl->accept();
}

ControlServer::~ControlServer() {
  boost::system::error_code ec;
  m_impl->acceptor.close(ec);
}

std::uint16_t ControlServer::port() const { return m_impl->acceptor.local_endpoint().port(); }

std::string ControlServer::url() const { return "tcp://127.0.0.1:" + std::to_string(port()); }

struct ControlClient::Impl {
  asio::io_context io;
  tcp::socket socket{io};
  asio::streambuf in;
};

ControlClient::ControlClient(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
ControlClient::ControlClient(ControlClient&&) noexcept = default;
ControlClient& ControlClient::operator=(ControlClient&&) noexcept = default;
ControlClient::~ControlClient() = default;

Result<ControlClient> ControlClient::connect(const std::string& url) {
  std::string rest = url.rfind("tcp://", 0) == 0 ? url.substr(6) : url;
  const auto colon = rest.rfind(':');
  if (colon == std::string::npos) return fail(Errc::invalidArgument, "control: bad address '" + url + "'");
  auto impl = std::make_unique<Impl>();
  boost::system::error_code ec;
  const auto addr = asio::ip::make_address(rest.substr(0, colon), ec);
  if (ec) return fail(Errc::invalidArgument, "control: bad host in '" + url + "'");
  auto port = parseInteger(std::string_view(rest).substr(colon + 1), 1, 65535, "control: port in '" + url + "'");
  if (!port) return port.error();
  impl->socket.connect(tcp::endpoint(addr, static_cast<std::uint16_t>(*port)), ec);
  if (ec) return fail(Errc::unavailable, "control: cannot connect to " + url + ": " + ec.message());
  return ControlClient(std::move(impl));
}

Result<Json> ControlClient::call(const Json& request) {
  boost::system::error_code ec;
  const std::string line = request.dump() + "\n";
  asio::write(m_impl->socket, asio::buffer(line), ec);
  if (ec) return fail(Errc::disconnected, "control: send failed: " + ec.message());
  const std::size_t n = asio::read_until(m_impl->socket, m_impl->in, '\n', ec);
  if (ec) return fail(Errc::disconnected, "control: no reply: " + ec.message());
  std::string text(asio::buffers_begin(m_impl->in.data()), asio::buffers_begin(m_impl->in.data()) + n);
  m_impl->in.consume(n);
  Json reply = Json::parse(text, nullptr, false);
  if (reply.is_discarded()) return fail(Errc::parse, "control: reply is not JSON");
  return reply;
}

namespace {
int runWithSignals(asio::io_context& io, const ReadyLine* ready) {
  asio::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&io](boost::system::error_code ec, int) {
    if (!ec) io.stop();
  });
  if (ready) std::cout << ready->dump() << std::endl;  // endl flushes: a script is waiting for this line
  io.run();
  return 0;
}
} // namespace

int runUntilSignal(asio::io_context& io, const ReadyLine& ready) { return runWithSignals(io, &ready); }

int runUntilSignal(asio::io_context& io) { return runWithSignals(io, nullptr); }

} // namespace lasis::sim
