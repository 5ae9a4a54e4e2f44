#include "drivers/scanner/codeassembler.h"


namespace lasis::drivers {

void CodeAssembler::append(std::string_view text) {
  m_length += text.size();
  // Past the limit the bytes are counted, not kept: a scanner stuck in a loop costs no memory.
  if (m_text.size() + text.size() <= scan::kMaxCodeLength) m_text += text;
}

void CodeAssembler::garbage(const std::string& why) {
  if (m_why.empty()) m_why = why;
  ++m_length;  // the bad byte or key is part of the code that is dropped
}

Result<scan::Scan> CodeAssembler::finish() {
  const std::string text = std::move(m_text);
  const std::size_t length = m_length;
  const std::string why = std::move(m_why);
  m_text.clear();
  m_why.clear();
  m_length = 0;
  if (!why.empty())
    return fail(Errc::invalidArgument, "scanner " + m_source + ": a code with " + why + " was dropped (" +
                                           std::to_string(length) + " bytes; check the scanner's interface settings)");
  if (length > scan::kMaxCodeLength)
    return fail(Errc::invalidArgument, "scanner " + m_source + ": a code of " + std::to_string(length) +
                                           " bytes, longer than " + std::to_string(scan::kMaxCodeLength) +
                                           ", was dropped (is the suffix set as in the URL?)");
  scan::Scan s = splitAim(text);
  s.source = m_source;
  return s;
}

std::size_t CodeAssembler::drop() {
  const std::size_t n = m_length;
  m_text.clear();
  m_why.clear();
  m_length = 0;
  return n;
}

scan::Scan splitAim(std::string_view raw) {
  scan::Scan s;
  if (raw.size() >= 3 && raw[0] == ']' && ((raw[1] >= 'A' && raw[1] <= 'Z') || (raw[1] >= 'a' && raw[1] <= 'z')) &&
      ((raw[2] >= '0' && raw[2] <= '9') || (raw[2] >= 'A' && raw[2] <= 'Z'))) {
    switch (raw[1]) {
    case 'A': s.symbology = scan::Symbology::code39; break;
    case 'C': s.symbology = scan::Symbology::code128; break;
    case 'F': s.symbology = scan::Symbology::codabar; break;
    case 'E': s.symbology = scan::Symbology::ean13; break;
    case 'I': s.symbology = scan::Symbology::itf; break;
    case 'Q': s.symbology = scan::Symbology::qr; break;
    case 'd': s.symbology = scan::Symbology::datamatrix; break;
    default: s.symbology = scan::Symbology::other; break;
    }
    raw.remove_prefix(3);
  }
  s.text = std::string(raw);
  return s;
}

std::string_view symbologyName(scan::Symbology s) {
  switch (s) {
  case scan::Symbology::unknown: return "unknown";
  case scan::Symbology::code39: return "code39";
  case scan::Symbology::code128: return "code128";
  case scan::Symbology::codabar: return "codabar";
  case scan::Symbology::ean13: return "ean13";
  case scan::Symbology::itf: return "itf";
  case scan::Symbology::qr: return "qr";
  case scan::Symbology::datamatrix: return "datamatrix";
  case scan::Symbology::other: return "other";
  }
  return "unknown";
}

} // namespace lasis::drivers
