#pragma once
// A file replaced whole or not at all: the fleet's seq record, a configuration sent by the fleet.

#include "common/core/result.h"

#include <filesystem>
#include <string>
#include <sys/types.h>

namespace lasis {

/// Writes `text` to a new file beside `path` (".tmp"), fsyncs it, renames it over `path` and
/// fsyncs the directory: after a crash or a power cut `path` holds the old text or the new one,
/// never part of either. A full disk is Errc::noSpace; the temporary file never stays behind.
Status replaceFileAtomically(const std::filesystem::path& path, const std::string& text, mode_t mode = 0600);

} // namespace lasis
