// `lasis`: tag encode/decode, SIP2 probe, queue inspection and replay, gate status, readers, scanners.
#include "common/cli/clidoc.h"
#include "common/core/buildinfo.h"
#include "drivers/libraryversions.h"
#include "tools/lasis/commands.h"

int main(int argc, char** argv) {
  lasis::drivers::quietLibnfc();  // before any thread: libnfc says nothing on stderr, our log does
  if (lasis::printVersionIfAsked(argc, argv, "lasis",
                                 {lasis::drivers::libnfcVersion(), lasis::drivers::libmodbusVersion()}))
    return 0;
  CLI::App app{"lasis: tools for Lasis library kiosks and gates"};
  app.add_flag("--version")->description("print the version, git commit, build date and library versions and exit (--json: as JSON)");
  app.require_subcommand(1);
  int exitCode = 0;
  // Command groups register here, one line each.
  lasis::cli::addGateCommands(app, exitCode);
  lasis::cli::addTagCommands(app, exitCode);
  lasis::cli::addSip2Commands(app, exitCode);
  lasis::cli::addReaderCommands(app, exitCode);
  lasis::cli::addScannerCommands(app, exitCode);
  lasis::cli::addQueueCommands(app, exitCode);
  lasis::cli::addStaffCommands(app, exitCode);
  lasis::cli::addDoctorCommands(app, exitCode);
  lasis::cli::addSupportBundleCommands(app, exitCode);
  lasis::cli::addConvertCommands(app, exitCode);
  lasis::cli::addFleetCommands(app, exitCode);
  lasis::cli::addFleetSignCommands(app, exitCode);
  lasis::cli::addFleetServiceCommands(app, exitCode);
  if (auto rc = lasis::clidoc::generateIfAsked(app, argc, argv, "lasis")) return *rc;  // man page, completion
  CLI11_PARSE(app, argc, argv);
  return exitCode;
}
