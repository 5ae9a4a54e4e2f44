#pragma once
// The engine's durability contract: every step of a checkout or return is recorded before the
// next one starts, and offline transactions are handed to the outbox. Implemented over the
// queue's SQLite store (synchronous=FULL); a write returns only once it is on disk.

#include "common/circulation/events.h"
#include "common/core/clock.h"
#include "common/core/result.h"
#include "common/ils/ils.h"

#include <optional>
#include <string>
#include <vector>

namespace lasis::circulation {

enum class TxKind { checkout, checkin };

/// Where a transaction stands. Checkout order: intent → ilsDone → tagDone → done, or
/// → undoing → undone. Return order: intent → tagDone (secured) → ilsDone → done.
enum class Step { intent, ilsDone, tagDone, undoing, done, undone };
std::string_view toString(Step s);
std::optional<Step> stepFromString(std::string_view s);
std::string_view toString(TxKind k);

/// One circulation transaction as the journal keeps it. Holds a patron reference, never a PIN.
struct JournalEntry {
  std::string txId;
  TxKind kind = TxKind::checkout;
  std::string itemId;
  std::vector<std::string> tagUids;  ///< every part's tag (a set has several)
  std::string patronId;              ///< empty for returns
  Clock::TimePoint when{};
  Step step = Step::intent;
  bool offline = false;  ///< recorded while the ILS was unreachable: the outbox replays it
  std::optional<Clock::TimePoint> dueDate;
  std::string note;  ///< why it was undone or needs staff
};

/// What the offline policy needs to judge a transaction the engine wants to do while the ILS is
/// unreachable (or a patron who wants to log in then). Carries the PIN only to compare it with
/// the patron cache's hash; it is never stored.
struct OfflineCheck {
  TxKind kind = TxKind::checkout;
  std::string patronId;
  std::string pin;
  std::optional<int> usageType;     ///< the item's type of usage from its tag
  int sessionOfflineCheckouts = 0;  ///< offline loans already taken in this session
};

/// The policy's answer: allowed, or why not (offlineLimit, offlineNotAllowed, blocked, wrongPin,
/// unknownCard, journalFailed) with words for staff and logs.
struct OfflineVerdict {
  bool allowed = true;
  Outcome reason = Outcome::ok;
  std::string detail;
};

/// The ILS's view of a transaction whose request may or may not have been applied.
enum class Applied { yes, no, unknownToWhom };
struct AppliedAnswer {
  Applied applied = Applied::no;
  ils::ItemInfo info;  ///< the item's status as read (title, due date for the record)
};

/// What came of a loan or return the engine sent through the journal.
template <class Answer>
struct Delivery {
  std::optional<Answer> answer;  ///< the ILS's answer (ok or refused), recorded by the journal
  std::optional<Error> error;    ///< no answer: the ILS client's error (outcome unknown), or the journal's
  bool journalError = false;     ///< the journal failed (the row could not be read, or the answer recorded)
  bool queued = false;           ///< not sent: the queue's replay is sending it (returns only)
};

/// Proof that the circulation recovery has run: the queue's replay (queue::SyncEngine) takes one
/// in its constructor, so no replay can exist, nor send, before the engine's interrupted
/// transactions were settled by their own rules (an interrupted online loan undone, not resent).
class Recovered {
public:
  /// For a queue used without a circulation engine (the `lasis queue` tool while the kiosk is
  /// stopped, the replay's own tests): rows of an interrupted engine request then stay
  /// `sending`, left for the kiosk's recovery (QueueStore::recoverInterrupted).
  static Recovered withoutEngine() { return Recovered(0, std::nullopt); }
  /// Transactions the recovery left waiting for the ILS.
  int left() const { return m_left; }
  /// Set when the journal could not be read (the kiosk is then out of order).
  const std::optional<Error>& error() const { return m_error; }

private:
  friend class CirculationEngine;
  Recovered(int left, std::optional<Error> error) : m_left(left), m_error(std::move(error)) {}
  int m_left = 0;
  std::optional<Error> m_error;
};

/// Durable record of circulation steps, the outbox for offline transactions, and the sender
/// through which the engine's own loans and returns reach the ILS (the replay's sender too).
class CirculationJournal {
public:
  virtual ~CirculationJournal() = default;
  /// Records an entry's current step (insert or update by txId), durably, before returning.
  virtual Status record(const JournalEntry& entry) = 0;
  /// Hands an offline transaction to the outbox, durably; replayed in order when the ILS is back
  /// (checkouts with no-block and the original dates, returns with the real return time). An
  /// entry later recorded as undone is withdrawn from the outbox.
  virtual Status enqueue(const JournalEntry& entry) = 0;
  /// Entries not yet done or undone: what a restart must finish or undo.
  virtual Result<std::vector<JournalEntry>> unfinished() = 0;

  /// Sends the engine's online checkout (recorded at intent) with the patron's PIN, which is
  /// never stored, and records the ILS's answer. After a transport error the entry stays at
  /// intent for recovery, which asks and undoes, never resends.
  virtual Delivery<ils::CheckoutResult> sendCheckout(const JournalEntry& e, const std::string& pin) = 0;
  /// Sends a return whose tag is secured (recorded at tagDone) and records the ILS's answer;
  /// `queued` when the queue's replay is sending it already: it is the queue's now.
  virtual Delivery<ils::CheckinResult> sendCheckin(const JournalEntry& e) = 0;
  /// The one "was it applied?" check, for recovery after an unanswered request.
  virtual Result<AppliedAnswer> wasApplied(const JournalEntry& e) = 0;
  /// Undoes the loan this entry made (the patron-scoped cancel; `pin` when the patron is here)
  /// while every tag is secured, through the same sender. Works without the journal's store.
  virtual Result<ils::CheckoutResult> cancelLoan(const JournalEntry& e, const std::string& pin, Clock::TimePoint when) = 0;
  /// Undoes a loan the ILS confirmed to this kiosk by checking the item in (its patron unknown).
  virtual Result<ils::CheckinResult> checkinToUndo(const JournalEntry& e, Clock::TimePoint when) = 0;

  /// Before an online transaction for an item: delivers to the ILS, in order, whatever the outbox
  /// still holds for that item, so the new transaction cannot overtake one done offline (the ILS
  /// would refuse one of them, leaving the book's tag and loan in disagreement). An error means
  /// they could not all be delivered now; the engine then must not send the new one directly.
  /// Default (a journal without an outbox of its own to deliver): nothing waits.
  /// With `before`, only those queued ahead of that transaction (recovery finishing it).
  virtual Status deliverQueued(const std::string& itemId, const std::string& before = {}) {
    (void)itemId, (void)before;
    return {};
  }

  /// The offline policy's verdict (per-visit and per-patron limits, forbidden types of usage,
  /// the patron cache). A journal without a policy of its own allows everything: the engine's
  /// configured mode and per-visit limit still apply.
  virtual OfflineVerdict offlineAllowed(const OfflineCheck& check) {
    (void)check;
    return {};
  }
  /// The ILS vouched for this patron just now: remember them for offline checks (the PIN only as
  /// a salted hash, and only when the policy needs it). Default: nothing to remember.
  virtual Status rememberPatron(const std::string& patronId, const std::string& pin, bool blocked) {
    (void)patronId, (void)pin, (void)blocked;
    return {};
  }
};

} // namespace lasis::circulation
