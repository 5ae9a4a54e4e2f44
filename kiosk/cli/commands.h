#pragma once
// Command groups of the `lasis` tool. Each adds its subcommands to the app; a command's
// callback stores its exit status in `exitCode` (0 when the operation happened, non-zero with a
// message on stderr when it could not). One declaration per group, one file per group.

#include <CLI/CLI.hpp>

namespace lasis::cli {

void addTagCommands(CLI::App& app, int& exitCode);  // tagcommands.cpp: lasis tag decode|encode
/// `lasis sip2 --ils URL …`: SIP2 exchanges with the ILS, replies as JSON.
void addSip2Commands(CLI::App& app, int& exitCode);
void addReaderCommands(CLI::App& app, int& exitCode);  // readercommands.cpp: lasis reader …

} // namespace lasis::cli
