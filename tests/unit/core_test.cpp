// The pure core's building blocks: errors, hex, clocks and configuration with file:line errors.
#include "common/core/bytes.h"
#include "common/core/clock.h"
#include "common/core/config.h"
#include "common/core/log.h"
#include "common/core/result.h"
#include "common/core/secretfile.h"
#include "common/core/timezone.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace lasis;

TEST(Hex, RoundTripsAndToleratesSeparators) {
  auto b = fromHex("de:ad be-EF");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(toHex(*b), "DEADBEEF");
}

TEST(Hex, RejectsOddDigitsAndForeignCharacters) {
  EXPECT_TRUE(fromHex("ABC").error().is(Errc::parse));
  auto r = fromHex("AZ");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("position 1"), std::string::npos);
}

TEST(Result, CarriesValueOrError) {
  Result<int> good = 7;
  Result<int> bad = fail(Errc::timeout, "reader did not answer");
  EXPECT_EQ(*good, 7);
  EXPECT_TRUE(bad.error().is(Errc::timeout));
  EXPECT_EQ(bad.error().describe(), "reader did not answer (timed out)");
  EXPECT_EQ(bad.error().context("inventory").message(), "inventory: reader did not answer");
}

TEST(ManualClock, MovesOnlyWhenTold) {
  ManualClock clock;
  const auto t0 = clock.now();
  const auto m0 = clock.monotonic();
  clock.advance(std::chrono::seconds(60));
  EXPECT_EQ(clock.now() - t0, std::chrono::seconds(60));
  clock.setNow(t0 - std::chrono::hours(1));  // a clock jump backwards
  EXPECT_EQ(clock.monotonic() - m0, std::chrono::seconds(60));
}

TEST(Config, ReadsTypedValuesWithDefaults) {
  auto doc = ConfigDoc::parse("[gate]\nmode = \"eas\"\nhold_ms = 1500\nreaders = [\"a\", \"b\"]\n", "gate.toml");
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  EXPECT_EQ(doc->choice("gate.mode", "afi", {"afi", "eas"}), "eas");
  EXPECT_EQ(doc->integer("gate.hold_ms", 1000, 100, 10000), 1500);
  EXPECT_EQ(doc->integer("gate.absent", 42, 0, 100), 42);
  EXPECT_EQ(doc->strings("gate.readers", {}).size(), 2u);
  EXPECT_TRUE(doc->finish().ok());
}

TEST(Config, ReportsFileLineForBadValueAndUnknownKey) {
  auto doc = ConfigDoc::parse("[gate]\nhold_ms = 99999\nmdoe = \"afi\"\n", "gate.toml");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->integer("gate.hold_ms", 1000, 100, 10000), 1000);
  auto st = doc->finish();
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(st.error().is(Errc::config));
  EXPECT_NE(st.error().message().find("gate.toml:2:11: option 'gate.hold_ms' must be between"), std::string::npos)
      << st.error().message();
  EXPECT_NE(st.error().message().find("gate.toml:3:8: unknown option 'gate.mdoe'"), std::string::npos)
      << st.error().message();
}

TEST(Config, SyntaxErrorNamesTheLine) {
  auto doc = ConfigDoc::parse("[gate]\nmode = \n", "kiosk.toml");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().message().rfind("kiosk.toml:2:", 0), 0u) << doc.error().message();
}

TEST(Config, ArrayOfTablesGivesIndexedPrefixes) {
  auto doc = ConfigDoc::parse("[[gate.readers]]\ndevice = \"nfc:x\"\n[[gate.readers]]\ndevice = \"nfc:y\"\n", "g.toml");
  ASSERT_TRUE(doc.ok());
  auto keys = doc->tableArray("gate.readers");
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(doc->string(keys[1] + ".device", ""), "nfc:y");
  auto st = doc->finish();  // readers[0].device was never read
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message().find("unknown option 'gate.readers[0].device'"), std::string::npos)
      << st.error().message();
}

// Drop-ins: a network ships kiosk.toml, a branch adds kiosk.d/NN-name.toml.
namespace {
std::filesystem::path freshDir(const std::string& name) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}
} // namespace

TEST(Config, DropInsApplyInNameOrderOverTheMainFile) {
  const auto dir = freshDir("lasis-dropins");
  std::ofstream(dir / "kiosk.toml") << "[kiosk]\nid = \"template\"\nlocation = \"MAIN\"\n[ui]\nlanguages = [\"lv\", \"en\"]\n";
  std::filesystem::create_directories(dir / "kiosk.d");
  std::ofstream(dir / "kiosk.d" / "20-kiosk.toml") << "[kiosk]\nid = \"branch-kiosk-2\"\n";
  std::ofstream(dir / "kiosk.d" / "10-branch.toml") << "[kiosk]\nid = \"branch\"\nlocation = \"VENTSPILS\"\n[ui]\nlanguages = [\"lv\"]\n";
  std::ofstream(dir / "kiosk.d" / "README") << "not a config: ignored\n";
  std::ofstream(dir / "kiosk.d" / "30-old.toml.dpkg-old") << "this = is not toml at all [\n";
  auto doc = ConfigDoc::load(dir / "kiosk.toml");
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  EXPECT_EQ(doc->string("kiosk.id", ""), "branch-kiosk-2");      // 20- after 10-
  EXPECT_EQ(doc->string("kiosk.location", ""), "VENTSPILS");     // 10- over the template
  EXPECT_EQ(doc->strings("ui.languages", {}), std::vector<std::string>{"lv"});  // a list is replaced whole
  EXPECT_TRUE(doc->finish().ok());
  ASSERT_EQ(doc->files().size(), 3u);
  EXPECT_EQ(std::filesystem::path(doc->files()[1]).filename(), "10-branch.toml");
}

TEST(Config, AProblemInADropInNamesTheDropIn) {
  const auto dir = freshDir("lasis-dropins-bad");
  std::ofstream(dir / "gate.toml") << "[gate]\nhold_ms = 1500\n";
  std::filesystem::create_directories(dir / "gate.d");
  std::ofstream(dir / "gate.d" / "branch.toml") << "[gate]\n\nhodl_ms = 2000\n";
  auto doc = ConfigDoc::load(dir / "gate.toml");
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  EXPECT_EQ(doc->integer("gate.hold_ms", 1000, 100, 10000), 1500);
  auto st = doc->finish();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message().find((dir / "gate.d" / "branch.toml").string() + ":3:11: unknown option 'gate.hodl_ms'"),
            std::string::npos)
      << st.error().message();
  std::ofstream(dir / "gate.d" / "broken.toml") << "[gate\n";
  auto broken = ConfigDoc::load(dir / "gate.toml");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().message().rfind((dir / "gate.d" / "broken.toml").string() + ":1:", 0), 0u)
      << broken.error().message();
}

TEST(TimeZone, AnUnknownOrForgedNameIsAConfigErrorNamingIt) {
  EXPECT_TRUE(checkTimeZone("").ok()) << "empty: the machine's own zone";
  EXPECT_TRUE(checkTimeZone("Europe/Riga").ok());
  EXPECT_TRUE(checkTimeZone("Europe/Kyiv").ok());
  auto unknown = checkTimeZone("Europe/Atlantis");
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(unknown.error().is(Errc::config));
  EXPECT_NE(unknown.error().message().find("unknown time zone 'Europe/Atlantis'"), std::string::npos);
  EXPECT_FALSE(checkTimeZone("../../etc/passwd").ok());
  EXPECT_FALSE(checkTimeZone("/etc/localtime").ok());
  EXPECT_FALSE(checkTimeZone("Europe").ok()) << "a directory is not a zone";
}

// Secrets come from files only the service user may read (docs/SECURITY.md).
TEST(SecretFile, ReadsTheFirstLineOfAPrivateFile) {
  const auto file = std::filesystem::path(::testing::TempDir()) / "lasis-secret-ok";
  std::filesystem::remove(file);
  std::ofstream(file) << "hunter2 \r\nsecond line\n";
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto s = lasis::readSecretFile(file);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(*s, "hunter2");
}

TEST(SecretFile, RefusesGroupOrWorldAccessMissingFilesAndDirectories) {
  namespace fs = std::filesystem;
  const auto file = fs::path(::testing::TempDir()) / "lasis-secret-open";
  fs::remove(file);
  std::ofstream(file) << "hunter2\n";
  for (auto mode : {fs::perms::owner_read | fs::perms::group_read, fs::perms::owner_read | fs::perms::others_read,
                    fs::perms::owner_read | fs::perms::others_write, fs::perms::owner_all | fs::perms::group_exec}) {
    fs::permissions(file, mode);
    auto s = lasis::readSecretFile(file);
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(s.error().is(lasis::Errc::config)) << s.error().describe();
    EXPECT_NE(s.error().message().find("chmod 600"), std::string::npos) << s.error().describe();
    EXPECT_EQ(s.error().message().find("hunter2"), std::string::npos) << "the secret must not be in the message";
  }
  auto missing = lasis::readSecretFile(file.string() + "-absent");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.error().is(lasis::Errc::notFound));
  auto dir = lasis::readSecretFile(::testing::TempDir());
  ASSERT_FALSE(dir.ok());
}

TEST(ForLog, AMegabyteItemIdCostsOneShortLogLine) {
  // What a technician reading the journal sees when a tag claims a 1 MB item id.
  std::ostringstream journal;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(journal);
  spdlog::logger log("test", sink);
  log.set_pattern("%v");
  const std::string huge(1 << 20, '7');
  log.warn("checkout {}: refused", lasis::forLog(huge));
  const std::string line = journal.str();
  EXPECT_LT(line.size(), 200u) << line.substr(0, 200);
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1);
  EXPECT_NE(line.find(std::string(64, '7') + "…(1048576 bytes): refused"), std::string::npos) << line;
}

TEST(ForLog, ControlCharactersCannotForgeOrSplitALine) {
  EXPECT_EQ(lasis::forLog("10000001"), "10000001");  // an ordinary id is untouched
  EXPECT_EQ(lasis::forLog("12\n2026-01-01 error forged\x1b[2J\x7f"),
            "12\\x0A2026-01-01 error forged\\x1B[2J\\x7F");
  EXPECT_EQ(lasis::forLog(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(lasis::forLog("abcdef", 3), "abc…(6 bytes)");
  EXPECT_EQ(lasis::forLog("abc", 3), "abc");
  // Never half a UTF-8 character: "é" is two bytes, the cut falls back before it.
  EXPECT_EQ(lasis::forLog("ab\xC3\xA9" "cd", 3), "ab…(6 bytes)");
}
