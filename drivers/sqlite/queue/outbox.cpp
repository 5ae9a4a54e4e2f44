// The queue's outbox: enqueue, the replay's states, listings, exceptions, stats, purge.
#include "drivers/sqlite/queue/sqlitequeuestore.h"

#include "drivers/sqlite/queue/storerows.h"
#include "drivers/sqlite/sqlitedb.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <limits>
#include <map>
#include <set>
#include <utility>

namespace lasis::queue {

namespace fs = std::filesystem;
using storage::SqliteDb;
using storage::SqliteStmt;
using storage::SqliteTxn;


using namespace store_detail;

// ---- outbox ----

Result<std::vector<QueuedTxn>> SqliteQueueStore::query(const std::string& tail, const std::vector<std::string>& args) {
  auto st = m_db->prepare(std::string("SELECT ") + kColumns + " FROM outbox o " + tail);
  if (!st) return st.error();
  for (std::size_t i = 0; i < args.size(); ++i) st->bind(static_cast<int>(i + 1), args[i]);
  std::vector<QueuedTxn> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(readRow(*st));
  }
  return out;
}

Result<QueuedTxn> SqliteQueueStore::enqueue(NewTxn txn, bool collapse) {
  if (txn.itemId.empty()) return fail(Errc::invalidArgument, "a queued transaction needs an item id");
  if (txn.kind == Kind::checkout && txn.patronId.empty()) {
    return fail(Errc::invalidArgument, "a queued checkout of item " + txn.itemId + " needs a patron");
  }
  if (txn.id.empty()) {
    unsigned char rnd[12];
    randombytes_buf(rnd, sizeof rnd);
    txn.id = (txn.kiosk.empty() ? std::string("txn") : txn.kiosk) + "-" + hex(rnd, sizeof rnd);
  }
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  auto now = nowUs();

  // Collapse: the latest unfinished transaction of this item is an offline checkout that was never
  // attempted, so the ILS cannot have seen it; neither half is ever sent.
  bool collapsed = false;
  std::int64_t collapseSeq = 0;
  if (collapse && txn.kind == Kind::checkin) {
    auto last = query(std::string("WHERE item_id = ? AND state IN ") + kNotFinal + " ORDER BY seq DESC LIMIT 1",
                      {txn.itemId});
    if (!last) return last.error();
    if (!last->empty()) {
      const auto& prev = last->front();
      if (prev.kind == Kind::checkout && prev.offline && prev.state == TxnState::pending && prev.attempts == 0) {
        collapsed = true;
        collapseSeq = prev.seq;
      }
    }
  }

  auto ins = m_db->prepare(
      "INSERT INTO outbox(id, kind, item_id, patron_ref, kiosk, location, done_at, due_at, offline, state, "
      "answer, created_at, updated_at, journaled, attempts, tag_uids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT(id) DO NOTHING");
  if (!ins) return ins.error();
  ins->bind(1, txn.id).bind(2, toString(txn.kind)).bind(3, txn.itemId);
  if (txn.patronId.empty()) ins->bindNull(4); else ins->bind(4, txn.patronId);
  ins->bind(5, txn.kiosk).bind(6, txn.location).bind(7, toUs(txn.when));
  if (txn.dueDate) ins->bind(8, toUs(*txn.dueDate)); else ins->bindNull(8);
  ins->bind(9, txn.offline ? 1 : 0)
      .bind(10, toString(collapsed ? TxnState::collapsed : txn.sending ? TxnState::sending : TxnState::pending))
      .bind(11, collapsed ? std::string("collapsed with its offline checkout") : std::string())
      .bind(12, now)
      .bind(13, now)
      .bind(14, txn.journaled ? 1 : 0)
      .bind(15, txn.sending && !collapsed ? 1 : 0)
      .bind(16, joinUids(txn.tagUids));
  if (auto st = ins->run(); !st) return st.error();
  bool inserted = m_db->changes() == 1;
  ins = SqliteStmt();

  if (inserted) {
    if (collapsed) {
      auto up = m_db->prepare(
          "UPDATE outbox SET state = 'collapsed', patron_ref = NULL, answer = 'collapsed with its offline return', "
          "updated_at = ? WHERE seq = ?");
      if (!up) return up.error();
      if (auto st = up->bind(1, now).bind(2, collapseSeq).run(); !st) return st.error();
    }
    // The loan cache follows what the kiosk did, at once: the gate and the patron's screen must
    // not wait for the ILS.
    if (txn.kind == Kind::checkout) {
      auto up = m_db->prepare(
          "INSERT INTO loans(item_id, txn_id, since, due_at, confirmed) VALUES (?, ?, ?, ?, 0) "
          "ON CONFLICT(item_id) DO UPDATE SET txn_id = excluded.txn_id, since = excluded.since, "
          "due_at = excluded.due_at, confirmed = 0");
      if (!up) return up.error();
      up->bind(1, txn.itemId).bind(2, txn.id).bind(3, toUs(txn.when));
      if (txn.dueDate) up->bind(4, toUs(*txn.dueDate)); else up->bindNull(4);
      if (auto st = up->run(); !st) return st.error();
    } else {
      auto del = m_db->prepare("DELETE FROM loans WHERE item_id = ?");
      if (!del) return del.error();
      if (auto st = del->bind(1, txn.itemId).run(); !st) return st.error();
    }
  }
  if (inserted && txn.firstStep) {
    auto step = m_db->prepare("INSERT INTO journal(txn_id, step, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
    if (!step) return step.error();
    if (auto st = step->bind(1, txn.id).bind(2, toString(*txn.firstStep)).bind(3, now).run(); !st) return st.error();
  }
  auto row = query("WHERE id = ?", {txn.id});
  if (!row) return row.error();
  if (row->empty()) return fail(Errc::internal, "queued transaction " + txn.id + " vanished");
  if (auto st = t->commit(); !st) return st.error();
  return row->front();
}

Result<std::optional<QueuedTxn>> SqliteQueueStore::get(const std::string& id) {
  std::lock_guard lock(m_mutex);
  auto rows = query("WHERE id = ?", {id});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<QueuedTxn>();
  return std::optional<QueuedTxn>(rows->front());
}

Result<std::vector<QueuedTxn>> SqliteQueueStore::ready() {
  std::lock_guard lock(m_mutex);
  return query(std::string("WHERE state IN ") + kNotFinal + " AND seq = (SELECT MIN(seq) FROM outbox i WHERE " +
                   "i.item_id = o.item_id AND i.state IN " + kNotFinal + ") ORDER BY seq",
               {});
}

Result<std::optional<QueuedTxn>> SqliteQueueStore::nextFor(const std::string& itemId) {
  std::lock_guard lock(m_mutex);
  auto rows = query(std::string("WHERE item_id = ? AND state IN ") + kNotFinal + " ORDER BY seq LIMIT 1", {itemId});
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<QueuedTxn>{};
  return std::optional<QueuedTxn>{std::move(rows->front())};
}

Result<bool> SqliteQueueStore::markSending(std::int64_t seq) {
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  auto up = m_db->prepare(
      "UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE seq = ? AND state = 'pending'");
  if (!up) return up.error();
  if (auto st = up->bind(1, nowUs()).bind(2, seq).run(); !st) return st.error();
  bool changed = m_db->changes() == 1;
  up = SqliteStmt();
  if (auto st = t->commit(); !st) return st.error();
  return changed;
}

Status SqliteQueueStore::setState(std::int64_t seq, const char* sql, const std::string& text) {
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  {
    auto up = m_db->prepare(sql);
    if (!up) return up.error();
    if (auto st = up->bind(1, text).bind(2, nowUs()).bind(3, seq).run(); !st) return st;
  }
  return t->commit();
}

Status SqliteQueueStore::markDone(std::int64_t seq, const std::string& answer, const std::string& title,
                            std::optional<TimePoint> dueDate) {
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  auto now = nowUs();
  {
    // The patron reference goes as soon as the ILS has the loan: the kiosk keeps no record of
    // who borrowed what longer than it must.
    auto up = m_db->prepare(
        "UPDATE outbox SET state = 'done', answer = ?, title = ?, due_at = coalesce(?, due_at), patron_ref = NULL, "
        "last_error = '', updated_at = ? WHERE seq = ?");
    if (!up) return up.error();
    up->bind(1, answer).bind(2, title);
    if (dueDate) up->bind(3, toUs(*dueDate)); else up->bindNull(3);
    if (auto st = up->bind(4, now).bind(5, seq).run(); !st) return st;
    auto loan = m_db->prepare(
        "UPDATE loans SET confirmed = 1, due_at = coalesce(?, due_at) WHERE txn_id = (SELECT id FROM outbox WHERE seq = ?)");
    if (!loan) return loan.error();
    if (dueDate) loan->bind(1, toUs(*dueDate)); else loan->bindNull(1);
    if (auto st = loan->bind(2, seq).run(); !st) return st;
    auto j = m_db->prepare(
        "INSERT INTO journal(txn_id, step, at) SELECT id, 'ils-done', ? FROM outbox WHERE seq = ? AND journaled = 1 "
        "ON CONFLICT DO NOTHING");
    if (!j) return j.error();
    if (auto st = j->bind(1, now).bind(2, seq).run(); !st) return st;
  }
  return t->commit();
}

Status SqliteQueueStore::markFailed(std::int64_t seq, const std::string& answer, const std::optional<std::string>& handledNote) {
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  {
    auto up = m_db->prepare("UPDATE outbox SET state = 'failed', answer = ?, updated_at = ? WHERE seq = ?");
    if (!up) return up.error();
    if (auto st = up->bind(1, answer).bind(2, nowUs()).bind(3, seq).run(); !st) return st;
    if (handledNote) {
      auto res = m_db->prepare("UPDATE outbox SET resolved = 1, staff_note = ?, patron_ref = NULL WHERE seq = ?");
      if (!res) return res.error();
      if (auto st = res->bind(1, *handledNote).bind(2, seq).run(); !st) return st;
    }
    // A refused checkout is no loan: the cache must not tell the gate it left legitimately.
    auto loan = m_db->prepare("DELETE FROM loans WHERE txn_id = (SELECT id FROM outbox WHERE seq = ? AND kind = 'checkout')");
    if (!loan) return loan.error();
    if (auto st = loan->bind(1, seq).run(); !st) return st;
  }
  return t->commit();
}

Status SqliteQueueStore::markUncertain(std::int64_t seq, const std::string& error) {
  return setState(seq, "UPDATE outbox SET state = 'uncertain', last_error = ?, updated_at = ? WHERE seq = ?", error);
}

Status SqliteQueueStore::markPending(std::int64_t seq, const std::string& note) {
  return setState(seq,
                  "UPDATE outbox SET state = 'pending', last_error = ?, updated_at = ? WHERE seq = ? "
                  "AND state IN ('uncertain', 'sending')",
                  note);
}

Result<int> SqliteQueueStore::recoverInterrupted() {
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  auto up = m_db->prepare(
      "UPDATE outbox SET state = 'uncertain', last_error = 'interrupted while sending (crash or power cut)', "
      "updated_at = ? WHERE state = 'sending' "
      "AND NOT (journaled = 1 AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.txn_id = outbox.id))");
  if (!up) return up.error();
  if (auto st = up->bind(1, nowUs()).run(); !st) return st.error();
  int n = m_db->changes();
  up = SqliteStmt();
  if (auto st = t->commit(); !st) return st.error();
  return n;
}

Result<std::vector<QueuedTxn>> SqliteQueueStore::list(const std::vector<TxnState>& states, int limit) {
  std::lock_guard lock(m_mutex);
  std::string where;
  if (!states.empty()) {
    where = "WHERE state IN (";
    for (std::size_t i = 0; i < states.size(); ++i) where += (i ? ", '" : "'") + std::string(toString(states[i])) + "'";
    where += ")";
  }
  return query(where + " ORDER BY seq LIMIT " + std::to_string(limit), {});
}

Result<std::vector<QueuedTxn>> SqliteQueueStore::exceptions(bool includeResolved) {
  std::lock_guard lock(m_mutex);
  return query(std::string("WHERE state = 'failed'") + (includeResolved ? "" : " AND resolved = 0") + " ORDER BY seq", {});
}

Status SqliteQueueStore::resolveException(const std::string& id, const std::string& staffNote) {
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  {
    auto up = m_db->prepare(
        "UPDATE outbox SET resolved = 1, staff_note = ?, patron_ref = NULL, updated_at = ? WHERE id = ? AND state = 'failed' AND resolved = 0");
    if (!up) return up.error();
    if (auto st = up->bind(1, staffNote).bind(2, nowUs()).bind(3, id).run(); !st) return st;
    if (m_db->changes() != 1) return fail(Errc::notFound, "no open exception with id " + id);
  }
  return t->commit();
}

Result<QueueStats> SqliteQueueStore::stats() {
  std::lock_guard lock(m_mutex);
  QueueStats s;
  s.schemaVersion = m_schemaVersion;
  auto st = m_db->prepare("SELECT state, COUNT(*) FROM outbox GROUP BY state");
  if (!st) return st.error();
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    auto state = stateFromString(st->text(0));
    auto n = st->int64(1);
    if (!state) continue;
    switch (*state) {
      case TxnState::pending: s.pending = n; break;
      case TxnState::sending: s.sending = n; break;
      case TxnState::uncertain: s.uncertain = n; break;
      case TxnState::done: s.done = n; break;
      case TxnState::failed: s.failed = n; break;
      case TxnState::collapsed: s.collapsed = n; break;
    }
  }
  auto ex = m_db->scalar("SELECT COUNT(*) FROM outbox WHERE state = 'failed' AND resolved = 0");
  if (!ex) return ex.error();
  s.openExceptions = *ex;
  auto loans = m_db->scalar("SELECT COUNT(*) FROM loans");
  if (!loans) return loans.error();
  s.loans = *loans;
  auto patrons = m_db->scalar("SELECT COUNT(*) FROM patrons");
  if (!patrons) return patrons.error();
  s.patrons = *patrons;
  auto oldest = m_db->prepare(std::string("SELECT MIN(done_at) FROM outbox WHERE state IN ") + kNotFinal);
  if (!oldest) return oldest.error();
  auto row = oldest->step();
  if (!row) return row.error();
  if (*row && !oldest->isNull(0)) s.oldestUnsynced = fromUs(oldest->int64(0));
  return s;
}

Result<std::string> SqliteQueueStore::quickCheck() {
  std::lock_guard lock(m_mutex);
  auto qc = m_db->prepare("PRAGMA quick_check(1)");
  if (!qc) return qc.error();
  auto row = qc->step();
  if (!row) return row.error();
  return *row ? qc->text(0) : std::string("quick_check gave no answer");
}

Result<int> SqliteQueueStore::unsyncedOfflineCheckouts(const std::string& patronId) {
  std::lock_guard lock(m_mutex);
  auto st = m_db->prepare(std::string("SELECT COUNT(*) FROM outbox WHERE kind = 'checkout' AND offline = 1 AND "
                                      "patron_ref = ? AND state IN ") + kNotFinal);
  if (!st) return st.error();
  st->bind(1, patronId);
  auto row = st->step();
  if (!row) return row.error();
  return static_cast<int>(st->int64(0));
}

Result<int> SqliteQueueStore::purge(TimePoint before) {
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  // Open exceptions stay whatever their age: staff have not dealt with them yet.
  const std::string purgeable =
      "updated_at < ? AND (state IN ('done', 'collapsed') OR (state = 'failed' AND resolved = 1))";
  {
    auto j = m_db->prepare("DELETE FROM journal WHERE txn_id IN (SELECT id FROM outbox WHERE " + purgeable + ")");
    if (!j) return j.error();
    if (auto st = j->bind(1, toUs(before)).run(); !st) return st.error();
  }
  {
    // A loan still cached after the retention time was most likely returned at another desk;
    // forgetting it errs on the safe side (the gate alarms, staff clear it).
    auto l = m_db->prepare("DELETE FROM loans WHERE confirmed = 1 AND since < ?");
    if (!l) return l.error();
    if (auto st = l->bind(1, toUs(before)).run(); !st) return st.error();
  }
  int n = 0;
  {
    auto o = m_db->prepare("DELETE FROM outbox WHERE " + purgeable);
    if (!o) return o.error();
    if (auto st = o->bind(1, toUs(before)).run(); !st) return st.error();
    n = m_db->changes();
  }
  if (auto st = t->commit(); !st) return st.error();
  return n;
}

} // namespace lasis::queue
