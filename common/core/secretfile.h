#pragma once
// Secrets (the SIP2 password, SMTP credentials, the staff PIN hash) live in files only the
// service user can read, never in a config file anyone may copy or a command line `ps` shows.

#include "common/core/result.h"

#include <filesystem>
#include <string>

namespace lasis {

/// Reads the secret in `path`: its first line, trailing CR/LF and spaces removed. Refuses
/// (Errc::config, with the chmod that fixes it) a file that its group or others may read or
/// write, and a path that is not a regular file; Errc::notFound when it does not exist. A
/// secret readable by everyone on the kiosk is a secret handed to whoever opens the case.
Result<std::string> readSecretFile(const std::filesystem::path& path);

} // namespace lasis
