#pragma once
// Checked values for the simulator's console words and control requests. A technician's typo
// (`ils latency abc`, `"count": "x"`) gets a one-line error naming the bad word or key; it never
// becomes an exception, which on a device's thread would end the whole process and with it every
// simulated device (the ILS, the pad, the antenna and the I/O module of `lasis-sim site`).

#include "common/core/result.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace lasis::sim {

/// The whole of `word` as a decimal integer in [min, max]. Otherwise Errc::invalidArgument:
/// "<what>: 'abc' is not a whole number from <min> to <max>".
Result<long long> parseInteger(std::string_view word, long long min, long long max, std::string_view what);

/// Optional integer member `key` of a control request: `fallback` when absent, else an integer
/// in [min, max]; Errc::invalidArgument naming the key otherwise.
Result<long long> intField(const nlohmann::json& req, const char* key, long long fallback, long long min,
                           long long max);
/// Optional true/false member `key`: `fallback` when absent.
Result<bool> boolField(const nlohmann::json& req, const char* key, bool fallback);
/// Optional text member `key`: `fallback` when absent.
Result<std::string> textField(const nlohmann::json& req, const char* key, std::string fallback = {});

} // namespace lasis::sim
