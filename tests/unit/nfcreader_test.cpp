// The libnfc driver through the real libnfc against the PN532 emulator on a pty: one emulator
// per test, on its own io thread, driven through its control commands.
#include "common/rfid/type2layout.h"
#include "common/tagdata/tagdata.h"
#include "drivers/nfc/nfcreader.h"
#include "drivers/readerworker.h"
#include "drivers/tagreaderfactory.h"
#include "simulator/pn532/simreader.h"

#include <gtest/gtest.h>
#include <nfc/nfc.h>

#include <cstring>

#include <cstdlib>
#include <filesystem>
#include <future>
#include <thread>

namespace lasis {
namespace {

using sim::Json;
namespace fs = std::filesystem;

std::string uidOf(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "04A0B0C0D0E0%02X", i);
  return buf;
}

class NfcReaderTest : public ::testing::Test {
protected:
  void SetUp() override {
    ::setenv("LIBNFC_LOG_LEVEL", "0", 0);  // libnfc's stderr lines would only repeat our errors
    char tmpl[] = "/tmp/lasis-nfctest-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    m_dir = tmpl;
    auto s = sim::SimReader::open(m_io, m_dir + "/reader");
    ASSERT_TRUE(s.ok()) << s.error().describe();
    m_sim = std::move(*s);
    m_guard.emplace(m_io.get_executor());
    m_thread = std::thread([this] { m_io.run(); });
    m_reader = std::make_unique<drivers::NfcReader>(m_sim->port().connstring());
  }
  void TearDown() override {
    m_reader.reset();  // nfc_close talks to the chip: before the emulator stops
    m_guard.reset();
    m_io.stop();
    if (m_thread.joinable()) m_thread.join();
    m_sim.reset();
    std::error_code ec;
    fs::remove_all(m_dir, ec);
  }

  /// A control command, run on the emulator's thread.
  Json ctl(const Json& req) {
    std::promise<Json> p;
    auto f = p.get_future();
    boost::asio::post(m_io, [&] { p.set_value(m_sim->control(req)); });
    if (f.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
      ADD_FAILURE() << "emulator did not answer " << req.dump();
      return {};
    }
    Json r = f.get();
    EXPECT_TRUE(r.value("ok", false)) << req.dump() << " → " << r.dump();
    return r;
  }
  /// The simulator's view of a tag (memory as hex, security).
  Json simTag(const std::string& uid) {
    const Json all = ctl({{"cmd", "list"}});
    for (const auto& t : all["tags"]) {
      if (t["uid"] == uid) return t;
    }
    return {};
  }

  boost::asio::io_context m_io;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> m_guard;
  std::thread m_thread;
  std::unique_ptr<sim::SimReader> m_sim;
  std::unique_ptr<drivers::NfcReader> m_reader;
  std::string m_dir;
};

TEST_F(NfcReaderTest, StackOfTenItemsAndAPatronCardListedCompletelyEveryTime) {
  for (int i = 0; i < 10; ++i) ctl({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uidOf(i)}, {"item", "BOOK-" + std::to_string(i)}});
  ctl({{"cmd", "place"}, {"kind", "mfc1k"}, {"uid", "DEADBEEF"}, {"patron", "P-1001"}});
  for (int round = 0; round < 2; ++round) {  // the second time too: halted tags must wake up
    auto tags = m_reader->inventory();
    ASSERT_TRUE(tags.ok()) << tags.error().describe();
    ASSERT_EQ(tags->size(), 11u) << "round " << round;
    std::set<std::string> uids;
    for (const auto& t : *tags) uids.insert(t.uid);
    for (int i = 0; i < 10; ++i) EXPECT_TRUE(uids.count(uidOf(i))) << uidOf(i);
    EXPECT_TRUE(uids.count("DEADBEEF"));
    for (const auto& t : *tags) EXPECT_EQ(t.type, t.uid == "DEADBEEF" ? rfid::TagType::mifareClassic1k : rfid::TagType::ntag213);
  }
  // Every item decodes to its own id; the card to its patron number.
  for (int i = 0; i < 10; ++i) {
    auto c = m_reader->read(uidOf(i));
    ASSERT_TRUE(c.ok()) << c.error().describe();
    auto d = tagdata::decode(c->data);
    ASSERT_TRUE(d.ok()) << d.error().describe();
    EXPECT_EQ(d->item.itemId, "BOOK-" + std::to_string(i));
    EXPECT_EQ(c->security, rfid::Security::secured);
  }
  auto card = m_reader->read("DEADBEEF");
  ASSERT_TRUE(card.ok()) << card.error().describe();
  auto d = tagdata::decode(card->data);
  ASSERT_TRUE(d.ok()) << d.error().describe();
  EXPECT_EQ(d->item.usage, tagdata::usage::patronCard);
  EXPECT_EQ(d->item.itemId, "P-1001");
}

TEST_F(NfcReaderTest, Ntag215And216AreIdentifiedByGetVersion) {
  ctl({{"cmd", "place"}, {"kind", "ntag215"}, {"uid", uidOf(1)}, {"item", "A"}});
  ctl({{"cmd", "place"}, {"kind", "ntag216"}, {"uid", uidOf(2)}});
  auto tags = m_reader->inventory();
  ASSERT_TRUE(tags.ok()) << tags.error().describe();
  ASSERT_EQ(tags->size(), 2u);
  EXPECT_EQ((*tags)[0].type, rfid::TagType::ntag215);
  EXPECT_EQ((*tags)[1].type, rfid::TagType::ntag216);
}

TEST_F(NfcReaderTest, AnNtagIsReadWithFastReadInOneExchange) {
  // The header and the first 44 data bytes: one FAST_READ instead of three READs (issue 19: the
  // stack is read sooner). Frames for a read of a known tag: field off and on, select, the read(s),
  // halt.
  ctl({{"cmd", "place"}, {"kind", "ntag215"}, {"uid", uidOf(1)}, {"item", "10000001"}});
  ASSERT_EQ(m_reader->inventory()->size(), 1u);  // its type is known from here on
  ctl({{"cmd", "reset-stats"}});
  auto c = m_reader->read(uidOf(1));
  ASSERT_TRUE(c.ok()) << c.error().describe();
  auto item = tagdata::decode(c->data);
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(item->item.itemId, "10000001");
  EXPECT_LE(ctl({{"cmd", "stats"}})["frames"].get<int>(), 5);
}

TEST_F(NfcReaderTest, ProgramSecureAndUnsecureWithReadBack) {
  const std::string uid = uidOf(7);
  ctl({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uid}});  // blank, as from the roll
  tagdata::ItemData item;
  item.itemId = "3901234567";
  item.parts = 2;
  item.ordinal = 1;
  item.owner = "DK-710100";
  auto bytes = tagdata::encode(item, rfid::type2::kMaxDataBytes);
  ASSERT_TRUE(bytes.ok());
  ASSERT_TRUE(m_reader->writeData(uid, *bytes).ok());

  auto c = m_reader->read(uid);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  auto d = tagdata::decode(c->data);
  ASSERT_TRUE(d.ok()) << d.error().describe();
  EXPECT_EQ(d->item.itemId, "3901234567");
  EXPECT_EQ(d->item.parts, 2);
  EXPECT_EQ(d->item.owner, "DK-710100");
  EXPECT_EQ(c->security, rfid::Security::secured);  // a new tag starts in the library
  EXPECT_EQ(simTag(uid)["security"], "secured");

  ASSERT_TRUE(m_reader->setSecurity(uid, false).ok());
  EXPECT_EQ(m_reader->read(uid)->security, rfid::Security::unsecured);
  EXPECT_EQ(simTag(uid)["security"], "unsecured");  // the tag itself changed, not a cache
  ASSERT_TRUE(m_reader->setSecurity(uid, true).ok());
  EXPECT_EQ(m_reader->read(uid)->security, rfid::Security::secured);
  EXPECT_EQ(simTag(uid)["security"], "secured");
}

TEST_F(NfcReaderTest, RemovalIsNoticed) {
  ctl({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uidOf(1)}, {"item", "A"}});
  ctl({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uidOf(2)}, {"item", "B"}});
  ASSERT_EQ(m_reader->inventory()->size(), 2u);
  ctl({{"cmd", "remove"}, {"uid", uidOf(1)}});
  auto tags = m_reader->inventory();
  ASSERT_TRUE(tags.ok());
  ASSERT_EQ(tags->size(), 1u);
  EXPECT_EQ((*tags)[0].uid, uidOf(2));
  auto gone = m_reader->read(uidOf(1));
  ASSERT_FALSE(gone.ok());
  EXPECT_TRUE(gone.error().is(Errc::notFound)) << gone.error().describe();
  ctl({{"cmd", "clear"}});
  EXPECT_TRUE(m_reader->inventory()->empty());
}

TEST_F(NfcReaderTest, UnplugReportedAtOnceAndReplugRecovered) {
  ctl({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uidOf(1)}, {"item", "A"}});
  ASSERT_EQ(m_reader->inventory()->size(), 1u);
  ctl({{"cmd", "unplug"}});
  auto lost = m_reader->inventory();
  ASSERT_FALSE(lost.ok());
  EXPECT_TRUE(lost.error().is(Errc::disconnected)) << lost.error().describe();
  EXPECT_FALSE(m_reader->connected());
  auto still = m_reader->read(uidOf(1));  // the device is gone: every call says so
  ASSERT_FALSE(still.ok());
  EXPECT_TRUE(still.error().is(Errc::disconnected)) << still.error().describe();
  ctl({{"cmd", "replug"}});
  auto back = m_reader->inventory();  // no re-creation by the caller: the driver reconnects
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(back->size(), 1u);
  EXPECT_TRUE(m_reader->setSecurity(uidOf(1), false).ok());
}

TEST_F(NfcReaderTest, ReaderPulledDuringGetVersionIsALossNotACrash) {
  // The kiosk chaos test (sanitizer build) once crashed here: the reader was lost in the middle
  // of GET_VERSION and the driver went on to restore easy framing on the closed handle.
  ctl({{"cmd", "place"}, {"kind", "ntag215"}, {"uid", uidOf(1)}, {"item", "A"}});
  ctl({{"cmd", "unplug"}, {"on_command", 0x42}});  // InCommunicateThru: how GET_VERSION goes
  auto lost = m_reader->inventory();
  ASSERT_FALSE(lost.ok());
  EXPECT_TRUE(lost.error().is(Errc::disconnected)) << lost.error().describe();
  EXPECT_FALSE(m_reader->connected());
  ctl({{"cmd", "replug"}});
  auto back = m_reader->inventory();
  ASSERT_TRUE(back.ok()) << back.error().describe();
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].type, rfid::TagType::ntag215);  // identified once the reader is back
}

TEST_F(NfcReaderTest, FailingWriteIsReportedNotTreatedAsDone) {
  const std::string uid = uidOf(3);
  ctl({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uid}, {"item", "OLD"}});
  ctl({{"cmd", "fault"}, {"uid", uid}, {"fault", "write-fails"}});
  tagdata::ItemData item;
  item.itemId = "NEW";
  auto st = m_reader->writeData(uid, *tagdata::encode(item, rfid::type2::kMaxDataBytes));
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(st.error().is(Errc::io)) << st.error().describe();
  auto sec = m_reader->setSecurity(uid, false);
  ASSERT_FALSE(sec.ok());
  EXPECT_EQ(simTag(uid)["security"], "secured");  // the item stays secured
  EXPECT_EQ(tagdata::decode(m_reader->read(uid)->data)->item.itemId, "OLD");
}

TEST_F(NfcReaderTest, TagPulledMidWriteIsReported) {
  const std::string uid = uidOf(4);
  ctl({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uid}});
  ctl({{"cmd", "fault"}, {"uid", uid}, {"fault", "remove-mid-write"}, {"count", 3}});
  tagdata::ItemData item;
  item.itemId = "HALF";
  auto st = m_reader->writeData(uid, *tagdata::encode(item, rfid::type2::kMaxDataBytes));
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(st.error().is(Errc::notFound)) << st.error().describe();
}

TEST_F(NfcReaderTest, FlakyReadsAreRetried) {
  const std::string uid = uidOf(5);
  ctl({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uid}, {"item", "FLAKY"}});
  ctl({{"cmd", "fault"}, {"uid", uid}, {"fault", "flaky-reads"}, {"count", 2}});
  auto c = m_reader->read(uid);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(tagdata::decode(c->data)->item.itemId, "FLAKY");
}

TEST_F(NfcReaderTest, ForeignTagIsNeitherSecuredNorMistakenForAnItem) {
  const std::string uid = uidOf(6);
  ctl({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uid}});
  auto c = m_reader->read(uid);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->security, rfid::Security::unknown);
  EXPECT_FALSE(tagdata::decode(c->data).ok());
  auto st = m_reader->setSecurity(uid, true);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(st.error().is(Errc::unsupported)) << st.error().describe();
}

TEST_F(NfcReaderTest, WorkerDeliversResultsOffTheCallersThread) {
  ctl({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uidOf(1)}, {"item", "W"}});
  drivers::ReaderWorker worker(std::move(m_reader));
  auto f = worker.inventory();
  ASSERT_EQ(f.wait_for(std::chrono::seconds(20)), std::future_status::ready);
  auto tags = f.get();
  ASSERT_TRUE(tags.ok());
  EXPECT_EQ(tags->size(), 1u);
  std::promise<std::thread::id> where;
  worker.inventory([&](Result<std::vector<rfid::TagSeen>> r) {
    EXPECT_TRUE(r.ok());
    where.set_value(std::this_thread::get_id());
  });
  auto w = where.get_future();
  ASSERT_EQ(w.wait_for(std::chrono::seconds(20)), std::future_status::ready);
  EXPECT_NE(w.get(), std::this_thread::get_id());
  auto s = worker.setSecurity(uidOf(1), false);
  ASSERT_EQ(s.wait_for(std::chrono::seconds(20)), std::future_status::ready);
  EXPECT_TRUE(s.get().ok());
}

TEST_F(NfcReaderTest, FactoryPicksBackendByUrl) {
  auto r = drivers::openTagReader("nfc:" + m_sim->port().connstring());
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ((*r)->address(), "nfc:" + m_sim->port().connstring());
  r->reset();
  auto bare = drivers::openTagReader(m_sim->port().connstring());
  ASSERT_TRUE(bare.ok()) << bare.error().describe();
  bare->reset();
  auto missing = drivers::openTagReader("nfc:pn532_uart:" + m_dir + "/absent");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.error().is(Errc::disconnected));
  EXPECT_TRUE(drivers::openTagReader("nfc:pn532_uart:" + m_dir + "/absent", nullLogger(), drivers::OpenMode::lazy).ok());
  // pcsc: URLs go to the PC/SC backend (tested in tests/pcsc); one naming no reader is a config error.
  EXPECT_TRUE(drivers::openTagReader("pcsc:").error().is(Errc::config));
  EXPECT_TRUE(drivers::openTagReader("/dev/ttyUSB0").error().is(Errc::config));
}

TEST_F(NfcReaderTest, LibnfcPollWaitsForATagPlacedLater) {
  // nfc_initiator_poll_target → InAutoPoll, which has no host-side timeout: the emulator must
  // answer when the tag arrives.
  auto placer = std::async(std::launch::async, [this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return ctl({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uidOf(9)}, {"item", "LATE"}});
  });
  nfc_context* ctx = nullptr;
  nfc_init(&ctx);
  ASSERT_NE(ctx, nullptr);
  nfc_connstring cs{};
  const std::string conn = m_sim->port().connstring();
  std::memcpy(cs, conn.c_str(), conn.size() + 1);
  nfc_device* dev = nfc_open(ctx, cs);
  ASSERT_NE(dev, nullptr);
  ASSERT_GE(nfc_initiator_init(dev), 0);
  const nfc_modulation nm[] = {{NMT_ISO14443A, NBR_106}};
  nfc_target nt{};
  const int res = nfc_initiator_poll_target(dev, nm, 1, 20, 2, &nt);  // up to 20 × 2 × 150 ms
  placer.get();
  EXPECT_EQ(res, 1);
  EXPECT_EQ(toHex(ByteView(nt.nti.nai.abtUid, nt.nti.nai.szUidLen)), uidOf(9));
  nfc_close(dev);
  nfc_exit(ctx);
}

TEST(NfcReaderSeveral, TwoReadersInOneProcessKeepTheirOwnTags) {
  ::setenv("LIBNFC_LOG_LEVEL", "0", 0);
  char tmpl[] = "/tmp/lasis-nfctest-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  boost::asio::io_context io;
  auto a = sim::SimReader::open(io, dir + "/kiosk");
  auto b = sim::SimReader::open(io, dir + "/gate");
  ASSERT_TRUE(a.ok() && b.ok());
  (*a)->control({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uidOf(1)}, {"item", "AT-KIOSK"}});
  (*b)->control({{"cmd", "place"}, {"kind", "ntag215"}, {"uid", uidOf(2)}, {"item", "AT-GATE"}});
  (*b)->control({{"cmd", "place"}, {"kind", "mfc1k"}, {"uid", "01020304"}, {"patron", "P"}});
  auto guard = boost::asio::make_work_guard(io);
  std::thread t([&] { io.run(); });
  {
    drivers::NfcReader ra((*a)->port().connstring());
    drivers::NfcReader rb((*b)->port().connstring());
    auto ia = ra.inventory();
    auto ib = rb.inventory();
    ASSERT_TRUE(ia.ok() && ib.ok());
    ASSERT_EQ(ia->size(), 1u);
    EXPECT_EQ((*ia)[0].uid, uidOf(1));
    EXPECT_EQ(ib->size(), 2u);
    EXPECT_TRUE(ra.setSecurity(uidOf(1), false).ok());
    EXPECT_TRUE(rb.read(uidOf(1)).error().is(Errc::notFound));
  }
  guard.reset();
  io.stop();
  t.join();
  a->reset();
  b->reset();
  std::filesystem::remove_all(dir);
}

} // namespace
} // namespace lasis
