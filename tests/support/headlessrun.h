#pragma once
// The real `lasis-kiosk --headless` run to completion for end-to-end tests: JSON-line commands on
// its stdin, its JSON-line events collected (each line must be JSON), its exit status. `timeout`
// bounds the whole run so that a hang fails the test instead of stalling the suite.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace lasis::test {

struct HeadlessRun {
  int status = -1;
  std::vector<nlohmann::json> events;
  std::string raw;  ///< stdout as printed
};

/// Runs `lasis-kiosk ARGS` with `input` as its stdin; `dir` holds the input file and the kiosk's
/// stderr (kiosk.stderr), for a failure message.
inline HeadlessRun runHeadlessKiosk(const std::string& args, const std::vector<std::string>& input,
                                    const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const auto in = dir / "input.jsonl";
  {
    std::ofstream f(in);
    for (const auto& l : input) f << l << "\n";
  }
  const std::string cmd = "timeout 60 " + std::string(LASIS_BIN_DIR) + "/lasis-kiosk " + args + " < '" + in.string() +
                          "' 2>'" + (dir / "kiosk.stderr").string() + "'";
  HeadlessRun r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) r.raw.append(buf, n);
  const int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  std::size_t pos = 0;
  while (pos < r.raw.size()) {
    auto end = r.raw.find('\n', pos);
    if (end == std::string::npos) end = r.raw.size();
    auto j = nlohmann::json::parse(r.raw.substr(pos, end - pos), nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "not a JSON line: " << r.raw.substr(pos, end - pos);
    if (!j.is_discarded()) r.events.push_back(j);
    pos = end + 1;
  }
  return r;
}

/// The events named `name` ({"event": name, …}), in order.
inline std::vector<nlohmann::json> eventsOf(const HeadlessRun& r, const std::string& name) {
  std::vector<nlohmann::json> out;
  for (const auto& e : r.events)
    if (e.value("event", "") == name) out.push_back(e);
  return out;
}

} // namespace lasis::test
