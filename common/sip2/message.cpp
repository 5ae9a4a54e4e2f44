#include "common/sip2/message.h"

#include <array>

namespace lasis::sip2 {
namespace {

struct CodeInfo {
  std::string_view code;
  std::size_t fixed;
  std::string_view name;
};

// Fixed-part lengths from the 3M SIP2 Developer's Guide 2.00 (see /work/shared/SIP2.md).
constexpr std::array<CodeInfo, 27> kCodes = {{
    {"93", 2, "Login"},
    {"94", 1, "Login Response"},
    {"99", 8, "SC Status"},
    {"98", 34, "ACS Status"},
    {"23", 21, "Patron Status Request"},
    {"24", 35, "Patron Status Response"},
    {"63", 31, "Patron Information"},
    {"64", 59, "Patron Information Response"},
    {"11", 38, "Checkout"},
    {"12", 22, "Checkout Response"},
    {"09", 37, "Checkin"},
    {"10", 22, "Checkin Response"},
    {"29", 38, "Renew"},
    {"30", 22, "Renew Response"},
    {"65", 18, "Renew All"},
    {"66", 27, "Renew All Response"},
    {"17", 18, "Item Information"},
    {"18", 24, "Item Information Response"},
    {"15", 19, "Hold"},
    {"16", 20, "Hold Response"},
    {"35", 18, "End Patron Session"},
    {"36", 19, "End Session Response"},
    {"37", 25, "Fee Paid"},
    {"38", 19, "Fee Paid Response"},
    {"97", 0, "Request ACS Resend"},
    {"96", 0, "Request SC Resend"},
    {"01", 19, "Block Patron"},
}};

} // namespace

const std::string* Message::find(std::string_view id) const {
  for (const auto& f : fields)
    if (f.id == id) return &f.value;
  return nullptr;
}

std::string Message::get(std::string_view id) const {
  const auto* v = find(id);
  return v ? *v : std::string();
}

std::vector<std::string> Message::all(std::string_view id) const {
  std::vector<std::string> out;
  for (const auto& f : fields)
    if (f.id == id) out.push_back(f.value);
  return out;
}

std::optional<std::size_t> fixedLength(std::string_view code) {
  for (const auto& c : kCodes)
    if (c.code == code) return c.fixed;
  return std::nullopt;
}

std::string_view messageName(std::string_view code) {
  for (const auto& c : kCodes)
    if (c.code == code) return c.name;
  return "unknown message";
}

const std::vector<std::string>& knownCodes() {
  static const std::vector<std::string> codes = [] {
    std::vector<std::string> v;
    for (const auto& c : kCodes) v.emplace_back(c.code);
    return v;
  }();
  return codes;
}

} // namespace lasis::sip2
