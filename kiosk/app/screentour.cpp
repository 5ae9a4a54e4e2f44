#include "kiosk/app/screentour.h"

#include "kiosk/app/kioskui.h"
#include "kiosk/app/languagecontroller.h"
#include "kiosk/app/outcomelistmodel.h"
#include "kiosk/app/sessioncontroller.h"
#include "kiosk/app/theme.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QInputMethod>
#include <QMouseEvent>
#include <QQuickItem>
#include <QQuickWindow>
#include <QThread>

#include <functional>

namespace lasis::kiosk {

std::string TourReport::describe() const {
  std::string out = failure.toStdString();
  for (const auto& p : problems) out += "\n  " + p.kind.toStdString() + " " + p.object.toStdString() + ": " + p.text.toStdString();
  return out;
}

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

namespace {

/// The text fields of the screen shown that a patron can type into (the PIN's is not one: it is
/// filled by the PIN pad), in tree order.
void editableFields(QQuickItem* item, std::vector<QQuickItem*>& out) {
  if (!item || !item->isVisible() || item->opacity() <= 0.0) return;
  if (item->objectName() == QLatin1String("keyboard")) return;
  if (item->inherits("QQuickTextInput") && item->isEnabled() && !item->property("readOnly").toBool()) out.push_back(item);
  for (QQuickItem* child : item->childItems()) editableFields(child, out);
}

QString nameOf(const QQuickItem* item) {
  return item->objectName().isEmpty() ? QStringLiteral("field") : item->objectName();
}

} // namespace

void ScreenTour::tap(QQuickWindow* window, QQuickItem* item) {
  const QPointF p = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
  for (QEvent::Type type : {QEvent::MouseButtonPress, QEvent::MouseButtonRelease}) {
    QMouseEvent e(type, p, p, window->mapToGlobal(p), Qt::LeftButton,
                  type == QEvent::MouseButtonPress ? Qt::LeftButton : Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window, &e);
  }
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
  // The pictures at rest: a screenshot (and a golden image) is the same whenever it is taken.
  ui.theme().setReducedMotionDefault(true);
  if (options.accent.isValid()) ui.theme().setBrandAccent(options.accent);
  auto save = [&](const QImage& image, const QString& what, const QString& lang) {
    if (options.outDir.isEmpty()) return;
    const QString file = QDir(options.outDir).filePath(
        QStringLiteral("%1-%2-%3.png").arg(report.screens + 1, 2, 10, QChar('0')).arg(what, lang));
    if (image.save(file)) report.files.push_back(file);
  };
  auto add = [&](std::vector<ScreenProblem> problems, const QString& what, const QString& lang) {
    for (auto& p : problems) {
      p.object = what + "/" + lang + ": " + p.object;
      report.problems.push_back(p);
    }
  };
  for (const QString& lang : order) {
    ui.language().setLanguage(lang);
    const QImage image = ScreenCheck::settleAndGrab(w);
    const auto texts = ScreenCheck::texts(w);
    if (lang == QLatin1String("en")) english = texts;
    auto problems = ScreenCheck::overflow(w);
    {
      auto small = ScreenCheck::tooSmall(w, ui.theme().smallSize());
      problems.insert(problems.end(), small.begin(), small.end());
      auto faint = ScreenCheck::lowContrast(w, image);
      problems.insert(problems.end(), faint.begin(), faint.end());
    }
    if (lang != QLatin1String("en")) {
      auto more = ScreenCheck::untranslated(english, texts);
      problems.insert(problems.end(), more.begin(), more.end());
    }
    if (options.geometry) {
      auto more = ScreenCheck::unreachable(w);
      problems.insert(problems.end(), more.begin(), more.end());
      if (ScreenCheck::keyboardShown(w)) ++report.keyboards;
    }
    add(std::move(problems), step, lang);
    if (lang == QLatin1String("en") && !keepEnglish) continue;
    ++report.renders;
    save(image, step, lang);
    if (!options.keyboard) continue;
    // A patron typing: each field focused as a tap would, the keyboard up, the screen checked again.
    std::vector<QQuickItem*> fields;
    editableFields(w->contentItem(), fields);
    // Typing goes to the active window only (a window manager activates it on the first touch;
    // Xvfb has none).
    if (!fields.empty() && !w->isActive()) {
      w->requestActivate();
      waitFor([&] { return w->isActive(); }, 3000);
    }
    for (QQuickItem* field : fields) {
      const QString what = step + "+keyboard-" + nameOf(field);
      tap(w, field);  // as a finger would: the input method opens on the release, not on the focus
      if (!waitFor([&] { return ScreenCheck::keyboardShown(w); }, 3000))
        report.problems.push_back({QStringLiteral("no-keyboard"), what + "/" + lang, QStringLiteral("the virtual keyboard did not show")});
      const QImage typed = ScreenCheck::settleAndGrab(w);
      if (ScreenCheck::keyboardShown(w)) ++report.keyboards;
      auto more = ScreenCheck::overflow(w);
      auto unreachable = ScreenCheck::unreachable(w);
      more.insert(more.end(), unreachable.begin(), unreachable.end());
      add(std::move(more), what, lang);
      save(typed, what, lang);
      // Typing done: the focus leaves the field, the keyboard goes.
      field->setFocus(false);
      w->contentItem()->forceActiveFocus();
      QGuiApplication::inputMethod()->hide();
      waitFor([&] { return !ScreenCheck::keyboardShown(w); }, 3000);
    }
  }
  ++report.screens;
  ui.language().setLanguage(before);
}

void ScreenTour::walkScreens(KioskUi& ui, const TourOptions& options, TourReport& report) {
  for (const char* screen : {"welcome", "identify", "checkout", "return", "account", "hold", "receipt",
                             "receipt-shown", "goodbye", "staff"}) {
    ui.session().showForSelfTest(QString::fromLatin1(screen));
    capture(ui, options, QString::fromLatin1(screen), report);
  }
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
