#pragma once
// Serves GET /metrics (Prometheus text format 0.0.4) over HTTP on a local address: off unless
// configured ([metrics] listen = "127.0.0.1:9464"). The text is made by `render` on the server's
// io_context thread at every scrape; anything but GET /metrics gets 404, a malformed request is
// dropped. One request a connection (scrapers reconnect; nothing here waits on a slow client).

#include "common/core/asio.h"
#include "common/core/result.h"

#include <functional>
#include <memory>
#include <string>

namespace lasis::metrics {

/// The metrics endpoint.
class MetricsServer {
public:
  /// Whether `listen` is a HOST:PORT start() could bind to (form only; nothing is opened).
  static Status checkListen(const std::string& listen);
  /// Listens on "HOST:PORT" (port 0: any free port).
  static Result<std::unique_ptr<MetricsServer>> start(boost::asio::io_context& io, const std::string& listen,
                                                      std::function<std::string()> render);
  ~MetricsServer();
  /// "http://HOST:PORT/metrics".
  std::string url() const;

private:
  struct Impl;
  explicit MetricsServer(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}
  std::shared_ptr<Impl> m_impl;
};

} // namespace lasis::metrics
