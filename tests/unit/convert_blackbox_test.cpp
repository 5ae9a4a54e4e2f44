// Black-box: `lasis convert`, the conversion station, against `lasis-sim reader`. The test plays
// the technician through the simulator's control channel: lay a blank tag on the pad, wait until
// the log says it is written, take it away, lay the next. Processes are stopped by PID; every
// wait has a deadline.
#include "tests/support/childprocess.h"

#include "common/core/bytes.h"
#include "common/tagdata/tagdata.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace lasis::test;
using Json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::string kLasis = std::string(LASIS_BIN_DIR) + "/lasis";

/// The rows of the conversion log (header skipped), as cells: item_id, uid, time, result, detail.
std::vector<std::vector<std::string>> logRows(const std::filesystem::path& log) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(log);
  std::string line;
  for (bool first = true; std::getline(in, line); first = false) {
    if (first || line.empty()) continue;
    std::vector<std::string> cells(1);
    bool quoted = false;
    for (char c : line) {
      if (c == '"') quoted = !quoted;
      else if (c == ',' && !quoted) cells.emplace_back();
      else cells.back() += c;
    }
    rows.push_back(cells);
  }
  return rows;
}

std::size_t writtenCount(const std::filesystem::path& log) {
  std::size_t n = 0;
  for (const auto& r : logRows(log))
    if (r.size() >= 4 && r[3] == "written") ++n;
  return n;
}

/// The tag with this UID as the simulator sees it ({} when it is not on the pad).
Json simTag(SimDevice& sim, const std::string& uid) {
  const Json list = sim.call({{"cmd", "list"}});
  for (const auto& t : list.value("tags", Json::array()))
    if (t.value("uid", "") == uid) return t;
  return Json::object();
}

std::string uidFor(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "04C0FFEE%06X", i);
  return buf;
}

std::string itemFor(int i) { return "3900012" + std::to_string(3400 + i); }

/// Reads a convert run's stdout to its end (it exits at the end of its input) and its exit status.
struct Finished {
  std::vector<Json> lines;
  std::optional<int> status;
};
Finished finish(ChildProcess& p, std::chrono::milliseconds deadline = 60000ms) {
  Finished f;
  while (auto line = p.readLine(deadline)) f.lines.push_back(Json::parse(*line, nullptr, false));
  f.status = p.wait(deadline);
  return f;
}

} // namespace

// The "done when" of issue 26: 50 items from a CSV on the simulated pad, killed half-way and
// resumed, 50 tags programmed once each, and a correct summary.
TEST(ConvertBlackBox, FiftyItemsKilledHalfWayResumeWithEveryTagProgrammedOnce) {
  // Bytes at the pace of the reader's serial line, so a write takes as long as on the bench and
  // the kill below can land in the middle of one.
  SimDevice sim({simBinary(), "reader", "--uart-timing"});
  ASSERT_TRUE(sim.ok()) << sim.stderrText();
  const auto dir = freshTestDir("convert50");
  const auto csv = dir / "items.csv";
  const auto log = dir / "convert-log.csv";
  {
    // An ILS export: extra columns, a quoted title with a comma, a set of two discs.
    std::ofstream f(csv);
    f << "item_id,title,parts,ordinal\n";
    for (int i = 0; i < 50; ++i) f << itemFor(i) << ",\"Title " << i << ", a novel\"," << (i == 7 ? "2,1" : ",") << "\n";
  }
  const std::vector<std::string> argv{kLasis, "convert", "--device", sim.field("connstring"), "--csv", csv.string(),
                                      "--log", log.string(), "--owner", "LV-00001", "--json", "--wait-s", "60"};
  std::set<std::string> seenUids;
  // One item as the technician does it: lay the tag, wait for the log, check the tag, take it away.
  auto convertItem = [&](int i, bool alreadyLaid) {
    const std::string uid = uidFor(i);
    if (!alreadyLaid) {
      ASSERT_EQ(sim.call({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uid}}).value("ok", false), true);
    }
    ASSERT_TRUE(eventually([&] { return writtenCount(log) >= static_cast<std::size_t>(i + 1); }, 30000ms))
        << "item " << i << " was not written; log has " << writtenCount(log);
    const Json t = simTag(sim, uid);
    EXPECT_EQ(t.value("item_id", ""), itemFor(i)) << t.dump();
    EXPECT_EQ(t.value("security", ""), "secured") << t.dump();
    ASSERT_EQ(sim.call({{"cmd", "remove"}, {"uid", uid}}).value("ok", false), true);
  };

  std::size_t before = 0;
  {
    ChildProcess first(argv);
    for (int i = 0; i < 25 && !HasFatalFailure(); ++i) convertItem(i, false);
    ASSERT_FALSE(HasFatalFailure());
    // The 26th tag goes down and the station is killed at once: it may be waiting, half-way
    // through the write (data pages written, no header yet), done but not logged, or logged
    // (timing decides; a sweep of delays hit each). Every one must resume into one tag for item 25.
    ASSERT_EQ(sim.call({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uidFor(25)}}).value("ok", false), true);
    std::this_thread::sleep_for(80ms);
    first.signal(SIGKILL);
    ASSERT_EQ(first.wait(10000ms), 128 + SIGKILL);
    std::vector<Json> out;
    while (auto line = first.readLine(100ms)) out.push_back(Json::parse(*line, nullptr, false));
    ASSERT_GE(out.size(), 25u);
    EXPECT_EQ(out[0]["result"], "written");
    EXPECT_EQ(out[0]["tag"]["item_id"], itemFor(0));
    EXPECT_EQ(out[0]["tag"]["owner"], "LV-00001");
    EXPECT_EQ(out[0]["tag"]["secured"], true);
    EXPECT_EQ(out[7]["tag"]["parts"], 2);
    before = writtenCount(log);
    ASSERT_TRUE(before == 25 || before == 26) << before;
  }

  ChildProcess second(argv);
  convertItem(25, true);  // still on the pad from before the kill
  for (int i = 26; i < 50 && !HasFatalFailure(); ++i) convertItem(i, false);
  ASSERT_FALSE(HasFatalFailure());
  auto f = finish(second);
  EXPECT_EQ(f.status, 0) << second.stderrText();
  ASSERT_FALSE(f.lines.empty());
  const Json summary = f.lines.back()["summary"];
  EXPECT_EQ(summary["done"], 50 - before) << summary.dump();
  EXPECT_EQ(summary["already_done"], before) << summary.dump();
  EXPECT_EQ(summary["skipped"], 0);
  EXPECT_EQ(summary["failed"], 0);
  EXPECT_EQ(summary["stopped"], false);
  EXPECT_GT(summary["per_hour"].get<double>(), 0.0);
  EXPECT_EQ(f.lines.size(), 50 - before + 1) << "one line per item of this run, then the summary";

  // The log: 50 written lines, each item once on its own tag, nothing else.
  std::map<std::string, std::string> uidOf;
  std::set<std::string> uids;
  for (const auto& r : logRows(log)) {
    ASSERT_GE(r.size(), 5u);
    EXPECT_EQ(r[3], "written") << r[0] << " " << r[4];
    EXPECT_TRUE(uidOf.emplace(r[0], r[1]).second) << r[0] << " logged twice";
    EXPECT_TRUE(uids.insert(r[1]).second) << "tag " << r[1] << " logged twice";
    EXPECT_EQ(r[2].size(), 20u) << r[2];  // 2026-12-06T06:15:01Z
  }
  ASSERT_EQ(uidOf.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(uidOf[itemFor(i)], uidFor(i));

  // A third run over the same log has nothing left to do and never opens a tag.
  ChildProcess third(argv);
  auto again = finish(third);
  EXPECT_EQ(again.status, 0);
  ASSERT_EQ(again.lines.size(), 1u);
  EXPECT_EQ(again.lines[0]["summary"]["already_done"], 50);
  EXPECT_EQ(again.lines[0]["summary"]["done"], 0);
}

TEST(ConvertBlackBox, AProgrammedTagIsSkippedWithoutForceAndOverwrittenWithIt) {
  const std::string uid = "04AA0000000001";
  SimDevice sim({simBinary(), "reader", "--tag", "ntag213:" + uid + ":OLD-1"});
  ASSERT_TRUE(sim.ok()) << sim.stderrText();
  const auto dir = freshTestDir("convertforce");
  const auto csv = dir / "ids.txt";
  std::ofstream(csv) << "NEW-1\n";  // a bare list: one item id a line, no header
  const auto log = dir / "log.csv";
  std::vector<std::string> argv{kLasis, "convert", "--device", sim.field("connstring"), "--csv", csv.string(), "--log",
                                log.string(), "--wait-s", "20"};

  ChildProcess refused(argv);
  auto r = finish(refused);  // human text: not JSON
  EXPECT_EQ(r.status, 0) << "a skipped tag is not a failure: " << refused.stderrText();
  auto rows = logRows(log);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "NEW-1");
  EXPECT_EQ(rows[0][1], uid);
  EXPECT_EQ(rows[0][3], "skipped");
  EXPECT_EQ(rows[0][4], "holds item OLD-1");
  EXPECT_EQ(simTag(sim, uid).value("item_id", ""), "OLD-1") << "the tag is untouched";

  argv.push_back("--force");
  argv.push_back("--json");
  ChildProcess forced(argv);
  auto w = finish(forced);
  EXPECT_EQ(w.status, 0) << forced.stderrText();
  ASSERT_EQ(w.lines.size(), 2u);
  EXPECT_EQ(w.lines[0]["result"], "written");
  EXPECT_EQ(w.lines[0]["tag"]["item_id"], "NEW-1");
  EXPECT_EQ(w.lines[1]["summary"]["done"], 1);
  EXPECT_EQ(w.lines[1]["summary"]["already_done"], 0) << "a skipped item is tried again";
  EXPECT_EQ(simTag(sim, uid).value("item_id", ""), "NEW-1");
  EXPECT_EQ(simTag(sim, uid).value("security", ""), "secured");
  rows = logRows(log);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][3], "written");
}

// No --device, no --csv: the reader and the tags' owner and model from the kiosk config, the
// barcodes typed on stdin as a scanner would.
TEST(ConvertBlackBox, ScannedBarcodesWithReaderOwnerAndModelFromTheKioskConfig) {
  SimDevice sim({simBinary(), "reader"});
  ASSERT_TRUE(sim.ok()) << sim.stderrText();
  const auto dir = freshTestDir("convertscan");
  const auto config = dir / "kiosk.toml";
  std::ofstream(config) << "[reader]\nurl = \"" << sim.field("connstring")
                        << "\"\n[tags]\nowner = \"LV-00042\"\nmodel = \"iso28560-2\"\n";
  const auto log = dir / "log.csv";
  ChildProcess station({kLasis, "convert", "--config", config.string(), "--log", log.string(), "--json"});
  const std::string uid = "04BB0000000001";
  ASSERT_TRUE(station.writeLine("  SCAN-77  "));
  ASSERT_EQ(sim.call({{"cmd", "place"}, {"kind", "ntag215"}, {"uid", uid}}).value("ok", false), true);
  auto line = station.readLine(30000ms);
  ASSERT_TRUE(line) << station.stderrText();
  const Json j = Json::parse(*line, nullptr, false);
  EXPECT_EQ(j["result"], "written") << *line;
  EXPECT_EQ(j["tag"]["owner"], "LV-00042");
  station.closeStdin();
  auto f = finish(station);
  EXPECT_EQ(f.status, 0) << station.stderrText();
  ASSERT_EQ(f.lines.size(), 1u);
  EXPECT_EQ(f.lines[0]["summary"]["done"], 1);
  // The tag's own bytes, as the simulator holds them: ISO 28560-2 from [tags] model.
  const Json t = simTag(sim, uid);
  auto memory = lasis::fromHex(t.value("memory", ""));
  ASSERT_TRUE(memory);
  auto d = lasis::tagdata::decode(lasis::ByteView(*memory).subspan(20, 140)); // the data area, page 5 on
  ASSERT_TRUE(d) << d.error().describe();
  EXPECT_EQ(d->item.model, lasis::tagdata::Model::iso28560_2);
  EXPECT_EQ(d->item.itemId, "SCAN-77");
  EXPECT_EQ(d->item.owner, "LV-00042");
  EXPECT_NE(station.stderrText().find("config " + config.string()), std::string::npos) << station.stderrText();
}

// Two tags on the pad at once: the station says so and waits; taking one away lets it go on.
TEST(ConvertBlackBox, TwoTagsOnThePadAreNamedAndWaitedOut) {
  SimDevice sim({simBinary(), "reader", "--tag", "ntag213:04DD0000000001", "--tag", "ntag213:04DD0000000002"});
  ASSERT_TRUE(sim.ok()) << sim.stderrText();
  const auto dir = freshTestDir("converttwo");
  const auto csv = dir / "items.csv";
  std::ofstream(csv) << "item_id\nPAIR-1\n";
  ChildProcess station({kLasis, "convert", "--device", sim.field("connstring"), "--csv", csv.string(), "--log",
                        (dir / "log.csv").string(), "--json"});
  ASSERT_TRUE(eventually([&] { return station.stderrText().find("2 new tags on the pad") != std::string::npos; }, 20000ms))
      << station.stderrText();
  EXPECT_EQ(writtenCount(dir / "log.csv"), 0u);
  ASSERT_EQ(sim.call({{"cmd", "remove"}, {"uid", "04DD0000000001"}}).value("ok", false), true);
  auto f = finish(station);
  EXPECT_EQ(f.status, 0) << station.stderrText();
  ASSERT_EQ(f.lines.size(), 2u);
  EXPECT_EQ(f.lines[0]["uid"], "04DD0000000002");
  EXPECT_EQ(simTag(sim, "04DD0000000002").value("item_id", ""), "PAIR-1");
}

// SIGTERM while the station waits for a tag: it stops cleanly with a summary, and the item it was
// waiting for is not logged (a later run does it).
TEST(ConvertBlackBox, SigtermStopsCleanlyWithASummary) {
  SimDevice sim({simBinary(), "reader"});
  ASSERT_TRUE(sim.ok()) << sim.stderrText();
  const auto dir = freshTestDir("convertterm");
  const auto csv = dir / "items.csv";
  std::ofstream(csv) << "item_id\nWAIT-1\nWAIT-2\n";
  ChildProcess station({kLasis, "convert", "--device", sim.field("connstring"), "--csv", csv.string(), "--log",
                        (dir / "log.csv").string(), "--json", "--wait-s", "0"});
  ASSERT_TRUE(eventually([&] { return station.stderrText().find("lay a blank tag for WAIT-1") != std::string::npos; }, 20000ms))
      << station.stderrText();
  station.signal(SIGTERM);
  auto f = finish(station, 10000ms);
  EXPECT_EQ(f.status, 0);
  ASSERT_EQ(f.lines.size(), 1u);
  EXPECT_EQ(f.lines[0]["summary"]["stopped"], true);
  EXPECT_EQ(f.lines[0]["summary"]["done"], 0);
  EXPECT_TRUE(logRows(dir / "log.csv").empty());
}

// The kiosk reads [tags] too: a key it does not know, or a value it cannot use, is a config error
// (here through `lasis doctor`, which checks a kiosk config the way the kiosk loads it).
TEST(ConvertBlackBox, TheKioskConfigChecksTheTagsSection) {
  const auto dir = freshTestDir("converttags");
  auto doctor = [&](const std::string& tags) {
    std::ofstream(dir / "kiosk.toml") << "[ils]\nurl = \"sip2://a:b@127.0.0.1:9\"\n[queue]\ndb = \""
                                      << (dir / "q.db").string() << "\"\n[tags]\n" << tags;
    ChildProcess p({kLasis, "doctor", "--config", (dir / "kiosk.toml").string()});
    std::string out;
    while (auto line = p.readLine(30000ms)) out += *line + "\n";
    p.wait(30000ms);
    return out;
  };
  auto good = doctor("owner = \"LV-00001\"\nmodel = \"iso28560-2\"\n");
  EXPECT_NE(good.find("OK    config"), std::string::npos) << good;
  auto badOwner = doctor("owner = \"LATVIA-1\"\n");
  EXPECT_NE(badOwner.find("FAIL  config"), std::string::npos) << badOwner;
  EXPECT_NE(badOwner.find("tags.owner"), std::string::npos) << badOwner;
  auto badModel = doctor("model = \"iso28560-9\"\n");
  EXPECT_NE(badModel.find("tags.model"), std::string::npos) << badModel;
}
