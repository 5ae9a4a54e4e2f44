// The pad: what lies on it, grouped into items (the parts of a set) and judged before any ILS call.
#include "common/circulation/engineparts.h"

#include <algorithm>

namespace lasis::circulation {

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
  int total = 0;
  for (const auto& tag : seen) total += tag.uid != m_cardUid ? 1 : 0;
  int read = 0;
  auto progress = [&] {
    if (total == 0) return;
    std::lock_guard lock(m_listenerMutex);
    m_listener.onPadProgress(read, total);
  };
  progress();
  for (const auto& tag : seen) {
    if (tag.uid == m_cardUid) continue;
    Result<rfid::TagContents> contents = readTag(tag.uid);
    ++read;
    progress();
    if (!contents) {
      if (contents.error().is(Errc::notFound)) continue;  // lifted off the pad meanwhile
      Candidate c;
      c.itemId = "tag " + tag.uid;
      c.uids = {tag.uid};
      c.problem = Outcome::tagDamaged;
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
    c.owner = item.owner;
    out.push_back(std::move(c));
  }
  for (auto& c : out) {
    if (c.problem) continue;
    if (!m_config.network.ownerInNetwork(c.owner)) {
      // A book of a library outside the network (its tag names the owner): not ours to lend or
      // take back; the desk sends it home.
      c.problem = Outcome::notOurItem;
    } else if (forCheckout && c.usage == tagdata::usage::notForLoan) {
      c.problem = Outcome::notForLoan;
    } else if (c.usage == tagdata::usage::discarded || c.usage == tagdata::usage::acquisition) {
      c.problem = Outcome::notForLoan;
    } else if (static_cast<int>(c.ordinals.size()) < c.parts) {
      // An incomplete multi-part set is refused whole: lending 2 of 3 discs would leave the
      // third either unsecured on the shelf or lost from the record.
      c.problem = Outcome::incompleteSet;
    }
  }
  return out;
}

Result<CirculationEngine::Candidate> CirculationEngine::itemByBarcode(const std::string& itemId, bool forCheckout) {
  auto scan = scanPad(forCheckout);
  if (!scan) return scan.error();
  for (auto& c : *scan) {
    if (c.itemId == itemId) return std::move(c);  // on the pad: its tags change as for any item
  }
  Candidate c;  // not on the pad: an item with no RFID tag, nothing to secure or unsecure
  c.itemId = itemId;
  return c;
}

Result<rfid::TagContents> CirculationEngine::readTag(const std::string& uid) {
  if (auto it = m_tagCache.find(uid); it != m_tagCache.end()) return it->second;
  Result<rfid::TagContents> contents = [&] {
    std::lock_guard lock(m_readerMutex);
    return m_reader.read(uid);
  }();
  if (contents && m_cacheReads) m_tagCache[uid] = *contents;
  return contents;
}

std::vector<std::string> CirculationEngine::itemsOnPad() {
  std::vector<std::string> ids;
  m_cacheReads = true;
  auto scan = scanPad(false);
  m_cacheReads = false;
  if (!scan) return ids;
  std::lock_guard lock(m_sessionMutex);
  for (const auto& c : *scan) {
    // Not a damaged tag, and not a book just lent in this visit that is still lying there.
    if (c.problem != Outcome::tagDamaged && !m_lentThisSession.count(c.itemId)) ids.push_back(c.itemId);
  }
  return ids;
}

void CirculationEngine::readPadAhead() {
  m_cacheReads = true;
  auto scan = scanPad(true);
  m_cacheReads = false;
  if (!scan) m_log->debug("reading the pad ahead: {}", scan.error().describe());
}

} // namespace lasis::circulation
