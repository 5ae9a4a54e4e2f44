// Fuzz: the headless kiosk's command lines through HeadlessRunner into a real CirculationEngine
// whose ILS is the real SIP2 client (Sip2Ils: codec, framer, connection pool) talking to the
// simulated ILS on 127.0.0.1 — so a card, PIN or item id that the protocol cannot carry meets
// the real encoder, not a fake. Besides "no crash": a card that cannot be sent never turns the
// kiosk offline while the ILS is up, and the security invariant holds whatever was typed (an
// item is unsecured exactly when the ILS has it on loan).
#include "drivers/sip2client/sip2ils.h"
#include "kiosk/headless/headlessrunner.h"
#include "kiosk/headless/jsoneventwriter.h"
#include "simulator/ils/ilssimulator.h"
#include "tests/unit/circulation/fakes.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>

using namespace lasis;
using namespace lasis::circulation;
using namespace lasis::circulation::test;

namespace {

/// One simulated ILS for the whole run (seeding its library per input would dominate the time).
struct Ils {
  boost::asio::io_context io;
  SystemClock clock;
  std::unique_ptr<sim::ils::IlsSimulator> sim;
  std::thread thread;
  std::unique_ptr<sip2::Sip2Ils> client;
  Ils() {
    sim::ils::IlsOptions o;
    auto s = sim::ils::IlsSimulator::start(io, o, clock, nullLogger());
    if (!s) std::abort();
    sim = std::move(*s);
    thread = std::thread([this] { io.run(); });
    auto c = sip2::Sip2Ils::create(sim->url() + "&location=LV-00001&timeout_ms=2000", clock, nullLogger());
    if (!c) std::abort();
    client = std::move(*c);
  }
};

Ils& simulatedIls() {
  static Ils* instance = new Ils;  // lives for the process: libFuzzer exits without unwinding
  return *instance;
}

const char* const kItems[] = {"10000001", "10000010"};  // on the shelf in the simulated library

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The simulated library's deterministic faults (19999991: replies dropped, 19999992: corrupt
  // checksums) are real outages, which the kiosk must read as such: not this target's question.
  if (text.find("1999999") != std::string_view::npos) return 0;
  auto& i = simulatedIls();
  // Each input starts from the shelf: both books back at the ILS, their tags secured.
  for (const char* item : kItems) {
    ils::CheckinRequest back;
    back.ctx.when = i.clock.now();
    back.itemId = item;
    back.location = "LV-00001";
    (void)i.client->checkin(back);
  }
  World world;
  FakeReader reader{world};
  FakeJournal journal{world, *i.client, "LV-00001"};
  CirculationConfig config;
  config.kioskId = "k1";
  config.location = "LV-00001";
  const std::string uid1 = reader.addItem(kItems[0]);
  const std::string uid2 = reader.addItem(kItems[1]);
  std::ostringstream sink;
  kiosk::JsonEventWriter out(sink);
  Mode mode = Mode::online;
  {
    CirculationEngine engine(config, reader, *i.client, journal, i.clock, out);
    kiosk::HeadlessRunner runner(engine, out, {}, std::chrono::milliseconds(1));
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    runner.run(in);
    mode = engine.mode();
  }
  // The simulated ILS never went away: whatever was typed, the kiosk must not think so.
  if (mode != Mode::online) std::abort();
  for (const auto& [item, uid] : {std::pair{std::string(kItems[0]), uid1}, std::pair{std::string(kItems[1]), uid2}}) {
    auto info = i.client->itemInfo(item);
    if (!info) std::abort();
    const bool lent = info->status == ils::CirculationStatus::charged;
    if (reader.tag(uid).secured == !lent) continue;
    std::abort();  // lent but secured, or unsecured but not lent
  }
  return 0;
}
