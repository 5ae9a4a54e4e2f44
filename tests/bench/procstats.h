#pragma once
// What a benchmark reads of another process from /proc: its CPU time and its memory.

#include <sys/types.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace lasis::bench {

/// User+system CPU seconds of a process (/proc/PID/stat fields 14 and 15); 0 when it is gone.
inline double cpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  const std::string s((std::istreambuf_iterator<char>(in)), {});
  const auto close = s.rfind(')');  // the command name may hold spaces and parentheses
  if (close == std::string::npos || close + 2 > s.size()) return 0;
  std::istringstream rest(s.substr(close + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

/// A process's resident memory now and at its peak (kB), and its threads (/proc/PID/status).
struct Memory {
  long rssKb = 0, hwmKb = 0, threads = 0;
};
inline Memory memoryOf(pid_t pid) {
  Memory m;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) m.rssKb = std::stol(line.substr(6));
    if (line.rfind("VmHWM:", 0) == 0) m.hwmKb = std::stol(line.substr(6));
    if (line.rfind("Threads:", 0) == 0) m.threads = std::stol(line.substr(8));
  }
  return m;
}

} // namespace lasis::bench
