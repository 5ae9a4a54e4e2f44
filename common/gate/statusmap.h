#pragma once
// The gate status server's Modbus register map (docs/gate-modbus.md), encoded and decoded in
// one place so the daemon and `lasis gate status` can never disagree about it.

#include "common/gate/alarmpolicy.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lasis::gate {

/// Addresses and sizes of the status server's tables (0-based protocol addresses).
namespace statusmap {
inline constexpr int kInputRegisters = 23;
inline constexpr int kHoldingRegisters = 4;
inline constexpr int kCoils = 2;
// Input registers (function 04)
inline constexpr int kPeopleIn = 0;         // u32, high word first
inline constexpr int kPeopleOut = 2;        // u32
inline constexpr int kAlarmCount = 4;       // u32
inline constexpr int kState = 6;            // GateState
inline constexpr int kLastAlarmTime = 7;    // u32 Unix seconds, 0 = never
inline constexpr int kLastAlarmDirection = 9;  // 0 unknown, 1 in, 2 out
inline constexpr int kLastAlarmItem = 10;   // 8 registers: 16 ASCII bytes, high byte first, NUL padded
inline constexpr int kFaults = 18;          // fault bits below
inline constexpr int kTurnBacks = 19;       // u32
inline constexpr int kReadersConfigured = 21;
inline constexpr int kReadersWorking = 22;
// Holding registers (functions 03, 06, 16)
inline constexpr int kHoldMs = 0;           // 100–60000
inline constexpr int kBuzzerPattern = 1;    // BuzzerPattern 0–3
inline constexpr int kMode = 2;             // GateMode 0–3
inline constexpr int kSecuredAfi = 3;       // 0–255
// Coils (functions 01, 05, 15)
inline constexpr int kAcknowledge = 0;      // write 1: silence the alarm now
inline constexpr int kTestAlarm = 1;        // write 1: light and buzzer for one hold time
// Fault bits
inline constexpr std::uint16_t kFaultIoModule = 1 << 0;
inline constexpr std::uint16_t kFaultReader = 1 << 1;
inline constexpr std::uint16_t kFaultTamper = 1 << 2;
inline constexpr std::uint16_t kFaultAntenna = 1 << 3;
inline constexpr std::uint16_t kFaultBeamBlocked = 1 << 4;
inline constexpr std::uint16_t kFaultEventLog = 1 << 5;  ///< events cannot be logged (disk full, size bound)
} // namespace statusmap

enum class GateState : std::uint16_t { ok = 0, alarm = 1, fault = 2 };
std::string_view toString(GateState s);

/// Everything the status server publishes.
struct GateStatus {
  std::uint64_t peopleIn = 0;
  std::uint64_t peopleOut = 0;
  std::uint64_t alarms = 0;
  std::uint64_t turnBacks = 0;
  GateState state = GateState::ok;
  std::uint32_t lastAlarmTime = 0;
  std::string lastAlarmDirection = "unknown";  ///< "unknown", "in", "out"
  std::string lastAlarmItem;                   ///< up to 16 characters
  std::uint16_t faults = 0;
  std::uint16_t readersConfigured = 0;
  std::uint16_t readersWorking = 0;
  // Holding registers
  std::uint16_t holdMs = 3000;
  BuzzerPattern pattern = BuzzerPattern::pulsed;
  GateMode mode = GateMode::security;
  std::uint8_t securedAfi = 0x07;
  friend bool operator==(const GateStatus&, const GateStatus&) = default;
};

std::vector<std::uint16_t> encodeInputRegisters(const GateStatus& s);
std::vector<std::uint16_t> encodeHoldingRegisters(const GateStatus& s);
/// Decodes what a client read; Errc::parse when a table is short or a value out of range.
Result<GateStatus> decodeStatus(const std::vector<std::uint16_t>& input, const std::vector<std::uint16_t>& holding);
/// Names of the set fault bits ("io-module", "reader", …).
std::vector<std::string> faultNames(std::uint16_t faults);

} // namespace lasis::gate
