#pragma once
// Text conversion between our strings (always UTF-8 inside Lasis) and an ILS's wire charset,
// through glibc's iconv: a profile may name any code page iconv knows (`WINDOWS-1257`,
// `ISO-8859-13`, `WINDOWS-1251`, `KOI8-U`, `CP866`, `CP850`/`IBM850`, `UTF-8`, `ASCII`, …).
//
// The two rules for characters a code page cannot carry:
//  - Identifiers we send (patron and item ids, PINs, institution, login, locations): strict.
//    Such a character is an Errc::invalidArgument error naming it; the value is never altered,
//    so the ILS never sees an id that is not the patron's (Unmappable::refuse).
//  - Free text (titles, screen messages, print lines, names, what a server sends back):
//    each such character becomes iconv's transliteration (`//TRANSLIT` in the C.UTF-8 locale,
//    so the result does not depend on the process's locale: "ā" → "a", "“" → "\""), and when
//    there is none, or it would put a '|', CR, LF or NUL into the frame, a '?'
//    (Unmappable::substitute). Never a crash, never a broken frame.
// Decoding never fails for an 8-bit page: a byte the page does not define becomes U+FFFD.
// UTF-8 stays strict both ways (invalid UTF-8 is an error naming the byte).
//
// Only charsets that keep ASCII as ASCII are accepted: SIP2's codes, fixed fields, '|' and CR
// are ASCII bytes on the wire whatever the page (UTF-16 or EBCDIC would break every frame).
// The checksum (AZ) is computed by the codec over the encoded bytes, after this conversion.

#include "common/core/result.h"

#include <array>
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace lasis::sip2 {

/// A wire character set: a name iconv knows, checked once by charsetFromName(). A plain value
/// (no iconv handle inside), so profiles copy it freely; each conversion opens its own handle.
class Charset {
public:
  static const Charset utf8;   ///< "UTF-8": what most servers speak today
  static const Charset cp850;  ///< "CP850": the 3M specification's default
  static const Charset ascii;  ///< "ASCII"

  /// The canonical name (upper case, as iconv spells it): "WINDOWS-1257", "UTF-8".
  std::string_view name() const { return {m_name.data(), m_size}; }
  bool isUtf8() const { return name() == "UTF-8"; }
  bool operator==(const Charset& o) const { return name() == o.name(); }

private:
  friend Result<Charset> charsetFromName(std::string_view name);
  static constexpr std::size_t kMaxName = 40;
  constexpr explicit Charset(std::string_view canonical) : m_size(canonical.size()) {
    for (std::size_t i = 0; i < canonical.size() && i < kMaxName; ++i) m_name[i] = canonical[i];
  }
  // A fixed array, not a std::string: the three constants above are constant-initialised, so
  // a Profile built during static initialisation never copies an empty name.
  std::array<char, kMaxName> m_name{};
  std::size_t m_size = 0;
};

inline constexpr Charset Charset::utf8{"UTF-8"};
inline constexpr Charset Charset::cp850{"CP850"};
inline constexpr Charset Charset::ascii{"ASCII"};

inline std::ostream& operator<<(std::ostream& os, const Charset& c) { return os << c.name(); }

/// The canonical name ("WINDOWS-1257").
std::string_view charsetName(const Charset& c);
/// Any name iconv converts both ways and that keeps ASCII as ASCII; case does not matter and
/// today's spellings (`utf-8`, `utf8`, `cp850`, `ibm850`, `ascii`, `us-ascii`) still work.
/// An unknown name is an Errc::config error naming it.
Result<Charset> charsetFromName(std::string_view name);

/// What encodeText does with a character the target charset cannot carry (see the top).
enum class Unmappable {
  refuse,      ///< identifiers: Errc::invalidArgument naming the character, nothing altered
  substitute,  ///< free text: iconv's transliteration, else '?'; never '|', CR, LF or NUL
};

/// UTF-8 → wire bytes. Input that is not valid UTF-8 is an Errc::invalidArgument error.
Result<std::string> encodeText(std::string_view utf8, const Charset& to, Unmappable rule = Unmappable::refuse);
/// Wire bytes → UTF-8. Invalid UTF-8 is an Errc::parse error naming the byte; other charsets
/// never fail: a byte (or sequence) the page does not define becomes U+FFFD, so a reply with
/// one odd byte is still usable.
Result<std::string> decodeText(std::string_view bytes, const Charset& from);
/// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
bool validUtf8(std::string_view text, std::size_t* badOffset = nullptr);

} // namespace lasis::sip2
