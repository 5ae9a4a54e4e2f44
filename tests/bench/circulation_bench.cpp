// Circulation benchmark: a 10-book stack from card tap to the last due date shown, with the
// PN532's UART timing on (lasis-sim reader --uart-timing) and 20 ms added ILS latency
// (lasis-sim ils, fault latency_ms), next to its lower bound measured in the same run:
//   reader bound = the same reader work done directly (inventory, read every tag, unsecure
//                  every tag) — the reader is one device, so this time cannot overlap;
//   ILS bound    = one patron status + ceil(10 / pool) checkouts, each one measured round trip.
// Prints the figures and the ratio measured / bound (1.0 would be perfect overlap).
// Second figure (issue 19), the wait a patron perceives: the stack already on the pad is read
// while the PIN is typed (CirculationEngine::readPadAhead, not timed), then from the PIN's OK to
// the last due date, against what cannot overlap the PIN:
//   write bound  = the 10 tag writes with their verify, done directly;
//   ILS bound    = the same round trips as above. Goal: ratio <= 1.3.
#include "common/circulation/circulationengine.h"
#include "common/circulation/queuejournal.h"
#include "drivers/sip2client/sip2ils.h"
#include "drivers/sqlite/queue/sqlitequeuestore.h"
#include "drivers/tagreaderfactory.h"
#include "tests/unit/circulation/fakes.h"
#include "tests/bench/figures.h"
#include "tests/support/childprocess.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

using namespace lasis;
using namespace lasis::circulation;
using namespace lasis::circulation::test;
using lasis::test::ControlLine;
using lasis::test::SimDevice;
using nlohmann::json;
namespace fs = std::filesystem;
using Ms = std::chrono::duration<double, std::milli>;

int main() {
  const std::string sim = std::string(LASIS_BIN_DIR) + "/lasis-sim";
  const fs::path dir = fs::temp_directory_path() / ("lasis-circ-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  SimDevice ilsProc({sim, "ils", "--db", (dir / "ils.db").string()});
  SimDevice readerProc({sim, "reader", "--uart-timing"});
  if (!ilsProc.ok() || !readerProc.ok()) {
    std::fprintf(stderr, "simulator did not start\n");
    return 1;
  }
  ControlLine ilsCtl(ilsProc.info()["control"].get<std::string>());
  ControlLine pad(readerProc.info()["control"].get<std::string>());
  ilsCtl.call({{"cmd", "fault"}, {"latency_ms", 20}});

  SystemClock clock;
  auto reader = drivers::openTagReader(readerProc.info()["connstring"].get<std::string>());
  auto ils = sip2::Sip2Ils::create(ilsProc.info()["url"].get<std::string>() + "&location=LV-00001&timeout_ms=3000", clock,
                                   nullLogger());
  auto store = queue::SqliteQueueStore::open(dir / "queue.db", clock);
  if (!reader || !ils || !store) {
    std::fprintf(stderr, "cannot open reader, ILS or database\n");
    return 1;
  }
  QueueJournal journal(**store, **ils, "bench", "LV-00001");
  RecordingListener events;
  CirculationConfig cfg;
  cfg.kioskId = "bench";
  cfg.location = "LV-00001";
  cfg.concurrency = 4;
  CirculationEngine engine(cfg, **reader, **ils, journal, clock, events);

  pad.call({{"cmd", "place"}, {"kind", "mfc1k"}, {"uid", "A1B2C3D4"}, {"patron", "P100008"}});
  std::vector<std::string> uids;
  for (int i = 0; i < 10; ++i) {
    char uid[32];
    std::snprintf(uid, sizeof uid, "04B0%010X", i + 1);
    pad.call({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uid}, {"item", std::vector<std::string>{"10000102", "10000104", "10000105", "10000106", "10000107", "10000108", "10000109", "10000110", "10000111", "10000112"}[static_cast<std::size_t>(i)]}});
    uids.push_back(uid);
  }

  const int runs = 3;
  std::vector<double> measured, readerBound, ilsRtt, perceived, writeBound;
  for (int run = 0; run < runs; ++run) {
    // Reader bound: the reader work of the flow, done directly (then undone, not timed).
    auto t0 = std::chrono::steady_clock::now();
    auto inv = (*reader)->inventory();
    for (const auto& t : inv.valueOr({})) (void)(*reader)->read(t.uid);
    for (const auto& u : uids) (void)(*reader)->setSecurity(u, false);
    readerBound.push_back(Ms(std::chrono::steady_clock::now() - t0).count());
    // Write bound: the tag writes alone (each verified by the driver), the part after the PIN.
    for (const auto& u : uids) (void)(*reader)->setSecurity(u, true);
    t0 = std::chrono::steady_clock::now();
    for (const auto& u : uids) (void)(*reader)->setSecurity(u, false);
    writeBound.push_back(Ms(std::chrono::steady_clock::now() - t0).count());
    for (const auto& u : uids) (void)(*reader)->setSecurity(u, true);
    // One ILS round trip (item status), for the ILS bound.
    t0 = std::chrono::steady_clock::now();
    (void)(*ils)->itemInfo("10000102");
    ilsRtt.push_back(Ms(std::chrono::steady_clock::now() - t0).count());

    // The flow: card tap → login → checkout of the stack → last due date.
    events.outcomes.clear();
    t0 = std::chrono::steady_clock::now();
    auto login = engine.login("", "1234");
    engine.checkout();
    const double ms = Ms(std::chrono::steady_clock::now() - t0).count();
    int lent = 0;
    for (const auto& o : events.outcomes) lent += o.ok;
    if (!login.ok || lent != 10) {
      std::fprintf(stderr, "run %d: login %s, %d of 10 lent\n", run, std::string(toString(login.reason)).c_str(), lent);
      return 1;
    }
    measured.push_back(ms);
    engine.endSession();
    engine.checkin();  // reset for the next run (not timed)

    // The perceived wait: the pad read while the PIN is typed, then OK → last due date.
    events.outcomes.clear();
    const auto card = engine.cardOnPad();  // the identify screen found the card (its number)
    engine.readPadAhead();                 // … and reads the stack while the patron types
    t0 = std::chrono::steady_clock::now();
    login = engine.login(card.value_or(""), "1234");  // OK: the number the screen holds, and the PIN
    engine.checkout();
    const double seen = Ms(std::chrono::steady_clock::now() - t0).count();
    lent = 0;
    for (const auto& o : events.outcomes) lent += o.ok;
    if (!login.ok || lent != 10) {
      std::fprintf(stderr, "run %d (read ahead): login %s, %d of 10 lent\n", run, std::string(toString(login.reason)).c_str(), lent);
      return 1;
    }
    perceived.push_back(seen);
    engine.endSession();
    engine.checkin();
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double m = median(measured), r = median(readerBound), rtt = median(ilsRtt);
  const int waves = (10 + cfg.concurrency - 1) / cfg.concurrency;
  const double bound = r + rtt * (1 + waves);
  std::printf("circulation 10-book stack (uart timing on, ILS +20 ms, pool %d), median of %d runs:\n", cfg.concurrency,
              runs);
  std::printf("  measured card tap -> last due date: %8.1f ms\n", m);
  std::printf("  reader bound (inventory, reads, unsecure x10): %8.1f ms\n", r);
  std::printf("  ILS bound (1 + %d waves x %.1f ms round trip): %8.1f ms\n", waves, rtt, rtt * (1 + waves));
  std::printf("  lower bound: %8.1f ms   ratio measured/bound: %.2f\n", bound, m / bound);
  bench::record({"bench_circulation", "10-book stack, card tap to last due date", m, "ms", bound,
                 "reader bound + ILS bound"});
  const double p = median(perceived), w = median(writeBound);
  const double pinBound = w + rtt * (1 + waves);
  std::printf("  perceived PIN OK -> last due date (stack read during the PIN): %8.1f ms\n", p);
  std::printf("  write bound (unsecure x10, verified): %8.1f ms; + ILS bound: %8.1f ms   ratio: %.2f (goal <= 1.3)\n", w,
              pinBound, p / pinBound);
  bench::record({"bench_circulation_perceived", "10-book stack, PIN OK to last due date (read during the PIN)", p, "ms",
                 pinBound, "tag writes + ILS bound"});
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
