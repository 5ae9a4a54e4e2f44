// ISO/IEC 15962 compaction schemes and ISO 28560-2 ISIL compaction.
//
// Evidence (the standards are not public): the public implementations of DigitalPlatform/dp2
// (DigitalPlatform.RFID Compact/Element, with test vectors from GB/T 35660.2-2017, the Chinese
// adoption of ISO 28560-2), the Kotlin decoder in com.xingzhi.rfid.hf.iso28560 and a Finnish
// ISO 28560 parser agree on every rule implemented here; tests/unit/tagdata_compaction_test.cpp
// checks their vectors.
#include "common/tagdata/compaction.h"

#include <algorithm>
#include <array>

namespace lasis::tagdata::compaction {

namespace {

/// Appends bits most significant first.
class BitWriter {
public:
  void put(unsigned value, int bits) {
    for (int i = bits - 1; i >= 0; --i) {
      if (m_used == 0) m_out.push_back(0);
      if ((value >> i) & 1u) m_out.back() |= static_cast<std::uint8_t>(0x80u >> m_used);
      m_used = (m_used + 1) % 8;
    }
  }
  /// Bits left in the last byte (0 when it is full).
  int spare() const { return m_used == 0 ? 0 : 8 - m_used; }
  Bytes take() { return std::move(m_out); }

private:
  Bytes m_out;
  int m_used = 0;  // bits used in the last byte
};

/// Reads bits most significant first; never past the end.
class BitReader {
public:
  explicit BitReader(ByteView data) : m_data(data) {}
  std::size_t left() const { return m_data.size() * 8 - m_pos; }
  unsigned get(int bits) {
    unsigned v = 0;
    for (int i = 0; i < bits; ++i, ++m_pos)
      v = (v << 1) | ((m_data[m_pos / 8] >> (7 - m_pos % 8)) & 1u);
    return v;
  }

private:
  ByteView m_data;
  std::size_t m_pos = 0;
};

bool allDigits(std::string_view t) {
  return std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool validUtf8(std::string_view t) {
  const auto* s = reinterpret_cast<const unsigned char*>(t.data());
  for (std::size_t i = 0; i < t.size();) {
    const unsigned char b = s[i];
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > t.size() || (n == 2 && b < 0xC2)) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((s[i + k] & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

Bytes integerBytes(std::string_view digits) {
  Bytes n;  // big-endian base 256
  for (char c : digits) {
    unsigned carry = static_cast<unsigned>(c - '0');
    for (auto it = n.rbegin(); it != n.rend(); ++it) {
      const unsigned v = *it * 10u + carry;
      *it = static_cast<std::uint8_t>(v & 0xFF);
      carry = v >> 8;
    }
    while (carry) {
      n.insert(n.begin(), static_cast<std::uint8_t>(carry & 0xFF));
      carry >>= 8;
    }
  }
  return n;
}

std::string integerDigits(ByteView data) {
  std::string dec = "0";  // decimal digits, most significant first
  for (auto b : data) {
    unsigned carry = b;
    for (auto it = dec.rbegin(); it != dec.rend(); ++it) {
      const unsigned v = static_cast<unsigned>(*it - '0') * 256u + carry;
      *it = static_cast<char>('0' + v % 10);
      carry = v / 10;
    }
    while (carry) {
      dec.insert(dec.begin(), static_cast<char>('0' + carry % 10));
      carry /= 10;
    }
  }
  const auto first = dec.find_first_not_of('0');
  return first == std::string::npos ? "0" : dec.substr(first);
}

} // namespace

std::string_view toString(Scheme s) {
  static constexpr std::array<std::string_view, 8> names = {"application-defined", "integer", "numeric", "5-bit",
                                                            "6-bit",               "7-bit",   "octet",   "utf-8"};
  return names[static_cast<std::size_t>(s) & 7];
}

bool canCompact(Scheme scheme, std::string_view t) {
  switch (scheme) {
    case Scheme::integer: return !t.empty() && t[0] != '0' && allDigits(t);
    case Scheme::numeric: return allDigits(t);
    case Scheme::fiveBit:
      return std::all_of(t.begin(), t.end(), [](char c) { return c >= 0x41 && c <= 0x5F; });
    case Scheme::sixBit:
      // A trailing space would be taken for padding.
      return (t.empty() || t.back() != ' ') &&
             std::all_of(t.begin(), t.end(), [](char c) { return c >= 0x20 && c <= 0x5F; });
    case Scheme::sevenBit:
      return std::all_of(t.begin(), t.end(), [](char c) { return static_cast<unsigned char>(c) < 0x7F; });
    case Scheme::octet: return true;
    case Scheme::utf8: return validUtf8(t);
    case Scheme::applicationDefined: return false;
  }
  return false;
}

Result<Bytes> compact(Scheme scheme, std::string_view t) {
  if (!canCompact(scheme, t))
    return fail(Errc::invalidArgument, "\"" + std::string(t) + "\" cannot be stored with " +
                                           std::string(toString(scheme)) + " compaction");
  BitWriter w;
  switch (scheme) {
    case Scheme::integer: return integerBytes(t);
    case Scheme::numeric: {
      for (char c : t) w.put(static_cast<unsigned>(c - '0'), 4);
      if (w.spare()) w.put(0xF, 4);
      return w.take();
    }
    case Scheme::fiveBit:
      for (char c : t) w.put(static_cast<unsigned>(c) & 0x1F, 5);
      return w.take();  // zero padding: a 00000 group ends the text
    case Scheme::sixBit:
      for (char c : t) w.put(static_cast<unsigned>(c) & 0x3F, 6);
      if (w.spare()) w.put(0x20u >> (6 - w.spare()), w.spare());  // the leading bits of 100000
      return w.take();
    case Scheme::sevenBit:
      for (char c : t) w.put(static_cast<unsigned>(c) & 0x7F, 7);
      if (w.spare()) w.put(0xFF, w.spare());
      return w.take();
    case Scheme::octet:
    case Scheme::utf8: return Bytes(t.begin(), t.end());
    case Scheme::applicationDefined: break;
  }
  return fail(Errc::internal, "application-defined compaction has no generic form");
}

Result<std::string> expand(Scheme scheme, ByteView data) {
  std::string out;
  BitReader r(data);
  switch (scheme) {
    case Scheme::integer:
      if (data.empty()) return fail(Errc::parse, "integer compaction with no bytes");
      return integerDigits(data);
    case Scheme::numeric:
      for (std::size_t i = 0; i < data.size() * 2; ++i) {
        const unsigned nib = (data[i / 2] >> (i % 2 ? 0 : 4)) & 0xF;
        if (nib == 0xF && i == data.size() * 2 - 1) break;  // the pad of an odd digit count
        if (nib > 9) return fail(Errc::parse, "numeric compaction holds nibble " + std::to_string(nib));
        out.push_back(static_cast<char>('0' + nib));
      }
      return out;
    case Scheme::fiveBit:
      while (r.left() >= 5) {
        const unsigned g = r.get(5);
        if (g == 0) break;
        out.push_back(static_cast<char>(g | 0x40));
      }
      while (r.left() > 0)
        if (r.get(1) != 0) return fail(Errc::parse, "5-bit compaction: data after its end");
      return out;
    case Scheme::sixBit:
      while (r.left() >= 6) {
        const unsigned g = r.get(6);
        out.push_back(static_cast<char>((g & 0x20) ? g : (g | 0x40)));
      }
      if (!out.empty() && out.back() == ' ') out.pop_back();  // a whole 100000 pad
      return out;
    case Scheme::sevenBit:
      while (r.left() >= 7) {
        const unsigned g = r.get(7);
        if (g == 0x7F) {
          if (r.left() == 0) break;  // a whole 1111111 pad
          return fail(Errc::parse, "7-bit compaction holds DEL (0x7F)");
        }
        out.push_back(static_cast<char>(g));
      }
      return out;
    case Scheme::octet: return std::string(data.begin(), data.end());
    case Scheme::utf8: {
      std::string s(data.begin(), data.end());
      if (!validUtf8(s)) return fail(Errc::parse, "UTF-8 compaction holds invalid UTF-8");
      return s;
    }
    case Scheme::applicationDefined: break;
  }
  return fail(Errc::internal, "application-defined compaction has no generic form");
}

Scheme bestScheme(std::string_view t) {
  const bool ascii = std::all_of(t.begin(), t.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  Scheme best = ascii ? Scheme::octet : Scheme::utf8;
  std::size_t bestSize = t.size();
  for (auto s : {Scheme::integer, Scheme::numeric, Scheme::fiveBit, Scheme::sixBit, Scheme::sevenBit}) {
    if (!canCompact(s, t)) continue;
    const auto c = compact(s, t);
    if (c.ok() && c->size() < bestSize) {
      best = s;
      bestSize = c->size();
    } else if (c.ok() && c->size() == bestSize && static_cast<int>(s) < static_cast<int>(best)) {
      best = s;
    }
  }
  return best;
}

// --- ISIL -----------------------------------------------------------------------------------

namespace {

enum class Set { upper, lower, digit };

constexpr unsigned kLatchOther = 28, kShiftOther = 29, kLatchDigit = 30, kShiftDigit = 31;  // 5-bit sets
constexpr unsigned kDLatchUpper = 12, kDShiftUpper = 13, kDLatchLower = 14, kDShiftLower = 15;  // digits

bool inSet(char c, Set s) {
  switch (s) {
    case Set::upper: return (c >= 'A' && c <= 'Z') || c == '-' || c == ':';
    case Set::lower: return (c >= 'a' && c <= 'z') || c == '-' || c == '/';
    case Set::digit: return (c >= '0' && c <= '9') || c == '-' || c == ':';
  }
  return false;
}

Set homeSet(char c) {
  if (c >= 'a' && c <= 'z') return Set::lower;
  if (c == '/') return Set::lower;
  if (c >= '0' && c <= '9') return Set::digit;
  return Set::upper;
}

unsigned code(char c, Set s) {
  if (c == '-') return s == Set::digit ? 10 : 0;
  if (c == ':') return s == Set::digit ? 11 : 27;
  if (c == '/') return 27;
  if (s == Set::digit) return static_cast<unsigned>(c - '0');
  return static_cast<unsigned>(s == Set::upper ? c - 'A' + 1 : c - 'a' + 1);
}

// The code that moves from `from` to `to`, latching or for one character.
void switchSet(BitWriter& w, Set from, Set to, bool latch) {
  if (from == Set::digit) {
    w.put(to == Set::upper ? (latch ? kDLatchUpper : kDShiftUpper) : (latch ? kDLatchLower : kDShiftLower), 4);
  } else if (to == Set::digit) {
    w.put(latch ? kLatchDigit : kShiftDigit, 5);
  } else {
    w.put(latch ? kLatchOther : kShiftOther, 5);
  }
}

} // namespace

bool canCompactIsil(std::string_view isil) {
  return std::all_of(isil.begin(), isil.end(), [](char c) {
    return inSet(c, Set::upper) || inSet(c, Set::lower) || inSet(c, Set::digit);
  });
}

Result<Bytes> compactIsil(std::string_view isil) {
  if (!canCompactIsil(isil))
    return fail(Errc::invalidArgument, "\"" + std::string(isil) + "\" holds characters an ISIL may not hold");
  BitWriter w;
  Set current = Set::upper;
  for (std::size_t i = 0; i < isil.size(); ++i) {
    const char c = isil[i];
    if (inSet(c, current)) {
      w.put(code(c, current), current == Set::digit ? 4 : 5);
      continue;
    }
    const Set target = homeSet(c);
    // Shift for a lone character when the next one is back in the current set; latch otherwise.
    const bool latch = i + 1 < isil.size() && !inSet(isil[i + 1], current);
    switchSet(w, current, target, latch);
    w.put(code(c, target), target == Set::digit ? 4 : 5);
    if (latch) current = target;
  }
  if (w.spare()) w.put(0xFF, w.spare());  // ones: only shift/latch codes, never a character
  return w.take();
}

Result<std::string> expandIsil(ByteView data) {
  std::string out;
  BitReader r(data);
  Set latched = Set::upper;
  std::optional<Set> shifted;
  for (;;) {
    const Set s = shifted.value_or(latched);
    const int width = s == Set::digit ? 4 : 5;
    if (r.left() < static_cast<std::size_t>(width)) break;  // padding
    const unsigned g = r.get(width);
    if (s == Set::digit) {
      if (g <= 9) out.push_back(static_cast<char>('0' + g));
      else if (g == 10) out.push_back('-');
      else if (g == 11) out.push_back(':');
      else {
        const Set to = (g == kDLatchUpper || g == kDShiftUpper) ? Set::upper : Set::lower;
        if (g == kDLatchUpper || g == kDLatchLower) { latched = to; shifted.reset(); }
        else shifted = to;
        continue;
      }
    } else if (g >= kLatchOther) {
      const Set to = (g == kLatchDigit || g == kShiftDigit) ? Set::digit : (s == Set::upper ? Set::lower : Set::upper);
      if (g == kLatchOther || g == kLatchDigit) { latched = to; shifted.reset(); }
      else shifted = to;
      continue;
    } else if (g == 0) {
      out.push_back('-');
    } else if (g == 27) {
      out.push_back(s == Set::upper ? ':' : '/');
    } else {
      out.push_back(static_cast<char>((s == Set::upper ? 'A' : 'a') + g - 1));
    }
    shifted.reset();  // a shift lasts one character
  }
  return out;
}

} // namespace lasis::tagdata::compaction
