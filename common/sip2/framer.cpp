#include "common/sip2/framer.h"

#include "common/sip2/codec.h"

namespace lasis::sip2 {

Status Framer::feed(std::string_view bytes) {
  for (char c : bytes) {
    if (c == '\r') {
      if (!m_partial.empty()) m_frames.push_back(std::move(m_partial));
      m_partial.clear();
      continue;
    }
    if (c == '\n' && m_partial.empty()) continue;  // the LF of a CRLF, or a stray one
    m_partial += c;
    if (m_partial.size() > kMaxFrameBytes) {
      m_partial.clear();
      return fail(Errc::parse, "SIP2 peer sent more than 64 KiB without a CR terminator");
    }
  }
  return {};
}

std::string Framer::next() {
  if (m_frames.empty()) return {};
  std::string f = std::move(m_frames.front());
  m_frames.pop_front();
  return f;
}

void Framer::clear() {
  m_partial.clear();
  m_frames.clear();
}

} // namespace lasis::sip2
