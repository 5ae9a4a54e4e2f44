#pragma once
// Errors are values in Lasis: every failure carries a code a program can branch on and a
// message a technician can act on. No exceptions cross the Qt event loop or Asio handlers.

#include <string>
#include <system_error>
#include <utility>

namespace lasis {

/// Our own error codes, shared by every subsystem; drivers map library errors onto these.
enum class Errc {
  ok = 0,
  invalidArgument,   ///< the caller passed something that cannot be right
  parse,             ///< outside bytes or text that do not follow their format
  checksum,          ///< a CRC, XOR or SIP2 checksum did not match
  truncated,         ///< data ended before its declared length
  unsupported,       ///< a version, model or command we do not implement
  notFound,          ///< no such tag, item, patron, file or device
  io,                ///< a device or file could not be read or written
  timeout,           ///< no answer in time
  disconnected,      ///< the peer or device went away
  refused,           ///< the other side answered "no" (login refused, checkout denied)
  unavailable,       ///< a service is down or the circuit breaker is open
  corrupt,           ///< stored state is damaged (database, tag memory)
  verifyFailed,      ///< a write read back differently from what was written
  config,            ///< a configuration file or option is invalid
  busy,              ///< the resource is locked or in use
  noSpace,           ///< disk or memory full
  internal,          ///< a bug: an invariant of ours did not hold
};

const std::error_category& lasisCategory() noexcept;

inline std::error_code make_error_code(Errc e) noexcept {
  return {static_cast<int>(e), lasisCategory()};
}

/// A failure: a machine-readable code and a technician-readable message.
class Error {
public:
  Error() = default;
  Error(Errc code, std::string message) : m_code(make_error_code(code)), m_message(std::move(message)) {}
  Error(std::error_code code, std::string message) : m_code(code), m_message(std::move(message)) {}

  std::error_code code() const noexcept { return m_code; }
  bool is(Errc e) const noexcept { return m_code == make_error_code(e); }
  const std::string& message() const noexcept { return m_message; }
  /// "message (code name)" for logs and command-line output.
  std::string describe() const;

  /// Prefix context, e.g. err.context("reading tag E004…") → "reading tag E004…: <message>".
  Error context(const std::string& what) const { return Error(m_code, what + ": " + m_message); }

private:
  std::error_code m_code;
  std::string m_message;
};

} // namespace lasis

template <>
struct std::is_error_code_enum<lasis::Errc> : std::true_type {};
