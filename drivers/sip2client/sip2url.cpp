#include "drivers/sip2client/sip2url.h"

#include "common/core/secretfile.h"
#include "common/sip2/charset.h"

#include <charconv>
#include <fstream>

namespace lasis::sip2 {
namespace {

Result<std::string> percentDecode(std::string_view s, std::string_view what) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      int v = 0;
      if (i + 2 >= s.size())  // never read past the end
        return fail(Errc::config, "bad %-escape in the " + std::string(what) + " of the ILS URL");
      auto r = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
      if (r.ec != std::errc() || r.ptr != s.data() + i + 3)
        return fail(Errc::config, "bad %-escape in the " + std::string(what) + " of the ILS URL");
      out += static_cast<char>(v);
      i += 2;
    } else if (s[i] == '+' && what == "query") {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

Result<long> number(std::string_view key, std::string_view v, long min, long max) {
  long n = 0;
  auto r = std::from_chars(v.data(), v.data() + v.size(), n);
  if (r.ec != std::errc() || r.ptr != v.data() + v.size() || n < min || n > max)
    return fail(Errc::config, "ILS URL option '" + std::string(key) + "' must be a whole number from " +
                                  std::to_string(min) + " to " + std::to_string(max) + ", not '" + std::string(v) + "'");
  return n;
}

/// "HOST", "HOST:PORT" or "[IPv6]:PORT" → host and port (0 when none is given); `what` names the
/// part in errors ("host", "option 'failover'").
Result<std::pair<std::string, std::uint16_t>> hostAndPort(std::string_view text, const std::string& what) {
  std::string host;
  std::string_view portText;
  if (!text.empty() && text.front() == '[') {  // [IPv6]:port
    const auto close = text.find(']');
    if (close == std::string_view::npos) return fail(Errc::config, "ILS URL has an unclosed '[' in its " + what);
    host = std::string(text.substr(1, close - 1));
    text = text.substr(close + 1);
    if (!text.empty() && text.front() == ':') portText = text.substr(1);
  } else {
    const auto colon = text.rfind(':');
    host = std::string(text.substr(0, colon));
    if (colon != std::string_view::npos) portText = text.substr(colon + 1);
  }
  if (host.empty()) return fail(Errc::config, "ILS URL has no " + what + " (e.g. sip2://kiosk@ils.example:6001)");
  std::uint16_t port = 0;
  if (!portText.empty()) {
    auto p = number(what == "host" ? "port" : what + " port", portText, 1, 65535);
    if (!p) return p.error();
    port = static_cast<std::uint16_t>(*p);
  }
  return std::pair{host, port};
}

} // namespace

Result<Sip2Url> Sip2Url::parse(std::string_view url) {
  Sip2Url u;
  std::string_view rest;
  if (url.rfind("sip2://", 0) == 0) rest = url.substr(7);
  else if (url.rfind("sip2s://", 0) == 0) {
    rest = url.substr(8);
    u.tls = true;
  } else {
    return fail(Errc::config, "ILS URL must start with sip2:// or sip2s:// (e.g. sip2://kiosk:secret@ils.example:6001)");
  }
  std::string_view query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    auto userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    auto colon = userinfo.find(':');
    auto user = percentDecode(userinfo.substr(0, colon), "user");
    if (!user) return user.error();
    u.user = *user;
    if (colon != std::string_view::npos) {
      auto pw = percentDecode(userinfo.substr(colon + 1), "password");
      if (!pw) return pw.error();
      u.password = *pw;
    }
  }
  auto main = hostAndPort(rest, "host");
  if (!main) return main.error();
  u.host = main->first;
  if (main->second != 0) u.port = main->second;
  std::string passwordFile;
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    const std::string key(pair.substr(0, eq));
    auto value = percentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), "query");
    if (!value) return value.error();
    const std::string& v = *value;
    if (key == "institution") u.institution = v;
    else if (key == "location") u.location = v;
    else if (key == "terminal_password") u.terminalPassword = v;
    else if (key == "profile") u.profile = v;
    else if (key == "charset") {
      if (auto c = charsetFromName(v); !c) return fail(Errc::config, "ILS URL option 'charset': " + c.error().message());
      u.charset = v;
    }
    else if (key == "failover") {
      // HOST, HOST:PORT or [IPv6]:PORT; the port defaults to the primary's (set below).
      auto f = hostAndPort(v, "option 'failover'");
      if (!f) return f.error();
      u.failoverHost = f->first;
      u.failoverPort = f->second;
    }
    else if (key == "password_file") passwordFile = v;
    else if (key == "ca") u.caFile = v;
    else if (key == "plain") {
      if (v != "allow") return fail(Errc::config, "ILS URL option 'plain' has one value: allow");
      u.allowPlain = true;
    }
    else if (key == "verify") {
      if (v != "true" && v != "false") return fail(Errc::config, "ILS URL option 'verify' must be true or false");
      u.verifyPeer = v == "true";
    } else if (key == "pool") {
      auto n = number(key, v, 1, 32);
      if (!n) return n.error();
      u.pool = static_cast<int>(*n);
    } else if (key == "timeout_ms") {
      auto n = number(key, v, 10, 600000);
      if (!n) return n.error();
      u.timeout = std::chrono::milliseconds(*n);
    } else if (key == "keepalive_ms") {
      auto n = number(key, v, 10, 3600000);
      if (!n) return n.error();
      u.keepalive = std::chrono::milliseconds(*n);
    } else if (key == "backoff_max_ms") {
      auto n = number(key, v, 10, 3600000);
      if (!n) return n.error();
      u.backoffMax = std::chrono::milliseconds(*n);
    } else {
      return fail(Errc::config, "unknown ILS URL option '" + key +
                                    "' (known: institution, location, terminal_password, profile, charset, failover, pool, password_file, "
                                    "timeout_ms, keepalive_ms, backoff_max_ms, ca, verify, plain)");
    }
  }
  if (!u.failoverHost.empty() && u.failoverPort == 0) u.failoverPort = u.port;
  if (!passwordFile.empty()) {
    if (!u.password.empty())
      return fail(Errc::config, "ILS URL gives both a password and password_file; use one");
    // The password file must be the service user's alone (readSecretFile refuses others).
    auto secret = readSecretFile(passwordFile);
    if (!secret) return fail(Errc::config, "ILS password_file: " + secret.error().message());
    // An empty file is a password nobody set: every login would be refused, which is a
    // configuration fault to name now, not an outage to discover at the first patron.
    if (secret->empty()) return fail(Errc::config, "ILS password_file " + passwordFile + " is empty");
    u.password = std::move(*secret);
  }
  return u;
}

std::string Sip2Url::describe() const {
  std::string s = tls ? "sip2s://" : "sip2://";
  if (!user.empty()) s += user + "@";
  s += host.find(':') != std::string::npos ? "[" + host + "]" : host;
  s += ":" + std::to_string(port);
  s += "?profile=" + profile;
  if (!charset.empty()) s += "&charset=" + charset;
  if (!institution.empty()) s += "&institution=" + institution;
  if (!location.empty()) s += "&location=" + location;
  if (pool != 1) s += "&pool=" + std::to_string(pool);
  if (!failoverHost.empty()) {
    s += "&failover=";
    s += failoverHost.find(':') != std::string::npos ? "[" + failoverHost + "]" : failoverHost;
    s += ":" + std::to_string(failoverPort);
  }
  return s;
}

} // namespace lasis::sip2
