#include "common/sip2/codec.h"

#include <cctype>
#include <cstdio>

namespace lasis::sip2 {
namespace {

bool isFieldIdChar(char c) {
  return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
}

bool isHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

std::string at(std::size_t pos) { return " at byte " + std::to_string(pos); }

} // namespace

bool isIdentifierField(std::string_view id) {
  static constexpr std::string_view kIds[] = {"AA", "AB", "AC", "AD", "AO", "AP", "BK", "BS",
                                              "CG", "CN", "CO", "CP", "CY"};
  for (auto k : kIds)
    if (k == id) return true;
  return false;
}

std::uint16_t checksum(std::string_view bytes) {
  std::uint16_t sum = 0;
  for (char c : bytes) sum = static_cast<std::uint16_t>(sum + static_cast<unsigned char>(c));
  return static_cast<std::uint16_t>(-sum);
}

std::string checksumHex(std::string_view bytes) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(checksum(bytes)));
  return buf;
}

Result<std::string> Codec::encode(const Message& msg, std::optional<int> sequence) const {
  const auto len = fixedLength(msg.code);
  if (!len) return fail(Errc::invalidArgument, "cannot send unknown SIP2 message code '" + msg.code + "'");
  if (!m_profile.supports(msg.code))
    // Said now, not waited out: this server would drop the message without any answer.
    return fail(Errc::unsupported, "the ILS profile '" + m_profile.name + "' does not support " +
                                       std::string(messageName(msg.code)) + " (" + msg.code +
                                       "): that server has no handler for it and drops it unanswered");
  if (msg.fixed.size() != *len)
    return fail(Errc::invalidArgument, std::string(messageName(msg.code)) + " (" + msg.code + ") needs a fixed part of " +
                                           std::to_string(*len) + " characters, got " + std::to_string(msg.fixed.size()));
  for (char c : msg.fixed)
    if (c < 0x20 || c > 0x7E || c == '|')
      return fail(Errc::invalidArgument, "fixed part of message " + msg.code + " contains a non-printable character or '|'");
  std::string out = msg.code + msg.fixed;
  for (const auto& f : msg.fields) {
    if (f.id.size() != 2 || !isFieldIdChar(f.id[0]) || !isFieldIdChar(f.id[1]))
      return fail(Errc::invalidArgument, "SIP2 field id '" + f.id + "' must be two upper-case letters or digits");
    if (f.id == "AY" || f.id == "AZ")
      return fail(Errc::invalidArgument, "AY/AZ are added by the codec, not given as fields");
    if (isExtensionField(f.id) && !m_profile.allowsExtension(f.id)) continue;  // this ILS does not know it
    // The AD rule: no PIN given means no AD field. An empty AD is a password to every server
    // we know (Evergreen answers a hold carrying `AD|` with "Invalid Patron."), so it is left
    // out here, the one place every outgoing message passes.
    if (f.id == "AD" && f.value.empty()) continue;
    for (char c : f.value)
      if (c == '|' || c == '\r' || c == '\n' || c == '\0')
        return fail(Errc::invalidArgument, "field " + f.id + " contains '|', CR, LF or NUL, which SIP2 cannot carry");
    auto wire = encodeText(f.value, m_profile.charset,
                           isIdentifierField(f.id) ? Unmappable::refuse : Unmappable::substitute);
    if (!wire) return wire.error().context("field " + f.id);
    if (wire->size() > kMaxFieldBytes)
      return fail(Errc::invalidArgument, "field " + f.id + " is " + std::to_string(wire->size()) +
                                             " bytes; SIP2 allows at most 255");
    out += f.id;
    out += *wire;
    out += '|';
  }
  if (m_profile.errorDetection) {
    if (sequence) {
      // One digit only: a two-digit AY makes Evergreen silently switch error detection off.
      if (*sequence < 0 || *sequence > 9) return fail(Errc::invalidArgument, "AY sequence must be 0-9");
      out += "AY";
      out += static_cast<char>('0' + *sequence);
    }
    out += "AZ";
    out += checksumHex(out);
  }
  out += m_profile.terminator;
  return out;
}

Result<Message> Codec::parse(std::string_view frame) const {
  // Tolerant framing: drop a leading LF (the tail of a CRLF) and trailing CR/LF.
  while (!frame.empty() && frame.front() == '\n') frame.remove_prefix(1);
  while (!frame.empty() && (frame.back() == '\r' || frame.back() == '\n')) frame.remove_suffix(1);
  if (frame.empty()) return fail(Errc::parse, "empty SIP2 message");
  if (frame.size() > kMaxFrameBytes) return fail(Errc::parse, "SIP2 message longer than 64 KiB");
  for (std::size_t i = 0; i < frame.size(); ++i) {
    if (frame[i] == '\0') return fail(Errc::parse, "NUL byte in SIP2 message" + at(i));
    if (frame[i] == '\r' || frame[i] == '\n') return fail(Errc::parse, "line break inside SIP2 message" + at(i));
  }
  if (frame.size() < 2) return fail(Errc::truncated, "SIP2 message shorter than its 2-character code");
  Message msg;
  msg.code = std::string(frame.substr(0, 2));
  const auto len = fixedLength(msg.code);
  if (!len) {
    std::string shown;
    for (char c : msg.code) shown += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
    return fail(Errc::unsupported, "unknown SIP2 message code '" + shown + "'");
  }
  if (frame.size() < 2 + *len)
    return fail(Errc::truncated, std::string(messageName(msg.code)) + " (" + msg.code + ") needs " + std::to_string(*len) +
                                     " fixed characters, got " + std::to_string(frame.size() - 2));
  const auto fixedWire = frame.substr(2, *len);
  for (std::size_t i = 0; i < fixedWire.size(); ++i)
    if (static_cast<unsigned char>(fixedWire[i]) > 0x7E || fixedWire[i] < 0x20)
      return fail(Errc::parse, "non-ASCII byte in the fixed part of message " + msg.code + at(2 + i));
  msg.fixed = std::string(fixedWire);

  std::size_t p = 2 + *len;
  std::optional<std::size_t> azAt;
  std::string azValue;
  while (p < frame.size()) {
    if (frame[p] == '|') {  // tolerate empty segments ("…||", "1|AY0…")
      ++p;
      continue;
    }
    if (p + 2 > frame.size()) return fail(Errc::truncated, "field id cut off" + at(p));
    const auto id = frame.substr(p, 2);
    if (!std::isalnum(static_cast<unsigned char>(id[0])) || !std::isalnum(static_cast<unsigned char>(id[1])))
      return fail(Errc::parse, "malformed field id in message " + msg.code + at(p));
    const std::size_t valueStart = p + 2;
    if (id == "AZ") {
      // The checksum covers every byte up to and including "AZ".
      azAt = p;
      std::size_t e = valueStart;
      while (e < frame.size() && frame[e] != '|') ++e;
      azValue = std::string(frame.substr(valueStart, e - valueStart));
      p = e;
      continue;
    }
    if (id == "AY") {
      // One digit by the spec; tolerate more digits, ended by AZ or '|'.
      std::size_t e = valueStart;
      while (e < frame.size() && std::isdigit(static_cast<unsigned char>(frame[e]))) ++e;
      if (e == valueStart) return fail(Errc::parse, "AY without a sequence digit" + at(p));
      msg.sequence = std::stoi(std::string(frame.substr(valueStart, std::min<std::size_t>(e - valueStart, 4))));
      p = e;
      continue;
    }
    std::size_t e = valueStart;
    while (e < frame.size() && frame[e] != '|') ++e;  // a missing final '|' is tolerated
    const auto wire = frame.substr(valueStart, e - valueStart);
    if (wire.size() > kMaxFieldBytes)
      return fail(Errc::parse, "field " + std::string(id) + " is " + std::to_string(wire.size()) +
                                   " bytes; SIP2 allows at most 255" + at(p));
    auto text = decodeText(wire, m_profile.charset);
    if (!text) return text.error().context("field " + std::string(id) + at(valueStart));
    msg.fields.push_back({std::string(id), std::move(*text)});
    p = e;
  }
  if (azAt) {
    if (azValue.size() != 4 || !isHex(azValue[0]) || !isHex(azValue[1]) || !isHex(azValue[2]) || !isHex(azValue[3]))
      return fail(Errc::checksum, "AZ checksum '" + azValue + "' is not 4 hex digits");
    const auto expected = checksum(frame.substr(0, *azAt + 2));
    const auto got = static_cast<std::uint16_t>(std::stoul(azValue, nullptr, 16));
    if (got != expected)
      return fail(Errc::checksum, "SIP2 checksum mismatch on message " + msg.code + ": got " + azValue + ", computed " +
                                      checksumHex(frame.substr(0, *azAt + 2)));
    msg.checksummed = true;
  }
  return msg;
}

} // namespace lasis::sip2
