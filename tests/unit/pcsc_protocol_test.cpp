// ISO 15693 frames, the PC/SC Part 3 transparent exchange, and the simulated ICODE SLIX tag —
// the pure parts of the PC/SC backend, cross-checked against each other (the simulator's tag
// model is written separately from the driver's frame code) and against malformed bytes.
#include "drivers/pcsc/iso15693.h"
#include "simulator/pcsc/pcscfield.h"

#include <gtest/gtest.h>

#include <random>

using namespace lasis;
using namespace lasis::pcsc;
namespace i5 = lasis::pcsc::iso15693;
namespace p3 = lasis::pcsc::part3;

namespace {
constexpr Uid kUid = 0xE004010012345678ULL;

Bytes hex(const char* h) { return fromHex(h).value(); }

/// Sends `frame` through a session on `field` and returns the parsed exchange.
p3::Exchange through(sim::PcscField& field, ByteView frame) {
  EXPECT_TRUE(p3::parseManage(field.handleApdu(p3::startSession())).ok());
  EXPECT_TRUE(p3::parseManage(field.handleApdu(p3::switchToIso15693())).ok());
  auto ex = p3::parseTransceive(field.handleApdu(p3::transceive(frame)));
  EXPECT_TRUE(ex.ok());
  EXPECT_TRUE(p3::parseManage(field.handleApdu(p3::endSession())).ok());
  return ex ? *ex : p3::Exchange{};
}
} // namespace

TEST(Iso15693, UidsPrintMsbFirstAndTravelLsbFirst) {
  EXPECT_EQ(uidToString(kUid), "E004010012345678");
  EXPECT_EQ(uidFromString("E0:04:01:00:12:34:56:78").value(), kUid);
  EXPECT_FALSE(uidFromString("E00401001234567").ok());    // 7.5 bytes
  EXPECT_FALSE(uidFromString("04E0010012345678").ok());   // not an ISO 15693 UID
  EXPECT_FALSE(uidFromString("E004010012345678AA").ok());
  EXPECT_EQ(i5::readMultipleRequest(kUid, 0, 28), hex("22 23 78563412 00 01 04 E0 00 1B"));
}

TEST(Iso15693, RequestFramesMatchTheStandard) {
  // Inventory, one slot, AFI 0x07, 4-bit mask 0101.
  EXPECT_EQ(i5::inventoryRequest(std::uint8_t{0x07}, 4, 0x5), hex("36 01 07 04 05"));
  EXPECT_EQ(i5::inventoryRequest(std::nullopt, 0, 0), hex("26 01 00"));
  EXPECT_EQ(i5::inventoryRequest(std::nullopt, 12, 0xABC), hex("26 01 0C BC 0A"));
  EXPECT_EQ(i5::writeAfiRequest(kUid, 0xC2), hex("22 27 7856341200 0104E0 C2"));
  EXPECT_EQ(i5::systemInfoRequest(kUid), hex("22 2B 7856341200 0104E0"));
  EXPECT_EQ(i5::nxpRequest(i5::kNxpSetEas, kUid), hex("22 A2 04 7856341200 0104E0"));
  EXPECT_EQ(i5::nxpRequest(i5::kNxpEasAlarm, std::nullopt), hex("02 A5 04"));
  EXPECT_EQ(p3::transceive(hex("26 01 00")), hex("FF C2 00 01 05 95 03 26 01 00 00"));
}

TEST(Iso15693, SystemInformationParsesAndEveryTruncationIsAnError) {
  const Bytes answer = hex("00 0F 7856341200 0104E0 06 07 1B 03 01");
  auto info = i5::parseSystemInfo(answer);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->uid, kUid);
  EXPECT_EQ(info->dsfid, 0x06);
  EXPECT_EQ(info->afi, 0x07);
  EXPECT_EQ(info->blockCount, 28);
  EXPECT_EQ(info->blockSize, 4);
  for (std::size_t n = 0; n < answer.size(); ++n) {
    auto cut = i5::parseSystemInfo(ByteView(answer).first(n));
    EXPECT_FALSE(cut.ok()) << "a " << n << "-byte answer must not parse";
  }
  auto err = i5::parseSystemInfo(hex("01 12"));
  ASSERT_FALSE(err.ok());
  EXPECT_TRUE(err.error().is(Errc::refused));
  EXPECT_NE(err.error().message().find("locked"), std::string::npos);
}

TEST(Part3, TransceiveAnswersAreClassified) {
  auto silent = p3::parseTransceive(hex("C0 03 01 64 01 90 00"));
  ASSERT_TRUE(silent.ok());
  EXPECT_EQ(silent->outcome, p3::Outcome::silent);
  auto coll = p3::parseTransceive(hex("C0 03 00 90 00 92 01 00 96 02 02 00 90 00"));
  ASSERT_TRUE(coll.ok());
  EXPECT_EQ(coll->outcome, p3::Outcome::collision);
  auto one = p3::parseTransceive(hex("C0 03 00 90 00 92 01 00 96 02 00 00 97 02 01 0F 90 00"));
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->outcome, p3::Outcome::answered);
  EXPECT_EQ(one->frame, hex("01 0F"));
  auto refused = p3::parseTransceive(hex("6A 81"));
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(refused.error().is(Errc::io));
  // A data object claiming more bytes than there are.
  auto lying = p3::parseTransceive(hex("97 20 00 11 90 00"));
  ASSERT_FALSE(lying.ok());
  EXPECT_TRUE(lying.error().is(Errc::parse));
}

TEST(Part3, RandomAndTruncatedAnswersNeverCrash) {
  const Bytes good = hex("C0 03 00 90 00 92 01 00 96 02 00 00 97 0A 00 00 7856341200 0104E0 90 00");
  for (std::size_t n = 0; n < good.size(); ++n) {
    // A cut answer must never pass for a tag's answer (it would be a tag that is not there).
    auto r = p3::parseTransceive(ByteView(good).first(n));
    EXPECT_FALSE(r.ok() && r->outcome == p3::Outcome::answered) << "prefix of " << n << " bytes";
    (void)p3::parseManage(ByteView(good).first(n));
  }
  auto full = p3::parseTransceive(good);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(i5::parseInventory(full->frame).value().uid, kUid);
  std::mt19937 rng(15693);
  for (int i = 0; i < 5000; ++i) {
    Bytes junk(rng() % 40);
    for (auto& b : junk) b = static_cast<std::uint8_t>(rng());
    if (junk.size() >= 2 && rng() % 2) {
      junk[junk.size() - 2] = 0x90;
      junk[junk.size() - 1] = 0x00;
    }
    auto r = p3::parseTransceive(junk);
    if (r && r->outcome == p3::Outcome::answered) {
      (void)i5::parseInventory(r->frame);
      (void)i5::parseSystemInfo(r->frame);
    }
  }
}

TEST(SimulatedField, InventoryMaskAndAfiSelectTags) {
  sim::PcscField field;
  sim::SlixTag a(0xE004010000000001ULL), b(0xE004010000000002ULL);
  a.setAfi(0x07);
  b.setAfi(0xC2);
  field.place(a);
  field.place(b);
  // Both answer an open inventory: the reader reports a collision.
  EXPECT_EQ(through(field, i5::inventoryRequest(std::nullopt, 0, 0)).outcome, p3::Outcome::collision);
  // Low bit 1 selects only a (…01).
  auto ex = through(field, i5::inventoryRequest(std::nullopt, 1, 1));
  ASSERT_EQ(ex.outcome, p3::Outcome::answered);
  EXPECT_EQ(i5::parseInventory(ex.frame).value().uid, 0xE004010000000001ULL);
  // AFI 0x07 selects only the secured tag; AFI 0x00 in the request selects all.
  ex = through(field, i5::inventoryRequest(std::uint8_t{0x07}, 0, 0));
  ASSERT_EQ(ex.outcome, p3::Outcome::answered);
  EXPECT_EQ(i5::parseInventory(ex.frame).value().uid, 0xE004010000000001ULL);
  EXPECT_EQ(through(field, i5::inventoryRequest(std::uint8_t{0x00}, 0, 0)).outcome, p3::Outcome::collision);
  EXPECT_EQ(through(field, i5::inventoryRequest(std::uint8_t{0x33}, 0, 0)).outcome, p3::Outcome::silent);
}

TEST(SimulatedField, TagHonoursLocksEasAndFaults) {
  sim::PcscField field;
  auto& t = field.place(sim::SlixTag(kUid));
  t.lockBlock(2);
  auto ex = through(field, i5::writeSingleRequest(kUid, 2, hex("01020304")));
  ASSERT_EQ(ex.outcome, p3::Outcome::answered);
  EXPECT_TRUE(i5::parsePayload(ex.frame).error().is(Errc::refused));
  ex = through(field, i5::readMultipleRequest(kUid, 20, 9));  // blocks 20..28: 28 does not exist
  EXPECT_FALSE(i5::parsePayload(ex.frame).ok());
  // EAS ALARM: silent until SET EAS.
  EXPECT_EQ(through(field, i5::nxpRequest(i5::kNxpEasAlarm, std::nullopt)).outcome, p3::Outcome::silent);
  ASSERT_EQ(through(field, i5::nxpRequest(i5::kNxpSetEas, kUid)).outcome, p3::Outcome::answered);
  EXPECT_EQ(through(field, i5::nxpRequest(i5::kNxpEasAlarm, std::nullopt)).outcome, p3::Outcome::answered);
  // A wrong manufacturer code is not NXP's command: silence.
  EXPECT_EQ(through(field, hex("02 A5 07")).outcome, p3::Outcome::silent);
  // WRITE AFI fault: error answer, AFI unchanged.
  t.setAfi(0x07);
  t.setAfiFault(sim::SlixTag::AfiFault::fails);
  ex = through(field, i5::writeAfiRequest(kUid, 0xC2));
  EXPECT_FALSE(i5::parsePayload(ex.frame).ok());
  EXPECT_EQ(field.find(kUid)->afi(), 0x07);
  // Addressed to another UID: silence.
  EXPECT_EQ(through(field, i5::systemInfoRequest(0xE004019999999999ULL)).outcome, p3::Outcome::silent);
}

TEST(SimulatedField, ReaderRefusesExchangesOutsideASession) {
  sim::PcscField field;
  field.place(sim::SlixTag(kUid));
  auto r = p3::parseTransceive(field.handleApdu(p3::transceive(i5::systemInfoRequest(kUid))));
  EXPECT_FALSE(r.ok()) << "a transceive before START SESSION must be an error";
  EXPECT_EQ(field.handleApdu(p3::getUid()), hex("7856341200 0104E0 90 00"));
  field.place(sim::SlixTag(kUid + 1));
  EXPECT_EQ(field.handleApdu(p3::getUid()), hex("6A 81"));  // two tags: no single UID
  EXPECT_EQ(field.handleApdu(hex("00 A4 04 00")), hex("6E 00"));
  EXPECT_EQ(field.handleApdu(hex("FF")), hex("67 00"));
}

TEST(SimulatedField, GarbageApdusAndFramesGetAnAnswerNeverACrash) {
  sim::PcscField field;
  field.place(sim::SlixTag(kUid));
  std::mt19937 rng(28560);
  ASSERT_TRUE(p3::parseManage(field.handleApdu(p3::startSession())).ok());
  ASSERT_TRUE(p3::parseManage(field.handleApdu(p3::switchToIso15693())).ok());
  for (int i = 0; i < 5000; ++i) {
    Bytes frame(rng() % 24);
    for (auto& b : frame) b = static_cast<std::uint8_t>(rng());
    // Random ISO 15693 frames inside a valid transceive, and random bytes as a whole APDU:
    // pcscd forwards whatever a client sends, so each must get exactly one well-formed answer.
    auto ex = p3::parseTransceive(field.handleApdu(p3::transceive(frame)));
    EXPECT_TRUE(ex.ok());
    const Bytes answer = field.handleApdu(frame);
    ASSERT_GE(answer.size(), 2u);
  }
  // The tag still works afterwards (it may have been rewritten by random WRITE commands).
  auto info = i5::parseSystemInfo(through(field, i5::systemInfoRequest(kUid)).frame);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->blockCount, 28);
}
