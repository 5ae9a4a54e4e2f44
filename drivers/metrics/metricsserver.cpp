#include "drivers/metrics/metricsserver.h"

#include <algorithm>
#include <charconv>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace lasis::metrics {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

struct MetricsServer::Impl : std::enable_shared_from_this<MetricsServer::Impl> {
  Impl(boost::asio::io_context& io, std::function<std::string()> r, Health h)
      : acceptor(io), render(std::move(r)), health(std::move(h)) {}
  tcp::acceptor acceptor;
  std::function<std::string()> render;
  Health health;

  void accept() {
    acceptor.async_accept([self = shared_from_this()](const boost::system::error_code& ec, tcp::socket socket) {
      if (ec == boost::asio::error::operation_aborted) return;
      if (!ec) self->serve(std::make_shared<tcp::socket>(std::move(socket)));
      self->accept();
    });
  }

  void serve(std::shared_ptr<tcp::socket> socket) {
    auto buffer = std::make_shared<beast::flat_buffer>();
    auto request = std::make_shared<http::request<http::empty_body>>();
    http::async_read(*socket, *buffer, *request,
                     [self = shared_from_this(), socket, buffer, request](const boost::system::error_code& ec, std::size_t) {
                       if (ec) return;  // malformed or closed: nothing to answer
                       auto res = std::make_shared<http::response<http::string_body>>();
                       res->version(request->version());
                       res->keep_alive(false);
                       if (request->method() == http::verb::get && request->target() == "/metrics") {
                         res->result(http::status::ok);
                         res->set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
                         res->body() = self->render();
                       } else if (request->method() == http::verb::get && request->target() == "/healthz") {
                         std::string why = self->health ? self->health() : std::string();
                         // One line: a reason with a line break would read as two answers.
                         std::replace(why.begin(), why.end(), '\n', ' ');
                         res->result(why.empty() ? http::status::ok : http::status::service_unavailable);
                         res->set(http::field::content_type, "text/plain; charset=utf-8");
                         res->body() = (why.empty() ? std::string("ok") : why) + "\n";
                       } else {
                         res->result(http::status::not_found);
                         res->set(http::field::content_type, "text/plain");
                         res->body() = "only GET /metrics and GET /healthz are served here\n";
                       }
                       res->prepare_payload();
                       http::async_write(*socket, *res, [socket, res](const boost::system::error_code&, std::size_t) {
                         boost::system::error_code ignored;
                         socket->shutdown(tcp::socket::shutdown_both, ignored);
                       });
                     });
  }
};

namespace {
/// HOST:PORT as an endpoint, or why it is not one (the same words for --check-config and start).
Result<tcp::endpoint> parseListen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return fail(Errc::config, "metrics.listen: expected HOST:PORT, not '" + listen + "'");
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(listen.substr(0, colon), ec);
  if (ec) return fail(Errc::config, "metrics.listen: '" + listen.substr(0, colon) + "' is not an IP address");
  const std::string digits = listen.substr(colon + 1);
  unsigned port = 0;
  const auto [end, perr] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (digits.empty() || perr != std::errc() || end != digits.data() + digits.size() || port > 65535) {
    return fail(Errc::config, "metrics.listen: bad port in '" + listen + "'");
  }
  return tcp::endpoint(address, static_cast<unsigned short>(port));
}
} // namespace

Status MetricsServer::checkListen(const std::string& listen) {
  auto ep = parseListen(listen);
  if (!ep) return ep.error();
  return {};
}

Result<std::unique_ptr<MetricsServer>> MetricsServer::start(boost::asio::io_context& io, const std::string& listen,
                                                            std::function<std::string()> render, Health health) {
  auto parsed = parseListen(listen);
  if (!parsed) return parsed.error();
  boost::system::error_code ec;
  auto impl = std::make_shared<Impl>(io, std::move(render), std::move(health));
  const tcp::endpoint ep = *parsed;
  impl->acceptor.open(ep.protocol(), ec);
  if (!ec) impl->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(ep, ec);
  if (!ec) impl->acceptor.listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(Errc::io, "metrics: cannot listen on " + listen + ": " + ec.message());
  impl->accept();
  return std::unique_ptr<MetricsServer>(new MetricsServer(impl));
}

MetricsServer::~MetricsServer() {
  boost::system::error_code ignored;
  if (m_impl) m_impl->acceptor.close(ignored);
}

std::string MetricsServer::url() const {
  const auto ep = m_impl->acceptor.local_endpoint();
  return "http://" + ep.address().to_string() + ":" + std::to_string(ep.port()) + "/metrics";
}

} // namespace lasis::metrics
