// `lasis-sim scanner`: a simulated barcode/QR scanner, serial on a pty and/or keyboard-wedge
// key events on a FIFO (simulator/scanner/simscanner.h).
//
// Contract (scripts rely on it):
//   lasis-sim scanner [--serial LINK] [--events PATH] [--layout us|lv|lt|uk]
//                     [--suffix CR|LF|CRLF|TAB|ETX|none] [--prefix STX|none]
//                     [--control-port N] [--scenario FILE]
//   (neither --serial nor --events: a serial scanner in a fresh directory under /tmp)
//   prints exactly one line once the drivers can open it and the control channel listens:
//   {"device":"scanner","serial":"serial:LINK?suffix=CR"|"","events":"evdev:PATH?layout=us&suffix=enter"|"",
//    "control":"tcp://127.0.0.1:P"}
//   and runs until SIGTERM/SIGINT (exit 0); exit 1 with a message on stderr on bad arguments.
#include "simulator/simcommands.h"

#include "simulator/control/controlserver.h"
#include "simulator/scanner/simscanner.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace lasis::sim {

namespace {
struct ScannerArgs {
  std::string serial;
  std::string events;
  std::string layout = "us";
  std::string suffix = "CR";
  std::string prefix = "none";
  int controlPort = 0;
  std::string scenario;
};

int runScanner(const ScannerArgs& a) {
  auto complain = [](const std::string& m) {
    std::fprintf(stderr, "lasis-sim scanner: %s\n", m.c_str());
    return 1;
  };
  SimScanner::Options o;
  o.serialLink = a.serial;
  o.eventsPath = a.events;
  o.suffix = a.suffix;
  o.prefix = a.prefix;
  auto layout = drivers::keyLayoutFromString(a.layout);
  if (!layout) return complain("--layout " + a.layout + ": one of us, lv, lt, uk");
  o.layout = *layout;
  std::string dir;
  if (o.serialLink.empty() && o.eventsPath.empty()) {
    char tmpl[] = "/tmp/lasis-sim-XXXXXX";
    if (!::mkdtemp(tmpl)) return complain("cannot create a directory under /tmp for the scanner's pty link");
    dir = tmpl;
    o.serialLink = dir + "/scanner";
  }
  boost::asio::io_context io;
  auto scanner = SimScanner::open(io, o);
  if (!scanner) return complain(scanner.error().describe());
  if (!a.scenario.empty()) {
    if (auto s = (*scanner)->loadScenario(a.scenario); !s) return complain(s.error().message());
  }
  SimScanner* s = scanner->get();
  ControlServer control(io, [s](const Json& req) { return s->control(req); }, static_cast<std::uint16_t>(a.controlPort));
  ReadyLine ready;  // key order as documented
  ready["device"] = "scanner";
  ready["serial"] = s->serialUrl();
  ready["events"] = s->eventsUrl();
  ready["control"] = control.url();
  const int rc = runUntilSignal(io, ready);
  scanner->reset();  // closes the pty and the FIFO, removes the link
  if (!dir.empty()) ::rmdir(dir.c_str());
  return rc;
}
} // namespace

void addScannerCommand(CLI::App& app, int& exitCode) {
  auto args = std::make_shared<ScannerArgs>();
  auto* cmd = app.add_subcommand("scanner", "a simulated barcode/QR scanner: serial on a pty, and/or keyboard-wedge key events on a FIFO\n"
                                 "  e.g. lasis-sim scanner --serial /tmp/scanner0 --events /tmp/scanner0.events --layout lv");
  cmd->add_option("--serial", args->serial, "path of the serial scanner's pty symlink (read as serial:PATH)");
  cmd->add_option("--events", args->events, "path of a FIFO of input events the scanner's keys are written to (read as evdev:PATH)");
  cmd->add_option("--layout", args->layout, "the keyboard layout the scanner types with on --events")
      ->check(CLI::IsMember({"us", "lv", "lt", "uk"}));
  cmd->add_option("--suffix", args->suffix, "what ends a code on --serial (TAB also makes --events end codes with Tab)")
      ->check(CLI::IsMember({"CR", "LF", "CRLF", "TAB", "ETX", "none"}));
  cmd->add_option("--prefix", args->prefix, "what starts a code on --serial")->check(CLI::IsMember({"STX", "none"}));
  cmd->add_option("--control-port", args->controlPort, "control channel port on 127.0.0.1 (0: any free port)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--scenario", args->scenario, "control commands to run, one JSON object a line, with optional \"at_ms\"");
  cmd->callback([args, &exitCode] { exitCode = runScanner(*args); });
}

} // namespace lasis::sim
