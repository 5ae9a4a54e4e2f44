#include "common/fleet/command.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>

namespace lasis::fleet {

namespace {

using Json = nlohmann::json;

// Larger than any configuration a kiosk has, small enough that a flood of junk costs little.
constexpr std::size_t kMaxWireBytes = std::size_t{1024} * 1024;
constexpr std::size_t kSignatureBytes = 64;  // Ed25519 detached signature
constexpr std::int64_t kMaxNoticeSeconds = std::int64_t{24} * 3600;

constexpr std::array<std::pair<CommandName, std::string_view>, 7> kCommandNames{{
    {CommandName::sendQueue, "send-queue"},
    {CommandName::silenceGate, "silence-gate"},
    {CommandName::reload, "reload"},
    {CommandName::trainingStart, "training-start"},
    {CommandName::trainingStop, "training-stop"},
    {CommandName::notice, "notice"},
    {CommandName::config, "config"},
}};

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

Refusal refuse(RefusalReason reason, std::string message) { return Refusal{reason, std::move(message), {}, {}}; }

bool isLanguage(const std::string& s) {
  return s.size() >= 2 && s.size() <= 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

/// The arguments of `name`; a refusal (malformed) naming the first thing wrong.
std::optional<Refusal> readArgs(CommandName name, const Json& args, Command& out) {
  const std::string cmd(toString(name));
  if (!args.is_object()) return refuse(RefusalReason::malformed, "'args' of " + cmd + " is not a JSON object");
  const auto unexpected = [&](std::initializer_list<std::string_view> allowed) -> std::optional<Refusal> {
    for (const auto& [k, v] : args.items())
      if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
        return refuse(RefusalReason::malformed, std::string(cmd).append(" has no argument '").append(k).append("'"));
    return std::nullopt;
  };
  switch (name) {
  case CommandName::notice: {
    if (auto r = unexpected({"text", "seconds"})) return r;
    const auto text = args.find("text");
    if (text == args.end() || !text->is_object() || text->empty())
      return refuse(RefusalReason::malformed, "notice needs args.text: an object of language → text, at least one");
    NoticeArgs n;
    for (const auto& [lang, t] : text->items()) {
      if (!isLanguage(lang)) return refuse(RefusalReason::malformed, "notice text language '" + lang + "' is not a language code like \"lv\"");
      if (!t.is_string() || t.get_ref<const std::string&>().empty())
        return refuse(RefusalReason::malformed, "notice text for '" + lang + "' is not a non-empty string");
      n.text[lang] = t.get<std::string>();
    }
    const auto seconds = args.find("seconds");
    if (seconds == args.end() || !seconds->is_number_unsigned() || seconds->get<std::uint64_t>() < 1 ||
        seconds->get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxNoticeSeconds))
      return refuse(RefusalReason::malformed, "notice needs args.seconds: a whole number from 1 to 86400");
    n.shownFor = std::chrono::seconds(seconds->get<std::int64_t>());
    out.notice = std::move(n);
    return std::nullopt;
  }
  case CommandName::config: {
    if (auto r = unexpected({"version", "toml"})) return r;
    const auto version = args.find("version");
    const auto toml = args.find("toml");
    if (version == args.end() || !version->is_string() || version->get_ref<const std::string&>().empty())
      return refuse(RefusalReason::malformed, "config needs args.version: a non-empty string");
    if (toml == args.end() || !toml->is_string() || toml->get_ref<const std::string&>().empty())
      return refuse(RefusalReason::malformed, "config needs args.toml: the whole configuration as a string");
    out.config = ConfigArgs{version->get<std::string>(), toml->get<std::string>()};
    return std::nullopt;
  }
  default:
    // The others take nothing: an argument this device would ignore is refused instead, so a
    // fleet service newer than the device cannot believe it was obeyed.
    if (auto r = unexpected({})) return r;
    return std::nullopt;
  }
}

} // namespace

std::string_view toString(CommandName name) {
  for (const auto& [n, s] : kCommandNames)
    if (n == name) return s;
  return "?";
}

std::optional<CommandName> commandNameFromString(std::string_view text) {
  for (const auto& [n, s] : kCommandNames)
    if (s == text) return n;
  return std::nullopt;
}

std::string_view toString(RefusalReason reason) {
  switch (reason) {
  case RefusalReason::malformed: return "malformed";
  case RefusalReason::unsignedMessage: return "unsigned";
  case RefusalReason::unknownKey: return "unknown-key";
  case RefusalReason::badSignature: return "bad-signature";
  case RefusalReason::wrongDevice: return "wrong-device";
  case RefusalReason::replayed: return "replayed";
  case RefusalReason::stale: return "stale";
  case RefusalReason::unknownCommand: return "unknown-command";
  case RefusalReason::notRecorded: return "not-recorded";
  }
  return "?";
}

bool isDeviceName(std::string_view name) {
  int parts = 1;
  std::size_t partLength = 0;
  for (char c : name) {
    if (c == '/') {
      if (partLength == 0) return false;
      ++parts;
      partLength = 0;
      continue;
    }
    // MQTT wildcards, NUL and control characters have no place in a topic level.
    if (c == '+' || c == '#' || static_cast<unsigned char>(c) < 0x20) return false;
    ++partLength;
  }
  return parts == 3 && partLength > 0;
}

std::string toBase64(ByteView bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t(bytes[i]) << 16) | (std::uint32_t(bytes[i + 1]) << 8) | bytes[i + 2];
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (bytes.size() - i == 1) {
    const std::uint32_t v = std::uint32_t(bytes[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (bytes.size() - i == 2) {
    const std::uint32_t v = (std::uint32_t(bytes[i]) << 16) | (std::uint32_t(bytes[i + 1]) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::optional<Bytes> fromBase64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  Bytes out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int v[4];
    int padding = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + static_cast<std::size_t>(k)];
      if (c == '=' && last && k >= 2) {
        v[k] = 0;
        ++padding;
        continue;
      }
      if (padding > 0) return std::nullopt;  // a character after '='
      v[k] = base64Value(c);
      if (v[k] < 0) return std::nullopt;
    }
    const std::uint32_t n = (std::uint32_t(v[0]) << 18) | (std::uint32_t(v[1]) << 12) | (std::uint32_t(v[2]) << 6) | std::uint32_t(v[3]);
    // Canonical only: the bits padding drops must be zero, so one byte string has one encoding.
    if ((padding == 1 && (n & 0xFF) != 0) || (padding == 2 && (n & 0xFFFF) != 0)) return std::nullopt;
    out.push_back(static_cast<std::uint8_t>(n >> 16));
    if (padding < 2) out.push_back(static_cast<std::uint8_t>(n >> 8));
    if (padding < 1) out.push_back(static_cast<std::uint8_t>(n));
  }
  return out;
}

std::string toRfc3339(Clock::TimePoint t) {
  using namespace std::chrono;
  const auto secs = floor<seconds>(t);
  const auto day = floor<days>(secs);
  const year_month_day ymd(day);
  const hh_mm_ss hms(secs - day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()), int(hms.seconds().count()));
  return buf;
}

std::optional<Clock::TimePoint> fromRfc3339(std::string_view s) {
  using namespace std::chrono;
  // YYYY-MM-DDTHH:MM:SS then an optional fraction, then Z.
  if (s.size() < 20 || s.back() != 'Z') return std::nullopt;
  const auto digits = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    int v = 0;
    for (std::size_t k = at; k < at + n; ++k) {
      if (s[k] < '0' || s[k] > '9') return std::nullopt;
      v = v * 10 + (s[k] - '0');
    }
    return v;
  };
  if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
  const auto y = digits(0, 4), mo = digits(5, 2), d = digits(8, 2), h = digits(11, 2), mi = digits(14, 2), se = digits(17, 2);
  if (!y || !mo || !d || !h || !mi || !se) return std::nullopt;
  Clock::Duration fraction{0};
  if (s.size() > 20) {
    if (s[19] != '.' || s.size() == 21) return std::nullopt;
    std::int64_t micros = 0;
    int places = 0;
    for (std::size_t k = 20; k + 1 < s.size(); ++k) {
      if (s[k] < '0' || s[k] > '9') return std::nullopt;
      if (places < 6) {
        micros = micros * 10 + (s[k] - '0');
        ++places;
      }
    }
    for (; places < 6; ++places) micros *= 10;
    fraction = microseconds(micros);
  }
  const year_month_day ymd{year(*y), month(static_cast<unsigned>(*mo)), day(static_cast<unsigned>(*d))};
  if (!ymd.ok() || *h > 23 || *mi > 59 || *se > 59) return std::nullopt;
  return Clock::TimePoint(sys_days(ymd).time_since_epoch() + hours(*h) + minutes(*mi) + seconds(*se)) + fraction;
}

std::string encodeEnvelope(std::string_view payload, ByteView signature, std::string_view keyId) {
  const ByteView payloadBytes(reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size());
  nlohmann::ordered_json j;  // in the documented order: payload, sig, key
  j["payload"] = toBase64(payloadBytes);
  j["sig"] = toBase64(signature);
  j["key"] = std::string(keyId);
  return j.dump();
}

std::variant<Command, Refusal> parsePayload(std::string_view payload) {
  const auto j = Json::parse(payload.begin(), payload.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return refuse(RefusalReason::malformed, "the signed payload is not a JSON object");
  const auto v = j.find("v");
  if (v == j.end() || !v->is_number_unsigned() || v->get<std::uint64_t>() != 1)
    return refuse(RefusalReason::malformed, "the payload's format version 'v' is not 1");
  Command c;
  const auto device = j.find("device");
  if (device == j.end() || !device->is_string() || !isDeviceName(device->get_ref<const std::string&>()))
    return refuse(RefusalReason::malformed, "the payload's 'device' is not \"<network>/<branch>/<device>\"");
  c.device = device->get<std::string>();
  const auto seq = j.find("seq");
  if (seq == j.end() || !seq->is_number_unsigned() || seq->get<std::uint64_t>() == 0)
    return refuse(RefusalReason::malformed, "the payload's 'seq' is not a whole number above 0");
  c.seq = seq->get<std::uint64_t>();
  const auto cmd = j.find("cmd");
  if (cmd == j.end() || !cmd->is_string() || cmd->get_ref<const std::string&>().empty())
    return Refusal{RefusalReason::malformed, "the payload has no 'cmd'", c.seq, {}};
  const std::string cmdText = cmd->get<std::string>();
  const auto issued = j.find("issued");
  const auto when = issued != j.end() && issued->is_string() ? fromRfc3339(issued->get_ref<const std::string&>()) : std::nullopt;
  if (!when)
    return Refusal{RefusalReason::malformed, "the payload's 'issued' is not an RFC 3339 UTC time like 2026-12-06T15:00:00Z", c.seq, cmdText};
  c.issued = *when;
  const auto name = commandNameFromString(cmdText);
  if (!name) return Refusal{RefusalReason::unknownCommand, "this device has no command '" + cmdText + "'", c.seq, cmdText};
  c.name = *name;
  const auto args = j.find("args");
  if (auto r = readArgs(c.name, args == j.end() ? Json::object() : *args, c)) {
    r->seq = c.seq;
    r->cmd = cmdText;
    return *r;
  }
  return c;
}

Result<CommandVerifier> CommandVerifier::open(std::string device, const SignatureCheck& keys, SeqStore& store,
                                              const Clock& clock, VerifierOptions options) {
  if (!isDeviceName(device))
    return fail(Errc::config, "the fleet device name '" + device + "' is not \"<network>/<branch>/<device>\"");
  auto last = store.last(device);
  if (!last) return last.error();
  return CommandVerifier(std::move(device), keys, store, clock, options, last->value_or(0));
}

Verdict CommandVerifier::verify(std::string_view wire) {
  // 1. The envelope. Nothing inside the payload is looked at before its signature holds.
  if (wire.size() > kMaxWireBytes) return refuse(RefusalReason::malformed, "the message is larger than 1 MiB");
  const auto j = Json::parse(wire.begin(), wire.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return refuse(RefusalReason::malformed, "the message is not a JSON object");
  const auto sig = j.find("sig");
  if (sig == j.end() || (sig->is_string() && sig->get_ref<const std::string&>().empty()) || sig->is_null())
    return refuse(RefusalReason::unsignedMessage, "the message carries no signature ('sig'); only signed commands are obeyed");
  const auto payload = j.find("payload");
  const auto key = j.find("key");
  if (payload == j.end() || !payload->is_string() || !sig->is_string() || key == j.end() || !key->is_string())
    return refuse(RefusalReason::malformed, "the message is not {\"payload\",\"sig\",\"key\"} strings");
  const std::string keyId = key->get<std::string>();
  if (!m_keys->knowsKey(keyId))
    return refuse(RefusalReason::unknownKey, "signed with key '" + keyId.substr(0, 16) + "', which this device does not trust");
  const auto bytes = fromBase64(payload->get_ref<const std::string&>());
  const auto signature = fromBase64(sig->get_ref<const std::string&>());
  if (!bytes || !signature) return refuse(RefusalReason::malformed, "'payload' or 'sig' is not base64");
  if (signature->size() != kSignatureBytes || !m_keys->verify(keyId, *bytes, *signature))
    return refuse(RefusalReason::badSignature, "the signature does not match the payload for key " + keyId +
                                                   " (forged, or changed on the way)");

  // 2. The signed payload: its format, then whose, then whether it is new and recent.
  auto parsed = parsePayload(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
  if (parsed.index() == 1) {
    auto& r = std::get<1>(parsed);
    // An unknown command is told apart only once device, replay and age are checked below.
    if (r.reason != RefusalReason::unknownCommand) return r;
  }
  const auto p = Json::parse(bytes->begin(), bytes->end(), nullptr, false);
  const std::string device = p["device"].get<std::string>();
  const std::uint64_t seq = p["seq"].get<std::uint64_t>();
  const std::string cmd = p["cmd"].get<std::string>();
  const auto issued = *fromRfc3339(p["issued"].get<std::string>());
  if (device != m_device)
    return Refusal{RefusalReason::wrongDevice, "signed for " + device + ", not for this device (" + m_device + ")", seq, cmd};
  if (seq <= m_last)
    return Refusal{RefusalReason::replayed,
                   "seq " + std::to_string(seq) + " is not above the last accepted " + std::to_string(m_last), seq, cmd};
  const auto now = m_clock->now();
  if (issued < now - m_options.maxAge)
    return Refusal{RefusalReason::stale, "issued " + toRfc3339(issued) + ", more than " +
                                             std::to_string(m_options.maxAge.count()) + " s before this device's time " + toRfc3339(now),
                   seq, cmd};
  if (issued > now + m_options.maxAhead)
    return Refusal{RefusalReason::stale, "issued " + toRfc3339(issued) + ", more than " +
                                             std::to_string(m_options.maxAhead.count()) + " s after this device's time " +
                                             toRfc3339(now) + " (check both clocks)",
                   seq, cmd};
  if (parsed.index() == 1) return std::get<1>(parsed);

  // 3. Recorded before it is obeyed: a crash after this line loses a command, never repeats one.
  if (auto st = m_store->record(m_device, seq); !st)
    return Refusal{RefusalReason::notRecorded, "not obeyed: its seq could not be recorded: " + st.error().message(), seq, cmd};
  m_last = seq;
  return std::get<0>(std::move(parsed));
}

} // namespace lasis::fleet
