#include "simulator/pn532/pn532emulator.h"

#include <algorithm>

namespace lasis::sim {

namespace {
// Command codes (host → chip); the answer carries code + 1.
constexpr std::uint8_t kDiagnose = 0x00;
constexpr std::uint8_t kGetFirmwareVersion = 0x02;
constexpr std::uint8_t kGetGeneralStatus = 0x04;
constexpr std::uint8_t kReadRegister = 0x06;
constexpr std::uint8_t kWriteRegister = 0x08;
constexpr std::uint8_t kSetSerialBaudRate = 0x10;
constexpr std::uint8_t kSetParameters = 0x12;
constexpr std::uint8_t kSamConfiguration = 0x14;
constexpr std::uint8_t kPowerDown = 0x16;
constexpr std::uint8_t kRfConfiguration = 0x32;
constexpr std::uint8_t kInDataExchange = 0x40;
constexpr std::uint8_t kInCommunicateThru = 0x42;
constexpr std::uint8_t kInDeselect = 0x44;
constexpr std::uint8_t kInListPassiveTarget = 0x4A;
constexpr std::uint8_t kInRelease = 0x52;
constexpr std::uint8_t kInSelect = 0x54;
constexpr std::uint8_t kInAutoPoll = 0x60;

constexpr std::uint8_t kTfiHost = 0xD4;
constexpr std::uint8_t kTfiChip = 0xD5;

// Registers libnfc touches (CIU): TxMode and RxMode bit 7 = the chip adds / checks CRC_A.
constexpr std::uint16_t kRegTxMode = 0x6302;
constexpr std::uint16_t kRegRxMode = 0x6303;
constexpr std::uint16_t kRegControl = 0x633C;
constexpr std::uint16_t kRegBitFraming = 0x633D;

constexpr std::uint8_t kStatusOk = 0x00;
constexpr std::uint8_t kStatusTimeout = 0x01;
constexpr std::uint8_t kStatusCrc = 0x02;
constexpr std::uint8_t kStatusNotInContext = 0x27;

// Debris from a killed client: half a frame older than this is dropped.
constexpr auto kStaleInput = std::chrono::milliseconds(200);
// InAutoPoll period unit.
constexpr auto kPollPeriodUnit = std::chrono::milliseconds(150);

Bytes decascade(ByteView init) {
  if (init.size() == 8 && init[0] == 0x88) return Bytes(init.begin() + 1, init.end());
  if (init.size() == 12 && init[0] == 0x88 && init[4] == 0x88) {
    Bytes uid(init.begin() + 1, init.begin() + 4);
    uid.insert(uid.end(), init.begin() + 5, init.end());
    return uid;
  }
  return Bytes(init.begin(), init.end());
}

Bytes targetData(const SimTag& tag) {
  Bytes d{0x01};
  const auto atqa = tag.atqa();
  d.push_back(atqa[0]);
  d.push_back(atqa[1]);
  d.push_back(tag.sak());
  d.push_back(static_cast<std::uint8_t>(tag.uid().size()));
  d.insert(d.end(), tag.uid().begin(), tag.uid().end());
  return d;
}
} // namespace

Pn532Emulator::Pn532Emulator() { reset(); }

void Pn532Emulator::reset() {
  m_regs.clear();
  m_regs[kRegTxMode] = 0x80;
  m_regs[kRegRxMode] = 0x80;
  m_regs[kRegControl] = 0x10;
  m_retriesPassive = 0xFF;
  m_in.clear();
  m_pending.reset();
  setField(false);
}

std::uint16_t Pn532Emulator::crcA(ByteView data) {
  std::uint16_t crc = 0x6363;
  for (std::uint8_t b : data) {
    b = static_cast<std::uint8_t>(b ^ (crc & 0xFF));
    b = static_cast<std::uint8_t>(b ^ (b << 4));
    crc = static_cast<std::uint16_t>((crc >> 8) ^ (b << 8) ^ (b << 3) ^ (b >> 4));
  }
  return crc;
}

SimTag* Pn532Emulator::findTag(const std::string& uidHex) {
  for (auto& t : m_tags) {
    if (t.uidHex() == uidHex) return &t;
  }
  return nullptr;
}

void Pn532Emulator::place(SimTag tag) {
  remove(tag.uidHex());
  // A tag entering a live field powers up idle; one entering a dead field waits for it.
  tag.setState(SimTag::State::idle);
  m_tags.push_back(std::move(tag));
}

bool Pn532Emulator::remove(const std::string& uidHex) {
  const auto it = std::find_if(m_tags.begin(), m_tags.end(), [&](const SimTag& t) { return t.uidHex() == uidHex; });
  if (it == m_tags.end()) return false;
  if (m_selected == uidHex) m_selected.clear();
  m_tags.erase(it);
  return true;
}

void Pn532Emulator::dropLeftTags() {
  for (std::size_t i = 0; i < m_tags.size();) {
    if (m_tags[i].leftField()) {
      if (m_selected == m_tags[i].uidHex()) m_selected.clear();
      m_tags.erase(m_tags.begin() + static_cast<long>(i));
    } else {
      ++i;
    }
  }
}

void Pn532Emulator::setField(bool on) {
  if (!on) {
    // No field, no power: every tag forgets HALT and any authentication.
    for (auto& t : m_tags) t.setState(SimTag::State::idle);
    m_selected.clear();
  }
  m_field = on;
}

SimTag* Pn532Emulator::selected() {
  if (m_selected.empty()) return nullptr;
  SimTag* t = findTag(m_selected);
  if (!t || t->state() != SimTag::State::active) return nullptr;
  return t;
}

std::uint8_t Pn532Emulator::reg(std::uint16_t addr) const {
  const auto it = m_regs.find(addr);
  return it == m_regs.end() ? 0 : it->second;
}

Bytes Pn532Emulator::ackFrame() { return {0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00}; }
Bytes Pn532Emulator::errorFrame() { return {0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00}; }

Bytes Pn532Emulator::answer(std::uint8_t cmd, ByteView data) {
  const std::size_t len = data.size() + 2;  // TFI + command code
  Bytes f{0x00, 0x00, 0xFF};
  if (len <= 0xFF) {
    f.push_back(static_cast<std::uint8_t>(len));
    f.push_back(static_cast<std::uint8_t>(-static_cast<int>(len)));
  } else {  // extended frame
    f.push_back(0xFF);
    f.push_back(0xFF);
    f.push_back(static_cast<std::uint8_t>(len >> 8));
    f.push_back(static_cast<std::uint8_t>(len));
    f.push_back(static_cast<std::uint8_t>(-static_cast<int>((len >> 8) + (len & 0xFF))));
  }
  std::uint8_t sum = kTfiChip + static_cast<std::uint8_t>(cmd + 1);
  f.push_back(kTfiChip);
  f.push_back(static_cast<std::uint8_t>(cmd + 1));
  for (std::uint8_t b : data) {
    f.push_back(b);
    sum = static_cast<std::uint8_t>(sum + b);
  }
  f.push_back(static_cast<std::uint8_t>(-sum));
  f.push_back(0x00);
  return f;
}

std::vector<Bytes> Pn532Emulator::feed(ByteView in, Clock::time_point now) {
  if (!m_in.empty() && now - m_lastByte > kStaleInput) m_in.clear();
  m_lastByte = now;
  m_stats.bytesIn += in.size();
  m_in.insert(m_in.end(), in.begin(), in.end());

  std::vector<Bytes> out;
  for (;;) {
    // Resynchronise on the start code 00 FF: skips the 55 55 00… wake-up and any debris.
    std::size_t start = 0;
    while (start + 1 < m_in.size() && !(m_in[start] == 0x00 && m_in[start + 1] == 0xFF)) ++start;
    if (start + 1 >= m_in.size()) {
      // Keep a trailing 00 (it may begin a start code); drop the rest.
      const bool keep = !m_in.empty() && m_in.back() == 0x00;
      m_in.assign(keep ? 1 : 0, 0x00);
      break;
    }
    m_in.erase(m_in.begin(), m_in.begin() + static_cast<long>(start));
    if (m_in.size() < 4) break;
    const std::uint8_t len0 = m_in[2];
    const std::uint8_t lcs0 = m_in[3];
    if (len0 == 0x00 && lcs0 == 0xFF) {
      // A host ACK: abort the pending command; the chip answers nothing.
      m_pending.reset();
      m_in.erase(m_in.begin(), m_in.begin() + 4);
      continue;
    }
    std::size_t len = 0;
    std::size_t head = 0;
    if (len0 == 0xFF && lcs0 == 0xFF) {  // extended frame: 00 FF FF FF LENm LENl LCS
      if (m_in.size() < 7) break;
      len = static_cast<std::size_t>(m_in[4]) << 8 | m_in[5];
      if (static_cast<std::uint8_t>(m_in[4] + m_in[5] + m_in[6]) != 0) {
        m_in.erase(m_in.begin(), m_in.begin() + 2);
        continue;
      }
      head = 7;
    } else {
      if (static_cast<std::uint8_t>(len0 + lcs0) != 0) {  // bad length checksum: not a frame
        m_in.erase(m_in.begin(), m_in.begin() + 2);
        continue;
      }
      len = len0;
      head = 4;
    }
    if (m_in.size() < head + len + 1) break;  // wait for data and DCS
    const ByteView body(m_in.data() + head, len);
    std::uint8_t sum = m_in[head + len];
    for (std::uint8_t b : body) sum = static_cast<std::uint8_t>(sum + b);
    Bytes frame(body.begin(), body.end());
    m_in.erase(m_in.begin(), m_in.begin() + static_cast<long>(head + len + 1));
    if (sum != 0 || len < 2 || frame[0] != kTfiHost) continue;  // corrupt: a real chip stays silent
    // A new command while one waits aborts the old one, as on the chip.
    m_pending.reset();
    if (m_unplugOn && *m_unplugOn == frame[1]) {  // pulled out as this command arrived
      m_unplugOn.reset();
      m_unplugNow = true;
      m_in.clear();
      break;
    }
    ++m_stats.frames;
    out.push_back(ackFrame());
    auto answers = handle(frame[1], ByteView(frame).subspan(2), now);
    for (auto& a : answers) out.push_back(std::move(a));
  }
  for (const auto& b : out) m_stats.bytesOut += b.size();
  return out;
}

std::vector<Bytes> Pn532Emulator::poll(Clock::time_point now) {
  std::vector<Bytes> out;
  if (!m_pending) return out;
  std::optional<Bytes> data;
  const Pending p = *m_pending;
  if (p.cmd == kInListPassiveTarget) data = tryListPassive(p.args);
  else if (p.cmd == kInAutoPoll) data = tryAutoPoll(p.args);
  if (!data && p.deadline && now >= *p.deadline) data = Bytes{0x00};  // nothing found in time
  if (data) {
    m_pending.reset();
    out.push_back(answer(p.cmd, *data));
    m_stats.bytesOut += out.back().size();
  }
  return out;
}

std::optional<Bytes> Pn532Emulator::tryListPassive(ByteView args) {
  // MaxTg BrTy [InitiatorData]; we serve 106 kbps type A (BrTy 0) only.
  if (args.size() < 2 || args[1] != 0x00) return Bytes{0x00};
  setField(true);
  dropLeftTags();
  const Bytes want = decascade(args.subspan(2));
  // The target selected before goes back to idle: a new REQA round starts.
  if (SimTag* prev = selected()) prev->setState(SimTag::State::idle);
  m_selected.clear();
  for (auto& t : m_tags) {
    // HALT semantics: a halted tag ignores REQA until the field is switched off and on.
    if (t.state() == SimTag::State::halted) continue;
    if (!want.empty() && t.uid() != want) continue;
    t.setState(SimTag::State::active);
    m_selected = t.uidHex();
    Bytes d{0x01};
    const Bytes td = targetData(t);
    d.insert(d.end(), td.begin(), td.end());
    return d;
  }
  return std::nullopt;
}

std::optional<Bytes> Pn532Emulator::tryAutoPoll(ByteView args) {
  // PollNr Period Type…: answer the first requested type a tag in the field matches.
  setField(true);
  dropLeftTags();
  for (auto& t : m_tags) {
    if (t.state() == SimTag::State::halted) continue;
    for (std::size_t i = 2; i < args.size(); ++i) {
      const std::uint8_t type = args[i];
      const bool matches = type == 0x00 || type == 0x10 || type == 0x40;  // generic 106A, MIFARE, DEP-less A
      if (!matches) continue;
      if (SimTag* prev = selected()) prev->setState(SimTag::State::idle);
      t.setState(SimTag::State::active);
      m_selected = t.uidHex();
      const Bytes td = targetData(t);
      Bytes d{0x01, type == 0x40 ? std::uint8_t{0x10} : type, static_cast<std::uint8_t>(td.size())};
      d.insert(d.end(), td.begin(), td.end());
      return d;
    }
  }
  return std::nullopt;
}

Bytes Pn532Emulator::dataExchange(ByteView data, bool raw) {
  dropLeftTags();
  SimTag* tag = selected();
  if (!tag) return {kStatusTimeout};  // nobody answers: the tag is gone or none is selected
  Bytes cmd(data.begin(), data.end());
  if (raw && !(reg(kRegTxMode) & 0x80)) {
    // The host computed CRC_A itself: check and strip it as the tag would.
    if (cmd.size() < 3) return {kStatusTimeout};
    const std::uint16_t crc = crcA(ByteView(cmd).first(cmd.size() - 2));
    if (cmd[cmd.size() - 2] != (crc & 0xFF) || cmd[cmd.size() - 1] != (crc >> 8)) return {kStatusCrc};
    cmd.resize(cmd.size() - 2);
  }
  if (raw && (reg(kRegBitFraming) & 0x07) != 0) return {kStatusTimeout};  // short frames: not modelled
  SimTag::Reply r = tag->exchange(cmd);
  if (tag->leftField()) dropLeftTags();
  Bytes out{r.status};
  if (r.status == kStatusOk) {
    out.insert(out.end(), r.data.begin(), r.data.end());
    if (raw && !(reg(kRegRxMode) & 0x80) && !r.data.empty()) {  // the host checks CRC itself
      const std::uint16_t crc = crcA(r.data);
      out.push_back(static_cast<std::uint8_t>(crc & 0xFF));
      out.push_back(static_cast<std::uint8_t>(crc >> 8));
    }
  }
  return out;
}

std::vector<Bytes> Pn532Emulator::handle(std::uint8_t cmd, ByteView args, Clock::time_point now) {
  std::vector<Bytes> out;
  auto reply = [&](Bytes data) { out.push_back(answer(cmd, data)); };
  switch (cmd) {
  case kDiagnose:  // communication test: echo
    reply(Bytes(args.begin(), args.end()));
    break;
  case kGetFirmwareVersion:  // IC 0x32 = PN532, v1.6, ISO 14443A + B + DEP
    reply({0x32, 0x01, 0x06, 0x07});
    break;
  case kGetGeneralStatus: {
    Bytes d{0x00, static_cast<std::uint8_t>(m_field ? 1 : 0)};
    if (selected()) d.insert(d.end(), {0x01, 0x01, 0x00, 0x00, 0x00});
    else d.push_back(0x00);
    d.push_back(0x00);  // SAM status
    reply(d);
    break;
  }
  case kReadRegister: {
    Bytes d;
    for (std::size_t i = 0; i + 1 < args.size(); i += 2) d.push_back(reg(static_cast<std::uint16_t>(args[i] << 8 | args[i + 1])));
    reply(d);
    break;
  }
  case kWriteRegister:
    for (std::size_t i = 0; i + 2 < args.size(); i += 3) m_regs[static_cast<std::uint16_t>(args[i] << 8 | args[i + 1])] = args[i + 2];
    reply({});
    break;
  case kSetSerialBaudRate:
  case kSetParameters:
  case kSamConfiguration:
    reply({});
    break;
  case kPowerDown:
    setField(false);
    reply({kStatusOk});
    break;
  case kRfConfiguration:
    if (!args.empty() && args[0] == 0x01 && args.size() >= 2) setField(args[1] & 0x01);
    if (!args.empty() && args[0] == 0x05 && args.size() >= 4) m_retriesPassive = args[3];
    reply({});
    break;
  case kInListPassiveTarget: {
    if (auto d = tryListPassive(args)) {
      reply(*d);
    } else if (m_retriesPassive == 0xFF) {
      m_pending = Pending{cmd, Bytes(args.begin(), args.end()), std::nullopt};  // retries forever
    } else {
      reply({0x00});
    }
    break;
  }
  case kInAutoPoll: {
    if (args.size() < 3) {
      out.push_back(errorFrame());
      break;
    }
    if (auto d = tryAutoPoll(args)) {
      reply(*d);
    } else {
      std::optional<Clock::time_point> deadline;
      if (args[0] != 0xFF) deadline = now + kPollPeriodUnit * (args[0] * std::max<int>(args[1], 1));
      m_pending = Pending{cmd, Bytes(args.begin(), args.end()), deadline};
    }
    break;
  }
  case kInDataExchange:
    if (args.empty() || args[0] != 0x01) reply({kStatusNotInContext});
    else reply(dataExchange(args.subspan(1), false));
    break;
  case kInCommunicateThru:
    reply(dataExchange(args, true));
    break;
  case kInDeselect:
  case kInRelease:
    // For a Type 2 tag or MIFARE Classic the PN532 sends HLTA: the tag stays halted until the
    // field drops. That is what makes a stack of tags enumerable one by one.
    if (SimTag* t = selected()) t->setState(SimTag::State::halted);
    m_selected.clear();
    reply({kStatusOk});
    break;
  case kInSelect:
    reply({selected() ? kStatusOk : kStatusNotInContext});
    break;
  default:
    out.push_back(errorFrame());  // after the ACK, as the chip does for a command it lacks
    break;
  }
  return out;
}

} // namespace lasis::sim
