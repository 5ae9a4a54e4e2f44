// ISO 15693 library tags end to end: Lasis's PC/SC driver → libpcsclite → pcscd →
// vsmartcard-vpcd → `lasis-sim reader --pcsc` with simulated ICODE SLIX tags. Nothing is mocked;
// the pcscd fixture (pcscd-start.sh) runs pcscd for the whole group.
#include "drivers/pcsc/pcscreader.h"
#include "simulator/control/controlserver.h"
#include "tests/pcsc/simprocess.h"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <set>
#include <sys/wait.h>
#include <thread>

using namespace lasis;
using namespace lasis::pcsc;
using lasis::test::SimProcess;

namespace {

std::string uidOf(int i) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "E00401%04X%06X", 0x1000 + i * 37, 0x3A0000 + i * 4099);
  return buf;
}
std::string itemOf(int i) { return "3000" + std::to_string(1000 + i); }

std::vector<std::string> stackArgs(int n) {
  std::vector<std::string> args{"reader", "--pcsc", "--isil", "DK-718500"};
  for (int i = 0; i < n; ++i) {
    args.push_back("--tag");
    args.push_back("icode-slix:" + uidOf(i) + ":" + itemOf(i));
  }
  return args;
}

/// Inventories until `n` tags are seen or 15 s pass (pcscd notices a new card within ~400 ms).
std::vector<rfid::TagSeen> waitForTags(Iso15693Reader& reader, std::size_t n) {
  std::vector<rfid::TagSeen> seen;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < until) {
    auto inv = reader.inventory();
    if (inv && inv->size() == n) return *inv;
    if (inv) seen = *inv;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return seen;
}

struct Rig {
  SimProcess sim;
  std::unique_ptr<PcscReader> reader;
  sim::ControlClient* control() { return m_control ? &*m_control : nullptr; }
  std::optional<sim::ControlClient> m_control;

  explicit Rig(int tags, const std::string& urlQuery = "") : sim(stackArgs(tags)) {
    if (!sim.ok()) return;
    auto r = PcscReader::open(std::string("pcsc:") + kReader + urlQuery);
    if (r) reader = std::move(*r);
    auto c = sim::ControlClient::connect(sim.control());
    if (c) m_control.emplace(std::move(*c));
  }
  bool ok() const { return sim.ok() && reader && m_control; }

  sim::Json tag(const std::string& uid) {
    auto r = m_control->call({{"cmd", "tag"}, {"uid", uid}});
    return r ? *r : sim::Json{};
  }
  sim::Json call(const sim::Json& req) {
    auto r = m_control->call(req);
    return r ? *r : sim::Json{{"ok", false}};
  }
};

} // namespace

TEST(Pcsc, PcscScanListsTheVirtualReaderAndItsIso15693Card) {
  SKIP_WITHOUT_PCSCD();
  SimProcess sim(stackArgs(1));
  ASSERT_TRUE(sim.ok()) << "lasis-sim reader --pcsc did not print its ready line";
  EXPECT_EQ(sim.info()["pcsc"], kReader);
  EXPECT_EQ(sim.info()["device"], "reader");
  // pcsc_scan is an unmodified PC/SC client: it must see the reader and the ISO 15693 ATR.
  std::string out;
  if (FILE* p = ::popen("timeout 10 pcsc_scan -t 2 2>&1", "r")) {
    std::array<char, 4096> buf;
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
    ::pclose(p);
  }
  EXPECT_NE(out.find(kReader), std::string::npos) << out;
  EXPECT_NE(out.find("3B 8F 80 01 80 4F 0C A0 00 00 03 06 0B 00 14 00 00 00 00 77"), std::string::npos) << out;
  EXPECT_NE(out.find("ISO 15693"), std::string::npos) << out;
}

TEST(Pcsc, OpeningAnUnknownReaderNamesTheReadersThere) {
  SKIP_WITHOUT_PCSCD();
  auto r = PcscReader::open("pcsc:No Such Reader");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is(Errc::notFound));
  EXPECT_NE(r.error().message().find(kReader), std::string::npos) << r.error().message();
  auto bad = PcscReader::open("pcsc:0?security=magnet");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.error().is(Errc::config));
}

TEST(Pcsc, StackOfTenItemsIsInventoriedAndDecoded) {
  SKIP_WITHOUT_PCSCD();
  Rig rig(10);
  ASSERT_TRUE(rig.ok());
  const auto seen = waitForTags(*rig.reader, 10);
  ASSERT_EQ(seen.size(), 10u) << "the anticollision must find the whole stack";
  std::set<std::string> uids;
  for (const auto& t : seen) {
    uids.insert(t.uid);
    EXPECT_EQ(t.type, rfid::TagType::icodeSlix);
  }
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(uids.count(uidOf(i))) << uidOf(i) << " missing from the inventory";
    auto item = rig.reader->readItem(uidOf(i));
    ASSERT_TRUE(item.ok()) << item.error().describe();
    EXPECT_EQ(item->item.itemId, itemOf(i));
    EXPECT_EQ(item->item.owner, "DK-718500");
    EXPECT_TRUE(item->crcOk);
    auto contents = rig.reader->read(uidOf(i));
    ASSERT_TRUE(contents.ok()) << contents.error().describe();
    EXPECT_EQ(contents->data.size(), 112u) << "ICODE SLIX: 28 blocks x 4 bytes";
    EXPECT_EQ(contents->security, rfid::Security::secured);
  }
  auto info = rig.reader->systemInfo(uidOf(3));
  ASSERT_TRUE(info.ok()) << info.error().describe();
  EXPECT_EQ(info->blockCount, 28);
  EXPECT_EQ(info->blockSize, 4);
  EXPECT_EQ(info->afi, 0x07);
}

TEST(Pcsc, AfiIsSetVerifiedAndClearedAndOnlySecuredItemsAnswerAnAfiInventory) {
  SKIP_WITHOUT_PCSCD();
  Rig rig(10);
  ASSERT_TRUE(rig.ok());
  ASSERT_EQ(waitForTags(*rig.reader, 10).size(), 10u);
  // Lend items 0, 2, 4, 6: their AFI goes to 0xC2 and the tag confirms it.
  for (int i : {0, 2, 4, 6}) {
    auto st = rig.reader->setSecurity(uidOf(i), false);
    ASSERT_TRUE(st.ok()) << st.error().describe();
    EXPECT_EQ(rig.tag(uidOf(i))["afi"], 0xC2);
    auto c = rig.reader->read(uidOf(i));
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->security, rfid::Security::unsecured);
  }
  // The gate's AFI inventory: exactly the six items still in the library answer.
  auto secured = rig.reader->inventoryByAfi(0x07);
  ASSERT_TRUE(secured.ok()) << secured.error().describe();
  std::set<std::string> got;
  for (const auto& t : *secured) got.insert(t.uid);
  std::set<std::string> want;
  for (int i : {1, 3, 5, 7, 8, 9}) want.insert(uidOf(i));
  EXPECT_EQ(got, want);
  // Returned: secured again.
  ASSERT_TRUE(rig.reader->setSecurity(uidOf(2), true).ok());
  EXPECT_EQ(rig.tag(uidOf(2))["afi"], 0x07);
  auto again = rig.reader->inventoryByAfi(0x07);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->size(), 7u);
}

TEST(Pcsc, EasIsSetVerifiedAndClearedAndTheEasAlarmFollowsIt) {
  SKIP_WITHOUT_PCSCD();
  Rig rig(3, "?security=eas");
  ASSERT_TRUE(rig.ok());
  ASSERT_EQ(waitForTags(*rig.reader, 3).size(), 3u);
  auto alarm = rig.reader->easAlarm();
  ASSERT_TRUE(alarm.ok()) << alarm.error().describe();
  EXPECT_TRUE(*alarm) << "three items with EAS set must alarm";
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(rig.reader->setSecurity(uidOf(i), false).ok());
    EXPECT_EQ(rig.tag(uidOf(i))["eas"], false);
    EXPECT_EQ(rig.tag(uidOf(i))["afi"], 0x07) << "EAS mode leaves the AFI alone";
  }
  alarm = rig.reader->easAlarm();
  ASSERT_TRUE(alarm.ok());
  EXPECT_FALSE(*alarm) << "no item with EAS set: no alarm";
  ASSERT_TRUE(rig.reader->setSecurity(uidOf(1), true).ok());
  EXPECT_EQ(rig.tag(uidOf(1))["eas"], true);
  auto c = rig.reader->read(uidOf(1));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->security, rfid::Security::secured);
  alarm = rig.reader->easAlarm();
  ASSERT_TRUE(alarm.ok());
  EXPECT_TRUE(*alarm);
}

TEST(Pcsc, AFailedAfiWriteIsReportedNotTakenAsDone) {
  SKIP_WITHOUT_PCSCD();
  Rig rig(2);
  ASSERT_TRUE(rig.ok());
  ASSERT_EQ(waitForTags(*rig.reader, 2).size(), 2u);
  // The tag refuses WRITE AFI.
  ASSERT_EQ(rig.call({{"cmd", "fault"}, {"uid", uidOf(0)}, {"afi", "fails"}})["ok"], true);
  auto st = rig.reader->setSecurity(uidOf(0), false);
  ASSERT_FALSE(st.ok()) << "a refused AFI write must not count as done";
  EXPECT_NE(st.error().message().find(uidOf(0)), std::string::npos) << st.error().message();
  EXPECT_EQ(rig.tag(uidOf(0))["afi"], 0x07);
  // The tag says "done" but keeps its old AFI: only the read-back notices.
  ASSERT_EQ(rig.call({{"cmd", "fault"}, {"uid", uidOf(1)}, {"afi", "lost"}})["ok"], true);
  st = rig.reader->setSecurity(uidOf(1), false);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(st.error().is(Errc::verifyFailed)) << st.error().describe();
  EXPECT_EQ(rig.tag(uidOf(1))["afi"], 0x07);
  // Fault cleared: the same change now goes through.
  ASSERT_EQ(rig.call({{"cmd", "fault"}, {"uid", uidOf(1)}, {"afi", "none"}})["ok"], true);
  EXPECT_TRUE(rig.reader->setSecurity(uidOf(1), false).ok());
  EXPECT_EQ(rig.tag(uidOf(1))["afi"], 0xC2);
}

TEST(Pcsc, ARemovedTagIsNotFoundAndAnEmptyFieldInventoriesEmpty) {
  SKIP_WITHOUT_PCSCD();
  Rig rig(2);
  ASSERT_TRUE(rig.ok());
  ASSERT_EQ(waitForTags(*rig.reader, 2).size(), 2u);
  ASSERT_EQ(rig.call({{"cmd", "remove"}, {"uid", uidOf(0)}})["ok"], true);
  auto r = rig.reader->read(uidOf(0));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is(Errc::notFound)) << r.error().describe();
  auto st = rig.reader->setSecurity(uidOf(0), false);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(st.error().is(Errc::notFound));
  // The last tag leaves: pcscd sees the card removed; the driver reports an empty field.
  ASSERT_EQ(rig.call({{"cmd", "remove"}, {"uid", uidOf(1)}})["ok"], true);
  EXPECT_EQ(waitForTags(*rig.reader, 0).size(), 0u);
  auto inv = rig.reader->inventory();
  ASSERT_TRUE(inv.ok()) << inv.error().describe();
  EXPECT_TRUE(inv->empty());
  // And a tag placed again is found again.
  ASSERT_EQ(rig.call({{"cmd", "place"}, {"uid", uidOf(5)}, {"item", itemOf(5)}})["ok"], true);
  auto back = waitForTags(*rig.reader, 1);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].uid, uidOf(5));
}

TEST(Pcsc, ReversedBlockOrderIsDetectedByTheCrc) {
  SKIP_WITHOUT_PCSCD();
  Rig rig(1);
  ASSERT_TRUE(rig.ok());
  ASSERT_EQ(waitForTags(*rig.reader, 1).size(), 1u);
  const std::string uid = "E004015000000001";
  ASSERT_EQ(rig.call({{"cmd", "place"}, {"uid", uid}, {"item", "7700123"}, {"isil", "DE-705"}, {"reversed", true}})["ok"],
            true);
  ASSERT_EQ(waitForTags(*rig.reader, 2).size(), 2u);
  auto item = rig.reader->readItem(uid);
  ASSERT_TRUE(item.ok()) << item.error().describe();
  EXPECT_TRUE(item->blocksReversed);
  EXPECT_TRUE(item->crcOk);
  EXPECT_EQ(item->item.itemId, "7700123");
}

TEST(Pcsc, WrittenItemDataReadsBackAndOversizedDataIsRefused) {
  SKIP_WITHOUT_PCSCD();
  Rig rig(1);
  ASSERT_TRUE(rig.ok());
  ASSERT_EQ(waitForTags(*rig.reader, 1).size(), 1u);
  tagdata::ItemData item;
  item.itemId = "9990001";
  item.owner = "DK-718500";
  auto bytes = tagdata::encode(item, 112);
  ASSERT_TRUE(bytes.ok());
  auto st = rig.reader->writeData(uidOf(0), *bytes);
  ASSERT_TRUE(st.ok()) << st.error().describe();
  auto back = rig.reader->readItem(uidOf(0));
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(back->item.itemId, "9990001");
  EXPECT_EQ(rig.tag(uidOf(0))["memory"].get<std::string>().substr(0, bytes->size() * 2), toHex(*bytes));
  st = rig.reader->writeData(uidOf(0), Bytes(113, 0x41));
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(st.error().is(Errc::invalidArgument));
}

namespace {
/// Runs a command line under a 20 s timeout; returns its stdout and exit status.
std::pair<std::string, int> run(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(("timeout 20 " + cmd + " 2>/dev/null").c_str(), "r");
  if (!p) return {"", -1};
  std::array<char, 4096> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  const int st = ::pclose(p);
  return {out, WIFEXITED(st) ? WEXITSTATUS(st) : -1};
}
} // namespace

TEST(Pcsc, LasisReaderToolWorksWithAPcscUrl) {
  SKIP_WITHOUT_PCSCD();
  Rig rig(2);  // the rig waits for the tags, so the tool finds them at once
  ASSERT_TRUE(rig.ok());
  ASSERT_EQ(waitForTags(*rig.reader, 2).size(), 2u);
  const std::string lasis = std::string(LASIS_BIN_DIR) + "/lasis";
  const std::string device = std::string("--device 'pcsc:") + kReader + "'";
  auto [out, rc] = run(lasis + " reader list " + device);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("\"uid\":\"" + uidOf(0) + "\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"item_id\":\"" + itemOf(1) + "\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"secured\":true"), std::string::npos) << out;
  auto [out2, rc2] = run(lasis + " reader unsecure " + device + " " + uidOf(1));
  EXPECT_EQ(rc2, 0) << out2;
  EXPECT_EQ(rig.tag(uidOf(1))["afi"], 0xC2);
  // A tag that is not there: exit 1, nothing changed.
  auto [out3, rc3] = run(lasis + " reader secure " + device + " E0040199AABBCCDD");
  EXPECT_EQ(rc3, 1);
}

TEST(Pcsc, AReaderWhoseSimulatorDiesRecoversWhenItReturns) {
  SKIP_WITHOUT_PCSCD();
  auto reader = PcscReader::open(std::string("pcsc:") + kReader);
  ASSERT_TRUE(reader.ok()) << reader.error().describe();
  {
    SimProcess sim(stackArgs(3));
    ASSERT_TRUE(sim.ok());
    ASSERT_EQ(waitForTags(**reader, 3).size(), 3u);
  }  // the simulator is stopped: vpcd loses its card mid-life
  // Whatever pcscd says now (card removed, reset), the driver answers cleanly: no tags, or an
  // error naming the reader — never stale tags for long, never a crash.
  const auto gone = waitForTags(**reader, 0);
  EXPECT_TRUE(gone.empty());
  auto r = (*reader)->read(uidOf(0));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().is(Errc::notFound)) << r.error().describe();
  SimProcess again(stackArgs(2));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(waitForTags(**reader, 2).size(), 2u) << "the same reader object must find the new field";
}
