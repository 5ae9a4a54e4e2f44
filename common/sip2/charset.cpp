#include "common/sip2/charset.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <optional>
#include <iconv.h>
#include <locale.h>

namespace lasis::sip2 {
namespace {

// Bytes the fallback must never produce: each would end or split a SIP2 frame.
bool breaksFrame(std::string_view bytes) {
  return bytes.find_first_of(std::string_view("|\r\n\0", 4)) != std::string_view::npos;
}

bool allAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string codePointName(char32_t cp) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
  return hex;
}

/// One iconv conversion descriptor (they carry shift state, so one per conversion, never shared).
class Iconv {
public:
  Iconv(const std::string& to, const std::string& from) : m_cd(::iconv_open(to.c_str(), from.c_str())) {}
  ~Iconv() {
    if (ok()) ::iconv_close(m_cd);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  bool ok() const { return m_cd != reinterpret_cast<iconv_t>(-1); }

  struct Outcome {
    std::size_t consumed = 0;      ///< input bytes converted
    int error = 0;                 ///< 0, EILSEQ (cannot convert) or EINVAL (cut-off input)
    std::size_t irreversible = 0;  ///< characters converted inexactly (iconv's return value)
  };
  /// Converts `in`, appending to `out`, up to the end or the first error.
  Outcome convert(std::string_view in, std::string& out) {
    char* ip = const_cast<char*>(in.data());  // iconv's signature; it does not write the input
    std::size_t il = in.size();
    Outcome o;
    std::string buf(in.size() * 4 + 16, '\0');
    while (true) {
      char* op = buf.data();
      std::size_t ol = buf.size();
      const std::size_t r = ::iconv(m_cd, &ip, &il, &op, &ol);
      out.append(buf.data(), static_cast<std::size_t>(op - buf.data()));
      if (r != static_cast<std::size_t>(-1)) {
        o.irreversible += r;
        break;
      }
      if (errno != E2BIG) {
        o.error = errno;
        break;
      }
    }
    o.consumed = in.size() - il;
    return o;
  }
  /// Writes what returns a stateful encoding to its initial state (nothing for 8-bit pages).
  void finish(std::string& out) {
    char buf[32];
    char* op = buf;
    std::size_t ol = sizeof buf;
    ::iconv(m_cd, nullptr, nullptr, &op, &ol);
    out.append(buf, static_cast<std::size_t>(op - buf));
  }

private:
  iconv_t m_cd;
};

/// Runs a transliteration in the C.UTF-8 locale: glibc's //TRANSLIT follows the calling
/// thread's LC_CTYPE, and in the plain C locale it turns even "ā" into '?'. Pinning it makes
/// the fallback the same in the kiosk, the CLI and the tests. Without C.UTF-8 installed, the
/// process's own locale is used.
class TranslitLocale {
public:
  TranslitLocale() : m_loc(::newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr))) {
    if (m_loc) m_old = ::uselocale(m_loc);
  }
  ~TranslitLocale() {
    if (!m_loc) return;
    ::uselocale(m_old);
    ::freelocale(m_loc);
  }
  TranslitLocale(const TranslitLocale&) = delete;
  TranslitLocale& operator=(const TranslitLocale&) = delete;

private:
  locale_t m_loc;
  locale_t m_old = nullptr;
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

/// The code point starting at byte `at` of valid UTF-8, for error messages.
char32_t codePointAt(std::string_view utf8, std::size_t at) {
  char32_t cp = 0xFFFD;
  if (at < utf8.size()) nextCodePoint(utf8, at, cp);
  return cp;
}

Error cannotCarry(std::string_view utf8, std::size_t at, const Charset& to) {
  const char32_t cp = codePointAt(utf8, at);
  std::string shown;
  appendUtf8(shown, cp);
  return Error(Errc::invalidArgument, "character " + codePointName(cp) + " '" + shown +
                                          "' cannot be sent in the ILS charset " + std::string(to.name()));
}

Error noConverter(const Charset& c) {
  return Error(Errc::config, "iconv cannot convert the ILS charset " + std::string(c.name()) +
                                 " (are glibc's gconv modules installed? `iconv --list` shows what is)");
}

/// Free text, one character at a time: exact if the page has it, else iconv's transliteration,
/// else '?'; a character whose bytes would split the frame becomes '?' too.
Result<std::string> encodeSubstituting(std::string_view utf8, const Charset& to) {
  const std::string name(to.name());
  Iconv exact(name, "UTF-8");
  if (!exact.ok()) return noConverter(to);
  // Both made at the first character the page lacks (most free text never needs them); the
  // locale stays pinned from then to the end of this call.
  std::optional<TranslitLocale> pinned;
  std::optional<Iconv> translit;
  std::string out;
  out.reserve(utf8.size());
  std::size_t i = 0;
  char32_t cp = 0;
  while (i < utf8.size()) {
    const std::size_t start = i;
    nextCodePoint(utf8, i, cp);  // validated by the caller
    const auto one = utf8.substr(start, i - start);
    if (cp < 0x80) {  // every charset we accept keeps ASCII as ASCII (charsetFromName checks)
      out += one;
      continue;
    }
    std::string bytes;
    const auto o = exact.convert(one, bytes);
    if (o.error == 0 && o.irreversible == 0 && !bytes.empty() && !breaksFrame(bytes)) {
      out += bytes;
      continue;
    }
    std::string alt;
    if (!translit) {
      pinned.emplace();
      translit.emplace(name + "//TRANSLIT", "UTF-8");
    }
    if (translit->ok()) {
      const auto t = translit->convert(one, alt);
      if (t.error != 0) alt.clear();
    }
    out += !alt.empty() && !breaksFrame(alt) ? alt : std::string("?");
  }
  exact.finish(out);
  return out;
}

} // namespace

std::string_view charsetName(const Charset& c) { return c.name(); }

Result<Charset> charsetFromName(std::string_view name) {
  const auto unknown = [&](const std::string& why) {
    return fail(Errc::config, "unknown SIP2 charset '" + std::string(name) + "': " + why +
                                  " (e.g. UTF-8, WINDOWS-1257, ISO-8859-13, WINDOWS-1251, KOI8-U, CP866, CP850, "
                                  "ASCII; `iconv --list` shows every name)");
  };
  std::string canon;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    // iconv's own suffixes (//TRANSLIT, //IGNORE) are not for a profile: the fallback is ours.
    if (!std::isalnum(u) && c != '-' && c != '_' && c != '.' && c != ':')
      return unknown("a charset name is letters, digits and - _ . : only");
    canon += static_cast<char>(std::toupper(u));
  }
  if (canon.empty()) return unknown("empty name");
  if (canon == "UTF8") canon = "UTF-8";
  if (canon.size() > 40) return unknown("name too long");
  // Stateful encodings switch meaning with escape sequences that SIP2 fields cannot keep.
  if (canon.rfind("ISO-2022", 0) == 0 || canon.rfind("ISO2022", 0) == 0 || canon.rfind("CSISO2022", 0) == 0)
    return unknown("a stateful encoding (ISO-2022) cannot carry SIP2 fields");
  const Charset c(canon);
  if (c.isUtf8()) return c;
  Iconv to(canon, "UTF-8"), from("UTF-8", canon);
  if (!to.ok() || !from.ok()) return unknown("iconv does not know it");
  // SIP2 frames are ASCII: codes, fixed fields, '|', CR. A charset that writes them otherwise
  // (UTF-16, UTF-7, EBCDIC) would break every frame.
  std::string ascii = "\r\n";
  for (char ch = 0x20; ch < 0x7F; ++ch) ascii += ch;
  std::string there, back;
  const auto t = to.convert(ascii, there);
  to.finish(there);
  const auto b = from.convert(there, back);
  if (t.error != 0 || b.error != 0 || there != ascii || back != ascii)
    return unknown("it does not write ASCII as ASCII, which SIP2 frames need");
  return c;
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

Result<std::string> encodeText(std::string_view utf8, const Charset& to, Unmappable rule) {
  std::size_t bad = 0;
  if (!validUtf8(utf8, &bad))
    return fail(Errc::invalidArgument, "text is not valid UTF-8 at byte " + std::to_string(bad));
  if (to.isUtf8() || allAscii(utf8)) return std::string(utf8);
  if (rule == Unmappable::substitute) return encodeSubstituting(utf8, to);
  Iconv cd(std::string(to.name()), "UTF-8");
  if (!cd.ok()) return noConverter(to);
  std::string out;
  const auto o = cd.convert(utf8, out);
  if (o.error != 0) return cannotCarry(utf8, o.consumed, to);
  cd.finish(out);
  // iconv may map a character to a near one and say so only in its count: for an identifier
  // that would be a different id, so it is refused like a character the page lacks.
  if (o.irreversible != 0)
    return fail(Errc::invalidArgument, "text cannot be sent exactly in the ILS charset " + std::string(to.name()));
  if (breaksFrame(out))
    return fail(Errc::invalidArgument, "text would contain a '|', CR, LF or NUL byte in the ILS charset " +
                                           std::string(to.name()));
  return out;
}

Result<std::string> decodeText(std::string_view bytes, const Charset& from) {
  if (from.isUtf8()) {
    std::size_t bad = 0;
    if (!validUtf8(bytes, &bad))
      return fail(Errc::parse, "invalid UTF-8 at byte " + std::to_string(bad));
    return std::string(bytes);
  }
  if (allAscii(bytes)) return std::string(bytes);
  Iconv cd("UTF-8", std::string(from.name()));
  if (!cd.ok()) return noConverter(from);
  std::string out;
  out.reserve(bytes.size() * 2);
  while (!bytes.empty()) {
    const auto o = cd.convert(bytes, out);
    bytes.remove_prefix(o.consumed);
    if (o.error == 0) break;
    // A byte the page does not define (or a multi-byte sequence cut off): U+FFFD, go on.
    appendUtf8(out, 0xFFFD);
    bytes.remove_prefix(1);
  }
  cd.finish(out);
  return out;
}

} // namespace lasis::sip2
