#include "simulator/ils/ilsstore.h"

#include "drivers/sqlite/sqlitedb.h"
#include "simulator/control/controlargs.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <limits>
#include <fmt/format.h>
#include <random>

namespace lasis::sim::ils {

using nlohmann::json;

namespace {

constexpr std::int64_t kDay = 86400;

const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS patrons (
  id TEXT PRIMARY KEY, salt TEXT NOT NULL, pin_hash TEXT NOT NULL, name TEXT NOT NULL,
  branch TEXT NOT NULL, language TEXT NOT NULL, email TEXT NOT NULL,
  blocked TEXT NOT NULL DEFAULT '', card_lost INTEGER NOT NULL DEFAULT 0, max_loans INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS items (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, author TEXT NOT NULL, branch TEXT NOT NULL, media TEXT NOT NULL,
  language TEXT NOT NULL, loanable INTEGER NOT NULL, parts INTEGER NOT NULL, state TEXT NOT NULL,
  location TEXT NOT NULL, destination TEXT NOT NULL DEFAULT '',
  -- the loan a checkin ended, kept so a cancelled checkin (BI) can restore it exactly
  last_patron TEXT, last_out_at INTEGER, last_due_at INTEGER, last_renewals INTEGER,
  last_fine_id INTEGER, last_hold_seq INTEGER, last_state TEXT);
CREATE TABLE IF NOT EXISTS loans (
  item TEXT PRIMARY KEY REFERENCES items(id), patron TEXT NOT NULL REFERENCES patrons(id),
  out_at INTEGER NOT NULL, due_at INTEGER NOT NULL, renewals INTEGER NOT NULL DEFAULT 0,
  -- the hold this loan fulfilled, restored if the checkout is cancelled (BI)
  hold_seq INTEGER, hold_pickup TEXT, hold_placed_at INTEGER);
CREATE INDEX IF NOT EXISTS loans_patron ON loans(patron);
CREATE TABLE IF NOT EXISTS holds (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, item TEXT NOT NULL, patron TEXT NOT NULL, pickup TEXT NOT NULL,
  placed_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
  state TEXT NOT NULL,  -- queued, transit (trapped, travelling to pickup), waiting (on the hold shelf)
  shelf_until INTEGER);
CREATE INDEX IF NOT EXISTS holds_item ON holds(item);
CREATE TABLE IF NOT EXISTS fines (
  id INTEGER PRIMARY KEY AUTOINCREMENT, patron TEXT NOT NULL, cents INTEGER NOT NULL,
  paid_cents INTEGER NOT NULL DEFAULT 0, description TEXT NOT NULL, item TEXT, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS payments (
  txn TEXT PRIMARY KEY, patron TEXT NOT NULL, cents INTEGER NOT NULL, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS circ_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, kind TEXT NOT NULL, item TEXT, patron TEXT,
  branch TEXT, detail TEXT);
)sql";

std::int64_t toSeconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}
TimePoint fromSeconds(std::int64_t s) { return TimePoint(std::chrono::seconds(s)); }

/// The last second of the local day `days` after `t`: libraries lend "until closing on day N".
std::int64_t endOfDayAfter(std::int64_t t, int days) {
  std::time_t tt = static_cast<std::time_t>(t + static_cast<std::int64_t>(days) * kDay);
  std::tm tm{};
  localtime_r(&tt, &tm);
  tm.tm_hour = 23;
  tm.tm_min = 59;
  tm.tm_sec = 0;
  tm.tm_isdst = -1;
  return static_cast<std::int64_t>(std::mktime(&tm));
}

std::string hex(const unsigned char* p, std::size_t n) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s += d[p[i] >> 4];
    s += d[p[i] & 15];
  }
  return s;
}

std::string pinHash(const std::string& salt, const std::string& pin) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const std::string in = salt + ":" + pin;
  EVP_Digest(in.data(), in.size(), md, &len, EVP_sha256(), nullptr);
  return hex(md, len);
}

ItemState stateFromName(const std::string& s) {
  if (s == "on_loan") return ItemState::onLoan;
  if (s == "hold_shelf") return ItemState::holdShelf;
  if (s == "in_transit") return ItemState::inTransit;
  if (s == "missing") return ItemState::missing;
  if (s == "lost") return ItemState::lost;
  if (s == "in_process") return ItemState::inProcess;
  return ItemState::available;
}

std::string money(std::int64_t cents) {
  return fmt::format("{}{}.{:02}", cents < 0 ? "-" : "", std::llabs(cents) / 100, std::llabs(cents) % 100);
}

using storage::SqliteDb;
using storage::SqliteStmt;
using Query = Result<SqliteStmt>;

// How the store reads a statement: one that fails to prepare or to step reads as "no row", a
// write that fails as false; the caller then reports the connection's last error (dbError).
template <class... A>
Query query(SqliteDb& db, std::string_view sql, const A&... args) {
  auto st = db.prepare(sql);
  if (st) st->bindAll(args...);
  return st;
}
/// True while a row is available.
bool next(Query& q) {
  if (!q) return false;
  auto row = q->step();
  return row && *row;
}
/// Runs a statement that returns no rows; false on failure.
template <class... A>
bool run(SqliteDb& db, std::string_view sql, const A&... args) {
  auto st = query(db, sql, args...);
  return st && st->run();
}

} // namespace

std::string_view itemStateName(ItemState s) {
  switch (s) {
  case ItemState::available: return "available";
  case ItemState::onLoan: return "on_loan";
  case ItemState::holdShelf: return "hold_shelf";
  case ItemState::inTransit: return "in_transit";
  case ItemState::missing: return "missing";
  case ItemState::lost: return "lost";
  case ItemState::inProcess: return "in_process";
  }
  return "available";
}

std::string sipCirculationStatus(ItemState s) {
  switch (s) {
  case ItemState::available: return "03";
  case ItemState::onLoan: return "04";
  case ItemState::holdShelf: return "08";
  case ItemState::inTransit: return "10";
  case ItemState::missing: return "13";
  case ItemState::lost: return "12";
  case ItemState::inProcess: return "06";
  }
  return "01";
}

struct IlsStore::Impl {
  std::unique_ptr<SqliteDb> db;
  std::mt19937_64 rng{std::random_device{}()};

  Error dbError(const std::string& what) const {
    return Error(Errc::io, "ILS database: " + what + ": " + db->message());
  }
  /// One transaction: rolled back unless committed, so an error mid-way changes nothing.
  Result<storage::SqliteTxn> begin() { return storage::SqliteTxn::begin(*db); }
  Status commit(storage::SqliteTxn& txn) {
    if (!txn.commit()) return fail(Errc::io, "ILS database: commit failed: " + db->message());
    return {};
  }
};

IlsStore::IlsStore(LibraryData data, const Clock& clock)
    : m_data(std::move(data)), m_clock(clock), m_impl(std::make_unique<Impl>()) {}
IlsStore::~IlsStore() = default;

TimePoint IlsStore::now() const {
  return std::chrono::time_point_cast<Clock::Duration>(m_clock.now() + m_shift);
}

bool IlsStore::branchExists(const std::string& code) const {
  return std::any_of(m_data.branches.begin(), m_data.branches.end(), [&](const auto& b) { return b.code == code; });
}

const LoanRule& IlsStore::ruleFor(const std::string& media) const {
  for (const auto& r : m_data.loanRules)
    if (r.media == media) return r;
  return m_data.loanRules.front();  // load() guarantees every item's media has a rule
}

Result<std::unique_ptr<IlsStore>> IlsStore::open(const std::filesystem::path& path, LibraryData data, const Clock& clock) {
  std::unique_ptr<IlsStore> s(new IlsStore(std::move(data), clock));
  auto& im = *s->m_impl;
  auto db = SqliteDb::open(path, SqliteDb::Mode::readWriteCreate, 2000);
  if (!db) return fail(Errc::io, "ILS database: " + db.error().message());
  im.db = std::make_unique<SqliteDb>(std::move(*db));
  // WAL + FULL: a loan the ILS confirmed survives a killed simulator or a power cut.
  if (!im.db->exec("PRAGMA journal_mode=WAL") || !im.db->exec("PRAGMA synchronous=FULL") || !im.db->exec(kSchema))
    return im.dbError("cannot create the schema in " + path.string());
  bool seeded = false;
  {
    auto q = query(*im.db, "SELECT value FROM meta WHERE key='seeded'");
    seeded = next(q);
  }
  if (seeded) return s;

  const std::int64_t now = toSeconds(s->now());
  auto txn = im.begin();
  if (!txn) return im.dbError("cannot seed " + path.string());
  const auto& d = s->m_data;
  for (const auto& p : d.patrons) {
    std::uniform_int_distribution<std::uint64_t> dist;
    const std::string salt = fmt::format("{:016x}", dist(im.rng));
    run(*im.db, "INSERT INTO patrons VALUES (?,?,?,?,?,?,?,?,?,?)", p.id, salt, pinHash(salt, p.pin), p.name, p.branch,
        p.language, p.email, p.blocked, p.cardLost ? 1 : 0, p.maxLoans);
  }
  for (const auto& it : d.items) {
    run(*im.db,
        "INSERT INTO items (id,title,author,branch,media,language,loanable,parts,state,location) "
        "VALUES (?,?,?,?,?,?,?,?,?,?)",
        it.id, it.title, it.author, it.branch, it.media, it.language, it.loanable ? 1 : 0, it.parts, it.status,
        it.branch);
  }
  for (const auto& f : d.fines) {
    run(*im.db, "INSERT INTO fines (patron,cents,description,created_at) VALUES (?,?,?,?)", f.patron, f.cents,
        f.description, now);
  }
  for (const auto& l : d.loans) {
    const auto& rule = s->ruleFor(std::find_if(d.items.begin(), d.items.end(), [&](auto& i) { return i.id == l.item; })->media);
    const std::int64_t due = endOfDayAfter(now, l.dueDays);
    run(*im.db, "INSERT INTO loans (item,patron,out_at,due_at) VALUES (?,?,?,?)", l.item, l.patron,
        due - static_cast<std::int64_t>(rule.loanDays) * kDay, due);
    run(*im.db, "UPDATE items SET state='on_loan' WHERE id=?", l.item);
  }
  for (const auto& h : d.holds) {
    const std::int64_t expires = now + static_cast<std::int64_t>(d.holdExpiryDays) * kDay;
    run(*im.db, "INSERT INTO holds (item,patron,pickup,placed_at,expires_at,state,shelf_until) VALUES (?,?,?,?,?,?,?)",
        h.item, h.patron, h.pickup, now, expires, h.waiting ? "waiting" : "queued",
        h.waiting ? std::optional<std::int64_t>(endOfDayAfter(now, d.holdShelfDays)) : std::nullopt);
    if (h.waiting) run(*im.db, "UPDATE items SET state='hold_shelf', location=? WHERE id=?", h.pickup, h.item);
  }
  if (!run(*im.db, "INSERT INTO meta VALUES ('seeded', ?)", std::to_string(now)))
    return im.dbError("cannot seed " + path.string());
  if (auto st = im.commit(*txn); !st) return st.error();
  return s;
}

Result<PatronView> IlsStore::patron(const std::string& id) {
  auto& db = *m_impl->db;
  auto q = query(db, "SELECT name,branch,language,email,blocked,card_lost,max_loans FROM patrons WHERE id=?", id);
  if (!next(q)) return fail(Errc::notFound, "no patron '" + id + "'");
  PatronView p;
  p.id = id;
  p.name = q->text(0);
  p.homeBranch = q->text(1);
  p.language = q->text(2);
  p.email = q->text(3);
  p.blockReason = q->text(4);
  p.cardLost = q->int64(5) != 0;
  p.maxLoans = q->int64(6) > 0 ? static_cast<int>(q->int64(6)) : m_data.maxLoans;
  const std::int64_t now = toSeconds(this->now());
  {
    auto c = query(db, "SELECT count(*), coalesce(sum(due_at < ?),0) FROM loans WHERE patron=?", now, id);
    if (next(c)) {
      p.loans = static_cast<int>(c->int64(0));
      p.overdue = static_cast<int>(c->int64(1));
    }
  }
  {
    auto c = query(db, "SELECT count(*), coalesce(sum(state='waiting'),0) FROM holds WHERE patron=?", id);
    if (next(c)) {
      p.holds = static_cast<int>(c->int64(0));
      p.holdsWaiting = static_cast<int>(c->int64(1));
    }
  }
  {
    auto c = query(
        db, "SELECT coalesce(sum(cents-paid_cents),0), count(*) FROM fines WHERE patron=? AND cents>paid_cents", id);
    if (next(c)) {
      p.finesCents = c->int64(0);
      p.fineCount = static_cast<int>(c->int64(1));
    }
  }
  // The first reason that applies is the one the patron is told (most actionable first).
  if (p.cardLost) p.chargeDenied = "This card has been reported lost: please see staff";
  else if (!p.blockReason.empty()) p.chargeDenied = p.blockReason;
  else if (p.finesCents > m_data.maxFinesCents)
    p.chargeDenied = "Fines of " + money(p.finesCents) + " " + m_data.currency + " exceed the limit of " +
                     money(m_data.maxFinesCents) + ": please pay at the desk";
  else if (p.overdue >= m_data.maxOverdue) p.chargeDenied = "Too many overdue items: please return them first";
  else if (p.loans >= p.maxLoans) p.chargeDenied = "Loan limit of " + std::to_string(p.maxLoans) + " items reached";

  std::string f(14, ' ');
  const bool blocked = p.cardLost || !p.blockReason.empty();
  if (!p.chargeDenied.empty()) f[0] = 'Y';                       // charge privileges denied
  if (blocked || p.finesCents > m_data.maxFinesCents) f[1] = 'Y';  // renewal privileges denied
  if (blocked) f[3] = 'Y';                                         // hold privileges denied
  if (p.cardLost) f[4] = 'Y';                                      // card reported lost
  if (p.loans >= p.maxLoans) f[5] = 'Y';                           // too many items charged
  if (p.overdue >= m_data.maxOverdue) f[6] = 'Y';                  // too many items overdue
  if (p.finesCents > m_data.maxFinesCents) f[10] = 'Y';            // excessive outstanding fines
  p.statusFlags = f;
  return p;
}

bool IlsStore::pinMatches(const std::string& patronId, const std::string& pin) {
  auto q = query(*m_impl->db, "SELECT salt, pin_hash FROM patrons WHERE id=?", patronId);
  if (!next(q)) return false;
  return pinHash(q->text(0), pin) == q->text(1);
}

void IlsStore::expireHolds() {
  auto& db = *m_impl->db;
  const std::int64_t now = toSeconds(this->now());
  run(db,
      "UPDATE items SET state='available' WHERE state='hold_shelf' AND id IN "
      "(SELECT item FROM holds WHERE state='waiting' AND shelf_until < ?)",
      now);
  run(db, "DELETE FROM holds WHERE (state='waiting' AND shelf_until < ?) OR (state='queued' AND expires_at < ?)", now,
      now);
}

Result<ItemView> IlsStore::item(const std::string& id) {
  auto& db = *m_impl->db;
  auto q = query(
      db, "SELECT title,author,branch,media,language,loanable,parts,state,location,destination FROM items WHERE id=?",
      id);
  if (!next(q)) return fail(Errc::notFound, "no item '" + id + "'");
  ItemView it;
  it.id = id;
  it.title = q->text(0);
  it.author = q->text(1);
  it.owner = q->text(2);
  it.media = q->text(3);
  it.language = q->text(4);
  it.loanable = q->int64(5) != 0;
  it.parts = static_cast<int>(q->int64(6));
  it.state = stateFromName(q->text(7));
  it.location = q->text(8);
  it.destination = q->text(9);
  const auto& rule = ruleFor(it.media);
  it.sipMediaType = rule.sipMediaType;
  it.magnetic = rule.magnetic;
  auto l = query(db, "SELECT patron, due_at, renewals FROM loans WHERE item=?", id);
  if (next(l)) {
    it.borrower = l->text(0);
    it.due = fromSeconds(l->int64(1));
    it.renewals = static_cast<int>(l->int64(2));
  }
  auto h = query(db, "SELECT count(*) FROM holds WHERE item=?", id);
  if (next(h)) it.holdQueue = static_cast<int>(h->int64(0));
  auto t =
      query(db, "SELECT patron FROM holds WHERE item=? AND state IN ('waiting','transit') ORDER BY seq LIMIT 1", id);
  if (next(t)) it.holdPatron = t->text(0);
  return it;
}

namespace {
void logCirc(SqliteDb& db, std::int64_t at, const char* kind, const std::string& item, const std::string& patron,
             const std::string& branch, const std::string& detail = "") {
  run(db, "INSERT INTO circ_log (at,kind,item,patron,branch,detail) VALUES (?,?,?,?,?,?)", at, kind, item, patron,
      branch, detail);
}
} // namespace

Result<LoanOutcome> IlsStore::checkout(const std::string& patronId, const std::string& itemId, const std::string& branch) {
  LoanOutcome out;
  expireHolds();
  auto p = patron(patronId);
  if (!p) {
    out.message = "Patron not found: please see staff";
    return out;
  }
  auto it = item(itemId);
  if (!it) {
    out.message = "Item not found: please see staff";
    return out;
  }
  out.title = it->title;
  out.sipMediaType = it->sipMediaType;
  out.magnetic = it->magnetic;
  // An item already lent to this patron is renewed, as Koha's SIP server does.
  if (it->state == ItemState::onLoan && it->borrower == patronId) {
    auto r = renew(patronId, itemId);
    if (r && r->ok) r->renewal = true;
    return r;
  }
  if (!p->chargeDenied.empty()) {
    out.message = p->chargeDenied;
    return out;
  }
  if (!it->loanable) {
    out.message = "This item is for use in the library only";
    return out;
  }
  if (it->state == ItemState::onLoan) {
    out.message = "This item is checked out to another patron: please see staff";
    return out;
  }
  if (it->state == ItemState::lost || it->state == ItemState::missing) {
    out.message = "This item is recorded as " + std::string(itemStateName(it->state)) + ": please see staff";
    return out;
  }
  auto& db = *m_impl->db;
  // The first hold in the queue gets the item: anyone else is refused, so a held copy cannot walk
  // out with the wrong patron; the holder's own checkout fulfils the hold.
  std::optional<std::int64_t> holdSeq, holdPlaced;
  std::string holdPickup;
  {
    auto h = query(
        db, "SELECT seq, patron, pickup, placed_at FROM holds WHERE item=? ORDER BY (state='queued'), seq LIMIT 1",
        itemId);
    if (next(h)) {
      if (h->text(1) != patronId) {
        out.message = "This item is on hold for another patron";
        return out;
      }
      holdSeq = h->int64(0);
      holdPickup = h->text(2);
      holdPlaced = h->int64(3);
    }
  }
  const std::int64_t now = toSeconds(this->now());
  const auto& rule = ruleFor(it->media);
  const std::int64_t due = endOfDayAfter(now, rule.loanDays);
  auto txn = m_impl->begin();
  if (!txn) return m_impl->dbError("checkout of " + itemId);
  bool done = run(
      db, "INSERT INTO loans (item,patron,out_at,due_at,hold_seq,hold_pickup,hold_placed_at) VALUES (?,?,?,?,?,?,?)",
      itemId, patronId, now, due, holdSeq, holdSeq ? holdPickup : std::string(), holdPlaced);
  done = done && run(db, "UPDATE items SET state='on_loan', destination='', location=? WHERE id=?", branch, itemId);
  if (holdSeq) done = done && run(db, "DELETE FROM holds WHERE seq=?", *holdSeq);
  logCirc(db, now, "checkout", itemId, patronId, branch);
  if (!done) return m_impl->dbError("checkout of " + itemId);
  if (auto st = m_impl->commit(*txn); !st) return st.error();
  out.ok = true;
  out.due = fromSeconds(due);
  return out;
}

Result<LoanOutcome> IlsStore::cancelCheckout(const std::string& patronId, const std::string& itemId) {
  LoanOutcome out;
  auto it = item(itemId);
  if (!it) {
    out.message = "Item not found";
    return out;
  }
  out.title = it->title;
  out.sipMediaType = it->sipMediaType;
  if (it->state != ItemState::onLoan || it->borrower != patronId) {
    out.message = "This item is not checked out to this patron: nothing to cancel";
    return out;
  }
  auto& db = *m_impl->db;
  const std::int64_t now = toSeconds(this->now());
  auto txn = m_impl->begin();
  if (!txn) return m_impl->dbError("cancelling checkout of " + itemId);
  bool done = true;
  std::string state = "available";
  {
    auto l = query(db, "SELECT hold_seq, hold_pickup, hold_placed_at FROM loans WHERE item=?", itemId);
    if (next(l) && !l->isNull(0)) {
      // Give the patron their hold back, at the front, as it was before the checkout.
      const std::int64_t expires = l->int64(2) + static_cast<std::int64_t>(m_data.holdExpiryDays) * kDay;
      done = run(db,
                 "INSERT INTO holds (seq,item,patron,pickup,placed_at,expires_at,state,shelf_until) VALUES "
                 "(?,?,?,?,?,?,'waiting',?)",
                 l->int64(0), itemId, patronId, l->text(1), l->int64(2), expires,
                 endOfDayAfter(now, m_data.holdShelfDays));
      state = "hold_shelf";
    }
  }
  done = done && run(db, "DELETE FROM loans WHERE item=?", itemId);
  done = done && run(db, "UPDATE items SET state=? WHERE id=?", state, itemId);
  logCirc(db, now, "cancel_checkout", itemId, patronId, "");
  if (!done) return m_impl->dbError("cancelling checkout of " + itemId);
  if (auto st = m_impl->commit(*txn); !st) return st.error();
  out.ok = true;
  return out;
}

Result<CheckinOutcome> IlsStore::checkin(const std::string& itemId, const std::string& branch,
                                         std::optional<TimePoint> returnedAt) {
  CheckinOutcome out;
  expireHolds();
  auto it = item(itemId);
  if (!it) {
    out.message = "Item not found: please hand it to staff";
    out.alert = true;
    return out;
  }
  out.title = it->title;
  out.owner = it->owner;
  out.sipMediaType = it->sipMediaType;
  out.magnetic = it->magnetic;
  out.previousBorrower = it->borrower;
  auto& db = *m_impl->db;
  const std::int64_t now = toSeconds(this->now());
  // The return date the kiosk gives is honoured (Koha and Evergreen backdate): an item returned
  // offline before its due date is not fined because the replay came late. Never in the future.
  const std::int64_t returned = returnedAt ? std::min(toSeconds(*returnedAt), now) : now;
  const bool trappedInTransit = it->state == ItemState::inTransit;
  if (it->state != ItemState::onLoan && !trappedInTransit) {
    out.message = "This item was not checked out";
    out.alert = true;
    return out;
  }
  auto txn = m_impl->begin();
  if (!txn) return m_impl->dbError("checkin of " + itemId);
  bool done = true;
  std::optional<std::int64_t> fineId;
  if (it->state == ItemState::onLoan) {
    auto l = query(db, "SELECT out_at, due_at, renewals FROM loans WHERE item=?", itemId);
    if (!next(l)) return fail(Errc::internal, "item " + itemId + " is on loan with no loan row");
    const std::int64_t outAt = l->int64(0), due = l->int64(1), renewals = l->int64(2);
    if (returned > due) {
      const std::int64_t days = (returned - due + kDay - 1) / kDay;
      out.fineCents = days * ruleFor(it->media).finePerDayCents;
      if (out.fineCents > 0) {
        done = done && run(db, "INSERT INTO fines (patron,cents,description,item,created_at) VALUES (?,?,?,?,?)",
                           it->borrower, out.fineCents, "Overdue: " + it->title, itemId, now);
        fineId = db.lastInsertRowid();
      }
    }
    done = done && run(db,
                       "UPDATE items SET last_patron=?, last_out_at=?, last_due_at=?, last_renewals=?, last_fine_id=?, "
                       "last_hold_seq=NULL, last_state='on_loan' WHERE id=?",
                       it->borrower, outAt, due, renewals, fineId, itemId);
    done = done && run(db, "DELETE FROM loans WHERE item=?", itemId);
  } else {
    done = done && run(db, "UPDATE items SET last_patron=NULL, last_state='in_transit' WHERE id=?", itemId);
  }
  // Holds first: the next patron in the queue gets this copy.
  std::string newState = "available", destination;
  {
    auto h =
        query(db, "SELECT seq, patron, pickup FROM holds WHERE item=? ORDER BY (state='queued'), seq LIMIT 1", itemId);
    if (next(h)) {
      const std::int64_t seq = h->int64(0);
      out.holdPatron = h->text(1);
      const std::string pickup = h->text(2);
      if (auto hp = patron(out.holdPatron)) out.holdPatronName = hp->name;
      out.alert = true;
      out.destination = pickup;
      if (pickup == branch) {
        out.alertType = "01";
        out.sortBin = "H";
        newState = "hold_shelf";
        done = done && run(db, "UPDATE holds SET state='waiting', shelf_until=? WHERE seq=?",
                           endOfDayAfter(now, m_data.holdShelfDays), seq);
        // No patron name here: the screen message is shown to whoever returned the item.
        out.message = "On hold: put on the hold shelf";
      } else {
        out.alertType = "02";
        out.sortBin = "T";
        newState = "in_transit";
        destination = pickup;
        done = done && run(db, "UPDATE holds SET state='transit' WHERE seq=?", seq);
        out.message = "Hold: send to " + pickup;
      }
      done = done && run(db, "UPDATE items SET last_hold_seq=? WHERE id=?", seq, itemId);
    } else if (it->owner != branch) {
      out.alert = true;
      out.alertType = "04";
      out.destination = it->owner;
      out.sortBin = "T";
      newState = "in_transit";
      destination = it->owner;
      out.message = "Send to " + it->owner;
    } else {
      out.sortBin = "A";
    }
  }
  done = done && run(db, "UPDATE items SET state=?, location=?, destination=? WHERE id=?", newState, branch,
                     destination, itemId);
  logCirc(db, now, "checkin", itemId, it->borrower, branch, std::to_string(returned));
  if (!done) return m_impl->dbError("checkin of " + itemId);
  if (auto st = m_impl->commit(*txn); !st) return st.error();
  out.ok = true;
  return out;
}

Result<CheckinOutcome> IlsStore::cancelCheckin(const std::string& itemId) {
  CheckinOutcome out;
  auto& db = *m_impl->db;
  auto q =
      query(db,
            "SELECT last_patron, last_out_at, last_due_at, last_renewals, last_fine_id, last_hold_seq, last_state, "
            "title, branch FROM items WHERE id=?",
            itemId);
  if (!next(q)) {
    out.message = "Item not found";
    return out;
  }
  out.title = q->text(7);
  out.owner = q->text(8);
  auto it = item(itemId);
  if (!it || q->isNull(6) || it->state == ItemState::onLoan) {
    out.message = "No checkin of this item to cancel";
    return out;
  }
  const std::int64_t now = toSeconds(this->now());
  auto txn = m_impl->begin();
  if (!txn) return m_impl->dbError("cancelling checkin of " + itemId);
  bool done = true;
  if (!q->isNull(5)) done = run(db, "UPDATE holds SET state='queued', shelf_until=NULL WHERE seq=?", q->int64(5));
  if (!q->isNull(4)) done = done && run(db, "DELETE FROM fines WHERE id=? AND paid_cents=0", q->int64(4));
  if (q->text(6) == "on_loan") {
    done = done && run(db, "INSERT INTO loans (item,patron,out_at,due_at,renewals) VALUES (?,?,?,?,?)", itemId,
                       q->text(0), q->int64(1), q->int64(2), q->int64(3));
    done = done && run(db, "UPDATE items SET state='on_loan', destination='' WHERE id=?", itemId);
    out.previousBorrower = q->text(0);
  } else {
    done = done && run(db, "UPDATE items SET state='in_transit' WHERE id=?", itemId);
  }
  done = done && run(db, "UPDATE items SET last_state=NULL WHERE id=?", itemId);
  logCirc(db, now, "cancel_checkin", itemId, out.previousBorrower, "");
  if (!done) return m_impl->dbError("cancelling checkin of " + itemId);
  if (auto st = m_impl->commit(*txn); !st) return st.error();
  out.ok = true;
  return out;
}

Result<LoanOutcome> IlsStore::renew(const std::string& patronId, const std::string& itemId) {
  LoanOutcome out;
  auto p = patron(patronId);
  if (!p) {
    out.message = "Patron not found: please see staff";
    return out;
  }
  auto it = item(itemId);
  if (!it) {
    out.message = "Item not found";
    return out;
  }
  out.title = it->title;
  out.sipMediaType = it->sipMediaType;
  out.magnetic = it->magnetic;
  out.due = it->due;
  if (it->state != ItemState::onLoan || it->borrower != patronId) {
    out.message = "This item is not checked out to you";
    return out;
  }
  if (p->statusFlags[1] == 'Y') {
    out.message = p->chargeDenied.empty() ? "Renewals are blocked: please see staff" : p->chargeDenied;
    return out;
  }
  const auto& rule = ruleFor(it->media);
  if (it->holdQueue > 0) {
    out.message = "Cannot renew: another patron has placed a hold on this item";
    return out;
  }
  if (it->renewals >= rule.maxRenewals) {
    out.message = "Cannot renew: renewal limit (" + std::to_string(rule.maxRenewals) + ") reached";
    return out;
  }
  const std::int64_t now = toSeconds(this->now());
  // A new loan period from the later of today and the old due date: renewing early loses nothing.
  const std::int64_t due = endOfDayAfter(std::max(now, toSeconds(*it->due)), rule.loanDays);
  auto& db = *m_impl->db;
  auto txn = m_impl->begin();
  if (!txn) return m_impl->dbError("renewal of " + itemId);
  bool done = run(db, "UPDATE loans SET due_at=?, renewals=renewals+1 WHERE item=?", due, itemId);
  logCirc(db, now, "renew", itemId, patronId, "");
  if (!done) return m_impl->dbError("renewal of " + itemId);
  if (auto st = m_impl->commit(*txn); !st) return st.error();
  out.ok = true;
  out.renewal = true;
  out.due = fromSeconds(due);
  return out;
}

Result<HoldOutcome> IlsStore::placeHold(const std::string& patronId, const std::string& itemId, const std::string& pickup) {
  HoldOutcome out;
  expireHolds();
  out.pickup = pickup;
  auto p = patron(patronId);
  if (!p) {
    out.message = "Patron not found";
    return out;
  }
  if (out.pickup.empty()) out.pickup = p->homeBranch;
  auto it = item(itemId);
  if (!it) {
    out.message = "Item not found";
    return out;
  }
  out.title = it->title;
  if (p->statusFlags[3] == 'Y') {
    out.message = p->chargeDenied.empty() ? "Holds are blocked: please see staff" : p->chargeDenied;
    return out;
  }
  if (!branchExists(out.pickup)) {
    out.message = "Unknown pickup branch '" + out.pickup + "'";
    return out;
  }
  if (!it->loanable) {
    out.message = "This item is for use in the library only and cannot be held";
    return out;
  }
  if (it->borrower == patronId) {
    out.message = "You already have this item on loan";
    return out;
  }
  if (p->holds >= m_data.maxHolds) {
    out.message = "Hold limit of " + std::to_string(m_data.maxHolds) + " reached";
    return out;
  }
  auto& db = *m_impl->db;
  {
    auto d = query(db, "SELECT 1 FROM holds WHERE item=? AND patron=?", itemId, patronId);
    if (next(d)) {
      out.message = "You already have a hold on this item";
      return out;
    }
  }
  const std::int64_t now = toSeconds(this->now());
  const std::int64_t expires = endOfDayAfter(now, m_data.holdExpiryDays);
  auto txn = m_impl->begin();
  if (!txn) return m_impl->dbError("hold on " + itemId);
  bool done = run(db, "INSERT INTO holds (item,patron,pickup,placed_at,expires_at,state) VALUES (?,?,?,?,?,'queued')",
                  itemId, patronId, out.pickup, now, expires);
  logCirc(db, now, "hold", itemId, patronId, out.pickup);
  if (!done) return m_impl->dbError("hold on " + itemId);
  if (auto st = m_impl->commit(*txn); !st) return st.error();
  out.ok = true;
  out.queuePosition = it->holdQueue + 1;
  out.available = it->state == ItemState::available;
  out.expires = fromSeconds(expires);
  return out;
}

Result<HoldOutcome> IlsStore::cancelHold(const std::string& patronId, const std::string& itemId) {
  HoldOutcome out;
  auto it = item(itemId);
  if (!it) {
    out.message = "Item not found";
    return out;
  }
  out.title = it->title;
  auto& db = *m_impl->db;
  auto h = query(db, "SELECT seq, state, pickup FROM holds WHERE item=? AND patron=?", itemId, patronId);
  if (!next(h)) {
    out.message = "You have no hold on this item";
    return out;
  }
  out.pickup = h->text(2);
  const std::int64_t now = toSeconds(this->now());
  auto txn = m_impl->begin();
  if (!txn) return m_impl->dbError("cancelling hold on " + itemId);
  bool done = run(db, "DELETE FROM holds WHERE seq=?", h->int64(0));
  // A copy that was waiting for this patron goes back to the shelf (the next holder gets it at
  // its next checkin, when staff pick it from the hold shelf).
  if (h->text(1) != "queued" && it->state != ItemState::onLoan)
    done = done && run(db, "UPDATE items SET state='available', destination='' WHERE id=?", itemId);
  logCirc(db, now, "hold_cancel", itemId, patronId, "");
  if (!done) return m_impl->dbError("cancelling hold on " + itemId);
  if (auto st = m_impl->commit(*txn); !st) return st.error();
  out.ok = true;
  return out;
}

Result<HoldOutcome> IlsStore::changeHold(const std::string& patronId, const std::string& itemId, const std::string& pickup) {
  HoldOutcome out;
  out.pickup = pickup;
  if (!branchExists(pickup)) {
    out.message = "Unknown pickup branch '" + pickup + "'";
    return out;
  }
  auto& db = *m_impl->db;
  auto h = query(db, "SELECT seq FROM holds WHERE item=? AND patron=? AND state='queued'", itemId, patronId);
  if (!next(h)) {
    out.message = "You have no hold on this item that can still be changed";
    return out;
  }
  if (!run(db, "UPDATE holds SET pickup=? WHERE seq=?", pickup, h->int64(0)))
    return m_impl->dbError("changing hold on " + itemId);
  auto pos = query(db, "SELECT count(*) FROM holds WHERE item=? AND seq<=?", itemId, h->int64(0));
  if (next(pos)) out.queuePosition = static_cast<int>(pos->int64(0));
  if (auto it = item(itemId)) out.title = it->title;
  out.ok = true;
  return out;
}

Result<PaymentOutcome> IlsStore::pay(const std::string& patronId, std::int64_t cents, const std::string& currency,
                                     const std::string& fineId, const std::string& transactionId) {
  PaymentOutcome out;
  auto p = patron(patronId);
  if (!p) {
    out.message = "Patron not found";
    return out;
  }
  out.balanceCents = p->finesCents;
  auto& db = *m_impl->db;
  out.transactionId = transactionId;
  if (!transactionId.empty()) {
    // The same transaction id twice is one payment (a resent 37 must not charge twice).
    auto d = query(db, "SELECT cents FROM payments WHERE txn=?", transactionId);
    if (next(d)) {
      out.accepted = true;
      out.message = "Payment already recorded";
      return out;
    }
  }
  if (!currency.empty() && currency != m_data.currency) {
    out.message = "This library takes payments in " + m_data.currency;
    return out;
  }
  if (cents <= 0) {
    out.message = "The amount must be more than zero";
    return out;
  }
  if (cents > p->finesCents) {
    out.message = "The amount is more than the " + money(p->finesCents) + " " + m_data.currency + " owed";
    return out;
  }
  const std::int64_t now = toSeconds(this->now());
  if (out.transactionId.empty()) out.transactionId = fmt::format("LASIS-{}-{}", now, m_impl->rng() % 100000);
  auto txn = m_impl->begin();
  if (!txn) return m_impl->dbError("payment");
  bool done = true;
  std::int64_t left = cents;
  {
    std::int64_t wanted = -1;
    // A fine id that is not a whole number matches no fine (-1): the payment goes to the oldest.
    if (auto id = parseInteger(fineId, 0, std::numeric_limits<std::int64_t>::max(), "fine id"); id) wanted = *id;
    auto f =
        query(db, "SELECT id, cents-paid_cents FROM fines WHERE patron=? AND cents>paid_cents ORDER BY (id<>?), id",
              patronId, wanted);
    std::vector<std::pair<std::int64_t, std::int64_t>> rows;
    while (next(f)) rows.emplace_back(f->int64(0), f->int64(1));
    for (auto [id, owed] : rows) {
      if (left <= 0) break;
      const std::int64_t part = std::min(left, owed);
      done = done && run(db, "UPDATE fines SET paid_cents=paid_cents+? WHERE id=?", part, id);
      left -= part;
    }
  }
  done = done && run(db, "INSERT INTO payments VALUES (?,?,?,?)", out.transactionId, patronId, cents, now);
  logCirc(db, now, "payment", "", patronId, "", money(cents));
  if (!done) return m_impl->dbError("payment");
  if (auto st = m_impl->commit(*txn); !st) return st.error();
  out.accepted = true;
  out.balanceCents = p->finesCents - cents;
  out.message = "Thank you: " + money(cents) + " " + m_data.currency + " paid";
  return out;
}

Status IlsStore::blockPatron(const std::string& patronId, const std::string& reason) {
  if (!patron(patronId)) return fail(Errc::notFound, "no patron '" + patronId + "'");
  if (!run(*m_impl->db, "UPDATE patrons SET blocked=? WHERE id=?",
           reason.empty() ? std::string("Card blocked: please see staff") : reason, patronId))
    return m_impl->dbError("blocking a patron");
  logCirc(*m_impl->db, toSeconds(now()), "block", "", patronId, "");
  return {};
}

std::vector<ListLine> IlsStore::loansOf(const std::string& patronId, bool overdueOnly) {
  std::vector<ListLine> out;
  auto q = query(*m_impl->db,
                 "SELECT l.item, i.title, l.due_at FROM loans l JOIN items i ON i.id=l.item "
                 "WHERE l.patron=? AND l.due_at < ? ORDER BY l.due_at, l.item",
                 patronId, overdueOnly ? toSeconds(now()) : std::numeric_limits<std::int64_t>::max());
  while (next(q)) out.push_back({q->text(0), q->text(1), fromSeconds(q->int64(2)), 0});
  return out;
}

std::vector<ListLine> IlsStore::holdsOf(const std::string& patronId, bool waitingOnly) {
  std::vector<ListLine> out;
  auto q = query(*m_impl->db,
                 waitingOnly ? "SELECT h.item, i.title FROM holds h JOIN items i ON i.id=h.item "
                               "WHERE h.patron=? AND h.state='waiting' ORDER BY h.seq"
                             : "SELECT h.item, i.title FROM holds h JOIN items i ON i.id=h.item "
                               "WHERE h.patron=? ORDER BY h.seq",
                 patronId);
  while (next(q)) out.push_back({q->text(0), q->text(1), std::nullopt, 0});
  return out;
}

std::vector<ListLine> IlsStore::finesOf(const std::string& patronId) {
  std::vector<ListLine> out;
  auto q = query(*m_impl->db,
                 "SELECT id, description, cents-paid_cents FROM fines WHERE patron=? AND cents>paid_cents ORDER BY id",
                 patronId);
  while (next(q)) out.push_back({q->text(0), q->text(1), std::nullopt, q->int64(2)});
  return out;
}

json IlsStore::allLoans(const std::string& patronFilter) {
  json arr = json::array();
  auto q = query(*m_impl->db,
                 "SELECT item, patron, out_at, due_at, renewals FROM loans WHERE (?='' OR patron=?) ORDER BY item",
                 patronFilter, patronFilter);
  while (next(q)) {
    arr.push_back({{"item", q->text(0)},
                   {"patron", q->text(1)},
                   {"checked_out", q->int64(2)},
                   {"due", q->int64(3)},
                   {"renewals", q->int64(4)}});
  }
  return arr;
}

json IlsStore::checkoutCounts(const std::string& itemFilter) {
  json obj = json::object();
  auto q = query(*m_impl->db,
                 "SELECT item, sum(kind='checkout'), sum(kind='cancel_checkout') FROM circ_log "
                 "WHERE kind IN ('checkout','cancel_checkout') AND (?='' OR item=?) GROUP BY item ORDER BY item",
                 itemFilter, itemFilter);
  json cancels = json::object();
  while (next(q)) {
    obj[q->text(0)] = q->int64(1);
    if (q->int64(2) > 0) cancels[q->text(0)] = q->int64(2);
  }
  return {{"checkouts", obj}, {"cancelled", cancels}};
}

json IlsStore::counts() {
  json c;
  for (const char* t : {"patrons", "items", "loans", "holds", "payments"}) {
    auto q = query(*m_impl->db, fmt::format("SELECT count(*) FROM {}", t).c_str());
    c[t] = next(q) ? q->int64(0) : 0;
  }
  auto f = query(*m_impl->db, "SELECT coalesce(sum(cents-paid_cents),0) FROM fines");
  c["fines_owed"] = next(f) ? money(f->int64(0)) : "0.00";
  auto k = query(*m_impl->db, "SELECT kind, count(*) FROM circ_log GROUP BY kind");
  json kinds = json::object();
  while (next(k)) kinds[k->text(0)] = k->int64(1);
  c["transactions"] = kinds;
  return c;
}

json IlsStore::itemJson(const std::string& id) {
  auto it = item(id);
  if (!it) return {{"ok", false}, {"error", it.error().message()}};
  json holds = json::array();
  auto h =
      query(*m_impl->db, "SELECT patron, pickup, state FROM holds WHERE item=? ORDER BY (state='queued'), seq", id);
  while (next(h)) holds.push_back({{"patron", h->text(0)}, {"pickup", h->text(1)}, {"state", h->text(2)}});
  json j = {{"ok", true},       {"item", id},           {"title", it->title},     {"author", it->author},
            {"owner", it->owner}, {"media", it->media}, {"loanable", it->loanable}, {"parts", it->parts},
            {"status", itemStateName(it->state)}, {"circulation_status", sipCirculationStatus(it->state)},
            {"location", it->location}, {"destination", it->destination}, {"holds", holds},
            {"borrower", it->borrower}, {"renewals", it->renewals}};
  if (it->due) j["due"] = toSeconds(*it->due);
  return j;
}

json IlsStore::patronJson(const std::string& id) {
  auto p = patron(id);
  if (!p) return {{"ok", false}, {"error", p.error().message()}};
  json fines = json::array();
  for (const auto& f : finesOf(id)) fines.push_back({{"id", f.itemId}, {"description", f.title}, {"amount", money(f.cents)}});
  json holds = json::array();
  auto h = query(*m_impl->db, "SELECT item, pickup, state FROM holds WHERE patron=? ORDER BY seq", id);
  while (next(h)) holds.push_back({{"item", h->text(0)}, {"pickup", h->text(1)}, {"state", h->text(2)}});
  return {{"ok", true},          {"patron", id},
          {"name", p->name},     {"home_branch", p->homeBranch},
          {"blocked", p->blockReason}, {"card_lost", p->cardLost},
          {"status_flags", p->statusFlags}, {"charge_denied", p->chargeDenied},
          {"loans", allLoans(id)}, {"holds", holds},
          {"fines", fines},      {"fines_owed", money(p->finesCents)}};
}

json IlsStore::history(int limit) {
  json arr = json::array();
  auto q =
      query(*m_impl->db, "SELECT seq, at, kind, item, patron, branch FROM circ_log ORDER BY seq DESC LIMIT ?", limit);
  while (next(q)) {
    arr.push_back({{"seq", q->int64(0)},
                   {"at", q->int64(1)},
                   {"kind", q->text(2)},
                   {"item", q->text(3)},
                   {"patron", q->text(4)},
                   {"branch", q->text(5)}});
  }
  return arr;
}

} // namespace lasis::sim::ils
