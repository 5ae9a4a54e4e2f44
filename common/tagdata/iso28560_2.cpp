// ISO 28560-2: ISO/IEC 15962 compacted data elements.
#include "common/tagdata/internal.h"

namespace lasis::tagdata::detail {

Result<Decoded> decode2(ByteView) {
  return fail(Errc::unsupported, "ISO 28560-2 decoding is not implemented yet");
}

Result<Bytes> encode2(const ItemData&, std::size_t) {
  return fail(Errc::unsupported, "ISO 28560-2 encoding is not implemented yet");
}

} // namespace lasis::tagdata::detail
