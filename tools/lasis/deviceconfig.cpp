#include "tools/lasis/deviceconfig.h"

#include "common/core/config.h"
#include "common/fleet/fleetconfig.h"
#include "common/gate/gateconfig.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lasis::cli {

namespace fs = std::filesystem;

std::string configDir() {
  const char* env = std::getenv("LASIS_CONFIG_DIR");
  return env && *env ? env : "/etc/lasis";
}

std::vector<std::string> configsIn(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::error_code typeEc;
    if (e.path().extension() == ".toml" && e.is_regular_file(typeEc)) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string guessKind(const std::string& path) {
  std::ifstream f(path);
  std::stringstream text;
  text << f.rdbuf();
  const std::string t = text.str();
  return (t.find("[gate]") != std::string::npos || t.find("[readers]") != std::string::npos ||
          t.find("[io]") != std::string::npos)
             ? "gate"
             : "kiosk";
}

Result<std::string> findConfig(const std::string& explicitPath, const std::string& kind) {
  if (!explicitPath.empty()) {
    std::error_code ec;
    if (!fs::is_regular_file(explicitPath, ec))
      return fail(Errc::notFound, "config " + explicitPath + " does not exist or is not a file");
    return explicitPath;
  }
  // "gate|kiosk": the first kind that has a config (a kiosk knows its gate's status server).
  if (const auto bar = kind.find('|'); bar != std::string::npos) {
    auto first = findConfig({}, kind.substr(0, bar));
    if (first || !first.error().is(Errc::notFound)) return first;
    auto second = findConfig({}, kind.substr(bar + 1));
    if (second || !second.error().is(Errc::notFound)) return second;
    return fail(Errc::notFound, "no " + kind.substr(0, bar) + " or " + kind.substr(bar + 1) + " config in " +
                                    configDir() + " (name one with --config FILE or set LASIS_CONFIG_DIR)");
  }
  const std::string dir = configDir();
  std::vector<std::string> candidates;
  for (const auto& c : configsIn(dir))
    if (guessKind(c) == kind) candidates.push_back(c);
  if (candidates.empty())
    return fail(Errc::notFound, "no " + kind + " config in " + dir + " (no " + kind +
                                    " *.toml there; name one with --config FILE or set LASIS_CONFIG_DIR)");
  if (candidates.size() == 1) return candidates.front();
  // Several (a training kiosk beside the real one): the one named after its kind is the device's.
  const std::string preferred = (fs::path(dir) / (kind + ".toml")).string();
  if (std::find(candidates.begin(), candidates.end(), preferred) != candidates.end()) return preferred;
  std::string names;
  for (const auto& c : candidates) names += (names.empty() ? "" : ", ") + c;
  return fail(Errc::config, "several " + kind + " configs in " + dir + " (" + names + "); name one with --config FILE");
}

namespace {

Result<ConfigDoc> load(const std::string& path) {
  auto doc = ConfigDoc::load(path);
  if (!doc) return fail(doc.error().context("config " + path));
  return doc;
}

Result<std::string> key(const std::string& path, const char* name) {
  auto doc = load(path);
  if (!doc) return doc.error();
  std::string v = doc->string(name, "");
  if (v.empty()) return fail(Errc::config, path + " has no " + std::string(name));
  return v;
}

} // namespace

Result<std::string> kioskQueueDb(const std::string& configPath) { return key(configPath, "queue.db"); }

Result<std::string> kioskIlsUrl(const std::string& configPath) { return key(configPath, "ils.url"); }

Result<scan::CardRules> kioskCardRules(const std::string& configPath) {
  auto doc = load(configPath);
  if (!doc) return doc.error();
  return scan::CardRules::fromConfig(*doc);
}

Result<std::string> kioskReaderUrl(const std::string& configPath) {
  auto url = key(configPath, "reader.url");
  if (url && *url == "none") return fail(Errc::config, configPath + " has reader.url = \"none\" (no reader)");
  return url;
}

Result<std::string> kioskScannerUrl(const std::string& configPath) {
  auto doc = load(configPath);
  if (!doc) return doc.error();
  const auto urls = doc->strings("scanner.devices", {});
  if (urls.empty()) return fail(Errc::config, configPath + " lists no scanner (scanner.devices)");
  return urls.front();
}

Result<TagSettings> kioskTagSettings(const std::string& configPath) {
  auto doc = load(configPath);
  if (!doc) return doc.error();
  return TagSettings{doc->string("tags.owner", ""), doc->string("tags.model", "")};
}

Result<gate::GateConfig> readGateConfig(ConfigDoc& doc) {
  (void)fleet::readFleetConfig(doc);  // its keys are read; its problems come out of the gate's finish()
  return gate::loadGateConfig(doc);
}

Result<std::string> gateStatusAddress(const std::string& configPath) {
  if (guessKind(configPath) == "kiosk") return key(configPath, "staff.gate_status");
  auto doc = load(configPath);
  if (!doc) return doc.error();
  auto cfg = readGateConfig(*doc);
  if (!cfg) return cfg.error();
  if (cfg->statusListen.empty()) return fail(Errc::config, configPath + " has no status server ([status] listen is empty)");
  auto hp = gate::splitHostPort(cfg->statusListen);
  if (!hp) return hp.error();
  // The daemon listens on every address; this tool talks to it on the same machine.
  const std::string host = hp->first == "0.0.0.0" || hp->first.empty() ? "127.0.0.1" : hp->first;
  return host + ":" + std::to_string(hp->second);
}

Result<std::string> gateEventDb(const std::string& configPath) {
  auto doc = load(configPath);
  if (!doc) return doc.error();
  auto cfg = readGateConfig(*doc);
  if (!cfg) return cfg.error();
  return cfg->db;
}

bool fromConfig(std::string& value, const std::string& explicitConfig, const std::string& kind, const char* command,
                const char* key, const char* flag, Result<std::string> (*read)(const std::string&)) {
  if (!value.empty()) return true;  // the command line wins over any config
  auto path = findConfig(explicitConfig, kind);
  if (!path) {
    std::fprintf(stderr, "%s: give %s, or --config FILE: %s\n", command, flag, path.error().message().c_str());
    return false;
  }
  auto v = read(*path);
  if (!v) {
    std::fprintf(stderr, "%s: %s (give %s, or fix the config)\n", command, v.error().describe().c_str(), flag);
    return false;
  }
  value = *v;
  std::fprintf(stderr, "%s: %s from %s\n", command, key, path->c_str());
  return true;
}

} // namespace lasis::cli
