// The staff PIN: stored as an Argon2id hash in a file only the service user may read; the right
// PIN opens, wrong PINs lock the staff screen for longer and longer; `lasis staff hash-pin` makes
// the hash from stdin without echoing the PIN.
#include "kiosk/staff/staffauth.h"
#include "tests/support/childprocess.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

using namespace lasis;
using namespace lasis::kiosk;

namespace {

std::string writeFile(const std::string& name, const std::string& text, mode_t mode) {
  const auto path = std::filesystem::temp_directory_path() / ("lasis-staff-" + std::to_string(::getpid()) + name);
  std::ofstream(path) << text << "\n";
  ::chmod(path.c_str(), mode);
  return path;
}

} // namespace

TEST(StaffAuth, RightPinOpensWrongPinsLockLongerAndLonger) {
  auto hash = StaffAuth::hashPin("246810");
  ASSERT_TRUE(hash) << hash.error().describe();
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(hash->find("246810"), std::string::npos);
  ManualClock clock;
  StaffAuth auth(*hash, {"S900001"}, clock);
  EXPECT_TRUE(auth.isStaffCard("S900001"));
  EXPECT_FALSE(auth.isStaffCard("P100001"));
  EXPECT_TRUE(auth.verify("246810").ok);
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(auth.verify("000000").locked) << "try " << i + 1;
  auto fifth = auth.verify("000000");
  EXPECT_TRUE(fifth.locked);
  EXPECT_EQ(fifth.retryAfterSeconds, 30);
  // Locked: even the right PIN is not checked.
  auto during = auth.verify("246810");
  EXPECT_FALSE(during.ok);
  EXPECT_TRUE(during.locked);
  clock.advance(std::chrono::seconds(31));
  auto sixth = auth.verify("111111");
  EXPECT_TRUE(sixth.locked);
  EXPECT_EQ(sixth.retryAfterSeconds, 60) << "the lock doubles";
  clock.advance(std::chrono::minutes(2));
  EXPECT_TRUE(auth.verify("246810").ok);
  EXPECT_FALSE(auth.verify("000000").locked) << "a right PIN resets the count";
}

TEST(StaffAuth, NoHashMeansNobodyGetsIn) {
  ManualClock clock;
  StaffAuth auth("", {"S900001"}, clock);
  EXPECT_FALSE(auth.configured());
  EXPECT_FALSE(auth.verify("").ok);
  EXPECT_FALSE(auth.verify("246810").ok);
}

TEST(StaffAuth, ShortPinsAndUnsafeHashFilesAreRefused) {
  EXPECT_FALSE(StaffAuth::hashPin("1234"));
  EXPECT_FALSE(StaffAuth::hashPin("12a456"));
  auto hash = StaffAuth::hashPin("246810");
  ASSERT_TRUE(hash);
  auto open = StaffAuth::readHash(writeFile("open", *hash, 0644));
  ASSERT_FALSE(open);
  EXPECT_NE(open.error().message().find("chmod"), std::string::npos) << open.error().message();
  auto safe = StaffAuth::readHash(writeFile("safe", *hash, 0600));
  ASSERT_TRUE(safe) << safe.error().describe();
  EXPECT_EQ(*safe, *hash);
  EXPECT_FALSE(StaffAuth::readHash(writeFile("notahash", "hunter2", 0600)));
}

TEST(StaffCli, HashPinReadsStdinAndNeverEchoesThePin) {
  test::ChildProcess p({std::string(LASIS_BIN_DIR) + "/lasis", "staff", "hash-pin"});
  p.writeLine("13579246");
  p.closeStdin();
  auto line = p.readLine(std::chrono::milliseconds(20000));
  ASSERT_TRUE(line);
  EXPECT_EQ(line->rfind("$argon2id$", 0), 0u) << *line;
  EXPECT_EQ(p.wait(std::chrono::milliseconds(10000)), 0);
  EXPECT_EQ(p.stderrText().find("13579246"), std::string::npos);
  ManualClock clock;
  StaffAuth auth(*line, {}, clock);
  EXPECT_TRUE(auth.verify("13579246").ok);
}
