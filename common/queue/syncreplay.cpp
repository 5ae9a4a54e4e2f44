// The replay of one queued transaction: ask first when its outcome is unknown, then send it,
// with back-off and the circuit breaker on transport errors (see syncengine.h for the rules).
#include "common/queue/syncengine.h"

#include <algorithm>
#include <cmath>

namespace lasis::queue {

namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) {
    if (l.empty()) continue;
    if (!s.empty()) s += " / ";
    s += l;
  }
  return s;
}

bool onLoan(ils::CirculationStatus s) {
  return s == ils::CirculationStatus::charged || s == ils::CirculationStatus::chargedNotToBeRecalled ||
         s == ils::CirculationStatus::recalled;
}

} // namespace

void SyncEngine::replay(QueuedTxn txn, TickReport& r) {
  if (txn.state == TxnState::sending) return;  // in flight elsewhere; recovered at start-up otherwise
  if (txn.state == TxnState::uncertain) {
    // The request may have been applied: the item's status says which, before any resend.
    auto info = m_ils.itemInfo(txn.itemId);
    if (!info) {
      transportFailure(txn, info.error(), r);
      return;
    }
    {
      std::lock_guard lock(m_mutex);
      m_health.recordSuccess();
      m_lastLoginRefusal.reset();
      m_lastContact = m_clock.monotonic();
    }
    bool loaned = info->ok && onLoan(info->status);
    bool applied = txn.kind == Kind::checkout ? loaned : (info->ok && !loaned);
    if (applied && txn.kind == Kind::checkout) {
      // "Charged" says the item is on loan, not to whom: a book lent to someone else at the desk
      // while this kiosk was offline looks the same. Only the patron's own list of loans can say
      // that this checkout is the one the ILS holds.
      auto mine = m_ils.lentTo(txn.patronId, txn.itemId);
      if (!mine) {
        transportFailure(txn, mine.error(), r);
        return;
      }
      if (!mine->has_value()) {
        ++r.resolvedByStatus;
        const std::string why = "the ILS has item " + txn.itemId +
                                " on loan but could not say to whom (the patron's list of loans was not available): "
                                "check who holds it";
        if (auto st = m_store.markFailed(txn.seq, why); !st) return storeFailed(st.error());
        ++r.refused;
        m_log->warn("checkout of item {}: {}", forLog(txn.itemId), why);
        {
          std::lock_guard lock(m_mutex);
          m_retryAt.erase(txn.seq);
          m_failures.erase(txn.seq);
        }
        notifyFinal(txn.id);
        return;
      }
      applied = **mine;
      if (!applied) m_log->warn("checkout of item {}: the ILS has it on loan to another patron; resending", forLog(txn.itemId));
    }
    ++r.resolvedByStatus;
    if (applied) {
      auto st = m_store.markDone(txn.seq, "confirmed by the ILS's item status after an unanswered request",
                                 info->title, txn.kind == Kind::checkout ? info->dueDate : std::nullopt);
      if (!st) return storeFailed(st.error());
      ++r.done;
      m_log->info("{} of item {}: the ILS had applied it; not resent", toString(txn.kind), forLog(txn.itemId));
      std::lock_guard lock(m_mutex);
      m_retryAt.erase(txn.seq);
      m_failures.erase(txn.seq);
    } else {
      if (auto st = m_store.markPending(txn.seq, "the ILS had not applied it; resending"); !st) {
        return storeFailed(st.error());
      }
      txn.state = TxnState::pending;
      send(txn, r);
      return;
    }
    notifyFinal(txn.id);
    return;
  }
  send(txn, r);
}

void SyncEngine::send(const QueuedTxn& txn, TickReport& r) {
  // Persist before sending: a crash from here on leaves `sending`, which start-up resolves.
  auto marked = m_store.markSending(txn.seq);
  if (!marked) return storeFailed(marked.error());
  if (!*marked) return;  // collapsed or settled meanwhile
  ++r.sent;

  ils::Context ctx;
  ctx.transactionId = txn.id;
  ctx.when = txn.when;
  ctx.noBlock = txn.offline;

  bool ok = false;
  std::string answer;
  std::string title;
  std::optional<TimePoint> due;
  std::optional<Error> error;
  if (txn.kind == Kind::checkout) {
    ils::CheckoutRequest req;
    req.ctx = ctx;
    req.patronId = txn.patronId;
    req.itemId = txn.itemId;
    if (txn.offline) req.offlineDueDate = txn.dueDate;
    auto res = m_ils.checkout(req);
    if (!res) error = res.error();
    else {
      ok = res->ok;
      answer = joined(res->screenMessages);
      title = res->title;
      due = res->dueDate;
    }
  } else {
    ils::CheckinRequest req;
    req.ctx = ctx;  // ctx.when: the real return date, which ILSs backdate by
    req.itemId = txn.itemId;
    req.location = txn.location;
    auto res = m_ils.checkin(req);
    if (!res) error = res.error();
    else {
      ok = res->ok;
      answer = joined(res->screenMessages);
      title = res->title;
    }
  }
  if (error && (error->is(Errc::invalidArgument) || error->is(Errc::unsupported))) {
    // The client could not even form the request (an item id the protocol cannot carry…):
    // nothing reached the ILS and retrying cannot help, so it goes to staff like a refusal,
    // without counting against the ILS's health.
    if (auto st = m_store.markFailed(txn.seq, "not sent: " + error->message()); !st) return storeFailed(st.error());
    ++r.refused;
    m_log->warn("{} of item {} cannot be sent: {}", toString(txn.kind), forLog(txn.itemId), error->describe());
    notifyFinal(txn.id);
    return;
  }
  if (error) return transportFailure(txn, *error, r);

  {
    std::lock_guard lock(m_mutex);
    m_health.recordSuccess();
    m_lastLoginRefusal.reset();
    m_lastContact = m_clock.monotonic();
    m_retryAt.erase(txn.seq);
    m_failures.erase(txn.seq);
  }
  if (!ok && txn.kind == Kind::checkin) {
    // Many ILSs refuse the return of a book that is not on loan ("not checked out"): a second
    // delivery after an unanswered first one, or a return the kiosk already finished online
    // before a crash. The book is where the return wanted it, so this is no work for staff;
    // only a book the ILS still lends out (or cannot find) is a real refusal.
    if (auto info = m_ils.itemInfo(txn.itemId); info && info->ok && !onLoan(info->status)) {
      ok = true;
      ++r.resolvedByStatus;
      answer = "not on loan at the ILS (it said: " + (answer.empty() ? std::string("refused") : answer) + ")";
      m_log->info("return of item {} refused, but the ILS has it back: settled", forLog(txn.itemId));
    }
  }
  if (ok) {
    if (auto st = m_store.markDone(txn.seq, answer, title, due); !st) return storeFailed(st.error());
    ++r.done;
  } else {
    // A refusal is final: never retried, kept for staff with the ILS's own words.
    if (answer.empty()) answer = "refused by the ILS without a message";
    if (auto st = m_store.markFailed(txn.seq, answer); !st) return storeFailed(st.error());
    ++r.refused;
    m_log->warn("{} of item {} refused by the ILS: {}", toString(txn.kind), forLog(txn.itemId), answer);
  }
  notifyFinal(txn.id);
}

void SyncEngine::transportFailure(const QueuedTxn& txn, const Error& e, TickReport& r) {
  ++r.transportErrors;
  // Only a request that went out can have been applied; a failed itemInfo leaves it as it was.
  if (txn.state != TxnState::uncertain) {
    if (auto st = m_store.markUncertain(txn.seq, e.describe()); !st) return storeFailed(st.error());
  }
  std::lock_guard lock(m_mutex);
  if (e.is(Errc::refused)) {
    if (!m_lastLoginRefusal) m_log->error("{}", e.describe());
    ++m_loginRefusals;
    m_lastLoginRefusal = e;
  } else {
    m_lastLoginRefusal.reset();
  }
  int n = ++m_failures[txn.seq];
  m_retryAt[txn.seq] = m_clock.monotonic() + backoff(n);
  bool was = m_health.online();
  m_health.recordFailure();
  if (was && !m_health.online()) m_log->warn("ILS is now offline: {}", e.describe());
}

} // namespace lasis::queue
