#include "kiosk/app/screentour.h"

#include "kiosk/app/kioskui.h"
#include "kiosk/app/languagecontroller.h"
#include "kiosk/app/outcomelistmodel.h"
#include "kiosk/app/sessioncontroller.h"
#include "kiosk/app/staffcontroller.h"
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

std::vector<TourLook> TourLook::all() {
  return {TourLook{QString(), false, false}, TourLook{QStringLiteral("large"), true, false},
          TourLook{QStringLiteral("contrast"), false, true}};
}

std::optional<TourLook> TourLook::byName(const QString& name) {
  for (const TourLook& l : all())
    if (l.name == name || (l.name.isEmpty() && name == QLatin1String("normal"))) return l;
  return std::nullopt;
}

QStringList ScreenTour::steps() {
  return {QStringLiteral("welcome"),       QStringLiteral("identify"),      QStringLiteral("checkout"),
          QStringLiteral("timeout"),       QStringLiteral("account-loans"), QStringLiteral("account-holds"),
          QStringLiteral("account-fines"), QStringLiteral("hold"),          QStringLiteral("receipt"),
          QStringLiteral("receipt-shown"), QStringLiteral("goodbye"),       QStringLiteral("return"),
          QStringLiteral("offline"),       QStringLiteral("staff")};
}

namespace {

/// The visible item named `name` under `item` (the screens not shown are invisible, so a name
/// several screens use finds the one on screen).
QQuickItem* findShown(QQuickItem* item, const QString& name) {
  if (!item || !item->isVisible()) return nullptr;
  if (item->objectName() == name) return item;
  for (QQuickItem* child : item->childItems())
    if (QQuickItem* found = findShown(child, name)) return found;
  return nullptr;
}

/// Where the items named in `names` are on screen, in the window's pixels.
void volatileAreas(QQuickItem* item, const QStringList& names, qreal scale, std::vector<QRect>& out) {
  if (!item || !item->isVisible() || item->opacity() <= 0.0) return;
  if (names.contains(item->objectName())) {
    const QRectF r = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
    out.push_back(QRectF(r.x() * scale, r.y() * scale, r.width() * scale, r.height() * scale).toAlignedRect());
  }
  for (QQuickItem* child : item->childItems()) volatileAreas(child, names, scale, out);
}

} // namespace

void ScreenTour::capture(KioskUi& ui, const TourOptions& options, const QString& step, TourReport& report,
                         const std::function<void()>& settle) {
  QQuickWindow* w = ui.window();
  const QString before = ui.language().current();
  const bool wasLarge = ui.theme().largeText(), wasHigh = ui.theme().highContrast();
  // English first: the reference the other languages are compared with.
  QStringList order = options.languages;
  order.removeAll(QStringLiteral("en"));
  order.prepend(QStringLiteral("en"));
  const bool keepEnglish = options.languages.contains(QStringLiteral("en"));
  const QString number = QStringLiteral("%1").arg(report.screens + 1, 2, 10, QChar('0'));
  auto add = [&](std::vector<ScreenProblem> problems, const QString& what, const QString& lang) {
    for (auto& p : problems) {
      p.object = what + "/" + lang + ": " + p.object;
      report.problems.push_back(p);
    }
  };
  for (const TourLook& look : options.looks) {
    ui.theme().setLargeText(look.largeText);
    ui.theme().setHighContrast(look.highContrast);
    const QString suffix = look.name.isEmpty() ? QString() : "-" + look.name;
    const QString where = look.name.isEmpty() ? step : step + "-" + look.name;
    std::vector<ScreenText> english;
    auto save = [&](const QImage& image, const QString& what, const QString& lang) {
      const QString file = QStringLiteral("%1-%2-%3%4.png").arg(number, what, lang, suffix);
      if (options.onImage) {
        TourImage t{step, lang, look.name, file, image, {}};
        volatileAreas(w->contentItem(), options.volatileItems, image.devicePixelRatio(), t.volatileAreas);
        options.onImage(t);
      }
      if (options.outDir.isEmpty()) return;
      const QString path = QDir(options.outDir).filePath(file);
      if (image.save(path)) report.files.push_back(path);
    };
    for (const QString& lang : order) {
      ui.language().setLanguage(lang);
      if (settle) settle();
      const QImage image = ScreenCheck::settleAndGrab(w);
      const auto texts = ScreenCheck::texts(w);
      if (lang == QLatin1String("en")) english = texts;
      auto problems = ScreenCheck::overflow(w);
      {
        auto small = ScreenCheck::tooSmall(w, ui.theme().smallSize());
        problems.insert(problems.end(), small.begin(), small.end());
        auto faint = ScreenCheck::lowContrast(w, image);
        problems.insert(problems.end(), faint.begin(), faint.end());
        auto tiny = ScreenCheck::smallTargets(w);
        problems.insert(problems.end(), tiny.begin(), tiny.end());
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
      add(std::move(problems), where, lang);
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
  }
  ++report.screens;
  report.steps.push_back(step);
  ui.language().setLanguage(before);
  ui.theme().setLargeText(wasLarge);
  ui.theme().setHighContrast(wasHigh);
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
  // The pictures at rest: a screenshot (and a golden image) is the same whenever it is taken.
  ui.theme().setReducedMotionDefault(true);
  if (options.accent.isValid()) ui.theme().setBrandAccent(options.accent);
  const bool stopping = !options.stopAt.isEmpty();
  auto over = [&] { return !report.failure.isEmpty() || report.stopped; };
  auto wait = [&](const QString& name, const std::function<bool()>& until) {
    if (over()) return false;
    if (!waitFor(until, options.stepTimeoutMs)) {
      report.failure = QStringLiteral("%1: did not happen (screen \"%2\", notice \"%3\")").arg(name, s.screen(), s.notice());
      return false;
    }
    return true;
  };
  // A screen reached: captured in every language and look, or (stopping there) left on screen in
  // the language and look asked for.
  auto step = [&](const QString& name, const std::function<bool()>& until, const std::function<void()>& settle = {}) {
    if (!wait(name, until)) return false;
    if (!stopping) {
      capture(ui, options, name, report, settle);
      return true;
    }
    if (name != options.stopAt) return true;
    ui.theme().setLargeText(options.stopLook.largeText);
    ui.theme().setHighContrast(options.stopLook.highContrast);
    ui.language().setLanguage(options.stopLanguage);
    if (settle) settle();
    report.stopped = true;
    report.steps.push_back(name);
    return false;
  };
  auto idle = [&] { return !s.busy(); };
  // The pad is read as the stack arrives: a list is complete once it has not changed for a while.
  int rows = -1;
  QElapsedTimer still;
  auto settled = [&] {
    if (ui.items().rowCount() != rows) {
      rows = ui.items().rowCount();
      still.start();
    }
    return idle() && rows > 0 && still.elapsed() > 1500;
  };
  auto on = [&](const char* screen) { return s.screen() == QLatin1String(screen); };
  // A button pressed as its own handler would be (no focus frame, no window needed: the window
  // may not be shown yet).
  auto press = [&](const char* name) {
    if (over()) return;
    QQuickItem* item = findShown(ui.window()->contentItem(), QString::fromLatin1(name));
    if (!item || !QMetaObject::invokeMethod(item, "clicked"))
      report.failure = QStringLiteral("no button \"%1\" on screen \"%2\"").arg(QLatin1String(name), s.screen());
  };

  // Items laid one at a time, each waited for in the list before the next.
  auto layOneByOne = [&](const std::vector<std::function<void()>>& items) {
    for (std::size_t i = 0; i < items.size() && !over(); ++i) {
      items[i]();
      wait(QStringLiteral("item %1 of %2 read").arg(i + 1).arg(items.size()),
           [&] { return ui.items().rowCount() > static_cast<int>(i) && idle(); });
    }
  };

  step("welcome", [&] { return on("welcome"); });
  s.beginBorrow();
  step("identify", [&] { return on("identify") && !s.cardOnPad().isEmpty(); });
  s.login({}, options.pin);
  if (!options.checkoutItems.empty() && wait(QStringLiteral("login"), [&] { return on("checkout") && idle(); }))
    layOneByOne(options.checkoutItems);
  rows = -1;
  step("checkout", [&] { return on("checkout") && settled(); });
  // The idle warning as the engine gives it once the patron has not touched the screen for a
  // while; given again before each picture, so that every one shows the same count.
  auto warn = [&] { s.handleWarning(circulation::SessionWarning{20}); };
  if (!over()) warn();
  step("timeout", [&] { return s.warningSecondsLeft() > 0; }, warn);
  if (!over()) s.extendSession();
  wait("more time", [&] { return s.warningSecondsLeft() == 0 && idle(); });
  if (!over()) s.showAccount();
  step("account-loans", [&] { return on("account") && idle(); });
  press("tab.holds");
  step("account-holds", [&] { return on("account") && idle(); });
  press("tab.fines");
  step("account-fines", [&] { return on("account") && idle(); });
  press("tab.loans");
  if (!over()) s.showPlaceHold();
  step("hold", [&] { return on("hold"); });
  if (!over()) s.finish();
  step("receipt", [&] { return on("receipt") && idle(); });
  if (!over()) s.chooseReceipt(QStringLiteral("screen"));
  step("receipt-shown", [&] { return on("receipt-shown"); });
  if (!over()) s.endSession();
  step("goodbye", [&] { return on("goodbye") && idle(); });
  // Each return a visit of its own, from the welcome screen, ended without a receipt.
  auto returnVisit = [&](const QString& name, const std::function<bool()>& until) {
    if (over()) return;
    if (options.clearPad) options.clearPad();
    s.goHome();
    if (!wait(name + " (welcome)", [&] { return on("welcome"); })) return;
    s.beginReturn();
    if (options.clearPad && wait(name + " (return screen)", [&] { return on("return") && idle(); }))
      layOneByOne(options.returnItems);
    rows = -1;
    if (!step(name, [&] { return on("return") && until(); }) || over()) return;
    s.finish();
    if (wait(name + " (receipt)", [&] { return on("receipt") && idle(); })) s.chooseReceipt(QStringLiteral("none"));
    // A return with no card logged in has no session for the engine to end: no goodbye follows.
    waitFor([&] { return on("goodbye") && idle(); }, 3000);
  };
  returnVisit(QStringLiteral("return"), settled);
  if (!over() && options.takeIlsDown) {
    options.takeIlsDown();
    returnVisit(QStringLiteral("offline"), [&] { return s.mode() == QLatin1String("offline") && settled(); });
  }
  if (!over()) {
    s.goHome();
    wait(QStringLiteral("staff (welcome)"), [&] { return on("welcome"); });
  }
  // The staff screen as a staff card and PIN open it (the visit's harness has no staff PIN).
  if (!over()) {
    s.showForSelfTest(QStringLiteral("staff"));
    ui.staff().refresh();
  }
  step("staff", [&] { return on("staff") && idle(); });
  if (!stopping) s.goHome();
  return report;
}

} // namespace lasis::kiosk
