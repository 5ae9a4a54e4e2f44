// Identify: the card on the pad or typed, the PIN, online or as far as the offline policy vouches.
#include "common/circulation/engineparts.h"

#include <algorithm>
#include <optional>

namespace lasis::circulation {

using engine_detail::ilsWords;

namespace {

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

} // namespace

// ---------------------------------------------------------------------------------------------
// Identify

Result<CirculationEngine::PadCard> CirculationEngine::findCardOnPad() {
  // The card on the pad: ISO 28560 patron data, or (if configured) the card's UID.
  std::lock_guard lock(m_readerMutex);
  auto inv = m_reader.inventory();
  if (!inv) return fail(Errc::unavailable, "The card reader is not answering. Please type your card number.");
  for (const auto& t : *inv) {
    auto contents = m_reader.read(t.uid);
    if (!contents) continue;
    auto d = tagdata::decode(contents->data);
    if (d && d->crcOk && d->item.usage == tagdata::usage::patronCard) return PadCard{d->item.itemId, t.uid, d->item.owner};
    if (!d && m_config.patronCardByUid) return PadCard{t.uid, t.uid, {}};
  }
  return fail(Errc::notFound, "No library card found on the pad. Place your card or type its number.");
}

std::optional<std::string> CirculationEngine::cardOnPad() {
  if (m_patron) return std::nullopt;
  auto found = findCardOnPad();
  if (!found) return std::nullopt;
  return found->number;
}

scan::Meaning CirculationEngine::presentScan(const scan::Scan& code) {
  const bool visit = m_patron.has_value();
  if (visit) touch();
  auto m = m_config.network.classify(code, visit ? scan::Meaning::What::item : scan::Meaning::What::patron);
  // Logs name the rule that decided, never a patron's number.
  const std::string rule = m.rule.empty() ? std::string("no rule") : "rule " + m.rule;
  switch (m.what) {
  case scan::Meaning::What::patron:
    if (visit) {
      m_log->info("a patron card was scanned during a visit ({}): ignored", rule);
      tell(Outcome::busy);
      break;
    }
    m_presented = m;
    m_presentedAt = m_clock.monotonic();
    m_log->info("a patron card was scanned ({})", rule);
    break;
  case scan::Meaning::What::foreign: {
    m_log->info("a card of {} (outside the network) was scanned: refused", m.library.empty() ? "another library" : m.library);
    if (visit) {
      tell(Outcome::foreignCard, m.library);
      break;
    }
    LoginOutcome o;
    o.reason = Outcome::foreignCard;
    o.library = m.library;
    std::lock_guard lock(m_listenerMutex);
    m_listener.onLogin(o);
    break;
  }
  case scan::Meaning::What::unrecognised:
    m_log->info("a scanned code was not recognised: {}", m.reason);
    tell(Outcome::unrecognisedCode);
    break;
  case scan::Meaning::What::item:
    m_log->info("item {} was scanned", forLog(m.id));
    break;
  case scan::Meaning::What::staff:
    m_log->info("a staff card was scanned ({})", rule);
    break;
  }
  return m;
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
    return finish(out);
  }
  if (auto fault = firstFault()) {
    out.reason = Outcome::outOfOrder;
    m_log->info("login refused: out of order ({})", *fault);
    return finish(out);
  }
  std::string card = cardIn;
  std::string cardUid;
  std::string owner;
  if (m_presented && m_clock.monotonic() - m_presentedAt > m_config.sessionTimeout) m_presented.reset();
  const bool scanned = card.empty() && m_presented;
  if (scanned) {
    card = m_presented->id;  // read by the card rules when it was scanned; kept for a PIN retried
  } else if (card.empty()) {
    auto found = findCardOnPad();
    if (!found) {
      out.reason = Outcome::noCard;
      m_log->info("login: {}", found.error().describe());
      return finish(out);
    }
    card = found->number;
    cardUid = found->uid;
    owner = found->owner;
  }
  if (!scanned && !m_config.network.empty()) {
    // A tapped or typed card is read by the same rules as a scanned one: its owner library (the
    // tag's ISIL) and its number say which library issued it.
    const auto m = m_config.network.classify(scan::Scan{card, scan::Symbology::unknown, {}});
    if (!m_config.network.ownerInNetwork(owner) || m.what == scan::Meaning::What::foreign) {
      const auto* byIsil = owner.empty() ? nullptr : m_config.network.ruleForIsil(owner);
      out.reason = Outcome::foreignCard;
      out.library = m.what == scan::Meaning::What::foreign ? m.library : byIsil ? byIsil->library : std::string();
      m_log->info("login refused: a card of {} (outside the network)", out.library.empty() ? "another library" : out.library);
      return finish(out);
    }
    // A card of the network: sent in the form its library's ILS expects. Anything else (a number
    // no rule knows) goes as it is and the ILS decides.
    if (m.what == scan::Meaning::What::patron) card = m.id;
  }

  // A card or PIN the ILS's protocol cannot carry (a '|', a control character, too long: a
  // rewritten card, an NFC phone) is an unreadable card, not an outage: the ILS is not asked, and
  // the online/offline state is left as it is.
  if (auto problem = credentialProblem(card, pin)) {
    m_log->warn("login refused: {}", *problem);
    out.reason = Outcome::unreadableCard;
    return finish(out);
  }
  auto st = m_ils.patronStatus(card, pin);
  if (!st && (st.error().is(Errc::invalidArgument) || st.error().is(Errc::unsupported))) {
    // The client refused to form the request (a character the ILS's code page lacks): nothing
    // reached the ILS, so this says nothing about whether it is up.
    m_log->warn("login refused: the card cannot be sent to the library system: {}", st.error().describe());
    out.reason = Outcome::unreadableCard;
    return finish(out);
  }
  PatronView view;
  view.patronId = card;
  if (!st && ilsFailed(st.error())) {
    out.reason = Outcome::outOfOrder;
    return finish(out);
  }
  if (!st) {
    if (m_config.offline.mode != OfflineMode::returnsAndCheckouts) {
      out.reason = Outcome::ilsUnreachable;
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
      return finish(out);
    }
    view.provisional = true;
  } else {
    ilsAnswered();
    if (!st->validPatron) {
      out.reason = Outcome::unknownCard;
      out.ilsText = ilsWords(*st);
      return finish(out);
    }
    if (st->validPin.has_value() && !*st->validPin) {
      out.reason = Outcome::wrongPin;
      return finish(out);
    }
    view.name = st->name;
    view.blocked = st->chargeDenied || st->cardLost;
    view.ilsMessages = st->screenMessages;
    view.cardLost = st->cardLost;
    view.blocks = patronBlocks(st->blocks);
    view.currency = st->currency;
    view.fines = st->feeAmount;
    // Remembered for offline checks; a failure here costs only offline service, never this login.
    if (auto r = m_journal.rememberPatron(card, pin, view.blocked); !r) {
      m_log->warn("patron cache: {}", r.error().describe());
    }
  }
  m_patron = view;
  m_pin = pin;
  m_cardUid = cardUid;
  m_presented.reset();
  m_lentThisSession.clear();
  m_receiptLines.clear();
  m_offlineCheckouts = 0;
  touch();
  out.ok = true;
  out.reason = view.blocked ? Outcome::blocked : Outcome::ok;
  out.patron = view;
  m_log->info("session started ({})", view.provisional ? "provisional" : "verified");
  return finish(out);
}

} // namespace lasis::circulation
