// `lasis scanner listen`: what a barcode/QR scanner delivers, for a technician at the kiosk.
//
// Contract (scripts rely on it):
//   lasis scanner listen --device URL [--count N] [--timeout S]
//     URL: serial:/dev/ttyACM0?baud=9600&suffix=CR or evdev:/dev/input/by-id/…-event-kbd?layout=us
//     (drivers/scanner/scannerfactory.h); an evdev scanner is grabbed while it listens.
//     One JSON object per scan, one a line, as it comes:
//       {"code":"…","symbology":"ean13"|"code128"|…|"unknown","source":URL,"at":"2026-12-06T12:00:00.123Z"}
//     An error after the start (a code refused as garbage or too long, the scanner unplugged) is a
//     line {"error":"…","kind":"invalid-code"|"disconnected"|"busy"|"error","source":URL,"at":…},
//     and it keeps listening (an unplugged scanner is found again when it is back; the same error
//     twice in a row is printed once).
//   Stops after N scans (--count), after S seconds (--timeout), or at SIGINT/SIGTERM.
//   Exit 0 when done: N scans read, or the timeout reached without --count; 1 with a message on
//   stderr when the scanner cannot be opened at the start, or the timeout came before N scans;
//   2 for a URL that cannot name a scanner.
#include "tools/lasis/commands.h"
#include "tools/lasis/deviceconfig.h"

#include "drivers/scanner/codeassembler.h"
#include "drivers/scanner/scannerfactory.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

namespace lasis::cli {

namespace {

struct ListenArgs {
  std::string device;
  std::string config;  ///< --config: the kiosk config whose scanner.devices names the scanner
  int count = 0;       ///< 0: no limit
  double timeout = 0;  ///< seconds; 0: no limit
};

volatile std::sig_atomic_t g_stop = 0;  // set by SIGINT/SIGTERM: finish the line, exit 0

std::string nowIso() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", text, static_cast<int>(ms));
  return out;
}

const char* kindOf(const Error& e) {
  if (e.is(Errc::disconnected)) return "disconnected";
  if (e.is(Errc::invalidArgument)) return "invalid-code";
  if (e.is(Errc::busy)) return "busy";
  return "error";
}

int listen(const ListenArgs& a) {
  if (auto st = drivers::checkScannerUrl(a.device); !st) {
    std::cerr << "lasis scanner listen: " << st.error().message() << "\n";
    return 2;
  }
  auto scanner = drivers::openScanner(a.device, makeLogger("scanner"), drivers::ScannerOpenMode::requireDevice);
  if (!scanner) {
    std::cerr << "lasis scanner listen: " << scanner.error().describe() << "\n";
    return 1;
  }
  std::signal(SIGINT, [](int) { g_stop = 1; });
  std::signal(SIGTERM, [](int) { g_stop = 1; });
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const auto limit = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(a.timeout));
  int scans = 0;
  std::string lastError;
  while (!g_stop && (a.count == 0 || scans < a.count)) {
    auto wait = std::chrono::milliseconds(500);  // short, so a signal or the timeout is seen soon
    if (a.timeout > 0) {
      const auto left = start + limit - Clock::now();
      if (left <= Clock::duration::zero()) break;
      wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(left));
    }
    auto r = (*scanner)->next(wait);
    if (r && !*r) continue;
    nlohmann::ordered_json line;
    if (r) {
      const scan::Scan& s = **r;
      line["code"] = s.text;
      line["symbology"] = std::string(scan::toString(s.symbology));
      line["source"] = s.source;
      line["at"] = nowIso();
      lastError.clear();
      ++scans;
    } else {
      const Error& e = r.error();
      // Still unplugged ("went away", then "is not there" on each try): said already.
      const std::string key = e.is(Errc::disconnected) ? std::string("disconnected") : e.message();
      if (key == lastError) continue;
      lastError = key;
      line["error"] = e.message();
      line["kind"] = kindOf(e);
      line["source"] = a.device;
      line["at"] = nowIso();
      // An error that is not the device going away (a grab refused, permissions) would come back
      // at once: do not spin on it.
      if (!e.is(Errc::disconnected) && !e.is(Errc::invalidArgument)) std::this_thread::sleep_for(wait);
    }
    std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
  }
  if (a.count > 0 && scans < a.count && !g_stop) {
    std::cerr << "lasis scanner listen: " << scans << " of " << a.count << " scan(s) before the timeout\n";
    return 1;
  }
  return 0;
}

} // namespace

void addScannerCommands(CLI::App& app, int& exitCode) {
  auto* group = app.add_subcommand("scanner", "Barcode/QR scanner: watch what it delivers");
  group->require_subcommand(1);
  auto args = std::make_shared<ListenArgs>();
  auto* listenCmd = group->add_subcommand("listen", "print one JSON object per scan, one a line\n"
      "  e.g. lasis scanner listen --device 'serial:/dev/lasis/scanner0?suffix=CR' --count 1 --timeout 30");
  listenCmd->add_option("--device", args->device,
                        "the scanner: serial:/dev/ttyACM0?baud=9600&suffix=CR or evdev:/dev/input/by-id/…-event-kbd?layout=us")
;
  listenCmd->add_option("--config", args->config,
                        "take the scanner from this kiosk config's scanner.devices, its first (default: the kiosk config in /etc/lasis/)");
  listenCmd->add_option("--count", args->count, "stop after this many scans")->check(CLI::PositiveNumber);
  listenCmd->add_option("--timeout", args->timeout, "stop after this many seconds")->check(CLI::PositiveNumber);
  listenCmd->callback([args, &exitCode] {
    // --device given wins; else the kiosk config's first scanner.
    if (!fromConfig(args->device, args->config, "kiosk", "scanner listen", "scanner.devices", "--device", kioskScannerUrl))
      return void(exitCode = 2);
    exitCode = listen(*args);
  });
}

} // namespace lasis::cli
