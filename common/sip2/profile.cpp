#include "common/sip2/profile.h"

#include "common/sip2/message.h"

#include <array>

namespace lasis::sip2 {
namespace {

constexpr std::array<std::string_view, 6> kExtensionFields = {"CT", "CV", "CY", "DA", "CR", "CS"};

std::set<std::string> allExtensions() { return {kExtensionFields.begin(), kExtensionFields.end()}; }

} // namespace

bool isExtensionField(std::string_view id) {
  for (auto e : kExtensionFields)
    if (e == id) return true;
  return false;
}

std::vector<std::string> Profile::builtinNames() { return {"generic", "koha", "evergreen", "folio"}; }

Result<Profile> Profile::builtin(std::string_view name) {
  Profile p;
  p.name = std::string(name);
  if (name == "generic") {
    // The 3M specification as written: CR, error detection, local-time SIP dates, code page 850
    // is the spec default but almost every server today speaks UTF-8, so generic does too.
    return p;
  }
  if (name == "koha") {
    // Koha's C4/SIP: CRLF after each reply unless the account sets terminator="CR"; UTF-8
    // (encoding="utf8"); AC/AD tolerated absent; sorts with CT/CV/CY/DA/CR/CS on checkin.
    p.terminator = "\r\n";
    p.sendEmpty = {"AC"};
    p.extensions = allExtensions();
    return p;
  }
  if (name == "evergreen") {
    // Evergreen SIPServer: CR, UTF-8 (NFD), a two-digit AY silently disables error detection,
    // due dates "YYYY-MM-DD HH:MM:SS" unless due_date_use_sip_date_format is set.
    // AC goes empty; AD never does (see Codec::encode: an empty AD reads as a wrong PIN).
    p.dueDateFormat = DueDateFormat::iso;
    p.sendEmpty = {"AC"};
    p.extensions = allExtensions();
    return p;
  }
  if (name == "folio") {
    // FOLIO edge-sip2 (docs/sip2-profiles.md has the file and line of each fact): messages end
    // at CR, its RecordParser's default delimiter (a CRLF would leave an LF in front of our next
    // message); IBM850 unless the tenant sets `charset`; error detection off unless the tenant
    // sets `errorDetectionEnabled` (then every message must end in AY<digit>AZ<hex>, and with
    // it off a trailing "AY0AZ…" is read as a field without its '|' and refused), so a site
    // that turns it on says `error_detection = true` in a profile file based on this one.
    // Dates "yyyyMMdd    HHmmss" in the tenant's time zone, due dates the same. No 3M
    // extension is sent: its parsers only log fields they do not know. It binds no handler to
    // Block Patron (01), Item Status Update (19), Patron Enable (25) or Hold (15): such a
    // message is dropped without an answer, so the codec refuses to send one.
    p.charset = Charset::cp850;
    p.errorDetection = false;
    p.unsupportedMessages = {"01", "15", "19", "25"};
    return p;
  }
  return fail(Errc::config, "unknown ILS profile '" + std::string(name) + "' (built in: generic, koha, evergreen, folio)");
}

Profile Profile::fromConfig(ConfigDoc& doc, const std::string& prefix) {
  const auto key = [&](const char* k) { return prefix.empty() ? std::string(k) : prefix + "." + k; };
  const std::string base = doc.choice(key("base"), "generic", builtinNames());
  Profile p = builtin(base).valueOr(Profile{});
  if (doc.has(key("name"))) p.name = doc.string(key("name"), p.name);
  const std::string term = doc.choice(key("terminator"), p.terminator == "\r" ? "CR" : "CRLF", {"CR", "CRLF"});
  p.terminator = term == "CR" ? "\r" : "\r\n";
  if (doc.has(key("charset"))) {
    // Any code page iconv knows; an unknown one is named in the error, at its file:line.
    const std::string cs = doc.string(key("charset"), std::string(charsetName(p.charset)));
    if (auto c = charsetFromName(cs)) p.charset = *c;
    else doc.addError(key("charset"), c.error().message());
  }
  p.errorDetection = doc.boolean(key("error_detection"), p.errorDetection);
  const std::string df = doc.choice(key("due_date_format"), p.dueDateFormat == DueDateFormat::sip ? "sip" : "iso",
                                    {"sip", "iso"});
  p.dueDateFormat = df == "sip" ? DueDateFormat::sip : DueDateFormat::iso;
  const std::string tz = doc.choice(key("timezone"), p.zone == DateZone::local ? "local" : "utc", {"local", "utc"});
  p.zone = tz == "local" ? DateZone::local : DateZone::utc;
  const auto fieldIds = [&](const char* k, std::set<std::string> current) {
    if (!doc.has(key(k))) return current;
    std::set<std::string> out;
    for (const auto& id : doc.strings(key(k), {})) {
      if (id.size() != 2) doc.addError(key(k), "field id '" + id + "' must be exactly 2 characters, e.g. \"AC\"");
      else if (id == "AD" && std::string_view(k) == "send_empty")
        doc.addError(key(k), "AD cannot be sent empty: servers read an empty AD as a wrong PIN, so Lasis leaves AD "
                             "out when no PIN was given");
      else out.insert(id);
    }
    return out;
  };
  p.sendEmpty = fieldIds("send_empty", p.sendEmpty);
  p.extensions = fieldIds("extensions", p.extensions);
  if (doc.has(key("unsupported_messages"))) {
    std::set<std::string> codes;
    for (const auto& c : doc.strings(key("unsupported_messages"), {})) {
      if (!fixedLength(c) || (c[1] - '0') % 2 == 0)
        doc.addError(key("unsupported_messages"), "'" + c + "' is not a SIP2 request code we send (e.g. \"15\" for Hold)");
      else codes.insert(c);
    }
    p.unsupportedMessages = std::move(codes);
  }
  return p;
}

Result<Profile> Profile::load(const std::filesystem::path& file) {
  auto doc = ConfigDoc::load(file);
  if (!doc) return doc.error();
  const std::string prefix = doc->has("profile") ? "profile" : "";
  Profile p = fromConfig(*doc, prefix);
  if (auto st = doc->finish(); !st) return st.error();
  return p;
}

} // namespace lasis::sip2
