#pragma once
// The gate status server's Modbus register map (docs/gate-modbus.md), encoded and decoded in
// one place so the daemon and `lasis gate status` can never disagree about it.

#include "common/gate/alarmpolicy.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lasis::gate {

/// Addresses and sizes of the status server's tables (0-based protocol addresses).
namespace statusmap {
/// The status block of input registers (0–30), read in one request by every client.
inline constexpr int kInputRegisters = 31;
/// The status block before the reader statistics and live inputs (gates before 0.2 serve only
/// these 23); a client falls back to them so it can still read an older gate.
inline constexpr int kInputRegistersV1 = 23;
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
inline constexpr int kInputs = 23;          // live inputs as the gate sees them: bits below
inline constexpr int kInventories = 24;     // u32: inventories the antennas answered since start
inline constexpr int kTagReads = 26;        // u32: tag passes read since start
inline constexpr int kReaderErrors = 28;    // u32: failed opens, inventories and tag reads since start
inline constexpr int kPollRate = 30;        // inventories per second over the last seconds, ×10
// The tag-pass window (`lasis gate walktest`): the last kPassSlots tag passes the antennas read,
// each with its decision, so a client polling a few times a second misses none. Read apart from
// the status block (a Modbus request carries at most 125 registers).
inline constexpr int kPassLatest = 99;      // sequence number of the latest pass (0: none yet)
inline constexpr int kPassFirst = 100;      // slot 0; slot i at kPassFirst + i × kPassSlotSize
inline constexpr int kPassSlots = 8;
inline constexpr int kPassSlotSize = 11;    // sequence, verdict, antenna|flags, 8 × item id
inline constexpr int kInputTable = kPassFirst + kPassSlots * kPassSlotSize;  // registers served
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
// Input bits (register kInputs)
inline constexpr std::uint16_t kInputBeamA = 1 << 0;
inline constexpr std::uint16_t kInputBeamB = 1 << 1;
inline constexpr std::uint16_t kInputTamper = 1 << 2;
inline constexpr std::uint16_t kInputAntennaFault = 1 << 3;
// Pass flags (high byte of a slot's antenna register)
inline constexpr std::uint16_t kPassUntrusted = 1 << 0;  ///< no trusted item id in the tag: the slot holds its UID
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
  // Since 0.2 (registers 23–30; false when read from an older gate)
  bool hasReaderStats = false;
  std::uint16_t inputs = 0;             ///< kInput… bits
  std::uint64_t inventories = 0;
  std::uint64_t tagReads = 0;
  std::uint64_t readerErrors = 0;
  std::uint16_t pollRateTenths = 0;     ///< inventories per second × 10
  // Holding registers
  std::uint16_t holdMs = 3000;
  BuzzerPattern pattern = BuzzerPattern::pulsed;
  GateMode mode = GateMode::security;
  std::uint8_t securedAfi = 0x07;
  friend bool operator==(const GateStatus&, const GateStatus&) = default;
};

/// One tag pass in the walk-test window.
struct TagPassRecord {
  std::uint16_t sequence = 0;  ///< 1–65535, wraps to 1; 0 marks an empty slot
  Verdict verdict = Verdict::pass;
  std::uint8_t antenna = 0;    ///< 1-based, in [readers] order
  bool untrusted = false;      ///< `item` is the tag's UID: its data gave no trusted item id
  std::string item;            ///< up to 16 characters
  friend bool operator==(const TagPassRecord&, const TagPassRecord&) = default;
};

/// The walk-test window: slots are filled round-robin, so a record lives for kPassSlots passes.
class TagPassWindow {
public:
  /// Stores a pass and gives it the next sequence number (returned).
  std::uint16_t add(TagPassRecord r);
  /// Registers kPassLatest … kInputTable-1.
  std::vector<std::uint16_t> encode() const;
private:
  std::uint16_t m_latest = 0;
  std::vector<TagPassRecord> m_slots = std::vector<TagPassRecord>(statusmap::kPassSlots);
};
/// The records a client read at kPassLatest (kInputTable - kPassLatest registers): the latest
/// sequence number and the records in the slots, in no order. Errc::parse when short.
Result<std::pair<std::uint16_t, std::vector<TagPassRecord>>> decodePassWindow(const std::vector<std::uint16_t>& regs);

std::vector<std::uint16_t> encodeInputRegisters(const GateStatus& s);
std::vector<std::uint16_t> encodeHoldingRegisters(const GateStatus& s);
/// Decodes what a client read (kInputRegisters, or kInputRegistersV1 from an older gate);
/// Errc::parse when a table is short or a value out of range.
Result<GateStatus> decodeStatus(const std::vector<std::uint16_t>& input, const std::vector<std::uint16_t>& holding);
/// Names of the set fault bits ("io-module", "reader", …).
std::vector<std::string> faultNames(std::uint16_t faults);

} // namespace lasis::gate
