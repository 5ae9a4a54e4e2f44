// Return: secure first, then tell the ILS (or the outbox); no login needed.
#include "common/circulation/engineparts.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace lasis::circulation {

using engine_detail::firstMessage;
using engine_detail::ilsWords;

namespace {

SortHint sortHintFor(const ils::CheckinResult& r, const std::string& here) {
  if (r.alertType == "01") return SortHint::holdHere;
  if (r.alertType == "02") return SortHint::holdOtherBranch;
  if (r.alertType == "04") return SortHint::otherBranch;
  if (!r.destination.empty() && r.destination != here) return SortHint::otherBranch;
  return SortHint::shelf;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Return

void CirculationEngine::checkin() {
  if (m_patron) touch();
  if (firstFault()) {
    tell(Outcome::outOfOrder);
    return;
  }
  auto scan = scanPad(false);
  if (!scan) {
    m_log->error("{}", scan.error().describe());
    tell(Outcome::readerError);
    return;
  }
  if (scan->empty()) {
    tell(Outcome::noItems);
    return;
  }
  returnAll(*scan);
  if (m_patron) touch();
}

void CirculationEngine::checkinArrivals(bool fresh) {
  if (fresh) {
    m_returnedRun.clear();
    if (!m_patron) m_tagCache.clear();  // a new patron at the return screen
  }
  if (firstFault()) return;
  m_cacheReads = true;
  auto scan = scanPad(false);
  m_cacheReads = false;
  if (!scan) {
    m_log->debug("watching the pad: {}", scan.error().describe());
    return;
  }
  std::vector<Candidate> arrived;
  for (auto& c : *scan) {
    const int present = static_cast<int>(c.uids.size());
    if (auto it = m_returnedRun.find(c.itemId); it != m_returnedRun.end()) {
      // Returned, or refused, already in this run: not again; a problem that changed (a part
      // added, a lifted book put back) is tried again.
      const auto [reason, parts] = it->second;
      const bool retry = c.problem ? !(reason == *c.problem && parts == present)
                                   : (reason == Outcome::lifted || reason == Outcome::incompleteSet ||
                                      reason == Outcome::tagDamaged);
      if (!retry) continue;
    }
    arrived.push_back(std::move(c));
  }
  if (arrived.empty()) return;
  returnAll(arrived);
  if (m_patron) touch();
}

void CirculationEngine::returnAll(const std::vector<Candidate>& items) {
  std::vector<const Candidate*> todo;
  for (const auto& c : items) {
    if (!c.problem) {
      todo.push_back(&c);
      continue;
    }
    ItemOutcome o;
    o.action = Action::checkin;
    o.itemId = c.itemId;
    o.reason = *c.problem;
    o.parts = c.parts;
    o.partsPresent = static_cast<int>(c.uids.size());
    o.seeStaff = true;
    {
      std::lock_guard lock(m_sessionMutex);
      m_returnedRun[o.itemId] = {o.reason, o.partsPresent};
    }
    publish(o);
  }
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < todo.size(); i = next++) {
      ItemOutcome o = checkinOne(*todo[i]);
      {
        std::lock_guard lock(m_sessionMutex);
        m_returnedRun[o.itemId] = {o.reason, o.partsPresent};
      }
      addReceiptLine(o);
      publish(o);
    }
  };
  const std::size_t threads = std::min<std::size_t>(static_cast<std::size_t>(m_config.concurrency), todo.size());
  std::vector<std::jthread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  pool.clear();
}

void CirculationEngine::checkinItem(const std::string& itemId) {
  if (m_patron) touch();
  if (firstFault()) {
    tell(Outcome::outOfOrder);
    return;
  }
  if (auto problem = engine_detail::itemIdProblem(itemId)) {
    m_log->warn("return by barcode refused: {}", *problem);
    tell(Outcome::unrecognisedCode);
    return;
  }
  auto found = itemByBarcode(itemId, false);
  if (!found) {
    m_log->error("{}", found.error().describe());
    tell(Outcome::readerError);
    return;
  }
  const Candidate& c = *found;
  ItemOutcome o;
  if (c.problem) {
    o.action = Action::checkin;
    o.itemId = c.itemId;
    o.reason = *c.problem;
    o.parts = c.parts;
    o.partsPresent = static_cast<int>(c.uids.size());
    o.seeStaff = true;
  } else {
    o = checkinOne(c);  // with no tag, nothing to secure: the ILS's checkin alone
    o.noTag = c.uids.empty();
    addReceiptLine(o);
  }
  {
    std::lock_guard lock(m_sessionMutex);
    m_returnedRun[o.itemId] = {o.reason, o.partsPresent};
  }
  publish(o);
  if (m_patron) touch();
}

ItemOutcome CirculationEngine::checkinOne(const Candidate& c) {
  ItemOutcome o;
  o.action = Action::checkin;
  o.itemId = c.itemId;
  o.parts = c.parts;
  o.partsPresent = static_cast<int>(c.uids.size());
  if (firstFault()) return outOfOrderOutcome(o);  // as in checkoutOne: nothing done, tag untouched
  JournalEntry e;
  e.txId = newTxId();
  e.kind = TxKind::checkin;
  e.itemId = c.itemId;
  e.tagUids = c.uids;
  e.when = m_clock.now();  // the real return time: ILSs backdate the return by it
  e.step = Step::intent;
  // As for loans: what the queue holds for this book goes to the ILS before this return. If it
  // cannot, the return is queued behind it (offline) rather than sent ahead of it.
  bool behindQueue = false;
  if (m_mode != Mode::offline) {
    if (auto waiting = deliverQueued(c.itemId); !waiting) {
      behindQueue = true;
      // A refused login is no outage to queue the return behind: out of order, nothing done yet.
      if ((waiting.error().is(Errc::unavailable) || waiting.error().is(Errc::refused)) && ilsFailed(waiting.error()))
        return outOfOrderOutcome(o);
    }
  }
  if (!journal(e)) {
    return journalFailedOutcome(o);
  }
  // Secure first: a crash after this leaves a returned-in-hand item secured while the ILS still
  // shows it lent (staff clear it), never an item checked in but unsecured.
  if (auto w = setSecurityAll(c.uids, true); !w) {
    m_log->error("return {}: {}", forLog(c.itemId), w.error().describe());
    // Lifted off the pad before its turn: not returned yet; put back, it is returned then.
    const bool lifted = w.error().is(Errc::notFound);
    e.step = Step::undone;
    e.note = lifted ? "lifted off the pad before its tag was set" : "tag write failed";
    (void)journal(e);
    o.reason = lifted ? Outcome::lifted : Outcome::tagWriteFailed;
    o.seeStaff = !lifted;
    return o;
  }
  e.step = Step::tagDone;
  if (!journal(e)) {
    o.reason = Outcome::journalFailed;
    o.seeStaff = true;
    return o;
  }
  if (m_mode == Mode::offline || behindQueue) return checkinOffline(std::move(e), c);
  // Through the journal's sender, the replay's too: whichever claims the row sends it.
  auto sent = m_journal.sendCheckin(e);
  if (sent.queued) return checkinOffline(std::move(e), c);  // the replay is delivering it
  if (!sent.answer && sent.journalError) {
    return journalFailedOutcome(o);
  }
  if (!sent.answer) {
    m_log->warn("return {}: {}", forLog(c.itemId), sent.error->describe());
    if (!ilsFailed(*sent.error)) return checkinOffline(std::move(e), c);
    // The tag is secured already and the entry stays for recovery to deliver once the ILS takes
    // the kiosk's login again: the book is back on the shelf's side, only the ILS is not told yet.
    return outOfOrderOutcome(o);
  }
  const ils::CheckinResult* r = &*sent.answer;
  o.title = r->title;
  if (!r->ok) {
    e.step = Step::done;
    e.note = "refused: " + firstMessage(*r, "");
    (void)journal(e);
    o.reason = Outcome::refused;
    o.ilsText = ilsWords(*r);
    o.seeStaff = true;
    return o;
  }
  e.step = Step::ilsDone;
  (void)journal(e);
  o.ok = true;
  o.reason = Outcome::returned;
  o.sortHint = sortHintFor(*r, m_config.location);
  o.destination = r->destination;
  if (auto it = m_config.branchNames.find(r->destination); it != m_config.branchNames.end())
    o.destinationName = it->second;
  o.sortBin = r->sortBin;
  // The library's own sorting (the ILS's bin, named on the signs at the branch) says where the
  // item goes, unless someone here is waiting for it (the reservations shelf comes first).
  if (!r->sortBin.empty()) {
    if (auto it = m_config.returnBins.find(r->sortBin); it != m_config.returnBins.end()) {
      o.binName = it->second;
      if (o.sortHint != SortHint::holdHere) o.sortHint = SortHint::bin;
    } else {
      m_log->warn("return {}: sort bin \"{}\" is not in [[returns.bins]]", forLog(o.itemId), forLog(r->sortBin));
    }
  }
  o.ilsText = ilsWords(*r);
  e.step = Step::done;
  (void)journal(e);
  return o;
}

ItemOutcome CirculationEngine::checkinOffline(JournalEntry e, const Candidate& c) {
  ItemOutcome o;
  o.action = Action::checkin;
  o.itemId = c.itemId;
  o.parts = c.parts;
  o.partsPresent = static_cast<int>(c.uids.size());
  if (m_config.offline.mode == OfflineMode::off) {
    // The tag is secured and the entry stays at tagDone: recover() checks it in once the ILS
    // answers. The patron is told plainly that it is not returned yet.
    o.reason = Outcome::offlineNotAllowed;
    o.seeStaff = true;
    return o;
  }
  e.offline = true;
  {
    std::lock_guard lock(m_journalMutex);
    if (!m_journal.enqueue(e)) {
      o.reason = Outcome::journalFailed;
      o.seeStaff = true;
      return o;
    }
  }
  e.step = Step::ilsDone;
  (void)journal(e);
  e.step = Step::done;
  (void)journal(e);
  o.ok = true;
  o.reason = Outcome::returned;
  o.provisional = true;
  o.sortHint = SortHint::shelf;
  return o;
}

} // namespace lasis::circulation
