#pragma once
// One TCP (or TLS) connection to a SIP2 server, used synchronously by one caller at a time: each
// operation runs the connection's own io_context until it completes or its deadline passes, so
// no Asio handler ever outlives the call and no exception crosses a handler.

#include "common/core/asio.h"
#include "common/core/clock.h"
#include "common/core/log.h"
#include "common/core/result.h"
#include "common/sip2/codec.h"
#include "common/sip2/framer.h"
#include "drivers/sip2client/sip2url.h"

#include <boost/asio/ssl.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace lasis::sip2 {

/// Where a pool's connections go: the URL's server, then its failover (failover=HOST:PORT). A
/// new connection tries the primary first unless the primary failed within the last minute (then
/// the failover first, so a primary that swallows connects costs one timeout a minute, not one per
/// connection). Shared by the pool's connections; thread-safe.
class Sip2Endpoints {
public:
  struct Endpoint {
    std::string host;
    std::uint16_t port = 0;
    std::string name() const;  ///< "host:port" ("[::1]:6001")
  };
  Sip2Endpoints(const Sip2Url& url, Logger log);
  /// Indices into at() in the order a new connection should try them.
  std::vector<int> order() const;
  const Endpoint& at(int i) const { return m_endpoints[static_cast<std::size_t>(i)]; }
  std::size_t size() const { return m_endpoints.size(); }
  /// What a connect to endpoint `i` gave; a switch between primary and failover is logged once.
  void note(int i, bool reached);

  static constexpr std::chrono::seconds kPrimaryRetry{60};

private:
  std::vector<Endpoint> m_endpoints;
  Logger m_log;
  mutable std::mutex m_mutex;
  std::chrono::steady_clock::time_point m_primaryFailedAt{};
  bool m_primaryFailed = false;
  int m_inUse = -1;  ///< the endpoint of the last successful connect (-1: none yet)
};

/// A logged-in SIP2 session over one socket: connect + 93, then request/reply exchanges.
///
/// Errors tell the caller whether the request could have reached the ILS:
///  * Errc::unavailable / Errc::refused — nothing was sent (connect failed, login refused);
///  * Errc::timeout / Errc::disconnected — the request was (maybe) sent and no reply came:
///    the outcome is unknown, so a checkout, checkin or renew must not be sent blindly again;
///  * Errc::checksum / Errc::parse — the ILS kept sending damaged or unreadable replies.
/// After a timeout or a broken reply the connection is closed, so a late reply can never be
/// taken for the answer to a later request.
class Sip2Connection {
public:
  using SteadyTime = std::chrono::steady_clock::time_point;

  Sip2Connection(const Sip2Url& url, Sip2Endpoints& endpoints, const Codec& codec,
                 std::shared_ptr<boost::asio::ssl::context> tls, const Clock& clock, Logger log, int index);
  ~Sip2Connection();
  Sip2Connection(const Sip2Connection&) = delete;
  Sip2Connection& operator=(const Sip2Connection&) = delete;

  /// Connects (to the primary or the failover, see Sip2Endpoints) and logs in (93) when there is
  /// a user. Resets the AY sequence.
  Status open();
  void close();
  bool isOpen() const;
  /// True when the peer has closed the socket while we were idle (servers drop idle sessions
  /// silently); checked before sending so a request never goes into a dead connection.
  bool peerClosed();
  /// Sends `request` and returns the reply with code `expect` (opening the connection first if
  /// needed). Handles 96 (resend ours) and a reply with a bad checksum (ask 97, twice at most).
  Result<Message> exchange(const Message& request, std::string_view expect);
  /// Monotonic time of the last successful exchange.
  Clock::Duration lastActivity() const { return m_lastActivity; }
  int index() const { return m_index; }

private:
  /// Resolves, connects and (sip2s) shakes hands with one endpoint; Errc::unavailable otherwise.
  Status connectTo(const Sip2Endpoints::Endpoint& where);
  Result<Message> roundTrip(const Message& request, std::string_view expect);
  Status writeAll(const std::string& bytes, SteadyTime deadline);
  Result<std::string> readFrame(SteadyTime deadline);
  template <class Start>
  boost::system::error_code run(Start start, SteadyTime deadline, std::size_t* transferred = nullptr,
                                const std::function<void()>& cancel = {});
  SteadyTime deadline() const { return std::chrono::steady_clock::now() + m_url.timeout; }

  const Sip2Url& m_url;
  Sip2Endpoints& m_endpoints;
  const Codec& m_codec;
  std::shared_ptr<boost::asio::ssl::context> m_tlsContext;
  const Clock& m_clock;
  Logger m_log;
  int m_index;
  boost::asio::io_context m_io;
  std::unique_ptr<boost::asio::ip::tcp::socket> m_socket;
  std::unique_ptr<boost::asio::ssl::stream<boost::asio::ip::tcp::socket&>> m_tls;
  Framer m_framer;
  int m_sequence = 0;
  std::atomic<bool> m_open{false};  // read by the pool's other threads when picking a slot
  Clock::Duration m_lastActivity{};
};

/// A frame with the values of CO (login password), AD (PIN) and AC (terminal password) masked,
/// for trace logs: a PIN never reaches a log in clear.
std::string redactFrame(std::string_view frame);

} // namespace lasis::sip2
