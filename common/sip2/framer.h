#pragma once
// Splits a SIP2 byte stream into messages: replies arrive split across reads or several in one
// read; each ends at CR, and a LF after it (Koha's CRLF) is dropped.

#include "common/core/result.h"

#include <deque>
#include <string>
#include <string_view>

namespace lasis::sip2 {

/// Buffers bytes from a socket and hands out complete SIP2 frames (without terminator).
class Framer {
public:
  /// Adds received bytes. Fails (Errc::parse) when a frame grows past kMaxFrameBytes without a
  /// CR; the buffer is then cleared so the connection can be dropped cleanly.
  Status feed(std::string_view bytes);
  /// True when a complete frame is waiting.
  bool hasFrame() const { return !m_frames.empty(); }
  /// Takes the oldest complete frame; "" when none.
  std::string next();
  /// Forgets everything (after a reconnect).
  void clear();
  /// Bytes received but not yet ended by CR.
  std::size_t pending() const { return m_partial.size(); }

private:
  std::string m_partial;
  std::deque<std::string> m_frames;
};

} // namespace lasis::sip2
