// Queue benchmark (run by ./run bench, never by ./run test). Figures are ratios to a baseline
// measured in the same run, on the same disk:
//  1. durable enqueue latency (QueueStore::enqueue: one SQLite transaction, WAL, synchronous=FULL,
//     plus the loan cache) p50/p99 next to a bare single-row SQLite INSERT with the same pragmas;
//  2. replay throughput through the SyncEngine against `lasis-sim ils` (its own process, real
//     SIP2 over 127.0.0.1, SQLite-backed) with 1 ms and 20 ms of added latency, next to the same
//     number of bare SIP2 checkouts through the same client without the queue, in the same run.
//     Each checkout lends a different available book of the simulator's catalogue to one patron
//     whose loan limit is lifted in a copy of the library data.
#include "drivers/sqlite/queue/sqlitequeuestore.h"
#include "drivers/sqlite/sqlitedb.h"
#include "common/queue/syncengine.h"
#include "drivers/sip2client/sip2ils.h"
#include "tests/bench/figures.h"
#include "tests/support/childprocess.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
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
  auto store = queue::SqliteQueueStore::open(dir / "queue.db", clock);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().describe().c_str());
    return 1;
  }
  auto bare = storage::SqliteDb::open(dir / "bare.db", storage::SqliteDb::Mode::readWriteCreate, 2000);
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
  bench::record({"queue_bench", "durable enqueue p50", qp50, "us", bp50, "bare SQLite INSERT p50"});
  bench::record({"queue_bench", "durable enqueue p99", qp99, "us", bp99, "bare SQLite INSERT p99", true, 1.5});
  return 0;
}

/// The simulator's library data with the loan limit lifted, and the ids of the books that start
/// available at Riga Central (no loan or hold on them in the data's circulation section).
struct BenchLibrary {
  fs::path data;
  std::vector<std::string> items;
};

std::optional<BenchLibrary> benchLibrary(const fs::path& dir) {
  std::ifstream in(std::string(LASIS_SOURCE_DIR) + "/simulator/data/library.toml");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const auto circ = text.find("\n[circulation]");
  if (!in || circ == std::string::npos) return std::nullopt;
  const std::string circulation = text.substr(circ);
  BenchLibrary lib;
  const std::regex item(R"re(\{ id = "(1\d{7})",[^\n]*branch = "LV-00001", media = "book")re");
  for (std::sregex_iterator it(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(circ), item), end; it != end; ++it) {
    const std::string id = (*it)[1];
    // The fixed test items and the deterministic fault items.
    if (id.rfind("1000001", 0) == 0 || id.rfind("1000000", 0) == 0 || id.rfind("1999999", 0) == 0) continue;
    if (circulation.find('"' + id + '"') == std::string::npos) lib.items.push_back(id);
  }
  const std::string limit = "max_loans = 30 ";
  const auto at = text.find(limit);
  if (at == std::string::npos) return std::nullopt;
  text.replace(at, limit.size(), "max_loans = 10000 ");
  lib.data = dir / "bench-library.toml";
  std::ofstream(lib.data) << text;
  return lib;
}

int replayThroughput(const fs::path& dir, const BenchLibrary& lib, int latencyMs, int n) {
  if (static_cast<std::size_t>(2 * n) > lib.items.size()) {
    std::fprintf(stderr, "only %zu available books in the simulator's data\n", lib.items.size());
    return 1;
  }
  const std::string tag = std::to_string(latencyMs);
  lasis::test::SimDevice sim({lasis::test::simBinary(), "ils", "--port", "0", "--data", lib.data.string(), "--db",
                              (dir / ("sim-ils-" + tag + ".db")).string()});
  if (!sim.ok()) {
    std::fprintf(stderr, "lasis-sim ils did not start: %s\n", sim.stderrText().c_str());
    return 1;
  }
  (void)sim.call({{"cmd", "fault"}, {"latency_ms", latencyMs}});
  SystemClock clock;
  const std::string url = sim.field("url") + "&location=LV-00001&timeout_ms=5000";
  auto ils = sip2::Sip2Ils::create(url, clock, nullLogger());
  if (!ils) {
    std::fprintf(stderr, "%s\n", ils.error().describe().c_str());
    return 1;
  }

  // Baseline: n bare checkouts straight to the ILS through the same client, no queue.
  auto t0 = Steady::now();
  for (int i = 0; i < n; ++i) {
    ils::CheckoutRequest req;
    req.ctx.transactionId = "bare-" + std::to_string(i);
    req.itemId = lib.items[static_cast<std::size_t>(i)];
    req.patronId = "P100003";
    auto r = (*ils)->checkout(req);
    if (!r || !r->ok) {
      std::fprintf(stderr, "bare checkout of %s refused\n", req.itemId.c_str());
      return 1;
    }
  }
  const double bareSecs = std::chrono::duration<double>(Steady::now() - t0).count();

  // The same number of checkouts of other books, queued first, then replayed by the SyncEngine.
  auto store = queue::SqliteQueueStore::open(dir / ("replay-" + tag + ".db"), clock);
  if (!store) return 1;
  queue::SyncConfig cfg;  // the kiosk's defaults (replay_concurrency 2)
  // LASIS_BENCH_REPLAY_CONCURRENCY=1 measures the replay one book at a time, for comparison.
  if (const char* c = std::getenv("LASIS_BENCH_REPLAY_CONCURRENCY")) cfg.replayConcurrency = std::max(1, std::atoi(c));
  queue::SyncEngine engine(**store, **ils, clock, cfg, circulation::Recovered::withoutEngine());
  engine.tick();  // first probe: online
  for (int i = 0; i < n; ++i) {
    queue::NewTxn t;
    t.kind = queue::Kind::checkout;
    t.itemId = lib.items[static_cast<std::size_t>(n + i)];
    t.patronId = "P100001";
    t.kiosk = "bench";
    t.when = clock.now();
    if (!(*store)->enqueue(t)) return 1;
  }
  t0 = Steady::now();
  while ((*store)->stats()->done + (*store)->stats()->failed < n) {
    engine.tick();
    if (Steady::now() - t0 > 600s) return 1;
  }
  const double secs = std::chrono::duration<double>(Steady::now() - t0).count();
  const auto stats = (*store)->stats();
  // Every replayed checkout must have reached the simulator exactly once.
  const auto loans = sim.call({{"cmd", "loans"}, {"patron", "P100001"}});
  std::set<std::string> lent;
  for (const auto& l : loans.value("loans", nlohmann::json::array())) lent.insert(l.value("item", ""));
  int missing = 0;
  for (int i = 0; i < n; ++i) missing += lent.count(lib.items[static_cast<std::size_t>(n + i)]) ? 0 : 1;
  const double bareRate = n / bareSecs, rate = n / secs;
  std::printf("replay against lasis-sim ils, %d checkouts, added latency %d ms, %d book(s) side by side:\n", n,
              latencyMs, cfg.replayConcurrency);
  std::printf("  bare SIP2 checkouts %8.1f txn/s   %6.2f ms each (baseline)\n", bareRate, 1000.0 / bareRate);
  std::printf("  queue replay        %8.1f txn/s   %6.2f ms each, ratio %.2fx baseline rate\n", rate, 1000.0 / rate,
              rate / bareRate);
  bench::record({"queue_bench", "replay rate at " + tag + " ms latency", rate, "txn/s", bareRate,
                 "bare SIP2 checkouts through the same client", false,
                 latencyMs == 1 ? std::optional<double>(0.8) : std::nullopt});
  std::printf("  replayed: %lld done, %lld failed, %d missing at the ILS\n", static_cast<long long>(stats->done),
              static_cast<long long>(stats->failed), missing);
  return missing == 0 && stats->failed == 0 ? 0 : 1;
}

} // namespace

int main() {
  auto dir = fs::temp_directory_path() / ("lasis-queue-bench-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  int rc = enqueueLatency(dir, 500);
  auto lib = benchLibrary(dir);
  if (!lib) {
    std::fprintf(stderr, "cannot read the simulator's library data\n");
    rc = 1;
  }
  if (!rc) rc = replayThroughput(dir, *lib, 1, 100);
  if (!rc) rc = replayThroughput(dir, *lib, 20, 40);
  fs::remove_all(dir);
  if (rc) std::fprintf(stderr, "queue_bench failed\n");
  return rc;
}
