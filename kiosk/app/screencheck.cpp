#include "kiosk/app/screencheck.h"

#include "kiosk/app/theme.h"


#include <unordered_map>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFont>
#include <QQuickItem>
#include <QQuickWindow>
#include <QRegularExpression>
#include <QThread>

#include <algorithm>
#include <functional>

namespace lasis::kiosk {

namespace {

bool isText(const QQuickItem* item) { return qstrcmp(item->metaObject()->className(), "QQuickText") == 0; }

QString nearestName(const QQuickItem* item) {
  for (const QQuickItem* i = item; i; i = i->parentItem())
    if (!i->objectName().isEmpty()) return i->objectName();
  return QStringLiteral("?");
}

/// Titles, names, branch names, receipt lines, the languages' own names and the library system's
/// own messages (shown as given) look the same in every language.
bool isData(const QQuickItem* item) {
  if (item->property("ilsGiven").toBool()) return true;
  for (const QQuickItem* i = item; i; i = i->parentItem()) {
    const QString n = i->objectName();
    for (const char* prefix : {"data.", "language.", "branch."})
      if (n.startsWith(QLatin1String(prefix))) return true;
  }
  return false;
}

/// Inside a scrolling list: being outside the window is scrolling, not overflow.
bool clipped(const QQuickItem* item) {
  for (const QQuickItem* i = item->parentItem(); i; i = i->parentItem())
    if (i->clip()) return true;
  return false;
}

/// The on-screen keyboard draws its own labels; it is Qt's, not ours.
bool isKeyboard(const QQuickItem* item) {
  for (const QQuickItem* i = item; i; i = i->parentItem())
    if (i->objectName() == QLatin1String("keyboard")) return true;
  return false;
}

void walk(QQuickItem* item, const std::function<void(QQuickItem*)>& f) {
  if (!item || !item->isVisible() || item->opacity() <= 0.0) return;
  if (isKeyboard(item)) return;
  f(item);
  for (QQuickItem* child : item->childItems()) walk(child, f);
}

/// A control a patron must reach: named so (…Button, …Key, …Field, …Row) or a button or text input.
bool isControl(const QQuickItem* item) {
  const QString n = item->objectName();
  for (const char* suffix : {"Button", "Key", "Field", "Row"})
    if (n.endsWith(QLatin1String(suffix))) return true;
  return item->inherits("QQuickAbstractButton") || item->inherits("QQuickTextInput") || item->inherits("QQuickTextEdit");
}

QQuickItem* findKeyboard(QQuickItem* item) {
  if (!item) return nullptr;
  if (item->objectName() == QLatin1String("keyboard")) return item;
  for (QQuickItem* child : item->childItems())
    if (QQuickItem* k = findKeyboard(child)) return k;
  return nullptr;
}

/// The part of `item` a patron can see: its box cut by every clipping list or view around it.
QRectF visibleRect(const QQuickItem* item) {
  QRectF r = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
  for (const QQuickItem* i = item->parentItem(); i; i = i->parentItem())
    if (i->clip()) r = r.intersected(i->mapRectToScene(QRectF(0, 0, i->width(), i->height())));
  return r;
}

QString describe(const QRectF& r) {
  return QStringLiteral("%1,%2 %3x%4").arg(qRound(r.x())).arg(qRound(r.y())).arg(qRound(r.width())).arg(qRound(r.height()));
}

bool overlaps(const QRectF& a, const QRectF& b) {
  const QRectF i = a.intersected(b);
  return i.width() > 1.0 && i.height() > 1.0;
}

bool isAncestor(const QQuickItem* a, const QQuickItem* b) {
  for (const QQuickItem* i = b->parentItem(); i; i = i->parentItem())
    if (i == a) return true;
  return false;
}

/// The last shown item that says it is modal (`property bool modal: true`: the accessibility
/// panel), or null. While it is open the screen behind it waits under its dimmer: only its own
/// controls are for the patron to reach, and they lie over the screen's on purpose.
QQuickItem* openModal(QQuickItem* root) {
  QQuickItem* found = nullptr;
  walk(root, [&](QQuickItem* item) {
    if (item->property("modal").toBool()) found = item;
  });
  return found;
}

} // namespace

bool ScreenCheck::keyboardShown(QQuickWindow* window) {
  QQuickItem* k = findKeyboard(window->contentItem());
  if (!k || !k->isVisible() || k->opacity() <= 0.0 || k->height() <= 0) return false;
  const QRectF r = k->mapRectToScene(QRectF(0, 0, k->width(), k->height()));
  return overlaps(r, QRectF(0, 0, window->width(), window->height()));
}

std::vector<ScreenProblem> ScreenCheck::unreachable(QQuickWindow* window) {
  std::vector<ScreenProblem> out;
  const QRectF bounds(0, 0, window->width(), window->height());
  struct Control {
    QQuickItem* item;
    QRectF rect;
  };
  std::vector<Control> controls;
  std::vector<const QQuickItem*> squeezed;
  QQuickItem* modal = openModal(window->contentItem());
  walk(modal ? modal : window->contentItem(), [&](QQuickItem* item) {
    if (!isControl(item) || item->width() <= 0 || item->height() <= 0) return;
    const QRectF r = visibleRect(item);
    if (r.width() <= 1.0 || r.height() <= 1.0) return;  // scrolled out of its list
    controls.push_back({item, r});
    // A list squeezed below one whole row: scrolling it shows a sliver at a time, nothing to press.
    const QQuickItem* list = item->parentItem();
    while (list && !list->clip()) list = list->parentItem();
    if (list && std::find(squeezed.begin(), squeezed.end(), list) == squeezed.end()) {
      const QRectF shown = visibleRect(list).intersected(list->mapRectToScene(QRectF(0, 0, list->width(), list->height())));
      if (shown.height() + 1.0 < item->height() || shown.width() + 1.0 < item->width()) {
        squeezed.push_back(list);
        out.push_back({QStringLiteral("squeezed"), nearestName(list),
                       QStringLiteral("shows %1 of the %2x%3 px of %4").arg(describe(shown)).arg(qRound(item->width())).arg(qRound(item->height())).arg(nearestName(item))});
      }
    }
  });
  QRectF keyboard;
  if (keyboardShown(window)) {
    QQuickItem* k = findKeyboard(window->contentItem());
    keyboard = k->mapRectToScene(QRectF(0, 0, k->width(), k->height())).intersected(bounds);
  }
  for (std::size_t i = 0; i < controls.size(); ++i) {
    const auto& c = controls[i];
    const QString name = nearestName(c.item);
    if (!bounds.adjusted(-1, -1, 1, 1).contains(c.rect))
      out.push_back({QStringLiteral("outside"), name, QStringLiteral("at %1, the window is %2").arg(describe(c.rect), describe(bounds))});
    if (!keyboard.isEmpty() && overlaps(c.rect, keyboard))
      out.push_back({QStringLiteral("keyboard"), name,
                     QStringLiteral("at %1 under the keyboard at %2").arg(describe(c.rect), describe(keyboard))});
    for (std::size_t j = i + 1; j < controls.size(); ++j) {
      const auto& d = controls[j];
      if (isAncestor(c.item, d.item) || isAncestor(d.item, c.item) || !overlaps(c.rect, d.rect)) continue;
      out.push_back({QStringLiteral("covered"), name,
                     QStringLiteral("at %1 overlaps %2 at %3").arg(describe(c.rect), nearestName(d.item), describe(d.rect))});
    }
  }
  return out;
}

std::vector<ScreenText> ScreenCheck::texts(QQuickWindow* window) {
  std::vector<ScreenText> out;
  walk(window->contentItem(), [&](QQuickItem* item) {
    if (!isText(item)) return;
    const QString t = item->property("text").toString();
    if (t.trimmed().isEmpty()) return;
    out.push_back({nearestName(item), t, isData(item)});
  });
  return out;
}

std::vector<ScreenProblem> ScreenCheck::overflow(QQuickWindow* window) {
  std::vector<ScreenProblem> out;
  const QRectF bounds(0, 0, window->width(), window->height());
  walk(window->contentItem(), [&](QQuickItem* item) {
    if (!isText(item)) return;
    const QString t = item->property("text").toString();
    if (t.trimmed().isEmpty()) return;
    const double cw = item->property("contentWidth").toDouble();
    const double ch = item->property("contentHeight").toDouble();
    const bool cut = item->property("truncated").toBool();
    if (cut || cw > item->width() + 1.0 || ch > item->height() + 1.0) {
      out.push_back({QStringLiteral("overflow"), nearestName(item), t});
      return;
    }
    if (clipped(item)) return;
    const QRectF r = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
    if (!bounds.adjusted(-1, -1, 1, 1).contains(r)) out.push_back({QStringLiteral("offscreen"), nearestName(item), t});
  });
  return out;
}

std::vector<ScreenProblem> ScreenCheck::tooSmall(QQuickWindow* window, int minPixels) {
  std::vector<ScreenProblem> out;
  walk(window->contentItem(), [&](QQuickItem* item) {
    if (!isText(item)) return;
    const QString t = item->property("text").toString();
    if (t.trimmed().isEmpty()) return;
    const QFont f = item->property("font").value<QFont>();
    // A size in points (a text nobody sized) is converted as Qt does at 96 dpi.
    const double px = f.pixelSize() > 0 ? f.pixelSize() : f.pointSizeF() * 96.0 / 72.0;
    if (px + 0.01 < minPixels)
      out.push_back({QStringLiteral("small"), nearestName(item), QStringLiteral("%1 px: ").arg(px, 0, 'f', 0) + t});
  });
  return out;
}

std::vector<ScreenProblem> ScreenCheck::smallTargets(QQuickWindow* window) {
  std::vector<ScreenProblem> out;
  QQuickItem* modal = openModal(window->contentItem());
  walk(modal ? modal : window->contentItem(), [&](QQuickItem* item) {
    if (!isControl(item) || !item->isEnabled() || item->width() <= 0 || item->height() <= 0) return;
    const bool pinKey = item->objectName().startsWith(QLatin1String("pinKey"));
    const double least = pinKey ? 72.0 : 44.0;
    if (std::min(item->width(), item->height()) + 0.01 < least)
      out.push_back({QStringLiteral("target"), nearestName(item),
                     QStringLiteral("%1x%2 px (needs %3x%3)").arg(qRound(item->width())).arg(qRound(item->height())).arg(least)});
  });
  return out;
}

std::vector<ScreenProblem> ScreenCheck::lowContrast(QQuickWindow* window, const QImage& image, double minimum) {
  std::vector<ScreenProblem> out;
  const qreal dpr = image.devicePixelRatio() > 0 ? image.devicePixelRatio() : 1.0;
  // Behind an open dialog the screen is dimmed on purpose and not for reading: the dialog's texts.
  QQuickItem* modal = openModal(window->contentItem());
  walk(modal ? modal : window->contentItem(), [&](QQuickItem* item) {
    if (!isText(item) || item->property("text").toString().trimmed().isEmpty()) return;
    for (const QQuickItem* p = item; p; p = p->parentItem())
      if (!p->isEnabled() || p->opacity() < 0.99) return;  // disabled, or fading in or out
    const QColor ink = item->property("color").value<QColor>();
    QRect box = QRectF(item->mapRectToScene(QRectF(0, 0, item->width(), item->height())).topLeft() * dpr,
                             QSizeF(item->width(), item->height()) * dpr).toAlignedRect().intersected(image.rect());
    // Only what shows: a row scrolled half out of its list is cut at the list's edge.
    QRect shown = box;
    for (const QQuickItem* p = item->parentItem(); p; p = p->parentItem())
      if (p->clip()) {
        const QRectF r = p->mapRectToScene(QRectF(0, 0, p->width(), p->height()));
        shown &= QRectF(r.topLeft() * dpr, r.size() * dpr).toAlignedRect();
      }
    box = shown;
    if (box.width() < 2 || box.height() < 2) return;
    // The background: the colour most of the box has (the letters' own pixels are the fewer).
    // Every second pixel each way: enough to tell the background, a quarter of the work.
    std::unordered_map<QRgb, int> counts;
    for (int y = box.top(); y <= box.bottom(); y += 2)
      for (int x = box.left(); x <= box.right(); x += 2) ++counts[image.pixel(x, y) | 0xff000000u];
    QRgb background = 0;
    int most = -1;
    for (const auto& [rgb, n] : counts)
      if (n > most && QColor(rgb) != ink) {
        most = n;
        background = rgb;
      }
    const double ratio = Theme::contrast(ink, QColor(background));
    if (ratio + 0.005 < minimum)
      out.push_back({QStringLiteral("contrast"), nearestName(item),
                     QStringLiteral("%1:1 (%2 on %3): ").arg(ratio, 0, 'f', 2).arg(ink.name(), QColor(background).name()) +
                         item->property("text").toString()});
  });
  return out;
}

std::vector<ScreenProblem> ScreenCheck::untranslated(const std::vector<ScreenText>& english,
                                                     const std::vector<ScreenText>& translated) {
  std::vector<ScreenProblem> out;
  static const QRegularExpression letters(QStringLiteral("[a-z]{3,}"));
  for (std::size_t i = 0; i < translated.size() && i < english.size(); ++i) {
    const auto& t = translated[i];
    if (t.data || english[i].data) continue;
    if (t.text == english[i].text && letters.match(t.text).hasMatch())
      out.push_back({QStringLiteral("untranslated"), t.object, t.text});
  }
  return out;
}

QImage ScreenCheck::settleAndGrab(QQuickWindow* window) {
  // Layouts and the Loader settle over a few event-loop turns; a grab renders synchronously.
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < 150) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(5);
  }
  return window->grabWindow();
}

} // namespace lasis::kiosk
