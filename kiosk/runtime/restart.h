#pragma once
// The kiosk starting itself again: into training and back (the staff screen), and for the fleet's
// reload, config and training commands. A restart, not a switch in place: a new configuration
// (or the training one, with its own ILS and queue) is read whole by a fresh process, exactly as
// at boot, so nothing of the old one lingers.

#include "common/core/result.h"

#include <string>
#include <vector>

namespace lasis::kiosk {

/// `argv` with the value of --config (or --config=…) set to `configPath`; appended when absent.
std::vector<std::string> withConfig(std::vector<std::string> argv, const std::string& configPath);

/// execv() of this very program with `argv` (argv[0] included). Returns only when it failed.
Status execSelf(const std::vector<std::string>& argv);

/// The environment variable that carries the normal config's path while the kiosk runs its
/// training config (the staff screen's and the fleet's way back).
inline constexpr const char* kNormalConfigEnv = "LASIS_NORMAL_CONFIG";

} // namespace lasis::kiosk
