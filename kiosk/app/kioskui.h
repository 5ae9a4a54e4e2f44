#pragma once
// The touchscreen's composition root: the kiosk's parts (KioskRuntime), the engine's thread, the
// models and controllers, and the QML engine showing Main.qml. main.cpp, the self-test, the
// screenshot tour and the UI tests all build the kiosk through this one class.

#include "common/core/clock.h"
#include "kiosk/app/listenerbridge.h"
#include "kiosk/runtime/kioskruntime.h"

#include <QObject>

#include <memory>

class QQmlApplicationEngine;
class QQuickWindow;

namespace lasis::kiosk {

class EngineThread;
class HoldListModel;
class Kiosk;
class LanguageController;
class LoanListModel;
class OutcomeListModel;
class ScreenReader;
class SessionController;
class Speaker;
class SpeechKey;
class StaffAuth;
class StaffController;
class Theme;

/// One kiosk with its window.
class KioskUi : public QObject {
  Q_OBJECT
public:
  /// Assembles the kiosk (reader, ILS, queue, recovery) and its controllers; QML is not loaded yet.
  static std::unique_ptr<KioskUi> open(const KioskOptions& options, const Clock& clock, OpenError& error);
  ~KioskUi() override;

  /// Loads the screens in Theme::fontFamily. Returns false (with the QML errors on stderr) when
  /// they do not load. With `shown` false the window is created hidden (the gallery shows it in a
  /// compositor only once the screen to be pictured is on it).
  bool load(bool shown = true);
  QQuickWindow* window() const;
  QQmlApplicationEngine* qml() const { return m_qml.get(); }

  KioskRuntime& runtime() { return *m_runtime; }
  EngineThread& worker() { return *m_worker; }
  SessionController& session() { return *m_session; }
  OutcomeListModel& items() { return *m_items; }
  LoanListModel& loans() { return *m_loans; }
  HoldListModel& holds() { return *m_holds; }
  LanguageController& language() { return *m_language; }
  Theme& theme() { return *m_theme; }
  Speaker& speaker() { return *m_speaker; }
  /// What the screen says aloud (after load()).
  ScreenReader* screenReader() { return m_screenReader.get(); }
  /// The tactile speak key ([speech] key_device), or nullptr when none is configured.
  SpeechKey* speechKey() { return m_speechKey.get(); }
  Kiosk* kiosk() { return m_kiosk.get(); }
  StaffController& staff() { return *m_staff; }

protected:
  /// Any press on the window is a touch: the session's idle timer restarts.
  bool eventFilter(QObject* watched, QEvent* event) override;

private:
  KioskUi() = default;

  ListenerBridge<SessionController> m_bridge;
  std::unique_ptr<KioskRuntime> m_runtime;
  std::unique_ptr<EngineThread> m_worker;
  std::unique_ptr<OutcomeListModel> m_items;
  std::unique_ptr<LoanListModel> m_loans;
  std::unique_ptr<HoldListModel> m_holds;
  std::unique_ptr<LanguageController> m_language;
  std::unique_ptr<Theme> m_theme;
  std::unique_ptr<Speaker> m_speaker;
  std::unique_ptr<SpeechKey> m_speechKey;
  std::unique_ptr<SessionController> m_session;
  std::unique_ptr<StaffAuth> m_staffAuth;
  std::unique_ptr<StaffController> m_staff;
  std::unique_ptr<Kiosk> m_kiosk;
  std::unique_ptr<ScreenReader> m_screenReader;  // reads the window m_qml shows: goes first
  std::unique_ptr<QQmlApplicationEngine> m_qml;
};

} // namespace lasis::kiosk
