// The kiosk config shipped in /etc/lasis (deploy/kiosk.toml) shows every option the kiosk reads,
// each at its default: uncommented, it must load without an unknown or invalid option; and the
// options the kiosk reads must all appear in it.
#include "kiosk/headless/kioskruntime.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

TEST(KioskConfig, ShippedFileShowsEveryOptionAndLoadsUncommented) {
  std::ifstream f(std::string(LASIS_SOURCE_DIR) + "/deploy/kiosk.toml");
  ASSERT_TRUE(f);
  std::stringstream text;
  int options = 0;
  bool exampleTable = false;  // "#[[ui.pickup_branches]]" and its lines are an example, not defaults
  for (std::string line; std::getline(f, line);) {
    if (line.rfind("#[[", 0) == 0) exampleTable = true;
    if (line.empty() || line[0] == '[') exampleTable = false;
    if (!exampleTable && line.size() > 1 && line[0] == '#' && line[1] != ' ' && line.find(" = ") != std::string::npos) {
      line = line.substr(1);
      ++options;
    }
    text << line << "\n";
  }
  // kiosk, reader, ils, queue (12), circulation (7), offline (6), ui (4), receipt (6), staff (4), metrics (1)
  EXPECT_EQ(options, 2 + 1 + 1 + 12 + 7 + 6 + 4 + 6 + 4 + 1);
  const auto path = std::filesystem::temp_directory_path() / ("lasis-kiosk-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(path) << text.str();
  auto st = lasis::kiosk::KioskRuntime::checkConfig(path.string());
  EXPECT_TRUE(st) << st.error().describe();
  std::filesystem::remove(path);
}
