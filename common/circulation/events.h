#pragma once
// What the circulation engine tells the patron's screen (Qt UI or headless JSON lines): plain
// structs, no behaviour. Patron-visible text is in `message`; `reason` is a stable code for
// scripts and translations.

#include "common/core/clock.h"

#include <optional>
#include <string>
#include <vector>

namespace lasis::circulation {

using TimePoint = Clock::TimePoint;

enum class Action { checkout, checkin, renew, holdPlace, holdCancel, status };
std::string_view toString(Action a);

/// The outcome of one item (a whole multi-part set counts as one item).
struct ItemOutcome {
  Action action = Action::checkout;
  std::string itemId;
  std::string title;
  bool ok = false;
  /// Stable code: "due", "returned", "renewed", "hold-placed", "hold-cancelled", "refused",
  /// "not-for-loan", "incomplete-set", "tag-damaged", "tag-write-failed", "blocked",
  /// "ils-unreachable", "offline-limit", "offline-not-allowed", "not-an-item", "journal-failed".
  std::string reason;
  std::string message;  ///< plain words for the patron (the ILS's own text where it gave one)
  std::optional<TimePoint> dueDate;
  bool provisional = false;  ///< recorded offline: the ILS will confirm later
  bool seeStaff = false;     ///< the patron must go to the desk with this item
  int parts = 1;
  int partsPresent = 1;
  /// Returns: where the item goes next ("hold-here", "hold-other-branch", "other-branch", "shelf").
  std::string sortHint;
  std::string destination;  ///< the branch an item must travel to
  std::optional<int> queuePosition;  ///< holds: place in the queue
  std::string pickupLocation;        ///< holds
};

enum class Mode { online, offline, outOfOrder };
std::string_view toString(Mode m);

struct ModeChange {
  Mode mode = Mode::online;
  std::string message;  ///< what the patron is told ("returns only, checkouts at the desk")
  /// Out of order because of a fault (CirculationEngine::setFault): its part ("reader",
  /// "ils-login", "queue"); empty otherwise. Staff screens, metrics and the JSON events name it.
  std::string fault;
};

/// A logged-in patron as the screen shows them (wiped at session end).
struct PatronView {
  std::string patronId;
  std::string name;
  bool blocked = false;  ///< may not borrow
  bool provisional = false;  ///< accepted offline without the ILS's word
  std::vector<std::string> messages;  ///< AF lines, blocks and fines in plain words
  std::vector<std::string> ilsMessages;  ///< the ILS's own AF lines only (a UI shows them as given)
  bool cardLost = false;
  std::optional<double> fines;
  std::string currency;
};

struct LoginOutcome {
  bool ok = false;
  std::string reason;  ///< "ok", "blocked", "wrong-pin", "unknown-card", "unreadable-card", "no-card", "ils-unreachable", "busy"
  std::string message;
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
