#include "drivers/readerworker.h"

namespace lasis::drivers {

ReaderWorker::ReaderWorker(std::unique_ptr<rfid::TagReader> reader) : m_reader(std::move(reader)) {
  m_thread = std::thread([this] { run(); });
}

ReaderWorker::~ReaderWorker() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  m_thread.join();
  // Nobody is left waiting forever: queued calls fail with a clear error.
  for (auto& job : m_jobs) job(nullptr);
}

void ReaderWorker::run() {
  for (;;) {
    std::function<void(rfid::TagReader*)> job;
    {
      std::unique_lock lock(m_mutex);
      m_wake.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
      if (m_stop) return;
      job = std::move(m_jobs.front());
      m_jobs.pop_front();
    }
    job(m_reader.get());
  }
}

template <typename T>
std::future<T> ReaderWorker::call(std::function<T(rfid::TagReader&)> f) {
  auto promise = std::make_shared<std::promise<T>>();
  auto fut = promise->get_future();
  {
    std::lock_guard lock(m_mutex);
    m_jobs.push_back([promise, f = std::move(f)](rfid::TagReader* r) {
      if (r) promise->set_value(f(*r));
      else promise->set_value(T(fail(Errc::unavailable, "the reader worker is shutting down")));
    });
  }
  m_wake.notify_one();
  return fut;
}

std::future<Result<std::vector<rfid::TagSeen>>> ReaderWorker::inventory() {
  return call<Result<std::vector<rfid::TagSeen>>>([](rfid::TagReader& r) { return r.inventory(); });
}

std::future<Result<rfid::TagContents>> ReaderWorker::read(std::string uid) {
  return call<Result<rfid::TagContents>>([uid = std::move(uid)](rfid::TagReader& r) { return r.read(uid); });
}

std::future<Status> ReaderWorker::writeData(std::string uid, Bytes data) {
  return call<Status>([uid = std::move(uid), data = std::move(data)](rfid::TagReader& r) { return r.writeData(uid, data); });
}

std::future<Status> ReaderWorker::setSecurity(std::string uid, bool secured) {
  return call<Status>([uid = std::move(uid), secured](rfid::TagReader& r) { return r.setSecurity(uid, secured); });
}

void ReaderWorker::post(std::function<void(rfid::TagReader&)> job) {
  {
    std::lock_guard lock(m_mutex);
    m_jobs.push_back([job = std::move(job)](rfid::TagReader* r) {
      if (r) job(*r);
    });
  }
  m_wake.notify_one();
}

void ReaderWorker::inventory(std::function<void(Result<std::vector<rfid::TagSeen>>)> done) {
  {
    std::lock_guard lock(m_mutex);
    m_jobs.push_back([done = std::move(done)](rfid::TagReader* r) {
      if (r) done(r->inventory());
      else done(fail(Errc::unavailable, "the reader worker is shutting down"));
    });
  }
  m_wake.notify_one();
}

} // namespace lasis::drivers
