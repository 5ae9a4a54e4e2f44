#include "common/fleet/configversion.h"

#include "common/core/atomicfile.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace lasis::fleet {

namespace {

/// FNV-1a, 64 bits: a change detector for the config's text, not a security check.
std::string digest(const std::string& text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::filesystem::path versionFile(const std::filesystem::path& config) {
  auto p = config;
  p += ".fleet-version";
  return p;
}

} // namespace

Status writeFleetVersion(const std::filesystem::path& config, const std::string& version, const std::string& text) {
  const nlohmann::json j{{"version", version}, {"fnv1a64", digest(text)}};
  return replaceFileAtomically(versionFile(config), j.dump() + "\n", 0644);
}

std::optional<std::string> readFleetVersion(const std::filesystem::path& config) {
  std::ifstream v(versionFile(config));
  if (!v) return std::nullopt;
  const auto j = nlohmann::json::parse(v, nullptr, false);
  if (!j.is_object() || !j.contains("version") || !j["version"].is_string()) return std::nullopt;
  std::ifstream in(config, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (j.value("fnv1a64", "") != digest(ss.str())) return std::nullopt;
  return j["version"].get<std::string>();
}

} // namespace lasis::fleet
