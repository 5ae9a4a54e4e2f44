// `lasis-sim ils`: the simulated library system on its own, for scripts, demos and black-box tests.
#include "simulator/ils/ilssimulator.h"
#include "simulator/ils/testpki.h"
#include "simulator/simcommands.h"

#include <iostream>

namespace lasis::sim {

void addIlsCommand(CLI::App& app, int& exitCode) {
  auto opts = std::make_shared<ils::IlsOptions>();
  auto* cmd = app.add_subcommand("ils", "a small library system speaking SIP2 (patrons, items, loans, holds, fines)\n"
                                 "  e.g. lasis-sim ils --port 0 --profile koha --charset WINDOWS-1257");
  cmd->add_option("--port", opts->port, "SIP2 port on 127.0.0.1 (0: any free port)");
  cmd->add_option("--data", opts->data, "library data file (TOML)")->check(CLI::ExistingFile);
  cmd->add_option("--db", opts->db, "SQLite state file; an existing one keeps its state (default: a temporary file)");
  cmd->add_option("--control-port", opts->controlPort, "JSON control port on 127.0.0.1 (0: any free port)");
  cmd->add_option("--profile", opts->profile,
                  "SIP2 dialect: koha (CRLF), evergreen (CR, ISO due dates), folio (edge-sip2: CR, CP850, no "
                  "error detection, no Hold) or generic (the 3M spec)")
      ->check(CLI::IsMember({"koha", "evergreen", "folio", "generic"}));
  cmd->add_option("--charset", opts->charset,
                  "code page on the wire, both ways: any iconv name (WINDOWS-1257, ISO-8859-13, WINDOWS-1251, KOI8-U, "
                  "CP866, CP850, UTF-8); the printed URL carries it as charset=");
  auto* certOpt = cmd->add_option("--tls-cert", opts->tlsCert, "serve sip2s:// (TLS) with this PEM certificate chain")
                   ->check(CLI::ExistingFile);
  auto* keyOpt = cmd->add_option("--tls-key", opts->tlsKey, "the certificate's PEM private key")->check(CLI::ExistingFile);
  certOpt->needs(keyOpt);
  keyOpt->needs(certOpt);
  cmd->add_option("--tls-ca", opts->tlsCa, "the CA that signed --tls-cert, named as ca= in the printed URL")
      ->needs(certOpt);
  auto tlsDir = std::make_shared<std::string>();
  cmd->add_option("--tls-dir", *tlsDir,
                  "serve TLS with a fresh test CA written to DIR (ca.pem for the kiosk; server.pem, server.key)")
      ->excludes(certOpt);
  cmd->callback([opts, tlsDir, &exitCode] {
    if (!tlsDir->empty()) {
      auto pki = ils::writeTestPki(*tlsDir);
      if (!pki) {
        std::cerr << "lasis-sim ils: " << pki.error().describe() << "\n";
        exitCode = 1;
        return;
      }
      opts->tlsCert = pki->serverCert.string();
      opts->tlsKey = pki->serverKey.string();
      opts->tlsCa = pki->caCert.string();
    }
    boost::asio::io_context io;
    SystemClock clock;
    auto sim = ils::IlsSimulator::start(io, *opts, clock, makeLogger("sim-ils"));
    if (!sim) {
      std::cerr << "lasis-sim ils: " << sim.error().describe() << "\n";
      exitCode = 1;
      return;
    }
    const Json line = (*sim)->readyLine();
    ReadyLine ready;
    ready["device"] = line.at("device");
    for (const auto& [key, value] : line.items()) ready[key] = value;  // device first, then the rest
    exitCode = runUntilSignal(io, ready);
  });
}

} // namespace lasis::sim
