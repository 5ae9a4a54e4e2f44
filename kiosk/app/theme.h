#pragma once
// The kiosk's design tokens, in one place so they can be checked: colour (text contrast at least
// 4.5:1 against its background in both themes, EN 301 549 / WCAG 1.4.3), the typeface and its type
// scale (body text at least 24 px, nothing a patron must read below 20 px), the spacing grid (a
// multiple of 4 px), radii, elevation and motion (none in reduced-motion mode), touch targets (at
// least 44 px). A high-contrast theme and a large-text mode for older readers, switchable on every
// screen. Screens take their sizes from here, never a number of their own.

#include <QColor>
#include <QObject>
#include <QString>
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
  Q_PROPERTY(int spacingSmall READ spacingSmall CONSTANT)
  Q_PROPERTY(int spacingLarge READ spacingLarge CONSTANT)
  Q_PROPERTY(int spacingXL READ spacingXL CONSTANT)
  Q_PROPERTY(int radiusSmall READ radiusSmall CONSTANT)
  Q_PROPERTY(int radius READ radius CONSTANT)
  Q_PROPERTY(int radiusLarge READ radiusLarge CONSTANT)
  Q_PROPERTY(QString fontFamily READ fontFamily CONSTANT)
  Q_PROPERTY(QColor shadow READ shadow NOTIFY changed)
  Q_PROPERTY(int elevation READ elevation NOTIFY changed)
  Q_PROPERTY(bool reducedMotion READ reducedMotion WRITE setReducedMotion NOTIFY changed)
  Q_PROPERTY(int motionShort READ motionShort NOTIFY changed)
  Q_PROPERTY(int motionLong READ motionLong NOTIFY changed)

public:
  explicit Theme(QObject* parent = nullptr) : QObject(parent) {}

  bool highContrast() const { return m_highContrast; }
  bool largeText() const { return m_largeText; }
  void setHighContrast(bool on);
  void setLargeText(bool on);
  bool reducedMotion() const { return m_reducedMotion; }
  void setReducedMotion(bool on);
  /// Back to the normal look (session end: the next patron starts plain; motion as configured).
  void reset();
  /// Whether a visit starts with reduced motion ([ui] reduced_motion).
  void setReducedMotionDefault(bool on);
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
  /// The type scale: body, title and the smallest text a patron must read (20 px; 24 in large text).
  int fontSize() const { return m_largeText ? 30 : 24; }
  int titleSize() const { return m_largeText ? 44 : 36; }
  int smallSize() const { return m_largeText ? 24 : 20; }
  /// The typeface: Noto Sans (Debian fonts-noto-core), whole Latin Extended (lv, lt) and Cyrillic
  /// (uk, ru); the kiosk sets it as the application's font before any screen loads.
  QString fontFamily() const { return QString::fromLatin1(kFontFamily); }
  /// The same name for code without a theme (the golden-image test renders with it too, so the
  /// pictures depend on one named font, not on whatever fontconfig picks as the default).
  static constexpr const char* kFontFamily = "Noto Sans";
  /// The smallest button height (44 px is the floor; ours is larger for gloves and shaky hands).
  int touchTarget() const { return m_largeText ? 80 : 64; }
  /// The spacing grid: 8, 16, 24, 32 px.
  int spacingSmall() const { return 8; }
  int spacing() const { return 16; }
  int spacingLarge() const { return 24; }
  int spacingXL() const { return 32; }
  /// Corner radii: a tag or a small control, a button or a row, a tile or a dialog.
  int radiusSmall() const { return 6; }
  int radius() const { return 12; }
  int radiusLarge() const { return 20; }
  /// Elevation: how far a tile or a dialog stands off the screen (its shadow's offset; 0 in high
  /// contrast, where a white border says it instead) and the shadow's colour.
  int elevation() const { return m_highContrast ? 0 : 3; }
  QColor shadow() const;
  /// Motion, in milliseconds: a state change, a screen's arrival. 0 in reduced-motion mode.
  int motionShort() const { return m_reducedMotion ? 0 : 150; }
  int motionLong() const { return m_reducedMotion ? 0 : 300; }

  /// WCAG contrast ratio of two colours (1..21).
  static double contrast(const QColor& a, const QColor& b);

signals:
  void changed();

private:
  bool m_highContrast = false;
  bool m_largeText = false;
  bool m_reducedMotion = false;
  bool m_reducedMotionDefault = false;
  QColor m_brandAccent;  ///< invalid: the theme's own blue
};

} // namespace lasis::kiosk
