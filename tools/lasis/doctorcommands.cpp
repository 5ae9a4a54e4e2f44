// lasis doctor [--config PATH] [--json]: checks what a kiosk or gate config names, one line each —
// OK, WARN or FAIL, what was found, and what to do — so a technician on site sees at once why
// something stopped. Without --config, every *.toml in /etc/lasis/ ($LASIS_CONFIG_DIR) in turn.
// The last line says which build checked, on which host, when (a report pasted into a ticket
// carries it). Exit status 0 when nothing FAILs, 1 otherwise, 2 for bad options or no config.
#include "common/core/buildinfo.h"
#include "common/core/config.h"
#include "common/fleet/fleetconfig.h"
#include "common/gate/gateconfig.h"
#include "drivers/fleet/fleetagent.h"
#include "drivers/fleet/mqttconnect.h"
#include "drivers/sqlite/queue/sqlitequeuestore.h"
#include "drivers/sip2client/sip2ils.h"
#include "drivers/sqlite/sqlitedb.h"
#include "drivers/modbus/gatestatusclient.h"
#include "drivers/modbus/modbusconnection.h"
#include "drivers/modbus/modbusurl.h"
#include "drivers/scanner/evdevscanner.h"
#include "drivers/scanner/scannerfactory.h"
#include "drivers/tagreaderfactory.h"
#include "tools/lasis/commands.h"
#include "tools/lasis/deviceconfig.h"
#include "kiosk/runtime/kioskruntime.h"

#include <mosquitto.h>
#include <nlohmann/json.hpp>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <system_error>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lasis::cli {

namespace {

enum class Level { ok, warn, fail };

struct Finding {
  Level level;
  std::string what;    ///< the thing checked
  std::string detail;  ///< what was found
  std::string advice;  ///< what to do (empty for OK)
  std::string config;  ///< the file whose check this is (empty: none)
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();  ///< more keys for --json
};

class Doctor {
public:
  /// The file the next findings belong to.
  void setConfig(std::string path) { m_config = std::move(path); }
  void add(Level l, std::string what, std::string detail, std::string advice = {},
           nlohmann::ordered_json extra = nlohmann::ordered_json::object()) {
    m_findings.push_back({l, std::move(what), std::move(detail), std::move(advice), m_config, std::move(extra)});
  }
  bool failed() const {
    for (const auto& f : m_findings)
      if (f.level == Level::fail) return true;
    return false;
  }
  void print(bool json) const {
    if (json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& f : m_findings) {
        nlohmann::ordered_json row{{"status", name(f.level)}, {"check", f.what}, {"detail", f.detail}, {"advice", f.advice}};
        if (!f.config.empty()) row["config"] = f.config;
        row.update(f.extra);
        out.push_back(std::move(row));
      }
      std::printf("%s\n", out.dump(2).c_str());
      return;
    }
    for (const auto& f : m_findings)
      std::printf("%-4s  %-10s %s%s%s\n", name(f.level), f.what.c_str(), f.detail.c_str(), f.advice.empty() ? "" : " — ",
                  f.advice.c_str());
  }

private:
  static const char* name(Level l) { return l == Level::ok ? "OK" : l == Level::warn ? "WARN" : "FAIL"; }
  std::vector<Finding> m_findings;
  std::string m_config;
};

/// The last row: which build checked, on which host, when. Last, not first, so that a script
/// reading the first row still finds the config check there.
void addAbout(Doctor& d) {
  const auto& b = buildInfo();
  const std::string host = hostName("unknown");
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  d.setConfig({});
  d.add(Level::ok, "version",
        "lasis " + b.version + " (commit " + b.commit + ", built " + b.buildDate + ") on " + host + " at " + when, {},
        {{"version", b.version}, {"commit", b.commit}, {"build_date", b.buildDate}, {"host", host}, {"time", when}});
}

void checkReader(Doctor& d, const std::string& what, const std::string& url) {
  if (url.empty() || url == "none") {
    d.add(Level::warn, what, "no reader configured", "set reader.url (e.g. pn532_uart:/dev/lasis/reader-SERIAL)");
    return;
  }
  auto reader = drivers::openTagReader(url, nullLogger(), drivers::OpenMode::requireDevice);
  if (!reader) {
    d.add(Level::fail, what, url + ": " + reader.error().message(),
          "check the cable and power, the device name (ls -l /dev/lasis/), and that the lasis user is in the dialout group");
    return;
  }
  auto inv = (*reader)->inventory();
  if (!inv) {
    d.add(Level::fail, what, url + " opened but does not answer: " + inv.error().message(),
          "unplug and replug the reader; if it persists, replace it");
    return;
  }
  d.add(Level::ok, what, url + " answers, " + std::to_string(inv->size()) + " tag(s) in its field");
}

/// One configured scanner: its URL names a scanner, the device is there and opens (and, for a
/// keyboard-wedge scanner, can be grabbed, or every scan would also be typed into the UI).
void checkScanner(Doctor& d, const std::string& what, const std::string& url) {
  if (auto st = drivers::checkScannerUrl(url); !st) {
    d.add(Level::fail, what, st.error().message(),
          "fix scanner.devices (serial:/dev/lasis/scanner0?suffix=CR or evdev:/dev/input/by-id/…-event-kbd?layout=us)");
    return;
  }
  auto scanner = drivers::openScanner(url, nullLogger(), drivers::ScannerOpenMode::requireDevice);
  if (!scanner) {
    const Error& e = scanner.error();
    if (e.is(Errc::busy)) {
      // The running kiosk holds its scanners (the grab, the exclusive serial line): that is how
      // it should be, so only a warning, naming who else it could be.
      d.add(Level::warn, what, url + ": " + e.message(),
            "if lasis-kiosk runs, it is the one holding it (systemctl status lasis-kiosk); otherwise stop the "
            "program that does (a desktop session, a second kiosk)");
      return;
    }
    std::string advice = "check the cable, the device name (ls -l /dev/lasis/ /dev/input/by-id/) and the udev rule";
    if (e.is(Errc::io)) advice = "the device must be in the dialout group (the udev rule, deploy/70-lasis.rules) and the lasis user in dialout";
    d.add(Level::fail, what, url + ": " + e.message(), advice);
    return;
  }
  const auto* evdev = dynamic_cast<const drivers::EvdevScanner*>(scanner->get());
  d.add(Level::ok, what, url + (evdev && evdev->grabbed() ? " opens and is grabbed" : " opens"));
}

void checkIls(Doctor& d, const std::string& url) {
  if (url.empty()) {
    d.add(Level::fail, "ils", "no ils.url", "set ils.url to the library system's SIP2 address");
    return;
  }
  SystemClock clock;
  auto ils = sip2::Sip2Ils::create(url, clock, nullLogger());
  if (!ils) {
    d.add(Level::fail, "ils", ils.error().message(), "fix ils.url (see /etc/lasis/kiosk.toml)");
    return;
  }
  auto st = (*ils)->status();
  if (!st && st.error().is(Errc::refused)) {
    // Not the network: the ILS answered and refused the kiosk's own login (ils.h).
    d.add(Level::fail, "ils", "the library system refuses the kiosk's SIP2 login: " + st.error().message(),
          "check the user, password (or password_file) and location in ils.url with the ILS administrator; "
          "the kiosk shows \"out of order\" until the ILS accepts it");
    return;
  }
  if (!st) {
    d.add(Level::fail, "ils", "not answering: " + st.error().message(),
          "check the network and firewall to the ILS, its host and port, and the SIP2 login (ask the ILS administrator)");
    return;
  }
  if (!st->online) {
    d.add(Level::warn, "ils", "answers but says it is offline", "the ILS is in maintenance: the kiosk works offline per [offline]");
  } else {
    d.add(Level::ok, "ils", "online" + (st->institution.empty() ? std::string() : ", institution " + st->institution) +
                                (st->checkoutOk ? "" : ", checkouts refused by the ILS"));
  }
  if (st->serverTime) {
    const auto skew = std::chrono::duration_cast<std::chrono::seconds>(clock.now() - *st->serverTime).count();
    if (std::llabs(skew) > 120)
      d.add(Level::warn, "clock", "differs from the ILS by " + std::to_string(skew) + " s",
            "enable time sync (timedatectl set-ntp true): due dates and offline replays use this clock");
  }
}

void checkClock(Doctor& d) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  if (tm.tm_year + 1900 < 2024)
    d.add(Level::fail, "clock", "the date is " + std::to_string(tm.tm_year + 1900),
          "set the clock (timedatectl set-ntp true): loans, logs and TLS certificates depend on it");
  else
    d.add(Level::ok, "clock", "year " + std::to_string(tm.tm_year + 1900));
}

void checkDisk(Doctor& d, const std::filesystem::path& file) {
  const auto dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  struct statvfs vfs {};
  if (::statvfs(dir.c_str(), &vfs) != 0) {
    d.add(Level::fail, "disk", dir.string() + " does not exist", "create it (the package's unit uses /var/lib/lasis)");
    return;
  }
  const double freeMiB = double(vfs.f_bavail) * double(vfs.f_frsize) / (1024.0 * 1024.0);
  char text[96];
  std::snprintf(text, sizeof text, "%.0f MiB free on %s", freeMiB, dir.c_str());
  if (freeMiB < 50) d.add(Level::fail, "disk", text, "free space now: the queue cannot record transactions");
  else if (freeMiB < 1024) d.add(Level::warn, "disk", text, "free some space (old logs, journal: journalctl --vacuum-size)");
  else d.add(Level::ok, "disk", text);
}

void checkDatabase(Doctor& d, const std::string& path, const std::string& what) {
  if (path.empty()) {
    d.add(Level::fail, what, "no database configured", "set queue.db (e.g. /var/lib/lasis/kiosk.db)");
    return;
  }
  if (!std::filesystem::exists(path)) {
    d.add(Level::warn, what, path + " does not exist yet", "it is created at the first start");
    checkDisk(d, path);
    return;
  }
  std::string integrity = "cannot open";
  // Busy timeout 0, as the doctor always opened it: a database held locked is reported at once.
  if (auto db = storage::SqliteDb::open(path, storage::SqliteDb::Mode::readOnly, 0)) {
    auto st = db->prepare("PRAGMA quick_check");
    auto row = st ? st->step() : Result<bool>(st.error());
    // quick_check answers "ok" or what is wrong; a file SQLite cannot read answers with the error.
    integrity = row && *row ? st->text(0) : db->message();
  }
  if (integrity != "ok") {
    d.add(Level::fail, what, path + " is damaged: " + integrity,
          "stop the service, keep the file for the developers, restore it from backup (docs/queue.md)");
    return;
  }
  const auto size = std::filesystem::file_size(path);
  std::string detail = path + " healthy, " + std::to_string(size / 1024) + " KiB";
  Level level = size > 512ull * 1024 * 1024 ? Level::warn : Level::ok;
  std::string advice = level == Level::warn ? "it keeps growing: lower queue.retention_days" : "";
  if (what == "queue") {
    SystemClock clock;
    auto store = queue::SqliteQueueStore::open(path, clock);
    if (!store) {
      d.add(Level::fail, what, path + ": " + store.error().message(), "see docs/queue.md");
      return;
    }
    auto s = (*store)->stats();
    if (s) {
      detail += ", " + std::to_string(s->pending + s->sending + s->uncertain) + " waiting for the ILS, " +
                std::to_string(s->openExceptions) + " exception(s)";
      if (s->openExceptions > 0) {
        level = Level::warn;
        advice = "staff must look at them: lasis queue exceptions --db " + path;
      }
      if (s->oldestUnsynced && clock.now() - *s->oldestUnsynced > std::chrono::hours(24)) {
        level = Level::warn;
        advice = "transactions wait for the ILS for over a day: check the ILS connection";
      }
    }
  }
  d.add(level, what, detail, advice);
  checkDisk(d, path);
}

void checkGateStatus(Doctor& d, const std::string& address, bool gateRunsHere) {
  auto s = modbus::readGateStatus(address);
  if (!s) {
    d.add(gateRunsHere ? Level::fail : Level::warn, "gate", address + ": " + s.error().message(),
          gateRunsHere ? "the gate daemon is not running: systemctl status lasis-gate"
                       : "check that the gate is on and its status server reachable from here");
    return;
  }
  std::string faults;
  for (const auto& f : gate::faultNames(s->faults)) faults += (faults.empty() ? "" : ", ") + f;
  if (!faults.empty())
    d.add(Level::warn, "gate", std::string(gate::toString(s->state)) + ", faults: " + faults,
          "see the gate's log: journalctl -u lasis-gate");
  else
    d.add(Level::ok, "gate", std::string(gate::toString(s->state)) + ", " + std::to_string(s->readersWorking) + " of " +
                                 std::to_string(s->readersConfigured) + " readers working");
}

/// [fleet] (when the config has it): the files it names, then the broker reached over TLS with the
/// device's own certificate. The doctor connects under a client id of its own ("lasis-doctor-PID"),
/// publishes nothing and sets no will, so the running device is neither kicked off the broker (a
/// second connection with its client id would be) nor shown offline.
void checkFleet(Doctor& d, const std::string& path) {
  auto doc = ConfigDoc::load(path);
  if (!doc || !doc->has("fleet")) return;
  auto cfg = fleet::readFleetConfig(*doc);
  if (!cfg) return;  // the config check has said what is wrong with it
  if (auto st = fleet::checkFleetFiles(*cfg); !st) {
    d.add(Level::fail, "fleet", st.error().message(), "lasis fleet enroll device …; see docs/fleet.md");
    return;
  }
  fleet::mqttLibInit();
  const std::string id = "lasis-doctor-" + std::to_string(::getpid());
  mosquitto* m = mosquitto_new(id.c_str(), true, nullptr);
  std::string problem;
  if (!m) {
    problem = "libmosquitto could not make a client";
  } else {
    mosquitto_int_option(m, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    int rc = MOSQ_ERR_SUCCESS;
    if (cfg->url.tls) rc = mosquitto_tls_set(m, cfg->caFile.c_str(), nullptr, cfg->certFile.c_str(), cfg->keyFile.c_str(), nullptr);
    if (rc == MOSQ_ERR_SUCCESS) rc = fleet::mqttConnect(m, cfg->url.host.c_str(), cfg->url.port, 10, cfg->url.tls);
    if (rc != MOSQ_ERR_SUCCESS) {
      problem = rc == MOSQ_ERR_ERRNO ? std::string(std::generic_category().message(errno)) : mosquitto_strerror(rc);
    } else {
      // CONNACK: the broker took the certificate (a refusal closes the connection).
      static int connack = -1;
      connack = -1;
      mosquitto_connect_callback_set(m, [](mosquitto*, void*, int code) { connack = code; });
      const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (connack < 0 && std::chrono::steady_clock::now() < until) {
        if (mosquitto_loop(m, 100, 1) != MOSQ_ERR_SUCCESS) break;
      }
      if (connack != 0)
        problem = connack < 0 ? "no answer from the broker (or it closed the connection: is the certificate of this network's CA?)"
                              : mosquitto_connack_string(connack);
      mosquitto_disconnect(m);
    }
    mosquitto_destroy(m);
  }
  if (!problem.empty()) {
    d.add(Level::fail, "fleet", cfg->broker + ": " + problem,
          "check the broker's address and port, the network's CA (fleet.ca_file) and the device's certificate");
    return;
  }
  d.add(Level::ok, "fleet", cfg->broker + " accepts " + fleet::commonNameOf(cfg->id) + (cfg->url.tls ? " over TLS" : " (no TLS)"));
}

/// Every scanner the kiosk config lists in scanner.devices (an array of URLs), one check each.
void checkScanners(Doctor& d, const std::string& path) {
  auto doc = ConfigDoc::load(path);
  if (!doc) return;
  int n = 0;
  for (const auto& url : doc->strings("scanner.devices", {})) checkScanner(d, "scanner " + std::to_string(++n), url);
}

int kioskDoctor(const std::string& path, Doctor& d) {
  if (auto st = kiosk::KioskRuntime::checkConfig(path); !st) {
    d.add(Level::fail, "config", st.error().describe(), "fix the line named (every option: /etc/lasis/kiosk.toml)");
    // The scanners are still checked: what the technician on site needs to know about the
    // devices does not depend on the rest of the file being right.
    checkScanners(d, path);
    return 1;
  }
  d.add(Level::ok, "config", path);
  auto doc = ConfigDoc::load(path);
  checkReader(d, "reader", doc->string("reader.url", "none"));
  checkScanners(d, path);
  checkIls(d, doc->string("ils.url", ""));
  checkDatabase(d, doc->string("queue.db", ""), "queue");
  const std::string gate = doc->string("staff.gate_status", "");
  if (!gate.empty()) checkGateStatus(d, gate, false);
  checkFleet(d, path);
  checkClock(d);
  return 0;
}

int gateDoctor(const std::string& path, Doctor& d) {
  auto doc = ConfigDoc::load(path);
  if (!doc) {
    d.add(Level::fail, "config", doc.error().describe(), "fix the file");
    return 1;
  }
  auto cfg = readGateConfig(*doc);  // [fleet] too; its files and broker are checked by checkFleet
  if (!cfg) {
    d.add(Level::fail, "config", cfg.error().describe(), "fix the line named (every option: /etc/lasis/gate.toml)");
    return 1;
  }
  d.add(Level::ok, "config", path);
  int n = 0;
  for (const auto& r : cfg->readers) checkReader(d, "antenna " + std::to_string(++n), r);
  if (cfg->readers.empty()) d.add(Level::fail, "antenna", "no antenna reader configured", "set [readers] connstrings");
  if (cfg->ioUrl.empty()) {
    d.add(Level::warn, "io-module", "none configured: alarms are logged only", "set [io] url to the light/buzzer module");
  } else {
    auto url = modbus::parseModbusUrl(cfg->ioUrl);
    auto conn = url ? modbus::ModbusConnection::open(*url, std::chrono::milliseconds(1000))
                    : Result<modbus::ModbusConnection>(url.error());
    auto in = conn ? conn->readDiscreteInputs(0, 2) : Result<std::vector<bool>>(conn.error());
    if (!in)
      d.add(Level::fail, "io-module", cfg->ioUrl + ": " + in.error().message(),
            "check the module's power and cable/network, its address and port, and the RS-485 adapter (/dev/lasis/rs485-…)");
    else
      d.add(Level::ok, "io-module", cfg->ioUrl + " answers (beams " + (in->at(0) ? "A broken" : "A clear") + ", " +
                                       (in->at(1) ? "B broken" : "B clear") + ")");
  }
  if (!cfg->statusListen.empty()) {
    auto hp = gate::splitHostPort(cfg->statusListen);
    if (hp && hp->second != 0)
      checkGateStatus(d, (hp->first == "0.0.0.0" ? std::string("127.0.0.1") : hp->first) + ":" + std::to_string(hp->second),
                      true);
  }
  checkDatabase(d, cfg->db, "event-log");
  checkFleet(d, path);
  checkClock(d);
  return 0;
}

} // namespace

void addDoctorCommands(CLI::App& app, int& exitCode) {
  auto* doctor = app.add_subcommand("doctor", "Check every device and service a kiosk or gate config names\n"
                                                    "  e.g. lasis doctor --config /etc/lasis/kiosk.toml --json");
  static std::string path, kind = "auto";
  static bool json = false;
  doctor->add_option("--config", path,
                     "kiosk.toml or gate.toml (default: every *.toml in /etc/lasis/, or in $LASIS_CONFIG_DIR)");
  doctor->add_option("--kind", kind, "kiosk, gate, or auto (by the file's sections)")
      ->check(CLI::IsMember({"auto", "kiosk", "gate"}));
  doctor->add_flag("--json", json, "JSON instead of lines");
  doctor->callback([&exitCode] {
    std::vector<std::string> configs;
    if (!path.empty()) {
      configs.push_back(path);
    } else {
      const std::string dir = configDir();
      configs = configsIn(dir);
      if (configs.empty()) {
        std::fprintf(stderr,
                     "lasis doctor: no configuration to check: no *.toml in %s (name one with --config FILE, "
                     "or set LASIS_CONFIG_DIR)\n",
                     dir.c_str());
        exitCode = 2;
        return;
      }
    }
    Doctor d;
    for (const auto& c : configs) {
      d.setConfig(c);
      const std::string k = kind == "auto" ? guessKind(c) : kind;
      (void)(k == "gate" ? gateDoctor(c, d) : kioskDoctor(c, d));
    }
    addAbout(d);
    d.print(json);
    exitCode = d.failed() ? 1 : 0;
  });
}

} // namespace lasis::cli
