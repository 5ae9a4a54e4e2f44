#pragma once
// lasis-gate's composition root: configuration → devices and database → status listener →
// running. All gate state lives on one Asio thread; the I/O module, each reader and the event
// log have their own worker so that nothing slow (a reader read, a Modbus timeout, a database
// write) ever sits between a tag decision and the alarm coils.

#include "common/core/asio.h"
#include "common/core/clock.h"
#include "common/core/log.h"
#include "common/core/result.h"
#include "common/gate/eventlog.h"
#include "common/gate/gateconfig.h"
#include "common/gate/gatelogic.h"
#include "common/gate/statusmap.h"
#include "common/fleet/fleetconfig.h"
#include "drivers/fleet/fleetagent.h"
#include "drivers/metrics/metricsserver.h"
#include "drivers/modbus/iomodule.h"
#include "drivers/modbus/modbusserver.h"
#include "gate/readerpoller.h"

#include <array>
#include <deque>
#include <filesystem>
#include <functional>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace lasis::gate {

/// Command-line options that override the configuration file (so a script needs no file).
struct GateOverrides {
  std::vector<std::string> readers;           ///< replaces [readers] connstrings when not empty
  std::optional<std::string> ioUrl;
  std::optional<std::string> statusListen;
  std::optional<std::string> db;
};

/// The gate daemon: owns every part of a running gate.
class GateDaemon {
public:
  /// `checkReader` vets a reader connstring without opening it (empty: any is accepted, for
  /// tests whose factory has its own scheme).
  GateDaemon(boost::asio::io_context& io, std::optional<std::filesystem::path> configFile, GateOverrides overrides,
             ReaderFactory readers, const Clock& clock, Logger log, ReaderUrlCheck checkReader = {});
  ~GateDaemon();

  /// Reads the configuration (file, then command-line overrides) and runs every start-up check
  /// that needs no device, port or database opened: the one validation behind start(), reload()
  /// and `lasis-gate --check-config`. All problems at once, one per line.
  Result<GateConfig> validate() const;

  /// The configuration the last validate() read, with its [fleet] section when it has one.
  struct Validated {
    GateConfig gate;
    std::optional<fleet::FleetConfig> fleet;  ///< nullopt: no [fleet] table (the fleet link is off)
  };
  /// validate() of the file (`text` empty) or of a whole new file's text (a fleet `config`
  /// command), [fleet] and the files it names included.
  Result<Validated> validateAll(const std::optional<std::string>& text = std::nullopt) const;

  /// Loads and validates the configuration, opens the database, starts the workers and the status
  /// server. On error nothing is left running.
  Status start();
  /// SIGHUP: re-reads the configuration; an invalid file is refused whole and the running
  /// configuration stays.
  Status reload();
  /// SIGTERM: silences the outputs, stops the workers after their call in flight, writes the last
  /// counts, then calls `done` on the Asio thread.
  void shutdown(std::function<void()> done);

  /// "modbus-tcp://HOST:PORT" of the status server (empty when disabled).
  std::string statusUrl() const;
  /// "http://HOST:PORT/metrics" (empty when [metrics] listen is not set).
  std::string metricsUrl() const;
  const GateConfig& config() const { return m_config; }
  /// The fleet link's state (nullopt when [fleet] is not set).
  std::optional<fleet::LinkStatus> fleetStatus() const;

private:
  void applySettings(const GateConfig& c);
  Status startIo();
  void startReaders();
  Status startStatusServer();
  /// The Prometheus text of the gate's counters and health (on the Asio thread).
  std::string renderMetrics() const;
  /// /healthz: empty while no device fault is present, else the faults by name (on the Asio thread).
  std::string health() const;

  // All of these run on the Asio thread.
  void onInputs(const modbus::IoInputs& in);
  void onTagPass(const TagPass& pass);
  void onIoFault(const Error& e);
  void onIoRecovered();
  void onReaderFault(const std::string& reader, const Error& e);
  void onReaderRecovered(const std::string& reader);
  void onStatusWrite(const modbus::ServerRequest& r);
  void updateOutputs();
  void publish();
  /// Samples the antennas' counters for the poll-rate figure (on the tick).
  void sampleReaderStats();
  /// Logs alarms whose direction is now known (or will never be).
  void logAlarms(std::vector<GateEvent> alarms);
  void logCounts(bool final);
  void logEvent(GateEvent e);
  void setFault(std::uint16_t bit, bool on, const std::string& detail);
  bool writeAllowed(const std::string& peer) const;

  // The fleet link (issue 23), all on the Asio thread; publishing goes through m_logPool so that
  // the outbox's fsync never sits on this thread.
  Status startFleet(const fleet::FleetConfig& config);
  fleet::CommandAnswer onFleetCommand(const fleet::Command& cmd);
  fleet::CommandAnswer applyFleetConfig(const fleet::ConfigArgs& args);
  void fleetEvent(std::string type, nlohmann::json fields);
  void fleetState();

  boost::asio::io_context& m_io;
  std::optional<std::filesystem::path> m_configFile;
  GateOverrides m_overrides;
  ReaderFactory m_readerFactory;
  ReaderUrlCheck m_checkReader;
  const Clock& m_clock;
  Logger m_log;
  GateConfig m_config;

  GateLogic m_logic;  // every alarm, output and direction decision; the daemon does the wiring
  std::optional<modbus::IoInputs> m_lastInputs;
  GateStatus m_status;
  EventTotals m_restored;
  PeopleCounts m_countsLogged;  // counter totals at the last interval row
  Clock::Duration m_intervalStart{0};
  std::uint16_t m_faults = 0;
  std::vector<std::string> m_faultyReaders;
  TagPassWindow m_passWindow;               // the last tag passes, for `lasis gate walktest`
  std::uint64_t m_retiredInventories = 0;   // counts of readers replaced by a reload
  std::uint64_t m_retiredErrors = 0;
  std::deque<std::pair<Clock::Duration, std::uint64_t>> m_inventorySamples;  // (when, inventories) for the rate
  bool m_stopping = false;

  boost::asio::steady_timer m_outputTimer;
  boost::asio::steady_timer m_tickTimer;
  boost::asio::steady_timer m_countTimer;

  mutable std::mutex m_writersMutex;  // read by the status server's thread
  std::vector<std::string> m_writers;

  std::unique_ptr<modbus::IoModule> m_ioModule;
  std::vector<std::unique_ptr<ReaderPoller>> m_readers;
  std::unique_ptr<modbus::ModbusServer> m_statusServer;
  std::unique_ptr<metrics::MetricsServer> m_metricsServer;
  Clock::Duration m_startedAt{0};
  Clock::TimePoint m_startedWall;           // process_start_time_seconds
  std::uint64_t m_ioErrors = 0;             // the I/O module lost: a Modbus connect, read or write failed
  std::array<std::uint64_t, 16> m_faultsRaised{};  // per fault bit: times it came on
  std::shared_ptr<EventLog> m_eventLog;   // touched only on m_logPool's thread after start()
  std::unique_ptr<boost::asio::thread_pool> m_logPool;
  std::atomic<bool> m_logFailing{false};
  std::optional<fleet::FleetConfig> m_fleetConfig;  // as at start: a reload does not restart the link
  std::shared_ptr<fleet::FleetAgent> m_fleet;       // used on m_logPool's thread too, hence shared
  nlohmann::json m_fleetStateSent;                  // the state fields last sent (sent again only when changed)
  std::uint64_t m_alarmsCounted = 0;                // alarm total at the last "counts" event  // set on m_logPool's thread: the last event could not be logged
};

} // namespace lasis::gate
