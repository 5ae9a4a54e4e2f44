// Chaos with real processes on the kiosk side: `lasis-sim site` (ILS, pad reader on a pty for
// libnfc), the real `lasis-kiosk --headless` SIGKILLed at seeded random moments while it lends and
// takes back books, the ILS going down and up between visits. After the last visit the kiosk
// runs once more until its queue has drained, and the test counts what a library would count:
//   lost     — a loan or return the kiosk confirmed to the patron that the ILS does not have;
//   doubled  — a checkout the ILS applied more often than the kiosk was asked for it;
//   mismatch — a book whose tag security disagrees with its loan (it would pass the gate
//              unissued, or alarm for its borrower).
// All three must be 0. Figures go to stdout (`--gtest_filter='KioskChaos.*'`).
//
// DISABLED until two findings of its first runs (4 Dec 2026) are dealt with (issue 10):
//  1. With the ILS flapping between visits, a kiosk that went back online lends or takes back a
//     book while an offline transaction for the same book still waits in its queue; the ILS then
//     refuses the one or the other (e.g. "renewal limit reached", "not checked out"), the queue
//     ends with 12 failed transactions / 6 staff exceptions and 3 books lent in the ILS whose tags
//     are secured. Nothing is lost silently (every refusal is a staff exception), but the invariant
//     "security state matches loan state" does not hold until staff act. Per-item order between the
//     queue and new online work is the fix to make.
//  2. Offline visits finish within ~60 ms, so the SIGKILL window below never lands inside one:
//     the kill needs to be timed from the journal (or the window made relative to a measured visit).
// Run it anyway: build/tests/test_kiosk_chaos --gtest_also_run_disabled_tests (LASIS_CHAOS_TRACE=1
// prints every kiosk event).
#include "tests/support/childprocess.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <random>
#include <sstream>

using namespace lasis::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const std::string kBin = LASIS_BIN_DIR;
const std::string kPatron = "P100008";

std::string readFile(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

/// The kiosk's queue counts (`lasis queue stats --json`), read while the kiosk runs.
json queueStats(const std::string& db) {
  ChildProcess p({kBin + "/lasis", "queue", "stats", "--db", db, "--json"});
  auto line = p.readLine(20s);
  p.wait(20s);
  return line ? json::parse(*line, nullptr, false) : json();
}

struct Kiosk {
  std::unique_ptr<ChildProcess> proc;
  bool ready = false;
  std::vector<json> events;
};

/// Starts the kiosk and waits for its ready line (recovery runs before it).
Kiosk startKiosk(const std::string& config) {
  Kiosk k;
  k.proc = std::make_unique<ChildProcess>(std::vector<std::string>{kBin + "/lasis-kiosk", "--headless", "--config", config});
  while (auto l = k.proc->readLine(30s)) {
    auto j = json::parse(*l, nullptr, false);
    if (j.is_object() && j.value("event", "") == "ready") {
      k.ready = true;
      break;
    }
  }
  return k;
}

} // namespace

TEST(KioskChaos, DISABLED_SigkillAndIlsFlappingLoseAndDoubleNothing) {
  // 1. The branch, and a kiosk config with offline lending and a quick replay.
  SimDevice site({simBinary(), "site"});
  ASSERT_TRUE(site.ok()) << site.stderrText();
  ControlLine pad(site.field("pad_control"));
  ControlLine ils(site.field("ils_control"));
  std::string cfg = readFile(site.field("kiosk_config"));
  const auto q = cfg.find("[queue]\n");
  ASSERT_NE(q, std::string::npos) << cfg;
  cfg.insert(q + 8, "retry_initial_ms = 100\nretry_max_ms = 1000\nprobe_interval_ms = 200\nbreaker_failures = 1\n");
  const auto inst = cfg.find("?institution");
  ASSERT_NE(inst, std::string::npos) << cfg;
  cfg.insert(inst + 1, "timeout_ms=1000&");
  cfg += "[offline]\nmode = \"returns-and-checkouts\"\n";
  const std::string dir = site.field("out");
  const std::string config = dir + "/chaos-kiosk.toml";
  std::ofstream(config) << cfg;
  const std::string db = dir + "/kiosk.db";

  const std::vector<std::string> items{"10000001", "10000010", "10000008"};
  std::map<std::string, std::string> uid, security;  // the books' tags, carried from visit to visit
  for (std::size_t i = 0; i < items.size(); ++i) {
    uid[items[i]] = "04C0FFEE0000" + std::to_string(10 + i);
    security[items[i]] = "secured";
  }
  std::map<std::string, int> attempts;         // checkouts asked for, per item
  std::map<std::string, std::string> confirmed;  // the last outcome shown to the patron: "lent" / "returned" / ""

  std::mt19937 rng(0x1a515);
  auto chance = [&](double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; };
  int kills = 0, flaps = 0, visits = 0;
  std::vector<long> recoveries;
  bool ilsUp = true;
  for (int round = 0; round < 14; ++round) {
    // 2. The ILS flaps between visits.
    if (chance(0.35)) {
      ilsUp = !ilsUp;
      ++flaps;
      ASSERT_TRUE(ils.call({{"cmd", ilsUp ? "up" : "down"}}).value("ok", false));
    }
    // 3. A visit: a loan of the books on the shelf, or a return of the books on loan.
    std::vector<std::string> stack;
    for (const auto& it : items)
      if ((security[it] == "unsecured") == (round % 2 == 1)) stack.push_back(it);
    const bool lending = round % 2 == 0;
    if (stack.empty()) continue;
    ++visits;
    pad.call({{"cmd", "clear"}});
    if (lending) pad.call({{"cmd", "place"}, {"kind", "mfc1k"}, {"uid", "DEADBEEF"}, {"patron", kPatron}});
    for (const auto& it : stack) {
      auto r = pad.call({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uid[it]}, {"item", it},
                         {"secured", security[it] != "unsecured"}});
      ASSERT_TRUE(r.value("ok", false)) << r.dump();
      if (lending) ++attempts[it];
      confirmed[it] = "";  // unknown until the kiosk says
    }
    Kiosk k = startKiosk(config);
    ASSERT_TRUE(k.ready) << k.proc->stderrText();
    if (lending) k.proc->writeLine(R"({"cmd":"login","card":"P100008","pin":"1234"})");
    k.proc->writeLine(lending ? R"({"cmd":"checkout"})" : R"({"cmd":"return"})");
    // 4. Killed at a random moment of the transaction, or left to finish.
    const bool kill = chance(0.6);
    const auto killAt = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::uniform_int_distribution<>(0, 60)(rng));
    bool done = false;
    while (!done) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(killAt - std::chrono::steady_clock::now());
      if (kill && left.count() <= 0) break;
      auto l = k.proc->readLine(kill ? std::max(left, 1ms) : 30s);
      if (!l) {
        if (!kill) break;
        continue;
      }
      auto e = json::parse(*l, nullptr, false);
      if (std::getenv("LASIS_CHAOS_TRACE")) std::printf("  kiosk: %s\n", l->c_str());
      if (!e.is_object()) continue;
      if (e.value("event", "") == "item" && e.value("ok", false))
        confirmed[e.value("item", "")] = e.value("action", "") == "checkout" ? "lent" : "returned";
      if (e.value("event", "") == "done" && e.value("cmd", "") != "login") done = true;
    }
    if (kill && !done) {
      k.proc->signal(SIGKILL);
      k.proc->wait(10s);
      ++kills;
      // 5. The kiosk comes back (as systemd restarts it): recovery runs before the ready line.
      const auto killedAt = std::chrono::steady_clock::now();
      Kiosk again = startKiosk(config);
      ASSERT_TRUE(again.ready) << again.proc->stderrText();
      recoveries.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - killedAt).count());
      again.proc->closeStdin();
      again.proc->wait(30s);
    } else {
      k.proc->writeLine(R"({"cmd":"end"})");
      k.proc->closeStdin();
      EXPECT_EQ(k.proc->wait(30s), 0) << k.proc->stderrText();
    }
    // 6. The books keep the tags the kiosk left them with.
    const auto tags = pad.call({{"cmd", "list"}});
    if (std::getenv("LASIS_CHAOS_TRACE")) std::printf("round %d pad: %s\n", round, tags.dump().substr(0, 600).c_str());
    for (const auto& t : tags["tags"])
      if (t.contains("item_id")) security[t["item_id"].get<std::string>()] = t.value("security", "");
  }

  // 7. The ILS is back; the kiosk runs until everything it recorded has reached the ILS.
  ASSERT_TRUE(ils.call({{"cmd", "up"}}).value("ok", false));
  Kiosk drain = startKiosk(config);
  ASSERT_TRUE(drain.ready) << drain.proc->stderrText();
  const bool drained = eventually([&] {
    auto s = queueStats(db);
    return s.is_object() && s.value("pending", 1) + s.value("sending", 1) + s.value("uncertain", 1) == 0;
  }, 60s, 200ms);
  drain.proc->closeStdin();
  drain.proc->wait(30s);
  EXPECT_TRUE(drained) << queueStats(db).dump();
  const json finalStats = queueStats(db);

  // 8. The figures.
  int lost = 0, doubled = 0, mismatch = 0;
  const auto counts = ils.call({{"cmd", "checkouts"}});
  std::ostringstream detail;
  for (const auto& it : items) {
    const std::string borrower = ils.call({{"cmd", "item"}, {"item", it}}).value("borrower", "");
    const bool lent = borrower == kPatron;
    if ((confirmed[it] == "lent" && !lent) || (confirmed[it] == "returned" && !borrower.empty())) ++lost;
    const int applied = counts["checkouts"].value(it, 0) - counts["cancelled"].value(it, 0);
    if (applied > attempts[it]) doubled += applied - attempts[it];
    if (lent != (security[it] == "unsecured")) ++mismatch;
    detail << it << ": borrower '" << borrower << "', tag " << security[it] << ", last shown " << confirmed[it]
           << ", checkouts asked " << attempts[it] << ", applied " << applied << "\n";
  }
  long worst = 0;
  for (long r : recoveries) worst = std::max(worst, r);
  std::printf("kiosk chaos: visits %d, SIGKILLs %d, ILS flaps %d, lost %d, doubled %d, tag/loan mismatches %d, "
              "worst restart-to-ready %ld ms\nqueue: %s\n%s",
              visits, kills, flaps, lost, doubled, mismatch, worst, finalStats.dump().c_str(), detail.str().c_str());
  EXPECT_GT(kills, 0) << "the seed must kill the kiosk at least once";
  EXPECT_EQ(lost, 0) << detail.str();
  EXPECT_EQ(doubled, 0) << detail.str();
  EXPECT_EQ(mismatch, 0) << detail.str();
}
