// Tag data codec throughput: decode and encode per model, in tags per second, next to baselines
// measured in the same run (CRC-16 over one 32-byte block; a copy of a 34-byte block), with
// the figures printed as ratios to the CRC so they survive a noisy, shared machine.
#include "common/tagdata/tagdata.h"

#include <benchmark/benchmark.h>

#include <cstring>
#include <iostream>
#include <map>
#include <string>

using namespace lasis;
using namespace lasis::tagdata;

namespace {

ItemData sample(Model model) {
  ItemData item;
  item.model = model;
  item.itemId = "30512004815473";
  item.parts = 2;
  item.ordinal = 1;
  item.owner = "LV-00001";
  return item;
}

const Bytes kTag3 = *encode(sample(Model::iso28560_3), 34);
const Bytes kTag2 = *encode(sample(Model::iso28560_2), 34);

void BaselineCrc16(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(crc16(ByteView(kTag3).first(32)));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BaselineCrc16);

void BaselineCopy34(benchmark::State& state) {
  std::uint8_t out[34];
  for (auto _ : state) {
    std::memcpy(out, kTag3.data(), sizeof out);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BaselineCopy34);

void Decode3(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(decode(kTag3));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(Decode3);

void Decode3Reversed(benchmark::State& state) {
  Bytes m = kTag3;
  m.resize(36, 0);
  for (std::size_t i = 0; i < m.size(); i += 4) std::swap(m[i], m[i + 3]), std::swap(m[i + 1], m[i + 2]);
  for (auto _ : state) benchmark::DoNotOptimize(decode(m));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(Decode3Reversed);

void Encode3(benchmark::State& state) {
  const auto item = sample(Model::iso28560_3);
  for (auto _ : state) benchmark::DoNotOptimize(encode(item, 34));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(Encode3);

void Decode2(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(decode(kTag2));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(Decode2);

void Encode2(benchmark::State& state) {
  const auto item = sample(Model::iso28560_2);
  for (auto _ : state) benchmark::DoNotOptimize(encode(item, 34));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(Encode2);

/// Prints Google Benchmark's table, then each result as a ratio to the baselines.
class RatioReporter : public benchmark::ConsoleReporter {
public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& r : runs)
      if (r.run_type == Run::RT_Iteration && r.iterations > 0) m_ns[r.benchmark_name()] = r.GetAdjustedCPUTime();
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    const double crc = m_ns["BaselineCrc16"];
    if (crc <= 0) return;
    // CPU time, not wall time: the machine is shared, and a busy neighbour stretches wall time.
    std::cout << "\nTag data codec, CPU time per tag as a ratio to CRC-16 over 32 bytes in this run\n"
              << "(tags per second = 1e9 / ns per tag, on one core):\n";
    for (const auto& [name, ns] : m_ns)
      std::printf("  %-18s %9.1f ns/tag  %11.0f tags/s  %7.1f x crc16(32 B)\n", name.c_str(), ns, 1e9 / ns,
                  ns / crc);
  }

private:
  std::map<std::string, double> m_ns;
};

} // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
