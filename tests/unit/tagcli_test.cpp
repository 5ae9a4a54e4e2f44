// Black-box: the real `lasis` binary, `lasis tag encode` piped to `lasis tag decode`, checking
// the JSON contract scripts rely on and the exit statuses.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace {

/// What a command line printed and how it exited.
struct Run {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs a shell command line under `timeout`, so a hung binary fails the test instead of the run.
Run sh(const std::string& line) {
  // One stderr file per call: CTest runs these tests in parallel processes.
  std::string errFile = testing::TempDir() + "lasis-tagcli-XXXXXX";
  const int fd = mkstemp(errFile.data());
  if (fd < 0) return {};
  close(fd);
  const std::string cmd = "timeout 20 sh -c '" + line + "' 2>" + errFile;
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  std::ifstream f(errFile);
  std::stringstream ss;
  ss << f.rdbuf();
  r.err = ss.str();
  std::remove(errFile.c_str());
  return r;
}

const std::string kLasis = std::string(LASIS_BIN_DIR) + "/lasis";

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

nlohmann::json parse(const Run& r) {
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON: " << r.out;
  return j;
}

} // namespace

TEST(TagCli, EncodeThenDecodeIso28560_3) {
  auto enc = sh(kLasis + " tag encode --model iso28560-3 --item 30512004815473 --parts 1 --ordinal 1 --isil LV-00001");
  ASSERT_EQ(enc.status, 0) << enc.err;
  const std::string hex = trim(enc.out);
  EXPECT_EQ(hex.size(), 68u) << "34 bytes";
  EXPECT_EQ(hex.find_first_not_of("0123456789ABCDEF"), std::string::npos) << "upper-case hex: " << hex;
  auto dec = sh(kLasis + " tag decode " + hex);
  ASSERT_EQ(dec.status, 0) << dec.err;
  auto j = parse(dec);
  for (auto key : {"model", "item_id", "parts", "ordinal", "usage", "owner", "crc_ok", "extensions",
                   "blocks_reversed", "warnings"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["model"], "iso28560-3");
  EXPECT_EQ(j["item_id"], "30512004815473");
  EXPECT_EQ(j["parts"], 1);
  EXPECT_EQ(j["ordinal"], 1);
  EXPECT_EQ(j["usage"], "circulating");
  EXPECT_EQ(j["owner"], "LV-00001");
  EXPECT_EQ(j["crc_ok"], true);
  EXPECT_EQ(j["blocks_reversed"], false);
  EXPECT_TRUE(j["extensions"].is_array());
}

TEST(TagCli, PipesEncodeIntoDecodeForBothModels) {
  auto three = sh(kLasis + " tag encode --model iso28560-3 --item 4001123 --parts 3 --ordinal 2 --isil DK-718500"
                           " --usage not-for-loan --size 64 --title \"Nils Holgersson\" | " + kLasis + " tag decode");
  ASSERT_EQ(three.status, 0) << three.err;
  auto j = parse(three);
  EXPECT_EQ(j["parts"], 3);
  EXPECT_EQ(j["ordinal"], 2);
  EXPECT_EQ(j["usage"], "not-for-loan");
  ASSERT_EQ(j["extensions"].size(), 1u);
  EXPECT_EQ(j["extensions"][0]["id"], 4);
  EXPECT_EQ(j["extensions"][0]["title"], "Nils Holgersson");
  EXPECT_EQ(j["extensions"][0]["check_ok"], true);
  EXPECT_TRUE(j["extensions"][0].contains("raw"));

  auto two = sh(kLasis + " tag encode --model iso28560-2 --item 0012345 --parts 2 --ordinal 2 --isil LT-000123"
                         " --usage patron | " + kLasis + " tag decode -");
  ASSERT_EQ(two.status, 0) << two.err;
  j = parse(two);
  EXPECT_EQ(j["model"], "iso28560-2");
  EXPECT_EQ(j["item_id"], "0012345");
  EXPECT_EQ(j["parts"], 2);
  EXPECT_EQ(j["usage"], "patron");
  EXPECT_EQ(j["owner"], "LT-000123");
}

TEST(TagCli, RawExtensionsGoOntoTheTag) {
  auto r = sh(kLasis + " tag encode --item 123 --size 64 --extension 0x1234:DEAD --extension 1:02414C54 | " + kLasis +
              " tag decode");
  ASSERT_EQ(r.status, 0) << r.err;
  auto j = parse(r);
  ASSERT_EQ(j["extensions"].size(), 2u);
  EXPECT_EQ(j["extensions"][0]["id"], 0x1234);
  EXPECT_EQ(j["extensions"][0]["raw"], "DEAD");
  EXPECT_EQ(j["extensions"][1]["media_format"], "cd/dvd");
  EXPECT_EQ(j["extensions"][1]["alternative_item_id"], "ALT");
  EXPECT_NE(sh(kLasis + " tag encode --item 123 --extension 4").status, 0);
  EXPECT_NE(sh(kLasis + " tag encode --item 123 --extension x:00").status, 0);
}

TEST(TagCli, DamagedTagPrintsJsonButFailsWithAWarning) {
  auto enc = sh(kLasis + " tag encode --model iso28560-3 --item 30512004815473 --isil LV-00001");
  ASSERT_EQ(enc.status, 0);
  std::string hex = trim(enc.out);
  hex.replace(50, 2, "FF");  // a byte of the owner
  auto dec = sh(kLasis + " tag decode " + hex);
  EXPECT_NE(dec.status, 0);
  EXPECT_NE(dec.err.find("damaged"), std::string::npos) << dec.err;
  auto j = parse(dec);
  EXPECT_EQ(j["crc_ok"], false);
  EXPECT_FALSE(j["warnings"].empty());
}

TEST(TagCli, ReversedBlocksAreReported) {
  auto enc = sh(kLasis + " tag encode --item 12345678 --isil DE-705 --size 36");
  ASSERT_EQ(enc.status, 0);
  std::string hex = trim(enc.out);
  hex.resize(72, '0');
  std::string rev;
  for (std::size_t i = 0; i < hex.size(); i += 8)
    for (int k = 3; k >= 0; --k) rev += hex.substr(i + static_cast<std::size_t>(k) * 2, 2);
  auto dec = sh(kLasis + " tag decode " + rev);
  ASSERT_EQ(dec.status, 0) << dec.err;
  auto j = parse(dec);
  EXPECT_EQ(j["blocks_reversed"], true);
  EXPECT_EQ(j["item_id"], "12345678");
}

TEST(TagCli, UndecodableDataFailsWithAClearMessage) {
  auto blank = sh(kLasis + " tag decode " + std::string(64, '0'));
  EXPECT_EQ(blank.status, 1);
  EXPECT_TRUE(blank.out.empty());
  EXPECT_NE(blank.err.find("blank tag"), std::string::npos) << blank.err;

  auto garbage = sh(kLasis + " tag decode 7468697320697320 6e6f7420612074616720617420616c6c2c20686f6e6573746c79");
  EXPECT_EQ(garbage.status, 1);
  EXPECT_NE(garbage.err.find("not ISO 28560"), std::string::npos) << garbage.err;

  auto prefixed = sh(kLasis + " tag decode 0x11010131313232333334340000000000000000513e4445373035000000000000");
  EXPECT_EQ(prefixed.status, 0) << prefixed.err;  // libdanrfid's vector, as reader tools print it

  auto badHex = sh(kLasis + " tag decode 11XYZ");
  EXPECT_EQ(badHex.status, 1);
  EXPECT_NE(badHex.err.find("hex"), std::string::npos) << badHex.err;

  auto truncated = sh(kLasis + " tag decode 110101333035313230");
  EXPECT_EQ(truncated.status, 1);
  EXPECT_NE(truncated.err.find("truncated"), std::string::npos) << truncated.err;
}

TEST(TagCli, AnItemIdWithControlCharactersIsRefusedAsDamaged) {
  // ISO 28560-2 elements that parse cleanly, but the item id holds ESC: exit 1, no JSON, a reason.
  auto dec = sh(kLasis + " tag decode 01061bc021355a710202e00203056581e000011401156501103f0201a000");
  EXPECT_EQ(dec.status, 1) << dec.out;
  EXPECT_TRUE(dec.out.empty()) << dec.out;
  EXPECT_NE(dec.err.find("control character 0x1B"), std::string::npos) << dec.err;
  EXPECT_NE(dec.err.find("damaged"), std::string::npos) << dec.err;
}

TEST(TagCli, EncodeRefusesItemsItCannotWrite) {
  auto set = sh(kLasis + " tag encode --item 123 --parts 2 --ordinal 3 --isil LV-00001");
  EXPECT_NE(set.status, 0);
  EXPECT_NE(set.err.find("ordinal"), std::string::npos) << set.err;
  EXPECT_TRUE(set.out.empty());
  auto usage = sh(kLasis + " tag encode --item 123 --usage lendable");
  EXPECT_NE(usage.status, 0);
  EXPECT_NE(usage.err.find("usage"), std::string::npos) << usage.err;
  auto model = sh(kLasis + " tag encode --model iso28560-9 --item 123");
  EXPECT_NE(model.status, 0);
  auto small = sh(kLasis + " tag encode --item 123 --size 16");
  EXPECT_NE(small.status, 0);
  auto hexUsage = sh(kLasis + " tag encode --item 123 --usage 0xA --size 32 | " + kLasis + " tag decode");
  ASSERT_EQ(hexUsage.status, 0) << hexUsage.err;
  EXPECT_EQ(parse(hexUsage)["usage"], "0xA");
}
