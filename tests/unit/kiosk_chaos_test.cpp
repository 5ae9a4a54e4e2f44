// Chaos with real processes, kiosk and gate together: `lasis-sim site` (ILS, pad and antenna
// readers on ptys for libnfc, the gate's Modbus I/O module), the real `lasis-kiosk --headless` and
// the real `lasis-gate`. Visit after visit a patron borrows or returns books while, at seeded
// random moments inside the visit, the kiosk or the gate is SIGKILLed (and restarted, as systemd
// would), the pad reader or the gate's I/O module is pulled, the ILS goes down or comes back, the
// kiosk's wall clock jumps (libfaketime, days forward or hours back), and now and then the disk is
// full (the queue's file may not grow, queue.max_size_kib). After each loan the
// patron walks out through the gate with the whole stack, lent or not. After the last visit the
// kiosk runs until its queue has drained, and the test counts what a library would count:
//   lost        — a loan or return the kiosk confirmed to the patron that the ILS does not have;
//   doubled     — a checkout the ILS applied more often than the kiosk was asked for it;
//   unsecured   — a book whose tag is unsecured although the ILS has it on the shelf (it would
//                 leave unnoticed): the invariant "security state matches loan state", unsafe side;
//   missed      — a walk out with a secured book during which the gate's light stayed off;
//   secured-lent — a book lent in the ILS whose tag stayed secured: the safe side (a false alarm
//                 for its borrower), allowed only with a staff alert naming it.
// lost, doubled, unsecured and missed must be 0. Figures go to stdout; `./run chaos SECONDS` runs
// it for longer (LASIS_CHAOS_SECONDS), LASIS_CHAOS_TRACE=1 prints every event.
//
// History: its first runs (4 Dec 2026) found two kiosk bugs, fixed since: offline returns were
// marked done without ever reaching the ILS, and online work with a book overtook that book's
// offline transactions still in the queue (CirculationQueueJournal.* cover both).
#include "tests/support/childprocess.h"
#include "tests/support/pinscan.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <csignal>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

using namespace lasis::test;
using namespace std::chrono_literals;
using nlohmann::json;
using Steady = std::chrono::steady_clock;

namespace {

const std::string kBin = LASIS_BIN_DIR;
const std::string kPatron = "P100008";
const char* kFaketime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1";
/// The patron's PIN (1234) in the shapes a leak takes: a SIP2 password field, a JSON value, a
/// key=value (four digits alone turn up by chance, in a port number say).
const std::vector<std::string> kPinLeaks{"AD1234|", "\"1234\"", "pin=1234"};

std::string readFile(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

bool trace() { return std::getenv("LASIS_CHAOS_TRACE") != nullptr; }

long msSince(Steady::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Steady::now() - t).count();
}

/// The kiosk's queue counts (`lasis queue stats --json`), read while the kiosk runs.
json queueStats(const std::string& db) {
  ChildProcess p({kBin + "/lasis", "queue", "stats", "--db", db, "--json"});
  auto line = p.readLine(20s);
  p.wait(20s);
  return line ? json::parse(*line, nullptr, false) : json();
}

/// A process that prints one line when it is ready (the kiosk's {"event":"ready"}, the gate's
/// status line).
struct Proc {
  std::unique_ptr<ChildProcess> proc;
  bool ready = false;
  std::vector<json> early;  ///< lines before the ready line
};

Proc startKiosk(const std::string& config, const std::vector<std::string>& env, bool diskFull = false) {
  Proc k;
  std::vector<std::string> argv{kBin + "/lasis-kiosk", "--headless", "--config", config};
  if (diskFull) {
    // dash counts ulimit -f in 512-byte blocks: 80 blocks = 40 KiB. exec keeps the pid.
    argv.insert(argv.begin(), {"/bin/sh", "-c", "trap '' XFSZ; ulimit -f 80; exec \"$0\" \"$@\""});
  }
  k.proc = std::make_unique<ChildProcess>(argv, env);
  while (auto l = k.proc->readLine(30s)) {
    auto j = json::parse(*l, nullptr, false);
    if (j.is_object() && j.value("event", "") == "ready") {
      k.ready = true;
      break;
    }
    if (j.is_object()) k.early.push_back(j);
  }
  return k;
}

Proc startGate(const std::string& config) {
  Proc g;
  g.proc = std::make_unique<ChildProcess>(std::vector<std::string>{kBin + "/lasis-gate", "--config", config});
  auto l = g.proc->readLine(30s);
  g.ready = l && json::parse(*l, nullptr, false).is_object();
  return g;
}

/// The site's kiosk config with a quick replay (100 ms back-off, 200 ms probes, one failure opens
/// the breaker) and a 1 s SIP2 timeout, plus `extra`, written as `dir/name`; empty when the site's
/// config lacks the places to change (the caller fails).
std::string quickKioskConfig(const SimDevice& site, const std::string& name, const std::string& extra = {}) {
  std::string cfg = readFile(site.field("kiosk_config"));
  const auto q = cfg.find("[queue]\n");
  if (q == std::string::npos) return {};
  cfg.insert(q + 8, "retry_initial_ms = 100\nretry_max_ms = 1000\nprobe_interval_ms = 200\nbreaker_failures = 1\n");
  const auto inst = cfg.find("?institution");
  if (inst == std::string::npos) return {};
  cfg.insert(inst + 1, "timeout_ms=1000&");
  const std::string path = site.field("out") + "/" + name;
  std::ofstream(path) << cfg << extra;
  return path;
}

/// Whatever the environment already asks of the sanitizers, plus what an LD_PRELOAD needs.
std::string asanOptions() {
  const char* cur = std::getenv("ASAN_OPTIONS");
  std::string s = cur ? cur : "";
  if (!s.empty()) s += ":";
  return "ASAN_OPTIONS=" + s + "verify_asan_link_order=0";
}

} // namespace

TEST(KioskChaos, KillsPulledDevicesIlsFlapsAndClockJumpsLoseNothingAndMissNoAlarm) {
  // A kiosk that died on its own must fail the test with its exit status, not kill the test by
  // SIGPIPE when we write to it.
  std::signal(SIGPIPE, SIG_IGN);
  // 1. The branch; a kiosk config with offline lending and a quick replay; a gate whose alarm
  //    is short so that walks can follow each other.
  SimDevice site({simBinary(), "site"});
  ASSERT_TRUE(site.ok()) << site.stderrText();
  ControlLine pad(site.field("pad_control"));
  ControlLine ils(site.field("ils_control"));
  ControlLine antenna(site.field("antenna_control"));
  ControlLine io(site.field("gate_io_control"));
  const std::string dir = site.field("out");
  const std::string config = quickKioskConfig(site, "chaos-kiosk.toml", "[offline]\nmode = \"returns-and-checkouts\"\n");
  ASSERT_FALSE(config.empty()) << readFile(site.field("kiosk_config"));
  const std::string gateConfig = dir + "/chaos-gate.toml";
  std::ofstream(gateConfig) << readFile(site.field("gate_config")) << "[alarm]\nhold_ms = 600\n";
  const std::string db = dir + "/kiosk.db";

  // The kiosk's wall clock, as libfaketime reads it at every call: an offset from the real time.
  const std::string clockFile = dir + "/kiosk-clock";
  std::ofstream(clockFile) << "+0\n";
  std::vector<std::string> kioskEnv{"LASIS_LOG=debug"};  // the most the kiosk ever logs
  const bool canJump = std::ifstream(kFaketime).good();
  if (canJump) {
    kioskEnv = {"LASIS_LOG=debug", std::string("LD_PRELOAD=") + kFaketime, "FAKETIME_TIMESTAMP_FILE=" + clockFile, "FAKETIME_NO_CACHE=1",
                "FAKETIME_DONT_FAKE_MONOTONIC=1", asanOptions()};
  }

  const std::vector<std::string> items{"10000001", "10000010", "10000008"};
  std::map<std::string, std::string> uid, security;  // the books' tags, carried from visit to visit
  for (std::size_t i = 0; i < items.size(); ++i) {
    uid[items[i]] = "04C0FFEE0000" + std::to_string(10 + i);
    security[items[i]] = "secured";
  }
  std::map<std::string, int> attempts;           // checkouts asked for, per item
  std::map<std::string, std::string> confirmed;  // the last outcome shown to the patron: "lent" / "returned" / ""
  std::set<std::string> staffAlerted;            // items the kiosk told staff about
  Proc gate = startGate(gateConfig);
  ASSERT_TRUE(gate.ready) << gate.proc->stderrText();
  ASSERT_TRUE(eventually([&] { return io.call({{"cmd", "state"}})["coils"].value("system_ok", false); }, 20s));

  std::mt19937 rng(0x1a515);  // seeded: a failure replays the same moments
  auto chance = [&](double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; };
  const char* secondsEnv = std::getenv("LASIS_CHAOS_SECONDS");
  const auto runFor = std::chrono::seconds(secondsEnv ? std::atoi(secondsEnv) : 0);
  const auto started = Steady::now();
  constexpr int kMinRounds = 24;

  struct Figures {
    int visits = 0, kioskKills = 0, gateKills = 0, padPulls = 0, ioPulls = 0, flaps = 0, jumps = 0;
    int walks = 0, alarmsExpected = 0, missed = 0, falseAlarms = 0, fullDisks = 0, refusedNoSpace = 0, unissuedUnsecured = 0;
    long worstKioskRestart = 0, worstGateRestart = 0, worstAlarm = 0;
    int badCards = 0, badCardsRefused = 0, badCardsMisread = 0;
  } f;
  bool badCardPending = false;  // a malformed card was tapped; its login answer has not come yet
  // One line of the kiosk's output: what the patron was told, what staff were told.
  auto onLine = [&](const std::string& l) -> std::string {
    if (trace()) std::printf("  kiosk: %s\n", l.c_str());
    auto e = json::parse(l, nullptr, false);
    if (!e.is_object()) return "";
    const std::string ev = e.value("event", "");
    if (ev == "item" && e.value("ok", false))
      confirmed[e.value("item", "")] = e.value("action", "") == "checkout" ? "lent" : "returned";
    if ((ev == "item" || ev == "login") && e.value("reason", "") == "journal-failed") ++f.refusedNoSpace;
    if (ev == "staff-alert") staffAlerted.insert(e.value("item", ""));
    // A card the protocol cannot carry is an unreadable card, whether the ILS is up or not: never
    // an outage (no "offline" before its answer), never a provisional session.
    if (badCardPending && ev == "mode" && e.value("mode", "") == "offline") ++f.badCardsMisread;
    if (badCardPending && ev == "login") {
      badCardPending = false;
      ++(e.value("reason", "") == "unreadable-card" ? f.badCardsRefused : f.badCardsMisread);
    }
    if (ev == "done" && e.value("cmd", "") != "login") return "done-visit";
    return ev;
  };
  // Privacy: what each kiosk process logged (killed ones too: their crash output) holds no PIN.
  std::vector<std::string> logLeaks;
  std::size_t logBytes = 0;
  auto scanLog = [&](const Proc& p) {
    const std::string text = p.proc->stderrText();
    logBytes += text.size();
    for (const auto& shape : kPinLeaks)
      if (text.find(shape) != std::string::npos) logLeaks.push_back(shape);
  };
  // Recovery (before the ready line) tells staff too.
  auto noteAlerts = [&](const Proc& p) {
    for (const auto& e : p.early)
      if (e.value("event", "") == "staff-alert") staffAlerted.insert(e.value("item", ""));
  };

  std::map<std::string, long> visitMs;  // the last whole visit of each kind: the chaos window
  bool ilsUp = true;
  std::vector<std::string> jumpsTo{"+2d", "-3h", "+40d", "+0"};

  for (int round = 0; round < kMinRounds || Steady::now() - started < runFor; ++round) {
    // 2. Between visits: the ILS flaps, the kiosk's clock jumps.
    if (chance(0.35)) {
      ilsUp = !ilsUp;
      ++f.flaps;
      ASSERT_TRUE(ils.call({{"cmd", ilsUp ? "up" : "down"}}).value("ok", false));
    }
    if (canJump && chance(0.2)) {
      const std::string to = jumpsTo[std::uniform_int_distribution<std::size_t>(0, jumpsTo.size() - 1)(rng)];
      std::ofstream(clockFile) << to << "\n";
      ++f.jumps;
      if (trace()) std::printf("round %d: kiosk clock %s\n", round, to.c_str());
    }
    // 3. A visit: a loan of the books on the shelf, or a return of the books on loan.
    const bool lending = round % 2 == 0;
    std::vector<std::string> stack;
    for (const auto& it : items)
      if ((security[it] == "unsecured") == !lending) stack.push_back(it);
    if (stack.empty()) continue;
    ++f.visits;
    pad.call({{"cmd", "clear"}});
    if (lending) pad.call({{"cmd", "place"}, {"kind", "mfc1k"}, {"uid", "DEADBEEF"}, {"patron", kPatron}});
    for (const auto& it : stack) {
      auto r = pad.call({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uid[it]}, {"item", it},
                         {"secured", security[it] != "unsecured"}});
      ASSERT_TRUE(r.value("ok", false)) << r.dump();
      if (lending) ++attempts[it];
      confirmed[it] = "";  // unknown until the kiosk says
    }
    // The disk fills up at round 6 and stays full until round 14, when staff free it: the kiosk
    // may write files up to 40 KiB and no further (RLIMIT_FSIZE with SIGXFSZ ignored, so a write
    // past it fails as on a full disk; the database's -shm needs 32 KiB, its WAL grows by frames).
    const bool diskFull = round >= 6 && round < 14;
    if (diskFull) ++f.fullDisks;
    Proc k = startKiosk(config, kioskEnv, diskFull);
    ASSERT_TRUE(k.ready) << k.proc->stderrText();
    noteAlerts(k);
    const auto t0 = Steady::now();
    badCardPending = false;
    if (lending && f.visits % 3 == 1) {
      // A rewritten card (an NFC phone) is tapped first: a field separator, a CR, or 300 bytes.
      static const char* const kBadCards[] = {R"({"cmd":"login","card":"P1|AA00","pin":"1234"})",
                                             R"({"cmd":"login","card":"P100008\r","pin":"1234"})",
                                             R"({"cmd":"login","card":"P100008","pin":"12|34"})"};
      k.proc->writeLine(kBadCards[f.badCards % 3]);
      ++f.badCards;
      badCardPending = true;
    }
    if (lending) k.proc->writeLine(R"({"cmd":"login","card":"P100008","pin":"1234"})");
    k.proc->writeLine(lending ? R"({"cmd":"checkout"})" : R"({"cmd":"return"})");

    // 4. What happens during the visit, at random moments within the time the last visit of
    //    this kind took (so that the moments land between the journal's steps, not after them).
    const std::string kind = std::string(lending ? "lend" : "return") + (ilsUp ? "-online" : "-offline");
    const long window = std::max(visitMs.count(kind) ? visitMs[kind] * 6 / 5 : 60L, 5L);
    auto at = [&] { return t0 + std::chrono::milliseconds(std::uniform_int_distribution<long>(0, window)(rng)); };
    std::vector<std::pair<Steady::time_point, std::string>> plan;
    if (chance(0.45)) plan.emplace_back(at(), "kill-kiosk");
    if (chance(0.25) || f.visits == 3) plan.emplace_back(at(), "kill-gate");  // at least once, whatever the timing
    if (chance(0.12)) plan.emplace_back(at(), "pull-pad");
    if (chance(0.12)) plan.emplace_back(at(), "pull-io");
    std::sort(plan.begin(), plan.end());
    bool done = false, kioskKilled = false, gateKilled = false, padPulled = false, ioPulled = false;
    std::size_t next = 0;
    while (!done && !kioskKilled) {
      while (next < plan.size() && Steady::now() >= plan[next].first) {
        const auto& what = plan[next++].second;
        if (trace()) std::printf("round %d +%ld ms: %s\n", round, msSince(t0), what.c_str());
        if (what == "kill-kiosk") {
          k.proc->signal(SIGKILL);
          kioskKilled = true;
        } else if (what == "kill-gate") {
          gate.proc->signal(SIGKILL);
          gateKilled = true;
        } else if (what == "pull-pad") {
          pad.call({{"cmd", "unplug"}});
          padPulled = true;
        } else if (what == "pull-io") {
          io.call({{"cmd", "unplug"}});
          ioPulled = true;
        }
      }
      if (kioskKilled) break;
      auto wait = 30000ms;
      if (next < plan.size())
        wait = std::max(1ms, std::chrono::duration_cast<std::chrono::milliseconds>(plan[next].first - Steady::now()));
      auto l = k.proc->readLine(wait);
      if (!l) {
        if (next < plan.size()) continue;
        break;  // the kiosk fell silent: it is judged by the figures below
      }
      if (onLine(*l) == "done-visit") done = true;
    }
    if (done && plan.empty()) visitMs[kind] = msSince(t0);

    // 5. Whatever was pulled comes back; whatever was killed is restarted, as systemd does.
    if (padPulled) pad.call({{"cmd", "replug"}});
    if (ioPulled) io.call({{"cmd", "plug"}});
    if (kioskKilled) {
      k.proc->wait(10s);
      // What it said before it died was shown to the patron (and to staff) all the same.
      while (auto l = k.proc->readLine(2s)) onLine(*l);
      scanLog(k);
      ++f.kioskKills;
      const auto killedAt = Steady::now();
      Proc again = startKiosk(config, kioskEnv, diskFull);
      ASSERT_TRUE(again.ready) << again.proc->stderrText();
      f.worstKioskRestart = std::max(f.worstKioskRestart, msSince(killedAt));
      noteAlerts(again);
      again.proc->closeStdin();
      while (auto l = again.proc->readLine(30s)) onLine(*l);
      again.proc->wait(30s);
      scanLog(again);
    } else {
      k.proc->writeLine(R"({"cmd":"end"})");
      k.proc->closeStdin();
      while (auto l = k.proc->readLine(30s)) onLine(*l);
      EXPECT_EQ(k.proc->wait(30s), 0) << k.proc->stderrText();
      scanLog(k);
    }
    if (gateKilled) {
      gate.proc->wait(10s);
      ++f.gateKills;
      const auto killedAt = Steady::now();
      gate = startGate(gateConfig);
      ASSERT_TRUE(gate.ready) << gate.proc->stderrText();
      f.worstGateRestart = std::max(f.worstGateRestart, msSince(killedAt));
    }
    f.padPulls += padPulled;
    f.ioPulls += ioPulled;

    // 6. The books keep the tags the kiosk left them with.
    const auto tags = pad.call({{"cmd", "list"}});
    for (const auto& t : tags["tags"])
      if (t.contains("item_id")) security[t["item_id"].get<std::string>()] = t.value("security", "");
    if (trace()) {
      std::string s;
      for (const auto& it : items) s += " " + it + "=" + security[it];
      std::printf("round %d %s:%s\n", round, kind.c_str(), s.c_str());
    }

    // 6b. The invariant after every visit, not only at the end: a book whose tag is unsecured
    //     must be issued (lent in the ILS, or a loan still waiting in the kiosk's queue).
    //     Anything else could walk out unnoticed.
    {
      json waiting = json::array();
      ChildProcess list({kBin + "/lasis", "queue", "list", "--db", db, "--json"});
      std::string text;
      while (auto l = list.readLine(20s)) text += *l + "\n";
      list.wait(20s);
      waiting = json::parse(text, nullptr, false);
      for (const auto& it : items) {
        if (security[it] != "unsecured") continue;
        std::string lastQueued;
        if (waiting.is_array())
          for (const auto& r : waiting)
            if (r.value("item", "") == it) lastQueued = r.value("kind", "");
        const bool issued = lastQueued == "checkout" ||
                            (lastQueued.empty() && ils.call({{"cmd", "item"}, {"item", it}}).value("borrower", "") == kPatron);
        if (!issued) {
          ++f.unissuedUnsecured;
          ADD_FAILURE() << "round " << round << ": " << it << " is unsecured but not issued (queue: " << waiting.dump() << ")";
        }
      }
    }

    // 7. After a loan the patron walks out with the whole stack, lent or not: the gate must
    //    alarm exactly when a secured book passes.
    if (lending) {
      ASSERT_TRUE(eventually([&] {
        auto st = io.call({{"cmd", "state"}})["coils"];
        return st.value("system_ok", false) && !st.value("light", true);
      }, 20s)) << "the gate did not come back to a quiet, healthy state";
      bool anySecured = false;
      std::vector<std::string> carried;
      for (const auto& it : stack) {
        char u[32];  // a new tag each walk: the gate rightly stays quiet for a tag it just alarmed for
        std::snprintf(u, sizeof u, "04B0%010X", static_cast<unsigned>(f.walks * 8 + carried.size()));
        antenna.call({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", u}, {"item", it}, {"secured", security[it] != "unsecured"}});
        carried.push_back(u);
        anySecured |= security[it] != "unsecured";
      }
      const auto walked = Steady::now();
      io.call({{"cmd", "walk"}, {"direction", "out"}, {"count", 1}});
      ++f.walks;
      const bool lit = eventually([&] { return io.call({{"cmd", "state"}})["coils"].value("light", false); },
                                  anySecured ? 8000ms : 1500ms);
      if (anySecured) {
        ++f.alarmsExpected;
        if (!lit) ++f.missed;
        else f.worstAlarm = std::max(f.worstAlarm, msSince(walked));
      } else if (lit) {
        ++f.falseAlarms;
      }
      for (const auto& u : carried) antenna.call({{"cmd", "remove"}, {"uid", u}});
    }
  }

  // 8. The ILS is back; the kiosk runs until everything it recorded has reached the ILS.
  ASSERT_TRUE(ils.call({{"cmd", "up"}}).value("ok", false));
  const auto drainStart = Steady::now();
  Proc drain = startKiosk(config, kioskEnv);
  ASSERT_TRUE(drain.ready) << drain.proc->stderrText();
  noteAlerts(drain);
  const bool drained = eventually([&] {
    auto s = queueStats(db);
    return s.is_object() && s.value("pending", 1) + s.value("sending", 1) + s.value("uncertain", 1) == 0;
  }, 60s, 200ms);
  const long drainMs = msSince(drainStart);
  drain.proc->closeStdin();
  while (auto l = drain.proc->readLine(30s)) onLine(*l);
  drain.proc->wait(30s);
  scanLog(drain);
  EXPECT_TRUE(drained) << queueStats(db).dump();
  const json finalStats = queueStats(db);

  // 9. The figures.
  int lost = 0, doubled = 0, unsecuredOnShelf = 0, securedLent = 0, securedLentUnalerted = 0;
  const auto counts = ils.call({{"cmd", "checkouts"}});
  std::ostringstream detail;
  for (const auto& it : items) {
    const std::string borrower = ils.call({{"cmd", "item"}, {"item", it}}).value("borrower", "");
    const bool lent = borrower == kPatron;
    if ((confirmed[it] == "lent" && !lent) || (confirmed[it] == "returned" && !borrower.empty())) ++lost;
    const int applied = counts["checkouts"].value(it, 0) - counts["cancelled"].value(it, 0);
    if (applied > attempts[it]) doubled += applied - attempts[it];
    if (!lent && security[it] == "unsecured") ++unsecuredOnShelf;
    if (lent && security[it] != "unsecured") {
      ++securedLent;
      if (!staffAlerted.count(it)) ++securedLentUnalerted;
    }
    detail << it << ": borrower '" << borrower << "', tag " << security[it] << ", last shown " << confirmed[it]
           << ", checkouts asked " << attempts[it] << ", applied " << applied << "\n";
  }
  if (lost || doubled || unsecuredOnShelf || securedLentUnalerted || f.missed ||
      finalStats.value("open_exceptions", -1) != 0) {
    ChildProcess exp({kBin + "/lasis", "queue", "export", "--db", db, "--json"});
    while (auto l = exp.readLine(20s)) detail << *l << "\n";
  }
  std::printf("kiosk chaos: %d visits in %ld s; SIGKILLs kiosk %d, gate %d; pad pulled %d, gate I/O pulled %d; "
              "ILS flaps %d; clock jumps %d; visits on a full disk %d (items refused for it %d)\n"
              "  lost %d, doubled %d, unsecured on the shelf %d, secured but lent %d (without a staff alert %d)\n"
              "  walks out %d, alarms due %d, missed %d, false alarms %d; unsecured but not issued after a visit %d\n"
              "  worst restart-to-ready: kiosk %ld ms, gate %ld ms; worst walk-to-light %ld ms; queue drained in %ld ms\n"
              "queue: %s\n%s",
              f.visits, msSince(started) / 1000, f.kioskKills, f.gateKills, f.padPulls, f.ioPulls, f.flaps, f.jumps, f.fullDisks, f.refusedNoSpace, lost,
              doubled, unsecuredOnShelf, securedLent, securedLentUnalerted, f.walks, f.alarmsExpected, f.missed,
              f.falseAlarms, f.unissuedUnsecured, f.worstKioskRestart, f.worstGateRestart, f.worstAlarm, drainMs, finalStats.dump().c_str(),
              detail.str().c_str());
  EXPECT_GT(f.kioskKills, 0) << "the seed must kill the kiosk at least once";
  EXPECT_GT(f.gateKills, 0) << "the seed must kill the gate at least once";
  EXPECT_GT(f.alarmsExpected, 0) << "the seed must carry a secured book out at least once";
  EXPECT_GT(f.fullDisks, 0);
  EXPECT_EQ(lost, 0) << detail.str();
  EXPECT_EQ(doubled, 0) << detail.str();
  EXPECT_EQ(unsecuredOnShelf, 0) << detail.str();
  EXPECT_EQ(securedLentUnalerted, 0) << detail.str();
  EXPECT_EQ(f.missed, 0);
  std::printf("malformed cards tapped %d: refused as unreadable %d, taken for an outage or a patron %d\n", f.badCards,
              f.badCardsRefused, f.badCardsMisread);
  EXPECT_GT(f.badCardsRefused, 0) << "the seed must tap a malformed card at least once";
  EXPECT_EQ(f.badCardsMisread, 0);
  EXPECT_EQ(finalStats.value("open_exceptions", -1), 0) << finalStats.dump();
  // Privacy: after all that, the branch's files (the kiosk's queue with -wal and -shm, the gate's
  // event log, the configs) hold the patron's PIN in none of the shapes a leak takes.
  const auto leaks = findSecrets(dir, kPinLeaks);
  EXPECT_TRUE(leaks.empty()) << leaks.front();
  EXPECT_TRUE(logLeaks.empty()) << "a kiosk logged the PIN as " << logLeaks.front();
  EXPECT_GT(logBytes, 1000u) << "the kiosks' logs were scanned, not empty files";
  std::printf("kiosk logs scanned for the PIN: %zu bytes\n", logBytes);
}

// The round the random chaos meets only by luck, played on purpose with real processes: an online
// loan whose request met an ILS going down (carried out with its reply lost, or never reaching it),
// the kiosk SIGKILLed while the ILS is still down, restarted, then the ILS back. The book's tag
// never changed, so the loan must end undone; and at no moment may the ILS lend the book again
// (the queue's replay resending the request for a patron who has left with nothing).
class KioskKilledWhileIlsDown : public testing::TestWithParam<bool> {};

TEST_P(KioskKilledWhileIlsDown, MidLoanNoSecuredBookIsLentEvenForAMoment) {
  std::signal(SIGPIPE, SIG_IGN);
  const bool applied = GetParam();
  SimDevice site({simBinary(), "site"});
  ASSERT_TRUE(site.ok()) << site.stderrText();
  ControlLine pad(site.field("pad_control"));
  ControlLine ils(site.field("ils_control"));
  const std::string config = quickKioskConfig(site, "killed-kiosk.toml");
  ASSERT_FALSE(config.empty()) << readFile(site.field("kiosk_config"));
  const std::string db = site.field("out") + "/kiosk.db";
  const std::string book = "10000010", uid = "04C0FFEE000077";

  pad.call({{"cmd", "clear"}});
  pad.call({{"cmd", "place"}, {"kind", "mfc1k"}, {"uid", "DEADBEEF"}, {"patron", kPatron}});
  ASSERT_TRUE(pad.call({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uid}, {"item", book}, {"secured", true}})
                  .value("ok", false));
  auto applied_ = [&] { return ils.call({{"cmd", "checkouts"}, {"item", book}})["checkouts"].value(book, 0); };
  auto borrower = [&] { return ils.call({{"cmd", "item"}, {"item", book}}).value("borrower", ""); };
  auto tagState = [&] {
    const json list = pad.call({{"cmd", "list"}});  // kept: a range-for over a temporary's member dangles
    for (const auto& t : list["tags"])
      if (t.value("uid", "") == uid) return t.value("security", "");
    return std::string("gone");
  };
  const int before = applied_();

  // 1. The loan, and the ILS going away in the middle of it; then SIGKILL.
  Proc k = startKiosk(config, {"LASIS_LOG=debug"});
  ASSERT_TRUE(k.ready) << k.proc->stderrText();
  k.proc->writeLine(R"({"cmd":"login","card":"P100008","pin":"1234"})");
  bool loggedIn = false;
  while (auto l = k.proc->readLine(20s)) {
    auto e = json::parse(*l, nullptr, false);
    if (e.is_object() && e.value("event", "") == "login") {
      loggedIn = e.value("ok", false);
      break;
    }
  }
  ASSERT_TRUE(loggedIn) << k.proc->stderrText();
  if (applied) {
    ASSERT_TRUE(ils.call({{"cmd", "fault"}, {"drop_item", book}}).value("ok", false));
    k.proc->writeLine(R"({"cmd":"checkout"})");
    ASSERT_TRUE(eventually([&] { return borrower() == kPatron; }, 20s)) << "the ILS carried the loan out";
    ASSERT_TRUE(ils.call({{"cmd", "down"}}).value("ok", false));
  } else {
    ASSERT_TRUE(ils.call({{"cmd", "down"}}).value("ok", false));
    k.proc->writeLine(R"({"cmd":"checkout"})");
    bool told = false;
    while (auto l = k.proc->readLine(30s)) {
      auto e = json::parse(*l, nullptr, false);
      if (e.is_object() && e.value("event", "") == "item") {
        told = true;
        EXPECT_FALSE(e.value("ok", true)) << *l;
        break;
      }
    }
    ASSERT_TRUE(told) << k.proc->stderrText();
  }
  k.proc->signal(SIGKILL);
  k.proc->wait(10s);
  ASSERT_TRUE(ils.call({{"cmd", "clear_faults"}}).value("ok", false));
  EXPECT_EQ(tagState(), "secured");

  // 2. Restart while the ILS is still down; then the ILS comes back.
  Proc again = startKiosk(config, {"LASIS_LOG=debug"});
  ASSERT_TRUE(again.ready) << again.proc->stderrText();
  std::this_thread::sleep_for(2s);
  ASSERT_TRUE(ils.call({{"cmd", "up"}}).value("ok", false));
  // 3. Watched every 200 ms until the loan is undone (recovery retries every 30 s between visits).
  const int allowed = before + (applied ? 1 : 0);
  int worst = 0;
  bool settled = eventually([&] {
    worst = std::max(worst, applied_());
    EXPECT_EQ(tagState(), "secured");
    if (worst > allowed) return true;  // fail at once below
    auto s = queueStats(db);
    return borrower().empty() && s.is_object() && s.value("pending", 1) + s.value("sending", 1) + s.value("uncertain", 1) == 0;
  }, 60s, 200ms);
  EXPECT_LE(worst, allowed) << "the kiosk lent the secured book again after the restart";
  EXPECT_TRUE(settled) << "borrower '" << borrower() << "', queue " << queueStats(db).dump();
  EXPECT_EQ(borrower(), "") << "the secured book is still lent";
  EXPECT_EQ(tagState(), "secured");
  again.proc->closeStdin();
  while (auto l = again.proc->readLine(30s)) {}
  again.proc->wait(30s);
}

INSTANTIATE_TEST_SUITE_P(KioskChaos, KioskKilledWhileIlsDown, testing::Values(false, true),
                         [](const testing::TestParamInfo<bool>& p) { return p.param ? "AppliedReplyLost" : "NeverReachedTheIls"; });
