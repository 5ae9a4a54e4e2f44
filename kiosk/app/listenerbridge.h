#pragma once
// Carries the engine's events from its worker thread to the GUI thread. The engine needs its
// listener when it is built; the session controller comes later, so the bridge is built first
// and pointed at it. Each event is copied and queued: QML objects are only touched on their thread.

#include "common/circulation/circulationlistener.h"

#include <QMetaObject>
#include <QObject>
#include <QPointer>

namespace lasis::kiosk {

/// Receives engine events on any thread and queues them to a receiver on the GUI thread.
template <typename Receiver>
class ListenerBridge final : public circulation::CirculationListener {
public:
  void setReceiver(Receiver* r) { m_receiver = r; }

  void onLogin(const circulation::LoginOutcome& o) override { post([o](Receiver& r) { r.handleLogin(o); }); }
  void onItemOutcome(const circulation::ItemOutcome& o) override { post([o](Receiver& r) { r.handleItem(o); }); }
  void onCountMismatch(int expected, int found) override {
    post([expected, found](Receiver& r) { r.handleCountMismatch(expected, found); });
  }
  void onModeChanged(const circulation::ModeChange& m) override { post([m](Receiver& r) { r.handleMode(m); }); }
  void onWarning(const circulation::SessionWarning& w) override { post([w](Receiver& r) { r.handleWarning(w); }); }
  void onAccount(const ils::PatronAccount& a) override { post([a](Receiver& r) { r.handleAccount(a); }); }
  void onReceipt(const circulation::Receipt& rc) override { post([rc](Receiver& r) { r.handleReceipt(rc); }); }
  void onSessionEnded(circulation::SessionEndReason why) override {
    post([why](Receiver& r) { r.handleSessionEnded(why); });
  }
  void onStaffAlert(const circulation::StaffAlert& a) override { post([a](Receiver& r) { r.handleStaffAlert(a); }); }
  void onMessage(circulation::Outcome code, const std::string& text) override {
    post([code, text](Receiver& r) { r.handleMessage(code, text); });
  }
  void onPadProgress(int read, int total) override {
    post([read, total](Receiver& r) { r.handlePadProgress(read, total); });
  }

private:
  template <typename F>
  void post(F f) {
    QPointer<Receiver> target = m_receiver;
    if (!target) return;
    QMetaObject::invokeMethod(target, [target, f] {
      if (target) f(*target);
    }, Qt::QueuedConnection);
  }

  QPointer<Receiver> m_receiver;
};

} // namespace lasis::kiosk
