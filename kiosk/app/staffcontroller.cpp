#include "kiosk/app/staffcontroller.h"

#include "common/core/buildinfo.h"
#include "kiosk/runtime/restart.h"
#include "drivers/modbus/gatestatusclient.h"
#include "kiosk/app/enginethread.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QPointer>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace lasis::kiosk {

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
} // namespace

StaffController::StaffController(KioskRuntime& kiosk, EngineThread& worker, QStringList restartArgs, QObject* parent)
    : QObject(parent), m_kiosk(kiosk), m_worker(worker), m_restartArgs(std::move(restartArgs)) {}

QString StaffController::versionText() const {
  const auto& b = buildInfo();
  const std::string host = hostName();
  return q(b.version + " (commit " + b.commit + ", built " + b.buildDate + "), " + m_kiosk.config().kioskId +
           (host.empty() ? std::string() : " on " + host));
}

QString StaffController::policyText() const {
  const auto& p = m_kiosk.config().offline;
  switch (p.mode) {
  case circulation::OfflineMode::off:
    return QCoreApplication::translate("StaffController", "Offline: nothing (the kiosk stops when the ILS is away)");
  case circulation::OfflineMode::returnsOnly:
    return QCoreApplication::translate("StaffController", "Offline: returns only");
  case circulation::OfflineMode::returnsAndCheckouts:
    //: %1 is the number of loans one visit may take offline
    return QCoreApplication::translate("StaffController", "Offline: returns and up to %1 loans a visit").arg(p.maxCheckoutsPerSession);
  }
  return {};
}

QString StaffController::callText() const {
  const auto at = m_kiosk.staffCall().raisedAt();
  //: Staff screen: no patron has called staff
  if (!at) return QCoreApplication::translate("StaffController", "none");
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at->time_since_epoch()).count();
  //: Staff screen: a patron's call for staff; %1 the time it was raised, %2 the screen it came from
  return QCoreApplication::translate("StaffController", "waiting since %1 (screen %2)")
      .arg(QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss")), q(m_kiosk.staffCall().screen()));
}

void StaffController::acknowledgeCall() {
  if (m_kiosk.staffCall().acknowledge()) emit changed();
}

void StaffController::refresh() {
  QPointer<StaffController> self = this;
  KioskRuntime* rt = &m_kiosk;
  m_worker.post([self, rt] {
    // Read on the engine's thread: the store and reader are the engine's; the gate may be slow.
    const QString reader = q(rt->reader().address());
    // Out of order says why (a pulled reader, the ILS refusing the kiosk's login, a read-only
    // database): the technician's words, as in the log.
    std::string modeText(circulation::toString(rt->engine().mode()));
    for (const auto& [part, why] : rt->engine().faults()) modeText += " (" + why + ")";
    const QString mode = q(modeText);
    const QString ils = q(rt->ilsUrlForDisplay());
    auto stats = rt->store().stats();
    QString gate;
    if (!rt->staff().gateStatus.empty()) {
      auto g = modbus::readGateStatus(rt->staff().gateStatus);
      if (!g) {
        gate = q(rt->staff().gateStatus + ": " + g.error().describe());
      } else {
        std::string faults;
        for (const auto& f : gate::faultNames(g->faults)) faults += (faults.empty() ? "" : ", ") + f;
        gate = QCoreApplication::translate("StaffController", "%1 · alarms %2 · people in %3, out %4 · readers %5 of %6 working%7")
                   .arg(q(std::string(gate::toString(g->state))))
                   .arg(g->alarms)
                   .arg(g->peopleIn)
                   .arg(g->peopleOut)
                   .arg(g->readersWorking)
                   .arg(g->readersConfigured)
                   .arg(faults.empty() ? QString() : QStringLiteral(" · ") + q(faults));
      }
    } else {
      gate = QCoreApplication::translate("StaffController", "no gate configured ([staff] gate_status)");
    }
    QMetaObject::invokeMethod(self, [self, reader, mode, ils, stats, gate] {
      if (!self) return;
      self->m_reader = reader;
      self->m_ils = QStringLiteral("%1 · %2").arg(mode, ils);
      if (stats) {
        self->m_exceptions = stats->openExceptions;
        self->m_queue = QCoreApplication::translate("StaffController", "waiting %1 · sending %2 · uncertain %3 · exceptions %4 · done %5")
                            .arg(stats->pending)
                            .arg(stats->sending)
                            .arg(stats->uncertain)
                            .arg(stats->openExceptions)
                            .arg(stats->done);
      } else {
        self->m_queue = q(stats.error().describe());
      }
      self->m_gate = gate;
      emit self->changed();
    }, Qt::QueuedConnection);
  });
}

void StaffController::replayNow() {
  KioskRuntime* rt = &m_kiosk;
  m_worker.post([rt] { (void)rt->replay().tick(); });
  refresh();
}

void StaffController::toggleTraining() {
  // A restart, not a switch in place: the training kiosk has its own ILS (a simulator) and its own
  // queue, so no training loan can ever reach the real library system.
  std::vector<std::string> args;
  for (const auto& a : m_restartArgs) args.push_back(a.toStdString());
  const auto at = std::find(args.begin(), args.end(), std::string("--config"));
  if (at == args.end() || at + 1 == args.end()) return;  // a kiosk without a config file has no training
  const char* normal = std::getenv(kNormalConfigEnv);
  const std::string target = training() ? std::string(normal ? normal : "") : m_kiosk.staff().trainingConfig;
  if (target.empty()) return;
  if (!training()) ::setenv(kNormalConfigEnv, (at + 1)->c_str(), 1);
  (void)execSelf(withConfig(std::move(args), target));
}

void StaffController::exitToDesktop() { QCoreApplication::exit(kExitToDesktop); }

} // namespace lasis::kiosk
