#pragma once
// A real headless Chromium for the dashboard's tests, driven over the Chrome DevTools Protocol
// (https://chromedevtools.github.io/devtools-protocol/): the browser in a session and process
// group of its own (setsid), its DevTools websocket found in <profile>/DevToolsActivePort, one page
// (tab) attached as a flat session, and a client of our own on Boost.Beast's websocket. Everything
// runs on the calling thread: a call writes its request and runs the io_context until its reply
// came or its deadline passed. Stopped with Browser.close, then SIGKILL to its whole process group
// (renderers, GPU and utility processes included), so nothing outlives a test, failed or not.
#include "common/fleet/command.h"
#include "tests/support/childprocess.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lasis::fleettest {

/// The browser the tests drive: $LASIS_CHROMIUM, else Debian's /usr/bin/chromium (`./run` installs it).
inline std::string chromiumPath() {
  const char* env = std::getenv("LASIS_CHROMIUM");
  return env && *env ? env : "/usr/bin/chromium";
}

/// One DevTools websocket connection: commands by id, their replies, and the page's console and
/// uncaught errors (Runtime.consoleAPICalled, Runtime.exceptionThrown) kept for a failure message.
class DevTools {
public:
  /// Connects to ws://127.0.0.1:`port``path`; connected() says whether it worked, error() why not.
  DevTools(int port, const std::string& path) : m_ws(m_io) {
    try {
      boost::asio::ip::tcp::endpoint ep(boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
      m_ws.next_layer().connect(ep);
      m_ws.read_message_max(64 * 1024 * 1024);  // a screenshot is a few MB of base64
      m_ws.handshake("127.0.0.1:" + std::to_string(port), path);
      m_ws.text(true);
      read();
    } catch (const std::exception& e) {
      m_broken = true;
      m_error = std::string("DevTools websocket: ") + e.what();
    }
  }
  ~DevTools() {
    boost::system::error_code ignored;
    m_ws.next_layer().close(ignored);
    m_io.restart();
    m_io.run_for(std::chrono::seconds(2));  // lets the pending read finish, cancelled
  }
  DevTools(const DevTools&) = delete;
  DevTools& operator=(const DevTools&) = delete;

  bool connected() const { return !m_broken; }
  const std::string& error() const { return m_error; }
  /// Commands go to this target session (Target.attachToTarget, flatten); empty: the browser itself.
  void useSession(const std::string& sessionId) { m_session = sessionId; }

  /// One command: its "result", or nothing (with error() saying why: the protocol's error, a timeout).
  std::optional<nlohmann::json> call(const std::string& method, const nlohmann::json& params = nlohmann::json::object(),
                                     std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
    if (m_broken) return std::nullopt;
    const int id = ++m_nextId;
    nlohmann::json msg = {{"id", id}, {"method", method}, {"params", params}};
    if (!m_session.empty()) msg["sessionId"] = m_session;
    auto text = std::make_shared<std::string>(msg.dump());
    auto written = std::make_shared<bool>(false);
    m_ws.async_write(boost::asio::buffer(*text), [this, text, written](const boost::system::error_code& ec, std::size_t) {
      *written = true;
      if (ec) fail("write: " + ec.message());
    });
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    if (!runUntil([&] { return m_replies.count(id) > 0; }, deadline)) {
      if (!m_broken) m_error = method + ": no reply within " + std::to_string(timeout.count()) + " ms";
      return std::nullopt;
    }
    nlohmann::json reply = std::move(m_replies[id]);
    m_replies.erase(id);
    if (reply.contains("error")) {
      m_error = method + ": " + reply["error"].dump();
      return std::nullopt;
    }
    return reply.value("result", nlohmann::json::object());
  }

  /// What the page wrote to its console and threw, newest last.
  std::string pageLog() const {
    std::string out;
    for (const auto& l : m_pageLog) out += l + "\n";
    return out;
  }

private:
  void fail(const std::string& why) {
    if (m_broken) return;
    m_broken = true;
    m_error = "DevTools websocket " + why;
  }

  void read() {
    m_ws.async_read(m_buffer, [this](const boost::system::error_code& ec, std::size_t) {
      if (ec) {
        fail("read: " + ec.message());
        return;
      }
      auto j = nlohmann::json::parse(boost::beast::buffers_to_string(m_buffer.data()), nullptr, false);
      m_buffer.consume(m_buffer.size());
      if (j.is_object() && j.contains("id") && j["id"].is_number_integer()) {
        const int id = j["id"].get<int>();  // before the move: json's operator= takes its argument by value
        m_replies[id] = std::move(j);
      } else if (j.is_object() && j.contains("method")) event(j);
      else m_pageLog.push_back("DevTools said: " + j.dump());
      read();
    });
  }

  void event(const nlohmann::json& j) {
    const std::string method = j.value("method", "");
    const auto& p = j.contains("params") ? j["params"] : nlohmann::json::object();
    if (method == "Runtime.consoleAPICalled") {
      std::string line = "console." + p.value("type", "log") + ":";
      for (const auto& a : p.value("args", nlohmann::json::array()))
        line += " " + (a.contains("value") ? (a["value"].is_string() ? a["value"].get<std::string>() : a["value"].dump())
                                           : a.value("description", a.value("type", "")));
      m_pageLog.push_back(line);
    } else if (method == "Runtime.exceptionThrown") {
      const auto& d = p.contains("exceptionDetails") ? p["exceptionDetails"] : nlohmann::json::object();
      m_pageLog.push_back("uncaught: " + (d.contains("exception") ? d["exception"].value("description", d.value("text", ""))
                                                                    : d.value("text", "")));
    }
    if (m_pageLog.size() > 200) m_pageLog.pop_front();
  }

  template <typename Pred>
  bool runUntil(Pred done, std::chrono::steady_clock::time_point deadline) {
    while (!done()) {
      if (m_broken) return false;
      if (std::chrono::steady_clock::now() >= deadline) return false;
      if (m_io.stopped()) m_io.restart();
      m_io.run_one_until(deadline);
    }
    return true;
  }

  boost::asio::io_context m_io;
  boost::beast::websocket::stream<boost::asio::ip::tcp::socket> m_ws;
  boost::beast::flat_buffer m_buffer;
  std::map<int, nlohmann::json> m_replies;
  std::deque<std::string> m_pageLog;
  std::string m_session;
  std::string m_error;
  bool m_broken = false;
  int m_nextId = 0;
};

/// A headless Chromium with one page of `width`×`height` CSS pixels, attached and ready for
/// commands; ok() says whether it came up, why() why not.
class HeadlessChromium {
public:
  HeadlessChromium(const std::filesystem::path& profile, int width = 1280, int height = 800) : m_profile(profile) {
    try {
      start(width, height);
    } catch (const std::exception& e) {  // a destructor does not run after a constructor threw: stop here
      m_ok = false;
      m_why = std::string("starting chromium: ") + e.what();
      stop();
    }
  }
  ~HeadlessChromium() { stop(); }
  HeadlessChromium(const HeadlessChromium&) = delete;
  HeadlessChromium& operator=(const HeadlessChromium&) = delete;

  bool ok() const { return m_ok; }
  const std::string& why() const { return m_why; }
  /// Commands to the page (Page.*, Runtime.*, Emulation.*, Input.*), once ok().
  DevTools& page() { return *m_page; }
  /// The page's console and uncaught errors, and the last command's error, for failure messages.
  std::string pageLog() const { return m_page ? m_page->pageLog() : std::string(); }
  std::string pageError() const { return m_page ? m_page->error() : m_why; }

  /// Navigates the page; false (see page().error()) when the browser refused.
  bool navigate(const std::string& url) {
    const auto r = m_page->call("Page.navigate", {{"url", url}});
    return r && !r->contains("errorText");
  }

  /// An expression's value in the page (promises awaited); nothing when it threw (lastError() says what).
  std::optional<nlohmann::json> eval(const std::string& expression) {
    const auto r = m_page->call("Runtime.evaluate", {{"expression", expression}, {"returnByValue", true}, {"awaitPromise", true}});
    if (!r) {
      m_lastError = m_page->error();
      return std::nullopt;
    }
    if (r->contains("exceptionDetails")) {
      const auto& d = (*r)["exceptionDetails"];
      m_lastError = d.contains("exception") ? d["exception"].value("description", d.value("text", "")) : d.value("text", "");
      return std::nullopt;
    }
    const auto& v = (*r)["result"];
    return v.contains("value") ? v["value"] : nlohmann::json();
  }
  const std::string& lastError() const { return m_lastError; }

  /// Waits until `expression` is true in the page, polling (the page is live: no sleeps).
  bool waitFor(const std::string& expression, std::chrono::milliseconds timeout) {
    return lasis::test::eventually([&] {
      const auto v = eval(expression);
      return v && v->is_boolean() && v->get<bool>();
    }, timeout, std::chrono::milliseconds(100));
  }

  /// Types `text` into the element with id `id` as a keyboard would (focus, then Input.insertText).
  bool type(const std::string& id, const std::string& text) {
    const auto focused = eval("(() => { const e = document.getElementById(" + nlohmann::json(id).dump() +
                              "); if (!e) return false; e.focus(); e.select && e.select(); return document.activeElement === e; })()");
    return focused && focused->is_boolean() && focused->get<bool>() && m_page->call("Input.insertText", {{"text", text}});
  }

  /// A PNG of the viewport, or of `clip` ({x, y, width, height} in CSS pixels) when given.
  std::optional<std::string> screenshot(const nlohmann::json& clip = nullptr) {
    nlohmann::json params = {{"format", "png"}};
    if (!clip.is_null()) {
      params["clip"] = clip;
      params["clip"]["scale"] = 1;
    }
    const auto r = m_page->call("Page.captureScreenshot", params, std::chrono::seconds(30));
    if (!r || !r->contains("data")) return std::nullopt;
    const auto png = lasis::fleet::fromBase64((*r)["data"].get<std::string>());  // what Page.captureScreenshot sends
    return png ? std::string(png->begin(), png->end()) : std::string();
  }

  /// The browser's own stderr, its end.
  std::string stderrTail() const {
    if (!m_proc) return {};
    const std::string all = m_proc->stderrText();
    return all.size() > 4000 ? all.substr(all.size() - 4000) : all;
  }

  /// Browser.close, then SIGKILL to what is left of its process group; idempotent.
  void stop() {
    if (!m_proc) return;
    if (m_browser && m_browser->connected()) m_browser->call("Browser.close", nlohmann::json::object(), std::chrono::seconds(5));
    m_page.reset();
    m_browser.reset();
    const pid_t pid = m_proc->pid();
    if (pid > 0) {
      // Until the leader is reaped its PID stays its group's id: wait for its exit without reaping,
      // kill the group, then reap.
      if (m_proc->running()) {
        lasis::test::eventually([pid] {
          siginfo_t info{};
          return ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid == pid;
        }, std::chrono::seconds(10), std::chrono::milliseconds(50));
      }
      ::kill(-pid, SIGKILL);
      m_proc->wait(std::chrono::seconds(5));
    }
    m_proc.reset();
    std::error_code ec;
    std::filesystem::remove_all(m_profile, ec);
  }

private:
  void start(int width, int height) {
    const auto& profile = m_profile;
    const std::string binary = chromiumPath();
    if (::access(binary.c_str(), X_OK) != 0) {
      m_why = binary + " is not installed: the dashboard's browser tests need Chromium (Debian: chromium; ./run installs it)";
      return;
    }
    std::filesystem::remove_all(profile);
    std::filesystem::create_directories(profile);
    // setsid: the browser leads a process group of its own (ChildProcess's fork is not a group
    // leader, so setsid execs in place and keeps the PID); its helpers join that group.
    // --no-sandbox: needed as root and in containers without user namespaces; the browser only
    // loads the service under test on 127.0.0.1. No crash handler: crashpad would leave its own
    // process group behind. The network service in the browser process: as a process of its own
    // it crashed on every request on some machines (Chromium 156 on a Firecracker VM: "Crashing
    // due to FD ownership violation", every load net::ERR_ABORTED).
    m_proc = std::make_unique<lasis::test::ChildProcess>(std::vector<std::string>{
        "/usr/bin/setsid", binary, "--headless=new", "--no-sandbox", "--remote-debugging-port=0",
        "--user-data-dir=" + profile.string(), "--no-first-run", "--no-default-browser-check", "--disable-gpu",
        "--enable-features=NetworkServiceInProcess2", "--disable-crashpad-for-testing", "--disable-breakpad",
        "--disable-background-networking", "--disable-extensions", "--disable-sync", "--disable-component-update", "--disable-default-apps", "--password-store=basic",
        "--hide-scrollbars", "--mute-audio", "--window-size=" + std::to_string(width) + "," + std::to_string(height),
        "about:blank"});
    // DevToolsActivePort: the port on its first line, the browser's websocket path on the second.
    int port = 0;
    std::string path;
    const bool up = lasis::test::eventually([&] {
      std::ifstream f(profile / "DevToolsActivePort");
      std::string first;
      if (!std::getline(f, first) || !std::getline(f, path) || path.empty()) return false;
      port = std::atoi(first.c_str());
      return port > 0;
    }, std::chrono::seconds(30), std::chrono::milliseconds(50));
    if (!up || port <= 0) {
      m_why = "chromium did not open its DevTools port within 30 s: " + stderrTail();
      return;
    }
    m_browser = std::make_unique<DevTools>(port, path);
    m_page = std::make_unique<DevTools>(port, path);
    if (!m_browser->connected() || !m_page->connected()) {
      m_why = m_browser->connected() ? m_page->error() : m_browser->error();
      return;
    }
    const auto target = m_browser->call("Target.createTarget", {{"url", "about:blank"}});
    const auto attached = target ? m_page->call("Target.attachToTarget", {{"targetId", (*target)["targetId"]}, {"flatten", true}})
                                 : std::nullopt;
    if (!attached) {
      m_why = "no page: " + (target ? m_page->error() : m_browser->error());
      return;
    }
    m_page->useSession((*attached)["sessionId"].get<std::string>());
    if (!m_page->call("Runtime.enable") || !m_page->call("Page.enable") ||
        !m_page->call("Emulation.setDeviceMetricsOverride",
                      {{"width", width}, {"height", height}, {"deviceScaleFactor", 1}, {"mobile", false}})) {
      m_why = "setting up the page: " + m_page->error();
      return;
    }
    m_ok = true;
  }

  std::filesystem::path m_profile;
  std::unique_ptr<lasis::test::ChildProcess> m_proc;
  std::unique_ptr<DevTools> m_browser;  // browser-wide commands (targets, close)
  std::unique_ptr<DevTools> m_page;     // the page's session
  std::string m_why;
  std::string m_lastError;
  bool m_ok = false;
};

} // namespace lasis::fleettest
