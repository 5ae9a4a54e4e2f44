#pragma once
// Continuous polling of one antenna reader on its own thread. Each tag is read once per pass
// (not once per poll): the first sighting is read and reported at once, later sightings only keep
// the pass alive. A reader that fails is reported once, closed and reopened with a back-off that
// doubles up to a ceiling; it counts as recovered only when an inventory has succeeded again.

#include "common/core/clock.h"
#include "common/core/log.h"
#include "common/core/result.h"
#include "common/gate/alarmpolicy.h"
#include "common/rfid/tagreader.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace lasis::gate {

/// The UID a pass carries in EAS alarm mode (EAS ALARM answers without one).
inline constexpr const char* kEasPseudoUid = "EAS";

/// Opens a reader by connstring (the drivers' factory; tests may pass their own).
using ReaderFactory = std::function<Result<std::unique_ptr<rfid::TagReader>>(const std::string& connstring)>;
/// Checks a connstring without opening the reader (Errc::config when no hardware could help).
using ReaderUrlCheck = std::function<Status(const std::string& connstring)>;

/// What the poller learnt about a tag at the start of its pass.
struct TagPass {
  TagObservation tag;
  Bytes data;              ///< the tag's data area (empty if it could not be read)
  std::string readError;   ///< why the data could not be read, if it could not
  std::string reader;      ///< which antenna saw it
  Clock::Duration seenAt{0};
};

/// Polls one reader on a worker thread and reports each tag pass.
class ReaderPoller {
public:
  struct Callbacks {  // called on the worker thread: post, do not block
    std::function<void(const TagPass&)> pass;
    std::function<void(const std::string& reader, const Error&)> fault;
    std::function<void(const std::string& reader)> recovered;
  };

  /// The first retry pause after a failure; it doubles up to the constructor's `retryMax`.
  static constexpr std::chrono::milliseconds kRetryFirst{200};

  ReaderPoller(std::string connstring, ReaderFactory factory, const Clock& clock, std::chrono::milliseconds poll,
               std::chrono::milliseconds retryMax, Clock::Duration passGap, Callbacks callbacks, Logger log);
  ~ReaderPoller();
  ReaderPoller(const ReaderPoller&) = delete;
  ReaderPoller& operator=(const ReaderPoller&) = delete;

  const std::string& connstring() const { return m_connstring; }
  /// Inventories done so far (for the poll-rate figure).
  std::uint64_t inventories() const { return m_inventories; }
  /// Failed opens, inventories and tag data reads so far (retries during an outage included).
  std::uint64_t errors() const { return m_errors; }
  /// How the antenna asks: with a reader that offers rfid::SecurityInventory (ISO 15693), "afi"
  /// inventories only tags whose AFI is `securedAfi` (one anticollision round that ignores every
  /// item on loan) and "eas" sends NXP EAS ALARM (no anticollision at all); other readers, and
  /// the other modes, run a plain inventory and the driver's security state decides. Takes
  /// effect at the next poll.
  void setMode(GateMode mode, std::uint8_t securedAfi);
  /// Stops after the inventory in flight (idempotent).
  void stop();

private:
  void run();

  std::string m_connstring;
  ReaderFactory m_factory;
  const Clock& m_clock;
  std::chrono::milliseconds m_poll;
  std::chrono::milliseconds m_retryMax;
  Clock::Duration m_passGap;
  Callbacks m_callbacks;
  Logger m_log;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stop = false;
  std::atomic<std::uint64_t> m_inventories{0};
  std::atomic<std::uint64_t> m_errors{0};
  std::atomic<GateMode> m_mode{GateMode::security};
  std::atomic<std::uint8_t> m_securedAfi{0x07};
  std::thread m_thread;
};

} // namespace lasis::gate
