#pragma once
// Colours and sizes of every screen, in one place so they can be checked: text contrast at least
// 4.5:1 against its background in both themes (EN 301 549 / WCAG 1.4.3), touch targets at least
// 44 px. A high-contrast theme and a large-text mode for older readers, switchable on every screen.

#include <QColor>
#include <QObject>
#include <QtQml/qqmlregistration.h>

namespace lasis::kiosk {

/// The look of the kiosk: normal or high contrast, normal or large text.
class Theme : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("the kiosk owns its theme")
  Q_PROPERTY(bool highContrast READ highContrast WRITE setHighContrast NOTIFY changed)
  Q_PROPERTY(bool largeText READ largeText WRITE setLargeText NOTIFY changed)
  Q_PROPERTY(QColor background READ background NOTIFY changed)
  Q_PROPERTY(QColor surface READ surface NOTIFY changed)
  Q_PROPERTY(QColor text READ text NOTIFY changed)
  Q_PROPERTY(QColor mutedText READ mutedText NOTIFY changed)
  Q_PROPERTY(QColor accent READ accent NOTIFY changed)
  Q_PROPERTY(QColor accentText READ accentText NOTIFY changed)
  Q_PROPERTY(QColor good READ good NOTIFY changed)
  Q_PROPERTY(QColor problem READ problem NOTIFY changed)
  Q_PROPERTY(QColor warningBackground READ warningBackground NOTIFY changed)
  Q_PROPERTY(QColor border READ border NOTIFY changed)
  Q_PROPERTY(int fontSize READ fontSize NOTIFY changed)
  Q_PROPERTY(int titleSize READ titleSize NOTIFY changed)
  Q_PROPERTY(int smallSize READ smallSize NOTIFY changed)
  Q_PROPERTY(int touchTarget READ touchTarget NOTIFY changed)
  Q_PROPERTY(int spacing READ spacing CONSTANT)

public:
  explicit Theme(QObject* parent = nullptr) : QObject(parent) {}

  bool highContrast() const { return m_highContrast; }
  bool largeText() const { return m_largeText; }
  void setHighContrast(bool on);
  void setLargeText(bool on);
  /// Back to the normal look (session end: the next patron starts plain).
  void reset();
  /// The library's colour ([ui] accent, checked for contrast at start) for the primary buttons in
  /// the normal theme; high contrast keeps its own yellow.
  void setBrandAccent(const QColor& c);

  QColor background() const;
  QColor surface() const;
  QColor text() const;
  QColor mutedText() const;
  QColor accent() const;
  QColor accentText() const;
  QColor good() const;     ///< success marks (always with a ✓ and words, never colour alone)
  QColor problem() const;  ///< problem marks (always with a ! and words)
  QColor warningBackground() const;
  QColor border() const;
  int fontSize() const { return m_largeText ? 30 : 22; }
  int titleSize() const { return m_largeText ? 44 : 34; }
  int smallSize() const { return m_largeText ? 24 : 18; }
  /// The smallest button height (44 px is the floor; ours is larger for gloves and shaky hands).
  int touchTarget() const { return m_largeText ? 80 : 64; }
  int spacing() const { return 16; }
  /// The typeface of every screen, set as the application's font by KioskUi::load(); the
  /// golden-image test renders with it too, so that the pictures depend on one named font, not on
  /// whatever fontconfig picks as the default on the machine.
  static constexpr const char* fontFamily = "DejaVu Sans";

  /// WCAG contrast ratio of two colours (1..21).
  static double contrast(const QColor& a, const QColor& b);

signals:
  void changed();

private:
  bool m_highContrast = false;
  bool m_largeText = false;
  QColor m_brandAccent;  ///< invalid: the theme's own blue
};

} // namespace lasis::kiosk
