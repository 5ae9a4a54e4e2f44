// The touchscreen's figures: cold start of `lasis-kiosk` to its first frame and to "ready" (the
// engine's thread answering, with reader, ILS and queue open), against a bare Qt Quick window
// started by the same binary in the same run; and a soak: visit after visit (borrow two books, no
// receipt, goodbye, return them) through the real screens, with the process's RSS sampled every
// `--sample-every` visits (default 100) and its growth per visit after the first sample fitted by
// least squares (goal: at most 1 KiB a visit, so that a kiosk with 300 visits a day runs for
// months). `--visits N` (default 300; `./run soak` runs 2,000) and `--no-cold-start`.
// Offscreen, software renderer, the simulator behind the kiosk.
#include "kiosk/app/kioskui.h"
#include "kiosk/app/screentour.h"
#include "kiosk/app/outcomelistmodel.h"
#include "kiosk/app/sessioncontroller.h"
#include "tests/bench/figures.h"
#include "tests/support/childprocess.h"
#include "tests/ui/simharness.h"

#include <QCoreApplication>
#include <QQmlApplicationEngine>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QThread>
#include <QtQml/qqmlextensionplugin.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <malloc.h>
#include <sqlite3.h>
#include <fstream>
#include <functional>

Q_IMPORT_QML_PLUGIN(Lasis_KioskPlugin)

using namespace lasis;
using lasis::kiosk::waitFor;
using Steady = std::chrono::steady_clock;

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

/// Time from spawn to each probe line, in ms; empty when the kiosk did not report.
std::vector<double> probe(const std::vector<std::string>& argv) {
  std::vector<std::string> env{"QT_QPA_PLATFORM=offscreen", "QT_QUICK_BACKEND=software"};
  const auto t0 = Steady::now();
  test::ChildProcess p(argv, env);
  std::vector<double> out;
  while (auto line = p.readLine(std::chrono::milliseconds(30000))) {
    if (line->find("\"event\"") == std::string::npos) continue;
    out.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t0).count());
    if (line->find("ready") != std::string::npos) break;
  }
  p.wait(std::chrono::milliseconds(10000));
  return out;
}

long rssKiB() {
  std::ifstream f("/proc/self/status");
  std::string key;
  long value = 0;
  while (f >> key) {
    if (key == "VmRSS:") {
      f >> value;
      return value;
    }
    f.ignore(1 << 12, '\n');
  }
  return 0;
}

/// One visit: card and two books on the pad, borrow, no receipt, goodbye; then return both.
bool visit(test::SimHarness& sim, int n) {
  auto& s = sim.ui()->session();
  sim.clearPad();
  sim.putCard("P100008");
  char a[16], b[16];
  std::snprintf(a, sizeof a, "%08d", 10000101 + 2 * (n % 20));
  std::snprintf(b, sizeof b, "%08d", 10000102 + 2 * (n % 20));
  sim.putItem(a);
  sim.putItem(b);
  s.beginBorrow();
  if (!waitFor([&] { return !s.cardOnPad().isEmpty(); })) return false;
  s.login({}, QStringLiteral("1234"));
  if (!waitFor([&] { return s.loggedIn() && !s.busy() && sim.ui()->items().rowCount() >= 2; })) return false;
  s.finish();
  if (!waitFor([&] { return s.screen() == QLatin1String("receipt") && !s.busy(); })) return false;
  s.chooseReceipt(QStringLiteral("none"));
  if (!waitFor([&] { return s.screen() == QLatin1String("goodbye") && !s.busy(); })) return false;
  s.goHome();
  s.beginReturn();
  if (!waitFor([&] { return !s.busy() && sim.ui()->items().rowCount() >= 2; })) return false;
  s.goHome();
  return waitFor([&] { return s.screen() == QLatin1String("welcome"); });
}

} // namespace

/// Growth per visit by least squares over (visits, KiB) samples.
double slope(const std::vector<std::pair<int, long>>& pts) {
  if (pts.size() < 2) return 0;
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (auto [x, y] : pts) {
    sx += x;
    sy += static_cast<double>(y);
    sxx += double(x) * x;
    sxy += double(x) * static_cast<double>(y);
  }
  const double n = static_cast<double>(pts.size());
  const double d = n * sxx - sx * sx;
  return d == 0 ? 0 : (n * sxy - sx * sy) / d;
}

int main(int argc, char** argv) {
  int visits = 300, every = 100;
  bool coldStart = true;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--visits") && i + 1 < argc) visits = std::max(2, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--sample-every") && i + 1 < argc) every = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--no-cold-start")) coldStart = false;
  }
  qputenv("QT_QPA_PLATFORM", "offscreen");
  qputenv("QT_QUICK_BACKEND", "software");
  int qargc = 1;
  QGuiApplication app(qargc, argv);
  const std::string kiosk = std::string(LASIS_BIN_DIR) + "/lasis-kiosk";

  // 1. Cold start, five times each, the bare window first.
  test::SimDevice ils({test::simBinary(), "ils", "--port", "0"});
  test::SimDevice pad({test::simBinary(), "reader", "--card", "mfc1k:A1B2C3D4:P100001"});
  if (!ils.ok() || !pad.ok()) {
    std::fprintf(stderr, "the simulator did not start\n");
    return 1;
  }
  QTemporaryDir dir;
  if (coldStart) {
    std::vector<double> bare, frame, ready;
    for (int i = 0; i < 5; ++i) {
      auto b = probe({kiosk, "--startup-probe", "baseline"});
      if (!b.empty()) bare.push_back(b[0]);
      auto k = probe({kiosk, "--startup-probe", "kiosk", "--reader", pad.field("connstring"), "--ils", ils.field("url"),
                      "--db", dir.filePath(QStringLiteral("k%1.db").arg(i)).toStdString()});
      if (k.size() == 2) {
        frame.push_back(k[0]);
        ready.push_back(k[1]);
      }
    }
    const double b = median(bare), f = median(frame), r = median(ready);
    std::printf("cold start (median of %zu): bare Qt Quick window first frame %.0f ms\n", bare.size(), b);
    std::printf("  lasis-kiosk first frame %.0f ms = %.2fx, ready %.0f ms = %.2fx\n", f, b > 0 ? f / b : 0, r,
                b > 0 ? r / b : 0);
    bench::record({"kiosk_ui_bench", "cold start to first frame", f, "ms", b, "bare Qt Quick window first frame"});
    bench::record({"kiosk_ui_bench", "cold start to ready", r, "ms", b, "bare Qt Quick window first frame"});
    // Issue 21's goal for the kiosk as a patron meets it after a power cut: its first frame within
    // 1.0 s (a value, not a ratio: it is the patron's wait, whatever the bare window takes).
    bench::record({"kiosk_ui_bench", "cold start to first frame (goal 1000 ms)", f, "ms", std::nullopt, "", true, 1000.0});
  }

  // 2. The soak, in this process (QML loaded, screens rendered).
  test::SimHarness sim;
  if (!sim.problem().isEmpty() || !sim.ui()->load()) {
    std::fprintf(stderr, "kiosk: %s\n", qPrintable(sim.problem()));
    return 1;
  }
  if (!visit(sim, 0)) {
    std::fprintf(stderr, "the first visit did not go through (screen %s)\n", qPrintable(sim.ui()->session().screen()));
    return 1;
  }
  const long after1 = rssKiB();
  const auto t0 = Steady::now();
  int done = 1;
  std::vector<std::pair<int, long>> trend;
  for (; done < visits; ++done) {
    if (!visit(sim, done)) break;
    if ((done + 1) % every == 0) {
      if (std::getenv("LASIS_SOAK_GC")) {  // diagnosis: what a JS collection and a heap trim give back
        sim.ui()->qml()->collectGarbage();
        QCoreApplication::processEvents();
        malloc_trim(0);
      }
      trend.emplace_back(done + 1, rssKiB());
      const auto mi = mallinfo2();
      std::fprintf(stderr, "  %d visits: RSS %ld KiB, malloc in use %zu KiB (SQLite %lld KiB), arenas %zu KiB, mmapped %zu KiB\n",
                   done + 1, trend.back().second, mi.uordblks / 1024, static_cast<long long>(sqlite3_memory_used() / 1024),
                   mi.arena / 1024, mi.hblkhd / 1024);
    }
  }
  // Diagnosis: end here without destructors, so a heap profiler (heaptrack) reports everything
  // still held after the soak as leaked, with the call stacks that allocated it.
  if (std::getenv("LASIS_SOAK_QUICK_EXIT")) std::_Exit(0);
  const double secs = std::chrono::duration<double>(Steady::now() - t0).count();
  const long last = rssKiB();
  std::printf("soak: %d visits (borrow 2, return 2), %.2f s per visit\n", done, secs / std::max(1, done - 1));
  std::printf("  RSS after 1 visit %ld KiB, after %d visits %ld KiB = %.3fx\n", after1, done, last,
              after1 > 0 ? double(last) / double(after1) : 0.0);
  std::printf("  RSS by visits:");
  for (auto [n, kib] : trend) std::printf(" %d: %ld KiB;", n, kib);
  std::printf("\n");
  // Growth from the first sample on: the first visits fill caches (fonts, glyphs, QML types).
  const std::vector<std::pair<int, long>> steady(trend.size() > 1 ? trend.begin() : trend.end(), trend.end());
  const double perVisit = slope(steady);
  std::printf("  growth after visit %d: %.2f KiB per visit (least squares over %zu samples; goal <= 1)\n",
              steady.empty() ? 0 : steady.front().first, perVisit, steady.size());
  if (steady.size() >= 2) {
    bench::record({"kiosk_ui_bench", "RSS growth per visit after visit " + std::to_string(steady.front().first), perVisit,
                   "KiB/visit", std::nullopt, "", true, 1.0});
  }
  bench::record({"kiosk_ui_bench", "RSS after " + std::to_string(done) + " visits", static_cast<double>(last), "KiB",
                 static_cast<double>(after1), "RSS after 1 visit"});
  // And its whole memory after the soak: at most 150 MB (153,600 KiB), pictures and fonts included.
  bench::record({"kiosk_ui_bench", "RSS after the soak (goal 153600 KiB)", static_cast<double>(last), "KiB", std::nullopt, "",
                 true, 153600.0});
  return done == visits ? 0 : 1;
}
