#include "common/rfid/tagreader.h"

#include <array>
#include <utility>

namespace lasis::rfid {
namespace {
constexpr std::array<std::pair<TagType, std::string_view>, 7> kTypeNames{{
    {TagType::ntag213, "ntag213"},
    {TagType::ntag215, "ntag215"},
    {TagType::ntag216, "ntag216"},
    {TagType::ultralight, "ultralight"},
    {TagType::mifareClassic1k, "mfc1k"},
    {TagType::icodeSlix, "icode-slix"},
    {TagType::unknown, "unknown"},
}};
} // namespace

std::string_view toString(TagType type) {
  for (const auto& [t, name] : kTypeNames) {
    if (t == type) return name;
  }
  return "unknown";
}

std::optional<TagType> tagTypeFromString(std::string_view name) {
  for (const auto& [t, n] : kTypeNames) {
    if (n == name) return t;
  }
  return std::nullopt;
}

std::string_view toString(Security s) {
  switch (s) {
  case Security::secured: return "secured";
  case Security::unsecured: return "unsecured";
  case Security::unknown: return "unknown";
  }
  return "unknown";
}

} // namespace lasis::rfid
