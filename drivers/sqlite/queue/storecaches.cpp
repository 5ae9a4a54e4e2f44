// The queue's step journal, loan cache and patron cache.
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

// ---- journal ----

Status SqliteQueueStore::journal(const std::string& txnId, Step step) {
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  {
    auto exists = m_db->prepare("SELECT 1 FROM outbox WHERE id = ?");
    if (!exists) return exists.error();
    auto row = exists->bind(1, txnId).step();
    if (!row) return row.error();
    if (!*row) return fail(Errc::notFound, "no queued transaction " + txnId + " to journal");
    auto ins = m_db->prepare("INSERT INTO journal(txn_id, step, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
    if (!ins) return ins.error();
    if (auto st = ins->bind(1, txnId).bind(2, toString(step)).bind(3, nowUs()).run(); !st) return st;
  }
  return t->commit();
}

Result<std::vector<Step>> SqliteQueueStore::journalOf(const std::string& txnId) {
  std::lock_guard lock(m_mutex);
  auto st = m_db->prepare("SELECT step FROM journal WHERE txn_id = ? ORDER BY at, rowid");
  if (!st) return st.error();
  st->bind(1, txnId);
  std::vector<Step> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    if (auto s = circulation::stepFromString(st->text(0))) out.push_back(*s);
  }
  return out;
}

Result<std::vector<QueuedTxn>> SqliteQueueStore::unfinishedJournals() {
  std::lock_guard lock(m_mutex);
  return query(
      "WHERE kind = 'checkout' AND EXISTS (SELECT 1 FROM journal j WHERE j.txn_id = o.id AND j.step = 'ils-done') "
      "AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.txn_id = o.id AND j.step IN ('tag-done', 'done', 'undone')) "
      "ORDER BY seq",
      {});
}

// ---- loan cache ----

namespace {
LoanEntry readLoan(const SqliteStmt& st) {
  LoanEntry e;
  e.itemId = st.text(0);
  e.txnId = st.text(1);
  e.since = fromUs(st.int64(2));
  if (auto d = st.optInt64(3)) e.dueDate = fromUs(*d);
  e.confirmed = st.int64(4) != 0;
  return e;
}
} // namespace

Result<std::optional<LoanEntry>> SqliteQueueStore::loan(const std::string& itemId) {
  std::lock_guard lock(m_mutex);
  auto st = m_db->prepare("SELECT item_id, txn_id, since, due_at, confirmed FROM loans WHERE item_id = ?");
  if (!st) return st.error();
  st->bind(1, itemId);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return std::optional<LoanEntry>();
  return std::optional<LoanEntry>(readLoan(*st));
}

Result<std::vector<LoanEntry>> SqliteQueueStore::loans() {
  std::lock_guard lock(m_mutex);
  auto st = m_db->prepare("SELECT item_id, txn_id, since, due_at, confirmed FROM loans ORDER BY item_id");
  if (!st) return st.error();
  std::vector<LoanEntry> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(readLoan(*st));
  }
  return out;
}

// ---- patron cache ----

Status SqliteQueueStore::cachePatron(const std::string& patronId, const std::string& pin, bool blocked) {
  std::optional<std::string> pinHash;
  if (!pin.empty()) {
    char out[crypto_pwhash_STRBYTES];
    auto ops = m_options.pinOpsLimit.value_or(crypto_pwhash_OPSLIMIT_INTERACTIVE);
    auto mem = m_options.pinMemLimit.value_or(crypto_pwhash_MEMLIMIT_INTERACTIVE);
    // Hashing takes tens of milliseconds on purpose; it runs outside the store's lock.
    if (crypto_pwhash_str(out, pin.data(), pin.size(), ops, mem) != 0) {
      return fail(Errc::noSpace, "not enough memory to hash a PIN for the offline patron cache");
    }
    pinHash = std::string(out);
  }
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  {
    auto up = m_db->prepare(
        "INSERT INTO patrons(patron_key, pin_hash, blocked, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(patron_key) DO UPDATE SET pin_hash = excluded.pin_hash, blocked = excluded.blocked, "
        "updated_at = excluded.updated_at");
    if (!up) return up.error();
    up->bind(1, patronKey(patronId));
    if (pinHash) up->bind(2, *pinHash); else up->bindNull(2);
    if (auto st = up->bind(3, blocked ? 1 : 0).bind(4, nowUs()).run(); !st) return st;
  }
  return t->commit();
}

Result<PatronCheck> SqliteQueueStore::checkPatron(const std::string& patronId, const std::string& pin) {
  std::optional<std::string> hash;
  bool blocked = false;
  {
    std::lock_guard lock(m_mutex);
    auto st = m_db->prepare("SELECT pin_hash, blocked FROM patrons WHERE patron_key = ?");
    if (!st) return st.error();
    st->bind(1, patronKey(patronId));
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return PatronCheck::unknown;
    if (!st->isNull(0)) hash = st->text(0);
    blocked = st->int64(1) != 0;
  }
  if (blocked) return PatronCheck::blocked;
  if (!hash) return pin.empty() ? PatronCheck::ok : PatronCheck::noPinCached;
  if (crypto_pwhash_str_verify(hash->c_str(), pin.data(), pin.size()) != 0) return PatronCheck::wrongPin;
  return PatronCheck::ok;
}

Status SqliteQueueStore::forgetPatronsBefore(TimePoint before) {
  std::lock_guard lock(m_mutex);
  auto t = SqliteTxn::begin(*m_db);
  if (!t) return t.error();
  {
    auto del = m_db->prepare("DELETE FROM patrons WHERE updated_at < ?");
    if (!del) return del.error();
    if (auto st = del->bind(1, toUs(before)).run(); !st) return st;
  }
  return t->commit();
}

} // namespace lasis::queue
