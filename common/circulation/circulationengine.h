#pragma once
// The kiosk's circulation engine: identify a patron, check out a stack, return without login,
// account, renew, holds, item status, session timeout, offline per policy, receipts. Pure core:
// driven through TagReader, IlsClient, a Clock and a CirculationJournal; events go to a
// CirculationListener. Every call blocks until done; a UI or the headless runner calls it from a
// worker thread, one call at a time (tick() included).
//
// THE SECURITY INVARIANT. A loan never leaves with a secured tag unreported, and an unloaned item
// never leaves unsecured:
//  * checkout: journal intent → ILS checkout → journal ilsDone → unsecure every part and verify →
//    journal tagDone → patron told → journal done. A failed tag write re-secures the parts and
//    undoes the loan (SIP2 checkout with cancel) and tells the patron to see staff.
//  * return: journal intent → secure every part and verify → journal tagDone → ILS checkin →
//    journal ilsDone → done. A failed secure write leaves the loan in place (the item is still
//    the patron's, which is true) and sends the patron to staff.
// recover() runs the per-step recovery rules documented in circulationengine.cpp.

#include "common/circulation/circulationconfig.h"
#include "common/circulation/circulationjournal.h"
#include "common/circulation/circulationlistener.h"
#include "common/circulation/events.h"
#include "common/circulation/ilshealth.h"
#include "common/core/clock.h"
#include "common/core/log.h"
#include "common/ils/ils.h"
#include "common/rfid/tagreader.h"
#include "common/scan/cardrules.h"
#include "common/tagdata/tagdata.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace lasis::circulation {

/// The engine behind the kiosk's screens and the headless runner.
class CirculationEngine {
public:
  /// `health`: the one online/offline authority, shared with the queue's replay (the kiosk);
  /// without one the engine keeps its own, probing every 30 s while offline.
  CirculationEngine(CirculationConfig config, rfid::TagReader& reader, ils::IlsClient& ils,
                    CirculationJournal& journal, const Clock& clock, CirculationListener& listener,
                    Logger log = nullLogger(), IlsHealth* health = nullptr);

  /// Finishes or undoes every transaction a previous run left unfinished. Call at start-up
  /// (and again later: entries that needed the ILS while it was down stay pending).
  /// Returns how many entries are still pending.
  Result<int> recover();
  /// The first recover() of a process, before anything else sends: its proof is what the
  /// queue's replay needs to be built (see Recovered).
  Recovered recoverAtStart();

  /// Identifies a patron by card number and PIN. An empty card means the card a scanner presented
  /// (presentScan), else "the card on the pad". A typed or tapped card's number is read by the
  /// network's card rules too: a card of a library outside the network is refused (foreignCard)
  /// before the ILS hears of it, and a member library's card is sent in its patron-id form.
  LoginOutcome login(const std::string& card, const std::string& pin);
  /// A code from a barcode or QR scanner, read by the network's card rules ([network]):
  ///  * a patron card while nobody is logged in: it becomes the card the next login("") uses
  ///    (the screen asks for the PIN); during a visit it is refused (busy);
  ///  * a foreign card: refused at once (onLogin with foreignCard and the issuing library), no ILS
  ///    message is sent;
  ///  * something no rule knows: onMessage(unrecognisedCode);
  ///  * an item or a staff card: returned for the caller to act on (checkoutItem / checkinItem by
  ///    the screen the patron is on; the staff screen).
  /// Without rules, a code on an idle kiosk is a card and during a visit an item.
  scan::Meaning presentScan(const scan::Scan& code);
  /// Checks out one item by its barcode: the item's tags when it lies on the pad, else an item
  /// with no RFID tag (lent with noTag set, or sent to the desk: circulation.barcode_only_items).
  void checkoutItem(const std::string& itemId);
  /// Returns one item by its barcode: its tags are secured when it lies on the pad; an item with
  /// no tag is checked in alone.
  void checkinItem(const std::string& itemId);
  /// The number of the library card lying on the pad, if there is one and nobody is logged in
  /// (the identify screen asks about once a second, so a tapped card is noticed at once).
  std::optional<std::string> cardOnPad();
  /// Checks out every item on the pad not yet lent in this session. `expectedCount`, when given
  /// (or required by config), must match the items found, otherwise nothing is done.
  void checkout(std::optional<int> expectedCount = std::nullopt);
  /// Returns every item on the pad; needs no login.
  void checkin();
  /// The pad works by itself: lends what was laid on the pad since the last look and has had no
  /// answer in this visit (a book lifted too soon is tried again once it is back). Says nothing
  /// when nothing new lies there, or when nobody may borrow now. Call about every second while the
  /// checkout screen shows.
  void checkoutArrivals();
  /// The same for returns (no login needed): what arrived since the last look and was not
  /// returned in this run. `fresh` starts a new run (the return screen just opened).
  void checkinArrivals(bool fresh = false);
  /// Reads the tags on the pad ahead (while the patron types the PIN), so that after the PIN only
  /// the ILS and the tag writes remain. Tag data read stays known until the session ends.
  void readPadAhead();
  /// The ids of the items lying on the pad now (not a patron card, not a damaged tag, not one lent
  /// in this visit), for the reserve screen: a book is reserved by laying it on the pad.
  std::vector<std::string> itemsOnPad();
  void renew(const std::string& itemId);
  void renewAll();
  void placeHold(const std::string& itemId, const std::string& pickup);
  void cancelHold(const std::string& itemId, const std::string& pickup);
  void itemStatus(const std::string& itemId);
  void account();
  /// The patron is done: End Patron Session, receipt, wipe.
  void endSession(SessionEndReason reason = SessionEndReason::done);
  /// The patron touched the screen: the idle timer restarts.
  void touch();
  /// Drives the idle timeout; while offline, probes the ILS; while recovery left entries waiting
  /// for the ILS, tries them again every 30 s between sessions. Call about once a second.
  void tick();

  /// A part the kiosk cannot serve without is missing or refuses it: "reader" (the pad is not
  /// connected), "ils-login" (the ILS refuses the kiosk's SIP2 login), "queue" (its database cannot
  /// be written). While any is set the kiosk is out of order and says so instead of serving (no
  /// login, no loans, no returns); clearing the last one puts it back in service. An empty
  /// message clears. The ILS's login is cleared by the engine itself (tick() asks the ILS).
  void setFault(const std::string& part, const std::string& message);
  /// The faults now set (part → technician's message), for the staff screen, metrics and logs.
  std::map<std::string, std::string> faults() const;

  bool loggedIn() const { return m_patron.has_value(); }
  Mode mode() const { return m_mode.load(); }
  /// The receipt of the session so far (empty lines when nothing was done).
  Receipt receipt() const;

private:
  struct Candidate;
  struct SessionState;

  Result<std::vector<Candidate>> scanPad(bool forCheckout);
  /// A tag's contents, from what this visit read already or from the reader.
  Result<rfid::TagContents> readTag(const std::string& uid);
  /// The patron card on the pad: {card number, tag UID, owner library's ISIL}.
  struct PadCard {
    std::string number;
    std::string uid;
    std::string owner;
  };
  Result<PadCard> findCardOnPad();
  /// The pad's candidate for `itemId` (its tags), or a tagless candidate when it is not there.
  Result<Candidate> itemByBarcode(const std::string& itemId, bool forCheckout);
  static IlsHealth::Settings ownHealth();
  /// Tells the screen something not tied to one item (with the ILS's own words, if any).
  void tell(Outcome code, const std::string& ilsText = {});
  /// The ILS answered a request: online (unless a fault holds the kiosk out of order).
  void ilsAnswered();
  ItemOutcome checkoutOne(const Candidate& c);
  ItemOutcome checkinOne(const Candidate& c);
  ItemOutcome checkoutOffline(const Candidate& c);
  ItemOutcome checkinOffline(JournalEntry entry, const Candidate& c);
  /// Sets every part's security; `done` (when given) counts the parts changed before a failure.
  Status setSecurityAll(const std::vector<std::string>& uids, bool secured, std::size_t* done = nullptr);
  /// Says why nothing may be lent now (out of order, nobody logged in, a blocked patron); true
  /// when it said so. The one gate of checkout() and checkoutItem().
  bool refuseBorrowing();
  /// Lends the candidates (a stack or what arrived), each outcome published as it is known.
  void lendAll(const std::vector<Candidate>& items);
  /// Returns the candidates the same way.
  void returnAll(const std::vector<Candidate>& items);
  Status ensureSecured(const std::vector<std::string>& uids);
  Status journal(const JournalEntry& e);
  /// What the journal's outbox still holds for the item goes to the ILS before new online work
  /// with it (see CirculationJournal::deliverQueued).
  Status deliverQueued(const std::string& itemId, const std::string& before = {});
  std::string newTxId();
  ils::Context context(const std::string& txId) const;
  void setMode(Mode m, const std::string& message, const std::string& fault = {});
  void publish(const ItemOutcome& o);
  void addReceiptLine(const ItemOutcome& o);
  bool presentOnPad(const std::string& uid);
  /// Recovery of one entry; returns true when it is finished or undone.
  bool recoverOne(JournalEntry e);
  bool transportFailure(const Error& e) const;
  /// The one reading of an ILS error for the kiosk's mode: a refused login is a fault (out of
  /// order), a request the client could not form nothing (it never left), anything else an
  /// outage (offline). Returns true when it was the fault.
  bool ilsFailed(const Error& e);
  /// Fills `o` as refused because the kiosk is out of order.
  static ItemOutcome& outOfOrderOutcome(ItemOutcome& o);
  /// The item's outcome when its step could not be recorded: see staff, and the kiosk is out of
  /// order (it must not take transactions it cannot record).
  ItemOutcome& journalFailedOutcome(ItemOutcome& o);
  /// The first fault's message when the kiosk is out of order because of one.
  std::optional<std::string> firstFault() const;

  CirculationConfig m_config;
  rfid::TagReader& m_reader;
  ils::IlsClient& m_ils;
  CirculationJournal& m_journal;
  const Clock& m_clock;
  CirculationListener& m_listener;
  Logger m_log;

  std::mutex m_readerMutex;    ///< one command on the reader at a time (it is one device)
  std::mutex m_journalMutex;   ///< journal writes in the order the steps happen
  /// Offline checkouts one at a time, so the per-visit and per-patron limits are counted exactly
  /// (they make no ILS calls and tag writes take turns anyway, so nothing is lost by it).
  std::mutex m_offlineMutex;
  std::mutex m_listenerMutex;  ///< listeners see one event at a time
  std::mutex m_sessionMutex;   ///< receipt lines and counters written by pool workers

  std::atomic<Mode> m_mode{Mode::online};
  mutable std::mutex m_faultMutex;
  std::map<std::string, std::string> m_faults;  ///< part → message (see setFault)
  std::optional<Clock::Duration> m_lastProbe;  ///< the refused login's own probe
  std::unique_ptr<IlsHealth> m_ownHealth;
  IlsHealth& m_health;  ///< online or offline: the one answer (shared with the replay)
  int m_recoveryLeft = 0;  ///< entries the last recover() left for the ILS (retried by tick())
  std::optional<Clock::Duration> m_lastRecovery;
  // Session state: everything here is wiped by endSession().
  std::optional<PatronView> m_patron;
  std::string m_pin;  ///< kept in memory for the session only, never journalled or logged
  std::string m_cardUid;  ///< the card's tag when the patron logged in by tapping it
  std::optional<scan::Meaning> m_presented;  ///< a card a scanner presented, for the next login("")
  Clock::Duration m_presentedAt{};           ///< when (monotonic): it lapses after the session timeout
  std::map<std::string, bool> m_lentThisSession;  ///< item id → lent (skip it on the next scan)
  /// Item id → what the last answer was, for checkoutArrivals (and checkinArrivals' run): an item
  /// answered is not tried again, unless it was lifted too soon.
  std::map<std::string, std::pair<Outcome, int>> m_answered;  ///< item id → {reason, parts present}
  std::map<std::string, std::pair<Outcome, int>> m_returnedRun;
  /// Tag data read in this visit (uid → contents): the data area does not change during a visit
  /// (only the security byte, which scanning does not use). Filled by readPadAhead and arrivals.
  std::map<std::string, rfid::TagContents> m_tagCache;
  bool m_cacheReads = false;  ///< scanPad keeps what it reads (readPadAhead, arrivals)
  std::vector<ReceiptLine> m_receiptLines;
  int m_offlineCheckouts = 0;
  Clock::Duration m_lastActivity{};
  bool m_warned = false;
  std::atomic<unsigned> m_txCounter{0};
};

} // namespace lasis::circulation
