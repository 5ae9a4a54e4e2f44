#include "common/core/log.h"

#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <cstdlib>

namespace lasis {

Logger makeLogger(const std::string& component) {
  // One stderr sink shared by all loggers of the process keeps lines from interleaving.
  static auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>(component, sink);
  // ISO 8601 with the UTC offset: logs from kiosks and gates in other zones (or across a daylight
  // saving change) line up without guessing.
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ [%n] %v");
  const char* level = std::getenv("LASIS_LOG");
  logger->set_level(level ? spdlog::level::from_str(level) : spdlog::level::info);
  return logger;
}

Logger nullLogger() {
  static auto sink = std::make_shared<spdlog::sinks::null_sink_mt>();
  return std::make_shared<spdlog::logger>("null", sink);
}

} // namespace lasis
