#include "gate/gatedaemon.h"

#include "common/core/atomicfile.h"
#include "common/core/buildinfo.h"
#include "common/fleet/configversion.h"
#include "common/core/timezone.h"
#include "common/metrics/promtext.h"

#include "common/tagdata/tagdata.h"
#include "drivers/modbus/modbusurl.h"
#include "drivers/sqlite/sqliteeventlog.h"

#include <modbus/modbus.h>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <system_error>
#include <unistd.h>

namespace lasis::gate {

using namespace std::chrono;
namespace asio = boost::asio;

namespace {
std::uint16_t clampHold(Clock::Duration d) {
  return static_cast<std::uint16_t>(std::clamp<long long>(duration_cast<milliseconds>(d).count(), 0, 65535));
}
} // namespace

GateDaemon::GateDaemon(asio::io_context& io, std::optional<std::filesystem::path> configFile, GateOverrides overrides,
                       ReaderFactory readers, const Clock& clock, Logger log, ReaderUrlCheck checkReader)
    : m_io(io), m_configFile(std::move(configFile)), m_overrides(std::move(overrides)),
      m_readerFactory(std::move(readers)), m_checkReader(std::move(checkReader)), m_clock(clock), m_log(std::move(log)), m_logic(clock), m_outputTimer(io), m_tickTimer(io),
      m_countTimer(io) {}

GateDaemon::~GateDaemon() {
  // Normally shutdown() ran; if start() failed half-way, stop whatever did start.
  m_readers.clear();
  m_ioModule.reset();
  m_statusServer.reset();
  if (m_logPool) m_logPool->join();
  if (m_fleet) m_fleet->stop();
}

Result<GateConfig> GateDaemon::validate() const {
  auto v = validateAll();
  if (!v) return v.error();
  return std::move(v->gate);
}

Result<GateDaemon::Validated> GateDaemon::validateAll(const std::optional<std::string>& text) const {
  auto doc = text                     ? ConfigDoc::parse(*text, "<fleet config>")
             : m_configFile           ? ConfigDoc::load(*m_configFile)
                                      : Result<ConfigDoc>(ConfigDoc::empty("<no config file>"));
  if (!doc) return doc.error();
  // [fleet] first: its keys are then read, and its problems come out of the gate's finish()
  // with every other option's.
  auto fleetConfig = fleet::readFleetConfig(*doc);
  auto c = loadGateConfig(*doc);
  if (!c) return c.error();
  if (!m_overrides.readers.empty()) c->readers = m_overrides.readers;
  if (m_overrides.ioUrl) c->ioUrl = *m_overrides.ioUrl;
  if (m_overrides.statusListen) c->statusListen = *m_overrides.statusListen;
  if (m_overrides.db) c->db = *m_overrides.db;
  // What the file's own checks cannot see: options that came from the command line (checked
  // with the same words) and what needs the drivers' grammars or the file system.
  std::vector<std::string> problems;
  if (m_checkReader) {
    for (const auto& r : c->readers) {
      if (auto st = m_checkReader(r); !st) problems.push_back("readers.connstrings: " + st.error().message());
    }
  }
  if (!c->ioUrl.empty()) {
    if (auto u = modbus::parseModbusUrl(c->ioUrl); !u) problems.push_back("io.url: " + u.error().message());
  }
  if (!c->statusListen.empty()) {
    if (auto hp = splitHostPort(c->statusListen); !hp) problems.push_back("status.listen: " + hp.error().message());
  }
  // A missing file is created at start (the state directory appears with the service); anything
  // there that is not a plain file would only fail later, as a less clear SQLite error.
  std::error_code ec;
  const auto type = std::filesystem::status(c->db, ec).type();
  if (type == std::filesystem::file_type::directory) {
    problems.push_back("log.db: " + c->db + " is a directory; name the database file in it (e.g. " +
                       (std::filesystem::path(c->db) / "gate.db").string() + ")");
  } else if (type != std::filesystem::file_type::not_found && type != std::filesystem::file_type::regular &&
             type != std::filesystem::file_type::none) {
    problems.push_back("log.db: " + c->db + " is not a regular file");
  }
  if (fleetConfig) {
    if (auto st = fleet::checkFleetFiles(*fleetConfig); !st) problems.push_back(st.error().message());
  }
  if (!problems.empty()) {
    std::string msg;
    for (const auto& p : problems) msg += (msg.empty() ? "" : "\n") + p;
    return fail(Errc::config, msg);
  }
  return Validated{std::move(*c), std::move(fleetConfig)};
}

void GateDaemon::applySettings(const GateConfig& c) {
  m_logic.setSettings(c.alarm);
  m_logic.setDirectionWindow(duration_cast<Clock::Duration>(c.directionWindow));
  // The antennas ask the field the way the mode needs (AFI inventory, EAS alarm, plain).
  for (auto& r : m_readers) r->setMode(c.alarm.mode, c.alarm.securedAfi);
  std::lock_guard lock(m_writersMutex);
  m_writers = c.statusWriters;
}

bool GateDaemon::writeAllowed(const std::string& peer) const {
  std::lock_guard lock(m_writersMutex);
  return std::find(m_writers.begin(), m_writers.end(), peer) != m_writers.end();
}

Status GateDaemon::start() {
  auto v = validateAll();
  if (!v) return v.error();
  m_config = std::move(v->gate);
  m_fleetConfig = std::move(v->fleet);
  // The library's time for the log lines, before the gate's own threads start (setenv is not
  // thread-safe); a reload that changes it is told it waits for the next start.
  if (auto st = applyTimeZone(m_config.timeZone); !st) return st.error();
  applySettings(m_config);

  auto log = SqliteEventLog::open(m_config.db);
  if (!log) return log.error();
  if (auto st = log->setMaxSize(m_config.logMaxKib); !st) return st.error();
  if (auto totals = log->totals()) {
    // Counters survive a restart: the building system reading them must not see them jump to 0.
    m_restored = *totals;
    m_logic.setAlarmCount(static_cast<std::uint64_t>(m_restored.alarms));
  } else {
    m_log->warn("{}", totals.error().describe());
  }
  m_eventLog = std::make_shared<SqliteEventLog>(std::move(*log));
  m_logPool = std::make_unique<asio::thread_pool>(1);

  if (auto st = startStatusServer(); !st) return st;
  m_startedAt = m_clock.monotonic();
  m_startedWall = m_clock.now();
  if (!m_config.metricsListen.empty()) {
    auto m = metrics::MetricsServer::start(m_io, m_config.metricsListen, [this] { return renderMetrics(); },
                                           [this] { return health(); });
    if (!m) return m.error();
    m_metricsServer = std::move(*m);
  }
  if (m_fleetConfig) {
    if (auto st = startFleet(*m_fleetConfig); !st) return st;
  }
  if (auto st = startIo(); !st) return st;
  startReaders();

  m_intervalStart = m_clock.monotonic();
  m_countsLogged = m_logic.counts();
  // The re-arming loops hold themselves only through their pending wait (the function keeps a
  // weak reference to itself): a strong self-reference would be a cycle that leaks at exit.
  auto armCount = std::make_shared<std::function<void()>>();
  *armCount = [this, weak = std::weak_ptr<std::function<void()>>(armCount)] {
    auto self = weak.lock();
    if (!self) return;
    m_countTimer.expires_after(m_config.countInterval);
    m_countTimer.async_wait([this, self](boost::system::error_code ec) {
      if (ec || m_stopping) return;
      logCounts(false);
      (*self)();
    });
  };
  (*armCount)();
  auto armTick = std::make_shared<std::function<void()>>();
  *armTick = [this, weak = std::weak_ptr<std::function<void()>>(armTick)] {
    auto self = weak.lock();
    if (!self) return;
    m_tickTimer.expires_after(milliseconds(200));
    m_tickTimer.async_wait([this, self](boost::system::error_code ec) {
      if (ec || m_stopping) return;
      logAlarms(m_logic.expire());
      sampleReaderStats();
      const auto blocked = m_logic.beamBlockedFor();
      const bool isBlocked = blocked > duration_cast<Clock::Duration>(m_config.beamBlockedAfter);
      setFault(statusmap::kFaultBeamBlocked, isBlocked, "a beam has been broken for " +
                                                           std::to_string(duration_cast<seconds>(blocked).count()) +
                                                           " s: check for an obstruction or a dirty lens");
      (*self)();
    });
  };
  (*armTick)();

  GateEvent e;
  e.kind = "start";
  e.detail = "lasis-gate started (mode " + std::string(toString(m_config.alarm.mode)) + ")";
  logEvent(std::move(e));
  updateOutputs();
  return {};
}

Status GateDaemon::startIo() {
  m_ioModule.reset();
  if (m_config.ioUrl.empty()) {
    m_log->warn("no I/O module configured (io.url): alarms are logged but no light or buzzer sounds");
    return {};
  }
  auto url = modbus::parseModbusUrl(m_config.ioUrl);
  if (!url) return url.error();
  modbus::IoModule::Options o;
  o.url = *url;
  o.poll = m_config.ioPoll;
  o.timeout = m_config.ioTimeout;
  modbus::IoModule::Callbacks cb;
  cb.inputs = [this](const modbus::IoInputs& in) { asio::post(m_io, [this, in] { onInputs(in); }); };
  cb.fault = [this](const Error& e) { asio::post(m_io, [this, e] { onIoFault(e); }); };
  cb.recovered = [this] { asio::post(m_io, [this] { onIoRecovered(); }); };
  m_ioModule = std::make_unique<modbus::IoModule>(o, cb, m_log);
  updateOutputs();
  return {};
}

void GateDaemon::startReaders() {
  // The counters run since the start of the gate, not of these readers.
  for (const auto& r : m_readers) {
    m_retiredInventories += r->inventories();
    m_retiredErrors += r->errors();
  }
  m_readers.clear();
  m_faultyReaders.clear();
  setFault(statusmap::kFaultReader, false, "readers restarted");
  for (const auto& r : m_config.readers) {
    ReaderPoller::Callbacks cb;
    cb.pass = [this](const TagPass& p) { asio::post(m_io, [this, p] { onTagPass(p); }); };
    cb.fault = [this](const std::string& reader, const Error& e) {
      asio::post(m_io, [this, reader, e] { onReaderFault(reader, e); });
    };
    cb.recovered = [this](const std::string& reader) { asio::post(m_io, [this, reader] { onReaderRecovered(reader); }); };
    m_readers.push_back(std::make_unique<ReaderPoller>(r, m_readerFactory, m_clock, m_config.readerPoll,
                                                       m_config.readerRetryMax, m_config.alarm.passGap, cb, m_log));
    m_readers.back()->setMode(m_config.alarm.mode, m_config.alarm.securedAfi);
  }
}

Status GateDaemon::startStatusServer() {
  if (m_config.statusListen.empty()) return {};
  auto hp = splitHostPort(m_config.statusListen);
  if (!hp) return hp.error();
  modbus::ModbusServer::Hooks hooks;
  hooks.check = [this](const modbus::ServerRequest& r, const modbus::ServerData&) -> int {
    using namespace statusmap;
    if (!r.isWrite()) return 0;
    // Only configured addresses may silence the alarm or change settings: anyone on the
    // building network may read the counts, nobody else may turn the gate quiet.
    if (!writeAllowed(r.peer)) {
      m_log->warn("status server: write refused from {} (not in status.write_allowed)", r.peer);
      return MODBUS_EXCEPTION_ILLEGAL_FUNCTION;
    }
    if (r.function == 6 || r.function == 16) {
      for (std::size_t i = 0; i < r.values.size(); ++i) {
        const int at = r.address + static_cast<int>(i);
        const auto v = r.values[i];
        const bool ok = (at == kHoldMs && v >= 100 && v <= 60000) || (at == kBuzzerPattern && v <= 3) ||
                        (at == kMode && v <= 3) || (at == kSecuredAfi && v <= 255);
        if (!ok && at < kHoldingRegisters) return MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE;
      }
    } else if (r.function != 5 && r.function != 15) {
      return MODBUS_EXCEPTION_ILLEGAL_FUNCTION;
    }
    return 0;
  };
  hooks.written = [this](const modbus::ServerRequest& r, modbus::ServerData& d) {
    std::fill(d.coils.begin(), d.coils.end(), 0);  // the coils are push buttons: they read back 0
    asio::post(m_io, [this, r] { onStatusWrite(r); });
  };
  auto server = modbus::ModbusServer::start(hp->first, hp->second,
                                            {statusmap::kCoils, 0, statusmap::kHoldingRegisters,
                                             statusmap::kInputTable},
                                            std::move(hooks), m_log);
  if (!server) return server.error().context("status server");
  m_statusServer = std::move(*server);
  m_log->info("status server listening on {}", statusUrl());
  return {};
}

std::string GateDaemon::statusUrl() const {
  if (!m_statusServer) return {};
  auto hp = splitHostPort(m_config.statusListen);
  const std::string host = hp && hp->first != "0.0.0.0" ? hp->first : "127.0.0.1";
  return "modbus-tcp://" + host + ":" + std::to_string(m_statusServer->port());
}

void GateDaemon::onInputs(const modbus::IoInputs& raw) {
  if (m_stopping) return;
  modbus::IoInputs in = raw;
  if (m_config.swapBeams) std::swap(in.beamA, in.beamB);
  const bool changed = !m_lastInputs || !(*m_lastInputs == in);
  m_lastInputs = in;
  if (!changed) return;
  auto beams = m_logic.beams(in.beamA, in.beamB);
  if (beams.passage) m_log->debug("passage {}", toString(*beams.passage));
  // A passage's direction is news for the status registers; an expired alarm keeps the
  // "unknown" it was raised with.
  if (!beams.resolved.empty()) m_status.lastAlarmDirection = beams.resolved.back().direction;
  logAlarms(std::move(beams.resolved));
  setFault(statusmap::kFaultTamper, in.tamper, "tamper switch open: the pedestal cover is off");
  setFault(statusmap::kFaultAntenna, in.antennaFault, "the I/O module reports an antenna fault");
  publish();
}

void GateDaemon::onTagPass(const TagPass& pass) {
  if (m_stopping) return;
  const auto decision = m_logic.tagPass(pass.tag);
  const auto& verdict = decision.verdict;
  if (!verdict) return;  // the same tag seen by a second antenna in the same pass
  ++m_status.tagReads;
  const bool alarmed = decision.alarmed;
  // Coils first, everything else after: the light must not wait for decoding or the database.
  if (alarmed) updateOutputs();
  // What the tag says: its item id when its data is sound, else its UID (staff can still find
  // the item by its tag when the data is damaged) and why.
  std::string item = pass.tag.uid;
  std::string problem;
  if (!pass.readError.empty()) {
    problem = "tag data unreadable: " + pass.readError;
  } else if (auto d = tagdata::decode(pass.data); !d) {
    problem = "tag data: " + d.error().message();
  } else if (!d->crcOk) {
    problem = "tag data damaged (CRC), item id not trusted: " + d->item.itemId;
  } else {
    item = d->item.itemId;
  }
  const auto antenna = std::find(m_config.readers.begin(), m_config.readers.end(), pass.reader);
  TagPassRecord record;
  record.verdict = *verdict;
  record.antenna = static_cast<std::uint8_t>(antenna == m_config.readers.end() ? 0 : antenna - m_config.readers.begin() + 1);
  record.untrusted = !problem.empty();
  record.item = item.substr(0, 16);
  m_passWindow.add(std::move(record));
  if (alarmed) {
    GateEvent e;
    e.kind = "alarm";
    e.tagUid = pass.tag.uid;
    e.item = item;
    e.detail = "reader " + pass.reader + (problem.empty() ? "" : "; " + problem);
    m_status.lastAlarmTime = static_cast<std::uint32_t>(duration_cast<seconds>(m_clock.now().time_since_epoch()).count());
    m_status.lastAlarmItem = e.item.substr(0, 16);
    m_status.lastAlarmDirection = "unknown";
    // The technician's line names what was seen: always the tag's UID, the item only when the
    // tag's data gave a trusted item id (e.item falls back to the UID otherwise).
    if (problem.empty()) {
      m_log->warn("alarm: tag {} item {} ({})", pass.tag.uid, e.item, toString(*verdict));
    } else {
      m_log->warn("alarm: tag {} ({}; no trusted item id in its data)", pass.tag.uid, toString(*verdict));
    }
    m_logic.awaitDirection(std::move(e));
  } else {
    m_log->debug("tag {} passes ({})", pass.tag.uid, toString(*verdict));
  }
  publish();
}

void GateDaemon::logAlarms(std::vector<GateEvent> alarms) {
  for (auto& e : alarms) {
    if (e.kind == "alarm") {
      // The item and the way it went, and the antenna that saw it: nothing about who carried it
      // (the gate never knows, and the bus must never be told).
      const auto reader = e.detail.starts_with("reader ") ? e.detail.substr(7, e.detail.find(';') - 7) : std::string();
      fleetEvent("alarm", {{"item", e.item}, {"direction", e.direction.empty() ? "unknown" : e.direction}, {"reader", reader}});
    }
    logEvent(std::move(e));
  }
}

void GateDaemon::onIoFault(const Error& e) {
  // The module reports a failed Modbus connect, read or write once per outage (its worker then
  // retries with back-off without reporting again): one error per loss of the module.
  ++m_ioErrors;
  setFault(statusmap::kFaultIoModule, true, "I/O module " + m_config.ioUrl + ": " + e.describe());
}

void GateDaemon::onIoRecovered() {
  setFault(statusmap::kFaultIoModule, false, "I/O module " + m_config.ioUrl + " reachable again");
  m_lastInputs.reset();
  updateOutputs();
}

void GateDaemon::onReaderFault(const std::string& reader, const Error& e) {
  if (std::find(m_faultyReaders.begin(), m_faultyReaders.end(), reader) == m_faultyReaders.end()) {
    m_faultyReaders.push_back(reader);
  }
  setFault(statusmap::kFaultReader, true, "reader " + reader + ": " + e.describe());
  publish();
}

void GateDaemon::onReaderRecovered(const std::string& reader) {
  std::erase(m_faultyReaders, reader);
  if (m_faultyReaders.empty()) setFault(statusmap::kFaultReader, false, "reader " + reader + " working again");
  publish();
}

void GateDaemon::onStatusWrite(const modbus::ServerRequest& r) {
  using namespace statusmap;
  if (m_stopping) return;
  if (r.function == 5 || r.function == 15) {
    for (std::size_t i = 0; i < r.values.size(); ++i) {
      const int at = r.address + static_cast<int>(i);
      if (!r.values[i]) continue;
      if (at == kAcknowledge) {
        auto e = m_logic.acknowledge(r.peer);
        updateOutputs();
        logEvent(std::move(e));
      } else if (at == kTestAlarm) {
        auto e = m_logic.testAlarm(r.peer);
        updateOutputs();
        logEvent(std::move(e));
      }
    }
    return;
  }
  AlarmSettings s = m_logic.settings();
  for (std::size_t i = 0; i < r.values.size(); ++i) {
    const int at = r.address + static_cast<int>(i);
    const auto v = r.values[i];
    if (at == kHoldMs) s.hold = duration_cast<Clock::Duration>(milliseconds(v));
    if (at == kBuzzerPattern) s.pattern = static_cast<BuzzerPattern>(v);
    if (at == kMode) s.mode = static_cast<GateMode>(v);
    if (at == kSecuredAfi) s.securedAfi = static_cast<std::uint8_t>(v);
  }
  m_logic.setSettings(s);
  m_config.alarm = s;
  for (auto& reader : m_readers) reader->setMode(s.mode, s.securedAfi);
  m_log->info("status server: settings changed by {} (hold {} ms, buzzer {}, mode {}, AFI {})", r.peer,
              duration_cast<milliseconds>(s.hold).count(), toString(s.pattern), toString(s.mode), s.securedAfi);
  publish();
}

void GateDaemon::updateOutputs() {
  const auto out = m_logic.outputs();
  if (m_ioModule) m_ioModule->setOutputs({out.light, out.buzzer, m_faults == 0 && !m_stopping});
  m_outputTimer.cancel();
  if (auto next = m_logic.nextChangeIn()) {
    m_outputTimer.expires_after(*next);
    m_outputTimer.async_wait([this](boost::system::error_code ec) {
      if (!ec) updateOutputs();
    });
  }
  publish();
}

void GateDaemon::publish() {
  const auto& c = m_logic.counts();
  m_status.peopleIn = static_cast<std::uint64_t>(m_restored.peopleIn) + c.in;
  m_status.peopleOut = static_cast<std::uint64_t>(m_restored.peopleOut) + c.out;
  m_status.turnBacks = c.turnBacks;
  m_status.alarms = m_logic.alarmCount();
  m_status.faults = m_faults;
  m_status.state = m_logic.alarmActive() ? GateState::alarm
                   : m_faults != 0                      ? GateState::fault
                                                        : GateState::ok;
  m_status.readersConfigured = static_cast<std::uint16_t>(m_config.readers.size());
  m_status.readersWorking = static_cast<std::uint16_t>(m_config.readers.size() - m_faultyReaders.size());
  m_status.hasReaderStats = true;
  m_status.inventories = m_retiredInventories;
  m_status.readerErrors = m_retiredErrors;
  for (const auto& r : m_readers) {
    m_status.inventories += r->inventories();
    m_status.readerErrors += r->errors();
  }
  m_status.inputs = 0;
  if (m_lastInputs) {
    using namespace statusmap;
    m_status.inputs = static_cast<std::uint16_t>((m_lastInputs->beamA ? kInputBeamA : 0) | (m_lastInputs->beamB ? kInputBeamB : 0) |
                                                 (m_lastInputs->tamper ? kInputTamper : 0) |
                                                 (m_lastInputs->antennaFault ? kInputAntennaFault : 0));
  }
  const auto& s = m_logic.settings();
  m_status.holdMs = clampHold(s.hold);
  m_status.pattern = s.pattern;
  m_status.mode = s.mode;
  m_status.securedAfi = s.securedAfi;
  fleetState();
  if (!m_statusServer) return;
  auto in = encodeInputRegisters(m_status);
  in.resize(statusmap::kInputTable, 0);
  const auto window = m_passWindow.encode();
  std::copy(window.begin(), window.end(), in.begin() + statusmap::kPassLatest);
  const auto hold = encodeHoldingRegisters(m_status);
  m_statusServer->access([&](modbus::ServerData& d) {
    d.inputRegisters = in;
    d.holdingRegisters = hold;
  });
}

void GateDaemon::sampleReaderStats() {
  // Inventories per second over the last ~5 s: how fast the antennas ask the field (a slow or
  // failing reader shows here before it shows as missed alarms).
  std::uint64_t total = m_retiredInventories;
  for (const auto& r : m_readers) total += r->inventories();
  const auto now = m_clock.monotonic();
  m_inventorySamples.emplace_back(now, total);
  while (m_inventorySamples.size() > 2 && now - m_inventorySamples.front().first > seconds(5)) m_inventorySamples.pop_front();
  const auto& [then, old] = m_inventorySamples.front();
  const double span = duration<double>(now - then).count();
  const double rate = span > 0 ? double(total - old) / span : 0.0;
  m_status.pollRateTenths = static_cast<std::uint16_t>(std::clamp(rate * 10.0 + 0.5, 0.0, 65535.0));
  publish();
}

void GateDaemon::setFault(std::uint16_t bit, bool on, const std::string& detail) {
  if (((m_faults & bit) != 0) == on) return;
  m_faults = on ? static_cast<std::uint16_t>(m_faults | bit) : static_cast<std::uint16_t>(m_faults & ~bit);
  if (on) {
    for (std::size_t i = 0; i < m_faultsRaised.size(); ++i)
      if (bit & (1u << i)) ++m_faultsRaised[i];
  }
  if (on) {
    m_log->error("fault: {}", detail);
  } else {
    m_log->info("recovered: {}", detail);
  }
  const auto names = faultNames(bit);
  fleetEvent(on ? "fault" : "recovery", {{"part", names.empty() ? std::string("unknown") : names.front()}, {"detail", detail}});
  GateEvent e;
  e.kind = on ? "fault" : "recovered";
  e.detail = detail;
  logEvent(std::move(e));
  updateOutputs();  // the system-OK lamp follows the faults
}

void GateDaemon::logCounts(bool final) {
  const auto now = m_clock.monotonic();
  const auto& c = m_logic.counts();
  GateEvent e;
  e.kind = "count";
  e.periodSeconds = duration_cast<seconds>(now - m_intervalStart).count();
  e.peopleIn = static_cast<std::int64_t>(c.in - m_countsLogged.in);
  e.peopleOut = static_cast<std::int64_t>(c.out - m_countsLogged.out);
  e.turnBacks = static_cast<std::int64_t>(c.turnBacks - m_countsLogged.turnBacks);
  if (final) e.detail = "partial interval at shutdown";
  const auto alarms = m_logic.alarmCount();
  fleetEvent("counts", {{"period_s", e.periodSeconds},
                        {"people_in", e.peopleIn},
                        {"people_out", e.peopleOut},
                        {"turn_backs", e.turnBacks},
                        {"alarms", alarms >= m_alarmsCounted ? alarms - m_alarmsCounted : alarms},
                        {"partial", final}});
  m_alarmsCounted = alarms;
  m_countsLogged = c;
  m_intervalStart = now;
  logEvent(std::move(e));
}

void GateDaemon::logEvent(GateEvent e) {
  if (!m_logPool) return;
  if (e.time.time_since_epoch().count() == 0) e.time = m_clock.now();
  asio::post(*m_logPool, [this, log = m_eventLog, e = std::move(e), logger = m_log] {
    // A full disk or a broken database costs us log lines, never an alarm: the alarm path does
    // not wait for this thread. Staff see it as the event-log fault until a line fits again.
    auto st = log->add(e);
    if (!st) logger->error("event log: lost a {} event: {}", e.kind, st.error().describe());
    const bool failing = !st;
    if (m_logFailing.exchange(failing) != failing) {
      const std::string detail = failing ? "event log cannot be written: " + st.error().message() : "event log written again";
      asio::post(m_io, [this, failing, detail] { setFault(statusmap::kFaultEventLog, failing, detail); });
    }
  });
}

Status GateDaemon::reload() {
  auto c = validate();
  if (!c) {
    m_log->error("reload refused, keeping the running configuration:\n{}", c.error().message());
    GateEvent e;
    e.kind = "reload";
    e.detail = "refused: " + c.error().message();
    logEvent(std::move(e));
    return c.error();
  }
  GateConfig old = m_config;
  GateConfig next = std::move(*c);
  std::string later;
  if (next.statusListen != old.statusListen) {
    later += " status.listen";
    next.statusListen = old.statusListen;
  }
  if (next.db != old.db) {
    later += " log.db";
    next.db = old.db;
  }
  if (next.timeZone != old.timeZone) {
    later += " gate.time_zone";
    next.timeZone = old.timeZone;
  }
  if (next.logMaxKib != old.logMaxKib && m_logPool) {
    asio::post(*m_logPool, [log = m_eventLog, kb = next.logMaxKib, logger = m_log] {
      if (auto st = log->setMaxSize(kb); !st) logger->error("{}", st.error().describe());
    });
  }
  m_config = std::move(next);
  applySettings(m_config);
  if (m_config.ioUrl != old.ioUrl || m_config.ioPoll != old.ioPoll || m_config.ioTimeout != old.ioTimeout) {
    setFault(statusmap::kFaultIoModule, false, "I/O module reconfigured");
    if (auto st = startIo(); !st) m_log->error("{}", st.error().describe());
  }
  if (m_config.readers != old.readers || m_config.readerPoll != old.readerPoll ||
      m_config.readerRetryMax != old.readerRetryMax || m_config.alarm.passGap != old.alarm.passGap) {
    startReaders();
  }
  if (!later.empty()) m_log->warn("reload: these options take effect at the next restart:{}", later);
  m_log->info("configuration reloaded");
  GateEvent e;
  e.kind = "reload";
  e.detail = later.empty() ? "applied" : "applied; at next restart:" + later;
  logEvent(std::move(e));
  updateOutputs();
  return {};
}

void GateDaemon::shutdown(std::function<void()> done) {
  if (m_stopping) return;
  m_stopping = true;
  m_log->info("stopping");
  m_outputTimer.cancel();
  m_tickTimer.cancel();
  m_countTimer.cancel();
  m_readers.clear();  // each finishes its call in flight
  logAlarms(m_logic.flush());  // every alarm still waiting for a direction: none is lost
  logCounts(true);
  GateEvent e;
  e.kind = "stop";
  e.detail = "lasis-gate stopped";
  logEvent(std::move(e));
  m_ioModule.reset();  // writes the coils off before it goes: a stopped gate is silent, not OK
  m_statusServer.reset();
  if (m_logPool) m_logPool->join();
  // After the pool: the last counts are in the outbox; then the graceful "offline".
  if (m_fleet) m_fleet->stop();
  done();
}

// ---- The fleet link (issue 23) ----

Status GateDaemon::startFleet(const fleet::FleetConfig& config) {
  fleet::FleetAgentOptions o;
  o.config = config;
  o.kind = "gate";
  o.version = buildInfo().version;
  o.clock = &m_clock;
  o.log = m_log;
  auto agent = fleet::FleetAgent::start(
      std::move(o), [this](std::function<void()> f) { asio::post(m_io, std::move(f)); },
      [this](const fleet::Command& cmd) { return onFleetCommand(cmd); });
  if (!agent) return agent.error().context("fleet");
  m_fleet = std::move(*agent);
  // Where Prometheus finds this gate: lasis-fleet writes it into its targets file.
  if (const auto target = fleet::metricsTarget(config, metricsUrl(), hostName()); !target.empty())
    (void)m_fleet->setState({{"metrics", target}});
  // A configuration the fleet sent says its version while the file still holds it.
  if (m_configFile) {
    if (auto v = fleet::readFleetVersion(*m_configFile)) (void)m_fleet->setState({{"config_version", *v}});
  }
  m_alarmsCounted = m_logic.alarmCount();
  m_fleetStateSent = nlohmann::json();
  m_log->info("fleet link to {} as {}", config.broker, fleet::commonNameOf(config.id));
  return {};
}

std::optional<fleet::LinkStatus> GateDaemon::fleetStatus() const {
  if (!m_fleet) return std::nullopt;
  return m_fleet->status();
}

void GateDaemon::fleetEvent(std::string type, nlohmann::json fields) {
  if (!m_fleet || !m_logPool) return;
  asio::post(*m_logPool, [fleet = m_fleet, type = std::move(type), fields = std::move(fields), logger = m_log] {
    if (auto st = fleet->publishEvent(type, fields); !st) logger->error("fleet: lost a {} event: {}", type, st.error().describe());
  });
}

void GateDaemon::fleetState() {
  if (!m_fleet || !m_logPool) return;
  nlohmann::json faults = nlohmann::json::array();
  for (const auto& name : faultNames(m_faults)) faults.push_back(name);
  nlohmann::json s{{"readers_working", m_status.readersWorking},
                   {"readers_configured", m_status.readersConfigured},
                   {"fault", std::move(faults)},
                   {"alarm_active", m_status.state == GateState::alarm}};
  if (s == m_fleetStateSent) return;  // publish() runs five times a second: only changes go out
  m_fleetStateSent = s;
  asio::post(*m_logPool, [fleet = m_fleet, s = std::move(s), logger = m_log] {
    if (auto st = fleet->setState(s); !st) logger->warn("fleet: state: {}", st.error().describe());
  });
}

fleet::CommandAnswer GateDaemon::onFleetCommand(const fleet::Command& cmd) {
  using fleet::CommandName;
  if (m_stopping) return fleet::CommandAnswer::failure("the gate is stopping");
  switch (cmd.name) {
  case CommandName::silenceGate: {
    // What the gate's own silence does (the status server's acknowledge coil).
    auto e = m_logic.acknowledge("fleet");
    updateOutputs();
    logEvent(std::move(e));
    return fleet::CommandAnswer::success();
  }
  case CommandName::reload:
    if (auto st = reload(); !st) return fleet::CommandAnswer::failure("reload refused: " + st.error().message());
    return fleet::CommandAnswer::success();
  case CommandName::config:
    if (!cmd.config) return fleet::CommandAnswer::failure("config command without its configuration");
    return applyFleetConfig(*cmd.config);
  default:
    return fleet::CommandAnswer::failure("unknown-command: a gate does not do " + std::string(toString(cmd.name)));
  }
}

fleet::CommandAnswer GateDaemon::applyFleetConfig(const fleet::ConfigArgs& args) {
  // The same checks as SIGHUP, on the new text before anything is touched: a bad file is refused
  // whole and the running configuration (and the file on disk) stay as they were.
  if (!m_configFile) return fleet::CommandAnswer::failure("the gate was started without --config: no file to replace");
  if (auto v = validateAll(args.toml); !v) {
    return fleet::CommandAnswer::failure("configuration " + args.version + " refused:\n" + v.error().message());
  }
  std::string old;
  {
    std::ifstream in(*m_configFile, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    old = ss.str();
  }
  // Written over the config file (so a restart keeps it), then applied through reload(), SIGHUP's
  // path; should the file with its drop-ins then be refused, the old text goes back.
  if (auto st = replaceFileAtomically(*m_configFile, args.toml, 0644); !st) {
    return fleet::CommandAnswer::failure("configuration " + args.version + " not written: " + st.error().message());
  }
  if (auto st = reload(); !st) {
    (void)replaceFileAtomically(*m_configFile, old, 0644);
    return fleet::CommandAnswer::failure("configuration " + args.version + " refused:\n" + st.error().message());
  }
  m_log->info("fleet: configuration {} written to {} and applied", args.version, m_configFile->string());
  if (auto st = fleet::writeFleetVersion(*m_configFile, args.version, args.toml); !st)
    m_log->warn("fleet: configuration {}: its version was not kept: {}", args.version, st.error().describe());
  if (m_fleet && m_logPool) {
    asio::post(*m_logPool, [fleet = m_fleet, version = args.version] { (void)fleet->setState({{"config_version", version}}); });
  }
  return fleet::CommandAnswer::success();
}

std::string GateDaemon::metricsUrl() const { return m_metricsServer ? m_metricsServer->url() : std::string(); }

std::string GateDaemon::renderMetrics() const {
  metrics::PromText t;
  t.buildInfo();
  t.gauge("process_start_time_seconds", "Start time of the process since the unix epoch in seconds",
          std::chrono::duration<double>(m_startedWall.time_since_epoch()).count());
  t.counter("lasis_gate_alarms_total", "Alarms raised for items carried through unissued", double(m_status.alarms));
  t.counter("lasis_gate_people_total", "People counted through the gate", double(m_status.peopleIn), {{"direction", "in"}});
  t.counter("lasis_gate_people_total", "People counted through the gate", double(m_status.peopleOut), {{"direction", "out"}});
  t.counter("lasis_gate_turn_backs_total", "Passages started and turned back", double(m_status.turnBacks));
  t.gauge("lasis_gate_alarm_active", "1 while the alarm light is on", m_status.state == GateState::alarm ? 1 : 0);
  // Every fault name at 0 from the first scrape: the gauge says what is wrong now, the counter
  // catches a fault that came and went between two scrapes.
  std::vector<std::pair<std::size_t, std::string>> faults;  // (bit index, name)
  for (std::size_t i = 0; i < m_faultsRaised.size() && (1u << i) <= statusmap::kFaultEventLog; ++i) {
    const auto names = faultNames(static_cast<std::uint16_t>(1u << i));
    if (!names.empty()) faults.emplace_back(i, names.front());
  }
  for (const auto& [i, name] : faults)
    t.gauge("lasis_gate_fault", "1 while the named device fault is present", (m_status.faults & (1u << i)) ? 1 : 0,
            {{"fault", name}});
  for (const auto& [i, name] : faults)
    t.counter("lasis_gate_faults_total", "Times the named device fault came on", double(m_faultsRaised[i]),
              {{"fault", name}});
  t.gauge("lasis_gate_readers_configured", "Antenna readers configured", m_status.readersConfigured);
  t.gauge("lasis_gate_readers_working", "Antenna readers answering", m_status.readersWorking);
  t.counter("lasis_gate_reader_inventories_total", "Inventories the antenna readers answered", double(m_status.inventories));
  t.counter("lasis_gate_reader_errors_total", "Failed reader opens, inventories and tag reads", double(m_status.readerErrors));
  t.counter("lasis_gate_io_errors_total", "Times the I/O module was lost: a failed Modbus connect, read or write",
            double(m_ioErrors));
  t.counter("lasis_gate_tag_reads_total", "Tag passes the antennas read", double(m_status.tagReads));
  t.gauge("lasis_gate_reader_polls_per_second", "Inventories per second over the last seconds",
          m_status.pollRateTenths / 10.0);
  t.gauge("lasis_gate_uptime_seconds", "Seconds since the gate started",
          std::chrono::duration<double>(m_clock.monotonic() - m_startedAt).count());
  return t.text();
}

std::string GateDaemon::health() const {
  if (m_faults == 0) return {};
  std::string why = "fault:";
  for (const auto& name : faultNames(m_faults)) why += " " + name;
  return why;
}

} // namespace lasis::gate
