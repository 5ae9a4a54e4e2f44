#pragma once
// The kiosk's parts assembled from its config, shared by the headless runner and the touchscreen
// app (one place reads the config, so both run the same kiosk): the reader pad, the SIP2 client,
// the SQLite queue, the journal over it, the circulation engine and the queue's replay.

#include "common/circulation/circulationengine.h"
#include "kiosk/runtime/brand.h"
#include "kiosk/runtime/kioskmetrics.h"
#include "kiosk/runtime/padreader.h"
#include "kiosk/runtime/scannerhub.h"
#include "kiosk/runtime/staffcall.h"
#include "common/circulation/queuejournal.h"
#include "common/core/clock.h"
#include "common/queue/queuestore.h"
#include "common/queue/syncengine.h"
#include "drivers/sip2client/sip2ils.h"
#include "common/fleet/fleetconfig.h"
#include "drivers/fleet/fleetagent.h"

#include <atomic>
#include <deque>
#include <functional>
#include <mutex>
#include <set>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lasis::kiosk {

/// Where the kiosk's parts are: the config file and the command line's overrides.
struct KioskOptions {
  std::string configPath;  ///< empty: every default
  std::string readerUrl;   ///< overrides reader.url ("none": no reader attached)
  std::string ilsUrl;      ///< overrides ils.url
  std::string dbPath;      ///< overrides queue.db
  std::string speechEngine;  ///< overrides speech.engine ("none": the self-test and the tour stay silent)
  /// The command line (argv[0] first): the fleet's reload, config and training commands restart
  /// the kiosk with it (--config replaced). Empty: those commands are refused.
  std::vector<std::string> argv;
};

/// A branch a hold can be picked up at (section [[ui.pickup_branches]]).
struct PickupBranch {
  std::string code;  ///< the ILS's location code (SIP2 BS)
  std::string name;  ///< as patrons know it
};

/// What the touchscreen shows and how (section [ui]; the headless runner ignores it).
struct UiSettings {
  std::string language = "lv";  ///< the kiosk's default language, back after every session
  std::vector<std::string> languages{"lv", "lt", "uk", "en", "ru"};  ///< offered, in this order
  std::vector<PickupBranch> pickupBranches;  ///< default: the kiosk's own branch
  int goodbyeSeconds = 8;  ///< the goodbye screen shows this long, then the welcome screen
  bool training = false;   ///< staff teach on it: shown on every screen (point ils.url at a test ILS)
  /// ui.reduced_motion: the pictures stand still and nothing glides (a patron can also ask for it
  /// in the accessibility panel; each visit starts from this).
  bool reducedMotion = false;
  /// Where fines can be paid online (ui.pay_url): shown as a QR code beside the fines, so https
  /// only (a patron's phone opens it); empty: pay at the desk only.
  std::string payUrl;
  Brand brand;  ///< the library's name, logo, colour and opening hours
};

/// Spoken output started without sight and heard privately (section [speech]; EN 301 549 5.1.3).
struct SpeechSettings {
  /// The Qt TextToSpeech engine: "speechd" (speech-dispatcher), another installed plugin's name,
  /// or "none" (no speech, the read-aloud button hidden).
  std::string engine = "speechd";
  /// The tactile "speak" key's evdev device, e.g. /dev/input/by-path/…-event-kbd or a udev
  /// symlink (/dev/lasis/speechkey); empty: no key (the three-second press still starts speech).
  /// A device that is absent is not a config error: it is opened whenever it appears.
  std::string keyDevice;
  /// The key's Linux KEY_* code (linux/input-event-codes.h): KEY_F1 = 59 by default, the "help"
  /// key every keyboard and most one-key USB keypads can send.
  int keyCode = 59;
  /// The PulseAudio sink speech plays on (a headset socket for private listening, `pactl list
  /// short sinks`); empty: the default sink. Set as PULSE_SINK for the speech server the kiosk starts.
  std::string sink;
};

/// What an ESC/POS receipt printer is sent for one language: the text converted to `charset` (a
/// name iconv knows, keeping ASCII), announced by `ESC t table` (the printer's number for it).
struct ReceiptCodePage {
  std::string charset;  ///< "CP1257"
  int table = 0;        ///< ESC t n: 0..255
  bool operator==(const ReceiptCodePage&) const = default;
};

/// The code page each language prints in unless receipt.code_pages says otherwise: lv, lt →
/// CP1257 (ESC t 51), uk, ru → CP866 (17), en → CP437 (0).
std::map<std::string, ReceiptCodePage> defaultReceiptCodePages();
/// Epson's ESC t number for a code page ("CP1257", "WINDOWS-1257", "cp1257" → 51); nullopt when
/// Epson has no table for it (then receipt.code_tables must name the printer's number).
std::optional<int> escPosCodeTable(std::string_view charset);

/// A network receipt printer's address, from receipt.printer = "socket:HOST:PORT".
struct PrinterAddress {
  std::string host;  ///< a name or an address; "[::1]" for IPv6 becomes "::1"
  int port = 0;      ///< 1..65535 (9100: JetDirect, what Epson TM printers listen on)
};
/// The address in "socket:HOST:PORT"; nullopt when it is not one.
std::optional<PrinterAddress> parseSocketPrinter(std::string_view target);

/// Where receipts go besides the screen (section [receipt]); empty: that way is not offered.
struct ReceiptSettings {
  /// "cups:QUEUE" (raw ESC/POS to a CUPS queue), "socket:HOST:PORT" (raw ESC/POS over TCP, e.g.
  /// port 9100 of a networked printer) or "pdf:DIR" (a PDF per receipt)
  std::string printer;
  /// By language code: the code page its ESC/POS receipts print in (receipt.code_pages and
  /// receipt.code_tables change it). A language not listed prints as "en".
  std::map<std::string, ReceiptCodePage> codePages = defaultReceiptCodePages();
  /// A socket printer's whole connect-and-send; not in the config: a printer on the LAN answers
  /// in milliseconds, and the patron waits on this.
  int printerTimeoutMs = 5000;
  std::string smtpUrl;  ///< "smtp://relay:587" (STARTTLS required) or "smtps://relay:465"
  std::string smtpFrom;  ///< the sender address patrons see
  std::string smtpCredentialsFile;  ///< "user:password", readable by the service user only
  bool smtpAllowPlain = false;  ///< send without TLS (a relay on localhost only)
  std::string libraryName = "Library";  ///< the heading of every receipt
};

/// The staff screen (section [staff]).
struct StaffSettings {
  std::vector<std::string> cards;  ///< card numbers that open the staff screen (with the staff PIN)
  std::string pinHashFile;         ///< the Argon2id hash from `lasis staff hash-pin`, mode 0600
  std::string gateStatus;          ///< the gate daemon's status server, "HOST:PORT" (empty: no gate)
  std::string trainingConfig;      ///< the kiosk config staff switch to for training (its ILS: a simulator)
  /// The desk light a patron's "Call staff" switches on: "modbus-tcp://HOST:PORT?unit=1&coil=N".
  std::optional<CallLight> callLight;
};

/// Why the kiosk could not be assembled: the exit status says whose fault (2 config, 3 device).
struct OpenError {
  int exitCode = 3;
  std::string message;
};

/// What the kiosk did, for the fleet's "counts" events (bumped by the engine's listener).
struct ActivityCounts {
  std::atomic<std::int64_t> loans{0};
  std::atomic<std::int64_t> returns{0};
  std::atomic<std::int64_t> sessions{0};
};

/// The assembled kiosk. Owns its parts; the engine reports to the listener given to open().
class KioskRuntime {
public:
  /// Reads the config, opens the reader, the ILS client and the queue, and runs recovery.
  /// A failed recovery is not an error here: pending() < 0 and recoveryError() say why.
  static std::unique_ptr<KioskRuntime> open(const KioskOptions& options, const Clock& clock,
                                            circulation::CirculationListener& listener, OpenError& error);
  ~KioskRuntime();
  /// Reads a kiosk config as open() would, without opening anything: every error, file:line.
  static Status checkConfig(const std::string& path);
  /// The same with the command line's overrides (--reader, --ils, --db) as the kiosk would start.
  static Status checkConfig(const KioskOptions& options);

  /// One beat of the kiosk, on the engine's thread: the engine (idle timeout, offline probe), the
  /// queue's replay, then the faults that put the kiosk out of order or back in service (the pad
  /// reader retried, the ILS refusing the kiosk's login).
  void tick();

  circulation::CirculationEngine& engine() { return *m_engine; }
  queue::SyncEngine& replay() { return *m_replay; }
  queue::QueueStore& store() { return *m_store; }
  rfid::TagReader& reader() { return *m_reader; }
  const circulation::CirculationConfig& config() const { return m_config; }
  const queue::SyncConfig& syncConfig() const { return m_sync; }
  const UiSettings& ui() const { return m_ui; }
  const SpeechSettings& speech() const { return m_speech; }
  const ReceiptSettings& receipts() const { return m_receipts; }
  const StaffSettings& staff() const { return m_staff; }
  const std::string& ilsUrlForDisplay() const { return m_ilsDisplay; }
  /// The patron's "Call staff" (counted in the metrics, ended by the visit's end).
  StaffCall& staffCall() { return *m_staffCall; }
  /// Transactions recovery left pending (they wait for the ILS), or -1 when recovery failed.
  int pending() const { return m_pending; }
  const std::string& recoveryError() const { return m_recoveryError; }
  /// "http://HOST:PORT/metrics" when [metrics] listen is set, else empty.
  std::string metricsUrl() const { return m_metrics ? m_metrics->url() : std::string(); }

  /// The barcode/QR scanners of [scanner] devices (empty when none are configured).
  const ScannerHub& scanners() const { return *m_scanners; }
  /// Starts reading the scanners: every code goes to `onScan`, on a scanner's own thread (the
  /// front end hands it to the engine's thread). Call once the front end can take them.
  void startScanners(ScannerHub::OnScan onScan) { m_scanners->start(std::move(onScan)); }
  /// Stops the scanners' threads (before the front end that takes their codes goes away).
  void stopScanners();

  /// Shows a fleet `notice` on the front end (the GUI's notice bar, the headless runner's JSON
  /// line); true when shown. Called on the engine's thread (from tick()).
  using NoticeSink = std::function<bool(const fleet::NoticeArgs&)>;
  void setNoticeSink(NoticeSink sink);
  /// The fleet link's state; nullopt when [fleet] is not set (the link is off).
  std::optional<fleet::LinkStatus> fleetStatus() const;
  /// How often the fleet hears the kiosk's "counts" (loans, returns, sessions).
  static constexpr std::chrono::minutes kFleetCountsEvery{15};

private:
  friend struct Urls readConfig(ConfigDoc&, KioskRuntime&);
  KioskRuntime() = default;
  void updateFaults();
  /// The fleet's share of a beat, on the engine's thread: accepted commands run, then what changed
  /// (staff call, queue exceptions, offline, counts, state) goes out.
  void fleetTick();
  fleet::CommandAnswer onFleetCommand(const fleet::Command& cmd);
  /// reload, config, training-start/stop: `configPath` checked as --check-config would, then a
  /// restart into it once the fleet has the answer and no patron is at the kiosk.
  fleet::CommandAnswer fleetRestart(const std::string& configPath, const std::string& what);
  fleet::CommandAnswer applyFleetConfig(const fleet::ConfigArgs& args);
  fleet::CommandAnswer fleetTraining(bool start);
  Status startFleet(const Clock& clock);
  /// Everything open() decides before it opens anything: the config read and checked, the
  /// command line's overrides applied, every address parsed. checkConfig() runs exactly this.
  static Result<struct Urls> plan(const KioskOptions& options, KioskRuntime& k);

  circulation::CirculationConfig m_config;
  queue::SyncConfig m_sync;
  UiSettings m_ui;
  SpeechSettings m_speech;
  ReceiptSettings m_receipts;
  StaffSettings m_staff;
  std::string m_ilsDisplay;
  std::unique_ptr<rfid::TagReader> m_reader;
  PadReader* m_pad = nullptr;  ///< m_reader, when a device is configured (not "none")
  int m_loginRefusalsSeen = 0;
  std::unique_ptr<sip2::Sip2Ils> m_ils;
  std::unique_ptr<queue::QueueStore> m_store;
  /// Before the journal and the engine, so it is destroyed after them: the journal holds it to
  /// deliver a book's queued transactions ahead of new online work.
  std::unique_ptr<circulation::IlsHealth> m_health;  // shared by m_engine and m_replay: outlives both
  std::unique_ptr<queue::SyncEngine> m_replay;
  std::unique_ptr<circulation::QueueJournal> m_journal;
  std::string m_metricsListen;
  std::string m_timeZone;          ///< kiosk.time_zone (empty: the machine's zone)
  std::int64_t m_queueMaxKib = 0;  ///< queue.max_size_kib (0: bounded by the disk only)
  std::unique_ptr<KioskMetrics> m_metrics;  ///< between the engine and the listener, when enabled
  std::unique_ptr<StaffCall> m_staffCall;
  /// Between the engine and the rest: a visit's end ends its staff call.
  std::unique_ptr<circulation::CirculationListener> m_visitTap;
  std::unique_ptr<circulation::CirculationEngine> m_engine;
  std::vector<std::string> m_scannerUrls;  ///< scanner.devices
  std::unique_ptr<ScannerHub> m_scanners;
  int m_pending = 0;
  std::string m_recoveryError;

  // The fleet link (issue 23): off unless [fleet] is set.
  std::optional<fleet::FleetConfig> m_fleetConfig;
  KioskOptions m_options;  ///< as started: a restart keeps the command line's overrides
  struct PendingRestart {
    std::string config;
    std::string what;
    Clock::Duration notBefore{0};
  };
  std::optional<PendingRestart> m_fleetRestart;  ///< engine's thread only
  std::unique_ptr<fleet::FleetAgent> m_fleet;
  const Clock* m_clock = nullptr;
  std::shared_ptr<ActivityCounts> m_activity = std::make_shared<ActivityCounts>();
  mutable std::mutex m_fleetMutex;                 // guards the two below (the agent's worker posts)
  std::deque<std::function<void()>> m_fleetJobs;  // accepted commands waiting for the engine's thread
  NoticeSink m_noticeSink;
  // What the fleet was last told (engine's thread only).
  bool m_fleetStaffCall = false;
  std::set<std::string> m_fleetExceptions;
  bool m_fleetOffline = false;
  Clock::Duration m_fleetOfflineSince{0};
  Clock::Duration m_fleetLastPoll{0};
  Clock::Duration m_fleetCountsStart{0};
  std::int64_t m_fleetLoans = 0, m_fleetReturns = 0, m_fleetSessions = 0;
  nlohmann::json m_fleetStateSent;
};

} // namespace lasis::kiosk
