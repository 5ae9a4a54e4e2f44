#pragma once
// Test helper for the PC/SC tests: `lasis-sim reader --pcsc …` as a SimDevice
// (tests/support/childprocess.h), and the pcscd fixture's skip marker.

#include "tests/support/childprocess.h"

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

/// The virtual reader vsmartcard-vpcd gives pcscd (slot 0).
inline constexpr const char* kReader = "Virtual PCD 00 00";

/// Skips a test when the pcscd fixture could not run pcscd on this machine.
#define SKIP_WITHOUT_PCSCD()                                                     \
  do {                                                                           \
    if (auto reason = lasis::test::pcscSkipReason()) GTEST_SKIP() << *reason; \
  } while (0)

namespace lasis::test {

/// The reason the pcscd fixture could not run pcscd on this machine (not root), or nullopt.
inline std::optional<std::string> pcscSkipReason() {
  std::ifstream in(std::string(LASIS_PCSC_STATE_DIR) + "/skip");
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// `lasis-sim <args…>` (the binary is put in front), stopped (SIGTERM, then SIGKILL) by PID.
class SimProcess : public SimDevice {
public:
  explicit SimProcess(std::vector<std::string> args) : SimDevice(withBinary(std::move(args))) {}

private:
  static std::vector<std::string> withBinary(std::vector<std::string> args) {
    args.insert(args.begin(), simBinary());
    return args;
  }
};

} // namespace lasis::test
