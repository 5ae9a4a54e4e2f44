#include "drivers/scanner/serialscanner.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>
#include <thread>

namespace lasis::drivers {

namespace {

using Clock = std::chrono::steady_clock;

constexpr unsigned char kStx = 0x02;

Result<speed_t> speedOf(int baud) {
  switch (baud) {
  case 1200: return speed_t(B1200);
  case 2400: return speed_t(B2400);
  case 4800: return speed_t(B4800);
  case 9600: return speed_t(B9600);
  case 19200: return speed_t(B19200);
  case 38400: return speed_t(B38400);
  case 57600: return speed_t(B57600);
  case 115200: return speed_t(B115200);
  default: return fail(Errc::config, "unsupported");
  }
}

/// errno as text, safe with several scanners read on their own threads (strerror is not).
std::string errnoText(int e) { return std::generic_category().message(e); }

int msUntil(Clock::time_point t) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(t - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 60'000));
}

} // namespace

Result<SerialScanner::Settings> SerialScanner::parseUrl(const std::string& url) {
  auto u = ScannerUrl::parse(url, {"baud", "suffix", "prefix"});
  if (!u) return u.error();
  if (u->scheme != "serial") return u->problem("not a serial: URL");
  Settings s;
  s.path = u->path;
  const std::string baud = u->option("baud", "9600");
  try {
    std::size_t used = 0;
    s.baud = std::stoi(baud, &used);
    if (used != baud.size()) s.baud = -1;
  } catch (...) {
    s.baud = -1;
  }
  if (!speedOf(s.baud)) return u->problem("baud \"" + baud + "\" is not one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200");
  const std::string suffix = u->option("suffix", "CR");
  if (suffix == "CR") s.suffix = "\r";
  else if (suffix == "LF") s.suffix = "\n";
  else if (suffix == "CRLF") s.suffix = "\r\n";
  else if (suffix == "TAB") s.suffix = "\t";
  else if (suffix == "ETX") s.suffix = "\x03";
  else if (suffix == "none") s.suffix.clear();
  else return u->problem("suffix \"" + suffix + "\" is not one of CR, LF, CRLF, TAB, ETX, none");
  const std::string prefix = u->option("prefix", "none");
  if (prefix == "STX") s.stxPrefix = true;
  else if (prefix != "none") return u->problem("prefix \"" + prefix + "\" is not STX or none");
  return s;
}

Result<std::unique_ptr<SerialScanner>> SerialScanner::open(const std::string& url, Logger logger, bool connectNow) {
  auto settings = parseUrl(url);
  if (!settings) return settings.error();
  std::unique_ptr<SerialScanner> s(new SerialScanner(url, std::move(*settings), std::move(logger)));
  if (connectNow) {
    if (auto st = s->connect(); !st) return st.error();
  }
  return s;
}

SerialScanner::SerialScanner(std::string url, Settings settings, Logger logger)
    : m_url(std::move(url)), m_settings(std::move(settings)), m_log(logger ? std::move(logger) : nullLogger()),
      m_code(m_url) {}

SerialScanner::~SerialScanner() { close(); }

void SerialScanner::close() {
  if (m_fd >= 0) ::close(m_fd);
  m_fd = -1;
}

Status SerialScanner::connect() {
  if (m_fd >= 0) return {};
  const int fd = ::open(m_settings.path.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    if (e == EACCES)
      return fail(Errc::io, "scanner " + m_settings.path + ": permission denied (is the lasis user in the dialout group?)");
    if (e == EBUSY)  // another program opened it for itself (TIOCEXCL), as we do
      return fail(Errc::busy, "scanner " + m_settings.path + ": in use by another program? (" + errnoText(e) + ")");
    return fail(Errc::disconnected, "scanner " + m_settings.path + " is not there: " + errnoText(e) +
                                        " (plugged in? ls -l /dev/lasis/)");
  }
  termios tio{};
  if (::tcgetattr(fd, &tio) == 0) {
    ::cfmakeraw(&tio);
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cflag &= ~static_cast<tcflag_t>(CSTOPB | PARENB | CRTSCTS);
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    const speed_t speed = *speedOf(m_settings.baud);
    ::cfsetispeed(&tio, speed);
    ::cfsetospeed(&tio, speed);
    if (::tcsetattr(fd, TCSANOW, &tio) != 0) {
      const std::string why = errnoText(errno);
      ::close(fd);
      return fail(Errc::io, "scanner " + m_settings.path + ": cannot set 8N1 at " + std::to_string(m_settings.baud) +
                                " baud: " + why);
    }
    ::ioctl(fd, TIOCEXCL);  // nobody else (ModemManager, a stray terminal) opens it while we read
  } else {
    // Not a terminal (a FIFO a test or a bench feeds): read it as it is.
    m_log->debug("scanner {}: not a terminal, read without line settings", m_settings.path);
  }
  m_fd = fd;
  if (m_absent) m_log->info("scanner {} is back", m_settings.path);
  m_absent = false;
  m_inFrame = false;
  m_suffixSeen = 0;
  return {};
}

Failure SerialScanner::lose(const std::string& why) {
  close();
  // Logged once per loss: the part of a code that was on the line when it went is gone.
  if (const std::size_t n = m_code.drop(); n > 0)
    m_log->warn("scanner {}: unplugged in the middle of a code, its {} byte(s) were dropped", m_settings.path, n);
  m_log->warn("scanner {} lost: {}", m_settings.path, why);
  m_absent = true;
  m_inFrame = false;
  m_suffixSeen = 0;
  return fail(Errc::disconnected, "scanner " + m_settings.path + " went away (" + why + "); it is opened again when it is back");
}

void SerialScanner::endCode() {
  if (!m_code.empty()) m_ready.push_back(m_code.finish());  // a lone suffix is no code
  m_inFrame = false;
  m_suffixSeen = 0;
}

void SerialScanner::feed(const unsigned char* bytes, std::size_t n) {
  const std::string& suffix = m_settings.suffix;
  auto content = [this](unsigned char b) {
    if (b < 0x20 || b == 0x7F) {
      char why[48];
      std::snprintf(why, sizeof why, "control byte 0x%02X at position %zu", b, m_code.length() + 1);
      m_code.garbage(why);
    } else {
      m_code.append(std::string_view(reinterpret_cast<const char*>(&b), 1));
    }
  };
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char b = bytes[i];
    if (m_settings.stxPrefix) {
      if (b == kStx) {
        if (!m_code.empty()) m_log->debug("scanner {}: a code without its suffix was cut by the next STX", m_settings.path);
        m_code.drop();
        m_suffixSeen = 0;
        m_inFrame = true;
        continue;
      }
      if (!m_inFrame) continue;  // line noise before the STX
    }
    if (!suffix.empty()) {
      if (static_cast<char>(b) == suffix[m_suffixSeen]) {
        if (++m_suffixSeen == suffix.size()) endCode();
        continue;
      }
      // Half a CRLF, then something else: the CR was content after all (and a control byte).
      for (std::size_t k = 0; k < m_suffixSeen; ++k) content(static_cast<unsigned char>(suffix[k]));
      m_suffixSeen = 0;
      // Between codes a CR or LF is the rest of a longer suffix than configured (CRLF when set
      // to CR): not a code of its own.
      if (m_code.empty() && !m_settings.stxPrefix && (b == '\r' || b == '\n')) continue;
      if (static_cast<char>(b) == suffix[0]) {
        if (++m_suffixSeen == suffix.size()) endCode();
        continue;
      }
    }
    content(b);
  }
  m_lastByte = Clock::now();
}

Result<std::optional<scan::Scan>> SerialScanner::next(std::chrono::milliseconds wait) {
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
    // Still gone and already reported: wait for it here (polling its path) rather than make
    // every caller spin on errors.
    while (!st && reported && st.error().is(Errc::disconnected) && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::milliseconds(100), deadline - Clock::now()));
      st = connect();
    }
    if (!st) {
      m_absent = true;
      return st.error();
    }
  }
  const bool bySilence = m_settings.suffix.empty();
  for (;;) {
    if (!m_ready.empty()) return takeReady();
    auto until = deadline;
    if (bySilence && !m_code.empty()) until = std::min(until, m_lastByte + kSilence);
    pollfd p{m_fd, POLLIN, 0};
    const int r = ::poll(&p, 1, msUntil(until));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return lose(std::string("poll: ") + errnoText(errno));
    if (r == 0) {
      if (bySilence && !m_code.empty() && Clock::now() >= m_lastByte + kSilence) {
        endCode();
        continue;
      }
      if (Clock::now() >= deadline) return std::optional<scan::Scan>();
      continue;
    }
    unsigned char buf[256];
    const ssize_t n = ::read(m_fd, buf, sizeof buf);
    if (n > 0) {
      feed(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) return lose("the line hung up");
    if (errno == EAGAIN || errno == EINTR) continue;
    return lose(errnoText(errno));
  }
}

} // namespace lasis::drivers
