#pragma once
// A shell command line run to completion for command-line tests: its exit status and stdout
// (redirect stderr in the command: "2>&1", "2>/dev/null"). Wrap the command in `timeout N` so
// that a hang fails the test instead of blocking the suite.

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace lasis::test {

struct ShellRun {
  int rc = -1;      ///< exit status; -1 when it did not exit (killed by a signal) or did not start
  std::string out;  ///< everything it wrote to stdout
};

inline ShellRun runShell(const std::string& cmd) {
  ShellRun r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = ::pclose(p);
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

} // namespace lasis::test
