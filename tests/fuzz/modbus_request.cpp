// Fuzz: Modbus requests as the gate's status server and the simulated I/O module decode them
// (our part on top of libmodbus: function, address, count and written values for the hooks that
// refuse or apply writes), TCP (7-byte MBAP header) and RTU (1-byte address), and the status
// register map `lasis gate status` decodes from whatever a server answers.
#include "common/gate/statusmap.h"
#include "drivers/modbus/modbusserver.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

using namespace lasis;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 260) return 0;  // libmodbus never hands over more than MODBUS_TCP_MAX_ADU_LENGTH
  const int len = static_cast<int>(size);
  for (int header : {7, 1}) {
    const auto r = modbus::decodeRequest(data, len, header, "127.0.0.1");
    // Every value decoded came from inside the request: at most 8 coils or 1 register a byte.
    if (r.values.size() > size * 8) std::abort();
    for (auto v : r.values) {
      if ((r.function == 5 || r.function == 15) && v > 1) std::abort();
    }
  }
  // The same bytes as register tables a status server answered with.
  std::vector<std::uint16_t> regs;
  for (std::size_t i = 0; i + 1 < size; i += 2) regs.push_back(static_cast<std::uint16_t>(data[i] << 8 | data[i + 1]));
  const std::size_t split = size ? data[0] % (regs.size() + 1) : 0;
  const std::vector<std::uint16_t> input(regs.begin(), regs.begin() + static_cast<long>(split));
  const std::vector<std::uint16_t> holding(regs.begin() + static_cast<long>(split), regs.end());
  if (auto s = gate::decodeStatus(input, holding)) {
    // What decodes must encode to the same tables' meaning.
    auto again = gate::decodeStatus(gate::encodeInputRegisters(*s), gate::encodeHoldingRegisters(*s));
    if (!again || !(*again == *s)) std::abort();
  }
  return 0;
}
