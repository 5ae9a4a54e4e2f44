#include "kiosk/app/enginethread.h"

#include <QMetaObject>
#include <QTimer>

#include <algorithm>
#include <future>

namespace lasis::kiosk {

EngineThread::EngineThread(std::function<void()> tick, int tickMs, QObject* parent)
    : QObject(parent), m_tick(std::move(tick)), m_tickMs(tickMs) {
  m_worker = new QObject;
  m_worker->moveToThread(&m_thread);
  connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
  m_thread.setObjectName("engine");
  m_thread.start();
  if (m_tick) {
    // The timer is created on the worker so it fires there, between jobs.
    QMetaObject::invokeMethod(m_worker, [this] {
      auto* timer = new QTimer(m_worker);
      QObject::connect(timer, &QTimer::timeout, m_worker, [this] { beat(m_tick); });
      timer->start(m_tickMs);
    }, Qt::QueuedConnection);
  }
}

EngineThread::~EngineThread() { stop(); }

namespace {
std::int64_t steadyNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
} // namespace

void EngineThread::beat(const std::function<void()>& f) {
  m_busySince = std::max<std::int64_t>(1, steadyNs());
  f();
  m_busySince = 0;
}

bool EngineThread::responsive(std::chrono::milliseconds limit) const {
  const std::int64_t since = m_busySince;
  return since == 0 || std::chrono::nanoseconds(steadyNs() - since) < limit;
}

void EngineThread::post(std::function<void()> job) {
  if (!m_thread.isRunning()) return;
  QMetaObject::invokeMethod(m_worker, [this, job = std::move(job)] { beat(job); }, Qt::QueuedConnection);
}

void EngineThread::runAndWait(std::function<void()> job) {
  if (!m_thread.isRunning()) return;
  std::promise<void> done;
  auto finished = done.get_future();
  post([&] {
    job();
    done.set_value();
  });
  finished.wait();
}

void EngineThread::stop() {
  if (!m_thread.isRunning()) return;
  m_thread.quit();
  m_thread.wait();
}

} // namespace lasis::kiosk
