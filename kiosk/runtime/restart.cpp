#include "kiosk/runtime/restart.h"

#include <cerrno>
#include <cstdio>
#include <system_error>
#include <linux/close_range.h>
#include <unistd.h>

namespace lasis::kiosk {

std::vector<std::string> withConfig(std::vector<std::string> argv, const std::string& configPath) {
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "--config" && i + 1 < argv.size()) {
      argv[i + 1] = configPath;
      return argv;
    }
    if (argv[i].rfind("--config=", 0) == 0) {
      argv[i] = "--config=" + configPath;
      return argv;
    }
  }
  argv.push_back("--config");
  argv.push_back(configPath);
  return argv;
}

Status execSelf(const std::vector<std::string>& argv) {
  if (argv.empty()) return fail(Errc::invalidArgument, "no command line to restart with");
  std::vector<char*> raw;
  raw.reserve(argv.size() + 1);
  for (const auto& a : argv) raw.push_back(const_cast<char*>(a.c_str()));
  raw.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  // Nothing of this process but stdin, stdout and stderr goes over: an open serial port (the pad
  // reader's, which libnfc holds exclusively), the queue's database, sockets. Marked, not closed,
  // so that a failed exec leaves the kiosk as it was.
  ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
  ::execv("/proc/self/exe", raw.data());
  return fail(Errc::io, "cannot restart: " + std::generic_category().message(errno));
}

} // namespace lasis::kiosk
