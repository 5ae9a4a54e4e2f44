#include "common/core/log.h"

#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <algorithm>
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

std::string forLog(std::string_view text, std::size_t max) {
  std::size_t keep = std::min(text.size(), max);
  // Back off to the start of a UTF-8 character: half of one would make the line invalid UTF-8.
  if (keep < text.size())
    while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) --keep;
  std::string out;
  out.reserve(keep + 24);
  for (std::size_t i = 0; i < keep; ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x20 || b == 0x7F) {
      static constexpr char digits[] = "0123456789ABCDEF";
      out += "\\x";
      out += digits[b >> 4];
      out += digits[b & 0xF];
    } else {
      out += static_cast<char>(b);
    }
  }
  if (keep < text.size()) out += "…(" + std::to_string(text.size()) + " bytes)";
  return out;
}

Logger nullLogger() {
  static auto sink = std::make_shared<spdlog::sinks::null_sink_mt>();
  return std::make_shared<spdlog::logger>("null", sink);
}

} // namespace lasis
