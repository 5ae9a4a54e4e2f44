#include "common/gate/statusmap.h"

namespace lasis::gate {

using namespace statusmap;

std::string_view toString(GateState s) {
  switch (s) {
    case GateState::ok: return "ok";
    case GateState::alarm: return "alarm";
    case GateState::fault: return "fault";
  }
  return "fault";
}

namespace {
void put32(std::vector<std::uint16_t>& r, int at, std::uint64_t v) {
  // Counters wrap at 2^32 like every Modbus counter; clients see the low 32 bits.
  r[static_cast<std::size_t>(at)] = static_cast<std::uint16_t>((v >> 16) & 0xFFFF);
  r[static_cast<std::size_t>(at) + 1] = static_cast<std::uint16_t>(v & 0xFFFF);
}
std::uint32_t get32(const std::vector<std::uint16_t>& r, int at) {
  return (static_cast<std::uint32_t>(r[static_cast<std::size_t>(at)]) << 16) | r[static_cast<std::size_t>(at) + 1];
}
} // namespace

std::vector<std::uint16_t> encodeInputRegisters(const GateStatus& s) {
  std::vector<std::uint16_t> r(kInputRegisters, 0);
  put32(r, kPeopleIn, s.peopleIn);
  put32(r, kPeopleOut, s.peopleOut);
  put32(r, kAlarmCount, s.alarms);
  r[kState] = static_cast<std::uint16_t>(s.state);
  put32(r, kLastAlarmTime, s.lastAlarmTime);
  r[kLastAlarmDirection] = s.lastAlarmDirection == "in" ? 1 : s.lastAlarmDirection == "out" ? 2 : 0;
  for (std::size_t i = 0; i < 16 && i < s.lastAlarmItem.size(); ++i) {
    const auto c = static_cast<std::uint8_t>(s.lastAlarmItem[i]);
    auto& reg = r[static_cast<std::size_t>(kLastAlarmItem) + i / 2];
    reg = static_cast<std::uint16_t>(i % 2 == 0 ? (reg & 0x00FF) | (c << 8) : (reg & 0xFF00) | c);
  }
  r[kFaults] = s.faults;
  put32(r, kTurnBacks, s.turnBacks);
  r[kReadersConfigured] = s.readersConfigured;
  r[kReadersWorking] = s.readersWorking;
  return r;
}

std::vector<std::uint16_t> encodeHoldingRegisters(const GateStatus& s) {
  std::vector<std::uint16_t> r(kHoldingRegisters, 0);
  r[kHoldMs] = s.holdMs;
  r[kBuzzerPattern] = static_cast<std::uint16_t>(s.pattern);
  r[kMode] = static_cast<std::uint16_t>(s.mode);
  r[kSecuredAfi] = s.securedAfi;
  return r;
}

Result<GateStatus> decodeStatus(const std::vector<std::uint16_t>& in, const std::vector<std::uint16_t>& hold) {
  if (in.size() < static_cast<std::size_t>(kInputRegisters) || hold.size() < static_cast<std::size_t>(kHoldingRegisters)) {
    return fail(Errc::truncated, "gate status: expected " + std::to_string(kInputRegisters) + " input and " +
                                     std::to_string(kHoldingRegisters) + " holding registers");
  }
  GateStatus s;
  s.peopleIn = get32(in, kPeopleIn);
  s.peopleOut = get32(in, kPeopleOut);
  s.alarms = get32(in, kAlarmCount);
  if (in[kState] > 2) return fail(Errc::parse, "gate status: state register holds " + std::to_string(in[kState]));
  s.state = static_cast<GateState>(in[kState]);
  s.lastAlarmTime = get32(in, kLastAlarmTime);
  s.lastAlarmDirection = in[kLastAlarmDirection] == 1 ? "in" : in[kLastAlarmDirection] == 2 ? "out" : "unknown";
  for (int i = 0; i < 16; ++i) {
    const auto reg = in[static_cast<std::size_t>(kLastAlarmItem + i / 2)];
    const char c = static_cast<char>(i % 2 == 0 ? reg >> 8 : reg & 0xFF);
    if (c == 0) break;
    s.lastAlarmItem += (c >= 0x20 && c < 0x7F) ? c : '?';  // never print control bytes
  }
  s.faults = in[kFaults];
  s.turnBacks = get32(in, kTurnBacks);
  s.readersConfigured = in[kReadersConfigured];
  s.readersWorking = in[kReadersWorking];
  s.holdMs = hold[kHoldMs];
  if (hold[kBuzzerPattern] > 3 || hold[kMode] > 3 || hold[kSecuredAfi] > 255) {
    return fail(Errc::parse, "gate status: holding registers out of range");
  }
  s.pattern = static_cast<BuzzerPattern>(hold[kBuzzerPattern]);
  s.mode = static_cast<GateMode>(hold[kMode]);
  s.securedAfi = static_cast<std::uint8_t>(hold[kSecuredAfi]);
  return s;
}

std::vector<std::string> faultNames(std::uint16_t f) {
  std::vector<std::string> out;
  if (f & kFaultIoModule) out.emplace_back("io-module");
  if (f & kFaultReader) out.emplace_back("reader");
  if (f & kFaultTamper) out.emplace_back("tamper");
  if (f & kFaultAntenna) out.emplace_back("antenna");
  if (f & kFaultBeamBlocked) out.emplace_back("beam-blocked");
  if (f & kFaultEventLog) out.emplace_back("event-log");
  return out;
}

} // namespace lasis::gate
