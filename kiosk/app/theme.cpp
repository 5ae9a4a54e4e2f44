#include "kiosk/app/theme.h"

#include "kiosk/runtime/brand.h"

#include <algorithm>
#include <cmath>

namespace lasis::kiosk {

void Theme::setHighContrast(bool on) {
  if (on == m_highContrast) return;
  m_highContrast = on;
  emit changed();
}

void Theme::setLargeText(bool on) {
  if (on == m_largeText) return;
  m_largeText = on;
  emit changed();
}

void Theme::setReducedMotion(bool on) {
  if (on == m_reducedMotion) return;
  m_reducedMotion = on;
  emit changed();
}

void Theme::setReducedMotionDefault(bool on) {
  m_reducedMotionDefault = on;
  setReducedMotion(on);
}

void Theme::reset() {
  setHighContrast(false);
  setLargeText(false);
  setReducedMotion(m_reducedMotionDefault);
}

// Normal: dark text on warm white. High contrast: white and yellow on black.
QColor Theme::background() const { return m_highContrast ? QColor("#000000") : QColor("#f7f5f0"); }
QColor Theme::surface() const { return m_highContrast ? QColor("#000000") : QColor("#ffffff"); }
QColor Theme::text() const { return m_highContrast ? QColor("#ffffff") : QColor("#1a1a1a"); }
QColor Theme::mutedText() const { return m_highContrast ? QColor("#ffff00") : QColor("#4a4a4a"); }
QColor Theme::accent() const {
  if (m_highContrast) return QColor("#ffff00");
  return m_brandAccent.isValid() ? m_brandAccent : QColor("#0b4f8a");
}

void Theme::setBrandAccent(const QColor& c) {
  m_brandAccent = c;
  emit changed();
}
QColor Theme::accentText() const { return m_highContrast ? QColor("#000000") : QColor("#ffffff"); }
QColor Theme::good() const { return m_highContrast ? QColor("#7dff7d") : QColor("#1b6b2f"); }
QColor Theme::problem() const { return m_highContrast ? QColor("#ff9e9e") : QColor("#a4161a"); }
QColor Theme::warningBackground() const { return m_highContrast ? QColor("#000000") : QColor("#fff4ce"); }
QColor Theme::shadow() const { return m_highContrast ? QColor(0, 0, 0, 0) : QColor(0, 0, 0, 40); }
QColor Theme::border() const { return m_highContrast ? QColor("#ffffff") : QColor("#6b6b6b"); }

double Theme::contrast(const QColor& a, const QColor& b) {
  const auto rgb = [](const QColor& c) {
    return Rgb{static_cast<std::uint8_t>(c.red()), static_cast<std::uint8_t>(c.green()), static_cast<std::uint8_t>(c.blue())};
  };
  return contrastRatio(rgb(a), rgb(b));
}

} // namespace lasis::kiosk
