#pragma once
// Logging through spdlog. Each component owns a named logger made here (no process-wide
// default logger is relied upon, so one test process can run two kiosks and a gate).
// Privacy rule for every caller: logs name items, never people; a PIN never reaches a log.

#include <spdlog/spdlog.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace lasis {

using Logger = std::shared_ptr<spdlog::logger>;

/// A logger writing to stderr (the journal under systemd), named after its component.
/// Level from the LASIS_LOG environment variable (trace, debug, info, warn, error, off;
/// default info).
Logger makeLogger(const std::string& component);
/// A logger that drops everything (tests, and library code given no logger).
Logger nullLogger();

/// Text from outside (an item id or UID read from a tag, a field from the ILS) made fit for one
/// log line: control characters written as \xNN so a tag cannot forge or split lines, and cut
/// after `max` bytes (never inside a UTF-8 character) with "…" and the original length, so a
/// 1 MB item id costs a line, not a megabyte. Text within the bound and free of control
/// characters comes back unchanged. Use it as the argument: m_log->warn("item {}", forLog(id)).
std::string forLog(std::string_view text, std::size_t max = 64);

} // namespace lasis
