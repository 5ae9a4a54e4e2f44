#pragma once
// A binary's bash completion and man page, generated from its fully built CLI::App (issue 26), so
// that neither can drift from the command line it describes. Each main() calls generateIfAsked()
// right before parsing: `lasis --generate=man` prints the roff page, `--generate=bash-completion`
// the completion script; the build runs both and the packages install what they print.
//
// Examples come from the descriptions: a description line starting with "e.g. " is an example of
// that command (shown under EXAMPLES), the other lines are its description.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lasis::clidoc {

/// What a page says besides the command line itself: environment, files, related pages.
struct PageInfo {
  std::string program;  ///< "lasis", "lasis-gate", …: the page's name and the completed command
  std::vector<std::pair<std::string, std::string>> environment;  ///< variable, what it does
  std::vector<std::pair<std::string, std::string>> files;        ///< path, what it holds
  std::vector<std::string> seeAlso;                              ///< "lasis-gate(1)", …
};

/// The environment, files and related pages of one of our four binaries (by program name).
PageInfo pageInfo(const std::string& program);

/// The man(7) page of `app`: NAME, SYNOPSIS, DESCRIPTION, COMMANDS, OPTIONS, EXAMPLES,
/// ENVIRONMENT, FILES, SEE ALSO.
std::string manPage(const CLI::App& app, const PageInfo& info);

/// A bash completion script defining `_<program>` and `complete -F _<program> <program>`:
/// subcommand names at each level, then that command's options, the choices of an option or
/// positional with an IsMember check, file (or directory) names after an option that takes one.
std::string bashCompletion(const CLI::App& app, const PageInfo& info);

/// Adds the hidden `--generate=man|bash-completion` option to `app` (group "": not in --help).
/// When argv carries it, prints that document for `program` on stdout and returns the exit status
/// (0, or 2 for an unknown kind); otherwise nullopt and main() parses as usual.
std::optional<int> generateIfAsked(CLI::App& app, int argc, const char* const* argv, const std::string& program);

} // namespace lasis::clidoc
