#include "simulator/control/controlargs.h"

#include <charconv>

namespace lasis::sim {

namespace {

std::string range(long long min, long long max) { return std::to_string(min) + " to " + std::to_string(max); }

} // namespace

Result<long long> parseInteger(std::string_view word, long long min, long long max, std::string_view what) {
  long long v = 0;
  const char* end = word.data() + word.size();
  // from_chars, not stoi: no exception, no locale, and "12abc" is not 12.
  const auto [ptr, ec] = std::from_chars(word.data(), end, v);
  if (word.empty() || ec != std::errc() || ptr != end || v < min || v > max)
    return fail(Errc::invalidArgument, std::string(what) + ": '" + std::string(word) +
                                           "' is not a whole number from " + range(min, max));
  return v;
}

Result<long long> intField(const nlohmann::json& req, const char* key, long long fallback, long long min,
                           long long max) {
  if (!req.is_object() || !req.contains(key)) return fallback;
  const auto& v = req[key];
  // An unsigned beyond LLONG_MAX is out of range, not a negative number after a cast.
  const bool fits = v.is_number_integer() && !(v.is_number_unsigned() && v.get<unsigned long long>() >
                                                                             static_cast<unsigned long long>(max));
  if (!fits || v.get<long long>() < min || v.get<long long>() > max)
    return fail(Errc::invalidArgument, std::string("\"") + key + "\" must be a whole number from " + range(min, max) +
                                           ", not " + v.dump());
  return v.get<long long>();
}

Result<bool> boolField(const nlohmann::json& req, const char* key, bool fallback) {
  if (!req.is_object() || !req.contains(key)) return fallback;
  if (!req[key].is_boolean())
    return fail(Errc::invalidArgument, std::string("\"") + key + "\" must be true or false, not " + req[key].dump());
  return req[key].get<bool>();
}

Result<std::string> textField(const nlohmann::json& req, const char* key, std::string fallback) {
  if (!req.is_object() || !req.contains(key)) return fallback;
  if (!req[key].is_string())
    return fail(Errc::invalidArgument, std::string("\"") + key + "\" must be text, not " + req[key].dump());
  return req[key].get<std::string>();
}

} // namespace lasis::sim
