#include "common/circulation/queuejournal.h"

#include <set>

namespace lasis::circulation {

using queue::TxnState;

QueueJournal::QueueJournal(queue::QueueStore& store, ils::IlsClient& ils, std::string kioskId, std::string location,
                           std::optional<queue::OfflinePolicy> policy)
    : m_store(store), m_kioskId(std::move(kioskId)), m_location(std::move(location)), m_policy(std::move(policy)),
      m_sender(store, ils) {}

namespace {

/// The sender's report as the engine reads it.
template <class Answer>
Delivery<Answer> delivery(queue::Sent& s, std::optional<Answer>& answer) {
  Delivery<Answer> d;
  d.answer = std::move(answer);
  switch (s.outcome) {
  case queue::SendOutcome::applied:
  case queue::SendOutcome::refused: break;
  case queue::SendOutcome::doubt:
  case queue::SendOutcome::unsendable: d.error = s.error; break;
  case queue::SendOutcome::notMine: d.queued = true; break;
  case queue::SendOutcome::storeError:
    // With an answer, the engine's next journal step meets the same store and undoes what it must.
    d.journalError = true;
    d.error = s.storeFailure;
    break;
  }
  return d;
}

} // namespace

Delivery<ils::CheckoutResult> QueueJournal::sendCheckout(const JournalEntry& e, const std::string& pin) {
  auto r = row(e.txId);
  if (!r) return {std::nullopt, r.error(), true, false};
  auto s = m_sender.send(*r, queue::SendAs{true, pin});
  if (s.outcome == queue::SendOutcome::notMine) {
    // Written `sending` at intent, so only this call may send it: anything else is a bug.
    return {std::nullopt, Error(Errc::internal, "checkout " + e.txId + " was not the engine's to send"), true, false};
  }
  return delivery(s, s.checkout);
}

Delivery<ils::CheckinResult> QueueJournal::sendCheckin(const JournalEntry& e) {
  auto r = row(e.txId);
  if (!r) return {std::nullopt, r.error(), true, false};
  auto s = m_sender.send(*r, queue::SendAs{true, {}});
  return delivery(s, s.checkin);
}

Result<ils::CheckoutResult> QueueJournal::cancelLoan(const JournalEntry& e, const std::string& pin,
                                                     Clock::TimePoint when) {
  return m_sender.cancelLoan(e.txId, e.itemId, e.patronId, pin, when);
}

Result<ils::CheckinResult> QueueJournal::checkinToUndo(const JournalEntry& e, Clock::TimePoint when) {
  return m_sender.checkinToUndo(e.txId, e.itemId, m_location, when);
}

Result<AppliedAnswer> QueueJournal::wasApplied(const JournalEntry& e) {
  auto r = row(e.txId);
  if (!r) return r.error();
  return m_sender.wasApplied(*r);
}

OfflineVerdict QueueJournal::offlineAllowed(const OfflineCheck& check) {
  if (!m_policy) return {};
  const bool checkout = check.kind == TxKind::checkout;
  queue::OfflineRequest req{checkout, check.patronId, check.pin,
                            check.usageType, check.sessionOfflineCheckouts};
  // The per-patron limit counts this patron's offline loans still waiting in the outbox, so a
  // patron cannot take more by logging in again (or at a second session) before the replay.
  int unsynced = 0;
  std::optional<queue::PatronCheck> cache;
  if (checkout) {
    auto n = m_store.unsyncedOfflineCheckouts(check.patronId);
    if (!n) return {false, Outcome::journalFailed, n.error().describe()};
    unsynced = *n;
    if (m_policy->patronCheck != queue::OfflinePolicy::PatronCheckMode::none) {
      auto c = m_store.checkPatron(check.patronId, check.pin);
      if (!c) return {false, Outcome::journalFailed, c.error().describe()};
      cache = *c;
    }
  }
  auto st = m_policy->allows(req, unsynced, cache);
  if (st) return {};
  // A stable code for the patron's screen, in the order the policy checks; the policy's own
  // words go to staff and the log.
  using PolicyMode = queue::OfflinePolicy::Mode;
  Outcome reason = Outcome::offlineNotAllowed;
  const bool forbidden = check.usageType && m_policy->forbiddenUsageTypes.count(*check.usageType);
  if (!checkout || m_policy->mode != PolicyMode::returnsAndCheckouts || forbidden) {
    reason = Outcome::offlineNotAllowed;
  } else if (check.sessionOfflineCheckouts >= m_policy->maxCheckoutsPerSession ||
             unsynced >= m_policy->maxCheckoutsPerPatron) {
    reason = Outcome::offlineLimit;
  } else if (cache == queue::PatronCheck::blocked) {
    reason = Outcome::blocked;
  } else if (cache == queue::PatronCheck::wrongPin) {
    reason = Outcome::wrongPin;
  } else if (cache) {
    reason = Outcome::unknownCard;
  }
  return {false, reason, st.error().message()};
}

Status QueueJournal::rememberPatron(const std::string& patronId, const std::string& pin, bool blocked) {
  using Check = queue::OfflinePolicy::PatronCheckMode;
  if (!m_policy || m_policy->patronCheck == Check::none) return {};
  // The PIN is kept (as a salted Argon2id hash inside the store) only when the policy checks it.
  return m_store.cachePatron(patronId, m_policy->patronCheck == Check::pin ? pin : std::string(), blocked);
}

queue::NewTxn QueueJournal::newTxn(const JournalEntry& e) const {
  queue::NewTxn t;
  t.id = e.txId;
  t.kind = e.kind == TxKind::checkout ? queue::Kind::checkout : queue::Kind::checkin;
  t.itemId = e.itemId;
  t.patronId = e.kind == TxKind::checkout ? e.patronId : std::string();
  t.kiosk = m_kioskId;
  t.location = m_location;
  t.when = e.when;
  t.dueDate = e.offline ? e.dueDate : std::nullopt;
  t.offline = e.offline;
  t.tagUids = e.tagUids;
  return t;
}

Result<queue::QueuedTxn> QueueJournal::row(const std::string& txId) {
  auto r = m_store.get(txId);
  if (!r) return r.error();
  if (!*r) return fail(Errc::notFound, "no queued transaction " + txId);
  return **r;
}

Status QueueJournal::deliverQueued(const std::string& itemId, const std::string& before) {
  if (m_replay) return m_replay->deliverItem(itemId, before);
  auto next = m_store.nextFor(itemId);
  if (!next) return next.error();
  if (*next && (*next)->id != before) return fail(Errc::busy, "item " + itemId + " has queued transactions and no replay to deliver them");
  return {};
}

Status QueueJournal::record(const JournalEntry& e) {
  return e.kind == TxKind::checkout ? recordCheckout(e) : recordCheckin(e);
}

Status QueueJournal::recordCheckout(const JournalEntry& e) {
  if (e.offline) {
    switch (e.step) {
    case Step::intent:
    case Step::undoing: return {};  // enqueue() writes the row and ilsDone together
    case Step::done:  // also "loan kept after a restart": stop listing it as unfinished
      return m_store.journal(e.txId, Step::done);
    case Step::ilsDone: return m_store.journal(e.txId, Step::ilsDone);
    case Step::tagDone:
      return m_store.journal(e.txId, Step::tagDone);
    case Step::undone: {
      auto existing = m_store.get(e.txId);
      if (!existing) return existing.error();
      if (!*existing) return {};  // never reached the outbox
      queue::NewTxn back = newTxn(e);
      back.id = e.txId + "-undo";
      back.kind = queue::Kind::checkin;
      back.patronId.clear();
      if (auto r = m_store.enqueue(back, /*collapse=*/true); !r) return r.error();
      return m_store.journal(e.txId, Step::undone);
    }
    }
    return {};
  }
  switch (e.step) {
  case Step::intent: {
    // Written `sending` in one go: the engine's own request is the only one (see NewTxn::sending).
    queue::NewTxn t = newTxn(e);
    t.sending = true;
    t.journaled = true;  // the engine's own: recovery settles it, never the replay
    auto r = m_store.enqueue(t);
    if (!r) return r.error();
    if (r->state != TxnState::sending) {
      return fail(Errc::internal, "checkout " + e.txId + " was taken by the replay before it was sent");
    }
    return {};
  }
  case Step::ilsDone: {
    auto r = row(e.txId);
    if (!r) return r.error();
    if (r->state == TxnState::sending) {
      if (auto st = m_store.markDone(r->seq, e.note, "", e.dueDate); !st) return st;
    }
    return m_store.journal(e.txId, Step::ilsDone);
  }
  case Step::tagDone:
    return m_store.journal(e.txId, Step::tagDone);
  case Step::undoing: return {};
  case Step::done: {
    // Finished (also "loan kept, tag unconfirmed" after a restart, which raised a staff alert):
    // the journal must stop listing it as unfinished.
    return m_store.journal(e.txId, Step::done);
  }
  case Step::undone: {
    auto r = row(e.txId);
    if (!r) return r.error();
    if (!queue::isFinal(r->state)) {
      if (r->state == TxnState::pending) {
        if (auto m = m_store.markSending(r->seq); !m) return m.error();
      }
      if (auto st = m_store.markFailed(r->seq, e.note.empty() ? "not lent" : e.note, "handled at the kiosk: " + e.note); !st) {
        return st;
      }
    }
    return m_store.journal(e.txId, Step::undone);
  }
  }
  return {};
}

Status QueueJournal::recordCheckin(const JournalEntry& e) {
  switch (e.step) {
  case Step::intent: {
    // The row is written before the tag changes and held `sending` (in the same write), so the
    // replay never delivers a return whose tag might still fail to secure; a restart finds it
    // here. Written pending and marked after, a kill between the two let the replay return a
    // book at the ILS whose tag stayed unsecured (found by KioskChaos).
    queue::NewTxn t = newTxn(e);
    t.sending = true;
    t.journaled = true;  // until its tag is secured, recovery settles it, never the replay
    auto r = m_store.enqueue(t);
    if (!r) return r.error();
    if (r->state != TxnState::sending) return fail(Errc::internal, "return " + e.txId + " was not held for its tag");
    return {};
  }
  case Step::undoing: return {};
  case Step::undone: {
    // The tag could not be secured (or the item left): the ILS must not hear of this return.
    auto r = row(e.txId);
    if (!r) return r.error().is(Errc::notFound) ? Status{} : Status{r.error()};
    if (queue::isFinal(r->state)) return {};
    if (r->state == TxnState::pending) {
      if (auto m = m_store.markSending(r->seq); !m) return m.error();
    }
    // Failed and closed at once: the patron was told here; a crash must not leave it for staff.
    return m_store.markFailed(r->seq, e.note.empty() ? "not returned" : e.note, "handled at the kiosk: " + e.note);
  }
  case Step::tagDone: {
    // Secured and verified: from here the queue may deliver the checkin (it is released to
    // `pending`), so a lost reply or a crash still ends in a return at the ILS.
    auto r = row(e.txId);
    if (!r) return r.error();
    if (r->state == TxnState::sending) {
      if (auto st = m_store.markPending(r->seq, "tag secured; ready to send"); !st) return st;
    }
    return m_store.journal(e.txId, Step::tagDone);
  }
  case Step::ilsDone: {
    // Offline, "ilsDone" only means handed to the outbox: the row stays pending for the queue
    // to deliver. Marking it done here would lose the return (the ILS would never hear of it,
    // and the secured book would stay on the patron's account).
    if (e.offline) return {};
    auto r = row(e.txId);
    if (!r) return r.error();
    if (r->state == TxnState::pending) {
      auto m = m_store.markSending(r->seq);
      if (!m) return m.error();
      if (*m) {
        if (auto st = m_store.markDone(r->seq, e.note, "", std::nullopt); !st) return st;
      }
    }
    return m_store.journal(e.txId, Step::ilsDone);
  }
  case Step::done: {
    auto r = row(e.txId);
    if (!r) return r.error();
    if (r->state == TxnState::pending && !e.offline && e.note.rfind("refused", 0) == 0) {
      // The ILS refused the return: the item is secured and still on loan. Staff must see it.
      if (auto m = m_store.markSending(r->seq); !m) return m.error();
      return m_store.markFailed(r->seq, e.note);
    }
    return {};
  }
  }
  return {};
}

Status QueueJournal::enqueue(const JournalEntry& e) {
  queue::NewTxn t = newTxn(e);
  t.offline = true;
  if (e.kind == TxKind::checkout) {
    // The outbox row and its ilsDone step in one SQLite transaction: a crash between two writes
    // would leave a loan the replay sends but no journal step telling recovery to finish its tag.
    t.firstStep = Step::ilsDone;
    auto r = m_store.enqueue(t);
    if (!r) return r.error();
    return {};
  }
  // A return: the row usually exists already (written at tagDone) and stays pending for the
  // replay; otherwise it is written now, collapsing an offline loan of the same item.
  auto existing = m_store.get(e.txId);
  if (!existing) return existing.error();
  if (*existing) return {};
  auto r = m_store.enqueue(t, /*collapse=*/true);
  if (!r) return r.error();
  return {};
}

Result<std::vector<JournalEntry>> QueueJournal::unfinished() {
  std::vector<JournalEntry> out;
  std::set<std::string> seen;
  auto toEntry = [&](const queue::QueuedTxn& t, Step step) {
    JournalEntry e;
    e.txId = t.id;
    e.kind = t.kind == queue::Kind::checkout ? TxKind::checkout : TxKind::checkin;
    e.itemId = t.itemId;
    e.patronId = t.patronId;
    e.when = t.when;
    e.step = step;
    e.offline = t.offline;
    e.dueDate = t.dueDate;
    e.tagUids = t.tagUids;
    return e;
  };
  // Online checkouts interrupted while their request was out (outcome unknown), and returns
  // interrupted before their tag was confirmed secured.
  auto sending = m_store.list({TxnState::sending, TxnState::uncertain});
  if (!sending) return sending.error();
  for (const auto& t : *sending) {
    if (t.offline || t.kiosk != m_kioskId) continue;
    auto steps = m_store.journalOf(t.id);
    if (!steps) return steps.error();
    if (!steps->empty()) continue;  // journalled further: listed below, or the queue owns it
    out.push_back(toEntry(t, Step::intent));
    seen.insert(t.id);
  }
  // Checkouts the ILS (or the outbox) holds whose tag was never confirmed.
  auto open = m_store.unfinishedJournals();
  if (!open) return open.error();
  for (const auto& t : *open) {
    if (t.kiosk != m_kioskId || seen.count(t.id)) continue;
    out.push_back(toEntry(t, Step::ilsDone));
  }
  return out;
}

} // namespace lasis::circulation
