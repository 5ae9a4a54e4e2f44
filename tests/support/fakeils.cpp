#include "tests/support/fakeils.h"

#include <cstdlib>
#include <iostream>
#include <thread>

namespace lasis::test {

namespace {
storage::SqliteDb openOrDie(const std::string& path) {
  auto db = storage::SqliteDb::open(path, storage::SqliteDb::Mode::readWriteCreate, 5000);
  if (!db) {
    std::cerr << "FakeIls: " << db.error().describe() << "\n";
    std::abort();
  }
  return std::move(*db);
}
void must(const Status& st) {
  if (!st) {
    std::cerr << "FakeIls: " << st.error().describe() << "\n";
    std::abort();
  }
}
} // namespace

FakeIls::FakeIls(const std::string& path) : m_db(openOrDie(path)) {
  must(m_db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                 "CREATE TABLE IF NOT EXISTS loans(item_id TEXT PRIMARY KEY, patron TEXT NOT NULL, due INTEGER);"
                 "CREATE TABLE IF NOT EXISTS applied(txn_id TEXT PRIMARY KEY, n INTEGER NOT NULL);"));
}

void FakeIls::setDown(bool down) { std::lock_guard l(m_mutex); m_down = down; }
void FakeIls::setReachable(std::function<bool()> r) { std::lock_guard l(m_mutex); m_reachable = std::move(r); }
void FakeIls::loseReplies(int n) { std::lock_guard l(m_mutex); m_lose = n; }
void FakeIls::dropRequests(int n, Errc code) {
  std::lock_guard l(m_mutex);
  m_drop = n;
  m_dropCode = code;
}
void FakeIls::refusePatron(const std::string& p, const std::string& m) { std::lock_guard l(m_mutex); m_refusedPatrons[p] = m; }
void FakeIls::setLatency(std::chrono::microseconds d) { std::lock_guard l(m_mutex); m_latency = d; }

Status FakeIls::reachable() {
  if (m_latency.count()) std::this_thread::sleep_for(m_latency);
  if (m_down || (m_reachable && !m_reachable())) return fail(Errc::unavailable, "fake ILS unreachable");
  return {};
}

Status FakeIls::record(const FakeCall& c, bool applied) {
  m_calls.push_back(c);
  if (!applied) return {};
  auto st = m_db.prepare("INSERT INTO applied(txn_id, n) VALUES (?, 1) ON CONFLICT(txn_id) DO UPDATE SET n = n + 1");
  if (!st) return st.error();
  return st->bind(1, c.txnId).run();
}

Result<ils::IlsStatus> FakeIls::status() {
  std::lock_guard l(m_mutex);
  if (auto st = reachable(); !st) return st.error();
  ils::IlsStatus s;
  s.ok = s.online = s.checkinOk = s.checkoutOk = s.renewalOk = s.offlineOk = true;
  s.institution = "fake";
  return s;
}

Result<ils::CheckoutResult> FakeIls::checkout(const ils::CheckoutRequest& req) {
  std::lock_guard l(m_mutex);
  if (auto st = reachable(); !st) return st.error();
  if (m_drop > 0) {
    --m_drop;
    return fail(m_dropCode, "fake ILS dropped the request");
  }
  FakeCall call{req.ctx.transactionId, "checkout", req.itemId, req.patronId, req.ctx.noBlock, req.ctx.when,
                req.offlineDueDate};
  ils::CheckoutResult r;
  r.itemId = req.itemId;
  r.title = "Title of " + req.itemId;
  if (auto it = m_refusedPatrons.find(req.patronId); it != m_refusedPatrons.end()) {
    // Like Koha and Evergreen: no-block Y does not stop a refusal for a blocked patron.
    r.ok = false;
    r.screenMessages = {it->second};
    if (auto st = record(call, false); !st) return st.error();
    return r;
  }
  auto tx = storage::SqliteTxn::begin(m_db);
  if (!tx) return tx.error();
  auto cur = m_db.prepare("SELECT patron FROM loans WHERE item_id = ?");
  if (!cur) return cur.error();
  auto row = cur->bind(1, req.itemId).step();
  if (!row) return row.error();
  if (*row && cur->text(0) != req.patronId) {
    r.ok = false;
    r.screenMessages = {"Item already on loan to another patron"};
    cur = storage::SqliteStmt();
    if (auto st = record(call, false); !st) return st.error();
    return r;
  }
  cur = storage::SqliteStmt();
  // The ILS's own due date: 21 days from the request, whatever the kiosk promised.
  auto due = req.ctx.when + std::chrono::hours(24 * 21);
  auto up = m_db.prepare("INSERT INTO loans(item_id, patron, due) VALUES (?, ?, ?) "
                         "ON CONFLICT(item_id) DO UPDATE SET patron = excluded.patron, due = excluded.due");
  if (!up) return up.error();
  if (auto st = up->bind(1, req.itemId).bind(2, req.patronId).bind(3, due.time_since_epoch().count()).run(); !st) {
    return st.error();
  }
  up = storage::SqliteStmt();
  if (auto st = record(call, true); !st) return st.error();
  if (auto st = tx->commit(); !st) return st.error();
  if (m_lose > 0) {
    --m_lose;
    return fail(Errc::timeout, "fake ILS: reply lost");
  }
  r.ok = true;
  r.dueDate = due;
  r.screenMessages = {"Checked out"};
  return r;
}

Result<ils::CheckinResult> FakeIls::checkin(const ils::CheckinRequest& req) {
  std::lock_guard l(m_mutex);
  if (auto st = reachable(); !st) return st.error();
  if (m_drop > 0) {
    --m_drop;
    return fail(m_dropCode, "fake ILS dropped the request");
  }
  FakeCall call{req.ctx.transactionId, "checkin", req.itemId, "", req.ctx.noBlock, req.ctx.when, std::nullopt};
  auto tx = storage::SqliteTxn::begin(m_db);
  if (!tx) return tx.error();
  auto del = m_db.prepare("DELETE FROM loans WHERE item_id = ?");
  if (!del) return del.error();
  if (auto st = del->bind(1, req.itemId).run(); !st) return st.error();
  bool wasOnLoan = m_db.changes() == 1;
  del = storage::SqliteStmt();
  if (auto st = record(call, true); !st) return st.error();
  if (auto st = tx->commit(); !st) return st.error();
  if (m_lose > 0) {
    --m_lose;
    return fail(Errc::timeout, "fake ILS: reply lost");
  }
  ils::CheckinResult r;
  r.ok = true;
  r.itemId = req.itemId;
  r.title = "Title of " + req.itemId;
  r.screenMessages = {wasOnLoan ? "Checked in" : "Item was not on loan"};
  return r;
}

Result<ils::ItemInfo> FakeIls::itemInfo(const std::string& itemId) {
  std::lock_guard l(m_mutex);
  if (auto st = reachable(); !st) return st.error();
  ++m_itemInfoCalls;
  ils::ItemInfo info;
  info.ok = true;
  info.itemId = itemId;
  info.title = "Title of " + itemId;
  auto cur = m_db.prepare("SELECT due FROM loans WHERE item_id = ?");
  if (!cur) return cur.error();
  auto row = cur->bind(1, itemId).step();
  if (!row) return row.error();
  if (*row) {
    info.status = ils::CirculationStatus::charged;
    info.dueDate = ils::TimePoint(Clock::Duration(cur->int64(0)));
  } else {
    info.status = ils::CirculationStatus::available;
  }
  return info;
}

Result<std::optional<bool>> FakeIls::lentTo(const std::string& patronId, const std::string& itemId) {
  std::lock_guard l(m_mutex);
  if (auto st = reachable(); !st) return st.error();
  auto cur = m_db.prepare("SELECT patron FROM loans WHERE item_id = ?");
  if (!cur) return cur.error();
  auto row = cur->bind(1, itemId).step();
  if (!row) return row.error();
  return std::optional<bool>(*row && cur->text(0) == patronId);
}

std::optional<std::string> FakeIls::loanOf(const std::string& itemId) {
  auto all = loans();
  auto it = all.find(itemId);
  if (it == all.end()) return std::nullopt;
  return it->second;
}

std::map<std::string, std::string> FakeIls::loans() {
  std::lock_guard l(m_mutex);
  std::map<std::string, std::string> out;
  auto st = m_db.prepare("SELECT item_id, patron FROM loans");
  if (!st) return out;
  while (st->step().valueOr(false)) out[st->text(0)] = st->text(1);
  return out;
}

int FakeIls::applied(const std::string& txnId) {
  std::lock_guard l(m_mutex);
  auto st = m_db.prepare("SELECT n FROM applied WHERE txn_id = ?");
  if (!st) return -1;
  st->bind(1, txnId);
  return st->step().valueOr(false) ? static_cast<int>(st->int64(0)) : 0;
}

int FakeIls::appliedTotal() {
  std::lock_guard l(m_mutex);
  return static_cast<int>(m_db.scalar("SELECT coalesce(SUM(n), 0) FROM applied").valueOr(-1));
}

std::vector<FakeCall> FakeIls::calls() {
  std::lock_guard l(m_mutex);
  return m_calls;
}

int FakeIls::itemInfoCalls() {
  std::lock_guard l(m_mutex);
  return m_itemInfoCalls;
}

Result<ils::PatronStatus> FakeIls::patronStatus(const std::string&, const std::string&) {
  return fail(Errc::unsupported, "fake ILS: patronStatus not scripted");
}
Result<ils::PatronAccount> FakeIls::patronAccount(const std::string&, const std::string&) {
  return fail(Errc::unsupported, "fake ILS: patronAccount not scripted");
}
Result<ils::CheckoutResult> FakeIls::renew(const ils::RenewRequest&) {
  return fail(Errc::unsupported, "fake ILS: renew not scripted");
}
Result<ils::RenewAllResult> FakeIls::renewAll(const std::string&, const std::string&) {
  return fail(Errc::unsupported, "fake ILS: renewAll not scripted");
}
Result<ils::HoldResult> FakeIls::placeHold(const ils::HoldRequest&) {
  return fail(Errc::unsupported, "fake ILS: placeHold not scripted");
}
Result<ils::HoldResult> FakeIls::cancelHold(const ils::HoldRequest&) {
  return fail(Errc::unsupported, "fake ILS: cancelHold not scripted");
}
Result<ils::FeePaidResult> FakeIls::payFee(const std::string&, double, const std::string&) {
  return fail(Errc::unsupported, "fake ILS: payFee not scripted");
}
Result<ils::Answer> FakeIls::endSession(const std::string&) {
  return fail(Errc::unsupported, "fake ILS: endSession not scripted");
}

} // namespace lasis::test
