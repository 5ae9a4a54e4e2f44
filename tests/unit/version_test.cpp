// `--version` on every binary (issue 26): the version, the git commit it was built from, the build
// date and the C libraries it links, answered with no display and no Qt platform set — a
// technician over SSH, or a ticket's "which build is this?", must not need a screen.
#include "tests/support/childprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

using namespace lasis::test;
using namespace std::chrono_literals;

namespace {

const std::string kBin = LASIS_BIN_DIR;

struct Run {
  int status = -1;
  std::string out;
  std::string err;
};

Run run(const std::vector<std::string>& argv) {
  ChildProcess p(argv);
  Run r;
  while (auto line = p.readLine(20s)) r.out += *line + "\n";
  r.status = p.wait(20s).value_or(-1);
  r.err = p.stderrText();
  return r;
}

/// The commit of the source tree the tests were built from ("" when it is no git checkout).
std::string sourceCommit() {
  const std::string src = std::string(LASIS_TEST_DATA_DIR) + "/../..";
  FILE* p = ::popen(("git -C '" + src + "' rev-parse --short=12 HEAD 2>/dev/null").c_str(), "r");
  if (!p) return {};
  char buf[64] = {};
  const bool got = std::fgets(buf, sizeof buf, p) != nullptr;
  ::pclose(p);
  std::string s = got ? buf : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

/// No display of any kind: what `lasis-kiosk --version` over SSH sees.
void forgetTheDisplay() {
  for (const char* v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "QT_QUICK_BACKEND"}) ::unsetenv(v);
}

} // namespace

// Each binary, text and JSON: exit 0, the program's name and version first, a commit, a date,
// and exactly the libraries that binary links.
TEST(Version, EveryBinaryAnswersWithoutADisplay) {
  forgetTheDisplay();
  const std::map<std::string, std::set<std::string>> libraries{
      {"lasis", {"libnfc", "libmodbus"}},
      {"lasis-gate", {"libnfc", "libmodbus"}},
      {"lasis-sim", {"libmodbus"}},
#if LASIS_TEST_KIOSK_UI
      {"lasis-kiosk", {"qt", "libnfc", "libmodbus"}},  // the touchscreen links Qt and the staff screen's Modbus
#else
      {"lasis-kiosk", {"libnfc"}},  // LASIS_BUILD_UI=OFF: headless only
#endif
  };
  const std::string commit = sourceCommit();
  for (const auto& [program, libs] : libraries) {
    SCOPED_TRACE(program);
    auto text = run({kBin + "/" + program, "--version"});
    ASSERT_EQ(text.status, 0) << text.out << text.err;
    EXPECT_EQ(text.out.rfind(program + " ", 0), 0u) << text.out;
    EXPECT_NE(text.out.find("\ncommit: "), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("\nbuilt: 20"), std::string::npos) << text.out;
    for (const auto& l : libs) EXPECT_NE(text.out.find("\n" + l + ": "), std::string::npos) << l << "\n" << text.out;

    auto json = run({kBin + "/" + program, "--version", "--json"});
    ASSERT_EQ(json.status, 0) << json.out << json.err;
    auto j = nlohmann::json::parse(json.out, nullptr, false);
    ASSERT_TRUE(j.is_object()) << json.out;
    EXPECT_EQ(j["program"], program);
    EXPECT_FALSE(j["version"].get<std::string>().empty());
    EXPECT_EQ(j["build_date"].get<std::string>().size(), 10u) << json.out;  // YYYY-MM-DD
    std::set<std::string> named;
    for (const auto& [name, version] : j["libraries"].items()) {
      named.insert(name);
      EXPECT_FALSE(version.get<std::string>().empty()) << name;
    }
    EXPECT_EQ(named, libs) << json.out;
    // The commit the binary was built from (a "-dirty" build says so after it).
    if (!commit.empty()) {
      EXPECT_EQ(j["commit"].get<std::string>().rfind(commit, 0), 0u) << json.out;
    }
  }
}

// The touchscreen binary in particular: with --version after other options it still answers
// before Qt starts (it used to try to open a window and abort).
TEST(Version, TheKioskAnswersBeforeQtStarts) {
  forgetTheDisplay();
  auto r = run({kBin + "/lasis-kiosk", "--fullscreen", "--version"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out.rfind("lasis-kiosk ", 0), 0u) << r.out;
  EXPECT_EQ(r.err.find("qt.qpa"), std::string::npos) << r.err;
}
