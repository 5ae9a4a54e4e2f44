// PC/SC path benchmark: Lasis's driver → libpcsclite → pcscd → vsmartcard-vpcd → lasis-sim.
// Figures are ratios to a baseline measured in the same run: one bare `FF CA` get-UID APDU
// round trip (no session) to a one-tag reader on vpcd slot 1. Measured:
//   - inventory of a stack of 10 ICODE SLIX tags (anticollision, whole session);
//   - security change of 10 tags (WRITE AFI + read-back, for all ten);
//   - the gate's fast paths: AFI inventory (secured items only) and EAS alarm;
//   - the same FF CA baseline against a simulator without TCP_QUICKACK (PCSC.md's 40 ms trap).
// Starts pcscd itself (tests/pcsc/pcscd-start.sh) unless the virtual reader is already listed.
#include "tests/bench/figures.h"
#include "drivers/pcsc/pcscreader.h"
#include "simulator/control/controlserver.h"
#include "tests/pcsc/simprocess.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

using namespace lasis;
using namespace lasis::pcsc;
using lasis::test::SimProcess;
using Clock = std::chrono::steady_clock;

namespace {

std::string uidOf(int i) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "E00401%04X%06X", 0x2000 + i * 53, 0x5B0000 + i * 7919);
  return buf;
}

std::vector<std::string> simArgs(int slot, int tags, bool quickAck = true) {
  std::vector<std::string> a{"reader", "--pcsc", "--slot", std::to_string(slot), "--isil", "DK-718500"};
  if (!quickAck) a.push_back("--no-quickack");
  for (int i = 0; i < tags; ++i) {
    a.push_back("--tag");
    a.push_back("icode-slix:" + uidOf(slot * 100 + i) + ":" + std::to_string(5000000 + i));
  }
  return a;
}

bool readerListed() { return std::system("timeout 5 pcsc_scan -r 2>/dev/null | grep -q 'Virtual PCD 00 00'") == 0; }

struct Figure {
  double median = 0;
  double min = 0;
};

/// Median (and fastest) milliseconds per call of `op` (the machine is shared: the median ignores another
/// build's bursts), over at least `minIters` calls and 1 s. Exits on failure.
Figure measure(const char* name, int minIters, const std::function<bool()>& op) {
  if (!op()) {  // warm-up; also proves the operation works before it is timed
    std::fprintf(stderr, "pcsc_bench: %s failed\n", name);
    std::exit(1);
  }
  std::vector<double> ms;
  const auto start = Clock::now();
  while (static_cast<int>(ms.size()) < minIters || Clock::now() - start < std::chrono::seconds(1)) {
    const auto t0 = Clock::now();
    if (!op()) {
      std::fprintf(stderr, "pcsc_bench: %s failed during the run\n", name);
      std::exit(1);
    }
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms.front()};
}

std::unique_ptr<PcscReader> openWithTags(const std::string& url, std::size_t tags) {
  auto r = PcscReader::open(url);
  if (!r) {
    std::fprintf(stderr, "pcsc_bench: %s\n", r.error().describe().c_str());
    std::exit(1);
  }
  const auto until = Clock::now() + std::chrono::seconds(15);
  while (Clock::now() < until) {
    auto inv = (*r)->inventory();
    if (inv && inv->size() == tags) return std::move(*r);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::fprintf(stderr, "pcsc_bench: %s never showed %zu tags\n", url.c_str(), tags);
  std::exit(1);
}

} // namespace

int main() {
  const std::string state = std::string(LASIS_BIN_DIR) + "/../pcsc-bench";
  const std::string scripts = std::string(LASIS_SOURCE_DIR) + "/tests/pcsc";
  bool ownPcscd = false;
  if (!readerListed()) {
    if (std::system((scripts + "/pcscd-start.sh " + state).c_str()) != 0 ||
        std::system(("test -f " + state + "/pcscd.pid").c_str()) != 0) {
      std::fprintf(stderr, "pcsc_bench: cannot run pcscd here (needs root and pcscd/vsmartcard-vpcd); skipped\n");
      return 0;
    }
    ownPcscd = true;
  }
  int status = 0;
  {
    SimProcess stack(simArgs(0, 10));
    std::optional<SimProcess> single;
    single.emplace(simArgs(1, 1));
    if (!stack.ok() || !single->ok()) {
      std::fprintf(stderr, "pcsc_bench: lasis-sim reader --pcsc did not start\n");
      status = 1;
    } else {
      auto ten = openWithTags("pcsc:Virtual PCD 00 00", 10);
      auto one = openWithTags("pcsc:Virtual PCD 00 01", 1);
      const Figure base = measure("FF CA get-UID", 200, [&] { return one->cardUid().ok(); });
      const Figure inv = measure("inventory of 10", 20, [&] {
        auto r = ten->inventory();
        return r && r->size() == 10;
      });
      bool secured = true;
      const Figure sec = measure("security change of 10", 5, [&] {
        secured = !secured;
        for (int i = 0; i < 10; ++i)
          if (!ten->setSecurity(uidOf(i), secured)) return false;
        return true;
      });
      // Leave them secured for the gate figures: an AFI inventory that finds all ten.
      for (int i = 0; i < 10; ++i) (void)ten->setSecurity(uidOf(i), true);
      const Figure afiInv = measure("AFI inventory of 10", 20, [&] {
        auto r = ten->inventoryByAfi(iso15693::kAfiSecured);
        return r && r->size() == 10;
      });
      const Figure eas = measure("EAS alarm", 50, [&] {
        auto r = ten->easAlarm();
        return r.ok();
      });
      Figure slow;
      {
        // Slot 1 again, now with a simulator that does not set TCP_QUICKACK.
        single.reset();
        single.emplace(simArgs(1, 1, false));
        auto oneSlow = openWithTags("pcsc:Virtual PCD 00 01", 1);
        slow = measure("FF CA without TCP_QUICKACK", 20, [&] { return oneSlow->cardUid().ok(); });
      }
      std::printf("%-44s %10s %12s %10s %12s\n", "PC/SC path (pcscd + vpcd + lasis-sim)", "median ms", "x baseline",
                  "min ms", "x base min");
      auto row = [&](const char* name, Figure f) {
        std::printf("%-44s %10.3f %12.1f %10.3f %12.1f\n", name, f.median, f.median / base.median, f.min,
                    f.min / base.min);
        bench::record({"pcsc_bench", name, f.median, "ms", base.median, "FF CA get-UID round trip"});
      };
      row("baseline: FF CA get-UID round trip", base);
      row("inventory of 10 tags (anticollision)", inv);
      row("security change of 10 tags (AFI + verify)", sec);
      row("gate: AFI inventory, 10 secured tags", afiInv);
      row("gate: EAS alarm (one exchange)", eas);
      row("FF CA round trip without TCP_QUICKACK", slow);
      // How many APDUs one inventory of the stack costs (session + anticollision), from the
      // simulator's own count.
      if (auto control = sim::ControlClient::connect(stack.control())) {
        auto before = control->call({{"cmd", "stats"}});
        (void)ten->inventory();
        auto after = control->call({{"cmd", "stats"}});
        if (before && after)
          std::printf("APDUs per inventory of 10 tags: %d\n",
                      (*after)["apdus"].get<int>() - (*before)["apdus"].get<int>());
      }
    }
  }
  if (ownPcscd) (void)std::system((scripts + "/pcscd-stop.sh " + state).c_str());
  return status;
}
