#pragma once
// lasis-fleet as the tests run it (tests/fleet/fleetservice_test.cpp, fleetdevices_test.cpp): its
// config written for a test's broker and files, the real process started, a user added, and the
// HTTP it serves read as the dashboard and `lasis fleet` read it.
#include "tests/fleet/fleetharness.h"
#include "tests/support/childprocess.h"

#include <nlohmann/json.hpp>

#include <poll.h>
#include <sys/socket.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <regex>
#include <string>
#include <vector>

namespace lasis::fleettest {

using nlohmann::json;

const std::string kPassword = "correct horse battery staple";

/// One HTTP answer.
struct HttpReply {
  int status = 0;
  std::string headers;
  std::string body;
  json j() const { return json::parse(body, nullptr, false); }
};

/// One HTTP/1.1 request over a fresh connection (the server answers and closes).
inline HttpReply http(int port, const std::string& method, const std::string& target, const std::string& cookie = "",
               const std::string& body = "") {
  HttpReply r;
  const int fd = connectLoopback(port);
  if (fd < 0) return r;
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!cookie.empty()) req += "Cookie: " + cookie + "\r\n";
  if (!body.empty() || method == "POST")
    req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
  std::string all;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (std::chrono::steady_clock::now() > deadline || ::poll(&p, 1, 1000) < 0) break;
    char buf[8192];
    if (!(p.revents & (POLLIN | POLLHUP))) continue;
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    all.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  const auto end = all.find("\r\n\r\n");
  if (all.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos) return r;
  r.status = std::atoi(all.c_str() + 9);
  r.headers = all.substr(0, end);
  r.body = all.substr(end + 4);
  return r;
}

/// The live feed: a connection to /api/live read as it comes.
class LiveFeed {
public:
  LiveFeed(int port, const std::string& cookie) : m_fd(connectLoopback(port)) {
    const std::string req = "GET /api/live HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie + "\r\n\r\n";
    if (m_fd >= 0) ::send(m_fd, req.data(), req.size(), MSG_NOSIGNAL);
  }
  ~LiveFeed() {
    if (m_fd >= 0) ::close(m_fd);
  }
  /// Reads until `text` has arrived or `timeout` passed; everything so far.
  std::string waitFor(const std::string& text, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (m_seen.find(text) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{m_fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buf[4096];
      const auto n = ::recv(m_fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      m_seen.append(buf, static_cast<std::size_t>(n));
    }
    return m_seen;
  }

private:
  int m_fd;
  std::string m_seen;
};

/// Adds the user "anna" (kPassword) to the service's users file and starts lasis-fleet on `config`
/// (writeFleetServiceConfig); its HTTP port in `port`. Null, with the reason in `problem`, when not.
inline std::unique_ptr<ChildProcess> startServiceWithUser(const fs::path& config, int& port, std::string& problem) {
  std::string out, err;
  if (runProgram("lasis-fleet", {"--config", config.string(), "--add-user", "anna"}, &out, &err, kPassword) != 0) {
    problem = "--add-user: " + err;
    return nullptr;
  }
  return startFleetService(config, port, problem);
}

/// POST /login as anna; the cookie ("name=value"), empty when refused.
inline std::string login(int port, const std::string& password = kPassword) {
  const auto r = http(port, "POST", "/login", "", json{{"user", "anna"}, {"password", password}}.dump());
  if (r.status != 200) return {};
  static const std::regex cookie("Set-Cookie: ([^;\r\n]+)", std::regex::icase);
  std::smatch m;
  return std::regex_search(r.headers, m, cookie) ? m[1].str() : std::string();
}

/// /api/devices' entry for branch/device, once `pred` holds for it (null when it never did).
inline json waitDevice(int port, const std::string& cookie, const std::string& branch, const std::string& device,
                       const std::function<bool(const json&)>& pred, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  json hit;
  lasis::test::eventually([&] {
    const auto r = http(port, "GET", "/api/devices", cookie);
    const json j = r.j();
    if (r.status != 200 || !j.contains("devices")) return false;
    for (const auto& d : j["devices"])
      if (d.value("branch", "") == branch && d.value("device", "") == device && pred(d)) hit = d;
    return !hit.is_null();
  }, timeout, std::chrono::milliseconds(200));
  return hit;
}

} // namespace lasis::fleettest
