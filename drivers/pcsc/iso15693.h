#pragma once
// ISO 15693 request frames and answers, and the PC/SC Part 3 transparent exchange that carries
// them to a contactless reader. Pure: bytes in, bytes out, no pcsc-lite here, so it is tested
// without a reader and the simulator's independent tag model can be checked against it.
//
// UIDs are held as a 64-bit number; on the air they travel least significant byte first, and
// they are written most significant byte first ("E004…": E0 = ISO 15693, 04 = NXP), the way
// tags, readers and library systems print them.

#include "common/core/bytes.h"
#include "common/core/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lasis::pcsc {

/// ISO 15693 UID, most significant byte 0xE0.
using Uid = std::uint64_t;

/// "E004010012345678" (16 upper-case hex digits, MSB first).
std::string uidToString(Uid uid);
/// Parses 16 hex digits, MSB first; Errc::parse for anything else (wrong length, not E0…).
Result<Uid> uidFromString(std::string_view text);

namespace iso15693 {

// Request flags (ISO/IEC 15693-3 §7.3.1).
inline constexpr std::uint8_t kFlagHighRate = 0x02;
inline constexpr std::uint8_t kFlagInventory = 0x04;
inline constexpr std::uint8_t kFlagAfi = 0x10;        ///< with kFlagInventory
inline constexpr std::uint8_t kFlagOneSlot = 0x20;    ///< with kFlagInventory
inline constexpr std::uint8_t kFlagAddressed = 0x20;  ///< without kFlagInventory
inline constexpr std::uint8_t kFlagOption = 0x40;

// Commands.
inline constexpr std::uint8_t kInventory = 0x01;
inline constexpr std::uint8_t kReadSingle = 0x20;
inline constexpr std::uint8_t kWriteSingle = 0x21;
inline constexpr std::uint8_t kReadMultiple = 0x23;
inline constexpr std::uint8_t kWriteAfi = 0x27;
inline constexpr std::uint8_t kLockAfi = 0x28;  ///< never sent by Lasis: a locked AFI cannot be lent
inline constexpr std::uint8_t kSystemInfo = 0x2B;
// NXP ICODE SLIX custom commands, followed by the manufacturer code 0x04.
inline constexpr std::uint8_t kNxpSetEas = 0xA2;
inline constexpr std::uint8_t kNxpResetEas = 0xA3;
inline constexpr std::uint8_t kNxpEasAlarm = 0xA5;
inline constexpr std::uint8_t kMfrNxp = 0x04;

/// AFI of an item that must alarm at the gate, and of an item on loan (DESIGN.md §3).
inline constexpr std::uint8_t kAfiSecured = 0x07;
inline constexpr std::uint8_t kAfiOnLoan = 0xC2;

/// Inventory with one slot, answered only by tags whose UID's `maskBits` low bits equal `mask`
/// (and, with `afi`, whose AFI matches): the building block of a binary anticollision search.
Bytes inventoryRequest(std::optional<std::uint8_t> afi, int maskBits, Uid mask);
Bytes readMultipleRequest(Uid uid, int firstBlock, int count);
Bytes writeSingleRequest(Uid uid, int block, ByteView data);
Bytes writeAfiRequest(Uid uid, std::uint8_t afi);
Bytes systemInfoRequest(Uid uid);
/// NXP custom command (SET/RESET EAS, EAS ALARM); addressed when `uid` is given.
Bytes nxpRequest(std::uint8_t command, std::optional<Uid> uid);

/// A tag's answer to an inventory.
struct InventoryAnswer {
  Uid uid = 0;
  std::uint8_t dsfid = 0;
};
Result<InventoryAnswer> parseInventory(ByteView answer);

/// What GET SYSTEM INFORMATION reports; absent fields are nullopt / 0.
struct SystemInfo {
  Uid uid = 0;
  std::optional<std::uint8_t> dsfid;
  std::optional<std::uint8_t> afi;
  int blockCount = 0;
  int blockSize = 0;
  std::optional<std::uint8_t> icReference;
};
Result<SystemInfo> parseSystemInfo(ByteView answer);

/// The payload of a successful answer (after the flags byte). An answer with the error flag is
/// Errc::refused naming the ISO 15693 error code; an empty answer is Errc::parse.
Result<Bytes> parsePayload(ByteView answer);

/// A technician-readable name for an ISO 15693 error code ("block locked", …).
std::string_view errorName(std::uint8_t code);

} // namespace iso15693

namespace part3 {

// Pseudo-APDUs of PC/SC Part 3 (CLA FF).
Bytes getUid();               ///< FF CA 00 00 00
Bytes startSession();         ///< FF C2 00 00 02 81 00
Bytes endSession();           ///< FF C2 00 00 02 82 00
Bytes switchToIso15693();     ///< FF C2 00 02 04 8F 02 02 03 (ISO 15693, layer 3)
/// FF C2 00 01 Lc 95 LL <frame>: send an ISO 15693 frame (without CRC), return the answer.
Bytes transceive(ByteView frame);

/// How an exchange with the field ended.
enum class Outcome {
  answered,   ///< exactly one tag answered with a good CRC
  silent,     ///< no tag answered in time
  collision,  ///< several tags answered at once
  damaged,    ///< an answer came with a bad CRC or framing
};

struct Exchange {
  Outcome outcome = Outcome::silent;
  Bytes frame;  ///< the tag's answer (flags + data), when answered
};

/// Parses the R-APDU of a transceive (`C0 03 … | 92 … | 96 … | 97 LL … | 90 00`). A status word
/// other than 90 00 or a generic error in C0 other than "no response" is Errc::io; malformed
/// data objects are Errc::parse.
Result<Exchange> parseTransceive(ByteView rapdu);

/// Checks the R-APDU of a session/switch command: 90 00 (optionally with a C0 status) is ok.
Status parseManage(ByteView rapdu);

// Data objects, for the simulator and tests.
inline constexpr std::uint8_t kDoStatus = 0xC0;
inline constexpr std::uint8_t kDoRxBits = 0x92;
inline constexpr std::uint8_t kDoTransceive = 0x95;
inline constexpr std::uint8_t kDoRespStatus = 0x96;
inline constexpr std::uint8_t kDoIccResponse = 0x97;
// Response status (DO 96) bits of its first byte.
inline constexpr std::uint8_t kRespCrcError = 0x01;
inline constexpr std::uint8_t kRespCollision = 0x02;

} // namespace part3

} // namespace lasis::pcsc
