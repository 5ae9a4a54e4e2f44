#pragma once
// Byte buffers and their hex form, as used on tags, frames and the command line.

#include "common/core/result.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lasis {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

/// Upper-case hex with no separators ("0A1B").
std::string toHex(ByteView bytes);
/// Parses hex, ignoring spaces, colons and dashes between bytes; any other character or an odd
/// digit count is an Errc::parse error naming the position.
Result<Bytes> fromHex(std::string_view text);

} // namespace lasis
