#include "simulator/ils/ilsstore.h"

#include "simulator/common/controlargs.h"

#include <openssl/evp.h>
#include <sqlite3.h>

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

/// One prepared statement; binds by position, steps, reads columns. Errors become lasis errors.
class Stmt {
public:
  Stmt(sqlite3* db, const char* sql) : m_db(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK) m_stmt = nullptr;
  }
  ~Stmt() { sqlite3_finalize(m_stmt); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  template <class... A>
  Stmt& bind(const A&... args) {
    int i = 1;
    (bindOne(i++, args), ...);
    return *this;
  }
  /// True while a row is available.
  bool step() {
    if (!m_stmt) return false;
    m_rc = sqlite3_step(m_stmt);
    return m_rc == SQLITE_ROW;
  }
  /// Runs a statement that returns no rows; false on failure.
  bool run() {
    step();
    return m_stmt && (m_rc == SQLITE_DONE || m_rc == SQLITE_ROW);
  }
  std::string text(int c) const {
    auto p = sqlite3_column_text(m_stmt, c);
    return p ? reinterpret_cast<const char*>(p) : "";
  }
  std::int64_t integer(int c) const { return sqlite3_column_int64(m_stmt, c); }
  bool isNull(int c) const { return sqlite3_column_type(m_stmt, c) == SQLITE_NULL; }
  std::string error() const { return sqlite3_errmsg(m_db); }

private:
  void bindOne(int i, const std::string& s) { sqlite3_bind_text(m_stmt, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT); }
  void bindOne(int i, const char* s) { sqlite3_bind_text(m_stmt, i, s, -1, SQLITE_TRANSIENT); }
  void bindOne(int i, std::int64_t v) { sqlite3_bind_int64(m_stmt, i, v); }
  void bindOne(int i, int v) { sqlite3_bind_int64(m_stmt, i, v); }
  void bindOne(int i, std::nullptr_t) { sqlite3_bind_null(m_stmt, i); }
  void bindOne(int i, const std::optional<std::int64_t>& v) {
    if (v) bindOne(i, *v); else bindOne(i, nullptr);
  }
  sqlite3* m_db;
  sqlite3_stmt* m_stmt = nullptr;
  int m_rc = SQLITE_OK;
};

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
  sqlite3* db = nullptr;
  std::mt19937_64 rng{std::random_device{}()};
  ~Impl() { sqlite3_close(db); }

  bool exec(const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }
  Error dbError(const std::string& what) const {
    return Error(Errc::io, "ILS database: " + what + ": " + sqlite3_errmsg(db));
  }
};

/// Holds one SQLite transaction open; rolls back unless committed (an error mid-way changes nothing).
class Txn {
public:
  explicit Txn(sqlite3* db) : m_db(db) { m_ok = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK; }
  ~Txn() {
    if (m_ok && !m_done) sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  bool begun() const { return m_ok; }
  Status commit() {
    m_done = true;
    if (sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
      return fail(Errc::io, std::string("ILS database: commit failed: ") + sqlite3_errmsg(m_db));
    }
    return {};
  }

private:
  sqlite3* m_db;
  bool m_ok = false;
  bool m_done = false;
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
  if (sqlite3_open_v2(path.c_str(), &im.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    return fail(Errc::io, "ILS database: cannot open " + path.string() + ": " +
                              (im.db ? sqlite3_errmsg(im.db) : "out of memory"));
  }
  sqlite3_busy_timeout(im.db, 2000);
  // WAL + FULL: a loan the ILS confirmed survives a killed simulator or a power cut.
  if (!im.exec("PRAGMA journal_mode=WAL") || !im.exec("PRAGMA synchronous=FULL") || !im.exec(kSchema))
    return im.dbError("cannot create the schema in " + path.string());
  bool seeded = false;
  {
    Stmt q(im.db, "SELECT value FROM meta WHERE key='seeded'");
    seeded = q.step();
  }
  if (seeded) return s;

  const std::int64_t now = toSeconds(s->now());
  Txn txn(im.db);
  if (!txn.begun()) return im.dbError("cannot seed " + path.string());
  const auto& d = s->m_data;
  for (const auto& p : d.patrons) {
    std::uniform_int_distribution<std::uint64_t> dist;
    const std::string salt = fmt::format("{:016x}", dist(im.rng));
    Stmt(im.db, "INSERT INTO patrons VALUES (?,?,?,?,?,?,?,?,?,?)")
        .bind(p.id, salt, pinHash(salt, p.pin), p.name, p.branch, p.language, p.email, p.blocked, p.cardLost ? 1 : 0,
              p.maxLoans)
        .run();
  }
  for (const auto& it : d.items) {
    Stmt(im.db, "INSERT INTO items (id,title,author,branch,media,language,loanable,parts,state,location) "
                "VALUES (?,?,?,?,?,?,?,?,?,?)")
        .bind(it.id, it.title, it.author, it.branch, it.media, it.language, it.loanable ? 1 : 0, it.parts, it.status,
              it.branch)
        .run();
  }
  for (const auto& f : d.fines) {
    Stmt(im.db, "INSERT INTO fines (patron,cents,description,created_at) VALUES (?,?,?,?)")
        .bind(f.patron, f.cents, f.description, now)
        .run();
  }
  for (const auto& l : d.loans) {
    const auto& rule = s->ruleFor(std::find_if(d.items.begin(), d.items.end(), [&](auto& i) { return i.id == l.item; })->media);
    const std::int64_t due = endOfDayAfter(now, l.dueDays);
    Stmt(im.db, "INSERT INTO loans (item,patron,out_at,due_at) VALUES (?,?,?,?)")
        .bind(l.item, l.patron, due - static_cast<std::int64_t>(rule.loanDays) * kDay, due)
        .run();
    Stmt(im.db, "UPDATE items SET state='on_loan' WHERE id=?").bind(l.item).run();
  }
  for (const auto& h : d.holds) {
    const std::int64_t expires = now + static_cast<std::int64_t>(d.holdExpiryDays) * kDay;
    Stmt(im.db, "INSERT INTO holds (item,patron,pickup,placed_at,expires_at,state,shelf_until) VALUES (?,?,?,?,?,?,?)")
        .bind(h.item, h.patron, h.pickup, now, expires, h.waiting ? "waiting" : "queued",
              h.waiting ? std::optional<std::int64_t>(endOfDayAfter(now, d.holdShelfDays)) : std::nullopt)
        .run();
    if (h.waiting) Stmt(im.db, "UPDATE items SET state='hold_shelf', location=? WHERE id=?").bind(h.pickup, h.item).run();
  }
  if (!Stmt(im.db, "INSERT INTO meta VALUES ('seeded', ?)").bind(std::to_string(now)).run())
    return im.dbError("cannot seed " + path.string());
  if (auto st = txn.commit(); !st) return st.error();
  return s;
}

Result<PatronView> IlsStore::patron(const std::string& id) {
  auto* db = m_impl->db;
  Stmt q(db, "SELECT name,branch,language,email,blocked,card_lost,max_loans FROM patrons WHERE id=?");
  q.bind(id);
  if (!q.step()) return fail(Errc::notFound, "no patron '" + id + "'");
  PatronView p;
  p.id = id;
  p.name = q.text(0);
  p.homeBranch = q.text(1);
  p.language = q.text(2);
  p.email = q.text(3);
  p.blockReason = q.text(4);
  p.cardLost = q.integer(5) != 0;
  p.maxLoans = q.integer(6) > 0 ? static_cast<int>(q.integer(6)) : m_data.maxLoans;
  const std::int64_t now = toSeconds(this->now());
  {
    Stmt c(db, "SELECT count(*), coalesce(sum(due_at < ?),0) FROM loans WHERE patron=?");
    c.bind(now, id);
    if (c.step()) {
      p.loans = static_cast<int>(c.integer(0));
      p.overdue = static_cast<int>(c.integer(1));
    }
  }
  {
    Stmt c(db, "SELECT count(*), coalesce(sum(state='waiting'),0) FROM holds WHERE patron=?");
    c.bind(id);
    if (c.step()) {
      p.holds = static_cast<int>(c.integer(0));
      p.holdsWaiting = static_cast<int>(c.integer(1));
    }
  }
  {
    Stmt c(db, "SELECT coalesce(sum(cents-paid_cents),0), count(*) FROM fines WHERE patron=? AND cents>paid_cents");
    c.bind(id);
    if (c.step()) {
      p.finesCents = c.integer(0);
      p.fineCount = static_cast<int>(c.integer(1));
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
  Stmt q(m_impl->db, "SELECT salt, pin_hash FROM patrons WHERE id=?");
  q.bind(patronId);
  if (!q.step()) return false;
  return pinHash(q.text(0), pin) == q.text(1);
}

void IlsStore::expireHolds() {
  auto* db = m_impl->db;
  const std::int64_t now = toSeconds(this->now());
  Stmt(db, "UPDATE items SET state='available' WHERE state='hold_shelf' AND id IN "
           "(SELECT item FROM holds WHERE state='waiting' AND shelf_until < ?)")
      .bind(now)
      .run();
  Stmt(db, "DELETE FROM holds WHERE (state='waiting' AND shelf_until < ?) OR (state='queued' AND expires_at < ?)")
      .bind(now, now)
      .run();
}

Result<ItemView> IlsStore::item(const std::string& id) {
  auto* db = m_impl->db;
  Stmt q(db, "SELECT title,author,branch,media,language,loanable,parts,state,location,destination FROM items WHERE id=?");
  q.bind(id);
  if (!q.step()) return fail(Errc::notFound, "no item '" + id + "'");
  ItemView it;
  it.id = id;
  it.title = q.text(0);
  it.author = q.text(1);
  it.owner = q.text(2);
  it.media = q.text(3);
  it.language = q.text(4);
  it.loanable = q.integer(5) != 0;
  it.parts = static_cast<int>(q.integer(6));
  it.state = stateFromName(q.text(7));
  it.location = q.text(8);
  it.destination = q.text(9);
  const auto& rule = ruleFor(it.media);
  it.sipMediaType = rule.sipMediaType;
  it.magnetic = rule.magnetic;
  Stmt l(db, "SELECT patron, due_at, renewals FROM loans WHERE item=?");
  l.bind(id);
  if (l.step()) {
    it.borrower = l.text(0);
    it.due = fromSeconds(l.integer(1));
    it.renewals = static_cast<int>(l.integer(2));
  }
  Stmt h(db, "SELECT count(*) FROM holds WHERE item=?");
  h.bind(id);
  if (h.step()) it.holdQueue = static_cast<int>(h.integer(0));
  Stmt t(db, "SELECT patron FROM holds WHERE item=? AND state IN ('waiting','transit') ORDER BY seq LIMIT 1");
  t.bind(id);
  if (t.step()) it.holdPatron = t.text(0);
  return it;
}

namespace {
void logCirc(sqlite3* db, std::int64_t at, const char* kind, const std::string& item, const std::string& patron,
             const std::string& branch, const std::string& detail = "") {
  Stmt(db, "INSERT INTO circ_log (at,kind,item,patron,branch,detail) VALUES (?,?,?,?,?,?)")
      .bind(at, kind, item, patron, branch, detail)
      .run();
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
  auto* db = m_impl->db;
  // The first hold in the queue gets the item: anyone else is refused, so a held copy cannot walk
  // out with the wrong patron; the holder's own checkout fulfils the hold.
  std::optional<std::int64_t> holdSeq, holdPlaced;
  std::string holdPickup;
  {
    Stmt h(db, "SELECT seq, patron, pickup, placed_at FROM holds WHERE item=? ORDER BY (state='queued'), seq LIMIT 1");
    h.bind(itemId);
    if (h.step()) {
      if (h.text(1) != patronId) {
        out.message = "This item is on hold for another patron";
        return out;
      }
      holdSeq = h.integer(0);
      holdPickup = h.text(2);
      holdPlaced = h.integer(3);
    }
  }
  const std::int64_t now = toSeconds(this->now());
  const auto& rule = ruleFor(it->media);
  const std::int64_t due = endOfDayAfter(now, rule.loanDays);
  Txn txn(db);
  if (!txn.begun()) return m_impl->dbError("checkout of " + itemId);
  bool done = Stmt(db, "INSERT INTO loans (item,patron,out_at,due_at,hold_seq,hold_pickup,hold_placed_at) VALUES (?,?,?,?,?,?,?)")
                  .bind(itemId, patronId, now, due, holdSeq,
                        holdSeq ? holdPickup : std::string(), holdPlaced)
                  .run();
  done = done && Stmt(db, "UPDATE items SET state='on_loan', destination='', location=? WHERE id=?").bind(branch, itemId).run();
  if (holdSeq) done = done && Stmt(db, "DELETE FROM holds WHERE seq=?").bind(*holdSeq).run();
  logCirc(db, now, "checkout", itemId, patronId, branch);
  if (!done) return m_impl->dbError("checkout of " + itemId);
  if (auto st = txn.commit(); !st) return st.error();
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
  auto* db = m_impl->db;
  const std::int64_t now = toSeconds(this->now());
  Txn txn(db);
  if (!txn.begun()) return m_impl->dbError("cancelling checkout of " + itemId);
  bool done = true;
  std::string state = "available";
  {
    Stmt l(db, "SELECT hold_seq, hold_pickup, hold_placed_at FROM loans WHERE item=?");
    l.bind(itemId);
    if (l.step() && !l.isNull(0)) {
      // Give the patron their hold back, at the front, as it was before the checkout.
      const std::int64_t expires = l.integer(2) + static_cast<std::int64_t>(m_data.holdExpiryDays) * kDay;
      done = Stmt(db, "INSERT INTO holds (seq,item,patron,pickup,placed_at,expires_at,state,shelf_until) VALUES (?,?,?,?,?,?,'waiting',?)")
                 .bind(l.integer(0), itemId, patronId, l.text(1), l.integer(2), expires,
                       endOfDayAfter(now, m_data.holdShelfDays))
                 .run();
      state = "hold_shelf";
    }
  }
  done = done && Stmt(db, "DELETE FROM loans WHERE item=?").bind(itemId).run();
  done = done && Stmt(db, "UPDATE items SET state=? WHERE id=?").bind(state, itemId).run();
  logCirc(db, now, "cancel_checkout", itemId, patronId, "");
  if (!done) return m_impl->dbError("cancelling checkout of " + itemId);
  if (auto st = txn.commit(); !st) return st.error();
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
  auto* db = m_impl->db;
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
  Txn txn(db);
  if (!txn.begun()) return m_impl->dbError("checkin of " + itemId);
  bool done = true;
  std::optional<std::int64_t> fineId;
  if (it->state == ItemState::onLoan) {
    Stmt l(db, "SELECT out_at, due_at, renewals FROM loans WHERE item=?");
    l.bind(itemId);
    if (!l.step()) return fail(Errc::internal, "item " + itemId + " is on loan with no loan row");
    const std::int64_t outAt = l.integer(0), due = l.integer(1), renewals = l.integer(2);
    if (returned > due) {
      const std::int64_t days = (returned - due + kDay - 1) / kDay;
      out.fineCents = days * ruleFor(it->media).finePerDayCents;
      if (out.fineCents > 0) {
        done = done && Stmt(db, "INSERT INTO fines (patron,cents,description,item,created_at) VALUES (?,?,?,?,?)")
                           .bind(it->borrower, out.fineCents, "Overdue: " + it->title, itemId, now)
                           .run();
        fineId = sqlite3_last_insert_rowid(db);
      }
    }
    done = done && Stmt(db, "UPDATE items SET last_patron=?, last_out_at=?, last_due_at=?, last_renewals=?, last_fine_id=?, "
                            "last_hold_seq=NULL, last_state='on_loan' WHERE id=?")
                       .bind(it->borrower, outAt, due, renewals, fineId, itemId)
                       .run();
    done = done && Stmt(db, "DELETE FROM loans WHERE item=?").bind(itemId).run();
  } else {
    done = done && Stmt(db, "UPDATE items SET last_patron=NULL, last_state='in_transit' WHERE id=?").bind(itemId).run();
  }
  // Holds first: the next patron in the queue gets this copy.
  std::string newState = "available", destination;
  {
    Stmt h(db, "SELECT seq, patron, pickup FROM holds WHERE item=? ORDER BY (state='queued'), seq LIMIT 1");
    h.bind(itemId);
    if (h.step()) {
      const std::int64_t seq = h.integer(0);
      out.holdPatron = h.text(1);
      const std::string pickup = h.text(2);
      if (auto hp = patron(out.holdPatron)) out.holdPatronName = hp->name;
      out.alert = true;
      out.destination = pickup;
      if (pickup == branch) {
        out.alertType = "01";
        out.sortBin = "H";
        newState = "hold_shelf";
        done = done && Stmt(db, "UPDATE holds SET state='waiting', shelf_until=? WHERE seq=?")
                           .bind(endOfDayAfter(now, m_data.holdShelfDays), seq)
                           .run();
        // No patron name here: the screen message is shown to whoever returned the item.
        out.message = "On hold: put on the hold shelf";
      } else {
        out.alertType = "02";
        out.sortBin = "T";
        newState = "in_transit";
        destination = pickup;
        done = done && Stmt(db, "UPDATE holds SET state='transit' WHERE seq=?").bind(seq).run();
        out.message = "Hold: send to " + pickup;
      }
      done = done && Stmt(db, "UPDATE items SET last_hold_seq=? WHERE id=?").bind(seq, itemId).run();
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
  done = done && Stmt(db, "UPDATE items SET state=?, location=?, destination=? WHERE id=?")
                     .bind(newState, branch, destination, itemId)
                     .run();
  logCirc(db, now, "checkin", itemId, it->borrower, branch, std::to_string(returned));
  if (!done) return m_impl->dbError("checkin of " + itemId);
  if (auto st = txn.commit(); !st) return st.error();
  out.ok = true;
  return out;
}

Result<CheckinOutcome> IlsStore::cancelCheckin(const std::string& itemId) {
  CheckinOutcome out;
  auto* db = m_impl->db;
  Stmt q(db, "SELECT last_patron, last_out_at, last_due_at, last_renewals, last_fine_id, last_hold_seq, last_state, "
             "title, branch FROM items WHERE id=?");
  q.bind(itemId);
  if (!q.step()) {
    out.message = "Item not found";
    return out;
  }
  out.title = q.text(7);
  out.owner = q.text(8);
  auto it = item(itemId);
  if (!it || q.isNull(6) || it->state == ItemState::onLoan) {
    out.message = "No checkin of this item to cancel";
    return out;
  }
  const std::int64_t now = toSeconds(this->now());
  Txn txn(db);
  if (!txn.begun()) return m_impl->dbError("cancelling checkin of " + itemId);
  bool done = true;
  if (!q.isNull(5)) done = Stmt(db, "UPDATE holds SET state='queued', shelf_until=NULL WHERE seq=?").bind(q.integer(5)).run();
  if (!q.isNull(4)) done = done && Stmt(db, "DELETE FROM fines WHERE id=? AND paid_cents=0").bind(q.integer(4)).run();
  if (q.text(6) == "on_loan") {
    done = done && Stmt(db, "INSERT INTO loans (item,patron,out_at,due_at,renewals) VALUES (?,?,?,?,?)")
                       .bind(itemId, q.text(0), q.integer(1), q.integer(2), q.integer(3))
                       .run();
    done = done && Stmt(db, "UPDATE items SET state='on_loan', destination='' WHERE id=?").bind(itemId).run();
    out.previousBorrower = q.text(0);
  } else {
    done = done && Stmt(db, "UPDATE items SET state='in_transit' WHERE id=?").bind(itemId).run();
  }
  done = done && Stmt(db, "UPDATE items SET last_state=NULL WHERE id=?").bind(itemId).run();
  logCirc(db, now, "cancel_checkin", itemId, out.previousBorrower, "");
  if (!done) return m_impl->dbError("cancelling checkin of " + itemId);
  if (auto st = txn.commit(); !st) return st.error();
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
  auto* db = m_impl->db;
  Txn txn(db);
  if (!txn.begun()) return m_impl->dbError("renewal of " + itemId);
  bool done = Stmt(db, "UPDATE loans SET due_at=?, renewals=renewals+1 WHERE item=?").bind(due, itemId).run();
  logCirc(db, now, "renew", itemId, patronId, "");
  if (!done) return m_impl->dbError("renewal of " + itemId);
  if (auto st = txn.commit(); !st) return st.error();
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
  auto* db = m_impl->db;
  {
    Stmt d(db, "SELECT 1 FROM holds WHERE item=? AND patron=?");
    d.bind(itemId, patronId);
    if (d.step()) {
      out.message = "You already have a hold on this item";
      return out;
    }
  }
  const std::int64_t now = toSeconds(this->now());
  const std::int64_t expires = endOfDayAfter(now, m_data.holdExpiryDays);
  Txn txn(db);
  if (!txn.begun()) return m_impl->dbError("hold on " + itemId);
  bool done = Stmt(db, "INSERT INTO holds (item,patron,pickup,placed_at,expires_at,state) VALUES (?,?,?,?,?,'queued')")
                  .bind(itemId, patronId, out.pickup, now, expires)
                  .run();
  logCirc(db, now, "hold", itemId, patronId, out.pickup);
  if (!done) return m_impl->dbError("hold on " + itemId);
  if (auto st = txn.commit(); !st) return st.error();
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
  auto* db = m_impl->db;
  Stmt h(db, "SELECT seq, state, pickup FROM holds WHERE item=? AND patron=?");
  h.bind(itemId, patronId);
  if (!h.step()) {
    out.message = "You have no hold on this item";
    return out;
  }
  out.pickup = h.text(2);
  const std::int64_t now = toSeconds(this->now());
  Txn txn(db);
  if (!txn.begun()) return m_impl->dbError("cancelling hold on " + itemId);
  bool done = Stmt(db, "DELETE FROM holds WHERE seq=?").bind(h.integer(0)).run();
  // A copy that was waiting for this patron goes back to the shelf (the next holder gets it at
  // its next checkin, when staff pick it from the hold shelf).
  if (h.text(1) != "queued" && it->state != ItemState::onLoan)
    done = done && Stmt(db, "UPDATE items SET state='available', destination='' WHERE id=?").bind(itemId).run();
  logCirc(db, now, "hold_cancel", itemId, patronId, "");
  if (!done) return m_impl->dbError("cancelling hold on " + itemId);
  if (auto st = txn.commit(); !st) return st.error();
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
  auto* db = m_impl->db;
  Stmt h(db, "SELECT seq FROM holds WHERE item=? AND patron=? AND state='queued'");
  h.bind(itemId, patronId);
  if (!h.step()) {
    out.message = "You have no hold on this item that can still be changed";
    return out;
  }
  if (!Stmt(db, "UPDATE holds SET pickup=? WHERE seq=?").bind(pickup, h.integer(0)).run())
    return m_impl->dbError("changing hold on " + itemId);
  Stmt pos(db, "SELECT count(*) FROM holds WHERE item=? AND seq<=?");
  pos.bind(itemId, h.integer(0));
  if (pos.step()) out.queuePosition = static_cast<int>(pos.integer(0));
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
  auto* db = m_impl->db;
  out.transactionId = transactionId;
  if (!transactionId.empty()) {
    // The same transaction id twice is one payment (a resent 37 must not charge twice).
    Stmt d(db, "SELECT cents FROM payments WHERE txn=?");
    d.bind(transactionId);
    if (d.step()) {
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
  Txn txn(db);
  if (!txn.begun()) return m_impl->dbError("payment");
  bool done = true;
  std::int64_t left = cents;
  {
    Stmt f(db, "SELECT id, cents-paid_cents FROM fines WHERE patron=? AND cents>paid_cents ORDER BY (id<>?), id");
    std::int64_t wanted = -1;
    // A fine id that is not a whole number matches no fine (-1): the payment goes to the oldest.
    if (auto id = parseInteger(fineId, 0, std::numeric_limits<std::int64_t>::max(), "fine id"); id) wanted = *id;
    f.bind(patronId, wanted);
    std::vector<std::pair<std::int64_t, std::int64_t>> rows;
    while (f.step()) rows.emplace_back(f.integer(0), f.integer(1));
    for (auto [id, owed] : rows) {
      if (left <= 0) break;
      const std::int64_t part = std::min(left, owed);
      done = done && Stmt(db, "UPDATE fines SET paid_cents=paid_cents+? WHERE id=?").bind(part, id).run();
      left -= part;
    }
  }
  done = done && Stmt(db, "INSERT INTO payments VALUES (?,?,?,?)").bind(out.transactionId, patronId, cents, now).run();
  logCirc(db, now, "payment", "", patronId, "", money(cents));
  if (!done) return m_impl->dbError("payment");
  if (auto st = txn.commit(); !st) return st.error();
  out.accepted = true;
  out.balanceCents = p->finesCents - cents;
  out.message = "Thank you: " + money(cents) + " " + m_data.currency + " paid";
  return out;
}

Status IlsStore::blockPatron(const std::string& patronId, const std::string& reason) {
  if (!patron(patronId)) return fail(Errc::notFound, "no patron '" + patronId + "'");
  if (!Stmt(m_impl->db, "UPDATE patrons SET blocked=? WHERE id=?")
           .bind(reason.empty() ? std::string("Card blocked: please see staff") : reason, patronId)
           .run())
    return m_impl->dbError("blocking a patron");
  logCirc(m_impl->db, toSeconds(now()), "block", "", patronId, "");
  return {};
}

std::vector<ListLine> IlsStore::loansOf(const std::string& patronId, bool overdueOnly) {
  std::vector<ListLine> out;
  Stmt q(m_impl->db, "SELECT l.item, i.title, l.due_at FROM loans l JOIN items i ON i.id=l.item "
                     "WHERE l.patron=? AND l.due_at < ? ORDER BY l.due_at, l.item");
  q.bind(patronId, overdueOnly ? toSeconds(now()) : std::numeric_limits<std::int64_t>::max());
  while (q.step()) out.push_back({q.text(0), q.text(1), fromSeconds(q.integer(2)), 0});
  return out;
}

std::vector<ListLine> IlsStore::holdsOf(const std::string& patronId, bool waitingOnly) {
  std::vector<ListLine> out;
  Stmt q(m_impl->db, waitingOnly ? "SELECT h.item, i.title FROM holds h JOIN items i ON i.id=h.item "
                                   "WHERE h.patron=? AND h.state='waiting' ORDER BY h.seq"
                                 : "SELECT h.item, i.title FROM holds h JOIN items i ON i.id=h.item "
                                   "WHERE h.patron=? ORDER BY h.seq");
  q.bind(patronId);
  while (q.step()) out.push_back({q.text(0), q.text(1), std::nullopt, 0});
  return out;
}

std::vector<ListLine> IlsStore::finesOf(const std::string& patronId) {
  std::vector<ListLine> out;
  Stmt q(m_impl->db, "SELECT id, description, cents-paid_cents FROM fines WHERE patron=? AND cents>paid_cents ORDER BY id");
  q.bind(patronId);
  while (q.step()) out.push_back({q.text(0), q.text(1), std::nullopt, q.integer(2)});
  return out;
}

json IlsStore::allLoans(const std::string& patronFilter) {
  json arr = json::array();
  Stmt q(m_impl->db, "SELECT item, patron, out_at, due_at, renewals FROM loans WHERE (?='' OR patron=?) ORDER BY item");
  q.bind(patronFilter, patronFilter);
  while (q.step()) {
    arr.push_back({{"item", q.text(0)}, {"patron", q.text(1)}, {"checked_out", q.integer(2)},
                   {"due", q.integer(3)}, {"renewals", q.integer(4)}});
  }
  return arr;
}

json IlsStore::checkoutCounts(const std::string& itemFilter) {
  json obj = json::object();
  Stmt q(m_impl->db, "SELECT item, sum(kind='checkout'), sum(kind='cancel_checkout') FROM circ_log "
                     "WHERE kind IN ('checkout','cancel_checkout') AND (?='' OR item=?) GROUP BY item ORDER BY item");
  q.bind(itemFilter, itemFilter);
  json cancels = json::object();
  while (q.step()) {
    obj[q.text(0)] = q.integer(1);
    if (q.integer(2) > 0) cancels[q.text(0)] = q.integer(2);
  }
  return {{"checkouts", obj}, {"cancelled", cancels}};
}

json IlsStore::counts() {
  json c;
  for (const char* t : {"patrons", "items", "loans", "holds", "payments"}) {
    Stmt q(m_impl->db, fmt::format("SELECT count(*) FROM {}", t).c_str());
    c[t] = q.step() ? q.integer(0) : 0;
  }
  Stmt f(m_impl->db, "SELECT coalesce(sum(cents-paid_cents),0) FROM fines");
  c["fines_owed"] = f.step() ? money(f.integer(0)) : "0.00";
  Stmt k(m_impl->db, "SELECT kind, count(*) FROM circ_log GROUP BY kind");
  json kinds = json::object();
  while (k.step()) kinds[k.text(0)] = k.integer(1);
  c["transactions"] = kinds;
  return c;
}

json IlsStore::itemJson(const std::string& id) {
  auto it = item(id);
  if (!it) return {{"ok", false}, {"error", it.error().message()}};
  json holds = json::array();
  Stmt h(m_impl->db, "SELECT patron, pickup, state FROM holds WHERE item=? ORDER BY (state='queued'), seq");
  h.bind(id);
  while (h.step()) holds.push_back({{"patron", h.text(0)}, {"pickup", h.text(1)}, {"state", h.text(2)}});
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
  Stmt h(m_impl->db, "SELECT item, pickup, state FROM holds WHERE patron=? ORDER BY seq");
  h.bind(id);
  while (h.step()) holds.push_back({{"item", h.text(0)}, {"pickup", h.text(1)}, {"state", h.text(2)}});
  return {{"ok", true},          {"patron", id},
          {"name", p->name},     {"home_branch", p->homeBranch},
          {"blocked", p->blockReason}, {"card_lost", p->cardLost},
          {"status_flags", p->statusFlags}, {"charge_denied", p->chargeDenied},
          {"loans", allLoans(id)}, {"holds", holds},
          {"fines", fines},      {"fines_owed", money(p->finesCents)}};
}

json IlsStore::history(int limit) {
  json arr = json::array();
  Stmt q(m_impl->db, "SELECT seq, at, kind, item, patron, branch FROM circ_log ORDER BY seq DESC LIMIT ?");
  q.bind(limit);
  while (q.step()) {
    arr.push_back({{"seq", q.integer(0)}, {"at", q.integer(1)}, {"kind", q.text(2)}, {"item", q.text(3)},
                   {"patron", q.text(4)}, {"branch", q.text(5)}});
  }
  return arr;
}

} // namespace lasis::sim::ils
