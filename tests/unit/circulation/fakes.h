#pragma once
// In-process fakes for unit tests of the circulation engine's pure core: a pad of tags, an ILS
// with a catalogue, a journal that can "kill" the process at any step, and a listener that keeps
// every event. Scenario tests run the same engine against libnfc + lasis-sim instead.

#include "common/circulation/circulationengine.h"
#include "common/tagdata/tagdata.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace lasis::circulation::test {

/// Shared by the fakes: the order things happened in, and whether the "process" is dead.
struct World {
  std::mutex mutex;
  std::vector<std::string> log;  ///< "ils-checkout X", "unsecure U", "secure U", "ils-checkin X"…
  std::atomic<bool> dead{false};  ///< after a simulated kill nothing reaches the outside world
  void note(std::string s) {
    std::lock_guard lock(mutex);
    log.push_back(std::move(s));
  }
  std::size_t indexOf(const std::string& s) {
    std::lock_guard lock(mutex);
    for (std::size_t i = 0; i < log.size(); ++i) {
      if (log[i] == s) return i;
    }
    return log.size();
  }
};

/// A reader pad holding tags with real ISO 28560 data.
class FakeReader : public rfid::TagReader {
public:
  struct Tag {
    Bytes data;
    bool secured = true;
    bool onPad = true;
  };
  explicit FakeReader(World& w) : m_world(w) {}

  std::string addItem(const std::string& itemId, int parts = 1, int ordinal = 1,
                      std::uint8_t usage = tagdata::usage::circulating) {
    tagdata::ItemData d;
    d.itemId = itemId;
    d.parts = parts;
    d.ordinal = ordinal;
    d.usage = usage;
    d.owner = "DK-761500";
    auto bytes = tagdata::encode(d);
    std::lock_guard lock(m_mutex);
    const std::string uid = "E0040100" + std::to_string(10000000 + m_tags.size());
    m_tags[uid] = Tag{bytes ? *bytes : Bytes{}, usage != tagdata::usage::patronCard};
    return uid;
  }
  std::string addRaw(Bytes data) {
    std::lock_guard lock(m_mutex);
    const std::string uid = "E0040100" + std::to_string(10000000 + m_tags.size());
    m_tags[uid] = Tag{std::move(data), true};
    return uid;
  }
  Tag tag(const std::string& uid) {
    std::lock_guard lock(m_mutex);
    return m_tags.at(uid);
  }
  void setOnPad(const std::string& uid, bool on) {
    std::lock_guard lock(m_mutex);
    m_tags.at(uid).onPad = on;
  }
  void failWrites(const std::string& uid) {
    std::lock_guard lock(m_mutex);
    m_failWrites.insert(uid);
  }
  /// Reads of this tag's data fail (a weak antenna, a tag at the pad's edge); inventory still sees it.
  void failReads(const std::string& uid) {
    std::lock_guard lock(m_mutex);
    m_failReads.insert(uid);
  }
  /// The patron lifts this tag off the pad just as its security is about to be written.
  void liftOnWrite(const std::string& uid) {
    std::lock_guard lock(m_mutex);
    m_liftOnWrite.insert(uid);
  }
  void clearFailures() {
    std::lock_guard lock(m_mutex);
    m_liftOnWrite.clear();
    m_failWrites.clear();
    m_failReads.clear();
  }

  std::string address() const override { return "fake:"; }
  Result<std::vector<rfid::TagSeen>> inventory() override {
    if (m_world.dead) return fail(Errc::disconnected, "dead");
    std::lock_guard lock(m_mutex);
    std::vector<rfid::TagSeen> out;
    for (const auto& [uid, t] : m_tags) {
      if (t.onPad) out.push_back({uid, rfid::TagType::icodeSlix});
    }
    return out;
  }
  Result<rfid::TagContents> read(const std::string& uid) override {
    if (m_world.dead) return fail(Errc::disconnected, "dead");
    std::lock_guard lock(m_mutex);
    auto it = m_tags.find(uid);
    if (it == m_tags.end() || !it->second.onPad) return fail(Errc::notFound, "tag left the field");
    if (m_failReads.count(uid)) return fail(Errc::io, "read failed");
    return rfid::TagContents{{uid, rfid::TagType::icodeSlix}, it->second.data,
                             it->second.secured ? rfid::Security::secured : rfid::Security::unsecured};
  }
  Status writeData(const std::string&, ByteView) override { return fail(Errc::unsupported, "not in tests"); }
  Status setSecurity(const std::string& uid, bool secured) override {
    if (m_world.dead) return fail(Errc::disconnected, "dead");
    {
      std::lock_guard lock(m_mutex);
      auto it = m_tags.find(uid);
      if (it != m_tags.end() && m_liftOnWrite.erase(uid)) it->second.onPad = false;
      if (it == m_tags.end() || !it->second.onPad) return fail(Errc::notFound, "tag left the field");
      if (m_failWrites.count(uid)) return fail(Errc::verifyFailed, "security did not read back");
      it->second.secured = secured;
    }
    m_world.note((secured ? "secure " : "unsecure ") + uid);
    return {};
  }

private:
  World& m_world;
  std::mutex m_mutex;
  std::map<std::string, Tag> m_tags;
  std::set<std::string> m_failWrites;
  std::set<std::string> m_liftOnWrite;
  std::set<std::string> m_failReads;
};

/// A library system with a catalogue, patrons, loans and holds.
class FakeIls : public ils::IlsClient {
public:
  struct Item {
    std::string title;
    std::string loanedTo;
    std::string holdFor;
    std::string holdBranch;
    std::string sortBin;  ///< SIP2 CL on return
    std::vector<std::pair<std::string, std::string>> holds;  ///< patron, pickup
    bool renewable = true;
  };
  struct Patron {
    std::string pin;
    bool blocked = false;
    double fines = 0;
    std::string name;
    std::string flags;  ///< the 14 SIP2 patron status flags ('Y' = problem), when a test sets them
  };
  FakeIls(World& w, const Clock& clock) : m_world(w), m_clock(clock) {}

  std::mutex mutex;
  std::map<std::string, Item> items;
  std::map<std::string, Patron> patrons;
  std::atomic<bool> down{false};
  std::atomic<int> downAfterCheckouts{-1};  ///< goes down once this many checkouts succeeded
  std::atomic<int> dropCheckouts{0};        ///< the next this many checkouts go unanswered
  /// The next checkout is carried out but its reply is lost, and the ILS goes down with it.
  std::atomic<bool> applyThenGoDown{false};
  std::atomic<int> endSessions{0};
  std::atomic<int> checkoutCalls{0};
  std::atomic<int> checkoutsApplied{0};  ///< loans the ILS made (cancels not subtracted)
  std::atomic<int> inFlight{0};
  std::atomic<int> maxInFlight{0};
  std::atomic<int> checkinCalls{0};
  std::atomic<int> patronCalls{0};  ///< patron status requests: a refused card must not reach the ILS
  /// Called as a checkin arrives, before it is carried out (another sender's thread running now).
  std::function<void(const std::string& item)> beforeCheckin;

  std::string loanOf(const std::string& item) {
    std::lock_guard lock(mutex);
    return items.at(item).loanedTo;
  }

  Result<ils::IlsStatus> status() override {
    if (unreachable()) return fail(Errc::timeout, "no answer");
    ils::IlsStatus s;
    s.ok = s.online = s.checkinOk = s.checkoutOk = true;
    return s;
  }
  Result<ils::PatronStatus> patronStatus(const std::string& id, const std::string& pin) override {
    ++patronCalls;
    if (unreachable()) return fail(Errc::timeout, "no answer");
    std::lock_guard lock(mutex);
    ils::PatronStatus s;
    s.ok = true;
    s.patronId = id;
    auto it = patrons.find(id);
    if (it == patrons.end()) return s;
    s.validPatron = true;
    s.name = it->second.name;
    s.validPin = it->second.pin == pin;
    s.chargeDenied = it->second.blocked;
    s.blocks = it->second.flags;
    if (it->second.blocked) s.screenMessages.push_back("Your card is blocked");
    if (it->second.fines > 0) {
      s.feeAmount = it->second.fines;
      s.currency = "EUR";
    }
    return s;
  }
  Result<ils::PatronAccount> patronAccount(const std::string& id, const std::string& pin) override {
    auto st = patronStatus(id, pin);
    if (!st) return st.error();
    ils::PatronAccount a;
    static_cast<ils::PatronStatus&>(a) = *st;
    std::lock_guard lock(mutex);
    for (const auto& [itemId, it] : items) {
      if (it.loanedTo == id) a.loans.push_back({itemId, it.title, m_clock.now() + std::chrono::hours(24 * 14), false});
      for (std::size_t i = 0; i < it.holds.size(); ++i) {
        if (it.holds[i].first == id) a.holds.push_back({itemId, it.title, static_cast<int>(i + 1), it.holds[i].second});
      }
    }
    a.chargedCount = static_cast<int>(a.loans.size());
    a.holdsCount = static_cast<int>(a.holds.size());
    return a;
  }
  Result<ils::CheckoutResult> checkout(const ils::CheckoutRequest& req) override {
    ++checkoutCalls;
    if (unreachable()) return fail(Errc::timeout, "no answer");
    if (dropCheckouts > 0) {
      --dropCheckouts;
      return fail(Errc::timeout, "no answer");
    }
    const int now = ++inFlight;
    for (int m = maxInFlight; now > m && !maxInFlight.compare_exchange_weak(m, now);) {}
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // lets the pool overlap requests
    --inFlight;
    std::lock_guard lock(mutex);
    ils::CheckoutResult r;
    r.itemId = req.itemId;
    auto it = items.find(req.itemId);
    if (it == items.end()) {
      r.screenMessages.push_back("Item not found");
      return r;
    }
    r.title = it->second.title;
    if (req.cancel) {
      if (it->second.loanedTo == req.patronId) {
        it->second.loanedTo.clear();
        r.ok = true;
      }
      m_world.note("ils-cancel " + req.itemId);
      return r;
    }
    auto p = patrons.find(req.patronId);
    if (p == patrons.end() || p->second.blocked) {
      r.screenMessages.push_back("Patron blocked");
      return r;
    }
    if (!it->second.holdFor.empty() && it->second.holdFor != req.patronId) {
      r.screenMessages.push_back("On hold for another patron");
      return r;
    }
    if (!it->second.loanedTo.empty() && it->second.loanedTo != req.patronId) {
      r.screenMessages.push_back("Already on loan");
      return r;
    }
    it->second.loanedTo = req.patronId;
    r.ok = true;
    r.dueDate = req.ctx.when + std::chrono::hours(24 * 21);
    m_world.note("ils-checkout " + req.itemId);
    ++checkoutsApplied;
    if (downAfterCheckouts > 0 && --downAfterCheckouts == 0) down = true;
    if (applyThenGoDown.exchange(false)) {
      down = true;
      return fail(Errc::timeout, "no answer");
    }
    return r;
  }
  Result<ils::CheckinResult> checkin(const ils::CheckinRequest& req) override {
    if (unreachable()) return fail(Errc::timeout, "no answer");
    if (beforeCheckin) beforeCheckin(req.itemId);
    ++checkinCalls;
    std::lock_guard lock(mutex);
    ils::CheckinResult r;
    r.itemId = req.itemId;
    auto it = items.find(req.itemId);
    if (it == items.end()) {
      r.screenMessages.push_back("Item not found");
      return r;
    }
    r.ok = true;
    r.title = it->second.title;
    it->second.loanedTo.clear();
    if (!it->second.holdFor.empty()) {
      r.alert = true;
      r.alertType = it->second.holdBranch == req.location ? "01" : "02";
      r.destination = it->second.holdBranch;
    }
    r.sortBin = it->second.sortBin;
    m_world.note("ils-checkin " + req.itemId);
    return r;
  }
  Result<ils::CheckoutResult> renew(const ils::RenewRequest& req) override {
    if (unreachable()) return fail(Errc::timeout, "no answer");
    std::lock_guard lock(mutex);
    ils::CheckoutResult r;
    r.itemId = req.itemId;
    auto it = items.find(req.itemId);
    if (it == items.end() || it->second.loanedTo != req.patronId || !it->second.renewable) {
      r.screenMessages.push_back("Item reserved by another patron");
      return r;
    }
    r.ok = true;
    r.dueDate = req.ctx.when + std::chrono::hours(24 * 42);
    return r;
  }
  Result<ils::RenewAllResult> renewAll(const std::string& patron, const std::string&) override {
    if (unreachable()) return fail(Errc::timeout, "no answer");
    std::lock_guard lock(mutex);
    ils::RenewAllResult r;
    r.ok = true;
    for (const auto& [id, it] : items) {
      if (it.loanedTo != patron) continue;
      (it.renewable ? r.renewed : r.unrenewed).push_back(id);
    }
    return r;
  }
  Result<ils::ItemInfo> itemInfo(const std::string& itemId) override {
    if (unreachable()) return fail(Errc::timeout, "no answer");
    std::lock_guard lock(mutex);
    ils::ItemInfo r;
    auto it = items.find(itemId);
    if (it == items.end()) return r;
    r.ok = true;
    r.itemId = itemId;
    r.title = it->second.title;
    r.status = it->second.loanedTo.empty() ? ils::CirculationStatus::available : ils::CirculationStatus::charged;
    r.holdQueueLength = static_cast<int>(it->second.holds.size());
    return r;
  }
  Result<ils::HoldResult> placeHold(const ils::HoldRequest& req) override {
    if (unreachable()) return fail(Errc::timeout, "no answer");
    std::lock_guard lock(mutex);
    ils::HoldResult r;
    auto it = items.find(req.itemId);
    if (it == items.end()) return r;
    it->second.holds.emplace_back(req.patronId, req.pickupLocation);
    r.ok = true;
    r.queuePosition = static_cast<int>(it->second.holds.size());
    r.pickupLocation = req.pickupLocation;
    return r;
  }
  Result<ils::HoldResult> cancelHold(const ils::HoldRequest& req) override {
    if (unreachable()) return fail(Errc::timeout, "no answer");
    std::lock_guard lock(mutex);
    ils::HoldResult r;
    auto it = items.find(req.itemId);
    if (it == items.end()) return r;
    auto& h = it->second.holds;
    auto pos = std::find_if(h.begin(), h.end(), [&](const auto& x) { return x.first == req.patronId; });
    if (pos == h.end()) return r;
    r.pickupLocation = pos->second;  // as SIP2 16's BS names it
    h.erase(pos);
    r.ok = true;
    return r;
  }
  Result<ils::FeePaidResult> payFee(const std::string&, double, const std::string&) override {
    return fail(Errc::unsupported, "not in tests");
  }
  Result<ils::Answer> endSession(const std::string&) override {
    if (unreachable()) return fail(Errc::timeout, "no answer");
    ++endSessions;
    ils::Answer a;
    a.ok = true;
    return a;
  }

private:
  bool unreachable() const { return down || m_world.dead; }
  World& m_world;
  const Clock& m_clock;
};

/// An in-memory journal. killAt simulates SIGKILL at one journal step: the step is (or is not)
/// persisted, then the world goes dead so nothing further reaches the ILS or the tags.
/// Its sender is the ILS itself: what the queue's Sender does to its rows is the SQLite journal's
/// business, tested over the real store (queuejournal_test, scenario_test).
class FakeJournal : public CirculationJournal {
public:
  FakeJournal(World& w, ils::IlsClient& ils, std::string location = "MAIN")
      : m_world(w), m_ils(ils), m_location(std::move(location)) {}
  struct Kill {
    TxKind kind = TxKind::checkout;
    Step step = Step::intent;
    bool persisted = true;
    std::string itemId;  ///< empty: the first matching entry
  };
  std::optional<Kill> killAt;
  bool failAll = false;  ///< a full disk

  std::map<std::string, JournalEntry> entries;
  std::vector<JournalEntry> outbox;

  Status record(const JournalEntry& e) override {
    if (m_world.dead || failAll) return fail(Errc::noSpace, "disk full");
    if (killAt && killAt->kind == e.kind && killAt->step == e.step &&
        (killAt->itemId.empty() || killAt->itemId == e.itemId)) {
      if (killAt->persisted) entries[e.txId] = e;
      m_world.dead = true;
      killAt.reset();
      return fail(Errc::io, "killed");
    }
    entries[e.txId] = e;
    if (e.step == Step::undone) {
      std::erase_if(outbox, [&](const JournalEntry& o) { return o.txId == e.txId; });
    }
    return {};
  }
  Status enqueue(const JournalEntry& e) override {
    if (m_world.dead || failAll) return fail(Errc::noSpace, "disk full");
    outbox.push_back(e);
    return {};
  }
  Result<std::vector<JournalEntry>> unfinished() override {
    std::vector<JournalEntry> out;
    for (const auto& [id, e] : entries) {
      if (e.step != Step::done && e.step != Step::undone) out.push_back(e);
    }
    return out;
  }
  Delivery<ils::CheckoutResult> sendCheckout(const JournalEntry& e, const std::string& pin) override {
    ils::CheckoutRequest req;
    req.ctx = ils::Context{e.txId, e.when, false};
    req.patronId = e.patronId;
    req.patronPin = pin;
    req.itemId = e.itemId;
    auto r = m_ils.checkout(req);
    if (!r) return {std::nullopt, r.error(), false, false};
    return {std::move(*r), std::nullopt, false, false};
  }
  Delivery<ils::CheckinResult> sendCheckin(const JournalEntry& e) override {
    ils::CheckinRequest req;
    req.ctx = ils::Context{e.txId, e.when, false};
    req.itemId = e.itemId;
    req.location = m_location;
    auto r = m_ils.checkin(req);
    if (!r) return {std::nullopt, r.error(), false, false};
    return {std::move(*r), std::nullopt, false, false};
  }
  Result<ils::CheckoutResult> cancelLoan(const JournalEntry& e, const std::string& pin, Clock::TimePoint when) override {
    ils::CheckoutRequest undo;
    undo.ctx = ils::Context{e.txId + "-cancel", when, false};
    undo.patronId = e.patronId;
    undo.patronPin = pin;
    undo.itemId = e.itemId;
    undo.cancel = true;
    return m_ils.checkout(undo);
  }
  Result<ils::CheckinResult> checkinToUndo(const JournalEntry& e, Clock::TimePoint when) override {
    ils::CheckinRequest back;
    back.ctx = ils::Context{e.txId + "-undo", when, false};
    back.itemId = e.itemId;
    back.location = m_location;
    return m_ils.checkin(back);
  }
  Result<AppliedAnswer> wasApplied(const JournalEntry& e) override {
    auto info = m_ils.itemInfo(e.itemId);
    if (!info) return info.error();
    using CS = ils::CirculationStatus;
    const bool loaned = info->status == CS::charged || info->status == CS::chargedNotToBeRecalled;
    AppliedAnswer a;
    a.info = *info;
    if (e.kind == TxKind::checkin) a.applied = loaned ? Applied::no : Applied::yes;
    else if (!loaned) a.applied = Applied::no;
    else if (auto mine = m_ils.lentTo(e.patronId, e.itemId); !mine) return mine.error();
    else a.applied = !mine->has_value() ? Applied::unknownToWhom : **mine ? Applied::yes : Applied::no;
    return a;
  }

private:
  World& m_world;
  ils::IlsClient& m_ils;
  std::string m_location;
};

/// Keeps every event for assertions.
class RecordingListener : public CirculationListener {
public:
  std::vector<LoginOutcome> logins;
  std::vector<ItemOutcome> outcomes;
  std::vector<ModeChange> modes;
  std::vector<SessionWarning> warnings;
  std::vector<Receipt> receipts;
  std::vector<SessionEndReason> ended;
  std::vector<StaffAlert> alerts;
  std::vector<ils::PatronAccount> accounts;
  std::vector<std::pair<Outcome, std::string>> messages;
  std::vector<std::pair<int, int>> mismatches;
  std::vector<std::pair<int, int>> progress;  ///< the pad's reading: {read, total}

  void onLogin(const LoginOutcome& o) override { logins.push_back(o); }
  void onItemOutcome(const ItemOutcome& o) override { outcomes.push_back(o); }
  void onCountMismatch(int e, int f) override { mismatches.emplace_back(e, f); }
  void onModeChanged(const ModeChange& m) override { modes.push_back(m); }
  void onWarning(const SessionWarning& w) override { warnings.push_back(w); }
  void onAccount(const ils::PatronAccount& a) override { accounts.push_back(a); }
  void onReceipt(const Receipt& r) override { receipts.push_back(r); }
  void onSessionEnded(SessionEndReason r) override { ended.push_back(r); }
  void onStaffAlert(const StaffAlert& a) override { alerts.push_back(a); }
  void onMessage(Outcome c, const std::string& t) override { messages.emplace_back(c, t); }
  void onPadProgress(int r, int t) override { progress.emplace_back(r, t); }

  const ItemOutcome* outcome(const std::string& item) const {
    for (const auto& o : outcomes) {
      if (o.itemId == item) return &o;
    }
    return nullptr;
  }
};

} // namespace lasis::circulation::test
