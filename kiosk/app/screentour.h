#pragma once
// A whole visit played on the real kiosk, screen by screen, each rendered in every language asked
// for and checked (ScreenCheck): welcome, identify with the card on the pad, checkout of the stack,
// account, receipt choice, receipt on screen, goodbye, then the same stack returned. Used by
// `lasis-kiosk --tour DIR` (the demo's screenshots) and by the screenshot test. The simulator
// behind the kiosk must have a patron card and books on the pad.

#include "kiosk/app/screencheck.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

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
};

/// What a tour saw.
struct TourReport {
  int screens = 0;  ///< screens visited
  int renders = 0;  ///< screens × languages rendered
  std::vector<QString> files;
  std::vector<ScreenProblem> problems;  ///< each prefixed with "screen/lang: " in `object`
  QString failure;  ///< a step that did not happen (empty when the visit went through)
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
};

} // namespace lasis::kiosk
