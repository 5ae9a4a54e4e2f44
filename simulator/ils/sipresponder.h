#pragma once
// Answers SIP2 requests the way a small real ILS does, in the dialect of one profile (Koha,
// Evergreen, FOLIO edge-sip2 or the 3M text: docs/sip2-profiles.md), over an IlsStore.
// Pure request → reply: the network, framing and fault injection live in IlsServer.

#include "common/core/log.h"
#include "common/sip2/message.h"
#include "common/sip2/profile.h"
#include "simulator/ils/ilsstore.h"

#include <deque>
#include <optional>
#include <string>

namespace lasis::sim::ils {

/// What one SIP connection has established (login, the kiosk's branch).
struct SipSessionState {
  bool loggedIn = false;
  std::string user;
  std::string location;  ///< the branch the kiosk stands in (from its SIP account or CP)
};

/// Maps each SIP2 request onto the store and builds the reply message.
class SipResponder {
public:
  SipResponder(IlsStore& store, sip2::Profile profile, Logger log);

  /// The reply to `request`; nullopt when the request gets no reply (unsupported message).
  /// `refuseLogins` makes every 93 fail, as a server with a broken account would.
  std::optional<sip2::Message> answer(const sip2::Message& request, SipSessionState& session, bool refuseLogins);

  /// The item ids a request names (AB), for item-triggered faults.
  static std::string itemOf(const sip2::Message& request) { return request.get("AB"); }

  /// The 98's BX flags: what this dialect answers.
  std::string supportedMessages() const;

  /// One request as it arrived: its code, institution (AO) and patron (AA), for tests that check
  /// what reached the library system (a member library's AO; nothing at all for a foreign card).
  struct Seen {
    std::string code, institution, patron;
  };
  /// The last requests (at most 1000), oldest first.
  const std::deque<Seen>& seen() const { return m_seen; }

private:
  std::optional<sip2::Message> answerAt(const sip2::Message& request, SipSessionState& session, bool refuseLogins);
  std::string dueText(const std::optional<TimePoint>& due) const;
  IlsStore& m_store;
  sip2::Profile m_profile;
  Logger m_log;
  std::deque<Seen> m_seen;
};

} // namespace lasis::sim::ils
