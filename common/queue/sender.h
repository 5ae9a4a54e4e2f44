#pragma once
// Sender: the one place where a loan or a return reaches the ILS and its outcome is recorded.
// The circulation engine's own requests (a patron at the kiosk, online) and the queue's replay
// (offline work, doubts, returns left to the queue) both go through send(); the one answer to
// "was it applied?" after an unanswered request is wasApplied(). Renewals, holds and the
// patron's account are questions, not transactions: they go to the ILS directly. The undo of a
// loan (cancelLoan, checkinToUndo) goes through here too.
//
// Rules, and which row each one concerns:
//  * A row is sent only by whoever moved it to `sending`: pending → sending is one store write,
//    so two callers can never both send it. A row written `sending` by its maker (the engine's
//    own checkout, see NewTxn::sending) is sent by that maker alone.
//  * Doubt (the request went out, no answer): the row's own rule decides. The engine's own
//    online checkout stays `sending` for the circulation recovery, which asks the item and
//    undoes the loan (the patron has gone; a resend would lend a secured book). Anything else
//    becomes `uncertain`: wasApplied() is asked before any resend (returns twice are harmless,
//    offline loans must reach the ILS).
//  * A refusal is final. The engine's own checkout was refused in front of the patron: failed
//    and closed in one write. Anything else is a staff exception with the ILS's words, except a
//    replayed return the ILS refuses for a book it no longer lends (a second delivery).
//  * The ILS's confirmation and its journal step are one store write (QueueStore::markDone).

#include "common/circulation/circulationjournal.h"
#include "common/core/log.h"
#include "common/core/result.h"
#include "common/ils/ils.h"
#include "common/queue/queuestore.h"

#include <optional>
#include <string>

namespace lasis::queue {

/// What send() learnt.
enum class SendOutcome {
  applied,    ///< the ILS confirmed it (recorded done)
  refused,    ///< the ILS said no (recorded failed)
  doubt,      ///< a transport error after the request went out: the ILS may have applied it
  unsendable, ///< the request could not be formed; nothing reached the ILS (recorded failed)
  notMine,    ///< another caller sends it, or it was settled meanwhile; nothing was sent
  storeError, ///< the ILS answered but the store could not record it (see `storeFailure`)
};
std::string_view toString(SendOutcome o);

/// send()'s answer: the outcome, the ILS's own answer where one came, and the errors.
struct Sent {
  SendOutcome outcome = SendOutcome::notMine;
  std::optional<ils::CheckoutResult> checkout;  ///< a checkout's answer (applied or refused)
  std::optional<ils::CheckinResult> checkin;    ///< a return's answer (applied or refused)
  std::optional<Error> error;                   ///< the ILS client's error (doubt, unsendable)
  std::optional<Error> storeFailure;            ///< the store write that failed
  bool settledByStatus = false;  ///< a refused return settled because the ILS has the book back
};

/// Who sends: the engine for a patron standing at the kiosk (with the PIN, which is never
/// stored), or the replay.
struct SendAs {
  bool ownRequest = false;  ///< the circulation engine's request for a patron at the kiosk
  std::string pin;          ///< own checkouts only; sent, never stored or logged
};

using circulation::Applied;
using circulation::AppliedAnswer;

/// The one sender of loans and returns. Holds no state of its own: safe from several threads
/// (the engine's checkout pool and the replay), the store arbitrating who sends a row.
class Sender {
public:
  Sender(Outbox& outbox, ils::IlsClient& ils, Logger log = nullLogger());
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;

  /// Sends one row and records its outcome (see the rules above). `row` as last read; a
  /// `pending` row is claimed (→ `sending`) first, an `uncertain` one must be asked about
  /// (wasApplied) and returned to pending before.
  Sent send(const QueuedTxn& row, const SendAs& as = {});

  /// Was this transaction applied at the ILS? A checkout: the item is on loan and the patron's
  /// own list of loans holds it (`unknownToWhom` when the ILS cannot list them); a return: the
  /// item is not on loan. A transport error when the ILS could not be asked.
  Result<AppliedAnswer> wasApplied(const QueuedTxn& row);

  /// Undoes a loan (SIP2 checkout with cancel, scoped to its patron; the PIN when the patron is
  /// here) while every tag of the item is secured. Nothing is recorded here, and nothing read:
  /// the undo must work when the store does not, and the caller journals it.
  Result<ils::CheckoutResult> cancelLoan(const std::string& txnId, const std::string& itemId,
                                         const std::string& patronId, const std::string& pin, TimePoint when);
  /// Checks an item in to undo a loan made for this kiosk whose patron is no longer known.
  Result<ils::CheckinResult> checkinToUndo(const std::string& txnId, const std::string& itemId,
                                           const std::string& location, TimePoint when);

private:
  Outbox& m_outbox;
  ils::IlsClient& m_ils;
  Logger m_log;
};

} // namespace lasis::queue
