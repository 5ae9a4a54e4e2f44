// The replay of one queued transaction: ask first when its outcome is unknown, then send it
// through the one sender, with back-off and the circuit breaker on transport errors (see
// syncengine.h and sender.h for the rules).
#include "common/queue/syncengine.h"


namespace lasis::queue {

void SyncEngine::replay(QueuedTxn txn, TickReport& r) {
  if (txn.state == TxnState::sending) return;  // in flight elsewhere; recovered at start-up otherwise
  if (txn.state == TxnState::uncertain) {
    // The request may have been applied: the one check (Sender::wasApplied) says which, before
    // any resend.
    auto asked = m_sender.wasApplied(txn);
    if (!asked) {
      transportFailure(txn, asked.error(), r);
      return;
    }
    contact();
    ++r.resolvedByStatus;
    if (asked->applied == Applied::unknownToWhom) {
      const std::string why = "the ILS has item " + txn.itemId +
                              " on loan but could not say to whom (the patron's list of loans was not available): "
                              "check who holds it";
      if (auto st = m_store.markFailed(txn.seq, why); !st) return storeFailed(st.error());
      ++r.refused;
      m_log->warn("checkout of item {}: {}", forLog(txn.itemId), why);
      settled(txn);
      return;
    }
    if (asked->applied == Applied::yes) {
      auto st = m_store.markDone(txn.seq, "confirmed by the ILS's item status after an unanswered request",
                                 asked->info.title, txn.kind == Kind::checkout ? asked->info.dueDate : std::nullopt);
      if (!st) return storeFailed(st.error());
      ++r.done;
      m_log->info("{} of item {}: the ILS had applied it; not resent", toString(txn.kind), forLog(txn.itemId));
      settled(txn);
      return;
    }
    if (txn.kind == Kind::checkout && asked->info.ok) {
      using CS = ils::CirculationStatus;
      const auto s = asked->info.status;
      if (s == CS::charged || s == CS::chargedNotToBeRecalled || s == CS::recalled) {
        m_log->warn("checkout of item {}: the ILS has it on loan to another patron; resending", forLog(txn.itemId));
      }
    }
    if (auto st = m_store.markPending(txn.seq, "the ILS had not applied it; resending"); !st) {
      return storeFailed(st.error());
    }
    txn.state = TxnState::pending;
  }
  send(txn, r);
}

void SyncEngine::send(const QueuedTxn& txn, TickReport& r) {
  Sent s = m_sender.send(txn);
  switch (s.outcome) {
  case SendOutcome::notMine: return;  // collapsed or settled meanwhile
  case SendOutcome::storeError: ++r.sent; return storeFailed(*s.storeFailure);
  case SendOutcome::unsendable:
    // Nothing reached the ILS: staff's, without counting against the ILS's health.
    ++r.sent;
    ++r.refused;
    notifyFinal(txn.id);
    return;
  case SendOutcome::doubt:
    ++r.sent;
    return transportFailure(txn, *s.error, r);
  case SendOutcome::applied:
    ++r.sent;
    contact();
    ++r.done;
    if (s.settledByStatus) ++r.resolvedByStatus;
    settled(txn);
    return;
  case SendOutcome::refused:
    ++r.sent;
    contact();
    ++r.refused;
    settled(txn);
    return;
  }
}

void SyncEngine::contact() {
  std::lock_guard lock(m_mutex);
  m_health.recordSuccess();
  m_lastLoginRefusal.reset();
  m_lastContact = m_clock.monotonic();
}

void SyncEngine::settled(const QueuedTxn& txn) {
  {
    std::lock_guard lock(m_mutex);
    m_retryAt.erase(txn.seq);
    m_failures.erase(txn.seq);
  }
  notifyFinal(txn.id);
}

void SyncEngine::transportFailure(const QueuedTxn& txn, const Error& e, TickReport& r) {
  // The row's state is the sender's (a request that went out is `uncertain`; a failed question
  // leaves it as it was): here only the back-off and the ILS's health.
  ++r.transportErrors;
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
