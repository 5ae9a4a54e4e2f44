#pragma once
// The address of an ILS: sip2://USER:PASSWORD@HOST:PORT?institution=X&location=Y&profile=koha&pool=4
// (&charset=WINDOWS-1257 overrides the profile's code page; &failover=HOST[:PORT] names a second
// server of the same library system, tried when the first cannot be reached)
// (sip2s:// for TLS). The password may come from `password_file=` instead; describe() never
// shows it, so a URL can be logged.

#include "common/core/result.h"

#include <chrono>
#include <string>
#include <string_view>

namespace lasis::sip2 {

/// A parsed ILS address with every client setting it carries.
struct Sip2Url {
  bool tls = false;
  std::string user;
  std::string password;  ///< never logged
  std::string host;
  std::uint16_t port = 6001;
  std::string failoverHost;        ///< failover=HOST[:PORT]: same login, profile and TLS; empty: none
  std::uint16_t failoverPort = 0;  ///< the failover's port (the primary's when not given)
  std::string institution;        ///< AO
  std::string location;           ///< CP at login, AP on checkin
  std::string terminalPassword;   ///< AC, when the ILS wants one (never logged)
  std::string profile = "generic";  ///< built-in name, or a path to a profile TOML file
  std::string charset;  ///< an iconv name overriding the profile's charset; empty: the profile's
  int pool = 1;
  std::chrono::milliseconds timeout{5000};     ///< per request, and per connect
  std::chrono::milliseconds keepalive{20000};  ///< idle time after which a 99 is sent
  std::chrono::milliseconds backoffMax{30000}; ///< longest wait between reconnect attempts
  std::string caFile;                          ///< sip2s: trust these CAs instead of the system's
  bool verifyPeer = true;                      ///< sip2s: verify the certificate and host name
  bool allowPlain = false;  ///< sip2: to another host only with plain=allow (PINs cross the network in clear)

  /// Parses a URL; errors (Errc::config) name the offending part. `password_file` is read here.
  static Result<Sip2Url> parse(std::string_view url);
  /// The URL without secrets, for logs and messages: "sip2://kiosk@10.0.0.5:6001?profile=koha".
  std::string describe() const;
};

} // namespace lasis::sip2
