#include "kiosk/app/enginethread.h"

#include <QMetaObject>
#include <QTimer>

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
      QObject::connect(timer, &QTimer::timeout, m_worker, [this] { m_tick(); });
      timer->start(m_tickMs);
    }, Qt::QueuedConnection);
  }
}

EngineThread::~EngineThread() { stop(); }

void EngineThread::post(std::function<void()> job) {
  if (!m_thread.isRunning()) return;
  QMetaObject::invokeMethod(m_worker, std::move(job), Qt::QueuedConnection);
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
