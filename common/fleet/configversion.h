#pragma once
// The fleet's version label of a configuration it sent (the `config` command), kept beside the
// file ("<config>.fleet-version") with a digest of the text it was given for: read back only while
// the file still holds that text (edited by hand since, it has no fleet version). Kiosk and gate.

#include "common/core/result.h"

#include <filesystem>
#include <optional>
#include <string>

namespace lasis::fleet {

/// Writes the label for `text`, the config's new content; readFleetVersion: the label while the
/// file holds that text, else nullopt.
Status writeFleetVersion(const std::filesystem::path& config, const std::string& version, const std::string& text);
std::optional<std::string> readFleetVersion(const std::filesystem::path& config);

} // namespace lasis::fleet
