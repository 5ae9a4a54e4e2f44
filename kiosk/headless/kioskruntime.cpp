#include "kiosk/headless/kioskruntime.h"

#include "common/core/config.h"
#include "common/core/log.h"
#include "drivers/tagreaderfactory.h"
#include "kiosk/headless/unavailablereader.h"

#include <regex>

namespace lasis::kiosk {

namespace {

/// Opens the reader named by a URL ("none": no reader attached). A kiosk must not start
/// without its pad, so the device is required now rather than connected lazily.
Result<std::unique_ptr<rfid::TagReader>> openReader(const std::string& url) {
  if (url == "none" || url.empty()) return std::unique_ptr<rfid::TagReader>(std::make_unique<UnavailableReader>());
  return drivers::openTagReader(url, makeLogger("reader"), drivers::OpenMode::requireDevice);
}

/// The ILS address without its password, for the staff screen and logs.
std::string withoutPassword(const std::string& url) {
  static const std::regex credentials(R"(^([a-z0-9+]+://[^:/@]+):[^@]*@)");
  return std::regex_replace(url, credentials, "$1:***@");
}

UiSettings readUi(ConfigDoc& doc, const std::string& location) {
  static const std::vector<std::string> known{"lv", "lt", "uk", "en", "ru"};
  UiSettings ui;
  ui.language = doc.choice("ui.language", ui.language, known);
  ui.languages = doc.strings("ui.languages", ui.languages);
  for (const auto& l : ui.languages)
    if (std::find(known.begin(), known.end(), l) == known.end())
      doc.addError("ui.languages", "unknown language \"" + l + "\" (known: lv, lt, uk, en, ru)");
  if (std::find(ui.languages.begin(), ui.languages.end(), ui.language) == ui.languages.end())
    ui.languages.insert(ui.languages.begin(), ui.language);
  for (const auto& key : doc.tableArray("ui.pickup_branches")) {
    PickupBranch b{doc.string(key + ".code", ""), doc.string(key + ".name", "")};
    if (b.code.empty()) doc.addError(key + ".code", "a pickup branch needs its ILS location code");
    if (b.name.empty()) b.name = b.code;
    ui.pickupBranches.push_back(std::move(b));
  }
  if (ui.pickupBranches.empty() && !location.empty()) ui.pickupBranches.push_back({location, location});
  ui.goodbyeSeconds = static_cast<int>(doc.integer("ui.goodbye_seconds", ui.goodbyeSeconds, 2, 60));
  ui.training = doc.boolean("ui.training", ui.training);
  return ui;
}

} // namespace

/// The URLs the config names (the command line may replace them).
struct Urls {
  std::string reader, ils, db;
};

/// Reads every option of a kiosk config into `k` (errors collect in the document).
Urls readConfig(ConfigDoc& doc, KioskRuntime& k) {
  Urls urls{doc.string("reader.url", "none"), doc.string("ils.url", ""), doc.string("queue.db", "")};
  k.m_config = circulation::CirculationConfig::fromConfig(doc);
  k.m_sync = queue::SyncConfig::fromConfig(doc);
  k.m_ui = readUi(doc, k.m_config.location);
  auto& r = k.m_receipts;
  r.printer = doc.string("receipt.printer", "");
  if (!r.printer.empty() && r.printer.rfind("cups:", 0) != 0 && r.printer.rfind("pdf:", 0) != 0)
    doc.addError("receipt.printer", "expected \"cups:QUEUE\" or \"pdf:DIRECTORY\"");
  r.smtpUrl = doc.string("receipt.smtp_url", "");
  if (!r.smtpUrl.empty() && r.smtpUrl.rfind("smtp://", 0) != 0 && r.smtpUrl.rfind("smtps://", 0) != 0)
    doc.addError("receipt.smtp_url", "expected smtp://HOST:PORT or smtps://HOST:PORT");
  r.smtpFrom = doc.string("receipt.smtp_from", "");
  if (!r.smtpUrl.empty() && r.smtpFrom.empty()) doc.addError("receipt.smtp_from", "email receipts need a sender address");
  r.smtpCredentialsFile = doc.string("receipt.smtp_credentials_file", "");
  r.smtpAllowPlain = doc.boolean("receipt.smtp_allow_plain", false);
  r.libraryName = doc.string("receipt.library_name", r.libraryName);
  k.m_staff.cards = doc.strings("staff.cards", {});
  k.m_staff.pinHashFile = doc.string("staff.pin_hash_file", "");
  k.m_staff.gateStatus = doc.string("staff.gate_status", "");
  k.m_staff.trainingConfig = doc.string("staff.training_config", "");
  k.m_metricsListen = doc.string("metrics.listen", "");
  k.m_queueMaxKib = doc.integer("queue.max_size_kib", 0, 0, std::int64_t{1} << 32);
  return urls;
}

KioskRuntime::~KioskRuntime() = default;

Status KioskRuntime::checkConfig(const std::string& path) {
  auto doc = ConfigDoc::load(path);
  if (!doc) return doc.error();
  KioskRuntime k;
  (void)readConfig(*doc, k);
  return doc->finish();
}

std::unique_ptr<KioskRuntime> KioskRuntime::open(const KioskOptions& options, const Clock& clock,
                                                 circulation::CirculationListener& listener, OpenError& error) {
  auto fail = [&](int code, std::string message) {
    error = {code, std::move(message)};
    return std::unique_ptr<KioskRuntime>();
  };
  auto doc = options.configPath.empty() ? Result<ConfigDoc>(ConfigDoc::empty()) : ConfigDoc::load(options.configPath);
  if (!doc) return fail(2, doc.error().describe());
  std::unique_ptr<KioskRuntime> k(new KioskRuntime);
  Urls urls = readConfig(*doc, *k);
  std::string readerUrl = urls.reader, ilsUrl = urls.ils, dbPath = urls.db;
  if (auto st = doc->finish(); !st) return fail(2, st.error().describe());
  if (!options.readerUrl.empty()) readerUrl = options.readerUrl;
  if (!options.ilsUrl.empty()) ilsUrl = options.ilsUrl;
  if (!options.dbPath.empty()) dbPath = options.dbPath;
  if (ilsUrl.empty()) return fail(2, "no ILS address: give --ils URL or ils.url in the config");
  // Durability is not optional: without a database no transaction could be journalled.
  if (dbPath.empty()) return fail(2, "no database: give --db PATH or queue.db in the config");
  k->m_sync.kiosk = k->m_config.kioskId;
  k->m_ilsDisplay = withoutPassword(ilsUrl);

  auto reader = openReader(readerUrl);
  if (!reader) return fail(3, reader.error().describe());
  k->m_reader = std::move(*reader);
  auto ils = sip2::Sip2Ils::create(ilsUrl, clock, makeLogger("sip2"));
  if (!ils) return fail(3, "ILS address: " + ils.error().describe());
  k->m_ils = std::move(*ils);
  queue::StoreOptions storeOptions;
  // A cap on the queue's file (SQLite max_page_count): a full disk arrives at a known size, and
  // the kiosk refuses new work with a clear message instead of failing somewhere else.
  // KiB to pages: the queue keeps SQLite's default page size of 4 KiB.
  if (k->m_queueMaxKib > 0) storeOptions.maxPageCount = std::max<std::int64_t>(k->m_queueMaxKib / 4, 8);
  auto store = queue::QueueStore::open(dbPath, clock, storeOptions);
  if (!store) return fail(3, "database: " + store.error().describe());
  k->m_store = std::move(*store);

  // The queue's offline policy ([offline]) judges what the engine may do while the ILS is away.
  k->m_journal = std::make_unique<circulation::QueueJournal>(*k->m_store, k->m_config.kioskId, k->m_config.location,
                                                             k->m_sync.policy);
  circulation::CirculationListener* events = &listener;
  if (!k->m_metricsListen.empty()) {
    k->m_metrics = std::make_unique<KioskMetrics>(listener, clock);
    if (auto st = k->m_metrics->serve(k->m_metricsListen, *k->m_store); !st) return fail(2, st.error().describe());
    events = k->m_metrics.get();
  }
  k->m_engine = std::make_unique<circulation::CirculationEngine>(k->m_config, *k->m_reader, *k->m_ils, *k->m_journal,
                                                                 clock, *events, makeLogger("kiosk"));
  // Recovery before the queue's first replay: an interrupted checkout is undone by the
  // circulation rule, not resent (see queuejournal.h).
  if (auto pending = k->m_engine->recover(); pending) {
    k->m_pending = *pending;
  } else {
    k->m_pending = -1;
    k->m_recoveryError = pending.error().describe();
  }
  k->m_replay = std::make_unique<queue::SyncEngine>(*k->m_store, *k->m_ils, clock, k->m_sync, makeLogger("queue"));
  // Online work with a book first delivers what the queue still holds for it (per-book order).
  k->m_journal->attachReplay(k->m_replay.get());
  return k;
}

} // namespace lasis::kiosk
