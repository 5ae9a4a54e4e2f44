#pragma once
// What a screen says when it is read aloud: its heading, its main instruction, the kiosk's latest
// notice and the names of the buttons shown ("Buttons: Borrow books, Return books, …"), taken from
// the items on screen, so the words are exactly the translations the screen shows (qsTr,
// PatronText) in the patron's language, and a redesigned screen is read as it now looks.
// Read on every screen change and language change while speech is on, and when asked
// (Speaker::screenRequested: the long press, the speak key). An open panel (an item with
// `modal: true`, e.g. the accessibility panel) is read instead of the screen behind it.

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>

class QQuickItem;
class QQuickWindow;

namespace lasis::kiosk {

class LanguageController;
class SessionController;
class Speaker;

/// The words of what is on screen.
struct ScreenWords {
  QString heading;      ///< the item with Accessible.role Heading (Heading.qml)
  QString instruction;  ///< the first other text after it
  QStringList buttons;  ///< enabled buttons in tree order, without a leading "✓ "
  /// "Heading. Instruction. Notice. Buttons: A, B." in the current language.
  QString sentence(const QString& notice) const;
};

/// Reads the window's current screen aloud through the speaker.
class ScreenReader : public QObject {
  Q_OBJECT
public:
  ScreenReader(QQuickWindow* window, SessionController& session, LanguageController& language, Speaker& speaker,
               QObject* parent = nullptr);

  /// The words of what the window shows now: an open modal panel, else the current screen.
  static ScreenWords words(QQuickWindow* window);
  /// What read() says now.
  QString text() const;
  /// Says the screen now.
  void read();

private:
  QPointer<QQuickWindow> m_window;
  SessionController& m_session;
  LanguageController& m_language;
  Speaker& m_speaker;
  /// A screen change settles (bindings, layout, the notice that came with it) before it is read;
  /// a change and a request close together are read once.
  QTimer m_settle;
};

} // namespace lasis::kiosk
