#include "simulator/scanner/simscanner.h"

#include "common/core/bytes.h"
#include "simulator/control/controlargs.h"

#include <fcntl.h>
#include <linux/input.h>
#include <pty.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace lasis::sim {

namespace asio = boost::asio;

namespace {

Json error(const std::string& why) { return {{"ok", false}, {"error", why}}; }

Result<std::string> serialSuffix(const std::string& name) {
  if (name == "CR") return std::string("\r");
  if (name == "LF") return std::string("\n");
  if (name == "CRLF") return std::string("\r\n");
  if (name == "TAB") return std::string("\t");
  if (name == "ETX") return std::string("\x03");
  if (name == "none") return std::string();
  return fail(Errc::invalidArgument, "suffix \"" + name + "\" is not one of CR, LF, CRLF, TAB, ETX, none");
}

void addEvent(std::string& out, std::uint16_t type, std::uint16_t code, std::int32_t value) {
  timeval now{};
  ::gettimeofday(&now, nullptr);
  input_event ev{};
  ev.input_event_sec = now.tv_sec;
  ev.input_event_usec = now.tv_usec;
  ev.type = type;
  ev.code = code;
  ev.value = value;
  out.append(reinterpret_cast<const char*>(&ev), sizeof ev);
}

/// One key pressed and released as a keyboard reports it, each change followed by SYN_REPORT.
void press(std::string& out, std::uint16_t code, bool shift = false, bool altGr = false) {
  if (shift) addEvent(out, EV_KEY, KEY_LEFTSHIFT, 1), addEvent(out, EV_SYN, SYN_REPORT, 0);
  if (altGr) addEvent(out, EV_KEY, KEY_RIGHTALT, 1), addEvent(out, EV_SYN, SYN_REPORT, 0);
  addEvent(out, EV_KEY, code, 1);
  addEvent(out, EV_SYN, SYN_REPORT, 0);
  addEvent(out, EV_KEY, code, 0);
  addEvent(out, EV_SYN, SYN_REPORT, 0);
  if (altGr) addEvent(out, EV_KEY, KEY_RIGHTALT, 0), addEvent(out, EV_SYN, SYN_REPORT, 0);
  if (shift) addEvent(out, EV_KEY, KEY_LEFTSHIFT, 0), addEvent(out, EV_SYN, SYN_REPORT, 0);
}

} // namespace

/// A non-blocking file descriptor the simulator writes to, with what did not fit yet (a pty or
/// pipe buffer is small; an over-long code typed as events is hundreds of kilobytes).
class SimScanner::Outlet {
public:
  Outlet(asio::io_context& io, int fd) : m_fd(fd), m_timer(io) {}
  ~Outlet() {
    m_timer.cancel();
    ::close(m_fd);
  }
  int fd() const { return m_fd; }
  void write(const std::string& bytes) {
    m_pending += bytes;
    flush();
  }

private:
  void flush() {
    while (!m_pending.empty()) {
      const ssize_t w = ::write(m_fd, m_pending.data(), m_pending.size());
      if (w < 0 && errno == EINTR) continue;
      if (w < 0 && errno == EAGAIN) break;
      if (w <= 0) {  // nobody can take it: lost, as on a real line
        m_pending.clear();
        return;
      }
      m_pending.erase(0, static_cast<std::size_t>(w));
    }
    if (m_pending.empty() || m_waiting) return;
    m_waiting = true;
    m_timer.expires_after(std::chrono::milliseconds(2));
    m_timer.async_wait([this, alive = std::weak_ptr<int>(m_alive)](boost::system::error_code ec) {
      if (ec || alive.expired()) return;
      m_waiting = false;
      flush();
    });
  }

  int m_fd;
  asio::steady_timer m_timer;
  std::string m_pending;
  bool m_waiting = false;
  std::shared_ptr<int> m_alive = std::make_shared<int>(0);
};

Result<std::unique_ptr<SimScanner>> SimScanner::open(asio::io_context& io, Options options) {
  if (options.serialLink.empty() && options.eventsPath.empty())
    return fail(Errc::invalidArgument, "a scanner needs a serial link, an events path, or both");
  for (const auto* p : {&options.serialLink, &options.eventsPath})
    if (p->find_first_of("?&") != std::string::npos)
      return fail(Errc::invalidArgument, "scanner path " + *p + " contains '?' or '&', which a scanner URL cannot carry");
  if (auto s = serialSuffix(options.suffix); !s) return s.error();
  if (options.prefix != "STX" && options.prefix != "none")
    return fail(Errc::invalidArgument, "prefix \"" + options.prefix + "\" is not STX or none");
  std::unique_ptr<SimScanner> s(new SimScanner(io, std::move(options)));
  if (auto st = s->plug(); !st) return st.error();
  return s;
}

SimScanner::SimScanner(asio::io_context& io, Options options) : m_io(io), m_options(std::move(options)) {}

SimScanner::~SimScanner() { unplug(); }

std::string SimScanner::serialUrl() const {
  if (m_options.serialLink.empty()) return {};
  return "serial:" + m_options.serialLink + "?suffix=" + m_options.suffix +
         (m_options.prefix == "STX" ? "&prefix=STX" : "");
}

std::string SimScanner::eventsUrl() const {
  if (m_options.eventsPath.empty()) return {};
  return "evdev:" + m_options.eventsPath + "?layout=" + std::string(drivers::toString(m_options.layout)) +
         "&suffix=" + (m_options.suffix == "TAB" ? "tab" : "enter");
}

Status SimScanner::plug() {
  if (m_plugged) return {};
  if (!m_options.serialLink.empty()) {
    int master = -1, slave = -1;
    if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0)
      return fail(Errc::io, std::string("openpty failed: ") + std::strerror(errno));
    termios tio{};
    ::tcgetattr(slave, &tio);
    ::cfmakeraw(&tio);  // raw before the driver opens it: no echo, no line discipline
    ::tcsetattr(slave, TCSANOW, &tio);
    const char* name = ::ptsname(master);
    ::unlink(m_options.serialLink.c_str());
    if (!name || ::symlink(name, m_options.serialLink.c_str()) != 0) {
      const std::string why = std::strerror(errno);
      ::close(master);
      ::close(slave);
      return fail(Errc::io, "cannot create scanner link " + m_options.serialLink + ": " + why);
    }
    ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);
    m_slave = slave;
    m_serial = std::make_unique<Outlet>(m_io, master);
  }
  if (!m_options.eventsPath.empty()) {
    ::unlink(m_options.eventsPath.c_str());
    if (::mkfifo(m_options.eventsPath.c_str(), 0600) != 0) {
      const std::string why = std::strerror(errno);
      unplug();
      return fail(Errc::io, "cannot create the event FIFO " + m_options.eventsPath + ": " + why);
    }
    // Read-write, so opening never waits for a reader and the driver may come and go; the
    // driver sees the end of the stream (an unplugged device) when this end is closed.
    const int fd = ::open(m_options.eventsPath.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
      const std::string why = std::strerror(errno);
      unplug();
      return fail(Errc::io, "cannot open the event FIFO " + m_options.eventsPath + ": " + why);
    }
    m_events = std::make_unique<Outlet>(m_io, fd);
  }
  m_plugged = true;
  return {};
}

void SimScanner::unplug() {
  if (m_serial) {
    m_serial.reset();  // the driver's read sees the line hang up
    ::close(m_slave);
    m_slave = -1;
    ::unlink(m_options.serialLink.c_str());
  }
  if (m_events) {
    m_events.reset();
    ::unlink(m_options.eventsPath.c_str());
  }
  m_plugged = false;
}

Json SimScanner::send(const std::string& text, bool complete, const std::string& suffixOverride,
                      const std::string* rawKeys) {
  if (!m_plugged) return error("the scanner is unplugged (replug it first)");
  std::string keys;
  if (m_events) {
    if (rawKeys) {
      for (unsigned char k : *rawKeys) press(keys, k);
    } else {
      for (const auto& cp : drivers::codePoints(text)) {
        auto stroke = drivers::keyFor(m_options.layout, cp);
        if (!stroke)
          return error("\"" + cp + "\" cannot be typed on layout " + std::string(drivers::toString(m_options.layout)));
        press(keys, stroke->code, stroke->shift, stroke->altGr);
      }
    }
    if (complete) press(keys, m_options.suffix == "TAB" ? KEY_TAB : KEY_ENTER);
  }
  std::string bytes;
  if (m_serial) {
    auto suffix = serialSuffix(suffixOverride.empty() ? m_options.suffix : suffixOverride);
    if (!suffix) return error(suffix.error().message());
    if (m_options.prefix == "STX") bytes += '\x02';
    bytes += text;
    if (complete) bytes += *suffix;
  }
  if (m_events) m_events->write(keys);
  if (m_serial) m_serial->write(bytes);
  if (complete) ++m_scans;
  return {{"ok", true}};
}

Json SimScanner::control(const Json& r) {
  auto cmdField = textField(r, "cmd");
  if (!cmdField) return error(cmdField.error().message());
  const std::string cmd = *cmdField;
  if (cmd == "scan" || cmd == "partial") {
    auto code = textField(r, "code");
    auto aim = textField(r, "aim");
    auto suffix = textField(r, "suffix");
    for (const auto* e : {code ? nullptr : &code.error(), aim ? nullptr : &aim.error(), suffix ? nullptr : &suffix.error()})
      if (e) return error(cmd + ": " + e->message());
    if (!r.contains("code")) return error(cmd + ": \"code\" is missing");
    return send(*aim + *code, cmd == "scan", *suffix, nullptr);
  }
  if (cmd == "garbage") {
    auto hex = textField(r, "bytes_hex");
    if (!hex) return error("garbage: " + hex.error().message());
    auto bytes = fromHex(*hex);
    if (!bytes || bytes->empty()) return error("garbage: \"bytes_hex\" must be hex digits, e.g. \"00FF1B\"");
    const std::string raw(bytes->begin(), bytes->end());
    return send(raw, true, "", &raw);
  }
  if (cmd == "noise") {  // serial only: bytes on the line outside any frame
    auto hex = textField(r, "bytes_hex");
    if (!hex) return error("noise: " + hex.error().message());
    auto bytes = fromHex(*hex);
    if (!bytes || bytes->empty()) return error("noise: \"bytes_hex\" must be hex digits, e.g. \"00FF1B\"");
    if (!m_serial) return error("noise: there is no serial scanner");
    m_serial->write(std::string(bytes->begin(), bytes->end()));
    return {{"ok", true}};
  }
  if (cmd == "unplug") {
    unplug();
    return {{"ok", true}};
  }
  if (cmd == "replug") {
    if (auto st = plug(); !st) return error(st.error().describe());
    return {{"ok", true}, {"serial", serialUrl()}, {"events", eventsUrl()}};
  }
  if (cmd == "status") {
    return {{"ok", true},          {"plugged", m_plugged},
            {"serial", serialUrl()}, {"events", eventsUrl()},
            {"layout", std::string(drivers::toString(m_options.layout))}, {"scans", m_scans}};
  }
  return error("unknown command \"" + cmd + "\" (scan, partial, garbage, noise, unplug, replug, status)");
}

Status SimScanner::loadScenario(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fail(Errc::notFound, "cannot open scenario " + path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    Json req = Json::parse(line, nullptr, false);
    if (req.is_discarded() || !req.is_object() || !req.contains("cmd"))
      return fail(Errc::parse, path + ":" + std::to_string(n) + ": expected one JSON object with \"cmd\"");
    auto at = intField(req, "at_ms", 0, 0, 86'400'000);
    if (!at) return fail(Errc::parse, path + ":" + std::to_string(n) + ": " + at.error().message());
    auto timer = std::make_shared<asio::steady_timer>(m_io, std::chrono::milliseconds(*at));
    timer->async_wait([this, alive = std::weak_ptr<int>(m_alive), timer, req,
                       where = path + ":" + std::to_string(n)](boost::system::error_code ec) {
      if (ec || alive.expired()) return;
      const Json reply = control(req);
      if (!reply.value("ok", false)) std::fprintf(stderr, "lasis-sim scanner: %s: %s\n", where.c_str(), reply.dump().c_str());
    });
  }
  return {};
}

} // namespace lasis::sim
