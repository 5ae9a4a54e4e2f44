#pragma once
// A resilient SIP2 client: a small pool of logged-in connections to one ILS, a keep-alive 99
// inside the server's idle timeout, reconnects with back-off, per-request timeouts, and the rule
// that a checkout, checkin or renew whose reply was lost is never sent blindly again.

#include "common/core/clock.h"
#include "common/core/log.h"
#include "common/core/result.h"
#include "common/sip2/codec.h"
#include "common/sip2/messages.h"
#include "common/sip2/typedcodec.h"
#include "drivers/sip2client/sip2url.h"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace boost::asio::ssl {
class context;
}

namespace lasis::sip2 {

class Sip2Connection;
class Sip2Endpoints;

/// Whether a request may be sent again after its reply was lost.
enum class Resend {
  safe,   ///< status, patron and item queries, end session: asking twice changes nothing
  never,  ///< circulation: a lost reply is an unknown outcome (Errc::timeout / disconnected)
};

/// A pool of SIP2 connections to one ILS, used from any thread; calls block until answered.
class Sip2Client {
public:
  /// Parses the URL, loads the ILS profile and prepares TLS; connects lazily on first use.
  static Result<std::unique_ptr<Sip2Client>> create(const std::string& url, const Clock& clock, Logger log);
  /// The same from a parsed URL (callers that override parts of it, e.g. `lasis sip2 --charset`).
  static Result<std::unique_ptr<Sip2Client>> create(Sip2Url url, const Clock& clock, Logger log);
  ~Sip2Client();

  const Sip2Url& url() const { return m_url; }
  const Codec& codec() const { return m_codec; }
  /// Connects (every pool slot) and asks 99 status: a quick "is the ILS there and do we get in".
  Result<AcsStatus> status();

  /// Sends a typed request and returns the typed reply. AO (institution) and, where the request
  /// has one, AC (terminal password) are filled from the URL when empty; the transaction date
  /// from the clock when unset.
  template <class Resp, class Req>
  Result<Resp> call(Req req, Resend resend = Resend::safe) {
    fillDefaults(req);
    auto msg = toMessage(req, m_codec.profile());
    if (!msg) return msg.error();
    auto reply = callRaw(*msg, std::string(Resp::code), resend);
    if (!reply) return reply.error();
    return fromMessage<Resp>(*reply);
  }

  /// Checkout with lost-reply recovery: if the reply is lost, asks 17 item information; an item
  /// now charged means the loan happened (answer rebuilt from 18, `recovered` in extra); an
  /// item not charged means it did not, and the checkout is sent once more.
  Result<CheckoutResponse> checkout(CheckoutRequest req);
  /// Checkin with lost-reply recovery (item no longer charged = the return happened).
  Result<CheckinResponse> checkin(CheckinRequest req);
  /// Renew: a lost reply cannot be told apart from a refusal by item status, so it stays an
  /// error (Errc::timeout, the item's current due date in the message) and is never resent.
  Result<RenewResponse> renew(RenewRequest req);

  /// Generic exchange with retry on a fresh connection when `resend` is safe.
  Result<Message> callRaw(const Message& request, const std::string& expect, Resend resend);
  /// The clock's calendar time (for transaction dates).
  TimePoint now() const { return m_clock.now(); }
  /// Where a patron's messages go in a regional network: the institution (AO) of the library
  /// that issued the patron's card (the card rules' `institution`), asked for every request that
  /// names a patron; an empty answer means the URL's own. Set once, before the first request.
  void setPatronInstitution(std::function<std::string(std::string_view patronId)> of) {
    m_patronInstitution = std::move(of);
  }

private:
  Sip2Client(Sip2Url url, Codec codec, std::shared_ptr<boost::asio::ssl::context> tls, const Clock& clock, Logger log);
  struct Slot;
  class Lease;
  Lease acquire();
  Result<Message> attempt(Slot& slot, const Message& request, const std::string& expect);
  Status backoffGate();
  void noteConnectResult(bool ok, const Error* why = nullptr);
  void keepAliveLoop();
  Result<ItemInformationResponse> itemInfo(const std::string& itemId);
  template <class Req>
  void fillDefaults(Req& req) {
    if constexpr (requires { req.institutionId; req.patronId; })
      if (req.institutionId.empty() && m_patronInstitution && !req.patronId.empty())
        req.institutionId = m_patronInstitution(req.patronId);
    if constexpr (requires { req.institutionId; })
      if (req.institutionId.empty()) req.institutionId = m_url.institution;
    if constexpr (requires { req.terminalPassword; })
      if (req.terminalPassword.empty()) req.terminalPassword = m_url.terminalPassword;
    if constexpr (requires { req.transactionDate; })
      if (!req.transactionDate) req.transactionDate = m_clock.now();
  }

  Sip2Url m_url;
  std::function<std::string(std::string_view)> m_patronInstitution;
  Codec m_codec;
  std::unique_ptr<Sip2Endpoints> m_endpoints;  ///< the URL's server and its failover, shared by the slots
  std::shared_ptr<boost::asio::ssl::context> m_tls;
  const Clock& m_clock;
  Logger m_log;
  std::vector<std::unique_ptr<Slot>> m_slots;
  std::mutex m_mutex;  // guards slot ownership, back-off state and m_stop
  std::condition_variable m_slotFree;
  std::condition_variable m_wake;
  int m_failures = 0;
  /// Set while the last connection attempt ended in the ILS refusing the login: the back-off
  /// answers with it (Errc::refused), so a refused login never reads as an outage.
  std::optional<Error> m_loginRefused;
  std::chrono::steady_clock::time_point m_retryAt{};
  bool m_stop = false;
  std::thread m_keepAlive;
};

} // namespace lasis::sip2
