#include "common/circulation/offlinepolicy.h"

#include "common/core/timezone.h"

#include <charconv>

namespace lasis::circulation {

OfflinePolicy OfflinePolicy::fromConfig(ConfigDoc& doc) {
  OfflinePolicy p;
  auto mode = doc.choice("offline.mode", "returns", {"off", "returns", "returns-and-checkouts"});
  p.mode = mode == "off" ? Mode::off : mode == "returns" ? Mode::returnsOnly : Mode::returnsAndCheckouts;
  p.maxCheckoutsPerSession = static_cast<int>(doc.integer("offline.max_checkouts_per_session", 5, 0, 1000));
  p.maxCheckoutsPerPatron = static_cast<int>(doc.integer("offline.max_checkouts_per_patron", 10, 0, 10000));
  p.loanPeriod = std::chrono::hours(24 * doc.integer("offline.loan_days", 14, 1, 365));
  auto check = doc.choice("offline.patron_check", "none", {"none", "known", "pin"});
  p.patronCheck = check == "none" ? PatronCheckMode::none : check == "known" ? PatronCheckMode::known : PatronCheckMode::pin;
  for (const auto& s : doc.strings("offline.forbidden_usage_types", {})) {
    // "0x13" or "19": ISO 28560 type-of-usage values.
    int base = 10;
    std::string_view v = s;
    if (v.starts_with("0x") || v.starts_with("0X")) {
      base = 16;
      v.remove_prefix(2);
    }
    int value = -1;
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), value, base);
    if (ec != std::errc() || ptr != v.data() + v.size() || value < 0 || value > 0xff) {
      doc.addError("offline.forbidden_usage_types", "has '" + s + "', not a type of usage (0x00 to 0xFF)");
      continue;
    }
    p.forbiddenUsageTypes.insert(value);
  }
  return p;
}

Clock::TimePoint OfflinePolicy::dueDate(Clock::TimePoint when) const {
  return endOfLocalDay(when + std::chrono::duration_cast<Clock::Duration>(loanPeriod));
}

Status OfflinePolicy::allows(const OfflineRequest& req, int patronUnsynced, std::optional<PatronCheck> cache) const {
  if (mode == Mode::off) return fail(Errc::refused, "offline service is switched off");
  if (!req.checkout) return {};
  if (mode != Mode::returnsAndCheckouts) return fail(Errc::refused, "only returns are accepted while offline");
  if (req.usageType && forbiddenUsageTypes.count(*req.usageType)) {
    return fail(Errc::refused, "this type of item cannot be borrowed while offline");
  }
  if (req.sessionOfflineCheckouts >= maxCheckoutsPerSession) {
    return fail(Errc::refused, "offline limit of " + std::to_string(maxCheckoutsPerSession) + " loans per visit reached");
  }
  if (patronUnsynced >= maxCheckoutsPerPatron) {
    return fail(Errc::refused, "offline limit of " + std::to_string(maxCheckoutsPerPatron) + " unsynced loans reached");
  }
  if (patronCheck == PatronCheckMode::none) return {};
  switch (cache.value_or(PatronCheck::unknown)) {
    case PatronCheck::ok: return {};
    case PatronCheck::unknown: return fail(Errc::refused, "patron not known to this kiosk while offline");
    case PatronCheck::blocked: return fail(Errc::refused, "patron blocked when last seen online");
    case PatronCheck::wrongPin: return fail(Errc::refused, "PIN does not match");
    case PatronCheck::noPinCached:
      return patronCheck == PatronCheckMode::pin ? fail(Errc::refused, "PIN cannot be checked offline")
                                                 : Status();
  }
  return {};
}

} // namespace lasis::circulation
