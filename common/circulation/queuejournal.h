#pragma once
// The circulation engine's journal over the queue's SQLite store (common/queue): the engine's
// steps are mapped onto the outbox states and the queue's step journal, so there is one durable
// record per transaction and the queue's sync engine replays what was done offline.
//
// Mapping (and why each is safe):
//  * Checkout online. intent → outbox row enqueued and marked `sending` at once: the sync
//    engine never sends a `sending` row at runtime, so the engine's own request is the only one.
//    sendCheckout() sends it through queue::Sender (the replay's sender), which records the
//    answer: done with the due date and ilsDone in one write, or failed and closed (refused in
//    front of the patron), or left `sending` on a transport error for recovery to undo.
//    ilsDone → (row done already) journal ilsDone. tagDone, done → journalled as they are (the
//    journal speaks the engine's steps). undone → journal undone; a row still `sending` (refused, or undone on restart)
//    becomes `failed` and its exception is resolved at once (the patron was told; nothing for
//    staff). undoing has no queue step: on restart it looks like ilsDone, whose rule (re-secure
//    all parts, then cancel the loan) gives the same end.
//  * Checkout offline. enqueue → outbox row (offline, promised due date) + journal ilsDone in one SQLite
//    transaction, so a restart finds it unfinished until tagDone. undone → a collapsing checkin
//    is enqueued (both rows collapsed if the loan was not sent yet; otherwise the checkin undoes
//    it at the ILS) + journal undone.
//  * Return. intent → checkin row enqueued and held `sending` (the replay must not deliver a
//    return whose tag may still fail to secure). tagDone → row released to `pending` + journal
//    tagDone: from here the queue owns delivery, so a lost reply or a crash
//    still ends in a return at the ILS (checking in twice is harmless). sendCheckin() claims the
//    row (pending → sending) and sends it through the same sender, unless the replay claimed it
//    first (then it is the replay's: `queued`). ilsDone → journal ilsDone. undone (tag write failed, or the item left during a restart) → row
//    `failed`, resolved at once. done while the row is still pending and the note says refused
//    → `failed`, an open staff exception (the item is secured but still on loan).
//
// Order of start-up: CirculationEngine::recoverAtStart() runs before the sync engine exists (its
// constructor takes the circulation::Recovered proof), so an interrupted online checkout
// (`sending`) is resolved by the circulation rule (ask the item, cancel the loan) rather than
// resent to a patron who is no longer there. Run the sync engine's tick() on the engine's worker
// thread (not SyncEngine::start()), between calls.

#include "common/circulation/circulationjournal.h"
#include "common/circulation/offlinepolicy.h"
#include "common/queue/queuestore.h"
#include "common/queue/sender.h"
#include "common/queue/syncengine.h"

#include <optional>

#include <string>

namespace lasis::circulation {

/// CirculationJournal implemented over queue::QueueStore.
class QueueJournal final : public CirculationJournal {
public:
  /// `policy`: the queue's offline policy (the kiosk config's [offline]); without one the
  /// journal allows every offline transaction and remembers no patrons.
  /// `ils`: where the engine's own loans and returns go, through the one queue::Sender.
  QueueJournal(queue::QueueStore& store, ils::IlsClient& ils, std::string kioskId, std::string location,
               std::optional<queue::OfflinePolicy> policy = std::nullopt);

  /// The queue's replay engine, which deliverQueued() uses to send an item's waiting
  /// transactions ahead of new online work. Without one, deliverQueued() only checks that nothing
  /// waits for the item (an error when something does).
  void attachReplay(queue::SyncEngine* replay) { m_replay = replay; }

  Status record(const JournalEntry& entry) override;
  Status deliverQueued(const std::string& itemId, const std::string& before = {}) override;
  Status enqueue(const JournalEntry& entry) override;
  Result<std::vector<JournalEntry>> unfinished() override;
  Delivery<ils::CheckoutResult> sendCheckout(const JournalEntry& e, const std::string& pin) override;
  Delivery<ils::CheckinResult> sendCheckin(const JournalEntry& e) override;
  Result<AppliedAnswer> wasApplied(const JournalEntry& e) override;
  Result<ils::CheckoutResult> cancelLoan(const JournalEntry& e, const std::string& pin, Clock::TimePoint when) override;
  Result<ils::CheckinResult> checkinToUndo(const JournalEntry& e, Clock::TimePoint when) override;
  OfflineVerdict offlineAllowed(const OfflineCheck& check) override;
  Status rememberPatron(const std::string& patronId, const std::string& pin, bool blocked) override;

private:
  Status recordCheckout(const JournalEntry& e);
  Status recordCheckin(const JournalEntry& e);
  Result<queue::QueuedTxn> row(const std::string& txId);
  queue::NewTxn newTxn(const JournalEntry& e) const;

  queue::QueueStore& m_store;
  std::string m_kioskId;
  std::string m_location;
  std::optional<queue::OfflinePolicy> m_policy;
  queue::Sender m_sender;
  queue::SyncEngine* m_replay = nullptr;
};

} // namespace lasis::circulation
