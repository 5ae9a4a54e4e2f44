#include "common/core/buildinfo.h"

#include "lasis/buildinfo_generated.h"  // in the build directory, rewritten at every build

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>

#include <unistd.h>

namespace lasis {

const BuildInfo& buildInfo() {
  static const BuildInfo info{LASIS_BUILD_VERSION, LASIS_BUILD_COMMIT, LASIS_BUILD_DATE};
  return info;
}

std::string hostName(std::string_view fallback) {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') return std::string(fallback);
  return host;
}

std::string versionText(std::string_view program, const std::vector<ComponentVersion>& libraries) {
  const auto& b = buildInfo();
  std::string out = std::string(program) + " " + b.version + "\ncommit: " + b.commit + "\nbuilt: " + b.buildDate + "\n";
  for (const auto& l : libraries) out += l.name + ": " + l.version + "\n";
  return out;
}

std::string versionJson(std::string_view program, const std::vector<ComponentVersion>& libraries) {
  const auto& b = buildInfo();
  nlohmann::ordered_json libs = nlohmann::ordered_json::object();
  for (const auto& l : libraries) libs[l.name] = l.version;
  nlohmann::ordered_json j{{"program", program}, {"version", b.version}, {"commit", b.commit},
                           {"build_date", b.buildDate}, {"libraries", libs}};
  return j.dump();
}

bool printVersionIfAsked(int argc, const char* const* argv, std::string_view program,
                         const std::vector<ComponentVersion>& libraries) {
  bool version = false, json = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--version") == 0) version = true;
    if (std::strcmp(argv[i], "--json") == 0) json = true;
  }
  if (!version) return false;
  const std::string text = json ? versionJson(program, libraries) + "\n" : versionText(program, libraries);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  return true;
}

} // namespace lasis
