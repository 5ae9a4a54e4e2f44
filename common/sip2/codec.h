#pragma once
// SIP2 bytes ↔ messages for one ILS profile. Strict when sending (exact fixed lengths, no '|'
// or control characters in values, ≤ 255 bytes per field, charset-checked), tolerant when
// receiving (lower-case checksum hex, a missing final '|', a stray leading LF, AY of any
// length), and every malformed input is a clear Errc::parse / truncated / checksum / unsupported
// error — never a crash or a read past the end.

#include "common/core/result.h"
#include "common/sip2/message.h"
#include "common/sip2/profile.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lasis::sip2 {

/// Longest frame we accept; a peer sending more without a CR is broken or hostile.
inline constexpr std::size_t kMaxFrameBytes = 64 * 1024;
/// Longest variable field value, in wire bytes (3M spec).
inline constexpr std::size_t kMaxFieldBytes = 255;

/// True for the fields that name someone or something (patron and item ids, PIN, institution,
/// login, locations, fee and transaction ids): encoded strictly, never altered
/// (Unmappable::refuse). Every other field is free text and gets charset.h's fallback.
bool isIdentifierField(std::string_view id);

/// The SIP2 checksum: two's complement of the 16-bit byte sum of `bytes`.
std::uint16_t checksum(std::string_view bytes);
/// The checksum as 4 upper-case hex digits ("FDFD").
std::string checksumHex(std::string_view bytes);

/// Encodes and parses SIP2 messages in the dialect of one ILS profile.
class Codec {
public:
  explicit Codec(Profile profile = {}) : m_profile(std::move(profile)) {}
  const Profile& profile() const { return m_profile; }

  /// Wire bytes for `msg`, terminator included. With error detection on, appends
  /// `AY<sequence>` when a sequence (0–9) is given and always `AZ<checksum>`, computed over
  /// the encoded bytes. An empty AD (patron password) is never sent, whatever the message or
  /// profile: servers read it as a PIN, and a wrong one (Evergreen: "Invalid Patron.").
  /// A request the profile lists as unsupported is Errc::unsupported, never a frame.
  Result<std::string> encode(const Message& msg, std::optional<int> sequence = std::nullopt) const;
  /// Parses one frame (terminator optional). A present AZ must match: Errc::checksum otherwise.
  Result<Message> parse(std::string_view frame) const;

private:
  Profile m_profile;
};

} // namespace lasis::sip2
