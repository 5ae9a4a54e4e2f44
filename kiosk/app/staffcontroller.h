#pragma once
// The staff screen: how the kiosk's parts are (reader, library system, queue depth and exceptions,
// the gate's status read over Modbus TCP, the offline policy), a replay of the queue now, training
// mode (the kiosk restarted on its training config, whose ILS is a simulator, so staff can teach
// without touching real loans), and the way out to the desktop. Reached only with a staff card and
// the staff PIN (SessionController + StaffAuth).

#include "kiosk/runtime/kioskruntime.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace lasis::kiosk {

class EngineThread;

/// What the staff screen shows and does.
class StaffController : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("the kiosk owns its staff screen")
  Q_PROPERTY(QString readerText READ readerText NOTIFY changed)
  Q_PROPERTY(QString ilsText READ ilsText NOTIFY changed)
  Q_PROPERTY(QString queueText READ queueText NOTIFY changed)
  Q_PROPERTY(bool queueHasExceptions READ queueHasExceptions NOTIFY changed)
  Q_PROPERTY(QString gateText READ gateText NOTIFY changed)
  Q_PROPERTY(QString policyText READ policyText NOTIFY changed)
  /// "0.1.0 (commit 1a2b3c4d5e6f, built 2026-12-06), kiosk-1 on HOST": what a technician quotes.
  Q_PROPERTY(QString versionText READ versionText CONSTANT)
  Q_PROPERTY(bool training READ training CONSTANT)
  Q_PROPERTY(bool trainingAvailable READ trainingAvailable CONSTANT)
  /// A patron's staff call waits to be acknowledged.
  Q_PROPERTY(bool callWaiting READ callWaiting NOTIFY changed)
  /// "Waiting since 14:02:31 (screen checkout)", or "none".
  Q_PROPERTY(QString callText READ callText NOTIFY changed)

public:
  /// Exit status of "leave to the desktop": the kiosk session does not restart the app on it.
  static constexpr int kExitToDesktop = 64;

  StaffController(KioskRuntime& kiosk, EngineThread& worker, QStringList restartArgs, QObject* parent = nullptr);

  QString readerText() const { return m_reader; }
  QString ilsText() const { return m_ils; }
  QString queueText() const { return m_queue; }
  bool queueHasExceptions() const { return m_exceptions > 0; }
  QString gateText() const { return m_gate; }
  QString policyText() const;
  QString versionText() const;
  bool training() const { return m_kiosk.ui().training; }
  bool trainingAvailable() const { return !m_kiosk.staff().trainingConfig.empty() || training(); }

  bool callWaiting() const { return m_kiosk.staffCall().waiting(); }
  QString callText() const;
  /// Staff saw the patron's call: it stops waiting and the desk light goes out.
  Q_INVOKABLE void acknowledgeCall();

  /// Reads every status again (on the engine's thread; the gate read may take 2 s).
  Q_INVOKABLE void refresh();
  /// Sends the queued transactions now instead of at the next tick.
  Q_INVOKABLE void replayNow();
  /// Restarts the kiosk on the training config (or, in training, back on the normal one).
  Q_INVOKABLE void toggleTraining();
  /// Leaves the kiosk app (exit status 64, which the kiosk session takes as "stay on the desktop").
  Q_INVOKABLE void exitToDesktop();

signals:
  void changed();

private:
  KioskRuntime& m_kiosk;
  EngineThread& m_worker;
  QStringList m_restartArgs;
  QString m_reader, m_ils, m_queue, m_gate;
  qint64 m_exceptions = 0;
};

} // namespace lasis::kiosk
