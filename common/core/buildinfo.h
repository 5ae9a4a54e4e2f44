#pragma once
// What a binary is: the project's version, the git commit it was built from and the build date
// (taken by CMake at build time, cmake/buildinfo.cmake), plus the versions of the C libraries the
// binary links, which each binary's main() names (common/ links none of them). One place so that
// `--version`, `lasis doctor` and the `lasis_build_info` metric always agree.

#include <string>
#include <string_view>
#include <vector>

namespace lasis {

/// The build's own identity.
struct BuildInfo {
  std::string version;    ///< the project version, e.g. "0.1.0"
  std::string commit;     ///< short git commit ("-dirty" when built with changes), or "unknown"
  std::string buildDate;  ///< YYYY-MM-DD (UTC)
};
const BuildInfo& buildInfo();

/// This machine's host name (gethostname); `fallback` when it has none.
std::string hostName(std::string_view fallback = "");

/// One library a binary links and the version it runs with (asked at run time where the library
/// can say, so a library upgraded under the binary shows).
struct ComponentVersion {
  std::string name;  ///< "qt", "libnfc", "libmodbus"
  std::string version;
};

/// "lasis-gate 0.1.0\ncommit: …\nbuilt: …\nlibnfc: 1.8.0\n…" for a person.
std::string versionText(std::string_view program, const std::vector<ComponentVersion>& libraries);
/// {"program":…,"version":…,"commit":…,"build_date":…,"libraries":{"libnfc":"1.8.0",…}} on one line.
std::string versionJson(std::string_view program, const std::vector<ComponentVersion>& libraries);

/// `--version` anywhere on the command line (`--json` beside it: JSON): prints the version on
/// stdout and returns true. main() asks this before its own parsing, so the answer needs no
/// display, no subcommand and no configuration.
bool printVersionIfAsked(int argc, const char* const* argv, std::string_view program,
                         const std::vector<ComponentVersion>& libraries);

} // namespace lasis
