#pragma once
// Who may open the staff screen: a staff card (its number listed in [staff] cards) and the staff
// PIN, stored only as an Argon2id hash (libsodium crypto_pwhash_str) in a file the service user
// alone may read. Wrong PINs are rate-limited so a patron at an unattended kiosk cannot try them
// all: after 5 wrong tries in a row the staff screen locks for 30 s, doubling with every further
// wrong try up to 15 minutes; a right PIN resets the count.

#include "common/core/clock.h"
#include "common/core/result.h"

#include <optional>
#include <string>
#include <vector>

namespace lasis::kiosk {

/// The staff PIN check with its lock-out.
class StaffAuth {
public:
  /// What a PIN attempt gave.
  struct Verdict {
    bool ok = false;
    bool locked = false;        ///< not even checked: too many wrong tries
    int retryAfterSeconds = 0;  ///< while locked
  };

  /// `hash` is a crypto_pwhash_str string ("$argon2id$…"); empty: no staff PIN is set, nobody gets in.
  StaffAuth(std::string hash, std::vector<std::string> cards, const Clock& clock);
  /// Reads the hash from `[staff] pin_hash_file` (refused if others may read it).
  static Result<std::string> readHash(const std::string& path);
  /// The hash line for a PIN (`lasis staff hash-pin`). Errc::invalidArgument for a PIN under 6 digits.
  static Result<std::string> hashPin(const std::string& pin);

  bool isStaffCard(const std::string& card) const;
  bool configured() const { return !m_hash.empty(); }
  /// Checks a PIN (slow on purpose: Argon2id, about 0.1 s and 64 MiB; call off the GUI thread).
  Verdict verify(const std::string& pin);

private:
  std::string m_hash;
  std::vector<std::string> m_cards;
  const Clock& m_clock;
  int m_failures = 0;
  std::optional<Clock::Duration> m_lockedUntil;
};

} // namespace lasis::kiosk
