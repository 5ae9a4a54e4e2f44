#pragma once
// Logging through spdlog. Each component owns a named logger made here (no process-wide
// default logger is relied upon, so one test process can run two kiosks and a gate).
// Privacy rule for every caller: logs name items, never people; a PIN never reaches a log.

#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace lasis {

using Logger = std::shared_ptr<spdlog::logger>;

/// A logger writing to stderr (the journal under systemd), named after its component.
/// Level from the LASIS_LOG environment variable (trace, debug, info, warn, error, off;
/// default info).
Logger makeLogger(const std::string& component);
/// A logger that drops everything (tests, and library code given no logger).
Logger nullLogger();

} // namespace lasis
