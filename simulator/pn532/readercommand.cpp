// `lasis-sim reader`: one emulated PN532 reader on a pty with the tags given.
//
// Contract (scripts rely on it):
//   lasis-sim reader [--tag KIND:UID[:ITEM_ID]]... [--card KIND:UID[:PATRON_ID]]...
//                    [--uart-timing] [--scenario FILE] [--link PATH]
//   prints exactly one line once libnfc can open the reader and the control channel listens:
//   {"device":"reader","connstring":"pn532_uart:…","control":"tcp://127.0.0.1:P"}
//   and runs until SIGTERM/SIGINT (exit 0); exit 1 with a message on stderr on bad arguments.
#include "simulator/simcommands.h"

#include "simulator/control/controlserver.h"
#include "simulator/pcsc/pcscreadercommand.h"
#include "simulator/pn532/simreader.h"
#include "simulator/pn532/tagfactory.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace lasis::sim {

namespace {
struct ReaderArgs {
  std::vector<std::string> tags;
  std::vector<std::string> cards;
  bool uartTiming = false;
  std::string scenario;
  std::string link;
};

int runReader(const ReaderArgs& a) {
  auto complain = [](const std::string& m) {
    std::fprintf(stderr, "lasis-sim reader: %s\n", m.c_str());
    return 1;
  };
  std::vector<SimTag> tags;
  for (const auto& spec : a.tags) {
    auto s = TagFactory::parse(spec);
    if (!s) return complain(s.error().message());
    auto t = s->id.empty() ? TagFactory::blank(s->kind, s->uid) : TagFactory::item(s->kind, s->uid, s->id);
    if (!t) return complain("--tag " + spec + ": " + t.error().message());
    tags.push_back(std::move(*t));
  }
  for (const auto& spec : a.cards) {
    auto s = TagFactory::parse(spec);
    if (!s) return complain(s.error().message());
    auto t = s->id.empty() ? TagFactory::blank(s->kind, s->uid) : TagFactory::patron(s->kind, s->uid, s->id);
    if (!t) return complain("--card " + spec + ": " + t.error().message());
    tags.push_back(std::move(*t));
  }

  // The link lives in a private directory unless given: no ':' in it, nothing shared.
  std::string dir;
  std::string link = a.link;
  if (link.empty()) {
    char tmpl[] = "/tmp/lasis-sim-XXXXXX";
    if (!::mkdtemp(tmpl)) return complain("cannot create a directory under /tmp for the reader's pty link");
    dir = tmpl;
    link = dir + "/reader";
  }

  boost::asio::io_context io;
  auto reader = SimReader::open(io, link);
  if (!reader) return complain(reader.error().describe());
  for (auto& t : tags) (*reader)->port().chip().place(std::move(t));
  (*reader)->port().setUartTiming(a.uartTiming);
  if (!a.scenario.empty()) {
    if (auto s = (*reader)->loadScenario(a.scenario); !s) return complain(s.error().message());
  }
  SimReader* r = reader->get();
  ControlServer control(io, [r](const Json& req) { return r->control(req); });
  ReadyLine ready;  // key order as documented: device, connstring, control
  ready["device"] = "reader";
  ready["connstring"] = r->port().connstring();
  ready["control"] = control.url();
  const int rc = runUntilSignal(io, ready);
  reader->reset();  // closes the pty and removes the link
  if (!dir.empty()) ::rmdir(dir.c_str());
  return rc;
}
} // namespace

void addReaderCommand(CLI::App& app, int& exitCode) {
  auto args = std::make_shared<ReaderArgs>();
  auto* cmd = app.add_subcommand("reader", "an emulated PN532 RFID reader on a pty (libnfc: pn532_uart)\n"
                                 "  e.g. lasis-sim reader --tag ntag213:04A1B2C3D4E5F6:30512004815473 --card mfc1k:DEADBEEF:P1234");
  cmd->add_option("--tag", args->tags, "an item tag KIND:UID[:ITEM_ID] (KIND: ntag213, ntag215, ntag216, mfc1k); with an id it carries ISO 28560 data, secured");
  cmd->add_option("--card", args->cards, "a patron card KIND:UID[:PATRON_ID]; the card number as ISO 28560 patron data");
  cmd->add_flag("--uart-timing", args->uartTiming, "model the 115200-baud UART (about 87 us a byte)");
  cmd->add_option("--scenario", args->scenario, "control commands to run, one JSON object a line, with optional \"at_ms\"");
  cmd->add_option("--link", args->link, "path of the pty symlink (no ':'); default a fresh directory under /tmp");
  auto pcsc = addPcscReaderOptions(*cmd);  // --pcsc: the ISO 15693 reader behind pcscd (pcsc/)
  cmd->callback([args, pcsc, &exitCode] {
    if (pcsc->enabled) {
      exitCode = runPcscReader(*pcsc, args->tags);
      return;
    }
    exitCode = runReader(*args);
  });
}

} // namespace lasis::sim
