#pragma once
// libnfc's error codes (NFC_EIO, NFC_ERFTRANS, …) mapped onto our Errc, with a message a
// technician can act on. Device-level failures (I/O error, the chip not answering, no such
// device) all become Errc::disconnected: the caller cannot fix them, only wait for the reader.

#include "common/core/error.h"

#include <string>

namespace lasis::drivers {

/// Our error for a libnfc result code (< 0) during `what`.
Error nfcError(int code, const std::string& what);
/// True when the code means the device itself is gone or mute (the reader must reconnect).
bool isDeviceLoss(int code);

} // namespace lasis::drivers
