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
  scan::Scan s = scan::parseAim(text);
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

} // namespace lasis::drivers
