#pragma once
// Runs a TagReader on a thread of its own, so the GUI thread and the Asio loop never block on
// a reader (a libnfc call can take hundreds of milliseconds, or a timeout when a reader is
// pulled). Calls queue in order; each result comes back as a future, or through a callback
// that runs on the worker thread (post it to your own loop from there).

#include "common/rfid/tagreader.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

namespace lasis::drivers {

/// A TagReader on its own thread.
class ReaderWorker {
public:
  explicit ReaderWorker(std::unique_ptr<rfid::TagReader> reader);
  /// Finishes the call in progress, fails the queued ones with Errc::unavailable, joins.
  ~ReaderWorker();
  ReaderWorker(const ReaderWorker&) = delete;
  ReaderWorker& operator=(const ReaderWorker&) = delete;

  std::future<Result<std::vector<rfid::TagSeen>>> inventory();
  std::future<Result<rfid::TagContents>> read(std::string uid);
  std::future<Status> writeData(std::string uid, Bytes data);
  std::future<Status> setSecurity(std::string uid, bool secured);

  /// Runs `job` on the worker thread with the reader; for sequences that must not interleave
  /// with other calls (inventory then read every tag).
  void post(std::function<void(rfid::TagReader&)> job);

  /// Callback forms: `done` runs on the worker thread.
  void inventory(std::function<void(Result<std::vector<rfid::TagSeen>>)> done);

private:
  template <typename T>
  std::future<T> call(std::function<T(rfid::TagReader&)> f);
  void run();

  std::unique_ptr<rfid::TagReader> m_reader;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  /// A job takes the reader, or nullptr when the worker is shutting down (fail, don't run).
  std::deque<std::function<void(rfid::TagReader*)>> m_jobs;
  bool m_stop = false;
  std::thread m_thread;
};

} // namespace lasis::drivers
