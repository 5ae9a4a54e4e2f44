#include "kiosk/app/screentour.h"

#include "kiosk/app/kioskui.h"
#include "kiosk/app/languagecontroller.h"
#include "kiosk/app/outcomelistmodel.h"
#include "kiosk/app/sessioncontroller.h"
#include "kiosk/app/theme.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QQuickWindow>
#include <QThread>

#include <functional>

namespace lasis::kiosk {

bool waitFor(const std::function<bool()>& cond, int timeoutMs) {
  QElapsedTimer t;
  t.start();
  while (!cond()) {
    if (t.elapsed() > timeoutMs) return false;
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    // processEvents() outside exec() never runs deferred deletions (deleteLater: ListView
    // delegates, Loader items of screens left), so a tour or a test driving the screens this way
    // would keep every one of them; exec() runs them each time it comes back to its loop.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QThread::msleep(10);
  }
  return true;
}

void ScreenTour::capture(KioskUi& ui, const TourOptions& options, const QString& step, TourReport& report) {
  QQuickWindow* w = ui.window();
  const QString before = ui.language().current();
  std::vector<ScreenText> english;
  // English first: the reference the other languages are compared with.
  QStringList order = options.languages;
  order.removeAll(QStringLiteral("en"));
  order.prepend(QStringLiteral("en"));
  const bool keepEnglish = options.languages.contains(QStringLiteral("en"));
  ui.theme().setLargeText(options.largeText);
  ui.theme().setHighContrast(options.highContrast);
  for (const QString& lang : order) {
    ui.language().setLanguage(lang);
    const QImage image = ScreenCheck::settleAndGrab(w);
    const auto texts = ScreenCheck::texts(w);
    if (lang == QLatin1String("en")) english = texts;
    auto problems = ScreenCheck::overflow(w);
    if (lang != QLatin1String("en")) {
      auto more = ScreenCheck::untranslated(english, texts);
      problems.insert(problems.end(), more.begin(), more.end());
    }
    for (auto& p : problems) {
      p.object = step + "/" + lang + ": " + p.object;
      report.problems.push_back(p);
    }
    if (lang == QLatin1String("en") && !keepEnglish) continue;
    ++report.renders;
    if (!options.outDir.isEmpty()) {
      const QString file = QDir(options.outDir).filePath(
          QStringLiteral("%1-%2-%3.png").arg(report.screens + 1, 2, 10, QChar('0')).arg(step, lang));
      if (image.save(file)) report.files.push_back(file);
    }
  }
  ++report.screens;
  ui.language().setLanguage(before);
}

TourReport ScreenTour::run(KioskUi& ui, const TourOptions& options) {
  TourReport report;
  SessionController& s = ui.session();
  if (!options.outDir.isEmpty()) QDir().mkpath(options.outDir);
  auto step = [&](const QString& name, const std::function<bool()>& until) {
    if (!report.failure.isEmpty()) return false;
    if (!waitFor(until, options.stepTimeoutMs)) {
      report.failure = QStringLiteral("%1: did not happen (screen \"%2\", notice \"%3\")").arg(name, s.screen(), s.notice());
      return false;
    }
    capture(ui, options, name, report);
    return true;
  };
  auto idle = [&] { return !s.busy(); };

  step("welcome", [&] { return s.screen() == QLatin1String("welcome"); });
  s.beginBorrow();
  step("identify", [&] { return s.screen() == QLatin1String("identify") && !s.cardOnPad().isEmpty(); });
  s.login({}, options.pin);
  step("checkout", [&] { return s.screen() == QLatin1String("checkout") && idle() && ui.items().rowCount() > 0; });
  s.showAccount();
  step("account", [&] { return s.screen() == QLatin1String("account") && idle(); });
  s.showPlaceHold();
  step("hold", [&] { return s.screen() == QLatin1String("hold"); });
  s.finish();
  step("receipt", [&] { return s.screen() == QLatin1String("receipt") && idle(); });
  s.chooseReceipt(QStringLiteral("screen"));
  step("receipt-shown", [&] { return s.screen() == QLatin1String("receipt-shown"); });
  s.endSession();
  step("goodbye", [&] { return s.screen() == QLatin1String("goodbye") && idle(); });
  s.goHome();
  if (report.failure.isEmpty() && waitFor([&] { return s.screen() == QLatin1String("welcome"); }, options.stepTimeoutMs)) {
    s.beginReturn();
    step("return", [&] { return s.screen() == QLatin1String("return") && idle() && ui.items().rowCount() > 0; });
    s.finish();
    if (waitFor([&] { return s.screen() == QLatin1String("receipt") && idle(); }, options.stepTimeoutMs))
      s.chooseReceipt(QStringLiteral("none"));
    waitFor([&] { return s.screen() == QLatin1String("goodbye") && idle(); }, options.stepTimeoutMs);
    s.goHome();
  }
  return report;
}

} // namespace lasis::kiosk
