// The circulation engine's core: journal writes, faults and mode, events, tag writes, receipt; the session (idle timeout, end, tick).
#include "common/circulation/engineparts.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

namespace lasis::circulation {

namespace {

std::string maskCard(const std::string& card) {
  if (card.size() <= 4) return std::string(card.size(), '*');
  return std::string(card.size() - 4, '*') + card.substr(card.size() - 4);
}

} // namespace

CirculationEngine::CirculationEngine(CirculationConfig config, rfid::TagReader& reader, ils::IlsClient& ils,
                                     CirculationJournal& journal, const Clock& clock,
                                     CirculationListener& listener, Logger log, IlsHealth* health)
    : m_config(std::move(config)), m_reader(reader), m_ils(ils), m_journal(journal), m_clock(clock),
      m_listener(listener), m_log(std::move(log)),
      m_ownHealth(health ? nullptr : std::make_unique<IlsHealth>(ownHealth(), clock)),
      m_health(health ? *health : *m_ownHealth) {
  m_mode = m_health.online() ? Mode::online : Mode::offline;
  if (m_config.concurrency < 1) m_config.concurrency = 1;
  if (m_config.writeAttempts < 1) m_config.writeAttempts = 1;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

IlsHealth::Settings CirculationEngine::ownHealth() {
  // The engine alone (no replay sharing the answer): online at start, offline at the first
  // failure a patron meets, asked again every 30 s.
  IlsHealth::Settings s;
  s.startOnline = true;
  s.probeInterval = std::chrono::seconds(30);
  s.maxProbeInterval = std::chrono::seconds(30);
  return s;
}

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

ItemOutcome& CirculationEngine::journalFailedOutcome(ItemOutcome& o) {
  o.reason = Outcome::journalFailed;
  o.seeStaff = true;
  setMode(Mode::outOfOrder, "This kiosk cannot record transactions. Please use the desk.");
  return o;
}

ItemOutcome& CirculationEngine::outOfOrderOutcome(ItemOutcome& o) {
  o.reason = Outcome::outOfOrder;
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
  m_health.trip();
  setMode(Mode::offline, "The library system is not answering.");
  return false;
}

void CirculationEngine::ilsAnswered() {
  m_health.recordSuccess();
  setMode(Mode::online, "");
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
    if (!any) setMode(m_health.online() ? Mode::online : Mode::offline, "");
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

void CirculationEngine::tell(Outcome code, const std::string& ilsText) {
  std::lock_guard lock(m_listenerMutex);
  m_listener.onMessage(code, ilsText);
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

Status CirculationEngine::setSecurityAll(const std::vector<std::string>& uids, bool secured, std::size_t* done) {
  if (done) *done = 0;
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
    if (done) ++*done;
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
// Session

void CirculationEngine::touch() {
  m_lastActivity = m_clock.monotonic();
  m_warned = false;
}

void CirculationEngine::endSession(SessionEndReason reason) {
  m_presented.reset();  // a card scanned by someone who never typed the PIN goes too
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
  m_answered.clear();
  m_returnedRun.clear();
  m_tagCache.clear();
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
  // Online or offline is the health's answer (shared with the queue's replay, which may have
  // seen the ILS come back or go away): the engine probes only when it is due for everyone.
  if (m_health.claimProbe()) {
    auto s = m_ils.status();
    if (s && s->online) m_health.recordSuccess();
    else m_health.recordFailure();
  }
  const Mode before = m_mode.load();
  if (m_health.online() && before == Mode::offline) {
    setMode(Mode::online, "");
    if (!m_patron) (void)recover();  // entries left for the ILS are finished now
  } else if (!m_health.online() && before == Mode::online) {
    setMode(Mode::offline, "The library system is not answering.");
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

} // namespace lasis::circulation
