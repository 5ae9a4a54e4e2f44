#include "drivers/nfc/nfcerror.h"

#include <nfc/nfc.h>

namespace lasis::drivers {

bool isDeviceLoss(int code) {
  // NFC_ETIMEOUT is the chip not answering on the UART (a tag that does not answer is
  // NFC_ERFTRANS instead): for us both mean the reader is gone until it answers again.
  return code == NFC_EIO || code == NFC_ETIMEOUT || code == NFC_ENOTSUCHDEV;
}

Error nfcError(int code, const std::string& what) {
  switch (code) {
  case NFC_EIO: return Error(Errc::disconnected, what + ": reader I/O error (unplugged or cable fault?)");
  case NFC_ETIMEOUT: return Error(Errc::disconnected, what + ": the reader did not answer (unplugged or powered off?)");
  case NFC_ENOTSUCHDEV: return Error(Errc::disconnected, what + ": no such reader");
  case NFC_EINVARG: return Error(Errc::invalidArgument, what + ": libnfc rejected the arguments");
  case NFC_EDEVNOTSUPP: return Error(Errc::unsupported, what + ": the reader cannot do this");
  case NFC_ENOTIMPL: return Error(Errc::unsupported, what + ": not implemented by libnfc for this reader");
  case NFC_EOVFLOW: return Error(Errc::io, what + ": answer larger than expected");
  case NFC_EOPABORTED: return Error(Errc::io, what + ": aborted");
  case NFC_ETGRELEASED: return Error(Errc::notFound, what + ": the tag left the field");
  case NFC_ERFTRANS: return Error(Errc::io, what + ": the tag did not answer correctly (moved away, damaged or locked?)");
  case NFC_EMFCAUTHFAIL: return Error(Errc::refused, what + ": the card refused the key");
  case NFC_ESOFT: return Error(Errc::internal, what + ": libnfc software error");
  case NFC_ECHIP: return Error(Errc::io, what + ": the reader chip reported an error");
  default: return Error(Errc::io, what + ": libnfc error " + std::to_string(code));
  }
}

} // namespace lasis::drivers
