// Fuzz: the SIP2 client's side — bytes from the ILS through the Framer, the Codec of every
// built-in profile, and every typed reply the client decodes. A reply is attacker-controlled
// whenever the network between kiosk and ILS is shared (see docs/SECURITY.md).
#include "common/sip2/codec.h"
#include "common/sip2/framer.h"
#include "common/sip2/messages.h"
#include "common/sip2/typedcodec.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace lasis::sip2;

namespace {

template <class... M>
void decodeAll(const Codec& codec, const Message& msg) {
  // Encoding back what decoded must not crash either (the client logs and re-sends messages).
  auto one = [&](auto tag) {
    using T = decltype(tag);
    if (auto typed = fromMessage<T>(msg)) (void)toMessage(*typed, codec.profile());
  };
  (one(M{}), ...);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  static const Codec codecs[] = {Codec(*Profile::builtin("koha")), Codec(*Profile::builtin("evergreen")),
                                 Codec(*Profile::builtin("generic")), Codec(*Profile::builtin("folio"))};
  const Codec& codec = codecs[size % 4];
  Framer framer;
  // Split the input in two reads at a data-dependent point: replies arrive in pieces.
  const std::size_t cut = size ? data[0] % (size + 1) : 0;
  if (!framer.feed(bytes.substr(0, cut))) return 0;
  if (!framer.feed(bytes.substr(cut))) return 0;
  while (framer.hasFrame()) {
    const std::string frame = framer.next();
    auto msg = codec.parse(frame);
    if (!msg) continue;
    (void)codec.encode(*msg);
    decodeAll<LoginResponse, AcsStatus, PatronStatusResponse, PatronInformationResponse, CheckoutResponse,
              RenewResponse, CheckinResponse, RenewAllResponse, ItemInformationResponse, HoldResponse,
              EndSessionResponse, FeePaidResponse, RequestAcsResend>(codec, *msg);
  }
  return 0;
}
