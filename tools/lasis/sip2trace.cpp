// `lasis sip2 trace`: a SIP2 tap between a kiosk (or any SIP2 client) and the library system.
// It listens where the kiosk's ils.url is pointed, connects each client on to the real ILS, passes
// every byte through unchanged, and prints each frame both ways as it passes, decoded from the
// wire's code page, with the PIN (AD), the passwords (AC, CO) and the patron's identity (AA, AE,
// BD, BE, BF) masked — the picture a technician needs when the kiosk and the library system
// disagree, without touching either.
//
// Contract (scripts rely on it):
//   lasis sip2 [--ils URL | --config FILE] [--charset NAME] trace [--listen HOST:PORT] [--once]
//   stdout: first "tracing HOST:PORT -> ILSHOST:ILSPORT" (the address actually bound: port 0
//     picks a free one), then one line per frame:
//       TIME #N kiosk->ILS FRAME        TIME #N ILS->kiosk FRAME
//     TIME ISO 8601 UTC with milliseconds; N numbers the client's connection; and one line when a
//     connection opens or closes ("#N open", "#N closed by the kiosk|the ILS", "#N ILS unreachable: …").
//   Plain SIP2 only (sip2:// upstream): a sip2s:// ILS is refused with a pointer to LASIS_LOG=trace,
//     which shows the same frames inside the kiosk.
//   --once: exit after the first connection closes. SIGINT/SIGTERM: exit 0.
//   Exit 2 when it cannot start (bad URL, address in use).
#include "tools/lasis/sip2trace.h"

#include "common/sip2/charset.h"
#include "common/sip2/framer.h"
#include "common/sip2/profile.h"
#include "drivers/sip2client/sip2connection.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <list>
#include <vector>
#include <string>

namespace lasis::cli {
namespace {

volatile sig_atomic_t g_stop = 0;
void onSignal(int) { g_stop = 1; }

std::string nowUtc() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t secs = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

bool writeAll(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    data += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

/// A blocking TCP connect to host:port within `timeout`; -1 and `why` on failure.
int connectTo(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout, std::string& why) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res); rc != 0) {
    why = "cannot resolve " + host + ": " + ::gai_strerror(rc);
    return -1;
  }
  int fd = -1;
  for (auto* a = res; a; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    why = std::strerror(errno);
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(res);
  return fd;
}

/// One client connection and its connection to the ILS, with a framer per direction.
struct Session {
  int id = 0;
  int client = -1;
  int ils = -1;
  sip2::Framer fromKiosk, fromIls;
};

class Tap {
public:
  Tap(const sip2::Sip2Url& ils, sip2::Charset charset) : m_ils(ils), m_charset(charset) {}

  /// One frame as a person reads it: secrets and the patron masked, in UTF-8.
  std::string show(const std::string& frame) const {
    const std::string masked = sip2::redactFrame(frame);
    auto text = sip2::decodeText(masked, m_charset);
    if (text) return *text;
    std::string escaped;  // not text in the wire's code page: the bytes, readable
    for (unsigned char c : masked) {
      if (c >= 0x20 && c < 0x7f) escaped += static_cast<char>(c);
      else {
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\x%02X", c);
        escaped += hex;
      }
    }
    return escaped;
  }

  void say(const std::string& line) {
    std::cout << line << std::endl;  // a line at a time: a technician watches it live
  }

  /// Passes `bytes` from one side to the other and prints the frames they complete.
  bool pass(Session& s, bool fromKiosk, const char* bytes, std::size_t n) {
    if (!writeAll(fromKiosk ? s.ils : s.client, bytes, n)) return false;
    auto& framer = fromKiosk ? s.fromKiosk : s.fromIls;
    if (!framer.feed(std::string_view(bytes, n))) {
      say(nowUtc() + " #" + std::to_string(s.id) + (fromKiosk ? " kiosk->ILS" : " ILS->kiosk") +
          " (a frame longer than SIP2 allows: no longer split into frames)");
      framer.clear();
      return true;
    }
    while (framer.hasFrame()) {
      say(nowUtc() + " #" + std::to_string(s.id) + (fromKiosk ? " kiosk->ILS " : " ILS->kiosk ") + show(framer.next()));
    }
    return true;
  }

  int run(int listener, bool once) {
    std::list<Session> sessions;
    int next = 1;
    bool oneClosed = false;
    while (!g_stop && !(once && oneClosed)) {
      std::vector<pollfd> fds{{listener, POLLIN, 0}};
      for (auto& s : sessions) {
        fds.push_back({s.client, POLLIN, 0});
        fds.push_back({s.ils, POLLIN, 0});
      }
      const int ready = ::poll(fds.data(), fds.size(), 200);
      if (ready < 0 && errno != EINTR) return 1;
      if (ready <= 0) continue;
      // The sessions polled first (fds holds exactly these, in order), then a new client,
      // which is polled from the next round on.
      std::size_t i = 1;
      for (auto it = sessions.begin(); it != sessions.end(); i += 2) {
        const bool kioskReady = fds[i].revents & (POLLIN | POLLHUP | POLLERR);
        const bool ilsReady = fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR);
        const char* closedBy = nullptr;
        char buf[8192];
        if (kioskReady) {
          const ssize_t n = ::recv(it->client, buf, sizeof buf, 0);
          if (n <= 0 || !pass(*it, true, buf, static_cast<std::size_t>(n))) closedBy = "the kiosk";
        }
        if (!closedBy && ilsReady) {
          const ssize_t n = ::recv(it->ils, buf, sizeof buf, 0);
          if (n <= 0 || !pass(*it, false, buf, static_cast<std::size_t>(n))) closedBy = "the ILS";
        }
        if (closedBy) {
          say(nowUtc() + " #" + std::to_string(it->id) + " closed by " + closedBy);
          ::close(it->client);
          ::close(it->ils);
          it = sessions.erase(it);
          oneClosed = true;
        } else {
          ++it;
        }
      }
      if (fds[0].revents & POLLIN) {
        const int client = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (client >= 0) {
          Session s;
          s.id = next++;
          s.client = client;
          std::string why;
          s.ils = connectTo(m_ils.host, m_ils.port, m_ils.timeout, why);
          if (s.ils < 0) {
            say(nowUtc() + " #" + std::to_string(s.id) + " ILS " + m_ils.host + ":" + std::to_string(m_ils.port) +
                " unreachable: " + why);
            ::close(client);
            oneClosed = true;
          } else {
            say(nowUtc() + " #" + std::to_string(s.id) + " open");
            sessions.push_back(std::move(s));
          }
        }
      }
    }
    for (auto& s : sessions) {
      ::close(s.client);
      ::close(s.ils);
    }
    return 0;
  }

private:
  sip2::Sip2Url m_ils;
  sip2::Charset m_charset;
};

} // namespace

int sip2Trace(const sip2::Sip2Url& ils, const std::string& listen, bool once) {
  if (ils.tls) {
    std::cerr << "lasis sip2 trace: " << ils.describe()
              << " is SIP2 over TLS, which a tap cannot read; run the kiosk with LASIS_LOG=trace to see the same "
                 "frames inside it\n";
    return 2;
  }
  // The wire's code page: the URL's charset=, else its profile's.
  sip2::Charset charset = sip2::Charset::utf8;
  if (!ils.charset.empty()) {
    auto c = sip2::charsetFromName(ils.charset);
    if (!c) {
      std::cerr << "lasis sip2 trace: " << c.error().describe() << "\n";
      return 2;
    }
    charset = *c;
  } else {
    auto p = ils.profile.find('/') == std::string::npos ? sip2::Profile::builtin(ils.profile) : sip2::Profile::load(ils.profile);
    if (!p) {
      std::cerr << "lasis sip2 trace: " << p.error().describe() << "\n";
      return 2;
    }
    charset = p->charset;
  }
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "lasis sip2 trace: --listen must be HOST:PORT (e.g. 127.0.0.1:6002), not '" << listen << "'\n";
    return 2;
  }
  const std::string host = listen.substr(0, colon);
  int port = -1;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (...) {
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  if (port < 0 || port > 65535 || ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
    std::cerr << "lasis sip2 trace: --listen must be an IPv4 HOST:PORT (e.g. 127.0.0.1:6002), not '" << listen << "'\n";
    return 2;
  }
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int yes = 1;
  ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener, 16) != 0) {
    std::cerr << "lasis sip2 trace: cannot listen on " << listen << ": " << std::strerror(errno) << "\n";
    if (listener >= 0) ::close(listener);
    return 2;
  }
  socklen_t len = sizeof addr;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  struct sigaction sa {};
  sa.sa_handler = onSignal;
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
  Tap tap(ils, charset);
  tap.say("tracing " + host + ":" + std::to_string(ntohs(addr.sin_port)) + " -> " + ils.host + ":" + std::to_string(ils.port));
  const int rc = tap.run(listener, once);
  ::close(listener);
  return rc;
}

} // namespace lasis::cli
