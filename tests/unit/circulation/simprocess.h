#pragma once
// Test support: a simulator process (lasis-sim reader / ils) started with its ready line read
// under a deadline and stopped by PID, and a client for its JSON-lines control channel.

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

namespace lasis::circulation::test {

/// Reads one '\n'-terminated line from fd within `ms`; empty on timeout or EOF.
inline std::string readLine(int fd, std::string& buffer, int ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  for (;;) {
    if (auto nl = buffer.find('\n'); nl != std::string::npos) {
      std::string line = buffer.substr(0, nl);
      buffer.erase(0, nl + 1);
      return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return {};
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return {};
    char buf[4096];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return {};
    buffer.append(buf, static_cast<std::size_t>(n));
  }
}

/// A child process whose first stdout line is a JSON ready line.
class SimProcess {
public:
  explicit SimProcess(const std::vector<std::string>& args) {
    int out[2];
    if (::pipe(out) != 0) return;
    m_pid = ::fork();
    if (m_pid == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      ::close(out[1]);
      const int devnull = ::open("/dev/null", O_WRONLY);
      if (devnull >= 0) ::dup2(devnull, 2);
      std::vector<char*> argv;
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    m_fd = out[0];
    const auto line = readLine(m_fd, m_buffer, 20000);
    ready = nlohmann::json::parse(line, nullptr, false);
  }
  ~SimProcess() { stop(); }
  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;

  /// SIGTERM by PID, then SIGKILL if it has not exited within 5 s.
  void stop() {
    if (m_pid > 0) {
      ::kill(m_pid, SIGTERM);
      for (int i = 0; i < 500; ++i) {
        if (::waitpid(m_pid, nullptr, WNOHANG) == m_pid) {
          m_pid = -1;
          break;
        }
        ::usleep(10000);
      }
      if (m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
        m_pid = -1;
      }
    }
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
  }
  bool ok() const { return m_pid > 0 && ready.is_object(); }

  nlohmann::json ready;

private:
  pid_t m_pid = -1;
  int m_fd = -1;
  std::string m_buffer;
};

/// The simulator's control channel: one JSON request per line, one reply per line.
class Control {
public:
  explicit Control(const std::string& url) {
    // "tcp://127.0.0.1:PORT"
    const auto colon = url.rfind(':');
    const int port = std::stoi(url.substr(colon + 1));
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      ::close(m_fd);
      m_fd = -1;
    }
  }
  ~Control() {
    if (m_fd >= 0) ::close(m_fd);
  }
  nlohmann::json call(const nlohmann::json& req) {
    if (m_fd < 0) return {{"ok", false}, {"error", "not connected"}};
    const std::string line = req.dump() + "\n";
    if (::send(m_fd, line.data(), line.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(line.size())) return {};
    return nlohmann::json::parse(readLine(m_fd, m_buffer, 10000), nullptr, false);
  }

private:
  int m_fd = -1;
  std::string m_buffer;
};

} // namespace lasis::circulation::test
