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

/// `lasis ARGS…` (or another binary of this build): exit status; stdout into `out`.
inline int run(const std::string& binary, const std::vector<std::string>& args, std::string* out = nullptr,
        std::string* err = nullptr, const std::string& stdinText = "") {
  std::vector<std::string> argv{std::string(LASIS_BIN_DIR) + "/" + binary};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess p(argv);
  if (!stdinText.empty()) p.writeLine(stdinText);
  p.closeStdin();
  std::string text;
  while (auto l = p.readLine(60s)) text += *l + "\n";
  const int rc = p.wait(60s).value_or(-1);
  if (out) *out = text;
  if (err) *err = p.stderrText();
  return rc;
}

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

/// The files a test's lasis-fleet needs: under `dir`, fleet/ (lasis fleet enroll service), keys/
/// (lasis fleet keygen); it writes `dir`/fleet.toml and keeps its state in `dir`/state.
inline fs::path writeServiceConfig(const fs::path& dir, int brokerPort) {
  const auto config = dir / "fleet.toml";
  fs::create_directories(dir / "state");
  std::ofstream(config) << "[broker]\nurl = \"mqtts://127.0.0.1:" << brokerPort << "\"\nca_file = \""
                        << (dir / "fleet/ca.crt").string() << "\"\ncert_file = \"" << (dir / "fleet/lasis-fleet.crt").string()
                        << "\"\nkey_file = \"" << (dir / "fleet/lasis-fleet.key").string()
                        << "\"\nkeepalive_s = 5\n[network]\nname = \"zt\"\n[storage]\ndatabase = \""
                        << (dir / "state/fleet.db").string() << "\"\n[http]\nlisten = \"127.0.0.1:0\"\nusers_file = \""
                        << (dir / "state/users").string() << "\"\n[commands]\nsigning_key = \""
                        << (dir / "keys/fleet-signing.key").string() << "\"\n[prometheus]\ntargets_dir = \""
                        << (dir / "state/targets").string() << "\"\n";
  return config;
}

/// Adds the user "anna" (kPassword) and starts lasis-fleet on `config`; its HTTP port in `port`.
inline std::unique_ptr<ChildProcess> startService(const fs::path& config, int& port, std::string& problem) {
  std::string out, err;
  if (run("lasis-fleet", {"--config", config.string(), "--add-user", "anna"}, &out, &err, kPassword) != 0) {
    problem = "--add-user: " + err;
    return nullptr;
  }
  auto p = std::make_unique<ChildProcess>(std::vector<std::string>{std::string(LASIS_BIN_DIR) + "/lasis-fleet", "--config", config.string()});
  auto ready = p->readLine(std::chrono::seconds(20));
  if (!ready) {
    problem = "no ready line: " + p->stderrText();
    return nullptr;
  }
  const std::string url = json::parse(*ready, nullptr, false).value("http", "");
  port = std::atoi(url.c_str() + url.rfind(':') + 1);
  if (port <= 0) problem = "no port in " + *ready;
  return p;
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
