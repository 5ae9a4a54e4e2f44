#pragma once
// The simulator's own test certificate authority, so TLS between a kiosk and the simulated ILS is
// verified exactly as with a library's real ILS: a CA certificate the kiosk trusts (`ca=` in its
// sip2s:// URL) and a server certificate for localhost / 127.0.0.1 signed by it. The CA's key is
// thrown away once the server certificate is signed: nothing else can ever be issued under it.

#include "common/core/result.h"

#include <filesystem>
#include <string>

namespace lasis::sim::ils {

/// Where writeTestPki put its files.
struct TestPki {
  std::filesystem::path caCert;      ///< ca.pem: what the kiosk trusts
  std::filesystem::path serverCert;  ///< server.pem: the ILS's certificate (localhost, 127.0.0.1)
  std::filesystem::path serverKey;   ///< server.key: its private key, mode 0600
};

/// Creates `dir` if needed and writes a fresh CA and server certificate into it (valid from an
/// hour ago for `days` days). Errors name the file that could not be written.
Result<TestPki> writeTestPki(const std::filesystem::path& dir, int days = 30);

} // namespace lasis::sim::ils
