#pragma once
// Text conversion between our strings (always UTF-8 inside Lasis) and an ILS's wire charset.

#include "common/core/result.h"

#include <string>
#include <string_view>

namespace lasis::sip2 {

/// The character sets SIP2 servers use on the wire (per ILS profile).
enum class Charset { utf8, cp850, ascii };

std::string_view charsetName(Charset c);
Result<Charset> charsetFromName(std::string_view name);

/// UTF-8 → wire bytes. Strict (we send): a character the charset cannot carry is an error,
/// never a silent '?', so a patron ID is never altered on its way to the ILS.
Result<std::string> encodeText(std::string_view utf8, Charset to);
/// Wire bytes → UTF-8. Invalid UTF-8 is an Errc::parse error naming the byte; CP850 maps every
/// byte; ASCII replaces bytes above 0x7F by U+FFFD (tolerant: the reply is still usable).
Result<std::string> decodeText(std::string_view bytes, Charset from);
/// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
bool validUtf8(std::string_view text, std::size_t* badOffset = nullptr);

} // namespace lasis::sip2
