#pragma once
// `lasis-sim reader --pcsc`: the PC/SC (ISO 15693) variant of the `reader` device. The `reader`
// subcommand (pn532/readercommand.cpp) owns --tag; this adds --pcsc and its options to it and
// runs the vpcd-backed reader when --pcsc is given.

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

namespace lasis::sim {

/// The options `reader --pcsc` adds.
struct PcscReaderOptions {
  bool enabled = false;  ///< --pcsc given
  int slot = 0;
  std::string isil;
  std::string vpcdHost = "127.0.0.1";
  bool noQuickAck = false;
};

/// Adds --pcsc, --slot, --isil, --vpcd-host, --no-quickack to the `reader` subcommand.
std::shared_ptr<PcscReaderOptions> addPcscReaderOptions(CLI::App& readerCommand);

/// Runs the PC/SC reader with `tags` (icode-slix:UID[:ITEM_ID]) until SIGTERM; the exit status.
int runPcscReader(const PcscReaderOptions& options, const std::vector<std::string>& tags);

} // namespace lasis::sim
