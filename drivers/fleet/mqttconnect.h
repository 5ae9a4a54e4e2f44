#pragma once
// One way into libmosquitto for every client of ours in a process (the fleet link, lasis-fleet's
// broker client, the simulated network's many links, lasis doctor, the tests' probes).
//
// libmosquitto 2.0 sets up its OpenSSL state (a UI method, an ex-data index) lazily, inside the
// first TLS connect, behind a plain bool: two threads making their first TLS connection at once
// both build it, and one copy is lost (LeakSanitizer saw it when a test's probe and a link connected
// together). mqttConnect() lets one connect at a time through until a TLS connection has been
// attempted past that point; after that, connects run side by side as before.

struct mosquitto;

namespace lasis::fleet {

/// mosquitto_lib_init(), once per process; never cleaned up (links may outlive any owner).
void mqttLibInit();

/// mosquitto_connect() (blocking) or, with async, mosquitto_connect_async(); tls says whether the
/// client was given mosquitto_tls_set(). Returns libmosquitto's code.
int mqttConnect(mosquitto* mosq, const char* host, int port, int keepaliveS, bool tls, bool async = false);

}  // namespace lasis::fleet
