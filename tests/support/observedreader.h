#pragma once
// A TagReader decorator for tests and benches: every call goes to the real reader, and each
// inventory is reported (with its duration) so a test can wait until the code under test has
// looked at the field, and a bench can time it.

#include "common/rfid/tagreader.h"

#include <chrono>
#include <functional>
#include <memory>

namespace lasis::test {

/// The real reader, with each inventory reported to `onInventory(milliseconds it took)`.
class ObservedReader final : public rfid::TagReader {
public:
  using Observer = std::function<void(double ms)>;
  ObservedReader(std::unique_ptr<rfid::TagReader> inner, Observer onInventory)
      : m_inner(std::move(inner)), m_onInventory(std::move(onInventory)) {}
  std::string address() const override { return m_inner->address(); }
  Result<std::vector<rfid::TagSeen>> inventory() override {
    const auto t0 = std::chrono::steady_clock::now();
    auto r = m_inner->inventory();
    if (m_onInventory) m_onInventory(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    return r;
  }
  Result<rfid::TagContents> read(const std::string& uid) override { return m_inner->read(uid); }
  Status writeData(const std::string& uid, ByteView data) override { return m_inner->writeData(uid, data); }
  Status setSecurity(const std::string& uid, bool secured) override { return m_inner->setSecurity(uid, secured); }

private:
  std::unique_ptr<rfid::TagReader> m_inner;
  Observer m_onInventory;
};

} // namespace lasis::test
