#include "fleet/fleetstore.h"

#include <algorithm>
#include <map>

namespace lasis::fleetsvc {

using nlohmann::json;

namespace {
constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kHourMs = 3'600'000;
} // namespace

Result<FleetStore> FleetStore::open(const std::filesystem::path& file) {
  auto db = storage::SqliteDb::open(file, storage::SqliteDb::Mode::readWriteCreate, 5000);
  if (!db) return db.error();
  auto st = db->exec(R"(
    PRAGMA journal_mode=WAL;
    PRAGMA synchronous=NORMAL;
    CREATE TABLE IF NOT EXISTS devices(
      network TEXT NOT NULL, branch TEXT NOT NULL, device TEXT NOT NULL,
      kind TEXT NOT NULL DEFAULT '', state TEXT NOT NULL DEFAULT '', version TEXT NOT NULL DEFAULT '',
      since TEXT NOT NULL DEFAULT '', last_seen INTEGER NOT NULL, state_json TEXT NOT NULL DEFAULT '{}',
      PRIMARY KEY(network, branch, device));
    CREATE TABLE IF NOT EXISTS events(
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      network TEXT NOT NULL, branch TEXT NOT NULL, device TEXT NOT NULL,
      seq INTEGER NOT NULL, at TEXT NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL,
      received INTEGER NOT NULL,
      UNIQUE(network, branch, device, seq));
    CREATE INDEX IF NOT EXISTS events_received ON events(received);
    CREATE INDEX IF NOT EXISTS events_type ON events(type, received);
    CREATE TABLE IF NOT EXISTS command_seq(device TEXT PRIMARY KEY, seq INTEGER NOT NULL);
  )");
  if (!st) return st.error();
  return FleetStore(std::move(*db));
}

Status FleetStore::putState(const std::string& network, const std::string& branch, const std::string& device,
                            const json& state, std::int64_t atMs) {
  auto stmt = m_db.prepare(
      "INSERT INTO devices(network, branch, device, kind, state, version, since, last_seen, state_json) "
      "VALUES(?,?,?,?,?,?,?,?,?) ON CONFLICT(network, branch, device) DO UPDATE SET kind=excluded.kind, "
      "state=excluded.state, version=excluded.version, since=excluded.since, last_seen=excluded.last_seen, "
      "state_json=excluded.state_json");
  if (!stmt) return stmt.error();
  const auto str = [&](const char* k) { return state.contains(k) && state[k].is_string() ? state[k].get<std::string>() : std::string(); };
  return stmt->bindAll(network, branch, device, str("kind"), str("state"), str("version"), str("since"), atMs, state.dump()).run();
}

Status FleetStore::touch(const std::string& network, const std::string& branch, const std::string& device,
                         std::int64_t atMs) {
  auto stmt = m_db.prepare(
      "INSERT INTO devices(network, branch, device, last_seen) VALUES(?,?,?,?) "
      "ON CONFLICT(network, branch, device) DO UPDATE SET last_seen=excluded.last_seen");
  if (!stmt) return stmt.error();
  return stmt->bindAll(network, branch, device, atMs).run();
}

Result<bool> FleetStore::addEvent(const std::string& network, const std::string& branch, const std::string& device,
                                  const json& event, std::int64_t atMs) {
  if (!event.is_object() || !event.contains("seq") || !event["seq"].is_number_integer() || !event.contains("type") ||
      !event["type"].is_string())
    return fail(Errc::parse, "an event without an integer seq and a type");
  json body = event;
  body.erase("seq");
  body.erase("type");
  body.erase("at");
  auto stmt = m_db.prepare(
      "INSERT OR IGNORE INTO events(network, branch, device, seq, at, type, body, received) VALUES(?,?,?,?,?,?,?,?)");
  if (!stmt) return stmt.error();
  const std::string at = event.contains("at") && event["at"].is_string() ? event["at"].get<std::string>() : "";
  auto st = stmt->bindAll(network, branch, device, event["seq"].get<std::int64_t>(), at, event["type"].get<std::string>(),
                          body.dump(), atMs)
                .run();
  if (!st) return st.error();
  return m_db.changes() > 0;
}

Result<json> FleetStore::devices(std::int64_t nowMs) {
  const std::int64_t dayStart = nowMs - nowMs % kDayMs;  // UTC midnight
  auto stmt = m_db.prepare(
      "SELECT d.network, d.branch, d.device, d.kind, d.state, d.version, d.since, d.last_seen, d.state_json, "
      "(SELECT COUNT(*) FROM events e WHERE e.network=d.network AND e.branch=d.branch AND e.device=d.device "
      " AND e.type='alarm' AND e.received >= ?) "
      "FROM devices d ORDER BY d.network, d.branch, d.device");
  if (!stmt) return stmt.error();
  stmt->bind(1, dayStart);
  json out = json::array();
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    json fields = json::parse(stmt->text(8), nullptr, false);
    if (!fields.is_object()) fields = json::object();
    for (const char* k : {"state", "kind", "version", "since"}) fields.erase(k);
    out.push_back({{"network", stmt->text(0)},
                   {"branch", stmt->text(1)},
                   {"device", stmt->text(2)},
                   {"kind", stmt->text(3)},
                   {"state", stmt->text(4).empty() ? "unknown" : stmt->text(4)},
                   {"version", stmt->text(5)},
                   {"since", stmt->text(6)},
                   {"last_seen_ms", stmt->int64(7)},
                   {"fields", fields},
                   {"alarms_today", stmt->int64(9)}});
  }
  return out;
}

Result<json> FleetStore::events(const EventQuery& q) {
  auto stmt = m_db.prepare(
      "SELECT network, branch, device, seq, at, type, body, received FROM events "
      "WHERE (?1 = '' OR branch = ?1) AND (?2 = '' OR device = ?2) AND (?3 = '' OR type = ?3) "
      "ORDER BY received DESC, id DESC LIMIT ?4");
  if (!stmt) return stmt.error();
  stmt->bindAll(q.branch, q.device, q.type, std::clamp(q.limit, 1, 1000));
  json out = json::array();
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    json body = json::parse(stmt->text(6), nullptr, false);
    out.push_back({{"network", stmt->text(0)},
                   {"branch", stmt->text(1)},
                   {"device", stmt->text(2)},
                   {"seq", stmt->int64(3)},
                   {"at", stmt->text(4)},
                   {"type", stmt->text(5)},
                   {"fields", body.is_object() ? body : json::object()},
                   {"received_ms", stmt->int64(7)}});
  }
  return out;
}

Result<json> FleetStore::countsPerHour(std::int64_t nowMs) {
  const std::int64_t firstHour = nowMs - nowMs % kHourMs - 23 * kHourMs;
  auto stmt = m_db.prepare(
      "SELECT (received / 3600000) * 3600000 AS h, "
      "SUM(COALESCE(json_extract(body, '$.people_in'), json_extract(body, '$.in'), 0)), "
      "SUM(COALESCE(json_extract(body, '$.people_out'), json_extract(body, '$.out'), 0)) "
      "FROM events WHERE type='counts' AND received >= ? GROUP BY h ORDER BY h");
  if (!stmt) return stmt.error();
  stmt->bind(1, firstHour);
  std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> byHour;
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    byHour[stmt->int64(0)] = {stmt->int64(1), stmt->int64(2)};
  }
  json out = json::array();
  for (int i = 0; i < 24; ++i) {
    const std::int64_t h = firstHour + i * kHourMs;
    const auto it = byHour.find(h);
    out.push_back({{"hour_ms", h}, {"in", it == byHour.end() ? 0 : it->second.first},
                   {"out", it == byHour.end() ? 0 : it->second.second}});
  }
  return out;
}

Result<std::uint64_t> FleetStore::nextCommandSeq(const std::string& deviceName) {
  auto txn = storage::SqliteTxn::begin(m_db);
  if (!txn) return txn.error();
  auto up = m_db.prepare(
      "INSERT INTO command_seq(device, seq) VALUES(?, 1) ON CONFLICT(device) DO UPDATE SET seq = seq + 1");
  if (!up) return up.error();
  if (auto st = up->bindAll(deviceName).run(); !st) return st.error();
  auto get = m_db.prepare("SELECT seq FROM command_seq WHERE device = ?");
  if (!get) return get.error();
  get->bindAll(deviceName);
  auto row = get->step();
  if (!row) return row.error();
  if (!*row) return fail(Errc::corrupt, "command_seq: the row just written is missing");
  const auto seq = static_cast<std::uint64_t>(get->int64(0));
  if (auto st = txn->commit(); !st) return st.error();
  return seq;
}

Result<int> FleetStore::pruneEvents(std::int64_t beforeMs) {
  auto stmt = m_db.prepare("DELETE FROM events WHERE received < ?");
  if (!stmt) return stmt.error();
  if (auto st = stmt->bindAll(beforeMs).run(); !st) return st.error();
  return m_db.changes();
}

} // namespace lasis::fleetsvc
