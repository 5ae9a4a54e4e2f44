// RFID benchmark: time to inventory 1, 5, 10 and 20 tags, to unsecure/secure 10 and to read 10, through
// the real libnfc against the PN532 emulator with the 115200-baud UART modelled, next to the
// wire-time lower bound of the frames exchanged (every byte each way × 86.8 µs, counted by the
// emulator in the same run). The ratio measured / lower bound is the figure: 1.0 would mean
// the driver and libnfc cost nothing beyond the serial line.
//
//   ./run bench   or   build/bench/rfid_bench [rounds]
#include "tests/bench/figures.h"
#include "drivers/nfc/nfcreader.h"
#include "simulator/pn532/simreader.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <future>
#include <thread>

namespace {

using namespace lasis;
using Clock = std::chrono::steady_clock;

struct Bench {
  boost::asio::io_context io;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard;
  std::unique_ptr<sim::SimReader> sim;
  std::thread thread;
  std::string dir;

  bool start() {
    char tmpl[] = "/tmp/lasis-bench-XXXXXX";
    if (!::mkdtemp(tmpl)) return false;
    dir = tmpl;
    auto s = sim::SimReader::open(io, dir + "/reader");
    if (!s) {
      std::fprintf(stderr, "rfid_bench: %s\n", s.error().describe().c_str());
      return false;
    }
    sim = std::move(*s);
    sim->port().setUartTiming(true);
    guard.emplace(io.get_executor());
    thread = std::thread([this] { io.run(); });
    return true;
  }
  ~Bench() {
    guard.reset();
    io.stop();
    if (thread.joinable()) thread.join();
    sim.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  sim::Json ctl(const sim::Json& req) {
    std::promise<sim::Json> p;
    auto f = p.get_future();
    boost::asio::post(io, [&] { p.set_value(sim->control(req)); });
    return f.get();
  }
};

struct Figure {
  double measuredMs = 0;
  double wireMs = 0;
  double bytes = 0;
};

std::string uidOf(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "04B0B1B2B3B4%02X", i);
  return buf;
}

template <typename F>
Figure measure(Bench& b, int rounds, F op) {
  b.ctl({{"cmd", "reset-stats"}});
  const auto t0 = Clock::now();
  for (int r = 0; r < rounds; ++r) {
    if (!op()) {
      std::fprintf(stderr, "rfid_bench: operation failed\n");
      std::exit(1);
    }
  }
  const auto t1 = Clock::now();
  const auto s = b.ctl({{"cmd", "stats"}});
  Figure f;
  f.measuredMs = std::chrono::duration<double, std::milli>(t1 - t0).count() / rounds;
  f.bytes = (s.value("bytes_in", 0.0) + s.value("bytes_out", 0.0)) / rounds;
  f.wireMs = f.bytes * 86.806e-3;
  return f;
}

void print(const char* what, const Figure& f) {
  std::printf("%-22s %10.1f ms %10.1f ms %8.0f B %8.2f\n", what, f.measuredMs, f.wireMs, f.bytes, f.measuredMs / f.wireMs);
  bench::record({"rfid_bench", what, f.measuredMs, "ms", f.wireMs, "bytes on the wire at 115200 baud"});
}

} // namespace

int main(int argc, char** argv) {
  // An optional round count; other arguments (./run bench passes its own through) are ignored.
  int rounds = 5;
  if (argc > 1 && std::strspn(argv[1], "0123456789") == std::strlen(argv[1]) && std::atoi(argv[1]) > 0) rounds = std::atoi(argv[1]);
  ::setenv("LIBNFC_LOG_LEVEL", "0", 0);
  Bench b;
  if (!b.start()) return 1;
  drivers::NfcReader reader(b.sim->port().connstring());
  if (auto s = reader.connect(); !s) {
    std::fprintf(stderr, "rfid_bench: %s\n", s.error().describe().c_str());
    return 1;
  }
  std::printf("RFID over libnfc, emulated PN532 at 115200 baud (%d rounds each)\n", rounds);
  std::printf("%-22s %13s %13s %10s %8s\n", "operation", "measured", "wire bound", "wire", "ratio");
  int placed = 0;
  for (int n : {1, 5, 10, 20}) {
    for (; placed < n; ++placed)
      b.ctl({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uidOf(placed)}, {"item", "BENCH-" + std::to_string(placed)}});
    (void)reader.inventory();  // first sight identifies the chips (GET_VERSION), once per tag
    const auto f = measure(b, rounds, [&] {
      auto r = reader.inventory();
      return r.ok() && static_cast<int>(r->size()) == n;
    });
    char name[32];
    std::snprintf(name, sizeof name, "inventory %d tags", n);
    print(name, f);
  }
  b.ctl({{"cmd", "clear"}});
  for (int i = 0; i < 10; ++i) b.ctl({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uidOf(i)}, {"item", "BENCH-" + std::to_string(i)}});
  (void)reader.inventory();
  bool secured = true;
  const auto f = measure(b, rounds, [&] {
    secured = !secured;
    for (int i = 0; i < 10; ++i) {
      if (!reader.setSecurity(uidOf(i), secured).ok()) return false;
    }
    return true;
  });
  print("secure/unsecure 10", f);
  const auto r = measure(b, rounds, [&] {
    for (int i = 0; i < 10; ++i) {
      if (!reader.read(uidOf(i)).ok()) return false;
    }
    return true;
  });
  print("read 10 (item data)", r);
  return 0;
}
