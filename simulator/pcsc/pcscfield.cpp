#include "simulator/pcsc/pcscfield.h"

#include <vector>

namespace lasis::sim {

namespace {
const Bytes kOk{0x90, 0x00};
Bytes sw(std::uint8_t a, std::uint8_t b) { return {a, b}; }
void appendTlv(Bytes& out, std::uint8_t tag, ByteView value) {
  out.push_back(tag);
  if (value.size() >= 0x80) {
    out.push_back(0x81);
  }
  out.push_back(static_cast<std::uint8_t>(value.size()));
  out.insert(out.end(), value.begin(), value.end());
}
} // namespace

Bytes PcscField::atr() {
  return {0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00,
          0x03, 0x06, 0x0B, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x77};
}

SlixTag& PcscField::place(SlixTag tag) {
  const auto uid = tag.uid();
  m_tags.insert_or_assign(uid, std::move(tag));
  return m_tags.at(uid);
}

bool PcscField::remove(std::uint64_t uid) { return m_tags.erase(uid) > 0; }

SlixTag* PcscField::find(std::uint64_t uid) {
  auto it = m_tags.find(uid);
  return it == m_tags.end() ? nullptr : &it->second;
}

Bytes PcscField::handleApdu(ByteView a) {
  ++m_apdus;
  if (a.size() < 4) return sw(0x67, 0x00);
  if (a[0] != 0xFF) return sw(0x6E, 0x00);  // only reader pseudo-APDUs: there is no ISO 7816 card
  const std::uint8_t ins = a[1], p1 = a[2], p2 = a[3];
  const ByteView data = a.size() > 5 ? a.subspan(5, std::min<std::size_t>(a[4], a.size() - 5)) : ByteView{};

  if (ins == 0xCA && p1 == 0x00) {  // GET DATA: UID of the single tag in the field
    if (m_tags.size() != 1) return sw(0x6A, 0x81);
    Bytes out;
    const auto uid = m_tags.begin()->first;
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(uid >> (8 * i)));
    out.insert(out.end(), kOk.begin(), kOk.end());
    return out;
  }
  if (ins != 0xC2 || p1 != 0x00) return sw(0x6D, 0x00);

  const Bytes statusOk{0xC0, 0x03, 0x00, 0x90, 0x00};
  if (p2 == 0x00) {  // manage session
    if (data.size() >= 2 && data[0] == 0x81) {
      m_session = true;
      m_iso15693 = false;
    } else if (data.size() >= 2 && data[0] == 0x82) {
      m_session = false;
      m_iso15693 = false;
    } else if (data.size() < 2 || (data[0] != 0x83 && data[0] != 0x84)) {
      return Bytes{0xC0, 0x03, 0x01, 0x6A, 0x81, 0x90, 0x00};  // unsupported data object
    }
    Bytes out = statusOk;
    out.insert(out.end(), kOk.begin(), kOk.end());
    return out;
  }
  if (!m_session) return Bytes{0xC0, 0x03, 0x01, 0x69, 0x85, 0x90, 0x00};  // conditions not met
  if (p2 == 0x02) {  // switch protocol: 8F 02 <protocol 02 = ISO 15693> <layer 03>
    if (data.size() == 4 && data[0] == 0x8F && data[1] == 0x02 && data[2] == 0x02 && data[3] == 0x03) {
      m_iso15693 = true;
      Bytes out = statusOk;
      out.insert(out.end(), kOk.begin(), kOk.end());
      return out;
    }
    return Bytes{0xC0, 0x03, 0x01, 0x6A, 0x81, 0x90, 0x00};
  }
  if (p2 == 0x01) {  // transparent exchange: 95 LL <frame>
    if (!m_iso15693) return Bytes{0xC0, 0x03, 0x01, 0x69, 0x85, 0x90, 0x00};
    if (data.size() < 2 || data[0] != 0x95 || data[1] + 2u > data.size())
      return Bytes{0xC0, 0x03, 0x01, 0x6A, 0x80, 0x90, 0x00};
    return transceive(data.subspan(2, data[1]));
  }
  return sw(0x6A, 0x86);
}

Bytes PcscField::transceive(ByteView frame) {
  std::vector<Bytes> answers;
  for (auto& [uid, tag] : m_tags) {
    if (auto a = tag.handle(frame)) answers.push_back(std::move(*a));
  }
  if (answers.empty()) return Bytes{0xC0, 0x03, 0x01, 0x64, 0x01, 0x90, 0x00};  // no response
  Bytes out{0xC0, 0x03, 0x00, 0x90, 0x00};
  const Bytes rxBits{0x00};
  appendTlv(out, 0x92, rxBits);
  if (answers.size() > 1) {
    // Several tags modulated at once: the reader sees a collision, not a frame.
    const Bytes status{0x02, 0x00};
    appendTlv(out, 0x96, status);
  } else {
    const Bytes status{0x00, 0x00};
    appendTlv(out, 0x96, status);
    appendTlv(out, 0x97, answers.front());
  }
  out.insert(out.end(), kOk.begin(), kOk.end());
  return out;
}

} // namespace lasis::sim
