#include "common/core/timezone.h"

#include <cstdlib>
#include <ctime>
#include <fstream>

namespace lasis {

Status checkTimeZone(const std::string& name) {
  if (name.empty()) return {};
  // An IANA name: letters, digits and _+- in parts separated by '/'; never a path of our choosing.
  bool plausible = name.front() != '/' && name.find("..") == std::string::npos;
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
                    c == '_' || c == '+' || c == '-';
    plausible = plausible && ok;
  }
  if (!plausible) {
    return fail(Errc::config, "'" + name + "' is not a time zone name (an IANA name such as Europe/Riga)");
  }
  const char* dir = std::getenv("TZDIR");
  const std::string file = std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + name;
  std::ifstream in(file, std::ios::binary);
  char magic[4] = {};
  if (!in.read(magic, 4) || std::string(magic, 4) != "TZif") {
    return fail(Errc::config, "unknown time zone '" + name + "': " + file +
                                  " is not a zone file (is the tzdata package installed? `timedatectl "
                                  "list-timezones` lists the names)");
  }
  return {};
}

Status applyTimeZone(const std::string& name) {
  if (name.empty()) return {};
  if (auto st = checkTimeZone(name); !st) return st;
  ::setenv("TZ", name.c_str(), 1);
  ::tzset();
  return {};
}

Clock::TimePoint endOfLocalDay(Clock::TimePoint t) {
  const std::time_t secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  std::tm tm{};
  localtime_r(&secs, &tm);
  tm.tm_hour = 23;
  tm.tm_min = 59;
  tm.tm_sec = 59;
  tm.tm_isdst = -1;  // whatever holds at 23:59:59 that day, not what held at `t`
  const std::time_t end = std::mktime(&tm);
  if (end == static_cast<std::time_t>(-1)) return t;
  return Clock::TimePoint(std::chrono::seconds(end));
}

} // namespace lasis
