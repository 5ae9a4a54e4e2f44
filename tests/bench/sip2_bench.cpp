// SIP2 throughput, as ratios to baselines measured in the same run:
//  1. codec: golden messages encoded+parsed per second vs a memcpy+strlen of the same bytes;
//  2. round trips per second on 127.0.0.1 against the in-test SIP2 server: one connection vs a
//     pool of 4 (4 callers), with no added latency and with 5 ms of server latency (a real ILS).
#include "common/sip2/codec.h"
#include "common/sip2/typedcodec.h"
#include "drivers/sip2client/sip2client.h"
#include "tests/bench/figures.h"
#include "tests/support/childprocess.h"
#include "tests/support/sip2responder.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <thread>
#include <vector>

using namespace lasis;
using namespace lasis::sip2;
using Steady = std::chrono::steady_clock;

namespace {

std::vector<std::string> goldenFrames() {
  std::vector<std::string> out;
  std::ifstream in(std::string(LASIS_TEST_DATA_DIR) + "/sip2/golden.txt");
  std::string line;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') out.push_back(line.substr(line.find('\t') + 1));
  return out;
}

template <class F>
double perSecond(F&& once, double seconds = 1.0) {
  std::size_t n = 0;
  const auto start = Steady::now();
  const auto stop = start + std::chrono::duration<double>(seconds);
  while (Steady::now() < stop) n += once();
  return static_cast<double>(n) / std::chrono::duration<double>(Steady::now() - start).count();
}

// Round trips per second with `callers` threads sharing one client of `pool` connections.
double roundTrips(const std::string& url, int pool, int callers, double seconds) {
  SystemClock clock;
  auto client = Sip2Client::create(url + "pool=" + std::to_string(pool) + "&keepalive_ms=600000", clock, nullLogger());
  if (!client) {
    std::fprintf(stderr, "client: %s\n", client.error().describe().c_str());
    return 0;
  }
  std::atomic<long> done{0}, failed{0};
  const auto stop = Steady::now() + std::chrono::duration<double>(seconds);
  (void)(*client)->status();  // connect outside the measurement
  const auto start = Steady::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < callers; ++t)
    threads.emplace_back([&, t] {
      ItemInformationRequest q;
      q.itemId = "1000000" + std::to_string(1 + t);  // ids the simulator's catalogue has too
      while (Steady::now() < stop) {
        if ((*client)->call<ItemInformationResponse>(q)) ++done;
        else ++failed;
      }
    });
  for (auto& th : threads) th.join();
  if (failed) std::fprintf(stderr, "%ld failed round trips\n", failed.load());
  return static_cast<double>(done) / std::chrono::duration<double>(Steady::now() - start).count();
}

double roundTrips(sip2::test::Sip2Responder& ils, int pool, int callers, double seconds) {
  return roundTrips(ils.url("") + "&", pool, callers, seconds);
}

} // namespace

int main() {
  const auto frames = goldenFrames();
  if (frames.empty()) {
    std::fprintf(stderr, "no golden frames found\n");
    return 1;
  }
  std::vector<char> sink(70000);
  volatile std::size_t keep = 0;
  const double baseline = perSecond([&] {
    for (const auto& f : frames) {
      std::memcpy(sink.data(), f.c_str(), f.size() + 1);
      keep = keep + std::strlen(sink.data());
    }
    return frames.size();
  });
  const Codec codec;
  const double parse = perSecond([&] {
    for (const auto& f : frames) keep = keep + codec.parse(f)->fields.size();
    return frames.size();
  });
  std::vector<Message> messages;
  for (const auto& f : frames) messages.push_back(*codec.parse(f));
  const double encodeParse = perSecond([&] {
    for (const auto& m : messages) {
      auto bytes = codec.encode(m, 3);
      keep = keep + codec.parse(*bytes)->fields.size();
    }
    return messages.size();
  });
  CheckoutResponse typed;
  typed.ok = true;
  typed.institutionId = "LIB";
  typed.patronId = "P0001";
  typed.itemId = "3900001";
  typed.title = "Pasaka par Ezīti";
  typed.dueDate = "20261206    235900";
  const double typedRoundTrip = perSecond([&] {
    auto bytes = encodeTyped(codec, typed, 1);
    auto back = decodeTyped<CheckoutResponse>(codec, *bytes);
    keep = keep + back->title.size();
    return std::size_t{1};
  });
  std::printf("SIP2 codec (%zu golden messages, all codes)\n", frames.size());
  std::printf("  baseline memcpy+strlen     %12.0f msg/s\n", baseline);
  std::printf("  parse                      %12.0f msg/s   %.3f x baseline\n", parse, parse / baseline);
  std::printf("  encode+parse (generic)     %12.0f msg/s   %.3f x baseline\n", encodeParse, encodeParse / baseline);
  std::printf("  encode+decode typed 12     %12.0f msg/s   %.3f x baseline\n", typedRoundTrip, typedRoundTrip / baseline);
  for (auto [name, v] : {std::pair{"codec parse", parse}, {"codec encode+parse", encodeParse},
                         {"codec encode+decode typed 12", typedRoundTrip}})
    bench::record({"sip2_bench", name, v, "msg/s", baseline, "memcpy+strlen", false});

  for (int latency : {0, 5}) {
    sip2::test::Sip2Responder ils;
    ils.latencyMs = latency;
    ils.start();
    const double one = roundTrips(ils, 1, 1, 2.0);
    const double oneShared = roundTrips(ils, 1, 4, 2.0);
    const double pool = roundTrips(ils, 4, 4, 2.0);
    std::printf("SIP2 round trips on 127.0.0.1, server latency %d ms (17/18 item information)\n", latency);
    std::printf("  1 connection, 1 caller     %10.0f rt/s   (baseline)\n", one);
    std::printf("  1 connection, 4 callers    %10.0f rt/s   %.2f x baseline\n", oneShared, oneShared / one);
    std::printf("  pool of 4, 4 callers       %10.0f rt/s   %.2f x baseline\n", pool, pool / one);
    const std::string at = ", responder latency " + std::to_string(latency) + " ms";
    bench::record({"sip2_bench", "1 connection, 4 callers" + at, oneShared, "rt/s", one, "1 connection, 1 caller", false});
    bench::record({"sip2_bench", "pool of 4, 4 callers" + at, pool, "rt/s", one, "1 connection, 1 caller", false});
  }

  // The same against the simulator's ILS (SQLite-backed, its own process), as a kiosk meets it.
  lasis::test::SimDevice sim({lasis::test::simBinary(), "ils", "--port", "0"});
  if (!sim.ok()) {
    std::fprintf(stderr, "simulator ILS did not start: %s\n", sim.stderrText().c_str());
    return 1;
  }
  const std::string url = sim.field("url");
  const std::string simUrl = url + (url.find('?') == std::string::npos ? "?" : "&");
  for (int latency : {0, 5}) {
    (void)sim.call({{"cmd", "fault"}, {"latency_ms", latency}});
    const double one = roundTrips(simUrl, 1, 1, 2.0);
    const double pool = roundTrips(simUrl, 4, 4, 2.0);
    std::printf("SIP2 round trips against lasis-sim ils, added latency %d ms (17/18 item information)\n", latency);
    std::printf("  1 connection, 1 caller     %10.0f rt/s   (baseline)\n", one);
    std::printf("  pool of 4, 4 callers       %10.0f rt/s   %.2f x baseline\n", pool, pool / one);
    bench::record({"sip2_bench", "pool of 4, 4 callers, lasis-sim ils latency " + std::to_string(latency) + " ms", pool,
                   "rt/s", one, "1 connection, 1 caller", false});
  }
  return keep == 42 ? 1 : 0;
}
