#pragma once
// The circulation engine's own thread. Every engine call blocks on the reader or the ILS, so none
// may run on the GUI thread; the engine also wants one call at a time. EngineThread runs posted
// jobs in order on one QThread and, between them, the periodic tick (idle timeout, offline probe,
// queue replay).

#include <QObject>
#include <QThread>

#include <atomic>
#include <chrono>
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
  /// False when the worker has been inside one job or tick for longer than `limit`: the engine is
  /// stuck (a hung device call, a deadlock), and the systemd watchdog, which the GUI thread feeds
  /// only while this holds, restarts the kiosk. Idle, the worker ticks every `tickMs`, so a live
  /// engine passes however quiet the kiosk is.
  bool responsive(std::chrono::milliseconds limit) const;

private:
  /// Runs `f` on the worker, noting when it started and when it ended.
  void beat(const std::function<void()>& f);

  QThread m_thread;
  QObject* m_worker = nullptr;  ///< lives on m_thread; jobs are queued to it
  std::function<void()> m_tick;
  int m_tickMs;
  /// steady_clock nanoseconds when the job or tick now running started; 0 while the worker waits.
  std::atomic<std::int64_t> m_busySince{0};
};

} // namespace lasis::kiosk
