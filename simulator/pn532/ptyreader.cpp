#include "simulator/pn532/ptyreader.h"

#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace lasis::sim {

namespace asio = boost::asio;

Result<std::unique_ptr<PtyReader>> PtyReader::open(asio::io_context& io, std::string link) {
  if (link.find(':') != std::string::npos)
    return fail(Errc::invalidArgument, "reader path " + link + " contains ':', which libnfc's connstring cannot carry");
  std::unique_ptr<PtyReader> r(new PtyReader(io, std::move(link)));
  if (auto s = r->openPty(); !s) return s.error();
  return r;
}

PtyReader::PtyReader(asio::io_context& io, std::string link)
    : m_io(io), m_link(std::move(link)), m_writeTimer(io), m_pollTimer(io) {}

PtyReader::~PtyReader() { closePty(); }

Status PtyReader::openPty() {
  int master = -1;
  int slave = -1;
  if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0)
    return fail(Errc::io, std::string("openpty failed: ") + std::strerror(errno));
  // Raw mode on the slave before any client opens it: no echo, no line discipline, 8 bits.
  termios tio{};
  ::tcgetattr(slave, &tio);
  ::cfmakeraw(&tio);
  ::tcsetattr(slave, TCSANOW, &tio);
  const char* name = ::ptsname(master);
  if (!name) {
    ::close(master);
    ::close(slave);
    return fail(Errc::io, "ptsname failed");
  }
  ::unlink(m_link.c_str());
  if (::symlink(name, m_link.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::close(master);
    ::close(slave);
    return fail(Errc::io, "cannot create reader link " + m_link + ": " + why);
  }
  m_master = master;
  m_slave = slave;  // held open on purpose: without a slave holder the master reads EIO forever
  m_stream = std::make_unique<asio::posix::stream_descriptor>(m_io, ::dup(master));
  m_generation = std::make_shared<int>(0);
  m_chip.reset();
  m_out.clear();
  readSome();
  return {};
}

void PtyReader::closePty() {
  m_writeTimer.cancel();
  m_pollTimer.cancel();
  m_generation.reset();
  if (m_stream) {
    boost::system::error_code ec;
    m_stream->cancel(ec);
    m_stream->close(ec);
    m_stream.reset();
  }
  if (m_master >= 0) {
    ::close(m_master);
    ::close(m_slave);
    ::unlink(m_link.c_str());
  }
  m_master = m_slave = -1;
  m_out.clear();
}

void PtyReader::unplug() { closePty(); }

Status PtyReader::replug() {
  if (plugged()) return {};
  return openPty();
}

std::chrono::nanoseconds PtyReader::byteTime() const {
  return (m_uart ? kUartByteTime : std::chrono::nanoseconds(0)) + m_slow;
}

void PtyReader::readSome() {
  std::weak_ptr<int> gen = m_generation;
  m_stream->async_read_some(asio::buffer(m_buf), [this, gen](boost::system::error_code ec, std::size_t n) {
    if (gen.expired() || ec == asio::error::operation_aborted) return;
    if (ec) return;  // the pty went away under us; unplug()/replug() own its life
    const auto now = Pn532Emulator::Clock::now();
    // The host's bytes occupy the line too: an answer cannot start before they arrived.
    m_lineFree = std::max(m_lineFree, now) + byteTime() * static_cast<long>(n);
    auto answers = m_chip.feed(ByteView(m_buf.data(), n), now);
    if (m_chip.takeUnplug()) {  // a device fault set for this command: the reader is gone
      unplug();
      return;
    }
    send(std::move(answers));
    armPoll();
    readSome();
  });
}

void PtyReader::send(std::vector<Bytes> chunks) {
  const auto now = Pn532Emulator::Clock::now();
  for (auto& c : chunks) {
    m_lineFree = std::max(m_lineFree, now) + byteTime() * static_cast<long>(c.size());
    m_out.push_back({m_lineFree, std::move(c)});
  }
  flush();
}

void PtyReader::flush() {
  if (m_master < 0) return;
  const auto now = Pn532Emulator::Clock::now();
  while (!m_out.empty() && m_out.front().at <= now) {
    Bytes& b = m_out.front().bytes;
    const ssize_t w = ::write(m_master, b.data(), b.size());
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && errno == EAGAIN) {  // the pty buffer is full: try again shortly
      m_out.front().at = now + std::chrono::milliseconds(1);
      break;
    }
    if (w <= 0) {  // nobody can take it: the chip's answer is lost, as on a real line
      m_out.pop_front();
      continue;
    }
    b.erase(b.begin(), b.begin() + w);
    if (b.empty()) m_out.pop_front();
  }
  if (m_out.empty()) return;
  std::weak_ptr<int> gen = m_generation;
  m_writeTimer.expires_at(m_out.front().at);
  m_writeTimer.async_wait([this, gen](boost::system::error_code ec) {
    if (gen.expired() || ec) return;
    flush();
  });
}

void PtyReader::kick() {
  if (m_master < 0) return;
  send(m_chip.poll(Pn532Emulator::Clock::now()));
  armPoll();
}

void PtyReader::armPoll() {
  if (!m_chip.pending() || m_master < 0) return;
  std::weak_ptr<int> gen = m_generation;
  m_pollTimer.expires_after(std::chrono::milliseconds(20));
  m_pollTimer.async_wait([this, gen](boost::system::error_code ec) {
    if (gen.expired() || ec) return;
    send(m_chip.poll(Pn532Emulator::Clock::now()));
    armPoll();
  });
}

} // namespace lasis::sim
