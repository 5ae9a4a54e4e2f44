#pragma once
// One figure of a benchmark, for `./run bench --json FILE`: every benchmark still prints its own
// table, and each figure it prints is also appended, as one JSON line, to the file named by the
// environment variable LASIS_BENCH_JSON (when set). `./run bench` gathers the lines of every
// benchmark into one document, so that two runs can be compared figure by figure.
//
//   {"bench": "queue_bench", "name": "durable enqueue p99", "value": 2210, "unit": "us",
//    "baseline": 1700, "baseline_name": "bare SQLite INSERT p99", "ratio": 1.30,
//    "better": "lower", "goal": 1.5, "met": true}
//
// ratio = value / baseline, both measured in the same run. `goal`, when the project has one, is the
// ratio the figure must not exceed (better = "lower") or must reach (better = "higher"); for a
// figure without a baseline (memory growth per visit, say) the goal applies to the value itself.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lasis::bench {

struct Figure {
  std::string bench;
  std::string name;
  double value = 0;
  std::string unit;
  std::optional<double> baseline;
  std::string baselineName;
  bool lowerIsBetter = true;
  std::optional<double> goal;  ///< the ratio to meet; without a baseline, the value (see above)
};

namespace detail {
inline std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}
inline std::string number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}
} // namespace detail

/// The median and 99th percentile of a sample (each the sample's own value at that rank).
struct Pct {
  double p50 = 0, p99 = 0;
};
inline Pct percentiles(std::vector<double> v) {
  if (v.empty()) return {};
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))]; };
  return {at(0.50), at(0.99)};
}

/// The ratio of a figure to its baseline; nullopt without a usable baseline.
inline std::optional<double> ratioOf(const Figure& f) {
  if (!f.baseline || *f.baseline == 0 || !std::isfinite(*f.baseline)) return std::nullopt;
  return f.value / *f.baseline;
}

/// True when the figure meets its goal (always true without one).
inline bool met(const Figure& f) {
  const auto r = f.baseline ? ratioOf(f) : std::optional<double>(f.value);
  if (!f.goal) return true;
  if (!r) return false;
  return f.lowerIsBetter ? *r <= *f.goal : *r >= *f.goal;
}

/// Appends the figure to $LASIS_BENCH_JSON (nothing when unset). Returns met(f).
inline bool record(const Figure& f) {
  if (const char* path = std::getenv("LASIS_BENCH_JSON"); path && *path) {
    if (std::FILE* out = std::fopen(path, "a")) {
      std::string line = "{\"bench\": " + detail::quoted(f.bench) + ", \"name\": " + detail::quoted(f.name) +
                         ", \"value\": " + detail::number(f.value) + ", \"unit\": " + detail::quoted(f.unit);
      if (f.baseline) {
        line += ", \"baseline\": " + detail::number(*f.baseline);
        if (!f.baselineName.empty()) line += ", \"baseline_name\": " + detail::quoted(f.baselineName);
      }
      if (const auto r = ratioOf(f)) line += ", \"ratio\": " + detail::number(*r);
      line += std::string(", \"better\": ") + (f.lowerIsBetter ? "\"lower\"" : "\"higher\"");
      if (f.goal) line += ", \"goal\": " + detail::number(*f.goal) + ", \"met\": " + (met(f) ? "true" : "false");
      line += "}\n";
      std::fputs(line.c_str(), out);
      std::fclose(out);
    }
  }
  return met(f);
}

} // namespace lasis::bench
