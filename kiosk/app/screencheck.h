#pragma once
// Checks of a rendered screen a patron would notice: text that does not fit its box or runs off
// the window, text left in English in another language, and (in a real window, where the Qt
// Virtual Keyboard shows) a control the patron cannot reach: a button, key, field or result row
// outside the window, under another control or under the keyboard. Used by
// `lasis-kiosk --self-test`, the screenshot tour and the UI tests.

#include <QImage>
#include <QString>

#include <vector>

class QQuickItem;
class QQuickWindow;

namespace lasis::kiosk {

/// One visible text on screen.
struct ScreenText {
  QString object;  ///< the nearest objectName up the tree, for the report
  QString text;
  bool data = false;  ///< a title, a name, a language's own name: the same in every language
};

/// Something wrong with a screen.
struct ScreenProblem {
  QString kind;  ///< "overflow", "offscreen", "small", "target", "contrast", "untranslated", "outside", "covered", "keyboard", "squeezed"
  QString object;
  QString text;
};

/// Walks a window's items for texts and their fit.
class ScreenCheck {
public:
  /// Every visible, non-empty text, in tree order.
  static std::vector<ScreenText> texts(QQuickWindow* window);
  /// Texts that overflow their box (cut, elided, wider or taller than their item) or the window.
  static std::vector<ScreenProblem> overflow(QQuickWindow* window);
  /// Texts a patron must read set below `minPixels` (the theme's smallSize floor: 20 px, EN 301 549
  /// and the kiosk's distance from the eye): "small", with the size in the text.
  static std::vector<ScreenProblem> tooSmall(QQuickWindow* window, int minPixels);
  /// Controls a finger must hit that are smaller than 44×44 px (EN 301 549 / WCAG 2.5.5), or a
  /// PIN pad key below 72×72 px: "target", with the size. Disabled controls are not counted.
  static std::vector<ScreenProblem> smallTargets(QQuickWindow* window);
  /// Texts whose colour stands against the screen behind them, as `image` shows it (the most
  /// frequent colour in the text's box), below `minimum` (WCAG 1.4.3: 4.5:1): "contrast", with the
  /// ratio and both colours. Disabled controls are not counted (WCAG exempts them).
  static std::vector<ScreenProblem> lowContrast(QQuickWindow* window, const QImage& image, double minimum = 4.5);
  /// Texts of `translated` identical to the English text at the same place (data texts excepted).
  static std::vector<ScreenProblem> untranslated(const std::vector<ScreenText>& english,
                                                 const std::vector<ScreenText>& translated);
  /// Controls a patron must reach (buttons, PIN keys, text fields, result rows: objectNames ending
  /// in Button, Key, Field or Row, and every Qt Quick Controls button or text input) that lie,
  /// as far as they are not scrolled out of their list, outside the window ("outside"), under
  /// another such control ("covered") or under the shown virtual keyboard ("keyboard"), and lists
  /// squeezed below one whole row of their controls ("squeezed"). While a modal panel is open
  /// (an item with `modal: true`) only its controls count: the screen behind it waits.
  static std::vector<ScreenProblem> unreachable(QQuickWindow* window);
  /// Whether the window's virtual keyboard (the InputPanel named "keyboard") is on screen.
  static bool keyboardShown(QQuickWindow* window);
  /// Lets the window lay out and render (layouts settle over a few frames), then grabs it.
  static QImage settleAndGrab(QQuickWindow* window);
};

} // namespace lasis::kiosk
