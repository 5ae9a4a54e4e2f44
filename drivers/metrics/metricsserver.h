#pragma once
// Serves GET /metrics (Prometheus text format 0.0.4) and GET /healthz over HTTP on a local
// address: off unless configured ([metrics] listen = "127.0.0.1:9464"). The text is made by
// `render` on the server's io_context thread at every scrape; /healthz asks `health` the same way
// and answers 200 "ok" or 503 with the one-line reason it gave (a part's name, never a patron's).
// Anything else gets 404, a malformed request is dropped. One request a connection (scrapers and
// load balancers reconnect; nothing here waits on a slow client).

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
  /// Why the device does not serve, in one line; empty while it does (/healthz 200).
  using Health = std::function<std::string()>;
  /// Listens on "HOST:PORT" (port 0: any free port). Without `health`, /healthz says 200 while
  /// the process answers.
  static Result<std::unique_ptr<MetricsServer>> start(boost::asio::io_context& io, const std::string& listen,
                                                      std::function<std::string()> render, Health health = {});
  ~MetricsServer();
  /// "http://HOST:PORT/metrics".
  std::string url() const;

private:
  struct Impl;
  explicit MetricsServer(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}
  std::shared_ptr<Impl> m_impl;
};

} // namespace lasis::metrics
