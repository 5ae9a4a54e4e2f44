#pragma once
// Test helper: runs `lasis-sim reader --pcsc …` as a child process, waits for its ready line
// (with a deadline, so a simulator that never comes up fails the test instead of hanging), and
// stops it by its PID. Also the pcscd fixture's skip marker.

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace lasis::test {

/// The reason the pcscd fixture could not run pcscd on this machine (not root), or nullopt.
inline std::optional<std::string> pcscSkipReason() {
  std::ifstream in(std::string(LASIS_PCSC_STATE_DIR) + "/skip");
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// A `lasis-sim` child process, stopped (SIGTERM, then SIGKILL) by PID when this goes away.
class SimProcess {
public:
  explicit SimProcess(std::vector<std::string> args, std::chrono::seconds deadline = std::chrono::seconds(15)) {
    int fds[2];
    if (::pipe(fds) != 0) return;
    m_pid = ::fork();
    if (m_pid == 0) {
      ::dup2(fds[1], STDOUT_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      std::vector<char*> argv;
      std::string bin = std::string(LASIS_BIN_DIR) + "/lasis-sim";
      argv.push_back(bin.data());
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(bin.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    m_out = fds[0];
    // Read the ready line, one byte at a time, under the deadline.
    const auto until = std::chrono::steady_clock::now() + deadline;
    std::string line;
    while (std::chrono::steady_clock::now() < until) {
      pollfd p{m_out, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char c;
      if (::read(m_out, &c, 1) != 1) break;  // the simulator exited before it was ready
      if (c == '\n') {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_discarded()) m_ready = j;
        break;
      }
      line.push_back(c);
    }
  }
  ~SimProcess() {
    if (m_pid > 0) {
      ::kill(m_pid, SIGTERM);
      for (int i = 0; i < 50; ++i) {
        if (::waitpid(m_pid, nullptr, WNOHANG) == m_pid) {
          m_pid = -1;
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      if (m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
      }
    }
    if (m_out >= 0) ::close(m_out);
  }
  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;

  bool ready() const { return !m_ready.is_null(); }
  const nlohmann::json& readyLine() const { return m_ready; }
  std::string control() const { return m_ready.value("control", std::string{}); }

private:
  pid_t m_pid = -1;
  int m_out = -1;
  nlohmann::json m_ready;
};

} // namespace lasis::test
