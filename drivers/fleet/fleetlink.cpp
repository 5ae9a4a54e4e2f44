#include "drivers/fleet/fleetlink.h"

#include "drivers/fleet/mqttconnect.h"

#include "drivers/sqlite/sqlitedb.h"

#include <mosquitto.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <map>
#include <optional>
#include <mutex>
#include <thread>

namespace lasis::fleet {

namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

/// How many events may be handed to libmosquitto and not yet acknowledged. The rest wait in the
/// outbox, so a long outage costs disk, not memory.
constexpr std::size_t kWindow = 64;

const SystemClock kSystemClock;


std::string mosqError(int rc) {
  if (rc == MOSQ_ERR_ERRNO) return std::strerror(errno);
  return mosquitto_strerror(rc);
}

} // namespace

std::string rfc3339Utc(Clock::TimePoint t) {
  using namespace std::chrono;
  const auto secs = time_point_cast<seconds>(t);
  const auto ms = duration_cast<milliseconds>(t - secs).count();
  const std::time_t tt = system_clock::to_time_t(secs);
  std::tm tm{};
  ::gmtime_r(&tt, &tm);
  char buf[96];  // room for any int the compiler can imagine, not just years 0000-9999
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

struct FleetLink::Impl {
  FleetLinkOptions opt;
  InboundHandler onInbound;
  const Clock* clock = &kSystemClock;
  Logger log;
  std::string stateTopic, eventsTopic, cmdTopic, configTopic;

  mutable std::mutex mutex;  // everything below, and every call that hands a message to libmosquitto
  std::condition_variable cv;
  std::optional<storage::SqliteDb> db;  // opened by start(), before the thread
  mosquitto* mosq = nullptr;
  bool connected = false;        // CONNACK seen and the post-connect work done (birth, subscribe)
  bool justConnected = false;    // set by the CONNACK callback, handled by the network thread
  bool stopping = false;
  std::int64_t lastHanded = 0;   // highest seq handed to libmosquitto (which keeps and resends it)
  std::map<int, std::int64_t> inflight;  // mid → seq, until its PUBACK
  int offlineMid = -1;           // the graceful "offline" state's mid, while it is in flight
  OrderedJson extraState = OrderedJson::object();
  std::string since;
  LinkStatus st;
  std::thread thread;
  // libmosquitto's last warning or error line (an OpenSSL reason, say), for a TLS failure's
  // message. A mutex of its own: libmosquitto logs from inside calls made under `mutex`.
  std::mutex libLineMutex;
  std::string libLine;

  // ---- outbox -------------------------------------------------------------------------------
  Status openOutbox() {
    std::error_code ec;
    const std::filesystem::path file(opt.config.outbox);
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
    auto d = storage::SqliteDb::open(file, storage::SqliteDb::Mode::readWriteCreate, 2000);
    if (!d) return d.error().context("fleet outbox");
    db.emplace(std::move(*d));
    // WAL + FULL: a row is on disk when publishEvent returns, and a reader never blocks the writer.
    if (auto m = db->prepare("PRAGMA journal_mode=WAL"); !m) return m.error();
    else if (auto r = m->step(); !r) return r.error();
    if (auto s = db->exec("PRAGMA synchronous=FULL"); !s) return s;
    // AUTOINCREMENT: a seq is never reused, not even after the outbox has been emptied, so the
    // fleet service can tell a lost event (a gap) from a resent one (a repeat).
    if (auto s = db->exec("CREATE TABLE IF NOT EXISTS events(seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                         "at TEXT NOT NULL, type TEXT NOT NULL, fields TEXT NOT NULL)");
        !s)
      return s;
    auto n = db->scalar("SELECT count(*) FROM events");
    if (!n) return n.error();
    st.outboxDepth = *n;
    return {};
  }

  /// Drops one event to make room: the oldest "counts" (a lost count is a gap in a chart; a lost
  /// alarm or fault is a missed incident), else the oldest of all. Never one already handed to
  /// libmosquitto.
  Status dropOne() {
    auto q = db->prepare("SELECT seq, type FROM events WHERE seq = coalesce("
                         "(SELECT min(seq) FROM events WHERE type = 'counts' AND seq > ?1),"
                         "(SELECT min(seq) FROM events WHERE seq > ?1))");
    if (!q) return q.error();
    q->bind(1, lastHanded);
    auto row = q->step();
    if (!row) return row.error();
    if (!*row) return {};  // all in flight: the outbox goes one over its bound for a moment
    const std::int64_t seq = q->int64(0);
    const std::string type = q->text(1);
    auto del = db->prepare("DELETE FROM events WHERE seq = ?");
    if (!del) return del.error();
    del->bind(1, seq);
    if (auto s = del->run(); !s) return s;
    ++st.dropped;
    --st.outboxDepth;
    if (log) {
      log->warn("fleet outbox full ({} events): dropped event {} ({}), {} dropped since start", opt.outboxMax, seq,
                forLog(type), st.dropped);
    }
    return {};
  }

  /// Hands waiting events to libmosquitto in seq order, up to the window. Caller holds the mutex.
  void pump() {
    if (!connected || stopping) return;
    while (inflight.size() < kWindow) {
      auto q = db->prepare("SELECT seq, at, type, fields FROM events WHERE seq > ? ORDER BY seq LIMIT 16");
      if (!q) {
        st.lastError = q.error().message();
        return;
      }
      q->bind(1, lastHanded);
      int got = 0;
      for (;;) {
        auto row = q->step();
        if (!row) {
          st.lastError = row.error().message();
          return;
        }
        if (!*row) break;
        ++got;
        const std::int64_t seq = q->int64(0);
        OrderedJson msg = OrderedJson::object();
        msg["seq"] = seq;
        msg["at"] = q->text(1);
        msg["type"] = q->text(2);
        auto fields = OrderedJson::parse(q->text(3), nullptr, false);
        if (fields.is_object()) {
          for (auto& [k, v] : fields.items()) msg[k] = v;
        }
        const std::string payload = msg.dump();
        int mid = 0;
        const int rc = mosquitto_publish(mosq, &mid, eventsTopic.c_str(), static_cast<int>(payload.size()),
                                         payload.data(), 1, false);
        // libmosquitto queues a QoS 1 message before it tries to send it: NO_CONN and CONN_LOST
        // mean "queued, sent after the reconnect", so the event is handed over all the same.
        if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_NO_CONN && rc != MOSQ_ERR_CONN_LOST) {
          st.lastError = "publishing event " + std::to_string(seq) + ": " + mosqError(rc);
          if (log) log->warn("fleet: {}", st.lastError);
          return;
        }
        inflight[mid] = seq;
        lastHanded = seq;
        if (log) log->debug("fleet: event {} → {} ({} bytes)", seq, eventsTopic, payload.size());
        if (inflight.size() >= kWindow) return;
      }
      if (got == 0) return;
    }
  }

  void acked(int mid) {
    std::lock_guard lock(mutex);
    if (mid == offlineMid) {
      offlineMid = -1;
      cv.notify_all();
      return;
    }
    auto it = inflight.find(mid);
    if (it == inflight.end()) return;  // the birth or a state update
    auto del = db->prepare("DELETE FROM events WHERE seq = ?");
    if (del) {
      del->bind(1, it->second);
      if (auto s = del->run(); !s) {
        st.lastError = s.error().message();
      } else {
        --st.outboxDepth;
        ++st.delivered;
      }
    } else {
      st.lastError = del.error().message();
    }
    inflight.erase(it);
  }

  // ---- state ----------------------------------------------------------------------------------
  std::string statePayload(std::string_view state, bool withExtra) const {
    OrderedJson j = OrderedJson::object();
    j["state"] = state;
    j["kind"] = opt.kind;
    j["version"] = opt.version;
    if (!since.empty()) j["since"] = since;
    if (withExtra) {
      for (auto& [k, v] : extraState.items()) j[k] = v;
    }
    return j.dump();
  }

  void publishState() {  // caller holds the mutex
    if (!connected) return;
    const std::string p = statePayload("online", true);
    const int rc = mosquitto_publish(mosq, nullptr, stateTopic.c_str(), static_cast<int>(p.size()), p.data(), 1, true);
    if (rc != MOSQ_ERR_SUCCESS && log) log->warn("fleet: publishing state: {}", mosqError(rc));
    if (log) log->debug("fleet: state → {} ({} bytes)", stateTopic, p.size());
  }

  // ---- the network thread --------------------------------------------------------------------
  void afterConnect() {  // on the network thread, after libmosquitto finished with the CONNACK
    std::lock_guard lock(mutex);
    justConnected = false;
    connected = true;
    since = rfc3339Utc(clock->now());
    publishState();  // the birth, with every extra field set so far
    for (const auto* t : {&cmdTopic, &configTopic}) {
      const int rc = mosquitto_subscribe(mosq, nullptr, t->c_str(), 1);
      if (rc != MOSQ_ERR_SUCCESS && log) log->warn("fleet: subscribing to {}: {}", *t, mosqError(rc));
    }
    // libmosquitto has resent what was in flight when the last connection dropped (it did so
    // right after the CONNACK); the outbox's later events follow them, so the order holds.
    pump();
  }

  void run() {
    using namespace std::chrono;
    milliseconds pause = opt.reconnectMin;
    bool needConnect = true;
    for (;;) {
      {
        std::lock_guard lock(mutex);
        if (stopping && offlineMid < 0) break;
      }
      if (needConnect) {
        const int rc = mqttConnect(mosq, opt.config.url.host.c_str(), opt.config.url.port,
                                   static_cast<int>(opt.config.keepalive.count()), opt.config.url.tls);
        if (rc == MOSQ_ERR_SUCCESS) {
          needConnect = false;
        } else {
          noteError("broker " + opt.config.broker + ": " + mosqError(rc) + tlsReason(rc));
          if (!sleepFor(pause)) break;
          pause = std::min(pause * 2, opt.reconnectMax);
          continue;
        }
      }
      const int rc = mosquitto_loop(mosq, 100, 1);
      bool doAfterConnect = false;
      {
        std::lock_guard lock(mutex);
        doAfterConnect = justConnected;
      }
      if (doAfterConnect) {
        afterConnect();
        pause = opt.reconnectMin;
      } else if (rc == MOSQ_ERR_SUCCESS) {
        std::lock_guard lock(mutex);
        pump();  // events acknowledged in this round made room in the window
      }
      if (rc != MOSQ_ERR_SUCCESS) {
        {
          std::lock_guard lock(mutex);
          if (connected && log) log->warn("fleet: connection to {} lost: {}", opt.config.broker, mosqError(rc));
          connected = false;
          if (stopping) break;
        }
        noteError("broker " + opt.config.broker + ": " + mosqError(rc) + tlsReason(rc));
        needConnect = true;
        if (!sleepFor(pause)) break;
        pause = std::min(pause * 2, opt.reconnectMax);
      }
    }
  }

  /// For a TLS failure, OpenSSL's reason as libmosquitto logged it ("certificate verify failed").
  std::string tlsReason(int rc) {
    if (rc != MOSQ_ERR_TLS) return "";
    std::lock_guard lock(libLineMutex);
    return libLine.empty() ? "" : " (" + libLine + ")";
  }

  void noteError(const std::string& what) {
    std::lock_guard lock(mutex);
    if (st.lastError != what && log) log->warn("fleet: {}", what);
    st.lastError = what;
  }

  /// false when stop() was asked for meanwhile.
  bool sleepFor(std::chrono::milliseconds d) {
    std::unique_lock lock(mutex);
    return !cv.wait_for(lock, d, [this] { return stopping; });
  }

  // ---- libmosquitto callbacks (on the network thread) ---------------------------------------
  static void onConnect(mosquitto*, void* self, int rc) {
    auto* impl = static_cast<Impl*>(self);
    if (rc != 0) {
      impl->noteError("the broker refused the connection: " + std::string(mosquitto_connack_string(rc)));
      return;
    }
    std::lock_guard lock(impl->mutex);
    impl->justConnected = true;
    ++impl->st.connects;
    impl->st.lastError.clear();
    if (impl->log) impl->log->info("fleet: connected to {} as {}", impl->opt.config.broker, subtreeOf(impl->opt.config.id));
  }
  static void onDisconnect(mosquitto*, void* self, int) {
    auto* impl = static_cast<Impl*>(self);
    std::lock_guard lock(impl->mutex);
    impl->connected = false;
  }
  static void onPublish(mosquitto*, void* self, int mid) { static_cast<Impl*>(self)->acked(mid); }
  static void onMessage(mosquitto*, void* self, const mosquitto_message* m) {
    auto* impl = static_cast<Impl*>(self);
    const std::string topic = m->topic ? m->topic : "";
    Channel ch;
    if (topic == impl->cmdTopic) ch = Channel::cmd;
    else if (topic == impl->configTopic) ch = Channel::config;
    else return;
    if (impl->log) impl->log->info("fleet: {} bytes on {}", m->payloadlen, topic);
    if (impl->onInbound) {
      impl->onInbound(ch, std::string(static_cast<const char*>(m->payload), static_cast<std::size_t>(m->payloadlen)));
    }
  }
  static void onLog(mosquitto*, void* self, int level, const char* text) {
    auto* impl = static_cast<Impl*>(self);
    // libmosquitto's own lines name packets and topics, never payloads.
    if (level & (MOSQ_LOG_ERR | MOSQ_LOG_WARNING)) {
      std::lock_guard lock(impl->libLineMutex);
      impl->libLine = text ? text : "";
    }
    if (!impl->log) return;
    if (level & (MOSQ_LOG_ERR | MOSQ_LOG_WARNING)) impl->log->debug("libmosquitto: {}", text);
    else impl->log->trace("libmosquitto: {}", text);
  }
};

Result<std::unique_ptr<FleetLink>> FleetLink::start(FleetLinkOptions options, InboundHandler onInbound) {
  mqttLibInit();
  auto impl = std::make_unique<Impl>();
  impl->opt = std::move(options);
  impl->onInbound = std::move(onInbound);
  if (impl->opt.clock) impl->clock = impl->opt.clock;
  impl->log = impl->opt.log;
  const auto& cfg = impl->opt.config;
  impl->stateTopic = topicFor(cfg.id, Channel::state);
  impl->eventsTopic = topicFor(cfg.id, Channel::events);
  impl->cmdTopic = topicFor(cfg.id, Channel::cmd);
  impl->configTopic = topicFor(cfg.id, Channel::config);
  if (auto s = impl->openOutbox(); !s) return s.error();

  // Clean session: the subscriptions are renewed on every connect. The outbox, not the broker's
  // session, is what keeps events across an outage.
  const std::string clientId = "lasis-" + cfg.id.network + "-" + cfg.id.branch + "-" + cfg.id.device;
  impl->mosq = mosquitto_new(clientId.c_str(), true, impl.get());
  if (!impl->mosq) return fail(Errc::noSpace, "fleet: mosquitto_new failed");
  mosquitto_threaded_set(impl->mosq, true);
  mosquitto_int_option(impl->mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
  mosquitto_connect_callback_set(impl->mosq, &Impl::onConnect);
  mosquitto_disconnect_callback_set(impl->mosq, &Impl::onDisconnect);
  mosquitto_publish_callback_set(impl->mosq, &Impl::onPublish);
  mosquitto_message_callback_set(impl->mosq, &Impl::onMessage);
  mosquitto_log_callback_set(impl->mosq, &Impl::onLog);
  if (cfg.url.tls) {
    int rc = mosquitto_tls_set(impl->mosq, cfg.caFile.c_str(), nullptr, cfg.certFile.c_str(), cfg.keyFile.c_str(), nullptr);
    if (rc != MOSQ_ERR_SUCCESS) {
      mosquitto_destroy(impl->mosq);
      return fail(Errc::config, "fleet: TLS files (ca_file " + cfg.caFile + ", cert_file " + cfg.certFile + ", key_file " +
                                    cfg.keyFile + "): " + mosqError(rc));
    }
    // The broker's certificate is verified against the network's CA and its name against the host.
    mosquitto_tls_opts_set(impl->mosq, 1, "tlsv1.2", nullptr);
    mosquitto_tls_insecure_set(impl->mosq, false);
  }
  // The last will: what the broker publishes (retained) when the link is lost without a goodbye.
  const std::string will = impl->statePayload("offline", false);
  mosquitto_will_set(impl->mosq, impl->stateTopic.c_str(), static_cast<int>(will.size()), will.data(), 1, true);

  if (impl->log) {
    impl->log->info("fleet: link to {} as {} ({} events waiting in {})", cfg.broker, subtreeOf(cfg.id),
                    impl->st.outboxDepth, cfg.outbox);
  }
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->run(); });
  return std::unique_ptr<FleetLink>(new FleetLink(std::move(impl)));
}

FleetLink::FleetLink(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

FleetLink::~FleetLink() {
  stop();
  if (m_impl->mosq) mosquitto_destroy(m_impl->mosq);
}

void FleetLink::stop() {
  auto& i = *m_impl;
  {
    std::unique_lock lock(i.mutex);
    if (i.stopping) return;
    // Goodbye: the retained state says offline (a clean disconnect does not fire the will).
    if (i.connected) {
      i.since = rfc3339Utc(i.clock->now());
      const std::string p = i.statePayload("offline", false);
      int mid = 0;
      if (mosquitto_publish(i.mosq, &mid, i.stateTopic.c_str(), static_cast<int>(p.size()), p.data(), 1, true) ==
          MOSQ_ERR_SUCCESS) {
        i.offlineMid = mid;
        i.cv.wait_for(lock, std::chrono::seconds(2), [&i] { return i.offlineMid < 0; });
        i.offlineMid = -1;
      }
    }
    i.stopping = true;
    i.cv.notify_all();
  }
  mosquitto_disconnect(i.mosq);
  if (i.thread.joinable()) i.thread.join();
  if (i.log) i.log->info("fleet: link stopped ({} events waiting)", status().outboxDepth);
}

Status FleetLink::publishEvent(std::string_view type, const nlohmann::json& fields) {
  if (!fields.is_object()) return fail(Errc::invalidArgument, "fleet event fields must be a JSON object");
  for (const char* k : {"seq", "at", "type"}) {
    if (fields.contains(k)) return fail(Errc::invalidArgument, std::string("fleet event field '") + k + "' is the link's");
  }
  if (type.empty()) return fail(Errc::invalidArgument, "fleet event without a type");
  auto& i = *m_impl;
  std::lock_guard lock(i.mutex);
  if (i.st.outboxDepth >= i.opt.outboxMax) {
    if (auto s = i.dropOne(); !s) return s;
  }
  auto ins = i.db->prepare("INSERT INTO events(at, type, fields) VALUES(?, ?, ?)");
  if (!ins) return ins.error();
  ins->bindAll(rfc3339Utc(i.clock->now()), std::string(type), fields.dump());
  if (auto s = ins->run(); !s) {
    i.st.lastError = s.error().message();
    return s.error().context("fleet outbox");
  }
  ++i.st.outboxDepth;
  i.pump();
  return {};
}

Status FleetLink::setState(const nlohmann::json& fields) {
  if (!fields.is_object()) return fail(Errc::invalidArgument, "fleet state fields must be a JSON object");
  for (const char* k : {"state", "kind", "version", "since"}) {
    if (fields.contains(k)) return fail(Errc::invalidArgument, std::string("fleet state field '") + k + "' is the link's");
  }
  auto& i = *m_impl;
  std::lock_guard lock(i.mutex);
  for (auto& [k, v] : fields.items()) {
    if (v.is_null()) i.extraState.erase(k);
    else i.extraState[k] = v;
  }
  i.publishState();
  return {};
}

LinkStatus FleetLink::status() const {
  std::lock_guard lock(m_impl->mutex);
  LinkStatus s = m_impl->st;
  s.connected = m_impl->connected;
  return s;
}

} // namespace lasis::fleet
