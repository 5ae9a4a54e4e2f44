#pragma once
// What every scanner backend does between the device and Scanner::next(): collect one code's
// characters until its end, remember why it is garbage (a control byte, a key no layout knows)
// or that it grew past scan::kMaxCodeLength, and then hand over either the code or the error —
// the whole code, never a part (scan.h's contract: a bad code is dropped whole, the next one is
// read normally). Pure: no device, so the rules are tested without one.

#include "common/scan/scan.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace lasis::drivers {

/// One code in progress from one scanner.
class CodeAssembler {
public:
  explicit CodeAssembler(std::string source) : m_source(std::move(source)) {}

  /// Characters of the code (UTF-8, as the scanner sent or typed them).
  void append(std::string_view text);
  /// The code is garbage; `why` names the first bad byte or key (later ones are not recorded).
  void garbage(const std::string& why);
  /// Nothing collected since the last finish() or drop().
  bool empty() const { return m_length == 0 && m_why.empty(); }
  /// Bytes collected so far (counting those past the limit).
  std::size_t length() const { return m_length; }

  /// The code's end was seen: the scan (AIM identifier split off), or Errc::invalidArgument
  /// naming why it was refused. Starts the next code either way.
  Result<scan::Scan> finish();
  /// The code ends unfinished (the device went away): forgets it; returns how many bytes it had.
  std::size_t drop();

private:
  std::string m_source;
  std::string m_text;
  std::size_t m_length = 0;
  std::string m_why;
};

} // namespace lasis::drivers
