#include "simulator/ils/ilssimulator.h"

#include "simulator/control/controlargs.h"

#include <cstdlib>
#include <unistd.h>

namespace lasis::sim::ils {

namespace {

Json error(const std::string& what) { return {{"ok", false}, {"error", what}}; }

/// Reads an optional non-negative integer option of a control request.
bool readInt(const Json& req, const char* key, int& out, std::string& err) {
  auto v = intField(req, key, out, 0, 86'400'000);
  if (!v) {
    err = v.error().message();
    return false;
  }
  out = static_cast<int>(*v);
  return true;
}

bool readItems(const Json& req, const char* key, std::set<std::string>& out, std::string& err) {
  if (!req.contains(key)) return true;
  if (!req[key].is_array()) {
    err = std::string("\"") + key + "\" must be a list of item ids";
    return false;
  }
  std::set<std::string> items;
  for (const auto& v : req[key]) {
    if (!v.is_string()) {
      err = std::string("\"") + key + "\" must be a list of item ids";
      return false;
    }
    items.insert(v.get<std::string>());
  }
  out = std::move(items);
  return true;
}

} // namespace

Result<std::unique_ptr<IlsSimulator>> IlsSimulator::start(boost::asio::io_context& io, IlsOptions options,
                                                          const Clock& clock, Logger log) {
  auto profile = sip2::Profile::builtin(options.profile);
  // Each built-in profile is a dialect the simulator speaks as that server does (SipResponder):
  // koha (CRLF), evergreen (CR, ISO due dates), folio (edge-sip2: CR, IBM850, no error
  // detection, Hold and Block Patron unanswered), generic (the 3M text).
  if (!profile)
    return fail(Errc::config, "ILS profile must be koha, evergreen, folio or generic, not '" + options.profile + "'");
  if (!options.charset.empty()) {
    auto cs = sip2::charsetFromName(options.charset);
    if (!cs) return cs.error().context("ILS --charset");
    profile->charset = *cs;
    options.charset = std::string(cs->name());  // the canonical name, in url() and status
  }
  auto data = LibraryData::load(options.data);
  if (!data) return data.error().context("ILS data file");
  std::unique_ptr<IlsSimulator> sim(new IlsSimulator());
  sim->m_options = options;
  auto dbPath = options.db;
  if (dbPath.empty()) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "lasis-sim-ils-XXXXXX").string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) return fail(Errc::io, "ILS: cannot create a temporary database in " + std::filesystem::temp_directory_path().string());
    ::close(fd);
    dbPath = sim->m_tempDb = tmpl;
  }
  const auto faults = data->faults;
  auto store = IlsStore::open(dbPath, std::move(*data), clock);
  if (!store) return store.error();
  sim->m_store = std::move(*store);
  sim->m_server = std::make_unique<IlsServer>(io, *sim->m_store, *profile, log);
  auto& f = sim->m_server->faults();
  f.latencyMs = faults.latencyMs;
  f.idleTimeoutS = faults.idleTimeoutS;
  f.refuseLogins = faults.refuseLogins;
  f.dropItems = {faults.dropItems.begin(), faults.dropItems.end()};
  f.corruptItems = {faults.corruptItems.begin(), faults.corruptItems.end()};
  if (options.tlsCert.empty() != options.tlsKey.empty())
    return fail(Errc::config, "ILS: TLS needs both a certificate and its key");
  if (!options.tlsCert.empty())
    if (auto st = sim->m_server->enableTls(options.tlsCert, options.tlsKey); !st) return st.error();
  if (auto st = sim->m_server->listen(options.port); !st) return st.error();
  try {
    IlsSimulator* raw = sim.get();
    sim->m_control = std::make_unique<ControlServer>(io, [raw](const Json& r) { return raw->control(r); },
                                                     options.controlPort);
  } catch (const std::exception& e) {
    return fail(Errc::unavailable, std::string("ILS: cannot open the control port: ") + e.what());
  }
  return sim;
}

IlsSimulator::~IlsSimulator() {
  m_control.reset();
  m_server.reset();
  m_store.reset();
  if (!m_tempDb.empty()) {
    std::error_code ec;
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(m_tempDb.string() + ext, ec);
  }
}

std::string IlsSimulator::url() const {
  const auto& u = m_store->data().sipUsers.front();
  const bool tls = m_server->tls();
  return (tls ? "sip2s://" : "sip2://") + u.user + ":" + u.password + (tls ? "@localhost:" : "@127.0.0.1:") +
         std::to_string(m_server->port()) + "?institution=" + m_store->data().institution +
         "&profile=" + m_options.profile + (m_options.charset.empty() ? "" : "&charset=" + m_options.charset) +
         (tls && !m_options.tlsCa.empty() ? "&ca=" + m_options.tlsCa : "");
}

Json IlsSimulator::readyLine() const {
  Json j{{"device", "ils"}, {"url", url()}, {"control", controlUrl()}, {"tls", m_server->tls()}};
  if (!m_options.tlsCa.empty()) j["ca"] = m_options.tlsCa;
  return j;
}

Json IlsSimulator::control(const Json& req) {
  const std::string cmd = req.value("cmd", "");
  const auto str = [&](const char* key) { return req.contains(key) && req[key].is_string() ? req[key].get<std::string>() : ""; };
  auto& srv = *m_server;
  auto& st = *m_store;
  if (cmd == "status") {
    return {{"ok", true},           {"up", srv.isUp()},      {"port", srv.port()}, {"profile", m_options.profile},
            {"charset", std::string(srv.profile().charset.name())},
            {"connections", srv.connections()}, {"faults", srv.faults().toJson()}, {"counts", st.counts()}};
  }
  if (cmd == "loans") return {{"ok", true}, {"loans", st.allLoans(str("patron"))}};
  if (cmd == "checkouts") {
    Json j = st.checkoutCounts(str("item"));
    j["ok"] = true;
    return j;
  }
  if (cmd == "item") return st.itemJson(str("item"));
  if (cmd == "patron") return st.patronJson(str("patron"));
  if (cmd == "history") {
    auto limit = intField(req, "limit", 50, 1, 100'000);
    if (!limit) return error("history: " + limit.error().message());
    return {{"ok", true}, {"history", st.history(static_cast<int>(*limit))}};
  }
  if (cmd == "messages") {
    // What reached the library system: each request's code, institution (AO) and patron (AA).
    auto limit = intField(req, "limit", 100, 1, 1000);
    if (!limit) return error("messages: " + limit.error().message());
    Json list = Json::array();
    const auto& seen = srv.seen();
    const std::size_t from = seen.size() > static_cast<std::size_t>(*limit) ? seen.size() - static_cast<std::size_t>(*limit) : 0;
    for (std::size_t i = from; i < seen.size(); ++i)
      list.push_back({{"code", seen[i].code}, {"institution", seen[i].institution}, {"patron", seen[i].patron}});
    return {{"ok", true}, {"messages", list}};
  }
  if (cmd == "fault") {
    // Validate everything before changing anything: a bad request leaves the faults as they were.
    IlsFaults f = srv.faults();
    std::string err;
    if (!readInt(req, "latency_ms", f.latencyMs, err) || !readInt(req, "idle_timeout_s", f.idleTimeoutS, err) ||
        !readInt(req, "drop_replies", f.dropReplies, err) || !readInt(req, "corrupt_replies", f.corruptReplies, err) ||
        !readItems(req, "drop_items", f.dropItems, err) || !readItems(req, "corrupt_items", f.corruptItems, err))
      return error("fault: " + err);
    if (req.contains("refuse_logins")) {
      if (!req["refuse_logins"].is_boolean()) return error("fault: \"refuse_logins\" must be true or false");
      f.refuseLogins = req["refuse_logins"].get<bool>();
    }
    if (!str("drop_item").empty()) f.dropItems.insert(str("drop_item"));
    if (!str("corrupt_item").empty()) f.corruptItems.insert(str("corrupt_item"));
    srv.faults() = f;
    return {{"ok", true}, {"faults", f.toJson()}};
  }
  if (cmd == "clear_faults") {
    srv.faults() = IlsFaults{};
    return {{"ok", true}, {"faults", srv.faults().toJson()}};
  }
  if (cmd == "down") {
    srv.down();
    return {{"ok", true}, {"up", false}};
  }
  if (cmd == "up") {
    if (auto s = srv.up(); !s) return error(s.error().message());
    return {{"ok", true}, {"up", true}, {"port", srv.port()}};
  }
  if (cmd == "disconnect") {
    const auto n = srv.connections();
    srv.disconnectAll();
    return {{"ok", true}, {"closed", n}};
  }
  if (cmd == "time_shift") {
    // A century either way: far enough for any loan rule, and days × 86400 cannot overflow.
    auto seconds = intField(req, "seconds", 0, -3'155'760'000LL, 3'155'760'000LL);
    auto days = intField(req, "days", 0, -36'525, 36'525);
    if (!seconds || !days) return error("time_shift: " + (!seconds ? seconds : days).error().message());
    const long long secs = *seconds + *days * 86400LL;
    st.shiftTime(std::chrono::seconds(secs));
    return {{"ok", true}, {"now", std::chrono::duration_cast<std::chrono::seconds>(st.now().time_since_epoch()).count()}};
  }
  return error("unknown command '" + cmd +
               "' (status, loans, checkouts, item, patron, history, messages, fault, clear_faults, down, up, disconnect, time_shift)");
}

} // namespace lasis::sim::ils
