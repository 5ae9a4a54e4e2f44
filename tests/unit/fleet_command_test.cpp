// Signed fleet commands (issue 23): the one verifier a device obeys through, with real Ed25519
// signatures (libsodium), the real file that keeps the last accepted seq, and a manual clock.
// Each refusal comes from a message made the way an attacker or an accident would make it.
#include "common/fleet/command.h"
#include "common/fleet/seqfile.h"
#include "drivers/fleet/ed25519.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

using namespace lasis;
using namespace lasis::fleet;
using namespace std::chrono_literals;

namespace {

const std::string kDevice = "riga/central/kiosk-1";

ByteView view(const std::string& s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class FleetCommand : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("lasis-fleet-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
    auto pair = generateKeyPair();
    ASSERT_TRUE(pair) << pair.error().describe();
    m_keys = std::move(*pair);
    auto id = m_ring.add(m_keys.publicKey);
    ASSERT_TRUE(id);
    m_keyId = *id;
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }

  std::filesystem::path seqPath() const { return m_dir / "fleet-seq.json"; }

  /// The payload JSON a fleet service would sign.
  std::string payload(std::uint64_t seq, const std::string& cmd = "reload", nlohmann::json args = nlohmann::json::object(),
                      const std::string& device = kDevice, std::optional<Clock::TimePoint> issued = std::nullopt) const {
    nlohmann::ordered_json p;
    p["v"] = 1;
    p["device"] = device;
    p["seq"] = seq;
    p["issued"] = toRfc3339(issued.value_or(m_clock.now()));
    p["cmd"] = cmd;
    p["args"] = args;
    return p.dump();
  }

  /// `bytes` signed with `key`, the envelope naming `id` (ours by default).
  std::string wire(const std::string& bytes, const SecretKey& key, const std::string& id) const {
    auto sig = sign(key, view(bytes));
    EXPECT_TRUE(sig);
    return encodeEnvelope(bytes, *sig, id);
  }
  std::string wire(const std::string& bytes) const { return wire(bytes, m_keys.secretKey, m_keyId); }

  CommandVerifier verifier(FileSeqStore& store) {
    auto v = CommandVerifier::open(kDevice, m_ring, store, m_clock);
    EXPECT_TRUE(v) << v.error().describe();
    return std::move(*v);
  }

  /// The refusal's reason, or "accepted".
  static std::string outcome(const Verdict& v) {
    return v.accepted() ? std::string("accepted") : std::string(toString(v.refusal().reason));
  }

  std::filesystem::path m_dir;
  KeyPair m_keys;
  std::string m_keyId;
  Ed25519KeyRing m_ring;
  ManualClock m_clock;
};

} // namespace

TEST_F(FleetCommand, AGoodCommandIsAcceptedAndItsSeqRecordedOnDisk) {
  FileSeqStore store(seqPath());
  auto v = verifier(store);
  EXPECT_EQ(v.lastAccepted(), 0u);
  const auto verdict = v.verify(wire(payload(1, "send-queue")));
  ASSERT_TRUE(verdict.accepted()) << verdict.refusal().message;
  EXPECT_EQ(verdict.command().name, CommandName::sendQueue);
  EXPECT_EQ(verdict.command().device, kDevice);
  EXPECT_EQ(verdict.command().seq, 1u);
  EXPECT_EQ(toRfc3339(verdict.command().issued), toRfc3339(m_clock.now()));
  EXPECT_EQ(v.lastAccepted(), 1u);
  const auto onDisk = nlohmann::json::parse(readFile(seqPath()));
  EXPECT_EQ(onDisk["devices"][kDevice], 1) << onDisk.dump();
  EXPECT_FALSE(std::filesystem::exists(seqPath().string() + ".tmp")) << "the temp file is renamed, not left";
}

TEST_F(FleetCommand, EveryCommandOfTheSetIsAcceptedWithItsArguments) {
  FileSeqStore store(seqPath());
  auto v = verifier(store);
  std::uint64_t seq = 0;
  for (const char* name : {"send-queue", "silence-gate", "reload", "training-start", "training-stop"}) {
    const auto verdict = v.verify(wire(payload(++seq, name)));
    ASSERT_TRUE(verdict.accepted()) << name << ": " << verdict.refusal().message;
    EXPECT_EQ(toString(verdict.command().name), name);
  }
  const auto notice = v.verify(wire(payload(++seq, "notice", {{"text", {{"lv", "Bibliotēka slēgta 15:00"}, {"en", "Closing at 15:00"}}}, {"seconds", 600}})));
  ASSERT_TRUE(notice.accepted()) << notice.refusal().message;
  ASSERT_TRUE(notice.command().notice);
  EXPECT_EQ(notice.command().notice->text.at("lv"), "Bibliotēka slēgta 15:00");
  EXPECT_EQ(notice.command().notice->text.at("en"), "Closing at 15:00");
  EXPECT_EQ(notice.command().notice->shownFor, 600s);
  const std::string toml = "[kiosk]\nid = \"kiosk-1\"\n[ils]\nurl = \"sip2://ils:6001\"\n";
  const auto config = v.verify(wire(payload(++seq, "config", {{"version", "2026-12-06.1"}, {"toml", toml}})));
  ASSERT_TRUE(config.accepted()) << config.refusal().message;
  ASSERT_TRUE(config.command().config);
  EXPECT_EQ(config.command().config->version, "2026-12-06.1");
  EXPECT_EQ(config.command().config->toml, toml);
  EXPECT_EQ(v.lastAccepted(), seq);
}

TEST_F(FleetCommand, AnUnsignedCommandIsRefused) {
  FileSeqStore store(seqPath());
  auto v = verifier(store);
  // The bare payload published on the topic, and an envelope whose signature was stripped.
  EXPECT_EQ(outcome(v.verify(payload(1))), "unsigned");
  auto stripped = nlohmann::json::parse(wire(payload(1)));
  stripped.erase("sig");
  EXPECT_EQ(outcome(v.verify(stripped.dump())), "unsigned");
  stripped["sig"] = "";
  const auto verdict = v.verify(stripped.dump());
  EXPECT_EQ(outcome(verdict), "unsigned");
  EXPECT_NE(verdict.refusal().message.find("no signature"), std::string::npos) << verdict.refusal().message;
  EXPECT_EQ(v.lastAccepted(), 0u);
}

TEST_F(FleetCommand, AKeyThisDeviceDoesNotTrustIsRefused) {
  FileSeqStore store(seqPath());
  auto v = verifier(store);
  auto other = generateKeyPair();
  ASSERT_TRUE(other);
  // A well-formed command signed by someone else's key, naming that key.
  const auto verdict = v.verify(wire(payload(1), other->secretKey, keyId(other->publicKey)));
  EXPECT_EQ(outcome(verdict), "unknown-key");
  EXPECT_NE(verdict.refusal().message.find(keyId(other->publicKey)), std::string::npos) << verdict.refusal().message;
  EXPECT_EQ(v.lastAccepted(), 0u);
}

TEST_F(FleetCommand, AForgedSignatureUnderOurKeyIdIsRefused) {
  FileSeqStore store(seqPath());
  auto v = verifier(store);
  auto other = generateKeyPair();
  ASSERT_TRUE(other);
  // Signed with another key but claiming ours: the key id is a name, not a proof.
  EXPECT_EQ(outcome(v.verify(wire(payload(1), other->secretKey, m_keyId))), "bad-signature");
  // Random bytes of the right length as the signature.
  auto env = nlohmann::json::parse(wire(payload(1)));
  env["sig"] = toBase64(Bytes(64, 0x5A));
  EXPECT_EQ(outcome(v.verify(env.dump())), "bad-signature");
  // A truncated signature.
  env["sig"] = toBase64(Bytes(63, 0x5A));
  EXPECT_EQ(outcome(v.verify(env.dump())), "bad-signature");
  EXPECT_EQ(v.lastAccepted(), 0u);
}

TEST_F(FleetCommand, APayloadChangedAfterSigningIsRefused) {
  FileSeqStore store(seqPath());
  auto v = verifier(store);
  // Signed for a notice; on the way someone swaps the command and the text, keeping the signature.
  const auto original = payload(1, "notice", {{"text", {{"en", "Closing at 15:00"}}}, {"seconds", 60}});
  auto env = nlohmann::json::parse(wire(original));
  std::string tampered = original;
  tampered.replace(tampered.find("15:00"), 5, "12:00");
  env["payload"] = toBase64(view(tampered));
  const auto verdict = v.verify(env.dump());
  EXPECT_EQ(outcome(verdict), "bad-signature");
  // The same with a seq raised to get past a replay check.
  std::string raised = payload(1);
  raised.replace(raised.find("\"seq\":1"), 7, "\"seq\":9");
  auto env2 = nlohmann::json::parse(wire(payload(1)));
  env2["payload"] = toBase64(view(raised));
  EXPECT_EQ(outcome(v.verify(env2.dump())), "bad-signature");
  EXPECT_EQ(v.lastAccepted(), 0u);
}

TEST_F(FleetCommand, ACommandForAnotherDeviceIsRefused) {
  FileSeqStore store(seqPath());
  auto v = verifier(store);
  const auto verdict = v.verify(wire(payload(1, "silence-gate", nlohmann::json::object(), "riga/central/gate-1")));
  EXPECT_EQ(outcome(verdict), "wrong-device");
  EXPECT_NE(verdict.refusal().message.find("riga/central/gate-1"), std::string::npos) << verdict.refusal().message;
  EXPECT_EQ(verdict.refusal().seq, 1u);
  EXPECT_EQ(verdict.refusal().cmd, "silence-gate");
  // A prefix of our name is another device too.
  EXPECT_EQ(outcome(v.verify(wire(payload(2, "reload", nlohmann::json::object(), "riga/central/kiosk-10")))), "wrong-device");
  EXPECT_EQ(v.lastAccepted(), 0u);
}

TEST_F(FleetCommand, AReplayedCommandIsRefused) {
  FileSeqStore store(seqPath());
  auto v = verifier(store);
  const auto five = wire(payload(5, "training-start"));
  ASSERT_TRUE(v.verify(five).accepted());
  // The captured message sent again, an older one, and one with the same seq.
  const auto again = v.verify(five);
  EXPECT_EQ(outcome(again), "replayed");
  EXPECT_NE(again.refusal().message.find("last accepted 5"), std::string::npos) << again.refusal().message;
  EXPECT_EQ(outcome(v.verify(wire(payload(4, "training-stop")))), "replayed");
  EXPECT_EQ(outcome(v.verify(wire(payload(5, "training-stop")))), "replayed");
  EXPECT_EQ(v.lastAccepted(), 5u);
  EXPECT_TRUE(v.verify(wire(payload(6, "training-stop"))).accepted());
}

TEST_F(FleetCommand, AStaleOrFutureCommandIsRefused) {
  FileSeqStore store(seqPath());
  auto v = verifier(store);
  // Signed 11 minutes ago: older than the 10 minutes a command lives.
  const auto old = wire(payload(1, "reload", nlohmann::json::object(), kDevice, m_clock.now() - 11min));
  const auto verdict = v.verify(old);
  EXPECT_EQ(outcome(verdict), "stale");
  EXPECT_NE(verdict.refusal().message.find("600 s before"), std::string::npos) << verdict.refusal().message;
  // Signed 3 minutes in the future: more than the 2 minutes of clock skew allowed.
  EXPECT_EQ(outcome(v.verify(wire(payload(2, "reload", nlohmann::json::object(), kDevice, m_clock.now() + 3min)))), "stale");
  // A message kept back until it is old: good when signed, stale when it arrives.
  const auto held = wire(payload(3));
  m_clock.advance(10min + 1s);
  EXPECT_EQ(outcome(v.verify(held)), "stale");
  EXPECT_EQ(v.lastAccepted(), 0u);
  // Within the limits: 9 minutes old and 1 minute ahead.
  EXPECT_TRUE(v.verify(wire(payload(4, "reload", nlohmann::json::object(), kDevice, m_clock.now() - 9min))).accepted());
  EXPECT_TRUE(v.verify(wire(payload(5, "reload", nlohmann::json::object(), kDevice, m_clock.now() + 1min))).accepted());
}

TEST_F(FleetCommand, AnUnknownCommandIsRefusedAndDoesNotUseUpItsSeq) {
  FileSeqStore store(seqPath());
  auto v = verifier(store);
  const auto verdict = v.verify(wire(payload(1, "format-disk")));
  EXPECT_EQ(outcome(verdict), "unknown-command");
  EXPECT_EQ(verdict.refusal().cmd, "format-disk");
  EXPECT_EQ(v.lastAccepted(), 0u);
  EXPECT_TRUE(v.verify(wire(payload(1, "reload"))).accepted());
}

TEST_F(FleetCommand, MalformedMessagesAreRefusedAsSuch) {
  FileSeqStore store(seqPath());
  auto v = verifier(store);
  const auto good = wire(payload(1));
  EXPECT_EQ(outcome(v.verify("")), "malformed");
  EXPECT_EQ(outcome(v.verify(good.substr(0, good.size() / 2))), "malformed") << "a message cut short";
  EXPECT_EQ(outcome(v.verify("[1,2]")), "malformed");
  auto env = nlohmann::json::parse(good);
  env["payload"] = "not base64!";
  EXPECT_EQ(outcome(v.verify(env.dump())), "malformed");
  env = nlohmann::json::parse(good);
  env.erase("key");
  EXPECT_EQ(outcome(v.verify(env.dump())), "malformed");
  // Signed, but not what a device can obey: checked only after the signature holds.
  EXPECT_EQ(outcome(v.verify(wire("{\"v\":1}"))), "malformed");
  EXPECT_EQ(outcome(v.verify(wire(payload(0)))), "malformed") << "seq starts at 1";
  EXPECT_EQ(outcome(v.verify(wire(payload(2, "reload", {{"force", true}})))), "malformed") << "reload takes no arguments";
  EXPECT_EQ(outcome(v.verify(wire(payload(3, "notice", {{"text", {{"en", "Hi"}}}})))), "malformed") << "no seconds";
  EXPECT_EQ(outcome(v.verify(wire(payload(4, "notice", {{"text", {{"en", ""}}}, {"seconds", 5}})))), "malformed");
  EXPECT_EQ(outcome(v.verify(wire(payload(5, "config", {{"version", "1"}})))), "malformed") << "no toml";
  std::string badTime = payload(6);
  badTime.replace(badTime.find("\"issued\":\"") + 10, 20, "2026-13-40T99:00:00Z");
  EXPECT_EQ(outcome(v.verify(wire(badTime))), "malformed");
  std::string v2 = payload(7);
  v2.replace(v2.find("\"v\":1"), 5, "\"v\":2");
  EXPECT_EQ(outcome(v.verify(wire(v2))), "malformed");
  EXPECT_EQ(v.lastAccepted(), 0u);
}

TEST_F(FleetCommand, TheSeqSurvivesANewVerifierOnTheSameFile) {
  const auto seven = wire(payload(7, "send-queue"));
  {
    FileSeqStore store(seqPath());
    auto v = verifier(store);
    ASSERT_TRUE(v.verify(seven).accepted());
  }
  // The device restarts: a new store and verifier on the same file.
  FileSeqStore store(seqPath());
  auto v = verifier(store);
  EXPECT_EQ(v.lastAccepted(), 7u);
  EXPECT_EQ(outcome(v.verify(seven)), "replayed");
  EXPECT_TRUE(v.verify(wire(payload(8))).accepted());
}

TEST_F(FleetCommand, DevicesSharingAFileKeepTheirOwnSeq) {
  FileSeqStore store(seqPath());
  auto kiosk = verifier(store);
  auto gateV = CommandVerifier::open("riga/central/gate-1", m_ring, store, m_clock);
  ASSERT_TRUE(gateV);
  ASSERT_TRUE(kiosk.verify(wire(payload(40))).accepted());
  ASSERT_TRUE(gateV->verify(wire(payload(3, "silence-gate", nlohmann::json::object(), "riga/central/gate-1"))).accepted());
  FileSeqStore reopened(seqPath());
  EXPECT_EQ(reopened.last(kDevice)->value_or(0), 40u);
  EXPECT_EQ(reopened.last("riga/central/gate-1")->value_or(0), 3u);
}

TEST_F(FleetCommand, ADamagedSeqFileIsAnErrorNotAResetToZero) {
  {
    FileSeqStore store(seqPath());
    auto v = verifier(store);
    ASSERT_TRUE(v.verify(wire(payload(12))).accepted());
  }
  const std::string good = readFile(seqPath());
  // Cut short (a disk that lost the tail), garbage, and empty.
  for (const std::string& damage : {good.substr(0, good.size() / 2), std::string("\x01\x02garbage\xff", 11), std::string()}) {
    std::ofstream(seqPath(), std::ios::binary | std::ios::trunc) << damage;
    FileSeqStore store(seqPath());
    auto v = CommandVerifier::open(kDevice, m_ring, store, m_clock);
    ASSERT_FALSE(v) << "opened on a damaged file as if at seq " << v->lastAccepted();
    EXPECT_TRUE(v.error().is(Errc::corrupt)) << v.error().describe();
    EXPECT_NE(v.error().message().find(seqPath().string()), std::string::npos) << v.error().message();
    EXPECT_FALSE(store.last(kDevice)) << "never read as 'no command yet'";
  }
  // Valid JSON that is not the record: also damaged.
  std::ofstream(seqPath(), std::ios::trunc) << R"({"devices":{"riga/central/kiosk-1":"12"}})";
  FileSeqStore store(seqPath());
  EXPECT_FALSE(CommandVerifier::open(kDevice, m_ring, store, m_clock));
}

TEST_F(FleetCommand, ACommandWhoseSeqCannotBeRecordedIsNotObeyed) {
  FileSeqStore store(seqPath());
  auto v = verifier(store);
  ASSERT_TRUE(v.verify(wire(payload(1))).accepted());
  // The file is damaged under the running device: the next command cannot be recorded.
  std::ofstream(seqPath(), std::ios::trunc) << "{\"format\":";
  const auto verdict = v.verify(wire(payload(2)));
  EXPECT_EQ(outcome(verdict), "not-recorded");
  EXPECT_NE(verdict.refusal().message.find("damaged"), std::string::npos) << verdict.refusal().message;
  EXPECT_EQ(v.lastAccepted(), 1u);
}

TEST_F(FleetCommand, ADeviceNameIsThreeLevels) {
  FileSeqStore store(seqPath());
  for (const char* bad : {"riga/central", "riga//kiosk", "riga/central/kiosk/x", "riga/+/kiosk", "riga/central/#", "/central/k"})
    EXPECT_FALSE(CommandVerifier::open(bad, m_ring, store, m_clock)) << bad;
  EXPECT_TRUE(isDeviceName("zhytomyr/branch-07/gate-2"));
}

TEST(FleetWire, Base64IsStandardPaddedAndStrict) {
  const std::string s = "Lasis fleet";
  for (std::size_t n = 0; n <= s.size(); ++n) {
    const auto enc = toBase64(view(s.substr(0, n)));
    const auto dec = fromBase64(enc);
    ASSERT_TRUE(dec) << enc;
    EXPECT_EQ(std::string(dec->begin(), dec->end()), s.substr(0, n));
  }
  EXPECT_EQ(toBase64(view("foobar")), "Zm9vYmFy");
  EXPECT_EQ(toBase64(view("fo")), "Zm8=");
  for (const char* bad : {"Zm8", "Zm9=v", "Zm9", "Zm8==", "Zm9v YmFy", "Zm9\n", "Zm9-", "Zm9=", "Zh=="})
    EXPECT_FALSE(fromBase64(bad)) << bad;
}

TEST(FleetWire, Rfc3339InUtc) {
  const auto t = fromRfc3339("2026-12-06T15:04:05Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(toRfc3339(*t), "2026-12-06T15:04:05Z");
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count(), 1796569445);
  const auto f = fromRfc3339("2026-12-06T15:04:05.250Z");
  ASSERT_TRUE(f);
  EXPECT_EQ((*f - *t), std::chrono::milliseconds(250));
  for (const char* bad : {"2026-12-06 15:04:05Z", "2026-12-06T15:04:05", "2026-12-06T15:04:05+02:00", "2026-02-30T00:00:00Z",
                          "2026-12-06T24:00:00Z", "2026-12-06T15:04:05.Z", "26-12-06T15:04:05Z"})
    EXPECT_FALSE(fromRfc3339(bad)) << bad;
}

TEST(FleetSodium, AKeyIdIsEightHexOfTheBlake2bOfThePublicKey) {
  auto pair = generateKeyPair();
  ASSERT_TRUE(pair);
  const auto id = keyId(pair->publicKey);
  EXPECT_EQ(id.size(), 8u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  // BLAKE2b-256 of 32 zero bytes begins 89eb0d6a (Python: hashlib.blake2b(bytes(32), digest_size=32)).
  EXPECT_EQ(keyId(Bytes(32, 0)), "89eb0d6a");
  auto pk = publicKeyOf(pair->secretKey);
  ASSERT_TRUE(pk);
  EXPECT_EQ(*pk, pair->publicKey);
}

TEST(FleetSodium, KeyFilesAreWrittenOnceWithTheSecretPrivate) {
  const auto dir = std::filesystem::temp_directory_path() / ("lasis-fleet-keys-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto pair = generateKeyPair();
  ASSERT_TRUE(pair);
  auto paths = writeKeyFiles(dir, *pair);
  ASSERT_TRUE(paths) << paths.error().describe();
  struct stat st {};
  ASSERT_EQ(::stat(paths->first.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const auto before = readFile(paths->first);
  auto again = generateKeyPair();
  ASSERT_TRUE(again);
  auto second = writeKeyFiles(dir, *again);
  ASSERT_FALSE(second);
  EXPECT_TRUE(second.error().is(Errc::busy)) << second.error().describe();
  EXPECT_EQ(readFile(paths->first), before) << "the key in use is untouched";
  auto secret = readSecretKeyFile(paths->first);
  ASSERT_TRUE(secret) << secret.error().describe();
  auto pub = readPublicKeyFile(paths->second);
  ASSERT_TRUE(pub);
  EXPECT_EQ(*pub, pair->publicKey);
  const std::string msg = "payload";
  EXPECT_TRUE(verifySignature(*pub, view(msg), *sign(*secret, view(msg))));
  // Each file where the other belongs is named for what it is.
  auto swapped = readPublicKeyFile(paths->first);
  ASSERT_FALSE(swapped);
  EXPECT_NE(swapped.error().message().find("is a fleet secret key"), std::string::npos) << swapped.error().message();
  std::filesystem::remove_all(dir);
}

TEST(FleetSodium, AnArgon2idPasswordHashVerifiesAndAWrongPasswordDoesNot) {
  auto hash = hashPassword("correct horse battery staple");
  ASSERT_TRUE(hash) << hash.error().describe();
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_NE(hash->find("m=262144"), std::string::npos) << "moderate limits: 256 MiB\n" << *hash;
  EXPECT_TRUE(verifyPassword(*hash, "correct horse battery staple"));
  EXPECT_FALSE(verifyPassword(*hash, "correct horse battery stapl"));
  EXPECT_FALSE(verifyPassword(*hash, ""));
  EXPECT_FALSE(verifyPassword("", "correct horse battery staple"));
  EXPECT_FALSE(verifyPassword("$argon2id$garbage", "correct horse battery staple"));
  auto other = hashPassword("correct horse battery staple");
  ASSERT_TRUE(other);
  EXPECT_NE(*other, *hash) << "a fresh salt each time";
  EXPECT_FALSE(hashPassword(""));
}
