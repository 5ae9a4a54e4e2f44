#include "drivers/scanner/evdevscanner.h"

#include "drivers/scanner/scannerurl.h"

#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <thread>

namespace lasis::drivers {

namespace {

using Clock = std::chrono::steady_clock;

/// errno as text, safe with several scanners read on their own threads (strerror is not).
std::string errnoText(int e) { return std::generic_category().message(e); }

int msUntil(Clock::time_point t) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(t - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 60'000));
}

/// The bit of a command modifier (Ctrl, left Alt, Meta) in EvdevScanner::m_command, 0 for others.
unsigned commandBit(std::uint16_t code) {
  switch (code) {
  case KEY_LEFTCTRL: return 1;
  case KEY_RIGHTCTRL: return 2;
  case KEY_LEFTALT: return 4;
  case KEY_RIGHTALT: return 32;  // only where it is not AltGr (EvdevScanner::event)
  case KEY_LEFTMETA: return 8;
  case KEY_RIGHTMETA: return 16;
  default: return 0;
  }
}

} // namespace

Result<EvdevScanner::Settings> EvdevScanner::parseUrl(const std::string& url) {
  auto u = ScannerUrl::parse(url, {"layout", "suffix"});
  if (!u) return u.error();
  if (u->scheme != "evdev") return u->problem("not an evdev: URL");
  Settings s;
  s.path = u->path;
  const std::string layout = u->option("layout", "us");
  auto l = keyLayoutFromString(layout);
  if (!l) return u->problem("layout \"" + layout + "\" is not one of us, lv, lt, uk");
  s.layout = *l;
  const std::string suffix = u->option("suffix", "enter");
  if (suffix == "enter") s.suffixKey = KEY_ENTER;
  else if (suffix == "tab") s.suffixKey = KEY_TAB;
  else return u->problem("suffix \"" + suffix + "\" is not enter or tab");
  return s;
}

Result<std::unique_ptr<EvdevScanner>> EvdevScanner::open(const std::string& url, Logger logger, bool connectNow) {
  auto settings = parseUrl(url);
  if (!settings) return settings.error();
  std::unique_ptr<EvdevScanner> s(new EvdevScanner(url, std::move(*settings), std::move(logger)));
  if (connectNow) {
    if (auto st = s->connect(); !st) return st.error();
  }
  return s;
}

EvdevScanner::EvdevScanner(std::string url, Settings settings, Logger logger)
    : m_url(std::move(url)), m_settings(std::move(settings)), m_log(logger ? std::move(logger) : nullLogger()),
      m_code(m_url) {}

EvdevScanner::~EvdevScanner() { close(); }

void EvdevScanner::close() {
  if (m_fd >= 0) {
    if (m_grabbed) ::ioctl(m_fd, EVIOCGRAB, 0);
    ::close(m_fd);
  }
  m_fd = -1;
  m_grabbed = false;
  m_partial.clear();
  m_shift = 0;
  m_altGr = false;
  m_command = 0;
}

Status EvdevScanner::connect() {
  if (m_fd >= 0) return {};
  const std::string& path = m_settings.path;
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    if (e == EACCES)
      return fail(Errc::io, "scanner " + path + ": permission denied (the udev rule gives /dev/lasis/ devices to the dialout group: is the rule there, the lasis user in dialout?)");
    return fail(Errc::disconnected, "scanner " + path + " is not there: " + errnoText(e) +
                                        " (plugged in? ls -l /dev/input/by-id/ /dev/lasis/)");
  }
  struct stat st {};
  ::fstat(fd, &st);
  m_stream = S_ISREG(st.st_mode);
  if (S_ISCHR(st.st_mode)) {
    // The grab is what keeps a scan out of the UI: without it every code would also be typed
    // into whatever has the keyboard focus. Refused means another program holds it.
    if (::ioctl(fd, EVIOCGRAB, 1) != 0) {
      const int e = errno;
      ::close(fd);
      if (e == EBUSY)
        return fail(Errc::busy, "scanner " + path + ": cannot grab it, in use by another program? (" +
                                    errnoText(e) + ")");
      return fail(Errc::io, "scanner " + path + ": cannot grab it (" + errnoText(e) +
                                "): is it an input event device (/dev/input/event*)?");
    }
    m_grabbed = true;
  }
  m_fd = fd;
  if (m_absent) m_log->info("scanner {} is back", path);
  m_absent = false;
  return {};
}

Failure EvdevScanner::lose(const std::string& why) {
  close();
  if (const std::size_t n = m_code.drop(); n > 0)
    m_log->warn("scanner {}: unplugged in the middle of a code, its {} byte(s) were dropped", m_settings.path, n);
  m_log->warn("scanner {} lost: {}", m_settings.path, why);
  m_absent = true;
  return fail(Errc::disconnected, "scanner " + m_settings.path + " went away (" + why + "); it is opened again when it is back");
}

void EvdevScanner::event(std::uint16_t type, std::uint16_t code, std::int32_t value) {
  if (type != EV_KEY || value == 2) return;  // EV_SYN, EV_MSC scan codes, LEDs; autorepeat
  const bool down = value == 1;
  if (code == KEY_LEFTSHIFT || code == KEY_RIGHTSHIFT) {
    const unsigned bit = code == KEY_LEFTSHIFT ? 1 : 2;
    m_shift = down ? (m_shift | bit) : (m_shift & ~bit);
    return;
  }
  if (code == KEY_RIGHTALT && hasAltGr(m_settings.layout)) {
    m_altGr = down;
    return;
  }
  if (const unsigned bit = commandBit(code)) {
    m_command = down ? (m_command | bit) : (m_command & ~bit);
    return;
  }
  if (code == KEY_CAPSLOCK || code == KEY_NUMLOCK || code == KEY_SCROLLLOCK || !down) return;
  if (code == m_settings.suffixKey || (m_settings.suffixKey == KEY_ENTER && code == KEY_KPENTER)) {
    if (!m_code.empty()) m_ready.push_back(m_code.finish());
    return;
  }
  if (m_command) {
    m_code.garbage("Ctrl/Alt with key " + std::to_string(code));
    return;
  }
  const auto c = keyChar(m_settings.layout, code, m_shift != 0, m_altGr);
  if (c.empty()) {
    m_code.garbage("key " + std::to_string(code) + (m_shift ? "+Shift" : "") + (m_altGr ? "+AltGr" : "") +
                   ", which types nothing on layout " + std::string(toString(m_settings.layout)));
    return;
  }
  m_code.append(c);
}

Result<std::optional<scan::Scan>> EvdevScanner::next(std::chrono::milliseconds wait) {
  const auto deadline = Clock::now() + wait;
  auto takeReady = [this]() -> Result<std::optional<scan::Scan>> {
    Result<scan::Scan> r = std::move(m_ready.front());
    m_ready.pop_front();
    if (!r) return std::move(r).error();
    return std::optional<scan::Scan>(std::move(*r));
  };
  if (!m_ready.empty()) return takeReady();
  if (m_fd < 0) {
    const bool reported = m_absent;
    auto st = connect();
    while (!st && reported && st.error().is(Errc::disconnected) && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::milliseconds(100), deadline - Clock::now()));
      st = connect();
    }
    if (!st) {
      if (st.error().is(Errc::disconnected)) m_absent = true;
      return st.error();
    }
  }
  for (;;) {
    if (!m_ready.empty()) return takeReady();
    pollfd p{m_fd, POLLIN, 0};
    const int r = ::poll(&p, 1, msUntil(deadline));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return lose(std::string("poll: ") + errnoText(errno));
    if (r == 0) return std::optional<scan::Scan>();
    char buf[sizeof(input_event) * 64];
    const ssize_t n = ::read(m_fd, buf, sizeof buf);
    if (n > 0) {
      m_partial.append(buf, static_cast<std::size_t>(n));
      std::size_t used = 0;
      for (; used + sizeof(input_event) <= m_partial.size(); used += sizeof(input_event)) {
        input_event ev{};
        std::memcpy(&ev, m_partial.data() + used, sizeof ev);
        event(ev.type, ev.code, ev.value);
      }
      m_partial.erase(0, used);
      continue;
    }
    if (n == 0 && m_stream) {  // the end of a file written as it goes: wait for more
      if (Clock::now() >= deadline) return std::optional<scan::Scan>();
      std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::milliseconds(20), deadline - Clock::now()));
      continue;
    }
    if (n == 0) return lose("the event stream was closed");
    if (errno == EAGAIN || errno == EINTR) continue;
    return lose(errnoText(errno));
  }
}

} // namespace lasis::drivers
