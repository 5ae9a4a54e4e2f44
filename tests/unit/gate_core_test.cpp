// Pure gate logic: people counting by beam order, alarm decisions, debounce, hold and buzzer
// patterns, configuration. Time is a ManualClock; nothing here touches a device.
#include "common/core/clock.h"
#include "common/core/config.h"
#include "common/gate/alarmpolicy.h"
#include "common/gate/gateconfig.h"
#include "common/gate/peoplecounter.h"
#include "common/gate/statusmap.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <utility>
#include <vector>

using namespace lasis;
using namespace lasis::gate;
using namespace std::chrono_literals;

namespace {

using Beams = std::pair<bool, bool>;  // {A, B}

/// Feeds samples 100 ms apart; returns every passage reported.
std::vector<Passage> feed(PeopleCounter& c, const std::vector<Beams>& samples, ManualClock& clock) {
  std::vector<Passage> out;
  for (auto [a, b] : samples) {
    clock.advance(100ms);
    if (auto p = c.update(a, b, clock.monotonic())) out.push_back(*p);
  }
  return out;
}

std::vector<Passage> feed(const std::vector<Beams>& samples) {
  PeopleCounter c;
  ManualClock clock;
  return feed(c, samples, clock);
}

const Beams kNone{false, false}, kA{true, false}, kB{false, true}, kAB{true, true};

} // namespace

TEST(PeopleCounter, WalkingOutIsCountedOut) {
  EXPECT_EQ(feed({kA, kAB, kB, kNone}), std::vector{Passage::out});
}

TEST(PeopleCounter, WalkingInIsCountedIn) {
  EXPECT_EQ(feed({kB, kAB, kA, kNone}), std::vector{Passage::in});
}

TEST(PeopleCounter, RepeatedSamplesOfTheSameStateCountOnce) {
  PeopleCounter c;
  ManualClock clock;
  auto got = feed(c, {kNone, kA, kA, kA, kAB, kAB, kB, kB, kNone, kNone, kNone}, clock);
  EXPECT_EQ(got, std::vector{Passage::out});
  EXPECT_EQ(c.counts(), (PeopleCounts{0, 1, 0, 0}));
}

TEST(PeopleCounter, TurningBackBeforeTheSecondBeamIsNotCounted) {
  EXPECT_EQ(feed({kA, kNone}), std::vector{Passage::turnBack});
  EXPECT_EQ(feed({kB, kNone}), std::vector{Passage::turnBack});
}

TEST(PeopleCounter, TurningBackBetweenTheBeamsIsNotCounted) {
  // Reached both beams, stepped back into the library.
  EXPECT_EQ(feed({kA, kAB, kA, kNone}), std::vector{Passage::turnBack});
  // Got through B alone, then came back through A.
  EXPECT_EQ(feed({kA, kAB, kB, kAB, kA, kNone}), std::vector{Passage::turnBack});
}

TEST(PeopleCounter, SimultaneousBreakTakesTheDirectionOfTheLastBeamCleared) {
  EXPECT_EQ(feed({kAB, kB, kNone}), std::vector{Passage::out});
  EXPECT_EQ(feed({kAB, kA, kNone}), std::vector{Passage::in});
  EXPECT_EQ(feed({kAB, kNone}), std::vector{Passage::ambiguous});
}

TEST(PeopleCounter, BothClearingTogetherKeepsTheKnownOrigin) {
  // A fast walker seen at a coarse sampling rate: A, then both, then nothing.
  EXPECT_EQ(feed({kA, kAB, kNone}), std::vector{Passage::out});
  EXPECT_EQ(feed({kB, kAB, kNone}), std::vector{Passage::in});
}

TEST(PeopleCounter, PeopleOneAfterAnotherAreEachCounted) {
  PeopleCounter c;
  ManualClock clock;
  std::vector<Beams> s;
  for (int i = 0; i < 5; ++i) s.insert(s.end(), {kA, kAB, kB, kNone});
  for (int i = 0; i < 3; ++i) s.insert(s.end(), {kB, kAB, kA, kNone});
  s.insert(s.end(), {kA, kNone});
  feed(c, s, clock);
  EXPECT_EQ(c.counts(), (PeopleCounts{3, 5, 1, 0}));
}

TEST(PeopleCounter, ABeamBlockedForLongIsReportedAndMovementResetsIt) {
  PeopleCounter c;
  ManualClock clock;
  c.update(true, false, clock.monotonic());
  clock.advance(40s);
  c.update(true, false, clock.monotonic());
  EXPECT_EQ(c.blockedFor(clock.monotonic()), 40s);
  c.update(true, true, clock.monotonic());
  clock.advance(1s);
  EXPECT_EQ(c.blockedFor(clock.monotonic()), 1s);
  c.update(false, false, clock.monotonic());
  EXPECT_EQ(c.blockedFor(clock.monotonic()), 0s);
}

// Every possible single passage up to 7 samples long: exactly one result, at the end; swapping
// the beams swaps in and out; playing the passage backwards swaps in and out; and a passage whose
// first and last states are the same single beam is never counted.
TEST(PeopleCounter, ExhaustiveSinglePassagesObeyTheSymmetries) {
  const std::vector<Beams> states{kA, kB, kAB};
  auto mirrorBeams = [](std::vector<Beams> s) {
    for (auto& [a, b] : s) std::swap(a, b);
    return s;
  };
  auto flip = [](Passage p) {
    return p == Passage::in ? Passage::out : p == Passage::out ? Passage::in : p;
  };
  int checked = 0;
  std::function<void(std::vector<Beams>&)> walk = [&](std::vector<Beams>& seq) {
    if (!seq.empty()) {
      auto whole = seq;
      whole.push_back(kNone);
      const auto got = feed(whole);
      ASSERT_EQ(got.size(), 1u);
      EXPECT_EQ(feed(mirrorBeams(whole)), std::vector{flip(got[0])});
      std::vector<Beams> backwards(seq.rbegin(), seq.rend());
      backwards.push_back(kNone);
      EXPECT_EQ(feed(backwards), std::vector{flip(got[0])});
      if (seq.front() == seq.back() && seq.front() != kAB) {
        EXPECT_EQ(got[0], Passage::turnBack);
      }
      if (seq.front() == kA && seq.back() == kB) {
        EXPECT_EQ(got[0], Passage::out);
      }
      if (seq.front() == kB && seq.back() == kA) {
        EXPECT_EQ(got[0], Passage::in);
      }
      ++checked;
    }
    if (seq.size() == 7) return;
    for (const auto& s : states) {
      if (!seq.empty() && seq.back() == s) continue;  // repeats are covered by the test above
      seq.push_back(s);
      walk(seq);
      seq.pop_back();
    }
  };
  std::vector<Beams> seq;
  walk(seq);
  EXPECT_EQ(checked, 3 + 6 + 12 + 24 + 48 + 96 + 192);
}

// ---- alarm decisions ----

namespace {
TagObservation tag(std::string uid, rfid::Security s, std::optional<std::uint8_t> afi = {},
                   std::optional<bool> eas = {}) {
  return TagObservation{std::move(uid), s, afi, eas};
}
} // namespace

TEST(AlarmDecision, SecurityModeFollowsTheTagsSecurityState) {
  AlarmSettings s;
  EXPECT_EQ(decide(s, tag("01", rfid::Security::secured)), Verdict::alarm);
  EXPECT_EQ(decide(s, tag("01", rfid::Security::unsecured)), Verdict::pass);
  EXPECT_EQ(decide(s, tag("01", rfid::Security::unknown)), Verdict::unknown);
}

TEST(AlarmDecision, AfiModeComparesWithTheSecuredValue) {
  AlarmSettings s;
  s.mode = GateMode::afi;
  EXPECT_EQ(decide(s, tag("01", rfid::Security::unknown, 0x07)), Verdict::alarm);
  EXPECT_EQ(decide(s, tag("01", rfid::Security::unknown, 0xC2)), Verdict::pass);
  s.securedAfi = 0x9A;  // a library using its own AFI
  EXPECT_EQ(decide(s, tag("01", rfid::Security::unknown, 0x07)), Verdict::pass);
  EXPECT_EQ(decide(s, tag("01", rfid::Security::unknown, 0x9A)), Verdict::alarm);
  // A tag with no AFI (NFC Type 2) falls back to the driver's security state, never a silent pass.
  EXPECT_EQ(decide(s, tag("01", rfid::Security::secured)), Verdict::alarm);
}

TEST(AlarmDecision, EasAndBothModes) {
  AlarmSettings s;
  s.mode = GateMode::eas;
  EXPECT_EQ(decide(s, tag("01", rfid::Security::unsecured, 0x07, true)), Verdict::alarm);
  EXPECT_EQ(decide(s, tag("01", rfid::Security::secured, 0x07, false)), Verdict::pass);
  s.mode = GateMode::both;
  EXPECT_EQ(decide(s, tag("01", rfid::Security::unknown, 0x07, false)), Verdict::alarm);
  EXPECT_EQ(decide(s, tag("01", rfid::Security::unknown, 0xC2, true)), Verdict::alarm);
  EXPECT_EQ(decide(s, tag("01", rfid::Security::unknown, 0xC2, false)), Verdict::pass);
  EXPECT_EQ(decide(s, tag("01", rfid::Security::secured)), Verdict::alarm);
}

TEST(AlarmPolicy, OneAlarmPerTagPassNotPerPoll) {
  AlarmPolicy p;
  ManualClock clock;
  auto secured = tag("E0040150AABBCC01", rfid::Security::secured);
  EXPECT_EQ(p.observe(secured, clock.monotonic()), Verdict::alarm);
  for (int i = 0; i < 20; ++i) {  // polled every 50 ms for a second while it walks through
    clock.advance(50ms);
    EXPECT_EQ(p.observe(secured, clock.monotonic()), std::nullopt);
  }
  EXPECT_EQ(p.alarmCount(), 1u);
  clock.advance(2100ms);  // gone longer than the pass gap: the next sighting is a new pass
  EXPECT_EQ(p.observe(secured, clock.monotonic()), Verdict::alarm);
  EXPECT_EQ(p.alarmCount(), 2u);
}

TEST(AlarmPolicy, LoanedAndUnknownTagsDoNotAlarmUnlessConfigured) {
  AlarmPolicy p;
  ManualClock clock;
  EXPECT_EQ(p.observe(tag("A1", rfid::Security::unsecured), clock.monotonic()), Verdict::pass);
  EXPECT_EQ(p.observe(tag("B2", rfid::Security::unknown), clock.monotonic()), Verdict::unknown);
  EXPECT_FALSE(p.active(clock.monotonic()));
  AlarmSettings s;
  s.alarmOnUnknown = true;
  p.setSettings(s);
  EXPECT_EQ(p.observe(tag("C3", rfid::Security::unknown), clock.monotonic()), Verdict::unknown);
  EXPECT_TRUE(p.active(clock.monotonic()));
}

TEST(AlarmPolicy, HoldTimeAndAcknowledge) {
  AlarmSettings s;
  s.hold = 3s;
  s.pattern = BuzzerPattern::continuous;
  AlarmPolicy p(s);
  ManualClock clock;
  p.raise(clock.monotonic());
  EXPECT_EQ(p.outputs(clock.monotonic()), (AlarmOutputs{true, true}));
  clock.advance(2999ms);
  EXPECT_TRUE(p.active(clock.monotonic()));
  clock.advance(1ms);
  EXPECT_EQ(p.outputs(clock.monotonic()), (AlarmOutputs{false, false}));
  EXPECT_EQ(p.nextChange(clock.monotonic()), std::nullopt);

  p.raise(clock.monotonic());
  clock.advance(1s);
  EXPECT_TRUE(p.acknowledge(clock.monotonic()));
  EXPECT_EQ(p.outputs(clock.monotonic()), (AlarmOutputs{false, false}));
  EXPECT_FALSE(p.acknowledge(clock.monotonic()));
  EXPECT_EQ(p.alarmCount(), 2u);
}

TEST(AlarmPolicy, ASecondItemExtendsTheAlarm) {
  AlarmSettings s;
  s.hold = 2s;
  AlarmPolicy p(s);
  ManualClock clock;
  p.raise(clock.monotonic());
  clock.advance(1500ms);
  p.raise(clock.monotonic());
  clock.advance(1500ms);
  EXPECT_TRUE(p.active(clock.monotonic()));
  clock.advance(500ms);
  EXPECT_FALSE(p.active(clock.monotonic()));
}

TEST(AlarmPolicy, BuzzerPatternsOverTime) {
  ManualClock clock;
  auto trace = [&](BuzzerPattern pattern) {
    AlarmSettings s;
    s.hold = 1s;
    s.pattern = pattern;
    AlarmPolicy p(s);
    const auto t0 = clock.monotonic();
    p.raise(t0);
    std::string out;
    for (int ms = 0; ms < 1100; ms += 50) {
      const auto o = p.outputs(t0 + std::chrono::milliseconds(ms));
      out += o.buzzer ? 'B' : (o.light ? 'L' : '.');
    }
    return out;
  };
  EXPECT_EQ(trace(BuzzerPattern::continuous), "BBBBBBBBBBBBBBBBBBBB..");
  EXPECT_EQ(trace(BuzzerPattern::off), "LLLLLLLLLLLLLLLLLLLL..");
  EXPECT_EQ(trace(BuzzerPattern::pulsed), "BBBBBLLLLLBBBBBLLLLL..");
  EXPECT_EQ(trace(BuzzerPattern::triple), "BBBLLBBBLLBBBLLLLLLL..");
}

TEST(AlarmPolicy, NextChangeLandsOnEveryEdgeOfThePattern) {
  for (auto pattern : {BuzzerPattern::pulsed, BuzzerPattern::triple, BuzzerPattern::continuous}) {
    AlarmSettings s;
    s.hold = 1s;
    s.pattern = pattern;
    AlarmPolicy p(s);
    ManualClock clock;
    const auto t0 = clock.monotonic();
    p.raise(t0);
    // Stepping edge to edge must see every change that a 1 ms scan sees, and nothing else.
    std::vector<Clock::Duration> byEdges, byScan;
    for (auto t = t0;;) {
      const auto next = p.nextChange(t);
      if (!next) break;
      byEdges.push_back(*next - t0);
      t = *next;
    }
    AlarmOutputs prev = p.outputs(t0);
    for (auto t = t0; t <= t0 + 1100ms; t += 1ms) {
      if (p.outputs(t) != prev) byScan.push_back(t - t0);
      prev = p.outputs(t);
    }
    // nextChange may also name the hold end when the buzzer is already off there.
    std::vector<Clock::Duration> edgesThatChange;
    AlarmOutputs last = p.outputs(t0);
    for (auto e : byEdges) {
      if (p.outputs(t0 + e) != last) edgesThatChange.push_back(e);
      last = p.outputs(t0 + e);
    }
    EXPECT_EQ(edgesThatChange, byScan) << toString(pattern);
  }
}

// ---- configuration ----

TEST(GateConfig, DefaultsWithoutAFile) {
  auto doc = ConfigDoc::empty();
  auto c = loadGateConfig(doc);
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->alarm.mode, GateMode::security);
  EXPECT_EQ(c->alarm.hold, 3s);
  EXPECT_EQ(c->statusListen, "0.0.0.0:1502");
}

TEST(GateConfig, ReadsEveryOption) {
  auto doc = ConfigDoc::parse(R"(
[gate]
mode = "both"
secured_afi = 154
[alarm]
hold_ms = 1500
buzzer = "triple"
[readers]
connstrings = ["nfc:pn532_uart:/dev/ttyUSB0"]
[io]
url = "modbus-tcp://10.0.0.5:502?unit=3"
swap_beams = true
[status]
listen = "127.0.0.1:0"
write_allowed = ["10.0.0.9"]
[log]
db = "/tmp/g.db"
count_interval_s = 60
)", "gate.toml");
  ASSERT_TRUE(doc);
  auto c = loadGateConfig(*doc);
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->alarm.mode, GateMode::both);
  EXPECT_EQ(c->alarm.securedAfi, 154);
  EXPECT_EQ(c->alarm.hold, 1500ms);
  EXPECT_EQ(c->alarm.pattern, BuzzerPattern::triple);
  EXPECT_EQ(c->readers, std::vector<std::string>{"nfc:pn532_uart:/dev/ttyUSB0"});
  EXPECT_TRUE(c->swapBeams);
  EXPECT_EQ(c->statusWriters, std::vector<std::string>{"10.0.0.9"});
  EXPECT_EQ(c->countInterval, 60s);
}

// One spelling of units: log.max_size_kib, as the kiosk's queue.max_size_kib; the 0.x name
// max_size_kb (which always meant KiB) still works, and giving both is refused.
TEST(GateConfig, EventLogBoundIsInKibUnderEitherName) {
  auto now = ConfigDoc::parse("[log]\nmax_size_kib = 2048\n", "gate.toml");
  ASSERT_TRUE(now);
  auto c = loadGateConfig(*now);
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->logMaxKib, 2048);
  auto old = ConfigDoc::parse("[log]\nmax_size_kb = 4096\n", "gate.toml");
  ASSERT_TRUE(old);
  auto o = loadGateConfig(*old);
  ASSERT_TRUE(o) << o.error().message();
  EXPECT_EQ(o->logMaxKib, 4096);
  auto both = ConfigDoc::parse("[log]\nmax_size_kb = 4096\nmax_size_kib = 2048\n", "gate.toml");
  ASSERT_TRUE(both);
  auto b = loadGateConfig(*both);
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message().find("old name of log.max_size_kib"), std::string::npos) << b.error().message();
}

TEST(GateConfig, BadValuesAreReportedWithFileAndLine) {
  auto doc = ConfigDoc::parse("[alarm]\nhold_ms = 5\n[status]\nlisten = \"nowhere\"\nwrite_allowed = [\"x\"]\n[gaet]\nmode=\"afi\"\n",
                              "gate.toml");
  ASSERT_TRUE(doc);
  auto c = loadGateConfig(*doc);
  ASSERT_FALSE(c);
  const auto& m = c.error().message();
  EXPECT_NE(m.find("gate.toml:2:"), std::string::npos) << m;
  EXPECT_NE(m.find("alarm.hold_ms"), std::string::npos) << m;
  EXPECT_NE(m.find("gate.toml:4:"), std::string::npos) << m;
  EXPECT_NE(m.find("write_allowed"), std::string::npos) << m;
  EXPECT_NE(m.find("unknown option 'gaet'"), std::string::npos) << m;
}

TEST(GateConfig, SplitHostPort) {
  EXPECT_EQ(*splitHostPort("127.0.0.1:1502"), (std::pair<std::string, std::uint16_t>{"127.0.0.1", 1502}));
  EXPECT_FALSE(splitHostPort("127.0.0.1"));
  EXPECT_FALSE(splitHostPort("127.0.0.1:99999"));
  EXPECT_FALSE(splitHostPort("gate.local:502"));
}

// deploy/gate.toml shows every option at its default: with every option line uncommented it
// must load, and give exactly the built-in defaults.
TEST(GateConfig, ShippedDefaultFileShowsTheDefaults) {
  std::ifstream f(std::string(LASIS_SOURCE_DIR) + "/deploy/gate.toml");
  ASSERT_TRUE(f);
  std::stringstream text;
  std::string line;
  int options = 0;
  while (std::getline(f, line)) {
    if (line.size() > 1 && line[0] == '#' && line[1] != ' ' && line.find(" = ") != std::string::npos) {
      line = line.substr(1);
      ++options;
    }
    text << line << "\n";
  }
  EXPECT_EQ(options, 22);  // every option loadGateConfig reads
  auto doc = ConfigDoc::parse(text.str(), "deploy/gate.toml");
  ASSERT_TRUE(doc) << doc.error().message();
  auto c = loadGateConfig(*doc);
  ASSERT_TRUE(c) << c.error().message();
  auto empty = ConfigDoc::empty();
  auto d = loadGateConfig(empty);
  ASSERT_TRUE(d);
  EXPECT_EQ(c->alarm.mode, d->alarm.mode);
  EXPECT_EQ(c->alarm.hold, d->alarm.hold);
  EXPECT_EQ(c->alarm.pattern, d->alarm.pattern);
  EXPECT_EQ(c->alarm.passGap, d->alarm.passGap);
  EXPECT_EQ(c->alarm.securedAfi, d->alarm.securedAfi);
  EXPECT_EQ(c->alarm.alarmOnUnknown, d->alarm.alarmOnUnknown);
  EXPECT_EQ(c->readers, d->readers);
  EXPECT_EQ(c->ioUrl, d->ioUrl);
  EXPECT_EQ(c->metricsListen, d->metricsListen);
  EXPECT_EQ(c->swapBeams, d->swapBeams);
  EXPECT_EQ(c->readerPoll, d->readerPoll);
  EXPECT_EQ(c->readerRetryMax, d->readerRetryMax);
  EXPECT_EQ(c->ioPoll, d->ioPoll);
  EXPECT_EQ(c->ioTimeout, d->ioTimeout);
  EXPECT_EQ(c->statusListen, d->statusListen);
  EXPECT_EQ(c->statusWriters, d->statusWriters);
  EXPECT_EQ(c->db, d->db);
  EXPECT_EQ(c->countInterval, d->countInterval);
  EXPECT_EQ(c->logMaxKib, d->logMaxKib);
  EXPECT_EQ(c->timeZone, d->timeZone);
  EXPECT_EQ(c->beamBlockedAfter, d->beamBlockedAfter);
  EXPECT_EQ(c->directionWindow, d->directionWindow);
}

// Issue 26: the status block carries the reader statistics and live inputs, and an older gate's
// shorter block still decodes (without them).
TEST(StatusMap, ReaderStatisticsRoundTripAndAnOlderGateStillDecodes) {
  gate::GateStatus s;
  s.peopleIn = 5;
  s.readersConfigured = 2;
  s.readersWorking = 1;
  s.hasReaderStats = true;
  s.inputs = gate::statusmap::kInputBeamB | gate::statusmap::kInputTamper;
  s.inventories = 0x12345678;
  s.tagReads = 42;
  s.readerErrors = 3;
  s.pollRateTenths = 498;
  const auto in = gate::encodeInputRegisters(s);
  ASSERT_EQ(in.size(), static_cast<std::size_t>(gate::statusmap::kInputRegisters));
  auto back = gate::decodeStatus(in, gate::encodeHoldingRegisters(s));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, s);
  auto old = gate::decodeStatus(std::vector<std::uint16_t>(in.begin(), in.begin() + gate::statusmap::kInputRegistersV1),
                                gate::encodeHoldingRegisters(s));
  ASSERT_TRUE(old);
  EXPECT_FALSE(old->hasReaderStats);
  EXPECT_EQ(old->peopleIn, 5u);
  EXPECT_EQ(old->inventories, 0u);
  // An older gate's status encodes as the older table and reads back the same (found by
  // fuzz_modbus_request: it came back with reader statistics of zero).
  const auto oldIn = gate::encodeInputRegisters(*old);
  EXPECT_EQ(oldIn.size(), static_cast<std::size_t>(gate::statusmap::kInputRegistersV1));
  auto again = gate::decodeStatus(oldIn, gate::encodeHoldingRegisters(*old));
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *old);
}

// The walk-test window keeps the last kPassSlots passes with their sequence numbers; a client
// finds each by number, and the numbers skip 0 when they wrap.
TEST(StatusMap, TagPassWindowKeepsTheLastPassesInOrderOfSequence) {
  namespace sm = gate::statusmap;
  gate::TagPassWindow w;
  auto empty = gate::decodePassWindow(w.encode());
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->first, 0);
  EXPECT_TRUE(empty->second.empty());
  for (int i = 1; i <= 10; ++i) {
    gate::TagPassRecord r;
    r.verdict = i % 2 ? gate::Verdict::alarm : gate::Verdict::pass;
    r.antenna = 2;
    r.untrusted = i == 10;
    r.item = "3051200481" + std::to_string(1000 + i);
    EXPECT_EQ(w.add(r), i);
  }
  const auto regs = w.encode();
  ASSERT_EQ(regs.size(), static_cast<std::size_t>(sm::kInputTable - sm::kPassLatest));
  auto d = gate::decodePassWindow(regs);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->first, 10);
  ASSERT_EQ(d->second.size(), static_cast<std::size_t>(sm::kPassSlots));
  for (const auto& r : d->second) {
    EXPECT_GE(r.sequence, 3);  // 1 and 2 were overwritten
    EXPECT_EQ(r.item, "3051200481" + std::to_string(1000 + r.sequence));
    EXPECT_EQ(r.verdict, r.sequence % 2 ? gate::Verdict::alarm : gate::Verdict::pass);
    EXPECT_EQ(r.antenna, 2);
    EXPECT_EQ(r.untrusted, r.sequence == 10);
  }
  gate::TagPassWindow wrap;
  for (int i = 0; i < 65535; ++i) wrap.add({});
  EXPECT_EQ(wrap.add({}), 1) << "after 65535 comes 1: 0 means none";
}
