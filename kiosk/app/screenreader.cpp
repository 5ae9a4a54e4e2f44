#include "kiosk/app/screenreader.h"

#include "kiosk/app/languagecontroller.h"
#include "kiosk/app/sessioncontroller.h"
#include "kiosk/app/speaker.h"

#include <QAccessible>
#include <QCoreApplication>
#include <QQuickItem>
#include <QQuickWindow>

namespace lasis::kiosk {

namespace {

bool shown(const QQuickItem* item) { return item->isVisible() && item->opacity() > 0.0; }

bool isHeading(QQuickItem* item) {
  if (QAccessibleInterface* a = QAccessible::queryAccessibleInterface(item)) return a->role() == QAccessible::Heading;
  return item->objectName() == QLatin1String("title");
}

/// The first shown item whose property `modal` is true (an open panel), or nullptr.
QQuickItem* openPanel(QQuickItem* item) {
  if (!item || !shown(item)) return nullptr;
  if (item->property("modal").toBool()) return item;
  for (QQuickItem* child : item->childItems())
    if (QQuickItem* p = openPanel(child)) return p;
  return nullptr;
}

QQuickItem* named(QQuickItem* item, const QString& name) {
  if (!item) return nullptr;
  if (item->objectName() == name) return item;
  for (QQuickItem* child : item->childItems())
    if (QQuickItem* found = named(child, name)) return found;
  return nullptr;
}

/// Sentences end in a stop, so the voice pauses between them.
QString sentence(QString s) {
  s = s.simplified();
  if (!s.isEmpty() && !QStringLiteral(".!?:…").contains(s.back())) s += '.';
  return s;
}

void collect(QQuickItem* item, ScreenWords& w, bool& afterHeading, QString& firstText) {
  if (!shown(item)) return;
  if (item->inherits("QQuickAbstractButton")) {
    QString t = item->property("text").toString().simplified();
    if (t.startsWith(QStringLiteral("✓ "))) t = t.mid(2);
    // The PIN pad's digit keys: "type your PIN" says them, ten digits read out say nothing.
    if (item->isEnabled() && t.size() > 1) w.buttons << t;
    return;  // its label is the button's name, not a text of its own
  }
  if (item->inherits("QQuickText") || item->inherits("QQuickTextEdit")) {
    const QString t = item->property("text").toString().simplified();
    if (t.size() > 1) {  // not a lone mark (✓, !)
      if (w.heading.isEmpty() && isHeading(item)) {
        w.heading = t;
        afterHeading = true;
      } else if (w.instruction.isEmpty() && afterHeading && item->objectName() != QLatin1String("noticeText")) {
        w.instruction = t;
      } else if (firstText.isEmpty() && !afterHeading) {
        firstText = t;
      }
    }
  }
  for (QQuickItem* child : item->childItems()) collect(child, w, afterHeading, firstText);
}

} // namespace

QString ScreenWords::sentence(const QString& notice) const {
  QStringList parts;
  for (const QString& s : {heading, instruction, notice})
    if (!s.isEmpty()) parts << lasis::kiosk::sentence(s);
  if (!buttons.isEmpty())
    //: Read aloud after a screen's heading and instructions; %1 is the buttons' names, e.g. "Borrow books, Return books"
    parts << lasis::kiosk::sentence(QCoreApplication::translate("ScreenReader", "Buttons: %1").arg(buttons.join(QStringLiteral(", "))));
  return parts.join(' ');
}

ScreenWords ScreenReader::words(QQuickWindow* window) {
  ScreenWords w;
  if (!window) return w;
  QQuickItem* root = openPanel(window->contentItem());
  if (!root) root = named(window->contentItem(), QStringLiteral("screen"));  // the StackLayout of screens
  if (!root) root = window->contentItem();
  bool afterHeading = false;
  QString firstText;
  collect(root, w, afterHeading, firstText);
  if (w.instruction.isEmpty()) w.instruction = firstText;
  return w;
}

ScreenReader::ScreenReader(QQuickWindow* window, SessionController& session, LanguageController& language,
                           Speaker& speaker, QObject* parent)
    : QObject(parent), m_window(window), m_session(session), m_language(language), m_speaker(speaker) {
  m_settle.setSingleShot(true);
  m_settle.setInterval(150);
  // Speech turned off meanwhile (the visit ended): nothing is said.
  connect(&m_settle, &QTimer::timeout, this, [this] {
    if (m_speaker.speechOn()) read();
  });
  auto soon = [this] {
    if (m_speaker.speechOn()) m_settle.start();
  };
  connect(&session, &SessionController::screenChanged, this, soon);
  connect(&language, &LanguageController::currentChanged, this, soon);
  connect(&speaker, &Speaker::screenRequested, this, [this] { m_settle.start(); });
}

QString ScreenReader::text() const {
  const QString notice = m_session.notice();
  ScreenWords w = words(m_window);
  // The notice bar is part of the screen; said once, as the notice.
  return w.sentence(w.instruction == notice.simplified() ? QString() : notice);
}

void ScreenReader::read() { m_speaker.say(text(), m_language.current()); }

} // namespace lasis::kiosk
