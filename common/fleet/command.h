#pragma once
// Signed fleet commands and configuration (issue 23): what travels on a device's MQTT topics
// `lasis/v1/<network>/<branch>/<device>/cmd` and `…/config`, and the one place that decides
// whether a device obeys it. Pure: the signature check and the durable sequence number are
// interfaces (their libsodium and file implementations are drivers/fleet/ed25519.h and
// common/fleet/seqfile.h), the time is the injected Clock.
//
// Wire form (one JSON object):
//   {"payload":"<base64 of the payload JSON bytes>","sig":"<base64 Ed25519 detached signature
//    over exactly those bytes>","key":"<key id: first 8 hex of BLAKE2b-256 of the public key>"}
// Payload (version 1):
//   {"v":1,"device":"<network>/<branch>/<device>","seq":N,"issued":"2026-12-06T15:00:00Z",
//    "cmd":"send-queue|silence-gate|reload|training-start|training-stop|notice|config","args":{…}}
// The signature covers the payload's bytes, not a re-serialisation of them: nothing in the payload
// is read before its signature has been checked.

#include "common/core/bytes.h"
#include "common/core/clock.h"
#include "common/core/result.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace lasis::fleet {

/// What a command asks of a device.
enum class CommandName { sendQueue, silenceGate, reload, trainingStart, trainingStop, notice, config };
/// The wire name ("send-queue", "silence-gate", "reload", "training-start", "training-stop", "notice", "config").
std::string_view toString(CommandName name);
std::optional<CommandName> commandNameFromString(std::string_view text);

/// `notice`: a message shown on the kiosk, in each language given, for a while.
struct NoticeArgs {
  std::map<std::string, std::string> text;  ///< language ("lv", "en", …) → text, at least one
  std::chrono::seconds shownFor{0};         ///< args.seconds, 1 … 86400
};

/// `config`: a whole new device configuration, applied like a SIGHUP reload (refused whole if bad).
struct ConfigArgs {
  std::string version;  ///< the fleet service's version label, reported back once applied
  std::string toml;     ///< the complete configuration file
};

/// A command whose signature, device, sequence number and age have been checked.
struct Command {
  std::string device;  ///< "<network>/<branch>/<device>"
  std::uint64_t seq = 0;
  Clock::TimePoint issued;
  CommandName name = CommandName::reload;
  std::optional<NoticeArgs> notice;  ///< set for CommandName::notice only
  std::optional<ConfigArgs> config;  ///< set for CommandName::config only
};

/// Why a device refused a message; a code that crosses layers (the words are the reporter's).
enum class RefusalReason {
  malformed,       ///< not the wire form, or a signed payload that does not follow the format
  unsignedMessage, ///< no signature at all ("unsigned")
  unknownKey,      ///< signed by a key this device does not trust
  badSignature,    ///< the signature does not match the payload (forged or tampered)
  wrongDevice,     ///< signed for another device
  replayed,        ///< seq not above the last accepted one
  stale,           ///< issued too long ago, or too far in the future
  unknownCommand,  ///< a command this device does not know
  notRecorded,     ///< valid, but its seq could not be recorded durably, so it is not obeyed
};
/// The code on the wire and in logs: "malformed", "unsigned", "unknown-key", "bad-signature",
/// "wrong-device", "replayed", "stale", "unknown-command", "not-recorded".
std::string_view toString(RefusalReason reason);

/// A refusal: the code, one sentence for the technician, and what is known of the command.
struct Refusal {
  RefusalReason reason = RefusalReason::malformed;
  std::string message;
  std::optional<std::uint64_t> seq;  ///< when the signed payload carried one
  std::string cmd;                   ///< the command's name when the signed payload carried one
};

/// The verifier's answer: the command to obey, or why not.
class Verdict {
public:
  Verdict(Command c) : m_v(std::move(c)) {}
  Verdict(Refusal r) : m_v(std::move(r)) {}
  bool accepted() const noexcept { return m_v.index() == 0; }
  const Command& command() const { return std::get<0>(m_v); }
  const Refusal& refusal() const { return std::get<1>(m_v); }

private:
  std::variant<Command, Refusal> m_v;
};

/// Checks detached signatures by key id (Ed25519 with libsodium: fleet::Ed25519KeyRing).
class SignatureCheck {
public:
  virtual ~SignatureCheck() = default;
  virtual bool knowsKey(std::string_view keyId) const = 0;
  /// True when `signature` is the key `keyId`'s signature of exactly `message`.
  virtual bool verify(std::string_view keyId, ByteView message, ByteView signature) const = 0;
};

/// The last accepted sequence number per device, kept durably: a device restarted must not
/// accept a command it has already obeyed.
class SeqStore {
public:
  virtual ~SeqStore() = default;
  /// The last seq accepted for `device`; nullopt when none ever was. An error (Errc::corrupt)
  /// when the record exists but cannot be read: never a silent reset to "none", which would
  /// let every captured command be replayed.
  virtual Result<std::optional<std::uint64_t>> last(const std::string& device) = 0;
  /// Records `seq` for `device`; returns only once it is durable.
  virtual Status record(const std::string& device, std::uint64_t seq) = 0;
};

/// Limits of a verifier.
struct VerifierOptions {
  std::chrono::seconds maxAge{10 * 60};  ///< issued longer ago than this: stale
  std::chrono::seconds maxAhead{2 * 60}; ///< issued further in the future than this: stale (clock skew allowance)
};

/// The one decider of whether this device obeys a fleet message. Not thread-safe: one owner.
class CommandVerifier {
public:
  /// A verifier for `device` ("<network>/<branch>/<device>"). Reads the last accepted seq now:
  /// a damaged record is an error here, so a device cannot start up accepting replays.
  static Result<CommandVerifier> open(std::string device, const SignatureCheck& keys, SeqStore& store,
                                      const Clock& clock, VerifierOptions options = {});

  /// Checks one wire message. An accepted command's seq is recorded (durably) before it is
  /// returned; a refused one changes nothing.
  Verdict verify(std::string_view wire);

  const std::string& device() const noexcept { return m_device; }
  /// 0 when no command was ever accepted.
  std::uint64_t lastAccepted() const noexcept { return m_last; }

private:
  CommandVerifier(std::string device, const SignatureCheck& keys, SeqStore& store, const Clock& clock,
                  VerifierOptions options, std::uint64_t last)
      : m_device(std::move(device)), m_keys(&keys), m_store(&store), m_clock(&clock), m_options(options), m_last(last) {}

  std::string m_device;
  const SignatureCheck* m_keys;
  SeqStore* m_store;
  const Clock* m_clock;
  VerifierOptions m_options;
  std::uint64_t m_last;
};

/// The wire JSON of a signed payload.
std::string encodeEnvelope(std::string_view payload, ByteView signature, std::string_view keyId);

/// Checks the payload JSON a signer is about to sign the way a device will read it (format,
/// command, arguments), without signature, device, seq or age: the Command, or why it is malformed
/// (RefusalReason::malformed or unknownCommand).
std::variant<Command, Refusal> parsePayload(std::string_view payload);

/// "network/branch/device" with three non-empty parts and no MQTT wildcard or other separator.
bool isDeviceName(std::string_view name);

/// Standard base64 with padding (RFC 4648 §4).
std::string toBase64(ByteView bytes);
/// Strict: the standard alphabet, padding required, no whitespace; nullopt otherwise.
std::optional<Bytes> fromBase64(std::string_view text);

/// "2026-12-06T15:00:00Z" (whole seconds, UTC).
std::string toRfc3339(Clock::TimePoint t);
/// RFC 3339 in UTC: "YYYY-MM-DDTHH:MM:SS[.fraction]Z"; nullopt for anything else.
std::optional<Clock::TimePoint> fromRfc3339(std::string_view text);

} // namespace lasis::fleet
