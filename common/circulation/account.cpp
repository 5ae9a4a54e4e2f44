// Account, renewals, holds and item status: requests with no tag to change.
#include "common/circulation/engineparts.h"

#include <fmt/format.h>

#include <map>

namespace lasis::circulation {

using engine_detail::ilsWords;

// ---------------------------------------------------------------------------------------------
// Account, renewals, holds, item status

void CirculationEngine::account() {
  touch();
  if (!m_patron) {
    tell(Outcome::loginRequired);
    return;
  }
  auto a = m_ils.patronAccount(m_patron->patronId, m_pin);
  if (!a) {
    (void)ilsFailed(a.error());
    tell(Outcome::ilsUnreachable);
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
    publish(o);
    return;
  }
  // A loan still waiting in the queue must reach the ILS before it can be renewed there.
  if (auto waiting = deliverQueued(itemId); !waiting) {
    if (waiting.error().is(Errc::unavailable) || waiting.error().is(Errc::refused)) (void)ilsFailed(waiting.error());
    o.reason = Outcome::ilsUnreachable;
    addReceiptLine(o);
    publish(o);
    return;
  }
  ils::RenewRequest req{context(newTxId()), m_patron->patronId, m_pin, itemId};
  auto r = m_ils.renew(req);
  if (!r) {
    (void)ilsFailed(r.error());
    o.reason = Outcome::ilsUnreachable;
  } else if (!r->ok) {
    o.title = r->title;
    o.reason = Outcome::refused;
    o.ilsText = ilsWords(*r);
  } else {
    o.ok = true;
    o.title = r->title;
    o.reason = Outcome::renewed;
    o.dueDate = r->dueDate;
    o.ilsText = ilsWords(*r);
  }
  addReceiptLine(o);
  publish(o);
}

void CirculationEngine::renewAll() {
  touch();
  if (!m_patron) {
    tell(Outcome::loginRequired);
    return;
  }
  auto r = m_ils.renewAll(m_patron->patronId, m_pin);
  if (!r) {
    (void)ilsFailed(r.error());
    tell(Outcome::ilsUnreachable);
    return;
  }
  if (!r->ok && r->renewed.empty() && r->unrenewed.empty()) {
    tell(Outcome::refused, ilsWords(*r));
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
    if (auto it = due.find(id); it != due.end()) o.dueDate = it->second;
    addReceiptLine(o);
    publish(o);
  }
  for (const auto& id : r->unrenewed) {
    ItemOutcome o;
    o.action = Action::renew;
    o.itemId = id;
    o.reason = Outcome::refused;
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
    publish(o);
    return;
  }
  ils::HoldRequest req{context(newTxId()), m_patron->patronId, m_pin, itemId,
                       pickup.empty() ? m_config.location : pickup};
  auto r = m_ils.placeHold(req);
  if (!r) {
    (void)ilsFailed(r.error());
    o.reason = Outcome::ilsUnreachable;
  } else {
    o.ok = r->ok;
    o.title = r->title;
    o.queuePosition = r->queuePosition;
    o.pickupLocation = r->pickupLocation.empty() ? req.pickupLocation : r->pickupLocation;
    o.reason = r->ok ? Outcome::holdPlaced : Outcome::refused;
    o.ilsText = ilsWords(*r);
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
    publish(o);
    return;
  }
  ils::HoldRequest req{context(newTxId()), m_patron->patronId, m_pin, itemId, pickup};
  auto r = m_ils.cancelHold(req);
  if (!r) {
    (void)ilsFailed(r.error());
    o.reason = Outcome::ilsUnreachable;
  } else {
    o.ok = r->ok;
    o.title = r->title;
    // Where it was to be picked up, as the library system says (SIP2 16 BS): the kiosk's undo
    // places it again there (the account's hold list, SIP2 64, does not name it).
    o.pickupLocation = r->pickupLocation.empty() ? req.pickupLocation : r->pickupLocation;
    o.reason = r->ok ? Outcome::holdCancelled : Outcome::refused;
    o.ilsText = ilsWords(*r);
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
    // Where it stands, when that is another branch (the screen names it).
    if (r->currentLocation != m_config.location) o.destination = r->currentLocation;
    break;
  case CS::charged:
  case CS::chargedNotToBeRecalled:
  case CS::recalled:
    o.reason = Outcome::onLoan;
    break;
  case CS::onHoldShelf: o.reason = Outcome::onHoldShelf; break;
  case CS::inTransit: o.reason = Outcome::inTransit; break;
  case CS::awaitingReshelving: o.reason = Outcome::reshelving; break;
  default: o.reason = Outcome::unavailable; break;
  }
  publish(o);
}

} // namespace lasis::circulation
