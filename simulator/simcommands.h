#pragma once
// Device kinds of `lasis-sim`. Each adds its subcommand (`ils`, `reader`, `gate-io`, …); a
// device prints one JSON line {"device":…} once it accepts connections, and runs until SIGTERM.
// The callback stores the process exit status in `exitCode`.

#include <CLI/CLI.hpp>

namespace lasis::sim {

/// `lasis-sim ils`: the simulated library system (simulator/ils/).
void addIlsCommand(CLI::App& app, int& exitCode);

void addReaderCommand(CLI::App& app, int& exitCode);  // pn532/readercommand.cpp: lasis-sim reader
void addGateIoCommand(CLI::App& app, int& exitCode);
void addSiteCommand(CLI::App& app, int& exitCode);  // site/sitecommand.cpp: lasis-sim site
void addScannerCommand(CLI::App& app, int& exitCode);  // scanner/scannercommand.cpp: lasis-sim scanner
void addNetworkCommand(CLI::App& app, int& exitCode);  // network/networkcommand.cpp: lasis-sim network (issue 23)

} // namespace lasis::sim
