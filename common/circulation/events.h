#pragma once
// What the circulation engine tells the patron's screen (Qt UI or headless JSON lines): plain
// structs, no behaviour. `reason` (an Outcome) is what screens translate and scripts read;
// `message` carries the ILS's own words, or English for logs.

#include "common/core/clock.h"

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lasis::circulation {

using TimePoint = Clock::TimePoint;

enum class Action { checkout, checkin, renew, holdPlace, holdCancel, status };
std::string_view toString(Action a);

/// Why a login, an item or a request ended as it did: one vocabulary from the engine to the
/// screens, the JSON events and the metrics. Screens turn it into the patron's language;
/// toString() gives the stable code scripts read ("due", "wrong-pin", …), which never changes.
enum class Outcome {
  // Done.
  ok,              ///< login: welcome
  due,             ///< lent (with a due date when the ILS gave one)
  returned,
  renewed,
  holdPlaced,
  holdCancelled,
  // Item status (a question, not a transaction).
  available,
  onLoan,
  onHoldShelf,
  inTransit,
  reshelving,
  unavailable,
  // Refused: the patron or the item.
  refused,         ///< the ILS said no (its own words in the message)
  blocked,
  wrongPin,
  unknownCard,
  unreadableCard,  ///< a card number or PIN the ILS's protocol cannot carry
  noCard,
  notForLoan,
  incompleteSet,
  tagDamaged,
  lifted,          ///< taken off the pad before it was done: put it back (nothing changed)
  notAnItem,
  noItems,
  foreignCard,       ///< a card of a library outside the network (LoginOutcome::library names it)
  unrecognisedCode,  ///< a scanned code that is no card, item or staff card the network knows
  notOurItem,        ///< an item whose tag names an owner library outside the network
  barcodeOnlyToDesk, ///< an item with no RFID tag, which this library lends at the desk only
  countMismatch,
  loginRequired,
  busy,
  // Refused: the kiosk or the ILS.
  ilsUnreachable,
  offlineLimit,
  offlineNotAllowed,
  tagWriteFailed,
  journalFailed,
  readerError,
  outOfOrder,
};
std::string_view toString(Outcome o);
std::optional<Outcome> outcomeFromString(std::string_view s);
std::ostream& operator<<(std::ostream& os, Outcome o);

/// Where a returned item goes next, from the ILS's checkin reply.
enum class SortHint { none, shelf, holdHere, holdOtherBranch, otherBranch, bin };
/// "" (none), "shelf", "hold-here", "hold-other-branch", "other-branch", "bin" (the configured
/// sort bin the ILS named: ItemOutcome::binName): the JSON events' `sort`.
std::string_view toString(SortHint h);

/// The outcome of one item (a whole multi-part set counts as one item).
struct ItemOutcome {
  Action action = Action::checkout;
  std::string itemId;
  std::string title;
  bool ok = false;
  Outcome reason = Outcome::refused;
  /// The ILS's own words for the patron (its screen message), empty when it gave none. The core
  /// writes no sentences: screens say `reason` in the patron's language and show these as given.
  std::string ilsText;
  std::optional<TimePoint> dueDate;
  bool provisional = false;  ///< recorded offline: the ILS will confirm later
  bool seeStaff = false;     ///< the patron must go to the desk with this item
  /// Lent or returned by its barcode, with no RFID tag to change: a lent one must be carried round
  /// the security gate (it has nothing the gate could see, and nothing was unsecured).
  bool noTag = false;
  int parts = 1;
  int partsPresent = 1;
  SortHint sortHint = SortHint::none;  ///< returns: where the item goes next
  std::string destination;  ///< returns: the branch it travels to; status: the branch it stands at
  std::string destinationName;  ///< that branch's name from [[returns.branches]] (else empty)
  std::string sortBin;      ///< returns: the ILS's sort bin (SIP2 CL), as sent
  std::string binName;      ///< its name from [[returns.bins]]: where the patron puts the item
  std::optional<int> queuePosition;  ///< holds: place in the queue
  std::string pickupLocation;        ///< holds
};

enum class Mode { online, offline, outOfOrder };
std::string_view toString(Mode m);

struct ModeChange {
  Mode mode = Mode::online;
  std::string message;  ///< why, for logs and staff (screens word each mode themselves)
  /// Out of order because of a fault (CirculationEngine::setFault): its part ("reader",
  /// "ils-login", "queue"); empty otherwise. Staff screens, metrics and the JSON events name it.
  std::string fault;
};

/// Why the ILS limits a patron, from its patron status flags (SIP2 BL/14-char status): screens
/// say each in the patron's language instead of the ILS's own (often English) words.
enum class PatronBlock { cardLost, tooManyItems, tooManyOverdue, tooManyRenewals, tooManyLost, fines, recallOverdue };
/// "card-lost", "too-many-items", "too-many-overdue", "too-many-renewals", "too-many-lost",
/// "fines", "recall-overdue": the JSON events' `blocks`.
std::string_view toString(PatronBlock b);
/// The blocks the ILS's 14 patron status flags name ('Y' at a position), in a fixed order.
std::vector<PatronBlock> patronBlocks(std::string_view flags);

/// A logged-in patron as the screen shows them (wiped at session end).
struct PatronView {
  std::string patronId;
  std::string name;
  bool blocked = false;  ///< may not borrow
  bool provisional = false;  ///< accepted offline without the ILS's word
  std::vector<std::string> ilsMessages;  ///< the ILS's own AF lines (a UI shows them as given)
  bool cardLost = false;
  std::vector<PatronBlock> blocks;  ///< why the ILS limits them (empty: no reason given)
  std::optional<double> fines;
  std::string currency;
};

struct LoginOutcome {
  bool ok = false;
  /// ok, blocked, wrongPin, unknownCard, unreadableCard, noCard, foreignCard, ilsUnreachable, busy,
  /// outOfOrder.
  Outcome reason = Outcome::refused;
  std::string ilsText;  ///< the ILS's own words (an unknown card's reason), empty when none
  std::string library;  ///< foreignCard: the library that issued the card (from the card rules)
  std::optional<PatronView> patron;
};

struct SessionWarning {
  int secondsLeft = 0;
};

enum class SessionEndReason { done, timeout, cardRemoved };
std::string_view toString(SessionEndReason r);

struct ReceiptLine {
  Action action = Action::checkout;
  std::string itemId;
  std::string title;
  std::optional<TimePoint> dueDate;
  bool provisional = false;
};

/// Ready for print, email or screen: what the patron did in one session.
struct Receipt {
  std::string kioskId;
  std::string location;
  TimePoint time{};
  std::string patronRef;  ///< the card number masked to its last 4 characters
  std::vector<ReceiptLine> lines;
  bool provisional = false;  ///< something on it was recorded offline
  std::vector<std::string> notes;
};

/// Something staff must look at (shown on the staff screen and logged; never patron data).
struct StaffAlert {
  std::string itemId;
  std::string message;
};

} // namespace lasis::circulation
