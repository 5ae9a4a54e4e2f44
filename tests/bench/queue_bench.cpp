// Queue benchmark (run by ./run bench, never by ./run test). Figures are ratios to a baseline
// measured in the same run, on the same disk:
//  1. durable enqueue latency (QueueStore::enqueue: one SQLite transaction, WAL, synchronous=FULL,
//     plus the loan cache) p50/p99 next to a bare single-row SQLite INSERT with the same pragmas;
//  2. replay throughput through the SyncEngine against an ILS with 1 ms and 20 ms of added
//     latency, next to the same number of bare ILS calls without the queue. The ILS is the
//     in-process FakeIls for now; the simulator's SIP2 ILS replaces it once it has landed.
#include "common/queue/queuestore.h"
#include "common/queue/sqlitedb.h"
#include "common/queue/syncengine.h"
#include "tests/support/fakeils.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <vector>

using namespace lasis;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

namespace {

double us(Steady::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  return v[i];
}

queue::NewTxn txn(int i) {
  queue::NewTxn t;
  t.kind = queue::Kind::checkout;
  t.itemId = "3101234567" + std::to_string(i);
  t.patronId = "2300000012345" + std::to_string(i % 10);
  t.kiosk = "bench";
  return t;
}

int enqueueLatency(const fs::path& dir, int n) {
  SystemClock clock;
  auto store = queue::QueueStore::open(dir / "queue.db", clock);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().describe().c_str());
    return 1;
  }
  auto bare = queue::SqliteDb::open(dir / "bare.db", queue::SqliteDb::Mode::readWriteCreate, 2000);
  if (!bare || !bare->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                           "CREATE TABLE t(id INTEGER PRIMARY KEY, item TEXT, patron TEXT, at INTEGER)")) {
    std::fprintf(stderr, "bare SQLite setup failed\n");
    return 1;
  }
  auto ins = bare->prepare("INSERT INTO t(item, patron, at) VALUES (?, ?, ?)");
  if (!ins) return 1;
  std::vector<double> q, b;
  // Alternate in small blocks so both see the same disk weather.
  for (int block = 0; block < n / 25; ++block) {
    for (int k = 0; k < 25; ++k) {
      int i = block * 25 + k;
      auto t0 = Steady::now();
      auto r = (*store)->enqueue(txn(i));
      q.push_back(us(Steady::now() - t0));
      if (!r) return 1;
    }
    for (int k = 0; k < 25; ++k) {
      int i = block * 25 + k;
      auto t0 = Steady::now();
      auto st = ins->bind(1, "3101234567" + std::to_string(i)).bind(2, "p").bind(3, i).run();
      b.push_back(us(Steady::now() - t0));
      if (!st) return 1;
    }
  }
  double qp50 = percentile(q, 0.5), qp99 = percentile(q, 0.99);
  double bp50 = percentile(b, 0.5), bp99 = percentile(b, 0.99);
  std::printf("durable enqueue, %zu samples each (WAL, synchronous=FULL):\n", q.size());
  std::printf("  bare SQLite INSERT  p50 %8.0f us  p99 %8.0f us   (baseline)\n", bp50, bp99);
  std::printf("  QueueStore::enqueue p50 %8.0f us  p99 %8.0f us   ratio p50 %.2fx  p99 %.2fx\n", qp50, qp99,
              qp50 / bp50, qp99 / bp99);
  return 0;
}

int replayThroughput(const fs::path& dir, std::chrono::microseconds latency, int n) {
  // Baseline: n bare checkouts straight to the ILS, no queue.
  test::FakeIls bareIls;
  bareIls.setLatency(latency);
  auto t0 = Steady::now();
  for (int i = 0; i < n; ++i) {
    ils::CheckoutRequest req;
    req.ctx.transactionId = "bare-" + std::to_string(i);
    req.itemId = "B" + std::to_string(i);
    req.patronId = "P";
    if (!bareIls.checkout(req)) return 1;
  }
  double bareSecs = std::chrono::duration<double>(Steady::now() - t0).count();

  SystemClock clock;
  auto dbFile = dir / ("replay-" + std::to_string(latency.count()) + ".db");
  auto store = queue::QueueStore::open(dbFile, clock);
  if (!store) return 1;
  test::FakeIls fake;
  fake.setLatency(latency);
  queue::SyncConfig cfg;
  queue::SyncEngine engine(**store, fake, clock, cfg);
  engine.tick();  // first probe: online
  for (int i = 0; i < n; ++i) {
    if (!(*store)->enqueue(txn(i))) return 1;
  }
  t0 = Steady::now();
  while ((*store)->stats()->done < n) {
    engine.tick();
    if (Steady::now() - t0 > 600s) return 1;
  }
  double secs = std::chrono::duration<double>(Steady::now() - t0).count();
  double bareRate = n / bareSecs, rate = n / secs;
  std::printf("replay, %d checkouts, ILS latency %lld ms:\n", n, static_cast<long long>(latency.count() / 1000));
  std::printf("  bare ILS calls     %8.1f txn/s   (baseline)\n", bareRate);
  std::printf("  queue replay       %8.1f txn/s   ratio %.2fx\n", rate, rate / bareRate);
  return 0;
}

} // namespace

int main() {
  auto dir = fs::temp_directory_path() / ("lasis-queue-bench-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  int rc = enqueueLatency(dir, 500);
  if (!rc) rc = replayThroughput(dir, 1ms, 300);
  if (!rc) rc = replayThroughput(dir, 20ms, 50);
  fs::remove_all(dir);
  if (rc) std::fprintf(stderr, "queue_bench failed\n");
  return rc;
}
