#include "common/sip2/sipdate.h"

#include <cctype>
#include <cstdio>
#include <ctime>

namespace lasis::sip2 {
namespace {

std::tm split(TimePoint t, DateZone zone) {
  const std::time_t secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  std::tm tm{};
  if (zone == DateZone::utc) gmtime_r(&secs, &tm);
  else localtime_r(&secs, &tm);
  return tm;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

// Builds a time point from calendar fields; `offsetMinutes` is nullopt for local time.
std::optional<TimePoint> make(int y, int mo, int d, int h, int mi, int s, std::optional<int> offsetMinutes) {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  std::time_t secs = 0;
  if (offsetMinutes) {
    secs = timegm(&tm) - static_cast<std::time_t>(*offsetMinutes) * 60;
  } else {
    tm.tm_isdst = -1;
    secs = mktime(&tm);
  }
  return TimePoint(std::chrono::seconds(secs));
}

} // namespace

std::string formatSipDate(TimePoint t, DateZone zone) {
  const std::tm tm = split(t, zone);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d%s%02d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                zone == DateZone::utc ? "   Z" : "    ", tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string formatIsoDate(TimePoint t, DateZone zone) {
  const std::tm tm = split(t, zone);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::optional<TimePoint> parseSipDate(std::string_view s) {
  if (s.size() != 18) return std::nullopt;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(s, 0, 4, y) || !digits(s, 4, 2, mo) || !digits(s, 6, 2, d) || !digits(s, 12, 2, h) ||
      !digits(s, 14, 2, mi) || !digits(s, 16, 2, sec))
    return std::nullopt;
  if (s[8] != ' ' || s[9] != ' ' || s[10] != ' ') return std::nullopt;
  const char z = static_cast<char>(std::toupper(static_cast<unsigned char>(s[11])));
  std::optional<int> offset;
  if (z == ' ' || z == 'J') offset = std::nullopt;  // J = the observer's local time
  else if (z == 'Z') offset = 0;
  else if (z >= 'A' && z <= 'I') offset = (z - 'A' + 1) * 60;
  else if (z >= 'K' && z <= 'M') offset = (z - 'K' + 10) * 60;
  else if (z >= 'N' && z <= 'Y') offset = -(z - 'N' + 1) * 60;
  else return std::nullopt;
  return make(y, mo, d, h, mi, sec, offset);
}

std::optional<TimePoint> parseDueDate(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (s.size() == 18) return parseSipDate(s);
  int y = 0, mo = 0, d = 0, h = 23, mi = 59, sec = 59;
  if (s.size() < 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  if (s.size() == 10) return make(y, mo, d, h, mi, sec, std::nullopt);
  if (s.size() < 16 || (s[10] != ' ' && s[10] != 'T') || !digits(s, 11, 2, h) || s[13] != ':' ||
      !digits(s, 14, 2, mi))
    return std::nullopt;
  sec = 0;
  std::size_t p = 16;
  if (s.size() >= 19 && s[16] == ':') {
    if (!digits(s, 17, 2, sec)) return std::nullopt;
    p = 19;
  }
  std::optional<int> offset;
  if (p < s.size()) {
    const auto rest = s.substr(p);
    if (rest == "Z") offset = 0;
    else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
      int oh = 0, om = 0;
      if (!digits(rest, 1, 2, oh) || !digits(rest, 4, 2, om)) return std::nullopt;
      offset = (rest[0] == '-' ? -1 : 1) * (oh * 60 + om);
    } else {
      return std::nullopt;
    }
  }
  return make(y, mo, d, h, mi, sec, offset);
}

} // namespace lasis::sip2
