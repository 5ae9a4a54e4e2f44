// Fuzz: the simulated PN532's frame parser and command handling (normal and extended frames,
// ACK/NACK, preambles, wake-up bytes, InDataExchange to NTAG and MIFARE Classic tags), fed in
// pieces the way a pty delivers them, with time advancing so pending commands complete. The
// emulator runs in every RFID test: a host byte stream it mishandles would hide driver bugs.
#include "common/core/bytes.h"
#include "simulator/pn532/pn532emulator.h"
#include "simulator/pn532/tagfactory.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace lasis;
using namespace lasis::sim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Pn532Emulator chip;
  auto item = TagFactory::item(rfid::TagType::ntag213, Bytes{0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66}, "30001");
  auto card = TagFactory::patron(rfid::TagType::mifareClassic1k, Bytes{0xA1, 0xB2, 0xC3, 0xD4}, "1001");
  if (!item || !card) std::abort();
  chip.place(*item);
  chip.place(*card);
  auto now = Pn532Emulator::Clock::time_point{} + std::chrono::seconds(1);
  // Chunks: the first byte of each chunk is its length (a pty read), the rest is host bytes.
  std::size_t at = 0;
  while (at < size) {
    const std::size_t len = std::min<std::size_t>(data[at] % 64 + 1, size - at - 1);
    ++at;
    if (len == 0) break;
    for (const auto& out : chip.feed(ByteView(data + at, len), now)) {
      if (out.empty() || out.size() > 300) std::abort();  // a frame is 6..262 bytes
    }
    at += len;
    now += std::chrono::milliseconds(data[at - 1] % 200);
    (void)chip.poll(now);
  }
  (void)chip.poll(now + std::chrono::seconds(10));
  return 0;
}
