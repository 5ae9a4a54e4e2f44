// lasis-gate: the security gate daemon. Reads tags at the exit, sounds the alarm for items not
// checked out, counts people, logs events and serves its status over Modbus TCP.
#include "common/cli/clidoc.h"
#include "common/core/asio.h"
#include "common/core/buildinfo.h"
#include "common/core/clock.h"
#include "common/core/log.h"
#include "gate/gatedaemon.h"
#include "gate/systemdnotifier.h"
#include "drivers/libraryversions.h"
#include "drivers/tagreaderfactory.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

using namespace lasis;

namespace {

/// Opens a reader by URL (libnfc or PC/SC, chosen by scheme). Lazy: a reader that is unplugged
/// at start-up is a reader fault the gate reports and retries, not a reason to stop protecting
/// with the readers that do work.
Result<std::unique_ptr<rfid::TagReader>> openReader(const std::string& connstring) {
  return drivers::openTagReader(connstring, makeLogger("reader"), drivers::OpenMode::lazy);
}

} // namespace

int main(int argc, char** argv) {
  drivers::quietLibnfc();  // before any thread: libnfc says nothing on stderr, our log does
  if (printVersionIfAsked(argc, argv, "lasis-gate", {drivers::libnfcVersion(), drivers::libmodbusVersion()})) return 0;
  CLI::App app{"lasis-gate: RFID security gate daemon (alarm, people counting, Modbus status)\n"
                "  e.g. lasis-gate --config /etc/lasis/gate.toml\n"
                "  e.g. lasis-gate --config /etc/lasis/gate.toml --check-config"};
  std::string configPath;
  gate::GateOverrides overrides;
  std::string io, statusListen, db;
  bool checkConfig = false;
  // No CLI11 file check here: ConfigDoc::load says what is wrong with the path (a directory, a
  // FIFO, /dev/zero, no permission), in the same words for the kiosk and the gate.
  app.add_option("--config", configPath, "configuration file (TOML), e.g. /etc/lasis/gate.toml");
  app.add_option("--reader", overrides.readers, "reader connstring (repeatable); replaces [readers] connstrings");
  app.add_option("--io", io, "I/O module URL, e.g. modbus-tcp://10.0.0.5:502?unit=1; replaces io.url");
  app.add_option("--status-listen", statusListen, "status server HOST:PORT (port 0: any); replaces status.listen");
  app.add_option("--db", db, "event log database file; replaces log.db");
  app.add_flag("--check-config", checkConfig,
               "run the start-up checks on --config and the options above, opening nothing; exit 0 if the gate "
               "would start, 1 with the reasons if not");
  app.add_flag("--version")->description("print the version, git commit, build date and library versions and exit (--json: as JSON)");
  if (auto rc = clidoc::generateIfAsked(app, argc, argv, "lasis-gate")) return *rc;  // man page, completion
  CLI11_PARSE(app, argc, argv);
  if (!io.empty()) overrides.ioUrl = io;
  if (!statusListen.empty()) overrides.statusListen = statusListen;
  if (!db.empty()) overrides.db = db;

  auto log = makeLogger("gate");
  boost::asio::io_context ioc;
  SystemClock clock;
  std::optional<std::filesystem::path> file;
  if (!configPath.empty()) file = configPath;
  gate::GateDaemon daemon(ioc, file, overrides, openReader, clock, log, drivers::checkTagReaderUrl);
  if (checkConfig) {
    // The same validation start() runs first (GateDaemon::validate), without its devices.
    if (auto c = daemon.validate(); !c) {
      std::fprintf(stderr, "lasis-gate: %s\n", c.error().message().c_str());
      return 1;
    }
    std::printf("%s: ok\n", configPath.empty() ? "<no config file>" : configPath.c_str());
    return 0;
  }
  if (auto st = daemon.start(); !st) {
    std::fprintf(stderr, "lasis-gate: %s\n", st.error().message().c_str());
    return 1;
  }

  gate::SystemdNotifier notifier(ioc);
  boost::asio::signal_set hup(ioc, SIGHUP);
  std::function<void()> waitHup = [&] {
    hup.async_wait([&](boost::system::error_code ec, int) {
      if (ec) return;
      notifier.reloading();
      (void)daemon.reload();  // a refused reload is logged; the gate keeps running as it was
      notifier.ready("running");
      waitHup();
    });
  };
  waitHup();
  boost::asio::signal_set term(ioc, SIGTERM, SIGINT);
  term.async_wait([&](boost::system::error_code ec, int) {
    if (ec) return;
    notifier.stopping();
    hup.cancel();
    daemon.shutdown([&] { ioc.stop(); });
  });

  // Scripts and tests wait for this line; systemd waits for READY=1.
  std::cout << nlohmann::json{{"daemon", "lasis-gate"}, {"status", daemon.statusUrl()}, {"metrics", daemon.metricsUrl()}}.dump()
            << std::endl;
  notifier.ready("running");
  notifier.startWatchdog();
  ioc.run();
  return 0;
}
