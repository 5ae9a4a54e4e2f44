#pragma once
// The circulation engine's own thread. Every engine call blocks on the reader or the ILS, so none
// may run on the GUI thread; the engine also wants one call at a time. EngineThread runs posted
// jobs in order on one QThread and, between them, the periodic tick (idle timeout, offline probe,
// queue replay).

#include <QObject>
#include <QThread>

#include <functional>

namespace lasis::kiosk {

/// One worker thread running engine jobs in order, plus a periodic tick.
class EngineThread : public QObject {
  Q_OBJECT
public:
  /// `tick` runs on the worker every `tickMs` milliseconds while no job is running.
  explicit EngineThread(std::function<void()> tick, int tickMs = 1000, QObject* parent = nullptr);
  ~EngineThread() override;

  /// Runs `job` on the worker after every job posted before it.
  void post(std::function<void()> job);
  /// Posts a job and waits for it (start-up and shutdown only: never from a screen action).
  void runAndWait(std::function<void()> job);
  /// Stops the tick and the thread after the jobs already posted.
  void stop();

private:
  QThread m_thread;
  QObject* m_worker = nullptr;  ///< lives on m_thread; jobs are queued to it
  std::function<void()> m_tick;
  int m_tickMs;
};

} // namespace lasis::kiosk
