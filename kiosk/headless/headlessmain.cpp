#include "kiosk/headless/headlessmain.h"

#include "common/circulation/circulationengine.h"
#include "common/circulation/queuejournal.h"
#include "common/core/config.h"
#include "common/core/log.h"
#include "common/queue/queuestore.h"
#include "common/queue/syncengine.h"
#include "common/sip2client/sip2ils.h"
#include "drivers/tagreaderfactory.h"
#include "kiosk/headless/headlessrunner.h"
#include "kiosk/headless/jsoneventwriter.h"
#include "kiosk/headless/unavailablereader.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace lasis::kiosk {

namespace {

/// Opens the reader named by a URL ("none": no reader attached). A kiosk must not start
/// without its pad, so the device is required now rather than connected lazily.
Result<std::unique_ptr<rfid::TagReader>> openReader(const std::string& url) {
  if (url == "none" || url.empty()) return std::unique_ptr<rfid::TagReader>(std::make_unique<UnavailableReader>());
  return drivers::openTagReader(url, makeLogger("reader"), drivers::OpenMode::requireDevice);
}

int error(int code, const std::string& message) {
  std::cerr << "lasis-kiosk: " << message << "\n";
  return code;
}

} // namespace

int runHeadless(int argc, char** argv) {
  CLI::App app{"lasis-kiosk: the Lasis self-service kiosk"};
  bool headless = false;
  std::string configPath, readerUrl, ilsUrl, dbPath;
  app.add_flag("--headless", headless, "Run without a window: JSON lines on stdin and stdout");
  app.add_option("--config", configPath, "Kiosk configuration (TOML)");
  app.add_option("--reader", readerUrl, "RFID reader connstring, overrides reader.url ('none': no reader)");
  app.add_option("--ils", ilsUrl, "ILS address (sip2://user:pass@host:port?institution=…), overrides ils.url");
  app.add_option("--db", dbPath, "Queue database file, overrides queue.db");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (!headless) return error(2, "the touchscreen UI is not part of this build: run with --headless");

  auto doc = configPath.empty() ? Result<ConfigDoc>(ConfigDoc::empty()) : ConfigDoc::load(configPath);
  if (!doc) return error(2, doc.error().describe());
  const std::string cfgReader = doc->string("reader.url", "none");
  const std::string cfgIls = doc->string("ils.url", "");
  const std::string cfgDb = doc->string("queue.db", "");
  auto circ = circulation::CirculationConfig::fromConfig(*doc);
  auto sync = queue::SyncConfig::fromConfig(*doc);
  if (auto st = doc->finish(); !st) return error(2, st.error().describe());
  if (readerUrl.empty()) readerUrl = cfgReader;
  if (ilsUrl.empty()) ilsUrl = cfgIls;
  if (dbPath.empty()) dbPath = cfgDb;
  if (ilsUrl.empty()) return error(2, "no ILS address: give --ils URL or ils.url in the config");
  // Durability is not optional: without a database no transaction could be journalled.
  if (dbPath.empty()) return error(2, "no database: give --db PATH or queue.db in the config");
  sync.kiosk = circ.kioskId;

  Logger log = makeLogger("kiosk");
  SystemClock clock;
  auto reader = openReader(readerUrl);
  if (!reader) return error(3, reader.error().describe());
  auto ils = sip2::Sip2Ils::create(ilsUrl, clock, makeLogger("sip2"));
  if (!ils) return error(3, "ILS address: " + ils.error().describe());
  auto store = queue::QueueStore::open(dbPath, clock);
  if (!store) return error(3, "database: " + store.error().describe());

  // The queue's offline policy ([offline]) judges what the engine may do while the ILS is away.
  circulation::QueueJournal journal(**store, circ.kioskId, circ.location, sync.policy);
  JsonEventWriter out(std::cout);
  circulation::CirculationEngine engine(circ, **reader, **ils, journal, clock, out, log);
  // Recovery before the queue's first replay: an interrupted checkout is undone by the
  // circulation rule, not resent (see queuejournal.h).
  auto pending = engine.recover();
  if (!pending) {
    out.write({{"event", "mode"}, {"mode", "out-of-order"}, {"message", pending.error().message()}});
    return error(3, pending.error().describe());
  }
  queue::SyncEngine replay(**store, **ils, clock, sync, makeLogger("queue"));
  out.write({{"event", "ready"},
             {"kiosk", circ.kioskId},
             {"mode", circulation::toString(engine.mode())},
             {"reader", (*reader)->address()},
             {"pending", *pending}});
  HeadlessRunner runner(engine, out, [&] { (void)replay.tick(); });
  runner.run(std::cin);
  return 0;
}

} // namespace lasis::kiosk
