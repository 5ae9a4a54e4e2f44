// lasis-sim site: a whole branch on this machine in one process — the kiosk's reader pad and the
// gate's antenna (PN532s on ptys, for libnfc), the kiosk's barcode scanner (serial, on a pty), the
// gate's I/O module (Modbus TCP) and the library system (SIP2) — with kiosk.toml and gate.toml
// written for lasis-kiosk and lasis-gate (kiosk.toml with the scanner and a regional network's card
// rules matching the simulator's library). One JSON ready line on stdout (keys: device, ils,
// ils_control, pad, pad_control, antenna, antenna_control, scanner, scanner_control, gate_io,
// gate_io_control, gate_status, kiosk_config, gate_config, out), then:
//   (default)    runs until SIGTERM/SIGINT;
//   --console    a technician's console on stdin (type `help`); also takes piped commands;
//   --script F   the console's commands from a scenario file with `expect` and `wait` lines,
//                a progress line per step and a summary; exit status 1 if an expectation failed.
#include "common/core/asio.h"
#include "common/core/clock.h"
#include "common/core/log.h"
#include "simulator/control/controlargs.h"
#include "simulator/control/controlserver.h"
#include "simulator/gateio/gateiodevice.h"
#include "simulator/ils/ilssimulator.h"
#include "simulator/pn532/simreader.h"
#include "simulator/scanner/simscanner.h"
#include "simulator/simcommands.h"

#include <editline/readline.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <sstream>
#include <thread>

namespace lasis::sim {

namespace {

using Json = nlohmann::json;

struct SiteArgs {
  std::string out;
  std::string profile = "koha";  ///< the ILS's SIP2 dialect (lasis-sim ils --profile)
  std::string charset;           ///< the ILS's code page on the wire; empty: the profile's
  bool console = false;
  std::string script;
};

/// The running branch: every device on one io_context (its own thread in console/script mode).
struct Site {
  boost::asio::io_context io;
  SystemClock clock;
  std::unique_ptr<ils::IlsSimulator> ils;
  std::unique_ptr<SimReader> pad, antenna;
  std::unique_ptr<ControlServer> padControl, antennaControl;
  std::unique_ptr<SimScanner> scanner;
  std::unique_ptr<ControlServer> scannerControl;
  std::unique_ptr<GateIoDevice> gateIo;
  std::unique_ptr<ControlServer> gateIoControl;
  std::string dir;
  int uids = 0;

  /// Runs `f` on the devices' thread and waits for its answer. A throwing handler is answered
  /// as an error here: escaping the io_context's thread it would end the process (every device).
  Json call(std::function<Json()> f) {
    std::promise<Json> p;
    auto done = p.get_future();
    boost::asio::post(io, [&] {
      try {
        p.set_value(f());
      } catch (const std::exception& e) {
        p.set_value(Json{{"ok", false}, {"error", std::string("internal: ") + e.what()}});
      }
    });
    return done.get();
  }
  Json padCall(const Json& r) { return call([&] { return pad->control(r); }); }
  Json antennaCall(const Json& r) { return call([&] { return antenna->control(r); }); }
  Json ilsCall(const Json& r) { return call([&] { return ils->control(r); }); }
  Json ioCall(const Json& r) { return call([&] { return gateIo->handle(r); }); }
  Json scannerCall(const Json& r) { return call([&] { return scanner->control(r); }); }
};

/// The regional network the simulator's library belongs to (simulator/data/library.toml lists
/// its cards): the kiosk reads scanned and typed codes by these rules.
const char* kSiteNetwork = R"toml(
# A regional network: whose card is it, and where do its patron's messages go (SIP2 AO)?
[network]
name = "Ventspils region (simulated)"
[[network.cards]]
name = "ventspils"
kind = "patron"
prefix = "2100"
length = 13
charset = "digits"
check = "mod10"
library = "Ventspils bibliotēka"
[[network.cards]]
name = "piltene"
kind = "patron"
prefix = "PIL"
length = 10
charset = "digits"
institution = "PIL"
library = "Piltenes bibliotēka"
[[network.cards]]
name = "ugale"
kind = "patron"
strip = "codabar"
length = 7
charset = "digits"
symbologies = ["codabar", "code39", "code128"]
institution = "UGA"
patron_id = "UGA{code}"
library = "Ugāles bibliotēka"
[[network.cards]]
name = "phone"
kind = "patron"
prefix = "LASIS:CARD:"
patron_id = "{body}"
[[network.cards]]
name = "liepaja"
kind = "foreign"
prefix = "2300"
library = "Liepājas Centrālā zinātniskā bibliotēka"
[[network.cards]]
name = "items"
kind = "item"
length = 8
charset = "digits"
)toml";

std::uint16_t freePort() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

const char* kHelp =
    "pad put ITEM... | pad card PATRON | pad clear | pad list     items and cards on the kiosk's pad\n"
    "gate walk [ITEM...]     a person walks out through the gate carrying these items\n"
    "scan CODE               the kiosk's scanner reads a barcode or QR code (a card, a book)\n"
    "ils down | ils up | ils latency MS      the library system\n"
    "unplug DEVICE | replug DEVICE          DEVICE: gate-io, scanner\n"
    "status                  every device at a glance\n"
    "expect pad N | expect ils up|down | expect light on|off | expect loan ITEM [PATRON]\n"
    "wait 500ms | wait 2s    (scripts)\n"
    "help | quit\n";

// Bounds of the console's numbers: what the ILS accepts as a latency (a day), a wait no script
// needs longer than an hour, and more tags than any pad holds.
constexpr long long kMaxLatencyMs = 86'400'000;
constexpr long long kMaxWaitMs = 3'600'000;
constexpr long long kMaxTags = 10'000;

/// `wait 500ms`, `wait 2s` or `wait 500` (milliseconds), at most an hour.
Result<long long> parseWait(std::string_view word) {
  const bool ms = word.ends_with("ms");
  const bool secs = !ms && word.ends_with('s');
  const auto digits = word.substr(0, word.size() - (ms ? 2 : secs ? 1 : 0));
  auto n = parseInteger(digits, 0, secs ? kMaxWaitMs / 1000 : kMaxWaitMs, "wait");
  if (!n) return fail(Errc::invalidArgument, "wait: '" + std::string(word) + "' is not a duration (500ms, 2s; at most 1 hour)");
  return secs ? *n * 1000 : *n;
}

/// One console command; returns {ok, text}. `expect` lines return ok=false when they do not hold.
std::pair<bool, std::string> run(Site& s, const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> w;
  for (std::string t; in >> t;) w.push_back(t);
  if (w.empty() || w[0][0] == '#') return {true, ""};
  auto reply = [](const Json& j) { return std::pair<bool, std::string>{j.value("ok", false), j.dump()}; };
  const std::string& c = w[0];
  if (c == "help") return {true, kHelp};
  if (c == "pad" && w.size() >= 2) {
    if (w[1] == "clear") return reply(s.padCall({{"cmd", "clear"}}));
    if (w[1] == "list") {
      auto l = s.padCall({{"cmd", "list"}});
      std::string t;
      for (const auto& tag : l["tags"]) t += tag.value("uid", "") + " " + tag.value("item", tag.value("patron", "")) + " " + tag.value("security", "") + "\n";
      return {true, t.empty() ? "the pad is empty" : t};
    }
    if (w[1] == "card" && w.size() == 3) {
      char uid[16];
      std::snprintf(uid, sizeof uid, "C1%06X", ++s.uids);
      return reply(s.padCall({{"cmd", "place"}, {"kind", "mfc1k"}, {"uid", uid}, {"patron", w[2]}}));
    }
    if (w[1] == "put" && w.size() >= 3) {
      for (std::size_t i = 2; i < w.size(); ++i) {
        char uid[32];
        std::snprintf(uid, sizeof uid, "04A1%010X", ++s.uids);
        auto r = s.padCall({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uid}, {"item", w[i]}, {"secured", true}});
        if (!r.value("ok", false)) return reply(r);
      }
      return {true, "placed " + std::to_string(w.size() - 2)};
    }
  }
  if (c == "gate" && w.size() >= 2 && w[1] == "walk") {
    // Each carried item's tag as the kiosk left it: unsecured when on loan, secured otherwise.
    std::vector<std::string> uids;
    for (std::size_t i = 2; i < w.size(); ++i) {
      const bool onLoan = !s.ilsCall({{"cmd", "item"}, {"item", w[i]}}).value("borrower", "").empty();
      char uid[32];
      std::snprintf(uid, sizeof uid, "04B1%010X", ++s.uids);
      s.antennaCall({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uid}, {"item", w[i]}, {"secured", !onLoan}});
      uids.push_back(uid);
    }
    auto r = s.ioCall({{"cmd", "walk"}, {"direction", "out"}, {"count", 1}});
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the tags cross the field
    for (const auto& u : uids) s.antennaCall({{"cmd", "remove"}, {"uid", u}});
    return reply(r);
  }
  if (c == "ils" && w.size() >= 2) {
    if (w[1] == "down" || w[1] == "up") return reply(s.ilsCall({{"cmd", w[1]}}));
    if (w[1] == "latency" && w.size() == 3) {
      auto ms = parseInteger(w[2], 0, kMaxLatencyMs, "ils latency MS");
      if (!ms) return {false, ms.error().message()};
      return reply(s.ilsCall({{"cmd", "fault"}, {"latency_ms", *ms}}));
    }
  }
  if ((c == "unplug" || c == "replug") && w.size() == 2 && w[1] == "gate-io")
    return reply(s.ioCall({{"cmd", c == "unplug" ? "unplug" : "plug"}}));
  if ((c == "unplug" || c == "replug") && w.size() == 2 && w[1] == "scanner") return reply(s.scannerCall({{"cmd", c}}));
  if (c == "scan" && w.size() == 2) return reply(s.scannerCall({{"cmd", "scan"}, {"code", w[1]}}));
  if (c == "status") {
    Json st{{"ils", s.ilsCall({{"cmd", "status"}})}, {"gate_io", s.ioCall({{"cmd", "state"}})},
            {"pad", s.padCall({{"cmd", "list"}})}};
    return {true, st.dump()};
  }
  if (c == "wait" && w.size() == 2) {
    auto ms = parseWait(w[1]);
    if (!ms) return {false, ms.error().message()};
    std::this_thread::sleep_for(std::chrono::milliseconds(*ms));
    return {true, ""};
  }
  if (c == "expect" && w.size() >= 3) {
    if (w[1] == "pad") {
      auto want = parseInteger(w[2], 0, kMaxTags, "expect pad N");
      if (!want) return {false, want.error().message()};
      const auto n = s.padCall({{"cmd", "list"}})["tags"].size();
      return {n == static_cast<std::size_t>(*want), "pad holds " + std::to_string(n)};
    }
    if (w[1] == "ils") {
      const bool up = s.ilsCall({{"cmd", "status"}}).value("up", false);
      return {up == (w[2] == "up"), std::string("the ILS is ") + (up ? "up" : "down")};
    }
    if (w[1] == "light") {
      const bool on = s.ioCall({{"cmd", "state"}})["coils"].value("light", false);
      return {on == (w[2] == "on"), std::string("the alarm light is ") + (on ? "on" : "off")};
    }
    if (w[1] == "loan") {
      const std::string who = s.ilsCall({{"cmd", "item"}, {"item", w[2]}}).value("borrower", "");
      const bool ok = w.size() == 4 ? who == w[3] : !who.empty();
      return {ok, w[2] + (who.empty() ? " is on the shelf" : " is on loan to " + who)};
    }
  }
  return {false, "unknown command (type help): " + line};
}

/// Completion for the interactive console: command words, then the demo library's item ids.
const std::vector<std::string> kWords{"pad", "put", "card", "clear", "list", "gate", "walk", "scan", "scanner",
                                      "2100000000012", "PIL0000001", "A1234567B", "LASIS:CARD:P100008",
                                      "2300000000016", "30000001", "30000002", "ils", "down", "up",
                                      "latency", "unplug", "replug", "gate-io", "status", "expect", "light", "loan",
                                      "on", "off", "wait", "help", "quit", "10000001", "10000002", "10000003",
                                      "10000004", "10000005", "10000006", "10000007", "10000008", "10000009",
                                      "10000010", "P100001", "P100002", "P100003", "P100008"};

char* completeWord(const char* text, int state) {
  static std::size_t next = 0;
  if (state == 0) next = 0;
  const std::string prefix(text);
  while (next < kWords.size()) {
    const std::string& w = kWords[next++];
    if (w.rfind(prefix, 0) == 0) return ::strdup(w.c_str());
  }
  return nullptr;
}

char** complete(const char* text, int, int) {
  rl_attempted_completion_over = 1;
  return rl_completion_matches(text, completeWord);
}

/// The next console line: with line editing, history and completion on a terminal (libedit),
/// plain lines from a pipe or file.
bool nextLine(std::istream& in, bool interactive, std::string& line) {
  if (!interactive) return static_cast<bool>(std::getline(in, line));
  char* l = ::readline("site> ");
  if (!l) return false;
  line = l;
  if (!line.empty()) ::add_history(l);
  ::free(l);
  return true;
}

int console(Site& s, std::istream& in, bool interactive) {
  if (interactive) {
    std::fprintf(stderr, "lasis-sim site console: type help (Tab completes, arrows recall)\n");
    rl_attempted_completion_function = complete;
  }
  std::string line;
  while (true) {
    if (!nextLine(in, interactive, line)) break;
    if (line == "quit" || line == "exit") break;
    auto [ok, text] = run(s, line);
    if (!text.empty()) std::printf("%s %s\n", ok ? "ok" : "error", text.c_str());
    std::fflush(stdout);
  }
  return 0;
}

int script(Site& s, const std::string& file) {
  std::ifstream f(file);
  if (!f) {
    std::fprintf(stderr, "lasis-sim site: cannot read %s\n", file.c_str());
    return 2;
  }
  std::vector<std::string> steps;
  for (std::string l; std::getline(f, l);)
    if (!l.empty() && l.find_first_not_of(" \t") != std::string::npos && l[l.find_first_not_of(" \t")] != '#')
      steps.push_back(l);
  int passed = 0, failed = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    auto [ok, text] = run(s, steps[i]);
    const bool isExpect = steps[i].rfind("expect", 0) == 0;
    if (isExpect) (ok ? passed : failed)++;
    std::fprintf(stderr, "[%zu/%zu] %-40s %s%s%s\n", i + 1, steps.size(), steps[i].c_str(), ok ? "ok" : "FAILED",
                 text.empty() ? "" : ": ", text.substr(0, 100).c_str());
    if (!ok && !isExpect) ++failed;
  }
  std::printf("%s\n", Json{{"event", "summary"}, {"steps", steps.size()}, {"expectations_passed", passed},
                          {"failed", failed}}.dump().c_str());
  return failed == 0 ? 0 : 1;
}

int runSite(const SiteArgs& a) {
  Site s;
  auto complain = [](const std::string& m) {
    std::fprintf(stderr, "lasis-sim site: %s\n", m.c_str());
    return 1;
  };
  char tmpl[] = "/tmp/lasis-site-XXXXXX";
  if (!::mkdtemp(tmpl)) return complain("cannot create a directory under /tmp");
  s.dir = tmpl;
  const std::string out = a.out.empty() ? s.dir : a.out;
  std::filesystem::create_directories(out);
  ils::IlsOptions ilsOptions;
  ilsOptions.profile = a.profile;
  ilsOptions.charset = a.charset;
  // The kiosk.toml written below takes the ILS's URL, profile= and charset= included, so the
  // kiosk speaks the same dialect and code page as this ILS.
  auto ils = ils::IlsSimulator::start(s.io, ilsOptions, s.clock, makeLogger("sim-ils"));
  if (!ils) return complain(ils.error().describe());
  s.ils = std::move(*ils);
  auto pad = SimReader::open(s.io, s.dir + "/pad");
  auto antenna = SimReader::open(s.io, s.dir + "/antenna");
  if (!pad || !antenna) return complain((!pad ? pad.error() : antenna.error()).describe());
  s.pad = std::move(*pad);
  s.antenna = std::move(*antenna);
  SimReader* p = s.pad.get();
  SimReader* an = s.antenna.get();
  s.padControl = std::make_unique<ControlServer>(s.io, [p](const Json& r) { return p->control(r); });
  s.antennaControl = std::make_unique<ControlServer>(s.io, [an](const Json& r) { return an->control(r); });
  auto io = GateIoDevice::start(s.io, 0);
  if (!io) return complain(io.error().describe());
  s.gateIo = std::move(*io);
  SimScanner::Options scannerOptions;
  scannerOptions.serialLink = s.dir + "/scanner";
  auto scanner = SimScanner::open(s.io, scannerOptions);
  if (!scanner) return complain(scanner.error().describe());
  s.scanner = std::move(*scanner);
  SimScanner* sc = s.scanner.get();
  s.scannerControl = std::make_unique<ControlServer>(s.io, [sc](const Json& r) { return sc->control(r); });
  GateIoDevice* g = s.gateIo.get();
  s.gateIoControl = std::make_unique<ControlServer>(s.io, [g](const Json& r) { return g->handle(r); });
  const std::string status = "127.0.0.1:" + std::to_string(freePort());

  // The configs to run the real kiosk and gate against this branch.
  const std::string kioskConfig = out + "/kiosk.toml", gateConfig = out + "/gate.toml";
  std::ofstream(kioskConfig) << "# Written by lasis-sim site for this simulated branch.\n[kiosk]\nid = \"site-kiosk\"\n"
                                "location = \"LV-00001\"\n[reader]\nurl = \"" << s.pad->port().connstring()
                             << "\"\n[ils]\nurl = \"" << s.ils->url() << "\"\n[queue]\ndb = \"" << out
                             << "/kiosk.db\"\n[staff]\ngate_status = \"" << status << "\"\n[scanner]\ndevices = [\""
                             << s.scanner->serialUrl() << "\"]\n" << kSiteNetwork;
  std::ofstream(gateConfig) << "# Written by lasis-sim site for this simulated branch.\n[readers]\nconnstrings = [\""
                            << s.antenna->port().connstring() << "\"]\n[io]\nurl = \"" << s.gateIo->url()
                            << "\"\n[status]\nlisten = \"" << status << "\"\n[log]\ndb = \"" << out << "/gate.db\"\n";

  ReadyLine ready;
  ready["device"] = "site";
  ready["ils"] = s.ils->url();
  ready["ils_control"] = s.ils->controlUrl();
  ready["pad"] = s.pad->port().connstring();
  ready["pad_control"] = s.padControl->url();
  ready["antenna"] = s.antenna->port().connstring();
  ready["antenna_control"] = s.antennaControl->url();
  ready["scanner"] = s.scanner->serialUrl();
  ready["scanner_control"] = s.scannerControl->url();
  ready["gate_io"] = s.gateIo->url();
  ready["gate_io_control"] = s.gateIoControl->url();
  ready["gate_status"] = status;
  ready["kiosk_config"] = kioskConfig;
  ready["gate_config"] = gateConfig;
  ready["out"] = out;
  std::fprintf(stderr, "  library system  %s\n  kiosk pad       %s\n  gate antenna    %s\n  gate I/O        %s\n"
                       "  run the kiosk:  lasis-kiosk --config %s\n  run the gate:   lasis-gate --config %s\n",
               s.ils->url().c_str(), s.pad->port().connstring().c_str(), s.antenna->port().connstring().c_str(),
               s.gateIo->url().c_str(), kioskConfig.c_str(), gateConfig.c_str());
  int rc = 0;
  if (!a.console && a.script.empty()) {
    rc = runUntilSignal(s.io, ready);
  } else {
    std::printf("%s\n", ready.dump().c_str());
    std::fflush(stdout);
    auto guard = boost::asio::make_work_guard(s.io);
    std::thread loop([&] { s.io.run(); });
    rc = a.script.empty() ? console(s, std::cin, ::isatty(STDIN_FILENO)) : script(s, a.script);
    guard.reset();
    s.io.stop();
    loop.join();
  }
  s.pad.reset();
  s.antenna.reset();
  std::filesystem::remove_all(s.dir);
  return rc;
}

} // namespace

void addSiteCommand(CLI::App& app, int& exitCode) {
  auto args = std::make_shared<SiteArgs>();
  auto* cmd = app.add_subcommand("site", "a whole simulated branch: kiosk pad, gate antenna, gate I/O module, ILS\n"
                                 "  e.g. lasis-sim site --console --out /tmp/site --profile evergreen --charset WINDOWS-1257");
  cmd->add_option("--out", args->out, "where kiosk.toml and gate.toml are written (default: a fresh directory)");
  cmd->add_option("--profile", args->profile, "the ILS's SIP2 dialect: koha, evergreen, folio or generic (as lasis-sim ils)")
      ->check(CLI::IsMember({"koha", "evergreen", "folio", "generic"}));
  cmd->add_option("--charset", args->charset,
                  "the ILS's code page on the wire (any iconv name, e.g. WINDOWS-1257); the URL carries charset=");
  cmd->add_flag("--console", args->console, "a technician's console on stdin (help lists the commands)");
  cmd->add_option("--script", args->script, "run console commands from FILE (with expect/wait), then exit 0/1");
  cmd->callback([args, &exitCode] { exitCode = runSite(*args); });
}

} // namespace lasis::sim
