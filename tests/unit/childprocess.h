#pragma once
// A child process for black-box tests: argv and extra environment, stdin and stdout as pipes,
// stderr to a file (read at any time), lines read with a deadline, stopped by its PID (SIGKILL
// in the destructor if still running), never by name.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
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

} // namespace lasis::test
