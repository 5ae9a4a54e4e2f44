#pragma once
// The simulated ILS's SIP2 server: TCP on 127.0.0.1, many kiosk connections at once, framing
// and error detection by the shared SIP2 codec, answers by SipResponder, and the faults of
// IlsFaults applied on the way out. Runs on one io_context thread (no locking needed).

#include "common/core/asio.h"
#include "common/core/log.h"
#include "common/core/result.h"
#include "common/sip2/profile.h"
#include "simulator/ils/ilsfaults.h"
#include "simulator/ils/ilsstore.h"
#include "simulator/ils/sipresponder.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

namespace lasis::sim::ils {

/// Accepts SIP2 connections and answers them; can go down and come back on the same port.
class IlsServer {
public:
  IlsServer(boost::asio::io_context& io, IlsStore& store, sip2::Profile profile, Logger log);
  ~IlsServer();
  IlsServer(const IlsServer&) = delete;
  IlsServer& operator=(const IlsServer&) = delete;

  /// Serves SIP2 over TLS with this PEM certificate chain and key; call before listen().
  Status enableTls(const std::string& certFile, const std::string& keyFile);
  bool tls() const;
  /// Listens on 127.0.0.1:`port` (0: a free port, kept for later up()).
  Status listen(std::uint16_t port);
  /// Closes the listener and every connection, as an ILS that crashed or lost its network.
  void down();
  /// Listens again on the same port.
  Status up();
  bool isUp() const;
  /// Closes every connection but keeps listening (clients must reconnect and log in again).
  void disconnectAll();
  std::uint16_t port() const;
  std::size_t connections() const;
  IlsFaults& faults();
  const sip2::Profile& profile() const;
  /// The last requests as they arrived (code, AO, AA), oldest first.
  const std::deque<SipResponder::Seen>& seen() const;

  struct Impl;  ///< implementation detail (shared with each connection)

private:
  std::shared_ptr<Impl> m_impl;
};

} // namespace lasis::sim::ils
