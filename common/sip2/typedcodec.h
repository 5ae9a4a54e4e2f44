#pragma once
// Typed message ↔ generic Message, driven by each struct's describe() (messages.h).
//   auto bytes = encodeTyped(codec, CheckoutRequest{…}, seq);   // exact bytes out
//   auto reply = decodeTyped<CheckoutResponse>(codec, frame);    // typed message in

#include "common/core/result.h"
#include "common/sip2/codec.h"
#include "common/sip2/messages.h"

#include <cctype>
#include <charconv>
#include <optional>
#include <string>

namespace lasis::sip2 {

namespace detail {

/// Visitor that writes a typed message into generic form (strict: wrong lengths are errors).
class TypedEncoder {
public:
  explicit TypedEncoder(const Profile& p, std::string_view code) : m_profile(p) { msg.code = std::string(code); }
  Message msg;
  std::optional<Error> error;

  void bit(const char*, const bool& b) { msg.fixed += b ? '1' : '0'; }
  void yn(const char*, const bool& b) { msg.fixed += b ? 'Y' : 'N'; }
  void ynu(const char*, const std::optional<bool>& b) { msg.fixed += b ? (*b ? 'Y' : 'N') : 'U'; }
  void chars(const char* name, const std::string& s, std::size_t len) {
    if (s.size() != len) fault(std::string(name) + " must be exactly " + std::to_string(len) + " characters");
    std::string v = s;
    v.resize(len, ' ');
    msg.fixed += v;
  }
  void count(const char* name, const int& n, std::size_t width) {
    std::string digits = std::to_string(n < 0 ? 0 : n);
    if (n < 0 || digits.size() > width) {
      fault(std::string(name) + " does not fit in " + std::to_string(width) + " digits");
      digits = std::string(width, '9');
    }
    msg.fixed += std::string(width - digits.size(), '0') + digits;
  }
  void date(const char*, const std::optional<TimePoint>& t) {
    msg.fixed += t ? formatSipDate(*t, m_profile.zone) : std::string(18, ' ');
  }
  void field(const char*, const char* id, const std::string& v, bool required) {
    if (required || !v.empty() || m_profile.sendsEmpty(id)) msg.add(id, v);
  }
  void flag(const char*, const char* id, const std::optional<bool>& b) {
    if (b) msg.add(id, *b ? "Y" : "N");
  }
  void number(const char*, const char* id, const std::optional<int>& n) {
    if (n) msg.add(id, std::to_string(*n));
  }
  void list(const char*, const char* id, const std::vector<std::string>& values) {
    for (const auto& v : values) msg.add(id, v);
  }

private:
  void fault(const std::string& what) {
    if (!error) error = Error(Errc::invalidArgument, "message " + msg.code + ": " + what);
  }
  const Profile& m_profile;
};

/// Visitor that reads a generic message into a typed one (tolerant: odd flags read as "no",
/// unparseable numbers and dates stay out of the typed field but the raw field is kept).
class TypedDecoder {
public:
  explicit TypedDecoder(const Message& m) : m_msg(m), m_used(m.fields.size(), false) {}
  std::optional<Error> error;

  void bit(const char*, bool& b) { b = take(1) == "1"; }
  void yn(const char*, bool& b) {
    const auto s = take(1);
    b = s == "Y" || s == "y";
  }
  void ynu(const char*, std::optional<bool>& b) {
    const auto s = take(1);
    if (s == "Y" || s == "y") b = true;
    else if (s == "N" || s == "n") b = false;
    else b = std::nullopt;
  }
  void chars(const char*, std::string& s, std::size_t len) { s = std::string(take(len)); }
  void count(const char* name, int& n, std::size_t width) {
    auto s = take(width);
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    n = 0;
    if (s.empty()) return;  // Evergreen sends blanks for an unknown count
    if (!parseInt(s, n)) fault(std::string(name) + " is not a number: '" + std::string(s) + "'");
  }
  void date(const char*, std::optional<TimePoint>& t) { t = parseSipDate(take(18)); }
  void field(const char*, const char* id, std::string& v, bool) {
    if (auto i = firstUnused(id)) {
      v = m_msg.fields[*i].value;
      m_used[*i] = true;
    }
  }
  void flag(const char*, const char* id, std::optional<bool>& b) {
    if (auto i = firstUnused(id)) {
      const auto& s = m_msg.fields[*i].value;
      if (s == "Y" || s == "y") b = true;
      else if (s == "N" || s == "n") b = false;
      else return;  // not Y/N: keep it raw in `extra`
      m_used[*i] = true;
    }
  }
  void number(const char*, const char* id, std::optional<int>& n) {
    if (auto i = firstUnused(id)) {
      std::string_view s = m_msg.fields[*i].value;
      while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
      while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
      int v = 0;
      if (!parseInt(s, v)) return;
      n = v;
      m_used[*i] = true;
    }
  }
  void list(const char*, const char* id, std::vector<std::string>& values) {
    for (std::size_t i = 0; i < m_msg.fields.size(); ++i)
      if (!m_used[i] && m_msg.fields[i].id == id) {
        values.push_back(m_msg.fields[i].value);
        m_used[i] = true;
      }
  }
  /// Every field no describe() entry took, in wire order.
  std::vector<Field> leftovers() const {
    std::vector<Field> out;
    for (std::size_t i = 0; i < m_msg.fields.size(); ++i)
      if (!m_used[i]) out.push_back(m_msg.fields[i]);
    return out;
  }

private:
  static bool parseInt(std::string_view s, int& out) {
    if (s.empty()) return false;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
  }
  std::string_view take(std::size_t n) {
    std::string_view f = m_msg.fixed;
    if (m_pos + n > f.size()) {
      fault("fixed part too short");
      m_pos = f.size();
      return {};
    }
    auto s = f.substr(m_pos, n);
    m_pos += n;
    return s;
  }
  std::optional<std::size_t> firstUnused(std::string_view id) const {
    for (std::size_t i = 0; i < m_msg.fields.size(); ++i)
      if (!m_used[i] && m_msg.fields[i].id == id) return i;
    return std::nullopt;
  }
  void fault(const std::string& what) {
    if (!error) error = Error(Errc::parse, "message " + m_msg.code + ": " + what);
  }
  const Message& m_msg;
  std::vector<bool> m_used;
  std::size_t m_pos = 0;
};

} // namespace detail

/// Typed → generic. `extra` fields are appended after the described ones, in order.
template <class M>
Result<Message> toMessage(const M& m, const Profile& profile) {
  detail::TypedEncoder enc(profile, M::code);
  M::describe(m, enc);
  if (enc.error) return *enc.error;
  for (const auto& f : m.extra) enc.msg.fields.push_back(f);
  return std::move(enc.msg);
}

/// Generic → typed. Fails (Errc::parse) when the code is not M's or a fixed count is garbage.
template <class M>
Result<M> fromMessage(const Message& msg) {
  if (msg.code != M::code)
    return fail(Errc::parse, "expected a " + std::string(messageName(M::code)) + " (" + std::string(M::code) +
                                 "), got a " + std::string(messageName(msg.code)) + " (" + msg.code + ")");
  M m;
  detail::TypedDecoder dec(msg);
  M::describe(m, dec);
  if (dec.error) return *dec.error;
  m.extra = dec.leftovers();
  return m;
}

/// Exact wire bytes of a typed message (terminator and AY/AZ per the codec's profile).
template <class M>
Result<std::string> encodeTyped(const Codec& codec, const M& m, std::optional<int> sequence = std::nullopt) {
  auto msg = toMessage(m, codec.profile());
  if (!msg) return msg.error();
  return codec.encode(*msg, sequence);
}

/// Parses one frame into a typed message.
template <class M>
Result<M> decodeTyped(const Codec& codec, std::string_view frame) {
  auto msg = codec.parse(frame);
  if (!msg) return msg.error();
  return fromMessage<M>(*msg);
}

} // namespace lasis::sip2
