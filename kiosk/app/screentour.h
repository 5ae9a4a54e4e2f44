#pragma once
// A whole visit played on the real kiosk, screen by screen, each rendered in every language asked
// for and checked (ScreenCheck): welcome, identify with the card on the pad, checkout of the stack,
// account, receipt choice, receipt on screen, goodbye, then the same stack returned. Used by
// `lasis-kiosk --tour DIR` (the demo's screenshots) and by the screenshot test. The simulator
// behind the kiosk must have a patron card and books on the pad.

#include "kiosk/app/screencheck.h"

#include <QColor>
#include <QString>
#include <QStringList>

#include <functional>
#include <string>
#include <vector>

class QQuickItem;
class QQuickWindow;

namespace lasis::kiosk {

class KioskUi;

/// Options of a tour.
struct TourOptions {
  QString outDir;     ///< screenshots go here as NN-screen-lang.png (empty: none written)
  QStringList languages{"lv", "lt", "uk", "en", "ru"};
  QString pin;        ///< the demo patron's PIN
  int stepTimeoutMs = 30000;
  bool largeText = false;     ///< render every screen in the large-text mode
  bool highContrast = false;  ///< and/or the high-contrast theme
  /// The library's colour ([ui] accent) on the primary buttons, as a configured kiosk shows it;
  /// invalid: the theme's own.
  QColor accent;
  /// Also check that no button, key, field or result row is outside the window or covered
  /// (ScreenCheck::unreachable). Meaningful in a real window (xcb, wayland), where it is laid out
  /// as a patron sees it.
  bool geometry = false;
  /// Also render each screen once more per text field a patron can type into, with that field
  /// focused and the virtual keyboard shown (in a real window; offscreen it never shows).
  bool keyboard = false;
};

/// What a tour saw.
struct TourReport {
  int screens = 0;  ///< screens visited
  int renders = 0;  ///< screens × languages rendered
  int keyboards = 0;  ///< renders with the virtual keyboard on screen
  std::vector<QString> files;
  std::vector<ScreenProblem> problems;  ///< each prefixed with "screen/lang: " in `object`
  QString failure;  ///< a step that did not happen (empty when the visit went through)

  /// The failure and every problem, one a line, for a test's message or a log.
  std::string describe() const;
};

/// Turns the event loop until `cond` holds or `timeoutMs` pass; whether it held. The kiosk works
/// on its own loop, so anything that waits for it (tours, tests, benchmarks) waits this way.
bool waitFor(const std::function<bool()>& cond, int timeoutMs = 30000);

/// Plays the visit.
class ScreenTour {
public:
  static TourReport run(KioskUi& ui, const TourOptions& options);
  /// Renders the current screen in each language, checks it and (with a dir) saves it.
  static void capture(KioskUi& ui, const TourOptions& options, const QString& step, TourReport& report);
  /// Every screen the controller can show (welcome … staff), empty, each captured as above: the
  /// self-test's walk, and the one that reaches the card-number field with no card on the pad.
  static void walkScreens(KioskUi& ui, const TourOptions& options, TourReport& report);
  /// A finger on the item's centre: a press and a release at its place in the window.
  static void tap(QQuickWindow* window, QQuickItem* item);
};

} // namespace lasis::kiosk
