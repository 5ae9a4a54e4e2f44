#pragma once
// An ILS profile: the dialect of one library system's SIP2 server, as configuration. Built-in
// profiles cover Koha, Evergreen, FOLIO's edge-sip2 and the plain 3M specification ("generic"),
// each set from what that server's own source does (docs/sip2-profiles.md, with file and line);
// a TOML file can start from one (`base = "koha"`) and change any setting.

#include "common/core/config.h"
#include "common/core/result.h"
#include "common/sip2/charset.h"
#include "common/sip2/sipdate.h"

#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace lasis::sip2 {

/// How a server writes due dates (AH) and other variable-field dates.
enum class DueDateFormat { sip, iso };

/// The SIP2 dialect of one ILS: framing, charset, error detection, dates, empty fields, extensions.
struct Profile {
  std::string name = "generic";
  std::string terminator = "\r";   ///< what this side appends to each message: "\r" or "\r\n"
  Charset charset = Charset::utf8;
  bool errorDetection = true;      ///< AY sequence + AZ checksum on every message we send
  DueDateFormat dueDateFormat = DueDateFormat::sip;
  DateZone zone = DateZone::local;  ///< fixed-field dates: local time (spec) or UTC
  /// Optional fields sent even when empty: some ILSs reject a message whose AC is absent. Never
  /// AD: an empty AD is a wrong PIN to the server, so it is left out (Codec::encode).
  std::set<std::string> sendEmpty;
  /// Extension fields this ILS understands (3M CT/CV/CY/DA/CR/CS, vendor fields); others are
  /// not sent, so a strict server never sees a field it does not know.
  std::set<std::string> extensions;
  /// Request codes this ILS has no handler for. FOLIO edge-sip2 parses a Hold (15) but answers
  /// nothing at all, so a kiosk would wait out its timeout; Codec::encode refuses such a
  /// message at once (Errc::unsupported) with a sentence a technician can act on.
  std::set<std::string> unsupportedMessages;

  /// "koha", "evergreen", "folio" or "generic".
  static Result<Profile> builtin(std::string_view name);
  static std::vector<std::string> builtinNames();
  /// Reads `<prefix>.base`, `.terminator` ("CR"/"CRLF"), `.charset` (any iconv name, e.g.
  /// "WINDOWS-1257"; charset.h), `.error_detection`,
  /// `.due_date_format` ("sip"/"iso"), `.timezone` ("local"/"utc"), `.send_empty`, `.extensions`,
  /// `.unsupported_messages` (request codes, e.g. ["15"]).
  /// Problems are recorded in `doc` (file:line) and reported by doc.finish().
  static Profile fromConfig(ConfigDoc& doc, const std::string& prefix);
  /// A whole profile file: the keys above at the top level (or under `[profile]`).
  static Result<Profile> load(const std::filesystem::path& file);

  /// True when an optional field `id` with an empty value must still be sent.
  bool sendsEmpty(std::string_view id) const { return sendEmpty.count(std::string(id)) != 0; }
  /// True when the extension field `id` may be sent to this ILS.
  bool allowsExtension(std::string_view id) const { return extensions.count(std::string(id)) != 0; }
  /// True when this ILS answers request `code` (false: it would drop it unanswered).
  bool supports(std::string_view code) const { return unsupportedMessages.count(std::string(code)) == 0; }
};

/// The 3M extension field ids (not in the base 2.00 spec); sent only when a profile allows them.
bool isExtensionField(std::string_view id);

} // namespace lasis::sip2
