#pragma once
// Faults the simulated ILS injects on purpose, so clients can be tested against the ways real
// library systems fail: slow answers, idle disconnects, lost replies, damaged replies, refused
// logins. Set from the data file's [faults] and from the control channel.

#include <nlohmann/json.hpp>

#include <set>
#include <string>

namespace lasis::sim::ils {

/// The fault settings in force; read by every connection on each request.
struct IlsFaults {
  int latencyMs = 0;         ///< added before every reply
  int idleTimeoutS = 0;      ///< close a connection silently after this long without a request (0: never)
  int dropReplies = 0;       ///< the next N requests are carried out but get no reply (a lost reply)
  std::set<std::string> dropItems;     ///< requests naming these items (AB) get no reply, every time
  int corruptReplies = 0;    ///< the next N replies carry a wrong checksum
  std::set<std::string> corruptItems;  ///< replies to requests naming these items carry a wrong checksum
  bool refuseLogins = false; ///< every 93 is answered 940

  nlohmann::json toJson() const {
    return {{"latency_ms", latencyMs},       {"idle_timeout_s", idleTimeoutS}, {"drop_replies", dropReplies},
            {"drop_items", dropItems},       {"corrupt_replies", corruptReplies},
            {"corrupt_items", corruptItems}, {"refuse_logins", refuseLogins}};
  }
};

} // namespace lasis::sim::ils
