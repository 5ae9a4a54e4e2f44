#pragma once
// Inside the queue's store: how an outbox row is read and written, shared by the store's parts
// (open and schema, outbox, salvage, journal and caches; one file each). Include only from
// drivers/sqlite/queue/*.cpp.

#include "common/queue/queuetypes.h"
#include "drivers/sqlite/sqlitedb.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lasis::queue::store_detail {

using storage::SqliteStmt;

inline std::int64_t toUs(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint fromUs(std::int64_t us) { return TimePoint(Clock::Duration(us)); }

/// The columns every schema version has (salvage reads files of any version with these).
inline constexpr const char* kColumnsV1 =
    "seq, id, kind, item_id, coalesce(patron_ref, ''), kiosk, location, done_at, due_at, offline, state, attempts, "
    "answer, last_error, title, created_at, updated_at, resolved, staff_note, journaled";
inline constexpr const char* kColumns =
    "seq, id, kind, item_id, coalesce(patron_ref, ''), kiosk, location, done_at, due_at, offline, state, attempts, "
    "answer, last_error, title, created_at, updated_at, resolved, staff_note, journaled, tag_uids";

/// Tag UIDs as stored: hex UIDs separated by single spaces (a UID never holds a space).
inline std::string joinUids(const std::vector<std::string>& uids) {
  std::string out;
  for (const auto& u : uids) out += (out.empty() ? "" : " ") + u;
  return out;
}
inline std::vector<std::string> splitUids(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < text.size()) {
    auto end = text.find(' ', at);
    if (end == std::string::npos) end = text.size();
    if (end > at) out.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

inline constexpr const char* kNotFinal = "('pending', 'sending', 'uncertain')";

inline QueuedTxn readRow(const SqliteStmt& st, bool withTags = true) {
  QueuedTxn t;
  t.seq = st.int64(0);
  t.id = st.text(1);
  t.kind = kindFromString(st.text(2)).value_or(Kind::checkout);
  t.itemId = st.text(3);
  t.patronId = st.text(4);
  t.kiosk = st.text(5);
  t.location = st.text(6);
  t.when = fromUs(st.int64(7));
  if (auto d = st.optInt64(8)) t.dueDate = fromUs(*d);
  t.offline = st.int64(9) != 0;
  t.state = stateFromString(st.text(10)).value_or(TxnState::pending);
  t.attempts = static_cast<int>(st.int64(11));
  t.answer = st.text(12);
  t.lastError = st.text(13);
  t.title = st.text(14);
  t.createdAt = fromUs(st.int64(15));
  t.updatedAt = fromUs(st.int64(16));
  t.resolved = st.int64(17) != 0;
  t.staffNote = st.text(18);
  t.journaled = st.int64(19) != 0;
  if (withTags) t.tagUids = splitUids(st.text(20));
  return t;
}

inline std::string hex(const unsigned char* p, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  s.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    s.push_back(digits[p[i] >> 4]);
    s.push_back(digits[p[i] & 0xf]);
  }
  return s;
}

} // namespace lasis::queue::store_detail
