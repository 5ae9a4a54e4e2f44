#pragma once
// PadReader: the kiosk's pad as the engine sees it, whether or not the device is there yet. A
// kiosk whose reader is unplugged at start must not exit (under systemd that is a restart loop
// behind a black screen): it shows "out of order" and keeps trying to open the reader, with a
// back-off, until it appears. Once open, the driver underneath reconnects by itself (NfcReader)
// or reports its errors as any reader does.

#include "common/core/clock.h"
#include "common/rfid/tagreader.h"

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace lasis::kiosk {

/// A TagReader that opens its device on first use after a failed start, at most once per back-off.
class PadReader final : public rfid::TagReader {
public:
  using Opener = std::function<Result<std::unique_ptr<rfid::TagReader>>()>;

  /// `url` names the device (for logs and the staff screen); `open` opens it. The back-off starts
  /// at `first` and doubles up to `ceiling`.
  PadReader(std::string url, Opener open, const Clock& clock,
            Clock::Duration first = std::chrono::seconds(1), Clock::Duration ceiling = std::chrono::seconds(30));

  std::string address() const override { return m_url; }
  Result<std::vector<rfid::TagSeen>> inventory() override;
  Result<rfid::TagContents> read(const std::string& uid) override;
  Status writeData(const std::string& uid, ByteView data) override;
  Status setSecurity(const std::string& uid, bool secured) override;

  /// Tries to open the device when it is absent and the back-off allows. Returns why it is
  /// absent, or nothing when the reader is there.
  std::optional<Error> poll();

private:
  /// The open reader, or why there is none (after an attempt if one is due).
  Result<rfid::TagReader*> device();

  std::string m_url;
  Opener m_open;
  const Clock& m_clock;
  Clock::Duration m_first, m_ceiling, m_wait;
  std::mutex m_mutex;
  std::unique_ptr<rfid::TagReader> m_device;
  std::optional<Clock::Duration> m_nextTry;
  Error m_lastError{Errc::disconnected, "not opened yet"};
};

} // namespace lasis::kiosk
