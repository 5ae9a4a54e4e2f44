#include "fleet/serviceconfig.h"

namespace lasis::fleetsvc {

Result<ServiceConfig> loadServiceConfig(const std::filesystem::path& file) {
  auto doc = ConfigDoc::load(file);
  if (!doc) return doc.error();
  ServiceConfig c;
  c.brokerUrl = doc->string("broker.url", c.brokerUrl);
  if (auto u = fleet::parseBrokerUrl(c.brokerUrl)) c.broker = *u;
  else doc->addError("broker.url", u.error().message());
  c.insecure = doc->boolean("broker.insecure", false);
  if (!c.broker.tls && !c.insecure)
    doc->addError("broker.url", "mqtt:// sends commands and events in clear: use mqtts://, or set broker.insecure = true (a lab only)");
  c.caFile = doc->string("broker.ca_file", c.caFile);
  c.certFile = doc->string("broker.cert_file", c.certFile);
  c.keyFile = doc->string("broker.key_file", c.keyFile);
  c.clientId = doc->string("broker.client_id", c.clientId);
  c.keepaliveS = static_cast<int>(doc->integer("broker.keepalive_s", c.keepaliveS, 5, 3600));
  c.network = doc->string("network.name", "");
  if (!fleet::isValidName(c.network)) doc->addError("network.name", "expected [a-z0-9-]{1,32}, the network's topic level");
  c.database = doc->string("storage.database", c.database);
  c.historyDays = static_cast<int>(doc->integer("storage.history_days", c.historyDays, 1, 3650));
  c.listen = doc->string("http.listen", c.listen);
  c.usersFile = doc->string("http.users_file", c.usersFile);
  c.signingKey = doc->string("commands.signing_key", c.signingKey);
  c.targetsDir = doc->string("prometheus.targets_dir", c.targetsDir);
  if (auto st = doc->finish(); !st) return st.error();
  return c;
}

} // namespace lasis::fleetsvc
