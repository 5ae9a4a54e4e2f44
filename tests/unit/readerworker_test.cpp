// ReaderWorker's threading contract with a scripted TagReader (the real libnfc path through the
// worker is covered in nfcreader_test.cpp): calls run in order on one thread that is not the
// caller's, and shutting down never leaves a caller waiting forever.
#include "drivers/readerworker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace lasis::drivers {
namespace {

/// Answers instantly, except that inventory() waits until released (a slow RF round).
class ScriptedReader : public rfid::TagReader {
public:
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> calls{0};
  std::vector<std::string> order;
  std::thread::id thread;
  std::promise<void> started;

  std::string address() const override { return "scripted:"; }
  Result<std::vector<rfid::TagSeen>> inventory() override {
    thread = std::this_thread::get_id();
    if (calls == 0) started.set_value();
    released.wait();
    order.push_back("inventory");
    ++calls;
    return std::vector<rfid::TagSeen>{{"04AA", rfid::TagType::ntag213}};
  }
  Result<rfid::TagContents> read(const std::string& uid) override {
    order.push_back("read " + uid);
    ++calls;
    return rfid::TagContents{{uid, rfid::TagType::ntag213}, {1, 2, 3}, rfid::Security::secured};
  }
  Status writeData(const std::string& uid, ByteView) override {
    order.push_back("write " + uid);
    return fail(Errc::verifyFailed, "scripted");
  }
  Status setSecurity(const std::string& uid, bool) override {
    order.push_back("security " + uid);
    return {};
  }
};

TEST(ReaderWorker, RunsCallsInOrderOffTheCallersThread) {
  auto scripted = std::make_unique<ScriptedReader>();
  ScriptedReader* r = scripted.get();
  ReaderWorker worker(std::move(scripted));
  auto inv = worker.inventory();
  auto rd = worker.read("04AA");
  auto wr = worker.writeData("04AA", {9});
  // The caller is not blocked while the reader works.
  EXPECT_EQ(inv.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  r->release.set_value();
  ASSERT_EQ(wr.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_TRUE(inv.get().ok());
  EXPECT_EQ(rd.get()->data, (Bytes{1, 2, 3}));
  EXPECT_TRUE(wr.get().error().is(Errc::verifyFailed));  // errors come back as values
  EXPECT_EQ(r->order, (std::vector<std::string>{"inventory", "read 04AA", "write 04AA"}));
  EXPECT_NE(r->thread, std::this_thread::get_id());
}

TEST(ReaderWorker, ShutdownFailsQueuedCallsInsteadOfAbandoningThem) {
  auto scripted = std::make_unique<ScriptedReader>();
  ScriptedReader* r = scripted.get();
  std::future<Result<rfid::TagContents>> queued;
  std::future<Result<std::vector<rfid::TagSeen>>> running;
  {
    auto worker = std::make_unique<ReaderWorker>(std::move(scripted));
    running = worker->inventory();
    ASSERT_EQ(r->started.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
    queued = worker->read("04BB");
    std::thread releaser([r] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      r->release.set_value();
    });
    worker.reset();  // finishes the running call, fails the queued one
    releaser.join();
  }
  ASSERT_EQ(queued.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  auto q = queued.get();
  ASSERT_FALSE(q.ok());
  EXPECT_TRUE(q.error().is(Errc::unavailable));
  EXPECT_TRUE(running.get().ok());
}

} // namespace
} // namespace lasis::drivers
