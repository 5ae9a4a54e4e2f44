// `lasis-sim gate-io`: the gate's I/O module alone, on Modbus TCP.
#include "simulator/gateio/gateiodevice.h"
#include "simulator/simcommands.h"

namespace lasis::sim {

void addGateIoCommand(CLI::App& app, int& exitCode) {
  auto* cmd = app.add_subcommand("gate-io", "the gate's Modbus I/O module (beams, light, buzzer) on 127.0.0.1\n"
                                 "  e.g. lasis-sim gate-io --port 1502 --control-port 0");
  auto port = std::make_shared<std::uint16_t>(0);
  auto controlPort = std::make_shared<std::uint16_t>(0);
  cmd->add_option("--port", *port, "Modbus TCP port (0: any free port)");
  cmd->add_option("--control-port", *controlPort, "control channel port (0: any free port)");
  auto rtu = std::make_shared<bool>(false);
  cmd->add_flag("--rtu", *rtu, "Modbus RTU on a new pty instead of TCP (url modbus-rtu:///dev/pts/N)");
  auto baud = std::make_shared<int>(0);
  cmd->add_option("--uart-baud", *baud, "with --rtu: answer as slowly as a real line at this baud rate (0: instant)")
      ->check(CLI::Range(0, 4'000'000));
  cmd->callback([port, controlPort, rtu, baud, &exitCode] {
    boost::asio::io_context io;
    auto dev = GateIoDevice::start(io, *port, *rtu, *baud);
    if (!dev) {
      std::fprintf(stderr, "lasis-sim gate-io: %s\n", dev.error().describe().c_str());
      exitCode = 1;
      return;
    }
    GateIoDevice* d = dev->get();
    ControlServer control(io, [d](const Json& r) { return d->handle(r); }, *controlPort);
    ReadyLine ready;
    ready["device"] = "gate-io";
    ready["url"] = d->url();
    ready["control"] = control.url();
    exitCode = runUntilSignal(io, ready);
  });
}

} // namespace lasis::sim
