#pragma once
// The simulated ILS as one object: the library store (SQLite), the SIP2 server and the control
// channel, wired together on one io_context. `lasis-sim ils` runs one; tests run one in-process.

#include "common/core/asio.h"
#include "common/core/clock.h"
#include "common/core/log.h"
#include "common/core/result.h"
#include "simulator/control/controlserver.h"
#include "simulator/ils/ilsserver.h"
#include "simulator/ils/ilsstore.h"

#include <filesystem>
#include <memory>
#include <string>

namespace lasis::sim::ils {

/// How to start a simulated ILS (the `lasis-sim ils` options).
struct IlsOptions {
  std::filesystem::path data = LASIS_SIM_DATA_DIR "/library.toml";
  std::filesystem::path db;  ///< empty: a temporary file, removed at the end
  std::uint16_t port = 0;
  std::uint16_t controlPort = 0;
  std::string profile = "koha";  ///< koha (CRLF), evergreen (CR), folio (edge-sip2) or generic (3M)
  /// The code page spoken on the wire, both ways (any iconv name, e.g. WINDOWS-1257); empty:
  /// the profile's (UTF-8; CP850 for folio). Put into url() as `charset=`, so a client given that URL agrees.
  std::string charset;
  /// TLS (sip2s://): the server's PEM certificate chain and key; empty: plain SIP2.
  std::string tlsCert, tlsKey;
  /// The CA that signed tlsCert, put into url() as `ca=` so a kiosk given that URL verifies us.
  std::string tlsCa;
};

/// A running simulated library system: SIP2 on one port, JSON control on another.
class IlsSimulator {
public:
  static Result<std::unique_ptr<IlsSimulator>> start(boost::asio::io_context& io, IlsOptions options,
                                                     const Clock& clock, Logger log);
  ~IlsSimulator();

  /// `sip2://USER:PASSWORD@127.0.0.1:PORT?institution=…&profile=…` (the first SIP account);
  /// with TLS `sip2s://USER:PASSWORD@localhost:PORT?…&ca=CA` (the name the certificate is for).
  std::string url() const;
  std::string controlUrl() const { return m_control->url(); }
  /// The one JSON line `lasis-sim ils` prints once it accepts connections.
  Json readyLine() const;
  /// Answers one control request ({"cmd":"loans"}, {"cmd":"fault",…}, …).
  Json control(const Json& request);

  IlsStore& store() { return *m_store; }
  IlsServer& server() { return *m_server; }

private:
  IlsSimulator() = default;
  IlsOptions m_options;
  std::filesystem::path m_tempDb;
  std::unique_ptr<IlsStore> m_store;
  std::unique_ptr<IlsServer> m_server;
  std::unique_ptr<ControlServer> m_control;
};

} // namespace lasis::sim::ils
