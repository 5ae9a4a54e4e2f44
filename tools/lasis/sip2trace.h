#pragma once
// `lasis sip2 trace`: a SIP2 tap that passes a kiosk's traffic to the ILS unchanged and prints
// each frame both ways, masked (see sip2trace.cpp for the contract).

#include "drivers/sip2client/sip2url.h"

#include <string>

namespace lasis::cli {

/// Listens on `listen` (IPv4 HOST:PORT; port 0: any free one), relays every connection to `ils`,
/// prints the frames; returns the exit status (0, or 2 when it cannot start).
int sip2Trace(const sip2::Sip2Url& ils, const std::string& listen, bool once);

} // namespace lasis::cli
