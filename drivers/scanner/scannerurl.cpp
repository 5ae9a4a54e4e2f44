#include "drivers/scanner/scannerurl.h"

#include <algorithm>

namespace lasis::drivers {

Result<ScannerUrl> ScannerUrl::parse(const std::string& url, const std::vector<std::string>& known) {
  ScannerUrl u;
  u.url = url;
  const auto colon = url.find(':');
  if (colon == std::string::npos || colon == 0)
    return fail(Errc::config, "scanner \"" + url + "\": expected serial:/dev/… or evdev:/dev/input/…");
  u.scheme = url.substr(0, colon);
  const auto query = url.find('?', colon + 1);
  u.path = url.substr(colon + 1, query == std::string::npos ? std::string::npos : query - colon - 1);
  if (u.path.empty()) return u.problem("the device path is empty");
  if (u.path.front() != '/') return u.problem("the device path \"" + u.path + "\" is not absolute");
  if (query == std::string::npos) return u;
  std::string rest = url.substr(query + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string pair = rest.substr(0, amp);
    rest = amp == std::string::npos ? "" : rest.substr(amp + 1);
    const auto eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) return u.problem("\"" + pair + "\" is not name=value");
    const std::string name = pair.substr(0, eq);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string names;
      for (const auto& k : known) {
        if (!names.empty()) names += ", ";
        names += k;
      }
      return u.problem("unknown option \"" + name + "\" (" + u.scheme + ": knows " + names + ")");
    }
    if (u.options.count(name)) return u.problem("option \"" + name + "\" given twice");
    u.options[name] = pair.substr(eq + 1);
  }
  return u;
}

std::string ScannerUrl::option(const std::string& name, const std::string& fallback) const {
  auto it = options.find(name);
  return it == options.end() ? fallback : it->second;
}

Failure ScannerUrl::problem(const std::string& what) const {
  return fail(Errc::config, "scanner \"" + url + "\": " + what);
}

} // namespace lasis::drivers
