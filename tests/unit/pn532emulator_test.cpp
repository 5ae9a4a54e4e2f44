// The PN532 emulator's framing and chip behaviour, without a pty: the bytes libnfc would send,
// the bytes it must get back. The real-libnfc path is covered by nfcreader_test.cpp.
#include "common/rfid/type2layout.h"
#include "common/tagdata/tagdata.h"
#include "simulator/pn532/pn532emulator.h"
#include "simulator/pn532/tagfactory.h"

#include <gtest/gtest.h>

namespace lasis::sim {
namespace {

using Clock = Pn532Emulator::Clock;

Bytes frame(std::initializer_list<std::uint8_t> cmdAndData) {
  Bytes body{0xD4};
  body.insert(body.end(), cmdAndData);
  Bytes f{0x00, 0x00, 0xFF, static_cast<std::uint8_t>(body.size()), static_cast<std::uint8_t>(-static_cast<int>(body.size()))};
  std::uint8_t sum = 0;
  for (auto b : body) {
    f.push_back(b);
    sum = static_cast<std::uint8_t>(sum + b);
  }
  f.push_back(static_cast<std::uint8_t>(-sum));
  f.push_back(0x00);
  return f;
}

const Bytes kAck{0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00};

/// The answer's data after D5 CMD+1, checked for framing on the way.
Bytes payload(const Bytes& f) {
  EXPECT_GE(f.size(), 9u);
  EXPECT_EQ(f[0], 0x00);
  EXPECT_EQ(f[2], 0xFF);
  const std::size_t len = f[3];
  EXPECT_EQ(static_cast<std::uint8_t>(f[3] + f[4]), 0);
  std::uint8_t sum = 0;
  for (std::size_t i = 5; i < 5 + len + 1; ++i) sum = static_cast<std::uint8_t>(sum + f[i]);
  EXPECT_EQ(sum, 0) << "data checksum";
  EXPECT_EQ(f[5], 0xD5);
  return Bytes(f.begin() + 7, f.begin() + 5 + static_cast<long>(len));
}

struct Chip {
  Pn532Emulator chip;
  Clock::time_point now = Clock::now();
  /// Sends one command; expects ACK and one answer; returns the answer's data.
  Bytes call(std::initializer_list<std::uint8_t> cmd) {
    auto out = chip.feed(frame(cmd), now);
    EXPECT_EQ(out.size(), 2u);
    if (out.size() != 2) return {};
    EXPECT_EQ(out[0], kAck);
    return payload(out[1]);
  }
};

SimTag ntag(std::uint8_t last, const std::string& item = "") {
  Bytes uid{0x04, 0x11, 0x22, 0x33, 0x44, 0x55, last};
  auto t = item.empty() ? TagFactory::blank(rfid::TagType::ntag213, uid) : TagFactory::item(rfid::TagType::ntag213, uid, item);
  EXPECT_TRUE(t.ok());
  return std::move(*t);
}

TEST(Pn532Emulator, WakeUpPreambleThenFirmwareVersionSaysPn532) {
  Chip c;
  Bytes in{0x55, 0x55, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  const Bytes f = frame({0x02});
  in.insert(in.end(), f.begin(), f.end());
  auto out = c.chip.feed(in, c.now);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], kAck);
  EXPECT_EQ(payload(out[1]), (Bytes{0x32, 0x01, 0x06, 0x07}));
}

TEST(Pn532Emulator, FrameSplitAcrossReadsIsAssembled) {
  Chip c;
  const Bytes f = frame({0x00, 0x00, 'l', 'i', 'b', 'n', 'f', 'c'});
  EXPECT_TRUE(c.chip.feed(ByteView(f).first(5), c.now).empty());
  auto out = c.chip.feed(ByteView(f).subspan(5), c.now);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(payload(out[1]), (Bytes{0x00, 'l', 'i', 'b', 'n', 'f', 'c'}));
}

TEST(Pn532Emulator, BadChecksumGetsNoAnswerAndStaleHalfFrameIsDropped) {
  Chip c;
  Bytes bad = frame({0x02});
  bad[bad.size() - 2] ^= 0xFF;
  EXPECT_TRUE(c.chip.feed(bad, c.now).empty());
  // Half a frame from a killed client, then silence, then a good frame.
  const Bytes f = frame({0x02});
  EXPECT_TRUE(c.chip.feed(ByteView(f).first(6), c.now).empty());
  c.now += std::chrono::milliseconds(500);
  EXPECT_EQ(c.chip.feed(f, c.now).size(), 2u);
}

TEST(Pn532Emulator, UnknownCommandGetsAckThenErrorFrame) {
  Chip c;
  auto out = c.chip.feed(frame({0x58}), c.now);  // InATR: not ours
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1], (Bytes{0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00}));
}

TEST(Pn532Emulator, RegistersKeepEveryValueWrittenSeveralPerFrame) {
  Chip c;
  EXPECT_EQ(c.call({0x06, 0x63, 0x02, 0x63, 0x03, 0x63, 0x3C}), (Bytes{0x80, 0x80, 0x10}));
  c.call({0x08, 0x63, 0x02, 0x00, 0x63, 0x3D, 0x07});
  EXPECT_EQ(c.call({0x06, 0x63, 0x02, 0x63, 0x3D}), (Bytes{0x00, 0x07}));
}

TEST(Pn532Emulator, DeselectedTagsStayHaltedUntilTheFieldCycles) {
  Chip c;
  c.chip.place(ntag(1));
  c.chip.place(ntag(2));
  c.call({0x32, 0x05, 0xFF, 0x01, 0x02});  // finite retries
  auto first = c.call({0x4A, 0x01, 0x00});
  ASSERT_EQ(first.size(), 13u);
  EXPECT_EQ(first[0], 0x01);
  EXPECT_EQ(first[5], 0x07);  // UID length
  EXPECT_EQ(first.back(), 0x01);
  c.call({0x44, 0x00});
  auto second = c.call({0x4A, 0x01, 0x00});
  EXPECT_EQ(second.back(), 0x02);
  c.call({0x44, 0x00});
  EXPECT_EQ(c.call({0x4A, 0x01, 0x00}), (Bytes{0x00}));  // both halted: nobody answers
  c.call({0x32, 0x01, 0x00});
  c.call({0x32, 0x01, 0x01});
  EXPECT_EQ(c.call({0x4A, 0x01, 0x00}).back(), 0x01);  // woken by the field
}

TEST(Pn532Emulator, SelectByCascadedUidPicksThatTag) {
  Chip c;
  c.chip.place(ntag(1));
  c.chip.place(ntag(2));
  c.call({0x32, 0x05, 0xFF, 0x01, 0x02});
  auto r = c.call({0x4A, 0x01, 0x00, 0x88, 0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x02});
  ASSERT_EQ(r.size(), 13u);
  EXPECT_EQ(r.back(), 0x02);
}

TEST(Pn532Emulator, Ntag213ReadWrapsAndCarriesCapabilityContainerAndItemData) {
  Chip c;
  c.chip.place(ntag(1, "BOOK-1"));
  c.call({0x32, 0x05, 0xFF, 0x01, 0x02});
  c.call({0x4A, 0x01, 0x00});
  auto cc = c.call({0x40, 0x01, 0x30, 0x03});
  ASSERT_EQ(cc.size(), 17u);
  EXPECT_EQ(cc[0], 0x00);
  EXPECT_EQ(Bytes(cc.begin() + 1, cc.begin() + 5), (Bytes{0xE1, 0x10, 0x12, 0x00}));
  EXPECT_EQ(Bytes(cc.begin() + 5, cc.begin() + 9), (Bytes{'L', 'S', 0x01, 0x07}));  // secured
  auto wrap = c.call({0x40, 0x01, 0x30, 44});  // last page, then pages 0..2
  ASSERT_EQ(wrap.size(), 17u);
  EXPECT_EQ(wrap[5], 0x04);  // page 0 byte 0: NXP
  EXPECT_EQ(c.call({0x40, 0x01, 0x30, 45}), (Bytes{0x13}));  // beyond the end: NAK
}

TEST(Pn532Emulator, GetVersionThroughCommunicateThruWithHostCrc) {
  Chip c;
  c.chip.place(ntag(1));
  c.call({0x32, 0x05, 0xFF, 0x01, 0x02});
  c.call({0x4A, 0x01, 0x00});
  c.call({0x08, 0x63, 0x02, 0x00, 0x63, 0x03, 0x00});  // CRC off both ways: the host handles it
  const std::uint16_t crc = Pn532Emulator::crcA(Bytes{0x60});
  auto v = c.call({0x42, 0x60, static_cast<std::uint8_t>(crc & 0xFF), static_cast<std::uint8_t>(crc >> 8)});
  ASSERT_EQ(v.size(), 11u);  // status + 8 + CRC
  EXPECT_EQ(Bytes(v.begin() + 1, v.begin() + 9), (Bytes{0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x0F, 0x03}));
  EXPECT_EQ(c.call({0x42, 0x60, 0x00, 0x00}), (Bytes{0x02}));  // wrong CRC: the chip says so
}

TEST(Pn532Emulator, ClassicKeyCheckedAndBadKeyGivesStatus14AndHalts) {
  Chip c;
  auto card = TagFactory::patron(rfid::TagType::mifareClassic1k, {0xDE, 0xAD, 0xBE, 0xEF}, "P77");
  ASSERT_TRUE(card.ok());
  c.chip.place(std::move(*card));
  c.call({0x32, 0x05, 0xFF, 0x01, 0x02});
  auto sel = c.call({0x4A, 0x01, 0x00});
  EXPECT_EQ(sel[4], 0x08);  // SAK
  EXPECT_EQ(c.call({0x40, 0x01, 0x60, 0x04, 1, 2, 3, 4, 5, 6, 0xDE, 0xAD, 0xBE, 0xEF}), (Bytes{0x14}));
  EXPECT_EQ(c.call({0x40, 0x01, 0x30, 0x04}), (Bytes{0x01}));  // halted: no answer
  c.call({0x32, 0x01, 0x00});
  c.call({0x32, 0x01, 0x01});
  c.call({0x4A, 0x01, 0x00});
  EXPECT_EQ(c.call({0x40, 0x01, 0x60, 0x04, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xDE, 0xAD, 0xBE, 0xEF}), (Bytes{0x00}));
  auto blk = c.call({0x40, 0x01, 0x30, 0x04});
  ASSERT_EQ(blk.size(), 17u);
  Bytes data(blk.begin() + 1, blk.end());
  auto more = c.call({0x40, 0x01, 0x30, 0x05});
  data.insert(data.end(), more.begin() + 1, more.end());
  auto more2 = c.call({0x40, 0x01, 0x30, 0x06});
  data.insert(data.end(), more2.begin() + 1, more2.end());
  auto d = tagdata::decode(data);
  ASSERT_TRUE(d.ok()) << d.error().describe();
  EXPECT_EQ(d->item.usage, tagdata::usage::patronCard);
  EXPECT_EQ(d->item.itemId, "P77");
}

TEST(Pn532Emulator, AutoPollWaitsForATagAndHostAckAborts) {
  Chip c;
  auto out = c.chip.feed(frame({0x60, 0xFF, 0x01, 0x10}), c.now);
  ASSERT_EQ(out.size(), 1u);  // ACK only: the answer waits for a tag
  EXPECT_TRUE(c.chip.pending());
  c.chip.place(ntag(9));
  auto ans = c.chip.poll(c.now);
  ASSERT_EQ(ans.size(), 1u);
  auto p = payload(ans[0]);
  EXPECT_EQ(p[0], 0x01);  // one target
  EXPECT_EQ(p[1], 0x10);  // MIFARE / type A 106
  // A new poll with the tag halted, then the host aborts with an ACK: nothing comes back.
  c.call({0x44, 0x00});
  out = c.chip.feed(frame({0x60, 0xFF, 0x01, 0x10}), c.now);
  EXPECT_EQ(out.size(), 1u);
  EXPECT_TRUE(c.chip.feed(kAck, c.now).empty());
  EXPECT_FALSE(c.chip.pending());
}

TEST(Pn532Emulator, WriteFaultsLeaveMemoryUntouched) {
  Chip c;
  c.chip.place(ntag(1, "BOOK-1"));
  c.chip.tags()[0].faults().writeFails = true;
  c.call({0x32, 0x05, 0xFF, 0x01, 0x02});
  c.call({0x4A, 0x01, 0x00});
  EXPECT_EQ(c.call({0x40, 0x01, 0xA2, 0x04, 'L', 'S', 0x01, 0xC2}), (Bytes{0x13}));
  EXPECT_EQ(c.chip.tags()[0].memory()[19], 0x07);  // still secured
  c.chip.tags()[0].faults() = {};
  c.chip.tags()[0].faults().removeAfterWrites = 0;
  EXPECT_EQ(c.call({0x40, 0x01, 0xA2, 0x04, 'L', 'S', 0x01, 0xC2}), (Bytes{0x01}));
  EXPECT_TRUE(c.chip.tags().empty());  // pulled away mid-write
}

TEST(Type2Layout, HeaderTellsLibraryTagsAndSecurity) {
  const auto h = rfid::type2::headerPage(true);
  EXPECT_TRUE(rfid::type2::parseHeader(h).library);
  EXPECT_EQ(rfid::type2::parseHeader(h).security, rfid::Security::secured);
  EXPECT_EQ(rfid::type2::parseHeader(rfid::type2::headerPage(false)).security, rfid::Security::unsecured);
  const Bytes ndef{0x03, 0x10, 0xD1, 0x01};
  EXPECT_FALSE(rfid::type2::parseHeader(ndef).library);
  EXPECT_EQ(rfid::type2::dataAreaBytes(rfid::TagType::ntag213), 140u);
  EXPECT_EQ(rfid::type2::dataAreaBytes(rfid::TagType::ultralight), 44u);
}

} // namespace
} // namespace lasis::sim
