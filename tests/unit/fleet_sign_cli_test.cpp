// Black-box: the real `lasis fleet keygen` and `lasis fleet sign`, their output checked by the
// verifier a device runs (common/fleet/command.h) with the public key file keygen wrote. Every
// refusal here is a message the real binary printed, replayed, altered or signed with the wrong key.
#include "common/fleet/command.h"
#include "common/fleet/seqfile.h"
#include "drivers/fleet/ed25519.h"
#include "tests/support/shellrun.h"

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

const std::string kBin = LASIS_BIN_DIR;
const std::string kDevice = "zhytomyr/branch-07/kiosk-2";

struct CliRun {
  int rc = -1;
  std::string out;  ///< stdout
  std::string err;  ///< stderr
};

class FleetSignCli : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("lasis-fleetcli-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir / "keys");
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }

  /// `lasis ARGS`, under a timeout, stdout and stderr apart.
  CliRun lasis(const std::string& args) {
    const auto errFile = m_dir / "stderr";
    auto r = test::runShell("LASIS_LOG=off timeout 30 " + kBin + "/lasis " + args + " </dev/null 2>" + errFile.string());
    std::ifstream in(errFile);
    std::stringstream ss;
    ss << in.rdbuf();
    return {r.rc, r.out, ss.str()};
  }

  /// keygen into DIR; its JSON line.
  nlohmann::json keygen(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    const auto r = lasis("fleet keygen --out " + dir.string());
    EXPECT_EQ(r.rc, 0) << r.err;
    return nlohmann::json::parse(r.out, nullptr, false);
  }

  /// `lasis fleet sign` with the network's key for kDevice; the wire line (without its newline).
  CliRun signCli(const std::string& more, const std::string& key = "") {
    auto r = lasis("fleet sign --key " + (key.empty() ? (m_dir / "keys/fleet-signing.key").string() : key) + " " + more);
    if (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
    return r;
  }

  std::filesystem::path m_dir;
  SystemClock m_clock;
};

std::string outcome(const Verdict& v) { return v.accepted() ? "accepted" : std::string(toString(v.refusal().reason)); }

} // namespace

TEST_F(FleetSignCli, KeygenWritesAPrivateSecretAndAPublicKeyAndNeverOverwrites) {
  const auto made = keygen(m_dir / "keys");
  ASSERT_TRUE(made.is_object());
  const std::string secret = made.value("secret", ""), pub = made.value("public", "");
  EXPECT_EQ(secret, (m_dir / "keys/fleet-signing.key").string());
  EXPECT_EQ(pub, (m_dir / "keys/fleet-signing.pub").string());
  struct stat st {};
  ASSERT_EQ(::stat(secret.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "the secret key is the service user's alone";
  // The key id printed is the one of the public key written.
  auto pk = readPublicKeyFile(pub);
  ASSERT_TRUE(pk) << pk.error().describe();
  EXPECT_EQ(made.value("key", ""), keyId(*pk));

  // A second keygen into the same place: refused, nothing changed.
  std::ifstream before(secret);
  const std::string old((std::istreambuf_iterator<char>(before)), {});
  const auto again = lasis("fleet keygen --out " + (m_dir / "keys").string());
  EXPECT_EQ(again.rc, 1);
  EXPECT_TRUE(again.out.empty()) << again.out;
  EXPECT_NE(again.err.find("exists"), std::string::npos) << again.err;
  std::ifstream after(secret);
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(after)), {}), old);
  // Nor when only the public half is there.
  std::filesystem::create_directories(m_dir / "half");
  std::ofstream(m_dir / "half/fleet-signing.pub") << "someone's key\n";
  EXPECT_EQ(lasis("fleet keygen --out " + (m_dir / "half").string()).rc, 1);
  EXPECT_FALSE(std::filesystem::exists(m_dir / "half/fleet-signing.key"));
}

TEST_F(FleetSignCli, WhatSignPrintsADeviceObeysOnceAndRefusesEveryAlteredCopy) {
  keygen(m_dir / "keys");
  Ed25519KeyRing ring;
  ASSERT_TRUE(ring.addFile(m_dir / "keys/fleet-signing.pub"));
  FileSeqStore store(m_dir / "seq.json");
  auto device = CommandVerifier::open(kDevice, ring, store, m_clock);
  ASSERT_TRUE(device) << device.error().describe();

  // 1. A reload, signed now: obeyed.
  const auto reload = signCli("--device " + kDevice + " --seq 1 --cmd reload");
  ASSERT_EQ(reload.rc, 0) << reload.err;
  const auto wire = nlohmann::json::parse(reload.out, nullptr, false);
  ASSERT_TRUE(wire.is_object()) << reload.out;
  EXPECT_EQ(wire.size(), 3u) << reload.out;
  const auto first = device->verify(reload.out);
  ASSERT_TRUE(first.accepted()) << first.refusal().message;
  EXPECT_EQ(first.command().name, CommandName::reload);
  EXPECT_LE(std::chrono::abs(first.command().issued - m_clock.now()), Clock::Duration(10s));

  // 2. The same line again: replayed.
  EXPECT_EQ(outcome(device->verify(reload.out)), "replayed");

  // 3. A notice in two languages, and a configuration from a file.
  const auto notice = signCli("--device " + kDevice + " --seq 2 --cmd notice --arg text.uk=Привіт --arg text.en=Hello --arg seconds=90");
  ASSERT_EQ(notice.rc, 0) << notice.err;
  const auto n = device->verify(notice.out);
  ASSERT_TRUE(n.accepted()) << n.refusal().message;
  EXPECT_EQ(n.command().notice->text.at("uk"), "Привіт");
  EXPECT_EQ(n.command().notice->shownFor, 90s);
  const std::string toml = "# central\n[kiosk]\nid = \"kiosk-2\"\n";
  std::ofstream(m_dir / "kiosk.toml") << toml;
  const auto config = signCli("--device " + kDevice + " --seq 3 --cmd config --config-file " + (m_dir / "kiosk.toml").string() +
                           " --config-version 2026-12-06.1");
  ASSERT_EQ(config.rc, 0) << config.err;
  const auto c = device->verify(config.out);
  ASSERT_TRUE(c.accepted()) << c.refusal().message;
  EXPECT_EQ(c.command().config->toml, toml);
  EXPECT_EQ(c.command().config->version, "2026-12-06.1");

  // 4. Altered on the way: the payload re-encoded with another seq, the signature kept.
  auto payload = fromBase64(wire["payload"].get<std::string>());
  ASSERT_TRUE(payload);
  std::string text(payload->begin(), payload->end());
  text.replace(text.find("\"seq\":1"), 7, "\"seq\":9");
  auto tampered = wire;
  tampered["payload"] = toBase64(ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
  EXPECT_EQ(outcome(device->verify(tampered.dump())), "bad-signature");
  // Its signature stripped: unsigned.
  auto stripped = nlohmann::json::parse(signCli("--device " + kDevice + " --seq 10 --cmd reload").out);
  stripped.erase("sig");
  EXPECT_EQ(outcome(device->verify(stripped.dump())), "unsigned");

  // 5. For another device, issued 20 minutes ago, and issued 5 minutes ahead.
  EXPECT_EQ(outcome(device->verify(signCli("--device zhytomyr/branch-07/gate-1 --seq 11 --cmd silence-gate").out)), "wrong-device");
  const auto old = toRfc3339(m_clock.now() - 20min), ahead = toRfc3339(m_clock.now() + 5min);
  EXPECT_EQ(outcome(device->verify(signCli("--device " + kDevice + " --seq 12 --cmd reload --issued " + old).out)), "stale");
  EXPECT_EQ(outcome(device->verify(signCli("--device " + kDevice + " --seq 13 --cmd reload --issued " + ahead).out)), "stale");

  // 6. Signed with another network's key: unknown key.
  keygen(m_dir / "other");
  EXPECT_EQ(outcome(device->verify(signCli("--device " + kDevice + " --seq 14 --cmd reload", (m_dir / "other/fleet-signing.key").string()).out)),
            "unknown-key");

  // 7. A command the device does not know: sign refuses to make it unless told.
  const auto typo = signCli("--device " + kDevice + " --seq 15 --cmd relaod");
  EXPECT_EQ(typo.rc, 1);
  EXPECT_TRUE(typo.out.empty()) << typo.out;
  EXPECT_NE(typo.err.find("unknown-command"), std::string::npos) << typo.err;
  const auto forced = signCli("--device " + kDevice + " --seq 15 --cmd relaod --unchecked");
  ASSERT_EQ(forced.rc, 0) << forced.err;
  EXPECT_EQ(outcome(device->verify(forced.out)), "unknown-command");
  // Arguments a device would refuse, likewise.
  const auto noSeconds = signCli("--device " + kDevice + " --seq 16 --cmd notice --arg text.lv=Sveiki");
  EXPECT_EQ(noSeconds.rc, 1);
  EXPECT_NE(noSeconds.err.find("seconds"), std::string::npos) << noSeconds.err;

  // Nothing refused moved the device's seq.
  EXPECT_EQ(device->lastAccepted(), 3u);
  EXPECT_TRUE(device->verify(signCli("--device " + kDevice + " --seq 4 --cmd send-queue").out).accepted());
}

TEST_F(FleetSignCli, SignRefusesAKeyOthersCanReadAndThePublicKeyInItsPlace) {
  keygen(m_dir / "keys");
  const auto pub = signCli("--device " + kDevice + " --seq 1 --cmd reload", (m_dir / "keys/fleet-signing.pub").string());
  EXPECT_EQ(pub.rc, 1);
  EXPECT_NE(pub.err.find("chmod 600"), std::string::npos) << pub.err << " (the .pub is 0644: refused as a secret first)";
  std::filesystem::permissions(m_dir / "keys/fleet-signing.pub", std::filesystem::perms(0600));
  const auto asSecret = signCli("--device " + kDevice + " --seq 1 --cmd reload", (m_dir / "keys/fleet-signing.pub").string());
  EXPECT_EQ(asSecret.rc, 1);
  EXPECT_NE(asSecret.err.find("public key, not the secret key"), std::string::npos) << asSecret.err;
  std::filesystem::permissions(m_dir / "keys/fleet-signing.key", std::filesystem::perms(0644));
  const auto open = signCli("--device " + kDevice + " --seq 1 --cmd reload");
  EXPECT_EQ(open.rc, 1);
  EXPECT_NE(open.err.find("chmod 600"), std::string::npos) << open.err;
  EXPECT_TRUE(open.out.empty());
}
