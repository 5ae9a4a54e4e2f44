#include "common/sip2/charset.h"

#include <array>
#include <cstdint>
#include <cstdio>

namespace lasis::sip2 {
namespace {

// Code page 850, bytes 0x80–0xFF as Unicode code points (the IBM table; checked against
// glibc's IBM850 converter in the tests).
constexpr std::array<std::uint16_t, 128> kCp850 = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE,
    0x00EC, 0x00C4, 0x00C5, 0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9, 0x00FF, 0x00D6,
    0x00DC, 0x00F8, 0x00A3, 0x00D8, 0x00D7, 0x0192, 0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA,
    0x00BA, 0x00BF, 0x00AE, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB, 0x2591, 0x2592, 0x2593, 0x2502,
    0x2524, 0x00C1, 0x00C2, 0x00C0, 0x00A9, 0x2563, 0x2551, 0x2557, 0x255D, 0x00A2, 0x00A5, 0x2510, 0x2514,
    0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x00E3, 0x00C3, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550,
    0x256C, 0x00A4, 0x00F0, 0x00D0, 0x00CA, 0x00CB, 0x00C8, 0x0131, 0x00CD, 0x00CE, 0x00CF, 0x2518, 0x250C,
    0x2588, 0x2584, 0x00A6, 0x00CC, 0x2580, 0x00D3, 0x00DF, 0x00D4, 0x00D2, 0x00F5, 0x00D5, 0x00B5, 0x00FE,
    0x00DE, 0x00DA, 0x00DB, 0x00D9, 0x00FD, 0x00DD, 0x00AF, 0x00B4, 0x00AD, 0x00B1, 0x2017, 0x00BE, 0x00B6,
    0x00A7, 0x00F7, 0x00B8, 0x00B0, 0x00A8, 0x00B7, 0x00B9, 0x00B3, 0x00B2, 0x25A0, 0x00A0,
};

void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes one code point at `i`; returns false on any malformed sequence (bounds-checked).
bool nextCodePoint(std::string_view s, std::size_t& i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    ++i;
    return true;
  }
  int extra = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) { extra = 1; cp = b0 & 0x1F; min = 0x80; }
  else if ((b0 & 0xF0) == 0xE0) { extra = 2; cp = b0 & 0x0F; min = 0x800; }
  else if ((b0 & 0xF8) == 0xF0) { extra = 3; cp = b0 & 0x07; min = 0x10000; }
  else return false;
  if (i + extra >= s.size()) return false;  // truncated sequence: never read past the end
  for (int k = 1; k <= extra; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  i += extra + 1;
  return true;
}

} // namespace

std::string_view charsetName(Charset c) {
  switch (c) {
  case Charset::utf8: return "utf-8";
  case Charset::cp850: return "cp850";
  case Charset::ascii: return "ascii";
  }
  return "?";
}

Result<Charset> charsetFromName(std::string_view name) {
  if (name == "utf-8" || name == "utf8" || name == "UTF-8") return Charset::utf8;
  if (name == "cp850" || name == "CP850" || name == "ibm850") return Charset::cp850;
  if (name == "ascii" || name == "ASCII" || name == "us-ascii") return Charset::ascii;
  return fail(Errc::config, "unknown SIP2 charset '" + std::string(name) + "' (use utf-8, cp850 or ascii)");
}

bool validUtf8(std::string_view text, std::size_t* badOffset) {
  std::size_t i = 0;
  char32_t cp = 0;
  while (i < text.size()) {
    const std::size_t at = i;
    if (!nextCodePoint(text, i, cp)) {
      if (badOffset) *badOffset = at;
      return false;
    }
  }
  return true;
}

Result<std::string> encodeText(std::string_view utf8, Charset to) {
  std::size_t bad = 0;
  if (!validUtf8(utf8, &bad))
    return fail(Errc::invalidArgument, "text is not valid UTF-8 at byte " + std::to_string(bad));
  if (to == Charset::utf8) return std::string(utf8);
  std::string out;
  out.reserve(utf8.size());
  std::size_t i = 0;
  char32_t cp = 0;
  while (i < utf8.size()) {
    nextCodePoint(utf8, i, cp);
    if (cp < 0x80) {
      out += static_cast<char>(cp);
      continue;
    }
    bool mapped = false;
    if (to == Charset::cp850) {
      for (std::size_t k = 0; k < kCp850.size(); ++k) {
        if (kCp850[k] == cp) {
          out += static_cast<char>(0x80 + k);
          mapped = true;
          break;
        }
      }
    }
    if (!mapped) {
      char hex[16];
      std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
      return fail(Errc::invalidArgument, std::string("character ") + hex + " cannot be sent in the ILS charset " +
                                             std::string(charsetName(to)));
    }
  }
  return out;
}

Result<std::string> decodeText(std::string_view bytes, Charset from) {
  if (from == Charset::utf8) {
    std::size_t bad = 0;
    if (!validUtf8(bytes, &bad))
      return fail(Errc::parse, "invalid UTF-8 at byte " + std::to_string(bad));
    return std::string(bytes);
  }
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) out += c;
    else if (from == Charset::cp850) appendUtf8(out, kCp850[b - 0x80]);
    else appendUtf8(out, 0xFFFD);
  }
  return out;
}

} // namespace lasis::sip2
