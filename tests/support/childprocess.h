#pragma once
// Child processes for black-box tests and benches, one helper for the whole suite:
//  * ChildProcess: argv and extra environment, stdin and stdout as pipes, stderr to a file (read
//    at any time), lines read with a deadline, stopped by its PID (SIGKILL in the destructor if
//    still running), never by name;
//  * SimDevice: a `lasis-sim …` device whose first stdout line is its JSON ready line, read under
//    a deadline (a simulator that never comes up fails the test instead of hanging), stopped
//    gracefully (SIGTERM, then SIGKILL) when it goes away, with a client for its control channel.

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace lasis::test {

/// One spawned program under test.
class ChildProcess {
public:
  ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env = {}) {
    static int serial = 0;
    m_stderrPath = std::filesystem::temp_directory_path() /
                   ("lasis-test-" + std::to_string(::getpid()) + "-" + std::to_string(serial++) + ".stderr");
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) return;
    m_pid = ::fork();
    if (m_pid == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      int err = ::open(m_stderrPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(err, 2);
      for (const auto& e : env) ::putenv(const_cast<char*>(e.c_str()));
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      std::perror("execv");
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    m_stdin = in[1];
    m_stdout = out[0];
  }
  ~ChildProcess() {
    if (running()) {
      ::kill(m_pid, SIGKILL);
      ::waitpid(m_pid, nullptr, 0);
    }
    if (m_stdin >= 0) ::close(m_stdin);
    if (m_stdout >= 0) ::close(m_stdout);
    std::error_code ec;
    std::filesystem::remove(m_stderrPath, ec);
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return m_pid; }
  bool running() const { return m_pid > 0 && !m_exit; }

  /// The next stdout line, or nothing if none came before the deadline (or the pipe closed).
  std::optional<std::string> readLine(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (auto nl = m_buffer.find('\n'); nl != std::string::npos) {
        std::string line = m_buffer.substr(0, nl);
        m_buffer.erase(0, nl + 1);
        return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{m_stdout, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[4096];
      const auto n = ::read(m_stdout, buf, sizeof buf);
      if (n <= 0) return std::nullopt;
      m_buffer.append(buf, static_cast<std::size_t>(n));
    }
  }

  bool writeLine(const std::string& line) {
    const std::string s = line + "\n";
    return ::write(m_stdin, s.data(), s.size()) == static_cast<ssize_t>(s.size());
  }
  void closeStdin() {
    if (m_stdin >= 0) ::close(m_stdin);
    m_stdin = -1;
  }

  void signal(int sig) {
    if (running()) ::kill(m_pid, sig);
  }

  /// SIGTERM by PID, then SIGKILL if it has not exited within `grace`; its exit status.
  std::optional<int> stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000)) {
    if (m_pid <= 0) return std::nullopt;
    if (running()) {
      ::kill(m_pid, SIGTERM);
      if (!wait(grace)) {
        ::kill(m_pid, SIGKILL);
        return wait(std::chrono::milliseconds(5000));
      }
    }
    return m_exit;
  }

  /// Waits for the process to exit; its exit status (128+signal if killed), or nothing on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!m_exit) {
      int status = 0;
      const pid_t r = ::waitpid(m_pid, &status, WNOHANG);
      if (r == m_pid) {
        m_exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        break;
      }
      if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
      ::usleep(10'000);
    }
    return m_exit;
  }

  std::string stderrText() const {
    std::ifstream f(m_stderrPath);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }

private:
  pid_t m_pid = -1;
  int m_stdin = -1;
  int m_stdout = -1;
  std::string m_buffer;
  std::optional<int> m_exit;
  std::filesystem::path m_stderrPath;
};

/// An empty directory of this test process's own under the temp directory ("lasis-NAME-PID").
inline std::filesystem::path freshTestDir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("lasis-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// Polls `cond` every `every` until it holds or the deadline passes.
template <typename F>
bool eventually(F cond, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000),
                std::chrono::microseconds every = std::chrono::milliseconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    ::usleep(static_cast<useconds_t>(every.count()));
  }
  return cond();
}

/// A blocking TCP connection to 127.0.0.1:`port`; -1 when nothing listens there.
inline int connectLoopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

/// A JSON-lines control channel of a simulated device ("tcp://127.0.0.1:PORT"): one request per
/// line, one reply per line, each read under a deadline.
class ControlLine {
public:
  explicit ControlLine(const std::string& url) {
    const auto colon = url.rfind(':');
    if (colon == std::string::npos) return;
    m_fd = connectLoopback(std::atoi(url.c_str() + colon + 1));
  }
  ~ControlLine() {
    if (m_fd >= 0) ::close(m_fd);
  }
  ControlLine(const ControlLine&) = delete;
  ControlLine& operator=(const ControlLine&) = delete;

  bool connected() const { return m_fd >= 0; }

  /// The device's reply, or {"ok":false,"error":…} when the channel failed.
  nlohmann::json call(const nlohmann::json& req, std::chrono::milliseconds timeout = std::chrono::milliseconds(10000)) {
    if (m_fd < 0) return {{"ok", false}, {"error", "control channel not connected"}};
    const std::string line = req.dump() + "\n";
    if (::send(m_fd, line.data(), line.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(line.size()))
      return {{"ok", false}, {"error", "control channel write failed"}};
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (auto nl = m_buffer.find('\n'); nl != std::string::npos) {
        auto reply = nlohmann::json::parse(m_buffer.substr(0, nl), nullptr, false);
        m_buffer.erase(0, nl + 1);
        if (reply.is_discarded()) return {{"ok", false}, {"error", "control reply is not JSON"}};
        return reply;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      pollfd p{m_fd, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0)
        return {{"ok", false}, {"error", "control reply timed out"}};
      char buf[4096];
      const auto n = ::recv(m_fd, buf, sizeof buf, 0);
      if (n <= 0) return {{"ok", false}, {"error", "control channel closed"}};
      m_buffer.append(buf, static_cast<std::size_t>(n));
    }
  }

private:
  int m_fd = -1;
  std::string m_buffer;
};

/// The simulator binary this build made (tests declare a dependency on lasis-sim).
inline std::string simBinary() {
#ifdef LASIS_BIN_DIR
  return std::string(LASIS_BIN_DIR) + "/lasis-sim";
#else
  return "lasis-sim";
#endif
}

/// A simulated device (`lasis-sim ils|reader|gate-io …`, argv with the binary first) that is
/// ready once it printed its JSON ready line.
class SimDevice {
public:
  /// `env`: extra environment ("NAME=value"), e.g. libfaketime's for a device on a fixed date.
  explicit SimDevice(const std::vector<std::string>& argv, std::chrono::milliseconds deadline = std::chrono::milliseconds(20000),
                     const std::vector<std::string>& env = {})
      : m_proc(argv, env) {
    if (auto line = m_proc.readLine(deadline)) {
      auto j = nlohmann::json::parse(*line, nullptr, false);
      if (j.is_object()) m_info = std::move(j);
    }
  }
  ~SimDevice() { stop(); }
  SimDevice(const SimDevice&) = delete;
  SimDevice& operator=(const SimDevice&) = delete;

  /// Started and printed its ready line.
  bool ok() const { return m_proc.running() && m_info.is_object(); }
  /// The ready line (url, control, connstring, … as the device documents them).
  const nlohmann::json& info() const { return m_info; }
  std::string field(const std::string& key) const { return m_info.is_object() ? m_info.value(key, std::string{}) : std::string{}; }
  std::string control() const { return field("control"); }
  /// One request on the device's control channel.
  nlohmann::json call(const nlohmann::json& req) { return ControlLine(control()).call(req); }
  pid_t pid() const { return m_proc.pid(); }
  /// Why it did not start, for a failure message.
  std::string stderrText() const { return m_proc.stderrText(); }
  /// SIGTERM, then SIGKILL; the exit status.
  std::optional<int> stop() { return m_proc.stop(); }

private:
  ChildProcess m_proc;
  nlohmann::json m_info;
};

} // namespace lasis::test
