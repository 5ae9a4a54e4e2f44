#pragma once
// A raw TCP client for the tests that misbehave on purpose towards a Modbus TCP server: send any
// bytes (half a request, a bad header), read whatever comes back under a deadline, and tell when
// the server has dropped the connection. Independent of the server's framing code on purpose.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace lasis::test {

/// One TCP connection to 127.0.0.1:port, closed when the object goes.
class RawTcpClient {
public:
  /// Connects within `timeout` (a server that does not accept fills its backlog, and a plain
  /// connect() would then wait for minutes of SYN retries).
  static std::optional<RawTcpClient> connect(std::uint16_t port,
                                             std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return std::nullopt;
    RawTcpClient c(fd);
    sockaddr_in dst{};
    dst.sin_family = AF_INET;
    dst.sin_port = htons(port);
    inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&dst), sizeof dst) != 0) {
      if (errno != EINPROGRESS) return std::nullopt;
      pollfd p{fd, POLLOUT, 0};
      int err = 0;
      socklen_t len = sizeof err;
      if (::poll(&p, 1, static_cast<int>(timeout.count())) != 1 ||
          ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
        return std::nullopt;
      }
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return c;
  }

  /// `count` clients that each sent one byte of a request and then nothing: a stalled client.
  static std::vector<RawTcpClient> stalled(std::uint16_t port, int count) {
    std::vector<RawTcpClient> out;
    for (int i = 0; i < count; ++i) {
      auto c = connect(port);
      if (!c || !c->send({0x00})) break;
      out.push_back(std::move(*c));
    }
    return out;
  }

  RawTcpClient(RawTcpClient&& o) noexcept : m_fd(std::exchange(o.m_fd, -1)) {}
  RawTcpClient& operator=(RawTcpClient&& o) noexcept {
    std::swap(m_fd, o.m_fd);
    return *this;
  }
  RawTcpClient(const RawTcpClient&) = delete;
  RawTcpClient& operator=(const RawTcpClient&) = delete;
  ~RawTcpClient() {
    if (m_fd >= 0) ::close(m_fd);
  }

  bool send(const std::vector<std::uint8_t>& bytes) {
    return ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
  }

  /// One Modbus TCP reply ADU (by its MBAP length), or what arrived before the deadline or the
  /// end of the stream.
  std::vector<std::uint8_t> readReply(std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
    std::vector<std::uint8_t> out;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t want = 7;
    while (out.size() < want) {
      std::uint8_t buf[300];
      const auto n = readSome(buf, want - out.size(), deadline);
      if (n <= 0) break;
      out.insert(out.end(), buf, buf + n);
      if (out.size() == 7) want = 6 + static_cast<std::size_t>(out[4] << 8 | out[5]);
    }
    return out;
  }

  /// True once the server has closed the connection (end of stream or reset) within `timeout`;
  /// any bytes still arriving are skipped.
  bool closedByServer(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      std::uint8_t buf[256];
      const auto n = readSome(buf, sizeof buf, deadline);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET || errno == EPIPE;
    }
  }

  int fd() const { return m_fd; }

private:
  explicit RawTcpClient(int fd) : m_fd(fd) {}

  /// recv() under a deadline: bytes read, 0 at end of stream, -1 on error or time-out (errno
  /// ETIMEDOUT).
  ssize_t readSome(std::uint8_t* buf, std::size_t n, std::chrono::steady_clock::time_point deadline) {
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      pollfd p{m_fd, POLLIN, 0};
      const int r = ::poll(&p, 1, static_cast<int>(std::max<long long>(left.count(), 0)));
      if (r < 0 && errno == EINTR) continue;
      if (r > 0) return ::recv(m_fd, buf, n, 0);
      if (left.count() <= 0) {  // polled once more at the deadline: what is there still counts
        errno = ETIMEDOUT;
        return -1;
      }
    }
  }

  int m_fd = -1;
};

} // namespace lasis::test
