// `lasis-sim`: emulates Lasis's hardware and the library system at the wire level.
#include "simulator/simcommands.h"

int main(int argc, char** argv) {
  CLI::App app{"lasis-sim: simulated readers, gate I/O and library system for Lasis"};
  app.require_subcommand(1);
  int exitCode = 0;
  // Device kinds register here, one line each.
  lasis::sim::addIlsCommand(app, exitCode);
  lasis::sim::addReaderCommand(app, exitCode);
  lasis::sim::addGateIoCommand(app, exitCode);
  lasis::sim::addSiteCommand(app, exitCode);
  CLI11_PARSE(app, argc, argv);
  return exitCode;
}
