#include "fleet/brokerclient.h"

#include "drivers/fleet/mqttconnect.h"

#include <mosquitto.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace lasis::fleetsvc {

namespace {
std::string mosqError(int rc) {
  return rc == MOSQ_ERR_ERRNO ? std::generic_category().message(errno) : std::string(mosquitto_strerror(rc));
}
} // namespace

struct BrokerClient::Impl {
  ServiceConfig cfg;
  Logger log;
  MessageHandler onMessage;
  mosquitto* mosq = nullptr;
  std::thread thread;
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  std::atomic<bool> connected{false};
  std::string lastFailure;  // the network thread's only

  ~Impl() {
    if (mosq) mosquitto_destroy(mosq);
  }

  static void onConnect(mosquitto* m, void* self, int rc) {
    auto* impl = static_cast<Impl*>(self);
    if (rc != 0) {
      impl->log->warn("fleet: the broker refused the connection: {}", mosquitto_connack_string(rc));
      return;
    }
    impl->connected = true;
    impl->log->info("fleet: connected to {}", impl->cfg.brokerUrl);
    for (const char* channel : {"state", "events"}) {
      const std::string topic = "lasis/v1/" + impl->cfg.network + "/+/+/" + channel;
      const int src = mosquitto_subscribe(m, nullptr, topic.c_str(), 1);
      if (src != MOSQ_ERR_SUCCESS) impl->log->warn("fleet: subscribing to {}: {}", topic, mosqError(src));
    }
  }
  static void onMessageCb(mosquitto*, void* self, const mosquitto_message* msg) {
    auto* impl = static_cast<Impl*>(self);
    if (!msg->topic || msg->payloadlen < 0) return;
    impl->onMessage(msg->topic, std::string(static_cast<const char*>(msg->payload), static_cast<std::size_t>(msg->payloadlen)));
  }
  static void onLog(mosquitto*, void* self, int level, const char* text) {
    auto* impl = static_cast<Impl*>(self);
    if (level == MOSQ_LOG_ERR) impl->log->warn("libmosquitto: {}", text);
    else impl->log->debug("libmosquitto: {}", text);
  }

  bool sleepFor(std::chrono::milliseconds d) {
    std::unique_lock lock(mutex);
    return !wake.wait_for(lock, d, [this] { return stopping; });
  }

  void run() {
    using namespace std::chrono;
    milliseconds pause{1000};
    bool needConnect = true;
    for (;;) {
      {
        std::lock_guard lock(mutex);
        if (stopping) break;
      }
      if (needConnect) {
        const int rc = fleet::mqttConnect(mosq, cfg.broker.host.c_str(), cfg.broker.port, cfg.keepaliveS, cfg.broker.tls);
        if (rc != MOSQ_ERR_SUCCESS) {
          // Said once per kind of failure, not at every attempt of a broker down for a night.
          const std::string why = mosqError(rc);
          if (why != lastFailure) log->warn("fleet: cannot connect to {}: {} (trying again, with pauses up to 30 s)", cfg.brokerUrl, why);
          lastFailure = why;
          if (!sleepFor(pause)) break;
          pause = std::min(pause * 2, milliseconds(30'000));
          continue;
        }
        needConnect = false;
        pause = milliseconds(1000);
        lastFailure.clear();
      }
      const int rc = mosquitto_loop(mosq, 200, 1);
      if (rc != MOSQ_ERR_SUCCESS) {
        if (connected.exchange(false)) log->warn("fleet: connection to {} lost: {}", cfg.brokerUrl, mosqError(rc));
        needConnect = true;
        if (!sleepFor(pause)) break;
        pause = std::min(pause * 2, milliseconds(30'000));
      }
    }
    mosquitto_disconnect(mosq);
  }
};

BrokerClient::BrokerClient(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Result<std::unique_ptr<BrokerClient>> BrokerClient::start(const ServiceConfig& config, Logger log, MessageHandler onMessage) {
  fleet::mqttLibInit();
  auto impl = std::make_unique<Impl>();
  impl->cfg = config;
  impl->log = log ? log : nullLogger();
  impl->onMessage = std::move(onMessage);
  // A persistent session: what devices publish while the service restarts waits at the broker.
  impl->mosq = mosquitto_new(config.clientId.c_str(), false, impl.get());
  if (!impl->mosq) return fail(Errc::io, "fleet: mosquitto_new failed");
  mosquitto_int_option(impl->mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
  mosquitto_threaded_set(impl->mosq, true);  // publish() comes from the HTTP thread
  mosquitto_connect_callback_set(impl->mosq, &Impl::onConnect);
  mosquitto_message_callback_set(impl->mosq, &Impl::onMessageCb);
  mosquitto_log_callback_set(impl->mosq, &Impl::onLog);
  if (config.broker.tls) {
    const int rc = mosquitto_tls_set(impl->mosq, config.caFile.c_str(), nullptr, config.certFile.c_str(),
                                     config.keyFile.c_str(), nullptr);
    if (rc != MOSQ_ERR_SUCCESS)
      return fail(Errc::config, "broker: the TLS files (ca_file, cert_file, key_file) are not usable: " + mosqError(rc));
    mosquitto_tls_opts_set(impl->mosq, 1, "tlsv1.2", nullptr);
    mosquitto_tls_insecure_set(impl->mosq, false);
  }
  auto* raw = impl.get();
  raw->thread = std::thread([raw] { raw->run(); });
  return std::unique_ptr<BrokerClient>(new BrokerClient(std::move(impl)));
}

BrokerClient::~BrokerClient() {
  {
    std::lock_guard lock(m_impl->mutex);
    m_impl->stopping = true;
  }
  m_impl->wake.notify_all();
  if (m_impl->thread.joinable()) m_impl->thread.join();
}

Status BrokerClient::publish(const std::string& topic, const std::string& payload) {
  if (!m_impl->connected) return fail(Errc::unavailable, "not connected to the broker " + m_impl->cfg.brokerUrl);
  const int rc = mosquitto_publish(m_impl->mosq, nullptr, topic.c_str(), static_cast<int>(payload.size()), payload.data(), 1, false);
  if (rc != MOSQ_ERR_SUCCESS) return fail(Errc::io, "publishing to " + topic + ": " + mosqError(rc));
  return {};
}

bool BrokerClient::connected() const { return m_impl->connected; }

} // namespace lasis::fleetsvc
