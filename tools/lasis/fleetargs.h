#pragma once
// `--arg KEY=VALUE` of `lasis fleet sign` and `lasis fleet send`, read one way: a dotted KEY
// ("text.lv") nests, a whole number stays a number, anything else is text.

#include <string>

namespace lasis::cli {

/// Puts `value` at the dotted path `key` of `args` (a json or ordered_json object). False for an
/// empty part of the key or a path through something that is not an object.
template <class Json> bool putArg(Json& args, const std::string& key, const std::string& value) {
  Json* at = &args;
  std::size_t start = 0;
  for (std::size_t dot; (dot = key.find('.', start)) != std::string::npos; start = dot + 1) {
    const std::string part = key.substr(start, dot - start);
    if (part.empty()) return false;
    at = &(*at)[part];
    if (!at->is_null() && !at->is_object()) return false;
  }
  const std::string last = key.substr(start);
  if (last.empty()) return false;
  const bool number = !value.empty() && value.size() <= 18 && value.find_first_not_of("0123456789") == std::string::npos;
  if (number) (*at)[last] = std::stoull(value);
  else (*at)[last] = value;
  return true;
}

} // namespace lasis::cli
