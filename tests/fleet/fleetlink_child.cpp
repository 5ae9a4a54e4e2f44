// A device's fleet link in a process of its own, for the tests that kill it (SIGKILL: no
// goodbye, so the broker must publish the last will) or restart it (the outbox must deliver what
// it still holds). Usage: fleetlink_child CONFIG.toml KIND. Reads commands on stdin, one a line:
//   event TYPE      → publishEvent(TYPE, {"n": <count>}), answers "stored"
//   status          → answers the link's status as JSON
//   stop            → graceful stop, exits 0
// Prints {"started":true} once the link runs.
#include "common/core/config.h"
#include "common/fleet/fleetconfig.h"
#include "drivers/fleet/fleetlink.h"

#include <cstdio>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: fleetlink_child CONFIG.toml KIND\n");
    return 2;
  }
  auto doc = lasis::ConfigDoc::load(argv[1]);
  if (!doc) {
    std::fprintf(stderr, "%s\n", doc.error().message().c_str());
    return 2;
  }
  auto cfg = lasis::fleet::loadFleetConfig(*doc);
  if (!cfg || !*cfg) {
    std::fprintf(stderr, "%s\n", cfg ? "no [fleet]" : cfg.error().message().c_str());
    return 2;
  }
  lasis::fleet::FleetLinkOptions o;
  o.config = **cfg;
  o.kind = argv[2];
  o.version = "test";
  o.log = lasis::makeLogger("fleet");
  o.reconnectMin = std::chrono::milliseconds(200);
  o.reconnectMax = std::chrono::milliseconds(1000);
  auto link = lasis::fleet::FleetLink::start(std::move(o), nullptr);
  if (!link) {
    std::fprintf(stderr, "%s\n", link.error().message().c_str());
    return 1;
  }
  std::printf("{\"started\":true}\n");
  std::fflush(stdout);
  std::string line;
  int n = 0;
  while (std::getline(std::cin, line)) {
    if (line.rfind("event ", 0) == 0) {
      auto st = (*link)->publishEvent(line.substr(6), {{"n", ++n}});
      std::printf("%s\n", st ? "stored" : st.error().message().c_str());
    } else if (line == "status") {
      const auto s = (*link)->status();
      std::printf("{\"connected\":%s,\"depth\":%lld}\n", s.connected ? "true" : "false",
                  static_cast<long long>(s.outboxDepth));
    } else if (line == "stop") {
      (*link)->stop();
      return 0;
    }
    std::fflush(stdout);
  }
  return 0;
}
