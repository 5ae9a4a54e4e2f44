#include "kiosk/headless/headlessmain.h"

#include "kiosk/headless/headlessrunner.h"
#include "kiosk/headless/jsoneventwriter.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace lasis::kiosk {

namespace {

int error(int code, const std::string& message) {
  std::cerr << "lasis-kiosk: " << message << "\n";
  return code;
}

} // namespace

int runHeadless(const KioskOptions& options) {
  SystemClock clock;
  JsonEventWriter out(std::cout);
  OpenError failure;
  auto kiosk = KioskRuntime::open(options, clock, out, failure);
  if (!kiosk) return error(failure.exitCode, failure.message);
  if (kiosk->pending() < 0) {
    out.write({{"event", "mode"}, {"mode", "out-of-order"}, {"message", kiosk->recoveryError()}});
    return error(3, kiosk->recoveryError());
  }
  auto& engine = kiosk->engine();
  out.write({{"event", "ready"},
             {"kiosk", kiosk->config().kioskId},
             {"mode", circulation::toString(engine.mode())},
             {"reader", kiosk->reader().address()},
             {"pending", kiosk->pending()},
             {"metrics", kiosk->metricsUrl()}});
  HeadlessRunner runner(engine, out, [&] { kiosk->tick(); });
  runner.setStaffCall(&kiosk->staffCall(), kiosk->config().kioskId);
  // A fleet `notice` (on the engine's worker, from tick()): one JSON line, as every event here.
  kiosk->setNoticeSink([&out](const fleet::NoticeArgs& n) {
    out.write({{"event", "notice"}, {"text", n.text}, {"seconds", n.shownFor.count()}});
    return true;
  });
  // A scanned code is a command like any other, run on the engine's worker in its turn.
  kiosk->startScanners([&runner](const scan::Scan& s) {
    nlohmann::json cmd{{"cmd", "scan"}, {"code", s.text}, {"symbology", scan::toString(s.symbology)}, {"source", s.source}};
    runner.post(cmd.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  });
  runner.run(std::cin);
  kiosk->stopScanners();  // before the runner they post to goes away
  return 0;
}

} // namespace lasis::kiosk
