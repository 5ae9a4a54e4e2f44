// `lasis-sim ils`: the simulated library system on its own, for scripts, demos and black-box tests.
#include "simulator/ils/ilssimulator.h"
#include "simulator/simcommands.h"

#include <iostream>

namespace lasis::sim {

void addIlsCommand(CLI::App& app, int& exitCode) {
  auto opts = std::make_shared<ils::IlsOptions>();
  auto* cmd = app.add_subcommand("ils", "a small library system speaking SIP2 (patrons, items, loans, holds, fines)");
  cmd->add_option("--port", opts->port, "SIP2 port on 127.0.0.1 (0: any free port)");
  cmd->add_option("--data", opts->data, "library data file (TOML)")->check(CLI::ExistingFile);
  cmd->add_option("--db", opts->db, "SQLite state file; an existing one keeps its state (default: a temporary file)");
  cmd->add_option("--control-port", opts->controlPort, "JSON control port on 127.0.0.1 (0: any free port)");
  cmd->add_option("--profile", opts->profile, "SIP2 dialect: koha (CRLF) or evergreen (CR)")
      ->check(CLI::IsMember({"koha", "evergreen"}));
  cmd->callback([opts, &exitCode] {
    boost::asio::io_context io;
    SystemClock clock;
    auto sim = ils::IlsSimulator::start(io, *opts, clock, makeLogger("sim-ils"));
    if (!sim) {
      std::cerr << "lasis-sim ils: " << sim.error().describe() << "\n";
      exitCode = 1;
      return;
    }
    announce((*sim)->readyLine());
    exitCode = runUntilSignal(io);
  });
}

} // namespace lasis::sim
