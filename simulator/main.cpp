// `lasis-sim`: emulates Lasis's hardware and the library system at the wire level.
#include "common/cli/clidoc.h"
#include "common/core/buildinfo.h"
#include "drivers/libraryversions.h"
#include "simulator/simcommands.h"

int main(int argc, char** argv) {
  // The simulator's gate I/O module is libmodbus; its PN532 and ILS are our own code.
  if (lasis::printVersionIfAsked(argc, argv, "lasis-sim", {lasis::drivers::libmodbusVersion()})) return 0;
  CLI::App app{"lasis-sim: simulated readers, scanners, gate I/O and library system for Lasis"};
  app.add_flag("--version")->description("print the version, git commit, build date and library versions and exit (--json: as JSON)");
  app.require_subcommand(1);
  int exitCode = 0;
  // Device kinds register here, one line each.
  lasis::sim::addIlsCommand(app, exitCode);
  lasis::sim::addReaderCommand(app, exitCode);
  lasis::sim::addGateIoCommand(app, exitCode);
  lasis::sim::addSiteCommand(app, exitCode);
  lasis::sim::addScannerCommand(app, exitCode);
  lasis::sim::addNetworkCommand(app, exitCode);
  if (auto rc = lasis::clidoc::generateIfAsked(app, argc, argv, "lasis-sim")) return *rc;  // man page, completion
  CLI11_PARSE(app, argc, argv);
  return exitCode;
}
