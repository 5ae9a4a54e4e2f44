#pragma once
// A scanner URL cut into its parts: "serial:/dev/ttyACM0?baud=9600&suffix=CR" → scheme
// "serial", path "/dev/ttyACM0", options {baud: 9600, suffix: CR}. Each backend says which
// options it knows; an option it does not know is an error naming it (a misspelt "sufix=" must
// not silently fall back to the default on a kiosk nobody watches).

#include "common/core/result.h"

#include <map>
#include <string>
#include <vector>

namespace lasis::drivers {

/// The parts of a scanner URL.
struct ScannerUrl {
  std::string url;
  std::string scheme;
  std::string path;
  std::map<std::string, std::string> options;

  /// `scheme:path?k=v&…`; Errc::config naming the URL and the problem. `known`: the option
  /// names the backend reads.
  static Result<ScannerUrl> parse(const std::string& url, const std::vector<std::string>& known);
  /// The option's value, or `fallback` when absent.
  std::string option(const std::string& name, const std::string& fallback) const;
  /// Errc::config: "scanner "<url>": <what>".
  Failure problem(const std::string& what) const;
};

} // namespace lasis::drivers
