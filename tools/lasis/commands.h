#pragma once
// Command groups of the `lasis` tool. Each adds its subcommands to the app; a command's
// callback stores its exit status in `exitCode` (0 when the operation happened, non-zero with a
// message on stderr when it could not). One declaration per group, one file per group.

#include <CLI/CLI.hpp>

namespace lasis::cli {

void addGateCommands(CLI::App& app, int& exitCode);
void addTagCommands(CLI::App& app, int& exitCode);  // tagcommands.cpp: lasis tag decode|encode
void addSip2Commands(CLI::App& app, int& exitCode);  // sip2commands.cpp: lasis sip2 --ils URL …
void addReaderCommands(CLI::App& app, int& exitCode);  // readercommands.cpp: lasis reader …
void addScannerCommands(CLI::App& app, int& exitCode);  // scannercommands.cpp: lasis scanner listen
void addQueueCommands(CLI::App& app, int& exitCode);  // queue stats|list|exceptions|replay|export
void addStaffCommands(CLI::App& app, int& exitCode);  // staffcommands.cpp: lasis staff hash-pin
void addDoctorCommands(CLI::App& app, int& exitCode);  // doctorcommands.cpp: lasis doctor --config
void addSupportBundleCommands(CLI::App& app, int& exitCode);  // supportbundlecommands.cpp: lasis support-bundle
void addConvertCommands(CLI::App& app, int& exitCode);  // convertcommands.cpp: lasis convert (conversion station)
void addFleetSignCommands(CLI::App& app, int& exitCode);  // fleetsigncommands.cpp: lasis fleet keygen|sign
void addFleetCommands(CLI::App& app, int& exitCode);  // fleetcommands.cpp: lasis fleet enroll ca|device|server|service
void addFleetServiceCommands(CLI::App& app, int& exitCode);  // fleetservicecommands.cpp: lasis fleet status|events|send

} // namespace lasis::cli
