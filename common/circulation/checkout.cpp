// Checkout: the stack on the pad, online through the ILS or offline into the outbox.
#include "common/circulation/engineparts.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace lasis::circulation {

using engine_detail::firstMessage;
using engine_detail::ilsWords;

// ---------------------------------------------------------------------------------------------
// Checkout

bool CirculationEngine::refuseBorrowing() {
  if (firstFault()) tell(Outcome::outOfOrder);
  else if (!m_patron) tell(Outcome::loginRequired);
  else if (m_patron->blocked) tell(Outcome::blocked);
  else return false;
  return true;
}

void CirculationEngine::checkout(std::optional<int> expectedCount) {
  touch();
  if (refuseBorrowing()) return;
  auto scan = scanPad(true);
  if (!scan) {
    m_log->error("{}", scan.error().describe());
    tell(Outcome::readerError);
    return;
  }
  std::vector<Candidate> items;
  for (auto& c : *scan) {
    if (!m_lentThisSession.count(c.itemId)) items.push_back(std::move(c));
  }
  if (items.empty()) {
    tell(Outcome::noItems);
    return;
  }
  if (m_config.confirmItemCount || expectedCount) {
    const int found = static_cast<int>(items.size());
    if (!expectedCount || *expectedCount != found) {
      std::lock_guard lock(m_listenerMutex);
      m_listener.onCountMismatch(expectedCount.value_or(0), found);
      return;
    }
  }
  lendAll(items);
  touch();
}

namespace {
/// A refusal the pad itself gave (the tags as they lie), which changes when the patron changes the
/// stack; any other answer about an item stands for the rest of the visit.
bool padProblem(Outcome o) {
  return o == Outcome::incompleteSet || o == Outcome::tagDamaged || o == Outcome::notForLoan ||
         o == Outcome::notOurItem || o == Outcome::lifted;
}
} // namespace

void CirculationEngine::checkoutArrivals() {
  if (!m_patron || m_patron->blocked || firstFault()) return;
  m_cacheReads = true;
  auto scan = scanPad(true);
  m_cacheReads = false;
  if (!scan) {
    m_log->debug("watching the pad: {}", scan.error().describe());  // the reader's fault is said by setFault
    return;
  }
  std::vector<Candidate> fresh;
  for (auto& c : *scan) {
    if (m_lentThisSession.count(c.itemId)) continue;
    const int present = static_cast<int>(c.uids.size());
    if (auto it = m_answered.find(c.itemId); it != m_answered.end()) {
      // Said already as it lies (the same problem, the same parts), or answered by the ILS or the
      // engine (lent, refused): not again. A problem the pad had that is gone now (the missing
      // part arrived, the book is back after it was lifted): tried now.
      const auto [reason, parts] = it->second;
      if (c.problem ? (reason == *c.problem && parts == present) : !padProblem(reason)) continue;
    }
    fresh.push_back(std::move(c));
  }
  if (fresh.empty()) return;
  touch();
  lendAll(fresh);
  touch();
}

void CirculationEngine::lendAll(const std::vector<Candidate>& items) {
  std::vector<const Candidate*> todo;
  for (const auto& c : items) {
    if (!c.problem) {
      todo.push_back(&c);
      continue;
    }
    ItemOutcome o;
    o.action = Action::checkout;
    o.itemId = c.itemId;
    o.reason = *c.problem;
    o.parts = c.parts;
    o.partsPresent = static_cast<int>(c.uids.size());
    o.seeStaff = c.problem == Outcome::tagDamaged || c.problem == Outcome::notOurItem;
    {
      std::lock_guard lock(m_sessionMutex);
      m_answered[o.itemId] = {o.reason, o.partsPresent};
    }
    publish(o);
  }
  // Items go to the ILS concurrently (the SIP2 pool); the reader is one device, so tag writes
  // take turns. Each item's outcome is emitted as soon as it is known.
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < todo.size(); i = next++) {
      ItemOutcome o = checkoutOne(*todo[i]);
      {
        std::lock_guard lock(m_sessionMutex);
        if (o.ok) m_lentThisSession[o.itemId] = true;
        m_answered[o.itemId] = {o.reason, o.partsPresent};
      }
      addReceiptLine(o);
      publish(o);
    }
  };
  const std::size_t threads = std::min<std::size_t>(static_cast<std::size_t>(m_config.concurrency), todo.size());
  std::vector<std::jthread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  pool.clear();  // joins
}

void CirculationEngine::checkoutItem(const std::string& itemId) {
  touch();
  if (refuseBorrowing()) return;
  if (auto problem = engine_detail::itemIdProblem(itemId)) {
    m_log->warn("checkout by barcode refused: {}", *problem);
    tell(Outcome::unrecognisedCode);
    return;
  }
  {
    std::lock_guard lock(m_sessionMutex);
    if (m_lentThisSession.count(itemId)) return;  // scanned twice: lent already, said already
  }
  auto found = itemByBarcode(itemId, true);
  if (!found) {
    m_log->error("{}", found.error().describe());
    tell(Outcome::readerError);
    return;
  }
  const Candidate& c = *found;
  ItemOutcome o;
  o.action = Action::checkout;
  o.itemId = c.itemId;
  o.parts = c.parts;
  o.partsPresent = static_cast<int>(c.uids.size());
  if (c.problem) {
    o.reason = *c.problem;
    o.seeStaff = c.problem == Outcome::tagDamaged || c.problem == Outcome::notOurItem;
  } else if (c.uids.empty() && m_config.barcodeOnly == CirculationConfig::BarcodeOnly::desk) {
    o.reason = Outcome::barcodeOnlyToDesk;
    o.seeStaff = true;
  } else {
    o = checkoutOne(c);
    o.noTag = c.uids.empty();
    addReceiptLine(o);
  }
  {
    std::lock_guard lock(m_sessionMutex);
    if (o.ok) m_lentThisSession[o.itemId] = true;
    m_answered[o.itemId] = {o.reason, o.partsPresent};
  }
  publish(o);
  touch();
}

ItemOutcome CirculationEngine::checkoutOne(const Candidate& c) {
  ItemOutcome o;
  o.action = Action::checkout;
  o.itemId = c.itemId;
  o.parts = c.parts;
  o.partsPresent = static_cast<int>(c.uids.size());
  // A fault met by an earlier item of the same stack stops the rest before anything is done.
  if (firstFault()) return outOfOrderOutcome(o);
  if (m_mode == Mode::offline) return checkoutOffline(c);
  // The book's transactions still waiting in the queue (done offline) reach the ILS first: a loan
  // overtaking its own offline return would be refused or undone by it, leaving the tag
  // unsecured for a book the ILS has back (or secured for one it has lent).
  if (auto waiting = deliverQueued(c.itemId); !waiting) {
    if (waiting.error().is(Errc::unavailable) || waiting.error().is(Errc::refused)) {
      if (ilsFailed(waiting.error())) return outOfOrderOutcome(o);
      return checkoutOffline(c);  // queued behind them, in order
    }
    o.reason = Outcome::busy;
    return o;
  }

  JournalEntry e;
  e.txId = newTxId();
  e.kind = TxKind::checkout;
  e.itemId = c.itemId;
  e.tagUids = c.uids;
  e.patronId = m_patron->patronId;
  e.when = m_clock.now();
  e.step = Step::intent;
  // Recorded before the ILS hears of it, so a crash during the request is found on restart.
  if (!journal(e)) {
    return journalFailedOutcome(o);
  }
  // Through the journal's sender, the replay's too: it records the ILS's answer with the row.
  auto sent = m_journal.sendCheckout(e, m_pin);
  if (!sent.answer && sent.journalError) {
    // Nothing known to have reached the ILS that the journal could not keep: the entry stays at
    // intent, and recovery asks the item before undoing anything.
    return journalFailedOutcome(o);
  }
  if (!sent.answer) {
    // Outcome unknown: the ILS may have lent it. The tag is untouched (still secured), which is
    // the safe side; the entry stays at intent and recover() asks the item's status before
    // undoing, never resending blindly.
    m_log->warn("checkout {}: {}", forLog(c.itemId), sent.error->describe());
    if (ilsFailed(*sent.error)) return outOfOrderOutcome(o);
    o.reason = Outcome::ilsUnreachable;
    return o;
  }
  const ils::CheckoutResult* r = &*sent.answer;
  o.title = r->title;
  if (!r->ok) {
    e.step = Step::undone;
    e.note = firstMessage(*r, "refused");
    (void)journal(e);
    o.reason = Outcome::refused;
    o.ilsText = ilsWords(*r);
    return o;
  }
  e.step = Step::ilsDone;
  e.dueDate = r->dueDate;
  if (!journal(e)) {
    // Cannot record the loan: undo it while the tag is still secured.
    (void)m_journal.cancelLoan(e, m_pin, m_clock.now());
    return journalFailedOutcome(o);
  }
  // The ILS was told first, so a crash from here on leaves a loaned item still secured (a false
  // alarm staff can clear), never an unloaned item unsecured.
  std::size_t changed = 0;
  if (auto w = setSecurityAll(c.uids, false, &changed); !w) {
    m_log->error("checkout {}: {}; undoing the loan", forLog(c.itemId), w.error().describe());
    // A part lifted off the pad before its turn was never written: only the parts changed before
    // it need securing again, and the patron is asked to put the book back (it is lent then).
    const bool lifted = w.error().is(Errc::notFound);
    const std::vector<std::string> toSecure =
        lifted ? std::vector<std::string>(c.uids.begin(), c.uids.begin() + static_cast<long>(changed)) : c.uids;
    o.reason = lifted ? Outcome::lifted : Outcome::tagWriteFailed;
    o.seeStaff = !lifted;
    // Re-secure every part first; only then may the loan be undone (an unloaned item must not
    // stay unsecured). If re-securing fails too, the loan stands and staff are told.
    if (auto back = ensureSecured(toSecure); !back) {
      o.reason = Outcome::tagWriteFailed;
      o.seeStaff = true;
      e.step = Step::done;
      e.note = "loan kept: tag security unknown";
      (void)journal(e);
      std::lock_guard lock(m_listenerMutex);
      m_listener.onStaffAlert(StaffAlert{c.itemId, "Lent, but its tag could not be set: check its security."});
      return o;
    }
    e.step = Step::undoing;
    (void)journal(e);
    auto u = m_journal.cancelLoan(e, m_pin, m_clock.now());
    if (u) {
      // ok or "nothing to cancel": either way no loan stands.
      e.step = Step::undone;
      e.note = lifted ? "lifted off the pad before its tag was set" : "tag write failed";
      (void)journal(e);
    }  // else: stays at undoing; recover() sends the cancel again
    return o;
  }
  e.step = Step::tagDone;
  (void)journal(e);
  o.ok = true;
  o.reason = Outcome::due;
  o.dueDate = r->dueDate;
  o.ilsText = ilsWords(*r);
  e.step = Step::done;
  (void)journal(e);
  return o;
}

ItemOutcome CirculationEngine::checkoutOffline(const Candidate& c) {
  std::lock_guard offlineLock(m_offlineMutex);
  ItemOutcome o;
  o.action = Action::checkout;
  o.itemId = c.itemId;
  o.parts = c.parts;
  o.partsPresent = static_cast<int>(c.uids.size());
  if (m_config.offline.mode != OfflineMode::returnsAndCheckouts) {
    o.reason = Outcome::offlineNotAllowed;
    return o;
  }
  {
    std::lock_guard lock(m_sessionMutex);
    if (m_offlineCheckouts >= m_config.offline.maxCheckoutsPerSession) {
      o.reason = Outcome::offlineLimit;
      return o;
    }
    ++m_offlineCheckouts;
  }
  // The queue's offline policy: forbidden types of usage, the patron's loans still waiting in the
  // outbox (per-patron limit), the patron cache. It protects the library from unbounded loans to
  // a patron nobody can vouch for while the ILS is away.
  const auto verdict = m_journal.offlineAllowed(
      OfflineCheck{TxKind::checkout, m_patron->patronId, m_pin, static_cast<int>(c.usage), m_offlineCheckouts - 1});
  if (!verdict.allowed) {
    {
      std::lock_guard lock(m_sessionMutex);
      --m_offlineCheckouts;
    }
    m_log->info("offline checkout of item {} refused: {}", forLog(c.itemId), verdict.detail);
    o.reason = verdict.reason == Outcome::offlineLimit ? Outcome::offlineLimit : Outcome::offlineNotAllowed;
    return o;
  }
  JournalEntry e;
  e.txId = newTxId();
  e.kind = TxKind::checkout;
  e.itemId = c.itemId;
  e.tagUids = c.uids;
  e.patronId = m_patron->patronId;
  e.when = m_clock.now();
  e.offline = true;
  e.dueDate = m_config.offline.dueDate(e.when);
  e.step = Step::intent;
  auto failJournal = [&] {
    return journalFailedOutcome(o);
  };
  if (!journal(e)) return failJournal();
  // The outbox plays the ILS's part: durable before the tag changes, same order as online.
  {
    std::lock_guard lock(m_journalMutex);
    if (!m_journal.enqueue(e)) {
      e.step = Step::undone;
      (void)m_journal.record(e);
      return failJournal();
    }
  }
  e.step = Step::ilsDone;
  if (!journal(e)) return failJournal();
  std::size_t changed = 0;
  if (auto w = setSecurityAll(c.uids, false, &changed); !w) {
    const bool lifted = w.error().is(Errc::notFound);
    const std::vector<std::string> toSecure =
        lifted ? std::vector<std::string>(c.uids.begin(), c.uids.begin() + static_cast<long>(changed)) : c.uids;
    o.reason = lifted ? Outcome::lifted : Outcome::tagWriteFailed;
    o.seeStaff = !lifted;
    if (auto back = ensureSecured(toSecure); !back) {
      o.reason = Outcome::tagWriteFailed;
      o.seeStaff = true;
      e.step = Step::done;
      e.note = "loan kept: tag security unknown";
      (void)journal(e);
      std::lock_guard lock(m_listenerMutex);
      m_listener.onStaffAlert(StaffAlert{c.itemId, "Lent offline, but its tag could not be set: check its security."});
      return o;
    }
    e.step = Step::undone;  // withdraws it from the outbox
    e.note = "tag write failed";
    (void)journal(e);
    return o;
  }
  e.step = Step::tagDone;
  (void)journal(e);
  o.ok = true;
  o.reason = Outcome::due;
  o.provisional = true;
  o.dueDate = e.dueDate;
  e.step = Step::done;
  (void)journal(e);
  return o;
}

} // namespace lasis::circulation
