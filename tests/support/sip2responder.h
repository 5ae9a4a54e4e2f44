#pragma once
// A small SIP2 server for client tests and benchmarks, built on our own codec: a handful of
// patrons and items, real TCP on 127.0.0.1 (ephemeral port), and deliberate faults — latency,
// silent idle disconnects, dropped replies, bad checksums, refused logins, going down and up.

#include "common/core/asio.h"
#include "common/sip2/codec.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace lasis::sip2::test {

/// An in-process SIP2 server with fault injection (one io thread, many connections).
class Sip2Responder {
public:
  explicit Sip2Responder(Profile profile = {});
  ~Sip2Responder();

  /// Serves SIP2 over TLS (sip2s://) with this PEM certificate chain and key; call before start().
  void enableTls(const std::string& certFile, const std::string& keyFile);
  /// Writes a self-signed certificate for "localhost" / 127.0.0.1 and its key (PEM); false on failure.
  static bool makeSelfSignedCert(const std::string& certFile, const std::string& keyFile);

  /// Starts listening (port 0 the first time, the same port after stop()).
  void start();
  /// Closes the listener and every connection: the ILS is "down".
  void stop();
  std::uint16_t port() const { return m_port; }
  /// "sip2://kiosk (sip2s:// with TLS, host localhost):secret@127.0.0.1:PORT?institution=LIB&location=branch-1" + extra query.
  std::string url(const std::string& extraQuery = "") const;

  // Faults (take effect on the next message).
  std::atomic<int> latencyMs{0};
  std::atomic<int> idleTimeoutMs{0};        ///< close a connection silently after this idle time
  std::atomic<int> dropReplies{0};          ///< apply the next N requests but never answer them
  std::string dropOnlyCode;                 ///< if set, only drop replies to this request code
  std::atomic<int> corruptChecksums{0};     ///< send the next N replies with a wrong AZ
  std::atomic<int> garbleNextRequests{0};   ///< treat the next N requests as damaged: answer 96
  std::atomic<bool> refuseLogin{false};
  std::atomic<int> swallowRequests{0};      ///< the next N requests are lost: not applied, not answered
  std::atomic<int> garbageReplies{0};       ///< answer the next N requests with bytes that are not SIP2
  std::atomic<int> wrongTypeReplies{0};     ///< answer the next N requests with a sound reply of another type (98)
  /// 63's item lists: at most this many items an answer, from BP (1-based) to BQ, as Evergreen's
  /// SIP2 mediator does (10 by default); 0: the whole list. With ignoreRange, BP/BQ are ignored
  /// (a server that always sends its first page).
  std::atomic<int> listPage{0};
  std::atomic<bool> ignoreRange{false};

  // What the server saw (for assertions).
  int count(const std::string& code) const;
  int applied(const std::string& itemId) const;  ///< checkouts applied to this item
  int connections() const;
  std::string chargedTo(const std::string& itemId) const;
  void addItem(const std::string& id, const std::string& title);
  /// The last request with this code, as parsed (empty code when none came).
  Message lastRequest(const std::string& code) const;

private:
  struct Session;
  void accept();
  std::string handle(const Message& req);
  Profile m_profile;
  Codec m_codec;
  boost::asio::io_context m_io;
  std::unique_ptr<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> m_work;
  std::unique_ptr<boost::asio::ip::tcp::acceptor> m_acceptor;
  std::shared_ptr<void> m_tls;  // boost::asio::ssl::context, kept out of this header
  std::set<std::shared_ptr<Session>> m_sessions;
  std::thread m_thread;
  std::uint16_t m_port = 0;

  mutable std::mutex m_mutex;  // guards the library state and counters below
  struct Item {
    std::string title;
    std::string patron;
    int dueDay = 0;
    int holds = 0;
  };
  std::map<std::string, Item> m_items;
  std::map<std::string, std::string> m_pins;  ///< patron → PIN
  std::map<std::string, int> m_counts;
  std::map<std::string, int> m_applied;
  std::map<std::string, Message> m_last;
  int m_connections = 0;
};

} // namespace lasis::sip2::test
