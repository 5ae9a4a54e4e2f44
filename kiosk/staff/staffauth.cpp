#include "kiosk/staff/staffauth.h"

#include "common/core/secretfile.h"

#include <sodium.h>

#include <algorithm>

namespace lasis::kiosk {

namespace {
constexpr int kFreeTries = 5;
constexpr auto kFirstLock = std::chrono::seconds(30);
constexpr auto kLongestLock = std::chrono::minutes(15);
} // namespace

StaffAuth::StaffAuth(std::string hash, std::vector<std::string> cards, const Clock& clock)
    : m_hash(std::move(hash)), m_cards(std::move(cards)), m_clock(clock) {}

Result<std::string> StaffAuth::readHash(const std::string& path) {
  auto hash = readSecretFile(path);
  if (!hash) return hash.error();
  if (hash->rfind("$argon2", 0) != 0)
    return fail(Errc::config, path + ": not a staff PIN hash (make one with `lasis staff hash-pin`)");
  return hash;
}

Result<std::string> StaffAuth::hashPin(const std::string& pin) {
  if (pin.size() < 6 || !std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return fail(Errc::invalidArgument, "the staff PIN must be at least 6 digits");
  if (sodium_init() < 0) return fail(Errc::io, "libsodium could not start");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return fail(Errc::io, "out of memory while hashing the PIN");
  return std::string(out);
}

bool StaffAuth::isStaffCard(const std::string& card) const {
  return !card.empty() && std::find(m_cards.begin(), m_cards.end(), card) != m_cards.end();
}

StaffAuth::Verdict StaffAuth::verify(const std::string& pin) {
  const auto now = m_clock.monotonic();
  if (m_lockedUntil && now < *m_lockedUntil) {
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(*m_lockedUntil - now).count() + 1;
    return {false, true, static_cast<int>(left)};
  }
  if (sodium_init() < 0 || m_hash.empty()) return {};
  const bool ok = crypto_pwhash_str_verify(m_hash.c_str(), pin.data(), pin.size()) == 0;
  if (ok) {
    m_failures = 0;
    m_lockedUntil.reset();
    return {true, false, 0};
  }
  if (++m_failures >= kFreeTries) {
    // 30 s after the 5th wrong try, 60 s after the 6th, … at most 15 minutes.
    auto lock = std::chrono::duration_cast<Clock::Duration>(kFirstLock) * (1 << std::min(m_failures - kFreeTries, 5));
    lock = std::min(lock, std::chrono::duration_cast<Clock::Duration>(kLongestLock));
    m_lockedUntil = now + lock;
    return {false, true, static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(lock).count())};
  }
  return {};
}

} // namespace lasis::kiosk
