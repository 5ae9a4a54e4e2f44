#pragma once
// One simulated reader as a device of lasis-sim: a PtyReader with its tag world, driven through
// the control channel (JSON lines) and scenario files. Commands:
//   {"cmd":"place","kind":"ntag213","uid":"04A1…","item":"ID"[,"secured":true,"parts":N,
//      "ordinal":K,"owner":"DK-123"]}            an item tag (secured unless told otherwise)
//   {"cmd":"place","kind":"mfc1k","uid":"…","patron":"CARD"}   a patron card
//   {"cmd":"place","kind":"ntag215","uid":"…"}                 a blank tag
//   {"cmd":"remove","uid":"…"}  {"cmd":"clear"}
//   {"cmd":"list"}  → {"tags":[{"uid","kind","state","security","item_id"|"patron_id","memory"}]}
//   {"cmd":"fault","uid":"…","fault":"write-fails"|"flaky-reads"|"remove-mid-write"|"none"
//      [,"count":N]}
//   {"cmd":"unplug"[,"on_command":N]}  {"cmd":"replug"}   (on_command: pulled as the host next
//      sends PN532 command N, e.g. 66 = 0x42 InCommunicateThru, a raw exchange like GET_VERSION)
//   {"cmd":"slow","us_per_byte":N}
//   {"cmd":"uart-timing","on":true}  {"cmd":"stats"}  {"cmd":"reset-stats"}  {"cmd":"status"}
// Every reply is {"ok":true,…} or {"ok":false,"error":"…"}.

#include "simulator/control/controlserver.h"
#include "simulator/pn532/ptyreader.h"

#include <memory>
#include <string>

namespace lasis::sim {

/// A simulated reader and its control commands.
class SimReader {
public:
  static Result<std::unique_ptr<SimReader>> open(boost::asio::io_context& io, const std::string& link);

  PtyReader& port() { return *m_port; }
  /// Handles one control request (runs on the io_context's thread).
  Json control(const Json& request);
  /// Runs the control lines of a scenario file: each line one request, optionally with
  /// "at_ms": N (milliseconds after start). Errors name the file and line.
  Status loadScenario(const std::string& path);

private:
  SimReader(boost::asio::io_context& io, std::unique_ptr<PtyReader> port);
  Json place(const Json& r);
  Json list();
  Json fault(const Json& r);

  boost::asio::io_context& m_io;
  std::unique_ptr<PtyReader> m_port;
  std::shared_ptr<int> m_alive = std::make_shared<int>(0);
};

} // namespace lasis::sim
