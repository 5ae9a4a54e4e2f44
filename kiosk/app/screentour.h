#pragma once
// A whole visit played on the real kiosk, screen by screen, each rendered in every language and
// look asked for and checked (ScreenCheck): welcome, identify with the card on the pad and the PIN
// pad, checkout of the stack (one item refused), the timeout warning, the account's three tabs,
// reserve, receipt choice, receipt on screen, goodbye, a return, the offline banner and the staff
// screen. Used by `lasis-kiosk --tour DIR` (the demo's screenshots), by the screenshot and
// golden-image tests and by `./run gallery`. The simulator behind the kiosk must have a patron
// card and books on the pad; what the kiosk cannot do by itself (change the stack on the pad for
// the return, take the library system down) the caller does through TourOptions' hooks, and
// without them those screens are shown as far as the kiosk alone can.

#include "kiosk/app/screencheck.h"

#include <QColor>
#include <QImage>
#include <QRect>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <string>
#include <vector>

class QQuickItem;
class QQuickWindow;

namespace lasis::kiosk {

class KioskUi;

/// One look a screen is rendered in: the theme's text size and contrast, and the suffix its
/// pictures carry ("" for the normal look: NN-screen-lang.png; "large": NN-screen-lang-large.png).
struct TourLook {
  QString name;
  bool largeText = false;
  bool highContrast = false;
  /// Normal, large text, high contrast: the three looks a patron can choose.
  static std::vector<TourLook> all();
  /// One of all() by name ("normal" or "" is the normal look); nullopt when there is none.
  static std::optional<TourLook> byName(const QString& name);
};

/// A rendered screen, as a tour hands it to TourOptions::onImage.
struct TourImage {
  QString step;      ///< "checkout", "account-holds", …
  QString language;  ///< "lv", …
  QString look;      ///< TourLook::name
  QString fileName;  ///< NN-step-lang[-look].png
  QImage image;
  /// Where the screen shows what differs from run to run however fixed the visit is (the build's
  /// version, the reader's pty, the library system's port): the items named in
  /// TourOptions::volatileItems, in the image's coordinates.
  std::vector<QRect> volatileAreas;
};

/// Options of a tour.
struct TourOptions {
  QString outDir;     ///< screenshots go here as NN-screen-lang[-look].png (empty: none written)
  QStringList languages{"lv", "lt", "uk", "en", "ru"};
  QString pin;        ///< the demo patron's PIN
  int stepTimeoutMs = 30000;
  /// The looks every screen is rendered in (each with its own file suffix).
  std::vector<TourLook> looks{TourLook{}};
  /// Each render as it is made (the golden-image test compares them in memory).
  std::function<void(const TourImage&)> onImage;
  /// objectNames of items whose text changes from run to run (see TourImage::volatileAreas): the
  /// staff screen's statuses as a whole (the build, "-dirty" or not, the simulator's pty and port,
  /// how far the offline queue's replay got: in large text they wrap differently and move the rows
  /// below them), the goodbye's seconds and their ring.
  QStringList volatileItems{QStringLiteral("status"), QStringLiteral("countdown"), QStringLiteral("goodbyeCountdown")};
  /// The visit's items, each laid on the pad by one function, one at a time once the patron is
  /// logged in (the next once the last is in the list: the list's order is then the same in every
  /// run, as golden images need). Empty: what lies on the pad already is the stack.
  std::vector<std::function<void()>> checkoutItems;
  /// Takes everything off the pad (the visit's card too) before each return; with it the return
  /// stack is `returnItems`, laid one at a time, else the stack just borrowed is returned.
  std::function<void()> clearPad;
  std::vector<std::function<void()>> returnItems;
  /// After the return: the library system stops answering (the offline banner is shown on the
  /// return that follows). Without it there is no offline screen.
  std::function<void()> takeIlsDown;
  /// Stop at this step (its name, e.g. "account-holds") in `stopLanguage` and `stopLook`, capturing
  /// nothing on the way: the caller shows the window then (a compositor that only ever presents a
  /// client's first frame gets the screen as its first frame). Empty: play the whole visit.
  QString stopAt;
  QString stopLanguage = QStringLiteral("lv");
  TourLook stopLook;
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
  std::vector<QString> steps;  ///< the steps captured, in order (the NN of their file names)
  std::vector<ScreenProblem> problems;  ///< each prefixed with "screen/lang: " in `object`
  QString failure;  ///< a step that did not happen (empty when the visit went through)
  bool stopped = false;  ///< the tour reached TourOptions::stopAt

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
  /// Renders the current screen in each look and language, checks it and (with a dir) saves it.
  /// `settle` runs before each render (a countdown stated again, so every picture shows one count).
  static void capture(KioskUi& ui, const TourOptions& options, const QString& step, TourReport& report,
                      const std::function<void()>& settle = {});
  /// Every screen the controller can show (welcome … staff), empty, each captured as above: the
  /// self-test's walk, and the one that reaches the card-number field with no card on the pad.
  static void walkScreens(KioskUi& ui, const TourOptions& options, TourReport& report);
  /// A finger on the item's centre: a press and a release at its place in the window.
  static void tap(QQuickWindow* window, QQuickItem* item);
  /// The steps of a whole visit, in order (each a screen, or a state of one: "account-holds").
  static QStringList steps();
};

} // namespace lasis::kiosk
