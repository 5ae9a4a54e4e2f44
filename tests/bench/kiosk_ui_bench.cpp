// The touchscreen's figures: cold start of `lasis-kiosk` to its first frame and to "ready" (the
// engine's thread answering, with reader, ILS and queue open), against a bare Qt Quick window
// started by the same binary in the same run; and memory in use after a 50-visit soak against
// after the first visit. Offscreen, software renderer, the simulator behind the kiosk.
#include "kiosk/app/kioskui.h"
#include "kiosk/app/screentour.h"
#include "kiosk/app/outcomelistmodel.h"
#include "kiosk/app/sessioncontroller.h"
#include "tests/support/childprocess.h"
#include "tests/ui/simharness.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QThread>
#include <QtQml/qqmlextensionplugin.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
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

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  qputenv("QT_QUICK_BACKEND", "software");
  QGuiApplication app(argc, argv);
  const std::string kiosk = std::string(LASIS_BIN_DIR) + "/lasis-kiosk";

  // 1. Cold start, five times each, the bare window first.
  test::SimDevice ils({test::simBinary(), "ils", "--port", "0"});
  test::SimDevice pad({test::simBinary(), "reader", "--card", "mfc1k:A1B2C3D4:P100001"});
  if (!ils.ok() || !pad.ok()) {
    std::fprintf(stderr, "the simulator did not start\n");
    return 1;
  }
  QTemporaryDir dir;
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

  // 2. Memory after 1 and after 50 visits, in this process (QML loaded, screens rendered).
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
  for (; done < 50; ++done) {
    if (!visit(sim, done)) break;
    if ((done + 1) % 10 == 0) trend.emplace_back(done + 1, rssKiB());
  }
  const double secs = std::chrono::duration<double>(Steady::now() - t0).count();
  const long after50 = rssKiB();
  std::printf("soak: %d visits (borrow 2, return 2), %.2f s per visit\n", done, secs / std::max(1, done - 1));
  std::printf("  RSS after 1 visit %ld KiB, after %d visits %ld KiB = %.3fx\n", after1, done, after50,
              after1 > 0 ? double(after50) / double(after1) : 0.0);
  std::printf("  RSS by visits:");
  for (auto [n, kib] : trend) std::printf(" %d: %ld KiB;", n, kib);
  std::printf("\n");
  return done == 50 ? 0 : 1;
}
