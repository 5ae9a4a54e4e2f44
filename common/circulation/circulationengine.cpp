#include "common/circulation/circulationengine.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <thread>

namespace lasis::circulation {

/// One item found on the pad: all tags of one item id (the parts of a set).
struct CirculationEngine::Candidate {
  std::string itemId;
  std::vector<std::string> uids;
  int parts = 1;
  std::set<int> ordinals;
  std::uint8_t usage = tagdata::usage::circulating;
  std::optional<Outcome> problem;  ///< set: refused before any ILS call
  std::string message;
};

namespace {

std::string maskCard(const std::string& card) {
  if (card.size() <= 4) return std::string(card.size(), '*');
  return std::string(card.size() - 4, '*') + card.substr(card.size() - 4);
}

/// Why a card number or PIN cannot be a patron's (empty when it can): SIP2 carries neither a
/// field separator nor control characters, and no library's card number or PIN is that long.
std::optional<std::string> credentialProblem(const std::string& card, const std::string& pin) {
  constexpr std::size_t kMaxCard = 128, kMaxPin = 64;
  auto badChar = [](const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
      const auto u = static_cast<unsigned char>(c);
      return u < 0x20 || u == 0x7f || c == '|';
    });
  };
  if (card.size() > kMaxCard) return "the card number is " + std::to_string(card.size()) + " bytes long";
  if (badChar(card)) return std::string("the card number contains '|' or a control character");
  if (pin.size() > kMaxPin) return std::string("the PIN is too long");
  if (badChar(pin)) return std::string("the PIN contains '|' or a control character");
  return std::nullopt;
}

std::string firstMessage(const ils::Answer& a, std::string fallback) {
  return a.screenMessages.empty() ? std::move(fallback) : a.screenMessages.front();
}

SortHint sortHintFor(const ils::CheckinResult& r, const std::string& here) {
  if (r.alertType == "01") return SortHint::holdHere;
  if (r.alertType == "02") return SortHint::holdOtherBranch;
  if (r.alertType == "04") return SortHint::otherBranch;
  if (!r.destination.empty() && r.destination != here) return SortHint::otherBranch;
  return SortHint::shelf;
}

} // namespace

CirculationEngine::CirculationEngine(CirculationConfig config, rfid::TagReader& reader, ils::IlsClient& ils,
                                     CirculationJournal& journal, const Clock& clock,
                                     CirculationListener& listener, Logger log)
    : m_config(std::move(config)), m_reader(reader), m_ils(ils), m_journal(journal), m_clock(clock),
      m_listener(listener), m_log(std::move(log)) {
  if (m_config.concurrency < 1) m_config.concurrency = 1;
  if (m_config.writeAttempts < 1) m_config.writeAttempts = 1;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

std::string CirculationEngine::newTxId() {
  const auto us = m_clock.now().time_since_epoch().count();
  return fmt::format("{}-{}-{}", m_config.kioskId, us, m_txCounter.fetch_add(1));
}

ils::Context CirculationEngine::context(const std::string& txId) const {
  return ils::Context{txId, m_clock.now(), false};
}

Status CirculationEngine::journal(const JournalEntry& e) {
  std::lock_guard lock(m_journalMutex);
  auto st = m_journal.record(e);
  if (!st) {
    m_log->error("journal: cannot record {} of item {} ({}): {}", toString(e.step), forLog(e.itemId), e.txId,
                 st.error().describe());
  }
  return st;
}

Status CirculationEngine::deliverQueued(const std::string& itemId, const std::string& before) {
  // Not under m_journalMutex: delivery talks to the ILS, and the queue locks for itself.
  auto st = m_journal.deliverQueued(itemId, before);
  if (!st) m_log->warn("item {}: queued transactions not delivered first: {}", forLog(itemId), st.error().describe());
  return st;
}

bool CirculationEngine::transportFailure(const Error&) const {
  // Any error from the ILS client means the exchange did not complete or its outcome is unknown
  // (ils.h): the request may have been applied, so it is never simply resent.
  return true;
}

ItemOutcome& CirculationEngine::outOfOrderOutcome(ItemOutcome& o) {
  o.reason = Outcome::outOfOrder;
  o.message = "This kiosk is out of order. Please go to the desk.";
  o.seeStaff = true;
  return o;
}

bool CirculationEngine::ilsFailed(const Error& e) {
  if (e.is(Errc::refused)) {
    setFault("ils-login", "the library system refuses this kiosk's login: " + e.message());
    return true;
  }
  if (e.is(Errc::invalidArgument) || e.is(Errc::unsupported)) {
    // The client could not form the request (an id the protocol cannot carry): nothing reached
    // the ILS, so this says nothing about whether it answers.
    m_log->warn("request not sent: {}", e.describe());
    return false;
  }
  setMode(Mode::offline, "The library system is not answering.");
  return false;
}

void CirculationEngine::setFault(const std::string& part, const std::string& message) {
  bool any = false;
  {
    std::lock_guard lock(m_faultMutex);
    auto it = m_faults.find(part);
    if (message.empty()) {
      if (it == m_faults.end()) return;
      m_faults.erase(it);
    } else {
      if (it != m_faults.end() && it->second == message) return;
      m_faults[part] = message;
    }
    any = !m_faults.empty();
  }
  if (!message.empty()) {
    m_log->error("out of order: {}", message);
    setMode(Mode::outOfOrder, message, part);
  } else {
    m_log->warn("fault cleared: {}", part);
    // Back in service; the next ILS call or the offline probe says whether the ILS answers.
    if (!any) setMode(Mode::online, "");
  }
}

std::map<std::string, std::string> CirculationEngine::faults() const {
  std::lock_guard lock(m_faultMutex);
  return m_faults;
}

std::optional<std::string> CirculationEngine::firstFault() const {
  std::lock_guard lock(m_faultMutex);
  if (m_faults.empty()) return std::nullopt;
  return m_faults.begin()->second;
}

void CirculationEngine::setMode(Mode m, const std::string& message, const std::string& fault) {
  // While a fault holds the kiosk out of order, what the ILS does changes nothing on screen.
  if (m != Mode::outOfOrder && firstFault()) return;
  if (m_mode.exchange(m) == m) return;
  m_log->warn("mode: {} ({})", toString(m), message);
  std::lock_guard lock(m_listenerMutex);
  m_listener.onModeChanged(ModeChange{m, message, fault});
}

void CirculationEngine::publish(const ItemOutcome& o) {
  m_log->info("{} {}: {} ({})", toString(o.action), forLog(o.itemId), o.ok ? "ok" : "refused", toString(o.reason));
  std::lock_guard lock(m_listenerMutex);
  m_listener.onItemOutcome(o);
}

void CirculationEngine::addReceiptLine(const ItemOutcome& o) {
  if (!o.ok || o.action == Action::status) return;
  std::lock_guard lock(m_sessionMutex);
  m_receiptLines.push_back(ReceiptLine{o.action, o.itemId, o.title, o.dueDate, o.provisional});
}

Status CirculationEngine::setSecurityAll(const std::vector<std::string>& uids, bool secured) {
  for (const auto& uid : uids) {
    Status last;
    for (int attempt = 0; attempt < m_config.writeAttempts; ++attempt) {
      {
        std::lock_guard lock(m_readerMutex);
        last = m_reader.setSecurity(uid, secured);
      }
      if (last) break;
      m_log->warn("tag {}: {} attempt {} failed: {}", forLog(uid), secured ? "secure" : "unsecure", attempt + 1,
                  last.error().describe());
    }
    if (!last) return last.error().context("tag " + uid);
  }
  return {};
}

Status CirculationEngine::ensureSecured(const std::vector<std::string>& uids) {
  // A write that failed to verify usually left the tag as it was: read first, write only if
  // the tag really is not secured.
  for (const auto& uid : uids) {
    Result<rfid::TagContents> now = [&] {
      std::lock_guard lock(m_readerMutex);
      return m_reader.read(uid);
    }();
    if (now && now->security == rfid::Security::secured) continue;
    if (auto st = setSecurityAll({uid}, true); !st) return st;
  }
  return {};
}

bool CirculationEngine::presentOnPad(const std::string& uid) {
  std::lock_guard lock(m_readerMutex);
  auto inv = m_reader.inventory();
  if (!inv) return false;
  return std::any_of(inv->begin(), inv->end(), [&](const rfid::TagSeen& t) { return t.uid == uid; });
}

Receipt CirculationEngine::receipt() const {
  Receipt r;
  r.kioskId = m_config.kioskId;
  r.location = m_config.location;
  r.time = m_clock.now();
  if (m_patron) r.patronRef = maskCard(m_patron->patronId);
  r.lines = m_receiptLines;
  for (const auto& l : r.lines) {
    if (l.provisional) r.provisional = true;
  }
  if (r.provisional) {
    r.notes.push_back("Items marked provisional were recorded while the library system was not answering; "
                      "it will confirm them shortly.");
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// The pad

Result<std::vector<CirculationEngine::Candidate>> CirculationEngine::scanPad(bool forCheckout) {
  std::vector<rfid::TagSeen> seen;
  {
    std::lock_guard lock(m_readerMutex);
    auto inv = m_reader.inventory();
    if (!inv) return inv.error().context("reading the pad");
    seen = std::move(*inv);
  }
  std::vector<Candidate> out;
  auto byId = [&](const std::string& id) -> Candidate* {
    for (auto& c : out) {
      if (c.itemId == id) return &c;
    }
    return nullptr;
  };
  for (const auto& tag : seen) {
    if (tag.uid == m_cardUid) continue;
    Result<rfid::TagContents> contents = [&] {
      std::lock_guard lock(m_readerMutex);
      return m_reader.read(tag.uid);
    }();
    if (!contents) {
      if (contents.error().is(Errc::notFound)) continue;  // lifted off the pad meanwhile
      Candidate c;
      c.itemId = "tag " + tag.uid;
      c.uids = {tag.uid};
      c.problem = Outcome::tagDamaged;
      c.message = "This item's tag could not be read. Please take it to the desk.";
      out.push_back(std::move(c));
      continue;
    }
    auto decoded = tagdata::decode(contents->data);
    if (!decoded || !decoded->crcOk || decoded->item.itemId.empty()) {
      // A card known by its UID only, or a blank tag: not an item. Damaged item data is refused.
      if (!decoded && (decoded.error().is(Errc::notFound))) continue;
      Candidate c;
      c.itemId = decoded && !decoded->item.itemId.empty() ? decoded->item.itemId : "tag " + tag.uid;
      c.uids = {tag.uid};
      c.problem = Outcome::tagDamaged;
      c.message = "This item's tag is damaged. Please take it to the desk.";
      out.push_back(std::move(c));
      continue;
    }
    const auto& item = decoded->item;
    if (item.usage == tagdata::usage::patronCard) continue;
    if (Candidate* c = byId(item.itemId)) {
      c->uids.push_back(tag.uid);
      c->ordinals.insert(item.ordinal);
      c->parts = std::max(c->parts, item.parts);
      continue;
    }
    Candidate c;
    c.itemId = item.itemId;
    c.uids = {tag.uid};
    c.parts = std::max(1, item.parts);
    c.ordinals = {item.ordinal};
    c.usage = item.usage;
    out.push_back(std::move(c));
  }
  for (auto& c : out) {
    if (c.problem) continue;
    if (forCheckout && c.usage == tagdata::usage::notForLoan) {
      c.problem = Outcome::notForLoan;
      c.message = "This item is for use in the library only.";
    } else if (c.usage == tagdata::usage::discarded || c.usage == tagdata::usage::acquisition) {
      c.problem = Outcome::notForLoan;
      c.message = "This item cannot be handled here. Please take it to the desk.";
    } else if (static_cast<int>(c.ordinals.size()) < c.parts) {
      // An incomplete multi-part set is refused whole: lending 2 of 3 discs would leave the
      // third either unsecured on the shelf or lost from the record.
      c.problem = Outcome::incompleteSet;
      c.message = fmt::format("This item has {} parts and {} are on the pad: please put all {} parts on the pad.",
                              c.parts, c.ordinals.size(), c.parts);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Identify

Result<std::pair<std::string, std::string>> CirculationEngine::findCardOnPad() {
  // The card on the pad: ISO 28560 patron data, or (if configured) the card's UID.
  std::lock_guard lock(m_readerMutex);
  auto inv = m_reader.inventory();
  if (!inv) return fail(Errc::unavailable, "The card reader is not answering. Please type your card number.");
  for (const auto& t : *inv) {
    auto contents = m_reader.read(t.uid);
    if (!contents) continue;
    auto d = tagdata::decode(contents->data);
    if (d && d->crcOk && d->item.usage == tagdata::usage::patronCard) return std::pair{d->item.itemId, t.uid};
    if (!d && m_config.patronCardByUid) return std::pair{t.uid, t.uid};
  }
  return fail(Errc::notFound, "No library card found on the pad. Place your card or type its number.");
}

std::optional<std::string> CirculationEngine::cardOnPad() {
  if (m_patron) return std::nullopt;
  auto found = findCardOnPad();
  if (!found) return std::nullopt;
  return found->first;
}

LoginOutcome CirculationEngine::login(const std::string& cardIn, const std::string& pin) {
  LoginOutcome out;
  auto finish = [&](LoginOutcome o) {
    std::lock_guard lock(m_listenerMutex);
    m_listener.onLogin(o);
    return o;
  };
  if (m_patron) {
    out.reason = Outcome::busy;
    out.message = "Another patron is still logged in: end that session first.";
    return finish(out);
  }
  if (auto fault = firstFault()) {
    out.reason = Outcome::outOfOrder;
    out.message = "This kiosk is out of order. Please go to the desk.";
    m_log->info("login refused: out of order ({})", *fault);
    return finish(out);
  }
  std::string card = cardIn;
  std::string cardUid;
  if (card.empty()) {
    auto found = findCardOnPad();
    if (!found) {
      out.reason = Outcome::noCard;
      out.message = found.error().message();
      return finish(out);
    }
    card = found->first;
    cardUid = found->second;
  }

  // A card or PIN the ILS's protocol cannot carry (a '|', a control character, too long: a
  // rewritten card, an NFC phone) is an unreadable card, not an outage: the ILS is not asked, and
  // the online/offline state is left as it is.
  if (auto problem = credentialProblem(card, pin)) {
    m_log->warn("login refused: {}", *problem);
    out.reason = Outcome::unreadableCard;
    out.message = "This card cannot be read. Please ask at the desk.";
    return finish(out);
  }
  auto st = m_ils.patronStatus(card, pin);
  if (!st && (st.error().is(Errc::invalidArgument) || st.error().is(Errc::unsupported))) {
    // The client refused to form the request (a character the ILS's code page lacks): nothing
    // reached the ILS, so this says nothing about whether it is up.
    m_log->warn("login refused: the card cannot be sent to the library system: {}", st.error().describe());
    out.reason = Outcome::unreadableCard;
    out.message = "This card cannot be read. Please ask at the desk.";
    return finish(out);
  }
  PatronView view;
  view.patronId = card;
  if (!st && ilsFailed(st.error())) {
    out.reason = Outcome::outOfOrder;
    out.message = "This kiosk is out of order. Please go to the desk.";
    return finish(out);
  }
  if (!st) {
    if (m_config.offline.mode != OfflineMode::returnsAndCheckouts) {
      out.reason = Outcome::ilsUnreachable;
      out.message = "Borrowing is not possible right now. Returns still work.";
      return finish(out);
    }
    // Accepted without the ILS's word only as far as the offline policy vouches for the patron
    // (the patron cache: known, not blocked when last seen, PIN hash): loans are provisional.
    const auto verdict = m_journal.offlineAllowed(OfflineCheck{TxKind::checkout, card, pin, std::nullopt, 0});
    if (!verdict.allowed) {
      m_log->info("offline login refused: {}", verdict.detail);
      out.reason = verdict.reason == Outcome::blocked || verdict.reason == Outcome::wrongPin ||
                           verdict.reason == Outcome::unknownCard
                       ? verdict.reason
                       : Outcome::ilsUnreachable;
      out.message = out.reason == Outcome::blocked    ? "You cannot borrow at the moment: please ask at the desk."
                    : out.reason == Outcome::wrongPin ? "The PIN is not right. Please try again."
                    : out.reason == Outcome::unknownCard
                        ? "The library system is not answering and this card cannot be checked. Returns still work."
                        : "Borrowing is not possible right now. Returns still work.";
      return finish(out);
    }
    view.provisional = true;
    view.messages.push_back("The library system is not answering: your loans will be confirmed later.");
  } else {
    setMode(Mode::online, "");
    if (!st->validPatron) {
      out.reason = Outcome::unknownCard;
      out.message = firstMessage(*st, "This card is not known. Please ask at the desk.");
      return finish(out);
    }
    if (st->validPin.has_value() && !*st->validPin) {
      out.reason = Outcome::wrongPin;
      out.message = "The PIN is not right. Please try again.";
      return finish(out);
    }
    view.name = st->name;
    view.blocked = st->chargeDenied || st->cardLost;
    view.messages = st->screenMessages;
    view.ilsMessages = st->screenMessages;
    view.cardLost = st->cardLost;
    view.currency = st->currency;
    view.fines = st->feeAmount;
    if (st->cardLost) view.messages.push_back("This card is reported lost. Please ask at the desk.");
    // Remembered for offline checks; a failure here costs only offline service, never this login.
    if (auto r = m_journal.rememberPatron(card, pin, view.blocked); !r) {
      m_log->warn("patron cache: {}", r.error().describe());
    }
    if (st->feeAmount && *st->feeAmount > 0) {
      view.messages.push_back(fmt::format("You owe {:.2f} {}.", *st->feeAmount, st->currency));
    }
  }
  m_patron = view;
  m_pin = pin;
  m_cardUid = cardUid;
  m_lentThisSession.clear();
  m_receiptLines.clear();
  m_offlineCheckouts = 0;
  touch();
  out.ok = true;
  out.reason = view.blocked ? Outcome::blocked : Outcome::ok;
  out.message = view.blocked ? "You cannot borrow at the moment: please ask at the desk." : "Welcome.";
  out.patron = view;
  m_log->info("session started ({})", view.provisional ? "provisional" : "verified");
  return finish(out);
}

// ---------------------------------------------------------------------------------------------
// Checkout

void CirculationEngine::checkout(std::optional<int> expectedCount) {
  touch();
  if (firstFault()) {
    std::lock_guard lock(m_listenerMutex);
    m_listener.onMessage(Outcome::outOfOrder, "This kiosk is out of order. Please go to the desk.");
    return;
  }
  if (!m_patron) {
    std::lock_guard lock(m_listenerMutex);
    m_listener.onMessage(Outcome::loginRequired, "Please identify yourself first.");
    return;
  }
  if (m_patron->blocked) {
    std::lock_guard lock(m_listenerMutex);
    m_listener.onMessage(Outcome::blocked, "You cannot borrow at the moment: please ask at the desk.");
    return;
  }
  auto scan = scanPad(true);
  if (!scan) {
    m_log->error("{}", scan.error().describe());
    std::lock_guard lock(m_listenerMutex);
    m_listener.onMessage(Outcome::readerError, "The pad is not answering. Please ask at the desk.");
    return;
  }
  std::vector<Candidate> items;
  for (auto& c : *scan) {
    if (!m_lentThisSession.count(c.itemId)) items.push_back(std::move(c));
  }
  if (items.empty()) {
    std::lock_guard lock(m_listenerMutex);
    m_listener.onMessage(Outcome::noItems, "No items on the pad. Place your items on the pad.");
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
    o.message = c.message;
    o.parts = c.parts;
    o.partsPresent = static_cast<int>(c.uids.size());
    o.seeStaff = c.problem == Outcome::tagDamaged;
    publish(o);
  }
  // Items go to the ILS concurrently (the SIP2 pool); the reader is one device, so tag writes
  // take turns. Each item's outcome is emitted as soon as it is known.
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < todo.size(); i = next++) {
      ItemOutcome o = checkoutOne(*todo[i]);
      if (o.ok) {
        std::lock_guard lock(m_sessionMutex);
        m_lentThisSession[o.itemId] = true;
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
    o.message = "This item is still being recorded from before. Please try it again in a moment.";
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
    o.reason = Outcome::journalFailed;
    o.message = "This kiosk cannot record loans right now. Please take your items to the desk.";
    o.seeStaff = true;
    setMode(Mode::outOfOrder, "This kiosk cannot record transactions. Please use the desk.");
    return o;
  }
  ils::CheckoutRequest req;
  req.ctx = ils::Context{e.txId, e.when, false};
  req.patronId = e.patronId;
  req.patronPin = m_pin;
  req.itemId = c.itemId;
  auto r = m_ils.checkout(req);
  if (!r) {
    // Outcome unknown: the ILS may have lent it. The tag is untouched (still secured), which is
    // the safe side; the entry stays at intent and recover() asks the item's status before
    // undoing, never resending blindly.
    m_log->warn("checkout {}: {}", forLog(c.itemId), r.error().describe());
    if (ilsFailed(r.error())) return outOfOrderOutcome(o);
    o.reason = Outcome::ilsUnreachable;
    o.message = "This item could not be lent: the library system is not answering. Please try it again.";
    return o;
  }
  o.title = r->title;
  if (!r->ok) {
    e.step = Step::undone;
    e.note = firstMessage(*r, "refused");
    (void)journal(e);
    o.reason = Outcome::refused;
    o.message = firstMessage(*r, "This item cannot be lent to you. Please ask at the desk.");
    return o;
  }
  e.step = Step::ilsDone;
  e.dueDate = r->dueDate;
  if (!journal(e)) {
    // Cannot record the loan: undo it while the tag is still secured.
    ils::CheckoutRequest undo = req;
    undo.cancel = true;
    (void)m_ils.checkout(undo);
    o.reason = Outcome::journalFailed;
    o.message = "This kiosk cannot record loans right now. Please take your items to the desk.";
    o.seeStaff = true;
    setMode(Mode::outOfOrder, "This kiosk cannot record transactions. Please use the desk.");
    return o;
  }
  // The ILS was told first, so a crash from here on leaves a loaned item still secured (a false
  // alarm staff can clear), never an unloaned item unsecured.
  if (auto w = setSecurityAll(c.uids, false); !w) {
    m_log->error("checkout {}: {}; undoing the loan", forLog(c.itemId), w.error().describe());
    o.reason = Outcome::tagWriteFailed;
    o.message = "This item could not be prepared for loan. Please take it to the desk.";
    o.seeStaff = true;
    // Re-secure every part first; only then may the loan be undone (an unloaned item must not
    // stay unsecured). If re-securing fails too, the loan stands and staff are told.
    if (auto back = ensureSecured(c.uids); !back) {
      e.step = Step::done;
      e.note = "loan kept: tag security unknown";
      (void)journal(e);
      std::lock_guard lock(m_listenerMutex);
      m_listener.onStaffAlert(StaffAlert{c.itemId, "Lent, but its tag could not be set: check its security."});
      return o;
    }
    e.step = Step::undoing;
    (void)journal(e);
    ils::CheckoutRequest undo = req;
    undo.cancel = true;
    undo.ctx.when = m_clock.now();
    auto u = m_ils.checkout(undo);
    if (u) {
      // ok or "nothing to cancel": either way no loan stands.
      e.step = Step::undone;
      e.note = "tag write failed";
      (void)journal(e);
    }  // else: stays at undoing; recover() sends the cancel again
    return o;
  }
  e.step = Step::tagDone;
  (void)journal(e);
  o.ok = true;
  o.reason = Outcome::due;
  o.dueDate = r->dueDate;
  o.message = firstMessage(*r, "Lent to you.");
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
    o.message = "Borrowing is not possible while the library system is not answering. Returns still work.";
    return o;
  }
  {
    std::lock_guard lock(m_sessionMutex);
    if (m_offlineCheckouts >= m_config.offline.maxCheckoutsPerSession) {
      o.reason = Outcome::offlineLimit;
      o.message = fmt::format("While the library system is not answering you can borrow at most {} items.",
                              m_config.offline.maxCheckoutsPerSession);
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
    o.message = o.reason == Outcome::offlineLimit
                    ? "You have borrowed as many items as possible while the library system is not answering."
                    : "This item cannot be borrowed while the library system is not answering. Please ask at the desk.";
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
  e.dueDate = e.when + std::chrono::hours(24 * m_config.offline.loanDays);
  e.step = Step::intent;
  auto failJournal = [&] {
    o.reason = Outcome::journalFailed;
    o.message = "This kiosk cannot record loans right now. Please take your items to the desk.";
    o.seeStaff = true;
    setMode(Mode::outOfOrder, "This kiosk cannot record transactions. Please use the desk.");
    return o;
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
  if (auto w = setSecurityAll(c.uids, false); !w) {
    o.reason = Outcome::tagWriteFailed;
    o.message = "This item could not be prepared for loan. Please take it to the desk.";
    o.seeStaff = true;
    if (auto back = ensureSecured(c.uids); !back) {
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
  o.message = "Lent to you. Recorded offline: the library system will confirm it later.";
  e.step = Step::done;
  (void)journal(e);
  return o;
}

// ---------------------------------------------------------------------------------------------
// Return

void CirculationEngine::checkin() {
  if (m_patron) touch();
  if (firstFault()) {
    std::lock_guard lock(m_listenerMutex);
    m_listener.onMessage(Outcome::outOfOrder, "This kiosk is out of order. Please go to the desk.");
    return;
  }
  auto scan = scanPad(false);
  if (!scan) {
    m_log->error("{}", scan.error().describe());
    std::lock_guard lock(m_listenerMutex);
    m_listener.onMessage(Outcome::readerError, "The pad is not answering. Please ask at the desk.");
    return;
  }
  if (scan->empty()) {
    std::lock_guard lock(m_listenerMutex);
    m_listener.onMessage(Outcome::noItems, "No items on the pad. Place your items on the pad.");
    return;
  }
  std::vector<const Candidate*> todo;
  for (const auto& c : *scan) {
    if (!c.problem) {
      todo.push_back(&c);
      continue;
    }
    ItemOutcome o;
    o.action = Action::checkin;
    o.itemId = c.itemId;
    o.reason = *c.problem;
    o.message = c.message;
    o.parts = c.parts;
    o.partsPresent = static_cast<int>(c.uids.size());
    o.seeStaff = true;
    publish(o);
  }
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < todo.size(); i = next++) {
      ItemOutcome o = checkinOne(*todo[i]);
      addReceiptLine(o);
      publish(o);
    }
  };
  const std::size_t threads = std::min<std::size_t>(static_cast<std::size_t>(m_config.concurrency), todo.size());
  std::vector<std::jthread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  pool.clear();
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
    o.reason = Outcome::journalFailed;
    o.message = "This kiosk cannot record returns right now. Please take your items to the desk.";
    o.seeStaff = true;
    setMode(Mode::outOfOrder, "This kiosk cannot record transactions. Please use the desk.");
    return o;
  }
  // Secure first: a crash after this leaves a returned-in-hand item secured while the ILS still
  // shows it lent (staff clear it), never an item checked in but unsecured.
  if (auto w = setSecurityAll(c.uids, true); !w) {
    m_log->error("return {}: {}", forLog(c.itemId), w.error().describe());
    e.step = Step::undone;
    e.note = "tag write failed";
    (void)journal(e);
    o.reason = Outcome::tagWriteFailed;
    o.message = "This item could not be returned here. Please take it to the desk.";
    o.seeStaff = true;
    return o;
  }
  e.step = Step::tagDone;
  if (!journal(e)) {
    o.reason = Outcome::journalFailed;
    o.message = "This kiosk cannot record returns right now. Please take your items to the desk.";
    o.seeStaff = true;
    return o;
  }
  if (m_mode == Mode::offline || behindQueue) return checkinOffline(std::move(e), c);
  ils::CheckinRequest req;
  req.ctx = ils::Context{e.txId, e.when, false};
  req.itemId = c.itemId;
  req.location = m_config.location;
  auto r = m_ils.checkin(req);
  if (!r) {
    m_log->warn("return {}: {}", forLog(c.itemId), r.error().describe());
    if (!ilsFailed(r.error())) return checkinOffline(std::move(e), c);
    // The tag is secured already and the entry stays for recovery to deliver once the ILS takes
    // the kiosk's login again: the book is back on the shelf's side, only the ILS is not told yet.
    return outOfOrderOutcome(o);
  }
  o.title = r->title;
  if (!r->ok) {
    e.step = Step::done;
    e.note = "refused: " + firstMessage(*r, "");
    (void)journal(e);
    o.reason = Outcome::refused;
    o.message = firstMessage(*r, "This item could not be returned here. Please take it to the desk.");
    o.seeStaff = true;
    return o;
  }
  e.step = Step::ilsDone;
  (void)journal(e);
  o.ok = true;
  o.reason = Outcome::returned;
  o.sortHint = sortHintFor(*r, m_config.location);
  o.destination = r->destination;
  o.message = firstMessage(*r, "Returned. Thank you.");
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
    o.message = "The library system is not answering: this item is not returned yet. Please take it to the desk.";
    o.seeStaff = true;
    return o;
  }
  e.offline = true;
  {
    std::lock_guard lock(m_journalMutex);
    if (!m_journal.enqueue(e)) {
      o.reason = Outcome::journalFailed;
      o.message = "This kiosk cannot record returns right now. Please take your items to the desk.";
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
  o.message = "Returned. Recorded offline: the library system will confirm it later.";
  return o;
}

// ---------------------------------------------------------------------------------------------
// Account, renewals, holds, item status

void CirculationEngine::account() {
  touch();
  if (!m_patron) {
    std::lock_guard lock(m_listenerMutex);
    m_listener.onMessage(Outcome::loginRequired, "Please identify yourself first.");
    return;
  }
  auto a = m_ils.patronAccount(m_patron->patronId, m_pin);
  if (!a) {
    (void)ilsFailed(a.error());
    std::lock_guard lock(m_listenerMutex);
    m_listener.onMessage(Outcome::ilsUnreachable, "Your account cannot be shown right now.");
    return;
  }
  std::lock_guard lock(m_listenerMutex);
  m_listener.onAccount(*a);
}

void CirculationEngine::renew(const std::string& itemId) {
  touch();
  ItemOutcome o;
  o.action = Action::renew;
  o.itemId = itemId;
  if (!m_patron) {
    o.reason = Outcome::loginRequired;
    o.message = "Please identify yourself first.";
    publish(o);
    return;
  }
  // A loan still waiting in the queue must reach the ILS before it can be renewed there.
  if (auto waiting = deliverQueued(itemId); !waiting) {
    if (waiting.error().is(Errc::unavailable) || waiting.error().is(Errc::refused)) (void)ilsFailed(waiting.error());
    o.reason = Outcome::ilsUnreachable;
    o.message = "Renewals are not possible right now.";
    addReceiptLine(o);
    publish(o);
    return;
  }
  ils::RenewRequest req{context(newTxId()), m_patron->patronId, m_pin, itemId};
  auto r = m_ils.renew(req);
  if (!r) {
    (void)ilsFailed(r.error());
    o.reason = Outcome::ilsUnreachable;
    o.message = "Renewals are not possible right now.";
  } else if (!r->ok) {
    o.title = r->title;
    o.reason = Outcome::refused;
    o.message = firstMessage(*r, "This item cannot be renewed.");
  } else {
    o.ok = true;
    o.title = r->title;
    o.reason = Outcome::renewed;
    o.dueDate = r->dueDate;
    o.message = firstMessage(*r, "Renewed.");
  }
  addReceiptLine(o);
  publish(o);
}

void CirculationEngine::renewAll() {
  touch();
  if (!m_patron) {
    std::lock_guard lock(m_listenerMutex);
    m_listener.onMessage(Outcome::loginRequired, "Please identify yourself first.");
    return;
  }
  auto r = m_ils.renewAll(m_patron->patronId, m_pin);
  if (!r) {
    (void)ilsFailed(r.error());
    std::lock_guard lock(m_listenerMutex);
    m_listener.onMessage(Outcome::ilsUnreachable, "Renewals are not possible right now.");
    return;
  }
  if (!r->ok && r->renewed.empty() && r->unrenewed.empty()) {
    std::lock_guard lock(m_listenerMutex);
    m_listener.onMessage(Outcome::refused, firstMessage(*r, "Your loans cannot be renewed. Please ask at the desk."));
    return;
  }
  // The renew-all answer names items but carries no due dates: ask the account for them.
  std::map<std::string, std::optional<TimePoint>> due;
  if (auto a = m_ils.patronAccount(m_patron->patronId, m_pin); a) {
    for (const auto& l : a->loans) due[l.itemId] = l.dueDate;
  }
  for (const auto& id : r->renewed) {
    ItemOutcome o;
    o.action = Action::renew;
    o.itemId = id;
    o.ok = true;
    o.reason = Outcome::renewed;
    o.message = "Renewed.";
    if (auto it = due.find(id); it != due.end()) o.dueDate = it->second;
    addReceiptLine(o);
    publish(o);
  }
  for (const auto& id : r->unrenewed) {
    ItemOutcome o;
    o.action = Action::renew;
    o.itemId = id;
    o.reason = Outcome::refused;
    o.message = "This item cannot be renewed (it may be reserved for someone else).";
    if (auto it = due.find(id); it != due.end()) o.dueDate = it->second;
    publish(o);
  }
}

void CirculationEngine::placeHold(const std::string& itemId, const std::string& pickup) {
  touch();
  ItemOutcome o;
  o.action = Action::holdPlace;
  o.itemId = itemId;
  if (!m_patron) {
    o.reason = Outcome::loginRequired;
    o.message = "Please identify yourself first.";
    publish(o);
    return;
  }
  ils::HoldRequest req{context(newTxId()), m_patron->patronId, m_pin, itemId,
                       pickup.empty() ? m_config.location : pickup};
  auto r = m_ils.placeHold(req);
  if (!r) {
    (void)ilsFailed(r.error());
    o.reason = Outcome::ilsUnreachable;
    o.message = "Reservations are not possible right now.";
  } else {
    o.ok = r->ok;
    o.title = r->title;
    o.queuePosition = r->queuePosition;
    o.pickupLocation = r->pickupLocation.empty() ? req.pickupLocation : r->pickupLocation;
    o.reason = r->ok ? Outcome::holdPlaced : Outcome::refused;
    o.message = firstMessage(*r, r->ok ? "Reserved for you." : "This item cannot be reserved.");
  }
  addReceiptLine(o);
  publish(o);
}

void CirculationEngine::cancelHold(const std::string& itemId, const std::string& pickup) {
  touch();
  ItemOutcome o;
  o.action = Action::holdCancel;
  o.itemId = itemId;
  if (!m_patron) {
    o.reason = Outcome::loginRequired;
    o.message = "Please identify yourself first.";
    publish(o);
    return;
  }
  ils::HoldRequest req{context(newTxId()), m_patron->patronId, m_pin, itemId, pickup};
  auto r = m_ils.cancelHold(req);
  if (!r) {
    (void)ilsFailed(r.error());
    o.reason = Outcome::ilsUnreachable;
    o.message = "Reservations cannot be changed right now.";
  } else {
    o.ok = r->ok;
    o.title = r->title;
    o.reason = r->ok ? Outcome::holdCancelled : Outcome::refused;
    o.message = firstMessage(*r, r->ok ? "Reservation cancelled." : "This reservation could not be cancelled.");
  }
  addReceiptLine(o);
  publish(o);
}

void CirculationEngine::itemStatus(const std::string& itemId) {
  if (m_patron) touch();
  ItemOutcome o;
  o.action = Action::status;
  o.itemId = itemId;
  auto r = m_ils.itemInfo(itemId);
  if (!r) {
    (void)ilsFailed(r.error());
    o.reason = Outcome::ilsUnreachable;
    o.message = "Item information is not available right now.";
    publish(o);
    return;
  }
  o.ok = true;
  o.title = r->title;
  o.dueDate = r->dueDate;
  o.queuePosition = r->holdQueueLength;
  using CS = ils::CirculationStatus;
  switch (r->status) {
  case CS::available:
    o.reason = Outcome::available;
    o.message = r->currentLocation.empty() || r->currentLocation == m_config.location
                    ? "On the shelf here."
                    : "On the shelf at " + r->currentLocation + ".";
    break;
  case CS::charged:
  case CS::chargedNotToBeRecalled:
  case CS::recalled:
    o.reason = Outcome::onLoan;
    o.message = "On loan. You can reserve it.";
    break;
  case CS::onHoldShelf: o.reason = Outcome::onHoldShelf; o.message = "Waiting for someone who reserved it."; break;
  case CS::inTransit: o.reason = Outcome::inTransit; o.message = "On its way between branches."; break;
  case CS::awaitingReshelving: o.reason = Outcome::reshelving; o.message = "Just returned; back on the shelf soon."; break;
  default: o.reason = Outcome::unavailable; o.message = "Not available at the moment. Please ask at the desk."; break;
  }
  publish(o);
}

// ---------------------------------------------------------------------------------------------
// Session

void CirculationEngine::touch() {
  m_lastActivity = m_clock.monotonic();
  m_warned = false;
}

void CirculationEngine::endSession(SessionEndReason reason) {
  if (!m_patron) return;
  if (!m_patron->provisional) {
    if (auto r = m_ils.endSession(m_patron->patronId); !r) {
      m_log->warn("end of session not acknowledged by the ILS: {}", r.error().describe());
    }
  }
  Receipt rec = receipt();
  {
    std::lock_guard lock(m_listenerMutex);
    if (!rec.lines.empty()) m_listener.onReceipt(rec);
    m_listener.onSessionEnded(reason);
  }
  // Wipe everything the screen held about the patron, the PIN first.
  std::fill(m_pin.begin(), m_pin.end(), '\0');
  m_pin.clear();
  m_patron.reset();
  m_cardUid.clear();
  m_lentThisSession.clear();
  m_receiptLines.clear();
  m_offlineCheckouts = 0;
  m_warned = false;
  m_log->info("session ended ({})", toString(reason));
}

void CirculationEngine::tick() {
  const auto mono = m_clock.monotonic();
  if (faults().count("ils-login") && (!m_lastProbe || mono - *m_lastProbe >= std::chrono::seconds(30))) {
    // A refused login is the configuration's fault, but the ILS's side may be mended (the
    // account unlocked, the password set there): asked again now and then, never hammered.
    m_lastProbe = mono;
    auto s = m_ils.status();
    if (s && s->online) setFault("ils-login", "");
  }
  if (m_mode == Mode::offline && (!m_lastProbe || mono - *m_lastProbe >= std::chrono::seconds(30))) {
    m_lastProbe = mono;
    if (auto s = m_ils.status(); s && s->online) {
      setMode(Mode::online, "");
      if (!m_patron) (void)recover();  // entries left for the ILS are finished now
    }
  }
  // Entries an earlier recovery left for the ILS (a restart while it was down) are settled here
  // and only here: the queue's replay never sends them (QueueStore::recoverInterrupted).
  if (m_recoveryLeft > 0 && !m_patron && m_mode != Mode::offline &&
      (!m_lastRecovery || mono - *m_lastRecovery >= std::chrono::seconds(30))) {
    (void)recover();
  }
  if (!m_patron) return;
  if (m_config.endOnCardRemoval && !m_cardUid.empty() && !presentOnPad(m_cardUid)) {
    endSession(SessionEndReason::cardRemoved);
    return;
  }
  const auto idle = mono - m_lastActivity;
  if (idle >= m_config.sessionTimeout + m_config.warningTime) {
    endSession(SessionEndReason::timeout);
  } else if (idle >= m_config.sessionTimeout && !m_warned) {
    m_warned = true;
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(m_config.sessionTimeout +
                                                                       m_config.warningTime - idle);
    std::lock_guard lock(m_listenerMutex);
    m_listener.onWarning(SessionWarning{static_cast<int>(left.count())});
  }
}

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

bool CirculationEngine::recoverOne(JournalEntry e) {
  m_log->info("recovery: {} {} at {}", toString(e.kind), forLog(e.itemId), toString(e.step));
  std::vector<std::string> present;
  bool allPresent = false;
  if (e.tagUids.empty()) {
    // The journal did not keep the tags (the queue's store has no place for them): find the
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
      ils::CheckoutRequest undo;
      undo.ctx = context(e.txId + "-cancel");
      undo.patronId = e.patronId;
      undo.itemId = e.itemId;
      undo.cancel = true;
      auto u = m_ils.checkout(undo);
      if (!u) return false;  // ILS unreachable: stays pending, tried again later
      if (u->ok || !ours) return record(Step::undone, "undone on restart");
    } else if (!ours) {
      return record(Step::undone, "undone on restart");
    }
    auto info = m_ils.itemInfo(e.itemId);
    if (!info) return false;
    using CS = ils::CirculationStatus;
    if (info->status == CS::charged || info->status == CS::chargedNotToBeRecalled) {
      ils::CheckinRequest back;
      back.ctx = context(e.txId + "-undo");
      back.itemId = e.itemId;
      back.location = m_config.location;
      back.cancel = false;
      auto r = m_ils.checkin(back);
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
      auto info = m_ils.itemInfo(e.itemId);
      if (!info) return false;
      using CS = ils::CirculationStatus;
      if (info->status == CS::charged || info->status == CS::chargedNotToBeRecalled) return cancelLoan(false);
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
      ils::CheckinRequest req;
      req.ctx = ils::Context{e.txId, e.when, false};
      req.itemId = e.itemId;
      req.location = m_config.location;
      r = m_ils.checkin(req);
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
