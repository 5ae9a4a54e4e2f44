// Recovery after a restart: each journalled transaction a previous run left is finished or undone.
#include "common/circulation/engineparts.h"

#include <algorithm>

namespace lasis::circulation {

using engine_detail::firstMessage;

// ---------------------------------------------------------------------------------------------
// Recovery after a restart. Each rule leaves ILS and tags agreeing, or tells staff.

Result<int> CirculationEngine::recover() {
  Result<std::vector<JournalEntry>> pending = [&] {
    std::lock_guard lock(m_journalMutex);
    return m_journal.unfinished();
  }();
  if (!pending) {
    setMode(Mode::outOfOrder, "This kiosk cannot read its records. Please use the desk.");
    return pending.error().context("reading the circulation journal");
  }
  int left = 0;
  for (auto& e : *pending) {
    if (!recoverOne(e)) ++left;
  }
  if (left > 0) m_log->warn("recovery: {} transaction(s) wait for the library system", left);
  m_recoveryLeft = left;
  m_lastRecovery = m_clock.monotonic();
  return left;
}

Recovered CirculationEngine::recoverAtStart() {
  auto left = recover();
  if (!left) return Recovered(-1, left.error());
  return Recovered(*left, std::nullopt);
}

bool CirculationEngine::recoverOne(JournalEntry e) {
  m_log->info("recovery: {} {} at {}", toString(e.kind), forLog(e.itemId), toString(e.step));
  std::vector<std::string> present;
  bool allPresent = false;
  if (e.tagUids.empty()) {
    // A row from before the store kept tags (schema version 1): find the
    // item's parts on the pad by their item id, and count them against the set size.
    if (auto scan = scanPad(false); scan) {
      for (const auto& c : *scan) {
        if (c.itemId != e.itemId) continue;
        e.tagUids = c.uids;
        present = c.uids;
        allPresent = c.problem != Outcome::incompleteSet;
      }
    }
  } else {
    std::lock_guard lock(m_readerMutex);
    if (auto inv = m_reader.inventory(); inv) {
      for (const auto& uid : e.tagUids) {
        if (std::any_of(inv->begin(), inv->end(), [&](const rfid::TagSeen& t) { return t.uid == uid; })) {
          present.push_back(uid);
        }
      }
    }
    allPresent = present.size() == e.tagUids.size() && !present.empty();
  }
  auto alert = [&](const std::string& msg) {
    m_log->warn("recovery: item {}: {}", forLog(e.itemId), msg);
    std::lock_guard lock(m_listenerMutex);
    m_listener.onStaffAlert(StaffAlert{e.itemId, msg});
  };
  auto record = [&](Step s, std::string note = {}) {
    e.step = s;
    if (!note.empty()) e.note = std::move(note);
    return static_cast<bool>(journal(e));
  };
  // Undoes the loan this entry made. `ours`: the ILS confirmed the loan to this kiosk, so if
  // the cancel does not take (the store may have dropped the patron reference once synced) the
  // item, secured on the pad, is checked in instead. Not ours (intent): only the patron-scoped
  // cancel, which can never end someone else's loan.
  auto cancelLoan = [&](bool ours) -> bool {
    if (!e.patronId.empty()) {
      auto u = m_journal.cancelLoan(e, {}, m_clock.now());
      if (!u) return false;  // ILS unreachable: stays pending, tried again later
      if (u->ok || !ours) return record(Step::undone, "undone on restart");
    } else if (!ours) {
      return record(Step::undone, "undone on restart");
    }
    auto info = m_ils.itemInfo(e.itemId);
    if (!info) return false;
    using CS = ils::CirculationStatus;
    if (info->status == CS::charged || info->status == CS::chargedNotToBeRecalled) {
      auto r = m_journal.checkinToUndo(e, m_clock.now());
      if (!r) return false;
      if (!r->ok) {
        alert("Its loan could not be undone after a restart: the item is secured but still on loan.");
      }
    }
    return record(Step::undone, "undone on restart");
  };

  if (e.kind == TxKind::checkout) {
    switch (e.step) {
    case Step::intent: {
      // Rule: the tag was never touched (secured). Offline: nothing reached the outbox for
      // sure, so undone (withdraws it if it did). Online: the ILS may have lent it; ask the
      // item's status and cancel the loan if it stands — never resend.
      if (e.offline) return record(Step::undone, "interrupted before the loan was recorded");
      auto asked = m_journal.wasApplied(e);
      if (!asked) return false;
      // Lent to this patron, or on loan to someone the ILS cannot name: the patron-scoped cancel,
      // which can never end someone else's loan. Not lent to them: nothing to undo.
      if (asked->applied != Applied::no) return cancelLoan(false);
      return record(Step::undone, "interrupted before the ILS lent it");
    }
    case Step::ilsDone:
      // Rule: the ILS (or the outbox) holds the loan; the tags may be in either state and the
      // patron never saw a due date. All parts still on the pad → re-secure them, then undo the
      // loan. Any part gone → the loan stands (the patron has it) and staff are told its tag may
      // still be secured: never undo a loan while a part may be outside unsecured.
      if (!allPresent) {
        alert("Lent, but the kiosk restarted before its tag was confirmed: it may still be secured.");
        return record(Step::done, "loan kept after restart; tag state unconfirmed");
      }
      if (auto st = ensureSecured(e.tagUids); !st) {
        alert("Lent, but the kiosk restarted and could not re-secure its tag: check it.");
        return false;
      }
      if (!record(Step::undoing)) return false;
      [[fallthrough]];
    case Step::undoing:
      // Rule: every part is secured (verified before this step was recorded): undo the loan.
      if (e.offline) return record(Step::undone, "undone on restart");
      return cancelLoan(true);
    case Step::tagDone:
      // Rule: ILS and tags agree (lent, unsecured); only the screen was lost. Finish.
      return record(Step::done, "finished on restart");
    case Step::done:
    case Step::undone: return true;
    }
    return true;
  }

  // Returns.
  switch (e.step) {
  case Step::intent:
    // Rule: the ILS was not told; tags may be secured or not. All parts here → finish the
    // return (secure, then check in). Otherwise the item left again: the loan stands, staff told.
    if (!allPresent) {
      alert("Return interrupted and the item was taken away: it is still on loan; its tag may be secured.");
      return record(Step::undone, "return interrupted; item not on the pad");
    }
    if (auto st = setSecurityAll(e.tagUids, true); !st) {
      alert("Return interrupted and its tag could not be secured: check it.");
      return record(Step::undone, "return interrupted; tag write failed");
    }
    if (!record(Step::tagDone)) return false;
    [[fallthrough]];
  case Step::tagDone: {
    // Rule: tags are secured; tell the ILS with the real return time (ILSs backdate by it).
    // Checking in an item twice is harmless, so a lost reply is simply finished here. What the
    // queue holds for the item from before this return (an offline loan) goes first; if it
    // cannot, the return is left to the queue behind it.
    const auto ahead = deliverQueued(e.itemId, e.txId);
    Result<ils::CheckinResult> r = fail(Errc::unavailable, "queued transactions of the item go first");
    if (ahead) {
      // Through the one sender; a row the replay is sending already is the queue's to finish.
      auto sent = m_journal.sendCheckin(e);
      if (sent.queued) return record(Step::done, "left to the queue on restart");
      if (sent.answer) r = std::move(*sent.answer);
      else r = *sent.error;
    }
    if (!r) {
      if (m_config.offline.mode == OfflineMode::off) return false;
      e.offline = true;
      std::lock_guard lock(m_journalMutex);
      if (!m_journal.enqueue(e)) return false;
      e.step = Step::done;
      return static_cast<bool>(m_journal.record(e));
    }
    if (!r->ok) alert("Return refused by the library system: " + firstMessage(*r, "no reason given"));
    // ilsDone settles the queue's row, which would otherwise be sent a second time.
    else if (!record(Step::ilsDone)) return false;
    return record(Step::done, r->ok ? "finished on restart" : "refused on restart");
  }
  case Step::ilsDone: return record(Step::done, "finished on restart");
  case Step::undoing:
  case Step::done:
  case Step::undone: return true;
  }
  return true;
}

} // namespace lasis::circulation
