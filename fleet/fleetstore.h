#pragma once
// What lasis-fleet knows of the network, in SQLite (drivers/sqlite/sqlitedb.h): each device's
// last state (from its retained `state` topic), the event history (deduplicated by device and
// seq, as QoS 1 may repeat a message; bounded by age), and the last command seq signed for each
// device (so a restarted service never signs a seq a device has already accepted).
// Not thread-safe: lasis-fleet touches it from its io_context thread only.

#include "common/core/result.h"
#include "drivers/sqlite/sqlitedb.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

namespace lasis::fleetsvc {

/// A filter for the event log; empty strings match everything.
struct EventQuery {
  std::string branch;
  std::string device;
  std::string type;
  int limit = 100;  ///< newest first, 1 … 1000
};

/// The network's state and history (see the file comment).
class FleetStore {
public:
  static Result<FleetStore> open(const std::filesystem::path& file);

  /// A device's retained state message arrived; `at` is when (the device's "last seen").
  Status putState(const std::string& network, const std::string& branch, const std::string& device,
                  const nlohmann::json& state, std::int64_t atMs);
  /// An event arrived: true when new, false for a repeat of (device, seq) already stored.
  Result<bool> addEvent(const std::string& network, const std::string& branch, const std::string& device,
                        const nlohmann::json& event, std::int64_t atMs);
  /// Marks the device seen (any message from it).
  Status touch(const std::string& network, const std::string& branch, const std::string& device, std::int64_t atMs);

  /// Every device, by branch then name, with the dashboard's figures (alarms today and so on).
  Result<nlohmann::json> devices(std::int64_t nowMs);
  /// Events, newest first.
  Result<nlohmann::json> events(const EventQuery& q);
  /// People in and out per hour for the last 24 hours, from `counts` events ({"in":N,"out":M}).
  Result<nlohmann::json> countsPerHour(std::int64_t nowMs);
  /// The next command seq for a device, recorded before it is returned (never handed out twice).
  Result<std::uint64_t> nextCommandSeq(const std::string& deviceName);
  /// Deletes events received before `beforeMs`; how many.
  Result<int> pruneEvents(std::int64_t beforeMs);

private:
  explicit FleetStore(storage::SqliteDb db) : m_db(std::move(db)) {}
  storage::SqliteDb m_db;
};

} // namespace lasis::fleetsvc
