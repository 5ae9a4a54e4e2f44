#include "kiosk/runtime/kioskruntime.h"

#include "common/core/atomicfile.h"
#include "common/core/buildinfo.h"
#include "common/core/config.h"
#include "common/core/log.h"
#include "common/core/timezone.h"
#include "common/fleet/configversion.h"
#include "common/rfid/type2layout.h"
#include "common/sip2/charset.h"
#include "common/tagdata/tagdata.h"
#include "drivers/metrics/metricsserver.h"
#include "drivers/scanner/scannerfactory.h"
#include "drivers/sqlite/queue/sqlitequeuestore.h"
#include "drivers/tagreaderfactory.h"
#include "kiosk/runtime/restart.h"
#include "kiosk/runtime/unavailablereader.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <filesystem>

#include <unistd.h>
#include <regex>
#include <set>

namespace lasis::kiosk {

namespace {

/// Opens the device a reader URL names, now (its absence is reported, not hidden).
Result<std::unique_ptr<rfid::TagReader>> openDevice(const std::string& url) {
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
  ui.reducedMotion = doc.boolean("ui.reduced_motion", ui.reducedMotion);
  ui.payUrl = doc.string("ui.pay_url", "");
  // A QR code a patron's phone opens: an address that is not https (or has no host) would send
  // them, and what they pay with, over plain text or nowhere; refused at start, not at the fine.
  static const std::regex https(R"(^https://[^/\s?#@]+\.[^/\s?#@]+(/\S*)?$)", std::regex::icase);
  if (!ui.payUrl.empty() && !std::regex_match(ui.payUrl, https))
    doc.addError("ui.pay_url", "must be an https:// address with a host (got \"" + ui.payUrl + "\")");
  // The library's own look: refused at start when a patron could not read it or it is not there.
  ui.brand.libraryName = doc.string("ui.library_name", "");
  ui.brand.openingHours = doc.string("ui.opening_hours", "");
  ui.brand.logo = doc.string("ui.logo", "");
  if (!ui.brand.logo.empty()) {
    const std::string ext = std::filesystem::path(ui.brand.logo).extension().string();
    std::error_code ec;
    if (ext != ".svg" && ext != ".png" && ext != ".SVG" && ext != ".PNG")
      doc.addError("ui.logo", "must be an .svg or .png file (got \"" + ui.brand.logo + "\")");
    else if (!std::filesystem::is_regular_file(ui.brand.logo, ec) || ::access(ui.brand.logo.c_str(), R_OK) != 0)
      doc.addError("ui.logo", "cannot read " + ui.brand.logo);
  }
  if (const auto accent = doc.string("ui.accent", ""); !accent.empty()) {
    if (auto rgb = parseHexColour(accent); !rgb) doc.addError("ui.accent", "must be a colour as #rrggbb (got \"" + accent + "\")");
    else if (auto problem = accentProblem(*rgb)) doc.addError("ui.accent", *problem);
    else ui.brand.accent = rgb;
  }
  return ui;
}

/// [speech]: the speak key and the sink. The device is only checked for its form (a keypad not
/// plugged in yet is no config error); the sink for the characters PulseAudio allows in a name.
SpeechSettings readSpeech(ConfigDoc& doc) {
  SpeechSettings s;
  s.engine = doc.string("speech.engine", s.engine);
  const bool engineName = !s.engine.empty() && std::all_of(s.engine.begin(), s.engine.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
  if (!engineName) doc.addError("speech.engine", "expected \"speechd\", \"none\" or another Qt TextToSpeech engine's name (got \"" + s.engine + "\")");
  s.keyDevice = doc.string("speech.key_device", "");
  if (!s.keyDevice.empty() && s.keyDevice.front() != '/')
    doc.addError("speech.key_device", "must be an absolute path to an evdev device, e.g. /dev/input/by-path/…-event-kbd (got \"" + s.keyDevice + "\")");
  // KEY_MAX is 0x2ff; 0 is KEY_RESERVED.
  s.keyCode = static_cast<int>(doc.integer("speech.key_code", s.keyCode, 1, 0x2ff));
  s.sink = doc.string("speech.sink", "");
  const bool sinkName = std::all_of(s.sink.begin(), s.sink.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == ':' || c == '@';
  });
  if (!sinkName) doc.addError("speech.sink", "not a PulseAudio sink name (letters, digits, . _ - : @; see `pactl list short sinks`): \"" + s.sink + "\"");
  return s;
}

/// [tags]: what `lasis convert` writes on new item tags (the kiosk reads any model a tag holds).
/// Checked here so that --check-config and doctor catch a misspelt owner, not the first tag of
/// a day's conversion. The owner is checked the one way that cannot disagree with the codec:
/// by encoding an item with it.
void checkTags(ConfigDoc& doc) {
  const auto model = tagdata::parseModel(doc.choice("tags.model", "iso28560-3", {"iso28560-3", "iso28560-2"}));
  const auto owner = doc.string("tags.owner", "");
  if (owner.empty() || !model) return;
  tagdata::ItemData probe;
  probe.model = *model;
  probe.itemId = "1";
  probe.owner = owner;
  if (auto bytes = tagdata::encode(probe, rfid::type2::kMaxDataBytes); !bytes) doc.addError("tags.owner", bytes.error().message());
}

/// A code page's name for comparing: upper case without '-' and '_', WINDOWS-1257 and IBM866
/// spelt CP1257 and CP866 (iconv's aliases of one page).
std::string codePageKey(std::string_view name) {
  std::string k;
  for (char c : name)
    if (c != '-' && c != '_') k += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (k.rfind("WINDOWS", 0) == 0) return "CP" + k.substr(7);
  if (k.rfind("IBM", 0) == 0) return "CP" + k.substr(3);
  return k;
}

struct EscPosTable {
  std::string_view name;  ///< as iconv spells it
  int n;                  ///< ESC t n
};

// Epson's ESC t numbers ("Select character code table"), as escpos-printer-db lists them for the
// Epson TM-T88V (github.com/receipt-print-hq/escpos-printer-db, data/profile/TM-T88V.yml; the
// same numbers in python-escpos's capabilities.json, which is built from that database). Most
// ESC/POS printers follow Epson's numbering, not all of them: receipt.code_tables overrides it.
// Only pages glibc's iconv converts are listed (no Katakana, Thai or TCVN tables).
constexpr std::array<EscPosTable, 28> kEpsonTables{{
    {"CP437", 0},         {"CP850", 2},        {"CP860", 3},   {"CP863", 4},   {"CP865", 5},   {"CP857", 13},
    {"CP737", 14},        {"ISO-8859-7", 15},  {"CP1252", 16}, {"CP866", 17},  {"CP852", 18},  {"CP858", 19},
    {"CP775", 33},        {"CP855", 34},       {"CP861", 35},  {"CP862", 36},  {"CP864", 37},  {"CP869", 38},
    {"ISO-8859-2", 39},   {"ISO-8859-15", 40}, {"CP1250", 45}, {"CP1251", 46}, {"CP1253", 47}, {"CP1254", 48},
    {"CP1255", 49},       {"CP1256", 50},      {"CP1257", 51}, {"CP1258", 52},
}};

/// [receipt]: where receipts go, and the code page each language's ESC/POS receipts print in.
void readReceipt(ConfigDoc& doc, ReceiptSettings& r) {
  r.printer = doc.string("receipt.printer", "");
  if (!r.printer.empty() && r.printer.rfind("cups:", 0) != 0 && r.printer.rfind("pdf:", 0) != 0 &&
      !parseSocketPrinter(r.printer))
    doc.addError("receipt.printer", "expected \"cups:QUEUE\", \"socket:HOST:PORT\" or \"pdf:DIRECTORY\"");
  r.smtpUrl = doc.string("receipt.smtp_url", "");
  if (!r.smtpUrl.empty() && r.smtpUrl.rfind("smtp://", 0) != 0 && r.smtpUrl.rfind("smtps://", 0) != 0)
    doc.addError("receipt.smtp_url", "expected smtp://HOST:PORT or smtps://HOST:PORT");
  r.smtpFrom = doc.string("receipt.smtp_from", "");
  if (!r.smtpUrl.empty() && r.smtpFrom.empty()) doc.addError("receipt.smtp_from", "email receipts need a sender address");
  r.smtpCredentialsFile = doc.string("receipt.smtp_credentials_file", "");
  r.smtpAllowPlain = doc.boolean("receipt.smtp_allow_plain", false);
  r.libraryName = doc.string("receipt.library_name", r.libraryName);

  // receipt.code_pages: a language's code page, checked the way the SIP2 codec checks an ILS
  // charset (iconv converts it both ways and keeps ASCII). Keys other than the five languages are
  // left unread, so finish() names them.
  for (auto& [language, page] : r.codePages) {
    const std::string key = "receipt.code_pages." + language;
    const std::string name = doc.string(key, page.charset);  // read even when absent: an empty table is no error
    if (!doc.has(key)) continue;
    auto charset = sip2::charsetFromName(name);
    if (!charset) doc.addError(key, "not a code page for receipts: " + charset.error().message());
    else if (charset->isUtf8()) doc.addError(key, "a receipt printer prints a one-byte code page, not UTF-8");
    else page.charset = name;
  }
  // receipt.code_tables: the printer's ESC t number for a code page, read under every spelling
  // of the pages Epson numbers and of the pages in use (a key nobody reads is an error).
  std::set<std::string> spellings;
  for (const auto& t : kEpsonTables) {
    spellings.emplace(t.name);
    const std::string key = codePageKey(t.name);
    if (key.rfind("CP12", 0) == 0) spellings.insert("WINDOWS-" + key.substr(2));
    else if (key.rfind("CP", 0) == 0) spellings.insert("IBM" + key.substr(2));
  }
  for (const auto& [language, page] : r.codePages) spellings.insert(page.charset);
  std::map<std::string, int> tables;  // by codePageKey
  for (const auto& name : spellings) {
    if (name.find('.') != std::string::npos) continue;  // not a TOML bare key
    const auto n = doc.integer("receipt.code_tables." + name, -1, 0, 255);
    if (n >= 0) tables[codePageKey(name)] = static_cast<int>(n);
  }
  for (auto& [language, page] : r.codePages) {
    if (auto t = tables.find(codePageKey(page.charset)); t != tables.end()) page.table = t->second;
    else if (auto n = escPosCodeTable(page.charset)) page.table = *n;
    else
      doc.addError("receipt.code_pages." + language, "no ESC t number is known for " + page.charset +
                                                         ": set receipt.code_tables." + page.charset +
                                                         " to the printer's number for it");
  }
}

/// Passes every event on; a visit's end also ends its staff call.
class VisitTap final : public circulation::CirculationListener {
public:
  VisitTap(circulation::CirculationListener& next, StaffCall& call, std::shared_ptr<ActivityCounts> counts)
      : m_next(next), m_call(call), m_counts(std::move(counts)) {}
  void onLogin(const circulation::LoginOutcome& o) override { m_next.onLogin(o); }
  void onItemOutcome(const circulation::ItemOutcome& o) override {
    if (o.ok && o.action == circulation::Action::checkout) ++m_counts->loans;
    if (o.ok && o.action == circulation::Action::checkin) ++m_counts->returns;
    m_next.onItemOutcome(o);
  }
  void onCountMismatch(int expected, int found) override { m_next.onCountMismatch(expected, found); }
  void onModeChanged(const circulation::ModeChange& m) override { m_next.onModeChanged(m); }
  void onWarning(const circulation::SessionWarning& w) override { m_next.onWarning(w); }
  void onAccount(const ils::PatronAccount& a) override { m_next.onAccount(a); }
  void onReceipt(const circulation::Receipt& r) override { m_next.onReceipt(r); }
  void onSessionEnded(circulation::SessionEndReason why) override {
    ++m_counts->sessions;
    m_call.visitEnded();
    m_next.onSessionEnded(why);
  }
  void onStaffAlert(const circulation::StaffAlert& a) override { m_next.onStaffAlert(a); }
  void onMessage(circulation::Outcome code, const std::string& text) override { m_next.onMessage(code, text); }
  void onPadProgress(int read, int total) override { m_next.onPadProgress(read, total); }

private:
  circulation::CirculationListener& m_next;
  StaffCall& m_call;
  std::shared_ptr<ActivityCounts> m_counts;
};

} // namespace

std::map<std::string, ReceiptCodePage> defaultReceiptCodePages() {
  // CP1257 carries every Latvian and Lithuanian letter. Russian: CP866, the Cyrillic table nearly
  // every ESC/POS printer has. Ukrainian: CP1251 (WPC1251, Epson's 46), because CP866 lacks і and
  // ґ, letters of nearly every Ukrainian line; a printer without WPC1251 sets uk = "CP866" and
  // gets '?' for them. CP437 is ESC @'s own table.
  const auto page = [](const std::string& name) { return ReceiptCodePage{name, escPosCodeTable(name).value_or(0)}; };
  return {{"lv", page("CP1257")}, {"lt", page("CP1257")}, {"uk", page("CP1251")}, {"ru", page("CP866")}, {"en", page("CP437")}};
}

std::optional<int> escPosCodeTable(std::string_view charset) {
  const std::string key = codePageKey(charset);
  for (const auto& t : kEpsonTables)
    if (codePageKey(t.name) == key) return t.n;
  return std::nullopt;
}

std::optional<PrinterAddress> parseSocketPrinter(std::string_view target) {
  constexpr std::string_view prefix = "socket:";
  if (target.substr(0, prefix.size()) != prefix) return std::nullopt;
  const auto rest = target.substr(prefix.size());
  const auto colon = rest.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  PrinterAddress a;
  a.host = std::string(rest.substr(0, colon));
  if (a.host.size() > 2 && a.host.front() == '[' && a.host.back() == ']') a.host = a.host.substr(1, a.host.size() - 2);
  const auto port = rest.substr(colon + 1);
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), a.port);
  if (ec != std::errc() || end != port.data() + port.size() || a.port < 1 || a.port > 65535) return std::nullopt;
  return a;
}

/// The URLs the config names (the command line may replace them).
struct Urls {
  std::string reader, ils, db;
};

/// Reads every option of a kiosk config into `k` (errors collect in the document).
Urls readConfig(ConfigDoc& doc, KioskRuntime& k) {
  Urls urls{doc.string("reader.url", "none"), doc.string("ils.url", ""), doc.string("queue.db", "")};
  k.m_config = circulation::CirculationConfig::fromConfig(doc);
  k.m_sync = queue::SyncConfig::fromConfig(doc);
  k.m_sync.policy = k.m_config.offline;  // the same policy, never a second reading of [offline]
  k.m_ui = readUi(doc, k.m_config.location);
  k.m_speech = readSpeech(doc);
  // The receipt's heading is the library's name unless receipt.library_name says otherwise.
  if (!k.m_ui.brand.libraryName.empty()) k.m_receipts.libraryName = k.m_ui.brand.libraryName;
  readReceipt(doc, k.m_receipts);
  k.m_staff.cards = doc.strings("staff.cards", {});
  k.m_staff.pinHashFile = doc.string("staff.pin_hash_file", "");
  k.m_staff.gateStatus = doc.string("staff.gate_status", "");
  k.m_staff.trainingConfig = doc.string("staff.training_config", "");
  if (const auto light = doc.string("staff.call_light", ""); !light.empty()) {
    if (auto l = parseCallLight(light)) k.m_staff.callLight = *l;
    else doc.addError("staff.call_light", l.error().message());
  }
  k.m_metricsListen = doc.string("metrics.listen", "");
  k.m_queueMaxKib = doc.integer("queue.max_size_kib", 0, 0, std::int64_t{1} << 32);
  k.m_timeZone = doc.string("kiosk.time_zone", "");
  // Barcode/QR scanners: each URL checked now (a misspelt option is the config's fault); a
  // scanner that is not plugged in is not, and is opened whenever it appears.
  k.m_scannerUrls = doc.strings("scanner.devices", {});
  for (const auto& url : k.m_scannerUrls) {
    if (auto st = drivers::checkScannerUrl(url); !st) doc.addError("scanner.devices", st.error().message());
  }
  if (auto st = checkTimeZone(k.m_timeZone); !st) doc.addError("kiosk.time_zone", st.error().message());
  checkTags(doc);
  return urls;
}

KioskRuntime::~KioskRuntime() {
  if (m_fleet) m_fleet->stop();  // first: no command may reach parts that are going
  stopScanners();
}

void KioskRuntime::stopScanners() {
  if (!m_scanners) return;
  m_scanners.reset();  // joins the threads
  m_scanners = std::make_unique<ScannerHub>(std::vector<std::string>{}, ScannerHub::Opener{}, nullLogger());
}

void KioskRuntime::tick() {
  m_engine->tick();
  (void)m_replay->tick();
  updateFaults();
  if (m_fleet) fleetTick();
}

void KioskRuntime::updateFaults() {
  if (m_pad) {
    auto absent = m_pad->poll();
    m_engine->setFault("reader", absent ? "the pad reader " + m_pad->address() +
                                              " is not connected (" + absent->message() + "); retrying"
                                        : std::string());
  }
  // Each new refusal of the kiosk's login seen by the replay puts the kiosk out of order; the
  // engine itself puts it back once the ILS takes the login again.
  auto [refusals, last] = m_replay->loginRefusals();
  if (refusals != m_loginRefusalsSeen) {
    m_loginRefusalsSeen = refusals;
    if (last) m_engine->setFault("ils-login", "the library system refuses this kiosk's login: " + last->message());
  }
}

Result<Urls> KioskRuntime::plan(const KioskOptions& options, KioskRuntime& k) {
  auto doc = options.configPath.empty() ? Result<ConfigDoc>(ConfigDoc::empty()) : ConfigDoc::load(options.configPath);
  if (!doc) return doc.error();
  Urls urls = readConfig(*doc, k);
  if (!options.readerUrl.empty()) urls.reader = options.readerUrl;
  if (!options.ilsUrl.empty()) urls.ils = options.ilsUrl;
  if (!options.dbPath.empty()) urls.db = options.dbPath;
  if (!options.speechEngine.empty()) k.m_speech.engine = options.speechEngine;
  // The checks below speak of keys the file may not have: they join the file's own errors.
  if (urls.ils.empty()) doc->addError("ils.url", "no ILS address: give --ils URL or ils.url in the config");
  else if (auto u = sip2::Sip2Url::parse(urls.ils); !u) doc->addError("ils.url", u.error().message());
  // Durability is not optional: without a database no transaction could be journalled.
  if (urls.db.empty()) {
    doc->addError("queue.db", "no database: give --db PATH or queue.db in the config");
  } else {
    // Its directory may not exist yet: systemd's StateDirectory= makes it when the service starts.
    std::error_code ec;
    if (std::filesystem::is_directory(urls.db, ec)) doc->addError("queue.db", urls.db + " is a directory, not a database file");
  }
  if (urls.reader != "none" && !urls.reader.empty()) {
    if (auto st = drivers::checkTagReaderUrl(urls.reader); !st) doc->addError("reader.url", st.error().message());
  }
  if (!k.m_metricsListen.empty()) {
    if (auto st = metrics::MetricsServer::checkListen(k.m_metricsListen); !st) doc->addError("metrics.listen", st.error().message());
  }
  // [fleet] (off when absent): read before finish() so its keys count as read and its problems
  // join the file's; the files it names are checked once the file itself is sound.
  k.m_fleetConfig = fleet::readFleetConfig(*doc);
  if (auto st = doc->finish(); !st) return st.error();
  if (k.m_fleetConfig) {
    if (auto st = fleet::checkFleetFiles(*k.m_fleetConfig); !st) return st.error();
  }
  return urls;
}

Status KioskRuntime::checkConfig(const KioskOptions& options) {
  KioskRuntime k;
  auto urls = plan(options, k);
  if (!urls) return urls.error();
  return {};
}

Status KioskRuntime::checkConfig(const std::string& path) {
  KioskOptions options;
  options.configPath = path;
  return checkConfig(options);
}

std::unique_ptr<KioskRuntime> KioskRuntime::open(const KioskOptions& options, const Clock& clock,
                                                 circulation::CirculationListener& listener, OpenError& error) {
  auto fail = [&](int code, std::string message) {
    error = {code, std::move(message)};
    return std::unique_ptr<KioskRuntime>();
  };
  std::unique_ptr<KioskRuntime> k(new KioskRuntime);
  auto urls = plan(options, *k);
  if (!urls) return fail(2, urls.error().describe());
  const std::string readerUrl = urls->reader, ilsUrl = urls->ils, dbPath = urls->db;
  // The library's day (offline due dates), SIP2's local-time dates and the log's times, before
  // any thread of ours runs. Checked by plan() already.
  if (auto st = applyTimeZone(k->m_timeZone); !st) return fail(2, st.error().describe());
  k->m_sync.kiosk = k->m_config.kioskId;
  k->m_ilsDisplay = withoutPassword(ilsUrl);
  k->m_scanners = std::make_unique<ScannerHub>(
      k->m_scannerUrls,
      [](const std::string& url) { return drivers::openScanner(url, makeLogger("scanner"), drivers::ScannerOpenMode::lazy); },
      makeLogger("scanner"));

  if (readerUrl == "none" || readerUrl.empty()) {
    k->m_reader = std::make_unique<UnavailableReader>();
  } else {
    // A URL that cannot name a reader is the config's fault (exit 2). A device that is not
    // there is not: the kiosk starts out of order and opens it when it appears (PadReader).
    auto pad = std::make_unique<PadReader>(readerUrl, [readerUrl] { return openDevice(readerUrl); }, clock);
    if (auto absent = pad->poll(); absent && absent->is(Errc::config)) return fail(2, absent->describe());
    k->m_pad = pad.get();
    k->m_reader = std::move(pad);
  }
  auto ils = sip2::Sip2Ils::create(ilsUrl, clock, makeLogger("sip2"));
  if (!ils) return fail(3, "ILS address: " + ils.error().describe());
  k->m_ils = std::move(*ils);
  if (!k->m_config.network.empty()) {
    // A regional network: each patron's messages name the library that issued the card.
    k->m_ils->client().setPatronInstitution(
        [rules = k->m_config.network](std::string_view patronId) { return rules.institutionOfPatron(patronId); });
  }
  queue::StoreOptions storeOptions;
  // A cap on the queue's file (SQLite max_page_count): a full disk arrives at a known size, and
  // the kiosk refuses new work with a clear message instead of failing somewhere else.
  // KiB to pages: the queue keeps SQLite's default page size of 4 KiB.
  if (k->m_queueMaxKib > 0) storeOptions.maxPageCount = std::max<std::int64_t>(k->m_queueMaxKib / 4, 8);
  auto store = queue::SqliteQueueStore::open(dbPath, clock, storeOptions);
  if (!store) return fail(3, "database: " + store.error().describe());
  k->m_store = std::move(*store);

  // The one offline policy ([offline], read with the circulation config) judges what the engine
  // may do while the ILS is away: per session in the engine, per patron in the queue's journal.
  k->m_journal = std::make_unique<circulation::QueueJournal>(*k->m_store, *k->m_ils, k->m_config.kioskId, k->m_config.location,
                                                             k->m_config.offline);
  circulation::CirculationListener* events = &listener;
  if (!k->m_metricsListen.empty()) {
    k->m_metrics = std::make_unique<KioskMetrics>(listener, clock);
    if (auto st = k->m_metrics->serve(k->m_metricsListen, *k->m_store); !st) return fail(2, st.error().describe());
    events = k->m_metrics.get();
  }
  k->m_staffCall = std::make_unique<StaffCall>(k->m_config.kioskId, clock, k->m_staff.callLight, makeLogger("staff-call"));
  if (k->m_metrics) {
    KioskMetrics* m = k->m_metrics.get();
    k->m_staffCall->setMetrics({[m] { m->staffCallRaised(); }, [m](bool on) { m->setStaffCallWaiting(on); }});
  }
  k->m_visitTap = std::make_unique<VisitTap>(*events, *k->m_staffCall, k->m_activity);
  events = k->m_visitTap.get();
  // One answer to "does the ILS answer?" for the engine (and through it the screen, metrics and
  // staff screen) and the replay: online at start (the engine serves at once; the first failure
  // a patron meets, or the replay's, turns it offline), probed as [queue] says while offline.
  auto health = k->m_sync.breaker;
  health.startOnline = true;
  k->m_health = std::make_unique<circulation::IlsHealth>(health, clock);
  k->m_engine = std::make_unique<circulation::CirculationEngine>(k->m_config, *k->m_reader, *k->m_ils, *k->m_journal,
                                                                 clock, *events, makeLogger("kiosk"), k->m_health.get());
  // Recovery before the queue's replay exists (SyncEngine takes its proof): an interrupted
  // checkout is undone by the circulation rule, not resent (see queuejournal.h).
  const circulation::Recovered recovered = k->m_engine->recoverAtStart();
  k->m_pending = recovered.left();
  if (recovered.error()) k->m_recoveryError = recovered.error()->describe();
  k->m_replay = std::make_unique<queue::SyncEngine>(*k->m_store, *k->m_ils, clock, k->m_sync, recovered,
                                                    makeLogger("queue"), k->m_health.get());
  if (k->m_store->readOnly()) {
    // Patrons must not start a visit whose every item would be refused: out of order, said why.
    k->m_engine->setFault("queue", "the queue database " + dbPath +
                                       " is read-only (file, directory or mount): fix it and restart the kiosk");
  }
  k->updateFaults();
  // Online work with a book first delivers what the queue still holds for it (per-book order).
  k->m_journal->attachReplay(k->m_replay.get());
  k->m_options = options;
  if (k->m_fleetConfig) {
    if (auto st = k->startFleet(clock); !st) return fail(2, st.error().describe());
  }
  return k;
}

// ---- The fleet link (issue 23) ----

Status KioskRuntime::startFleet(const Clock& clock) {
  m_clock = &clock;
  fleet::FleetAgentOptions o;
  o.config = *m_fleetConfig;
  o.kind = "kiosk";
  o.version = buildInfo().version;
  o.clock = &clock;
  o.log = makeLogger("fleet");
  // Accepted commands wait for the engine's thread: tick() runs them (the front end's beat).
  auto agent = fleet::FleetAgent::start(
      std::move(o),
      [this](std::function<void()> job) {
        std::lock_guard lock(m_fleetMutex);
        m_fleetJobs.push_back(std::move(job));
      },
      [this](const fleet::Command& cmd) { return onFleetCommand(cmd); });
  if (!agent) return agent.error().context("fleet");
  m_fleet = std::move(*agent);
  // Where Prometheus finds this kiosk: lasis-fleet writes it into its targets file.
  if (const auto target = fleet::metricsTarget(*m_fleetConfig, m_metrics ? m_metrics->url() : std::string(), hostName());
      !target.empty())
    (void)m_fleet->setState({{"metrics", target}});
  // Training shows on the dashboard; a configuration the fleet sent says its version (while the
  // file still holds it: edited by hand since, it has none).
  nlohmann::json extra{{"training", m_ui.training}};
  if (!m_options.configPath.empty()) {
    if (auto v = fleet::readFleetVersion(m_options.configPath)) extra["config_version"] = *v;
  }
  (void)m_fleet->setState(extra);
  m_fleetCountsStart = clock.monotonic();
  return {};
}

void KioskRuntime::setNoticeSink(NoticeSink sink) {
  std::lock_guard lock(m_fleetMutex);
  m_noticeSink = std::move(sink);
}

std::optional<fleet::LinkStatus> KioskRuntime::fleetStatus() const {
  if (!m_fleet) return std::nullopt;
  return m_fleet->status();
}

fleet::CommandAnswer KioskRuntime::onFleetCommand(const fleet::Command& cmd) {
  using fleet::CommandAnswer;
  using fleet::CommandName;
  switch (cmd.name) {
  case CommandName::sendQueue: {
    // What `lasis queue replay` and the staff screen's "send now" do: one replay pass now.
    const auto report = m_replay->tick();
    (void)report;
    return CommandAnswer::success();
  }
  case CommandName::notice: {
    NoticeSink sink;
    {
      std::lock_guard lock(m_fleetMutex);
      sink = m_noticeSink;
    }
    if (!cmd.notice) return CommandAnswer::failure("notice without its text");
    if (!sink) return CommandAnswer::failure("this kiosk's front end shows no notices");
    if (!sink(*cmd.notice)) return CommandAnswer::failure("the notice could not be shown");
    return CommandAnswer::success();
  }
  case CommandName::trainingStart:
    return fleetTraining(true);
  case CommandName::trainingStop:
    return fleetTraining(false);
  case CommandName::reload:
    // The kiosk's reload is a restart on the same file: read whole, as at boot (refused if bad).
    return fleetRestart(m_options.configPath, "reload");
  case CommandName::config:
    if (!cmd.config) return CommandAnswer::failure("config command without its configuration");
    return applyFleetConfig(*cmd.config);
  case CommandName::silenceGate:
    return CommandAnswer::failure("unknown-command: a kiosk has no gate to silence");
  }
  return CommandAnswer::failure("unknown-command");
}

fleet::CommandAnswer KioskRuntime::fleetRestart(const std::string& configPath, const std::string& what) {
  using fleet::CommandAnswer;
  if (m_options.argv.empty() || m_options.configPath.empty())
    return CommandAnswer::failure(what + " refused: this kiosk was started without --config, it has no file to read again");
  if (m_engine->loggedIn()) return CommandAnswer::failure("busy: a patron is using the kiosk; send " + what + " again after the visit");
  if (m_fleetRestart) return CommandAnswer::failure("busy: the kiosk is already restarting for " + m_fleetRestart->what);
  KioskOptions next = m_options;
  next.configPath = configPath;
  if (auto st = checkConfig(next); !st) return CommandAnswer::failure(what + " refused, the kiosk keeps its configuration:\n" + st.error().describe());
  // A moment for the answer to reach the fleet before the link goes down with the process.
  m_fleetRestart = PendingRestart{configPath, what, m_clock->monotonic() + std::chrono::seconds(1)};
  makeLogger("fleet")->info("fleet: {}: restarting on {} once the answer is out and no patron is here", what, configPath);
  return CommandAnswer::success();
}

fleet::CommandAnswer KioskRuntime::applyFleetConfig(const fleet::ConfigArgs& args) {
  using fleet::CommandAnswer;
  if (m_options.argv.empty() || m_options.configPath.empty())
    return CommandAnswer::failure("configuration " + args.version + " refused: this kiosk was started without --config, it has no file to replace");
  if (m_engine->loggedIn()) return CommandAnswer::failure("busy: a patron is using the kiosk; send configuration " + args.version + " again after the visit");
  // Before the file is touched: a restart already on its way would leave the new text unread.
  if (m_fleetRestart) return CommandAnswer::failure("busy: the kiosk is already restarting for " + m_fleetRestart->what);
  // Checked as --check-config checks a file, beside the real one (relative paths mean the same),
  // before anything is touched: refused whole, the running kiosk and its file stay as they were.
  const std::filesystem::path file = m_options.configPath;
  auto candidate = file;
  candidate += ".fleet-new";
  if (auto st = replaceFileAtomically(candidate, args.toml, 0640); !st)
    return CommandAnswer::failure("configuration " + args.version + " not written: " + st.error().describe());
  KioskOptions next = m_options;
  next.configPath = candidate.string();
  if (auto st = checkConfig(next); !st) {
    std::error_code ec;
    std::filesystem::remove(candidate, ec);
    return CommandAnswer::failure("configuration " + args.version + " refused, the kiosk keeps its configuration:\n" + st.error().describe());
  }
  std::error_code ec;
  std::filesystem::remove(candidate, ec);
  if (auto st = replaceFileAtomically(file, args.toml, 0640); !st)
    return CommandAnswer::failure("configuration " + args.version + " not written: " + st.error().describe());
  if (auto st = fleet::writeFleetVersion(file, args.version, args.toml); !st)
    makeLogger("fleet")->warn("fleet: configuration {}: its version was not kept: {}", args.version, st.error().describe());
  makeLogger("fleet")->info("fleet: configuration {} written to {}", args.version, file.string());
  return fleetRestart(file.string(), "configuration " + args.version);
}

fleet::CommandAnswer KioskRuntime::fleetTraining(bool start) {
  using fleet::CommandAnswer;
  const std::string what = start ? "training-start" : "training-stop";
  if (start == m_ui.training) return CommandAnswer::success();  // already so: nothing to do
  std::string target;
  if (start) {
    target = m_staff.trainingConfig;
    if (target.empty()) return CommandAnswer::failure(what + " refused: this kiosk has no staff.training_config");
    // The training config must keep the kiosk on the fleet as the same device, or nothing could
    // bring it back from afar.
    auto doc = ConfigDoc::load(target);
    if (!doc) return CommandAnswer::failure(what + " refused: " + doc.error().describe());
    auto fc = doc->has("fleet") ? fleet::readFleetConfig(*doc) : std::nullopt;
    if (!fc || fleet::commonNameOf(fc->id) != fleet::commonNameOf(m_fleetConfig->id))
      return CommandAnswer::failure(what + " refused: " + target + " has no [fleet] table for " + fleet::commonNameOf(m_fleetConfig->id) +
                                    ": the fleet could not end the training");
    ::setenv(kNormalConfigEnv, m_options.configPath.c_str(), 1);
  } else {
    const char* normal = std::getenv(kNormalConfigEnv);
    if (!normal || !*normal) return CommandAnswer::failure(what + " refused: the kiosk was started on its training config; restart it on its own");
    target = normal;
  }
  return fleetRestart(target, what);
}

void KioskRuntime::fleetTick() {
  std::deque<std::function<void()>> jobs;
  {
    std::lock_guard lock(m_fleetMutex);
    jobs.swap(m_fleetJobs);
  }
  for (auto& job : jobs) job();

  const auto now = m_clock->monotonic();
  // A restart the fleet asked for: once its answer has had a moment to go out, and never while a
  // patron is at the kiosk (one who came in the meantime finishes first).
  if (m_fleetRestart && now >= m_fleetRestart->notBefore && !m_engine->loggedIn()) {
    const auto restart = *m_fleetRestart;
    makeLogger("fleet")->info("fleet: {}: restarting on {}", restart.what, restart.config);
    m_fleet->stop();  // the graceful "offline" and the outbox flushed; the new process is born again
    const auto st = execSelf(withConfig(m_options.argv, restart.config));
    // Only when exec failed (the link is already down): out, for the service manager to start
    // the kiosk again on what is now its file.
    makeLogger("fleet")->error("fleet: {}: {}; exiting for the service manager to start the kiosk again", restart.what,
                               st.error().describe());
    std::_Exit(70);
  }
  auto event = [this](std::string_view type, const nlohmann::json& fields) {
    if (auto st = m_fleet->publishEvent(type, fields); !st) makeLogger("fleet")->error("fleet: lost a {} event: {}", type, st.error().describe());
  };
  // Staff call: raised and ended (the screen it came from; never who asked).
  if (const bool waiting = m_staffCall->waiting(); waiting != m_fleetStaffCall) {
    m_fleetStaffCall = waiting;
    nlohmann::json f{{"state", waiting ? "raised" : "ended"}};
    if (waiting) f["screen"] = m_staffCall->screen();
    event("staff-call", f);
  }
  // Offline: the ILS health's answer, as the engine shows it.
  const auto mode = m_engine->mode();
  if (const bool offline = mode == circulation::Mode::offline; offline != m_fleetOffline) {
    m_fleetOffline = offline;
    nlohmann::json f{{"state", offline ? "start" : "end"}};
    if (!offline) f["seconds"] = std::chrono::duration_cast<std::chrono::seconds>(now - m_fleetOfflineSince).count();
    m_fleetOfflineSince = now;
    event("offline", f);
  }
  // The queue's staff exceptions and depth: a database read, so every 2 s, not every beat.
  std::optional<queue::QueueStats> stats;
  if (m_fleetLastPoll.count() == 0 || now - m_fleetLastPoll >= std::chrono::seconds(2)) {
    m_fleetLastPoll = now;
    if (auto open = m_store->exceptions(); open) {
      std::set<std::string> ids;
      for (const auto& t : *open) ids.insert(t.id);  // transaction ids only: never the patron's
      std::vector<std::string> raised, resolved;
      std::set_difference(ids.begin(), ids.end(), m_fleetExceptions.begin(), m_fleetExceptions.end(), std::back_inserter(raised));
      std::set_difference(m_fleetExceptions.begin(), m_fleetExceptions.end(), ids.begin(), ids.end(), std::back_inserter(resolved));
      if (!raised.empty()) event("queue-exception", {{"state", "raised"}, {"count", ids.size()}, {"transactions", raised}});
      if (!resolved.empty()) event("queue-exception", {{"state", "resolved"}, {"count", ids.size()}, {"transactions", resolved}});
      m_fleetExceptions = std::move(ids);
    }
    if (auto s = m_store->stats(); s) stats = *s;
  }
  // Counts per interval.
  if (now - m_fleetCountsStart >= kFleetCountsEvery) {
    const std::int64_t loans = m_activity->loans, returns = m_activity->returns, sessions = m_activity->sessions;
    event("counts", {{"period_s", std::chrono::duration_cast<std::chrono::seconds>(now - m_fleetCountsStart).count()},
                     {"loans", loans - m_fleetLoans},
                     {"returns", returns - m_fleetReturns},
                     {"sessions", sessions - m_fleetSessions}});
    m_fleetLoans = loans;
    m_fleetReturns = returns;
    m_fleetSessions = sessions;
    m_fleetCountsStart = now;
  }
  nlohmann::json state = m_fleetStateSent.is_object() ? m_fleetStateSent : nlohmann::json::object();
  state["online"] = mode == circulation::Mode::online;
  state["out_of_order"] = mode == circulation::Mode::outOfOrder;
  state["staff_call_waiting"] = m_fleetStaffCall;
  state["exceptions"] = m_fleetExceptions.size();
  if (stats) state["queue_depth"] = stats->pending + stats->sending + stats->uncertain;
  if (state != m_fleetStateSent) {
    m_fleetStateSent = state;
    if (auto st = m_fleet->setState(state); !st) makeLogger("fleet")->warn("fleet: state: {}", st.error().describe());
  }
}

} // namespace lasis::kiosk
