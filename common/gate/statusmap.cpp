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
/// 16 ASCII bytes in 8 registers, high byte first, NUL padded.
void putText(std::vector<std::uint16_t>& r, int at, const std::string& text) {
  for (std::size_t i = 0; i < 16 && i < text.size(); ++i) {
    const auto c = static_cast<std::uint8_t>(text[i]);
    auto& reg = r[static_cast<std::size_t>(at) + i / 2];
    reg = static_cast<std::uint16_t>(i % 2 == 0 ? (reg & 0x00FF) | (c << 8) : (reg & 0xFF00) | c);
  }
}
std::string getText(const std::vector<std::uint16_t>& r, int at) {
  std::string out;
  for (int i = 0; i < 16; ++i) {
    const auto reg = r[static_cast<std::size_t>(at + i / 2)];
    const char c = static_cast<char>(i % 2 == 0 ? reg >> 8 : reg & 0xFF);
    if (c == 0) break;
    out += (c >= 0x20 && c < 0x7F) ? c : '?';  // never print control bytes
  }
  return out;
}
} // namespace

std::vector<std::uint16_t> encodeInputRegisters(const GateStatus& s) {
  // A status without reader statistics (an older gate's, decoded) is the older, shorter table:
  // the same meaning as it was read from, not zeros that would claim a reader never polled.
  std::vector<std::uint16_t> r(s.hasReaderStats ? kInputRegisters : kInputRegistersV1, 0);
  put32(r, kPeopleIn, s.peopleIn);
  put32(r, kPeopleOut, s.peopleOut);
  put32(r, kAlarmCount, s.alarms);
  r[kState] = static_cast<std::uint16_t>(s.state);
  put32(r, kLastAlarmTime, s.lastAlarmTime);
  r[kLastAlarmDirection] = s.lastAlarmDirection == "in" ? 1 : s.lastAlarmDirection == "out" ? 2 : 0;
  putText(r, kLastAlarmItem, s.lastAlarmItem);
  r[kFaults] = s.faults;
  put32(r, kTurnBacks, s.turnBacks);
  r[kReadersConfigured] = s.readersConfigured;
  r[kReadersWorking] = s.readersWorking;
  if (!s.hasReaderStats) return r;
  r[kInputs] = s.inputs;
  put32(r, kInventories, s.inventories);
  put32(r, kTagReads, s.tagReads);
  put32(r, kReaderErrors, s.readerErrors);
  r[kPollRate] = s.pollRateTenths;
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
  if (in.size() < static_cast<std::size_t>(kInputRegistersV1) || hold.size() < static_cast<std::size_t>(kHoldingRegisters)) {
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
  s.lastAlarmItem = getText(in, kLastAlarmItem);
  s.faults = in[kFaults];
  s.turnBacks = get32(in, kTurnBacks);
  s.readersConfigured = in[kReadersConfigured];
  s.readersWorking = in[kReadersWorking];
  if (in.size() >= static_cast<std::size_t>(kInputRegisters)) {
    s.hasReaderStats = true;
    s.inputs = in[kInputs];
    s.inventories = get32(in, kInventories);
    s.tagReads = get32(in, kTagReads);
    s.readerErrors = get32(in, kReaderErrors);
    s.pollRateTenths = in[kPollRate];
  }
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

std::uint16_t TagPassWindow::add(TagPassRecord r) {
  m_latest = static_cast<std::uint16_t>(m_latest == 0xFFFF ? 1 : m_latest + 1);  // 0 means "none"
  r.sequence = m_latest;
  m_slots[static_cast<std::size_t>((m_latest - 1) % kPassSlots)] = std::move(r);
  return m_latest;
}

std::vector<std::uint16_t> TagPassWindow::encode() const {
  std::vector<std::uint16_t> r(static_cast<std::size_t>(kInputTable - kPassLatest), 0);
  r[0] = m_latest;
  for (int i = 0; i < kPassSlots; ++i) {
    const auto& p = m_slots[static_cast<std::size_t>(i)];
    const int at = kPassFirst - kPassLatest + i * kPassSlotSize;
    r[static_cast<std::size_t>(at)] = p.sequence;
    r[static_cast<std::size_t>(at) + 1] = static_cast<std::uint16_t>(p.verdict);
    r[static_cast<std::size_t>(at) + 2] = static_cast<std::uint16_t>(p.antenna | ((p.untrusted ? kPassUntrusted : 0) << 8));
    putText(r, at + 3, p.item);
  }
  return r;
}

Result<std::pair<std::uint16_t, std::vector<TagPassRecord>>> decodePassWindow(const std::vector<std::uint16_t>& r) {
  if (r.size() < static_cast<std::size_t>(kInputTable - kPassLatest))
    return fail(Errc::truncated, "gate tag-pass window: expected " + std::to_string(kInputTable - kPassLatest) + " registers");
  std::vector<TagPassRecord> out;
  for (int i = 0; i < kPassSlots; ++i) {
    const int at = kPassFirst - kPassLatest + i * kPassSlotSize;
    TagPassRecord p;
    p.sequence = r[static_cast<std::size_t>(at)];
    if (p.sequence == 0) continue;
    const auto verdict = r[static_cast<std::size_t>(at) + 1];
    if (verdict > static_cast<std::uint16_t>(Verdict::unknown))
      return fail(Errc::parse, "gate tag-pass window: verdict " + std::to_string(verdict) + " in slot " + std::to_string(i));
    p.verdict = static_cast<Verdict>(verdict);
    p.antenna = static_cast<std::uint8_t>(r[static_cast<std::size_t>(at) + 2] & 0xFF);
    p.untrusted = ((r[static_cast<std::size_t>(at) + 2] >> 8) & kPassUntrusted) != 0;
    p.item = getText(r, at + 3);
    out.push_back(std::move(p));
  }
  return std::make_pair(r[0], std::move(out));
}

} // namespace lasis::gate
