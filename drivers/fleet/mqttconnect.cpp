#include "drivers/fleet/mqttconnect.h"

#include <mosquitto.h>

#include <atomic>
#include <mutex>

namespace lasis::fleet {

namespace {
std::once_flag g_libInit;
std::mutex g_firstTls;
std::atomic<bool> g_tlsReady{false};
}  // namespace

void mqttLibInit() {
  std::call_once(g_libInit, [] { mosquitto_lib_init(); });
}

int mqttConnect(mosquitto* mosq, const char* host, int port, int keepaliveS, bool tls, bool async) {
  mqttLibInit();
  auto connect = [&] {
    return async ? mosquitto_connect_async(mosq, host, port, keepaliveS) : mosquitto_connect(mosq, host, port, keepaliveS);
  };
  if (!tls || g_tlsReady.load(std::memory_order_acquire)) return connect();
  std::lock_guard lock(g_firstTls);
  const int rc = connect();
  // A connect that got as far as a socket has set up libmosquitto's TLS state; one refused at
  // once (no route, a bad address) may not have, so the next one goes through here too.
  if (rc == MOSQ_ERR_SUCCESS || rc == MOSQ_ERR_TLS) g_tlsReady.store(true, std::memory_order_release);
  return rc;
}

}  // namespace lasis::fleet
