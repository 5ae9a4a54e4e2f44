// Fuzz: the status server's MBAP framing (MbapFramer in drivers/modbus/modbusserver.h), the code
// that cuts requests out of whatever a TCP client sends. The input's first two bytes choose where
// the stream is split into reads (as a slow or hostile client would dribble it); the rest is the
// stream. The framer must never offer room past its buffer or past the ADU being received, never
// yield an ADU whose length disagrees with its header or lies outside 8..260 bytes, and must cut
// exactly the ADUs (and stop at exactly the bad header) that one straight pass over the whole
// stream finds.
#include "drivers/modbus/modbusserver.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

using namespace lasis::modbus;

namespace {

std::size_t be16(const std::uint8_t* p) { return static_cast<std::size_t>(p[0] << 8 | p[1]); }

/// The reference: the ADUs of a whole stream in one pass, and whether it ends in a bad header.
struct Reference {
  std::vector<std::vector<std::uint8_t>> adus;
  bool invalid = false;
};
Reference frameWhole(std::span<const std::uint8_t> s) {
  Reference r;
  std::size_t at = 0;
  while (s.size() - at >= 7) {
    const std::size_t length = be16(&s[at + 4]);
    if (be16(&s[at + 2]) != 0 || length < 2 || length > 254) {
      r.invalid = true;
      break;
    }
    if (s.size() - at < 6 + length) break;
    r.adus.emplace_back(s.begin() + static_cast<long>(at), s.begin() + static_cast<long>(at + 6 + length));
    at += 6 + length;
  }
  return r;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  std::uint32_t seed = static_cast<std::uint32_t>(data[0] << 8 | data[1]) | 1u;
  const std::span<const std::uint8_t> stream(data + 2, size - 2);
  const Reference want = frameWhole(stream);

  MbapFramer framer;
  std::vector<std::vector<std::uint8_t>> got;
  bool invalid = false;
  std::size_t at = 0;
  while (at < stream.size() && !invalid) {
    // A read of 1..64 bytes (a xorshift on the seed), cut to what the framer has room for.
    seed ^= seed << 13, seed ^= seed >> 17, seed ^= seed << 5;
    const std::size_t chunk = 1 + seed % 64;
    const auto space = framer.space();
    if (space.empty() || space.size() > MbapFramer::kMaxAdu) std::abort();
    const std::size_t n = std::min({chunk, space.size(), stream.size() - at});
    std::memcpy(space.data(), stream.data() + at, n);  // ASan: space() must lie inside the framer
    at += n;
    switch (framer.received(n)) {
      case MbapFramer::Progress::partial: break;
      case MbapFramer::Progress::invalid:
        invalid = true;
        if (framer.error().empty() || !framer.space().empty() || !framer.adu().empty()) std::abort();
        break;
      case MbapFramer::Progress::complete: {
        const auto adu = framer.adu();
        if (adu.size() < 8 || adu.size() > MbapFramer::kMaxAdu) std::abort();
        if (adu.size() != 6 + be16(adu.data() + 4) || be16(adu.data() + 2) != 0) std::abort();
        if (!framer.space().empty()) std::abort();  // nothing read past the ADU
        // What the server does next with it must stay inside it too.
        const auto pdu = adu.subspan(MbapFramer::kHeaderLength);
        (void)requestLengthMatchesFunction(pdu);
        (void)decodeRequest(adu.data(), static_cast<int>(adu.size()), 7, "127.0.0.1");
        got.emplace_back(adu.begin(), adu.end());
        framer.next();
        if (!framer.betweenRequests()) std::abort();
        break;
      }
    }
  }
  if (got != want.adus || invalid != want.invalid) std::abort();
  // Reporting more bytes than there was room for is refused, never trusted.
  if (!invalid) {
    MbapFramer other;
    if (other.received(other.space().size() + 1) != MbapFramer::Progress::invalid) std::abort();
  }
  return 0;
}
