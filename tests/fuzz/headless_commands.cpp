// Fuzz: the headless kiosk's command lines (JSON, one object a line: the test harnesses' and
// the future UI bridge's input) through HeadlessRunner into a real CirculationEngine over the
// in-process fakes. Besides "no crash", the security invariant must hold whatever was typed:
// an item is unsecured exactly when the ILS has it on loan.
#include "kiosk/headless/headlessrunner.h"
#include "kiosk/headless/jsoneventwriter.h"
#include "tests/unit/circulation/fakes.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

using namespace lasis;
using namespace lasis::circulation;
using namespace lasis::circulation::test;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  World world;
  ManualClock clock;
  FakeReader reader{world};
  FakeIls ils{world, clock};
  FakeJournal journal{world, ils};
  CirculationConfig config;
  config.kioskId = "k1";
  config.location = "MAIN";
  ils.patrons["P100"] = {"1234", false, 0, "Ada"};
  ils.items["B1"] = {"Title B1"};
  ils.items["B2"] = {"Title B2"};
  const std::string uid1 = reader.addItem("B1");
  const std::string uid2 = reader.addItem("B2");
  std::ostringstream sink;
  kiosk::JsonEventWriter out(sink);
  {
    CirculationEngine engine(config, reader, ils, journal, clock, out);
    kiosk::HeadlessRunner runner(engine, out, {}, std::chrono::milliseconds(1));
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    runner.run(in);
  }
  for (const auto& [item, uid] : {std::pair{std::string("B1"), uid1}, std::pair{std::string("B2"), uid2}}) {
    if (reader.tag(uid).secured == ils.loanOf(item).empty()) continue;
    std::abort();  // lent but secured, or unsecured but not lent
  }
  return 0;
}
