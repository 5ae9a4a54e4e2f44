// The crash test's child: performs the crash plan through the real queue and sync engine (own
// SQLite file, SystemClock), against an ILS given by URL, and is SIGKILLed at random moments by
// the harness. Restarted, it carries on: enqueueing is idempotent by transaction id and the
// engine resolves whatever was in flight. Exits 0 once every planned transaction is final.
//
//   queue_crash_child --queue-db PATH --ils fake:PATH|sip2://USER:PASS@HOST:PORT?… --count N --seed S
//
// `fake:PATH` is the in-process FakeIls keeping its loans in its own SQLite file (so they
// outlive the kill) and flapping/losing replies on purpose; any other URL is the real SIP2 client
// (the plan then uses the simulated ILS's catalogue ids).
#include "common/core/clock.h"
#include "drivers/sip2client/sip2ils.h"
#include "drivers/sqlite/queue/sqlitequeuestore.h"
#include "common/queue/syncengine.h"
#include "tests/support/fakeils.h"
#include "tests/tools/queuecrashplan.h"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <random>
#include <thread>

using namespace lasis;
using namespace std::chrono_literals;

namespace {

/// The real ILS client for a URL: the SIP2 client.
Result<std::unique_ptr<ils::IlsClient>> makeIls(const std::string& url, const Clock& clock) {
  auto c = sip2::Sip2Ils::create(url, clock, nullLogger());
  if (!c) return c.error();
  return std::unique_ptr<ils::IlsClient>(std::move(*c));
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"queue crash-test child"};
  std::string dbPath, ilsUrl;
  int count = 1000;
  std::uint64_t seed = 1;
  app.add_option("--queue-db", dbPath)->required();
  app.add_option("--ils", ilsUrl)->required();
  app.add_option("--count", count);
  app.add_option("--seed", seed);
  CLI11_PARSE(app, argc, argv);

  SystemClock clock;
  std::unique_ptr<ils::IlsClient> ils;
  test::FakeIls* fake = nullptr;
  if (ilsUrl.rfind("fake:", 0) == 0) {
    auto f = std::make_unique<test::FakeIls>(ilsUrl.substr(5));
    fake = f.get();
    ils = std::move(f);
  } else {
    auto client = makeIls(ilsUrl, clock);
    if (!client) {
      std::cerr << "queue_crash_child: " << client.error().describe() << "\n";
      return 3;
    }
    ils = std::move(*client);
  }

  auto store = queue::SqliteQueueStore::open(dbPath, clock);
  if (!store) {
    std::cerr << "queue_crash_child: " << store.error().describe() << "\n";
    return 2;
  }
  queue::SyncConfig cfg;
  cfg.kiosk = "crash";
  cfg.retryInitial = 5ms;
  cfg.retryMax = 100ms;
  cfg.breaker.failureThreshold = 2;
  cfg.breaker.probeInterval = 10ms;
  cfg.breaker.maxProbeInterval = 50ms;
  cfg.policy.mode = queue::OfflinePolicy::Mode::returnsAndCheckouts;
  cfg.policy.maxCheckoutsPerSession = 1'000'000;
  cfg.policy.maxCheckoutsPerPatron = 1'000'000;
  queue::SyncEngine engine(**store, *ils, clock, cfg, circulation::Recovered::withoutEngine());

  // Faults of the fake ILS: unreachable 80 ms of every 400 ms (so the kiosk goes offline and
  // back), and now and then a reply lost after the ILS applied the request.
  std::mt19937_64 rng(static_cast<std::uint64_t>(::getpid()));
  auto start = std::chrono::steady_clock::now();
  if (fake) {
    fake->setReachable([start] {
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
      return ms % 400 >= 80;
    });
  }

  auto plan = test::crashPlan(count, seed, fake ? test::fakeCast(count) : test::simCast());
  std::size_t next = 0;
  auto deadline = std::chrono::steady_clock::now() + 600s;
  for (;;) {
    // Enqueue a few (no-ops for ids already stored before a kill), then replay a round.
    for (int k = 0; k < 4 && next < plan.size(); ++k, ++next) {
      const auto& p = plan[next];
      queue::NewTxn t;
      t.id = p.id;
      t.kind = p.kind;
      t.itemId = p.itemId;
      t.patronId = p.patronId;
      auto r = engine.submit(t);
      if (!r) {
        std::cerr << "queue_crash_child: " << p.id << ": " << r.error().describe() << "\n";
        return 4;
      }
    }
    if (fake && rng() % 25 == 0) fake->loseReplies(1);
    engine.tick();
    auto st = (*store)->stats();
    if (!st) {
      std::cerr << "queue_crash_child: " << st.error().describe() << "\n";
      return 2;
    }
    if (next == plan.size() && st->pending + st->sending + st->uncertain == 0) {
      std::cout << "{\"finished\":true,\"done\":" << st->done << ",\"collapsed\":" << st->collapsed
                << ",\"failed\":" << st->failed << "}" << std::endl;
      return 0;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      std::cerr << "queue_crash_child: not finished in time\n";
      return 5;
    }
    if (next == plan.size()) std::this_thread::sleep_for(2ms);
  }
}
