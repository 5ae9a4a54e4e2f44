// The gate's alarm and direction state machine (common/gate/gatelogic.h) on a ManualClock: which
// tag pass alarms, how long the outputs stay on, which passage gives a waiting alarm its
// direction, when an alarm nobody resolved is logged without one. In process, no device, no Asio.
#include "common/core/clock.h"
#include "common/gate/gatelogic.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

using namespace lasis;
using namespace lasis::gate;
using namespace std::chrono_literals;

namespace {

using Beams = std::pair<bool, bool>;  // {A (library side), B (street side)}
const Beams kNone{false, false}, kA{true, false}, kB{false, true}, kAB{true, true};
// Walking out: A, both, B, clear. Walking in: the mirror. Turning back: A, clear.
const std::vector<Beams> kWalkOut{kA, kAB, kB, kNone};
const std::vector<Beams> kWalkIn{kB, kAB, kA, kNone};
const std::vector<Beams> kTurnBack{kA, kNone};

/// Feeds beam samples 100 ms apart; returns what the last one decided (the passage ends there).
BeamDecision walk(GateLogic& logic, ManualClock& clock, const std::vector<Beams>& samples) {
  BeamDecision last;
  for (auto [a, b] : samples) {
    clock.advance(100ms);
    last = logic.beams(a, b);
  }
  return last;
}

TagObservation tag(std::string uid, rfid::Security security) {
  TagObservation t;
  t.uid = std::move(uid);
  t.security = security;
  return t;
}

const auto kSecured = rfid::Security::secured;
const auto kOnLoan = rfid::Security::unsecured;

/// What the daemon holds for an alarm: the tag's UID and item.
GateEvent alarmEvent(const std::string& uid, const std::string& item) {
  GateEvent e;
  e.kind = "alarm";
  e.tagUid = uid;
  e.item = item;
  return e;
}

AlarmSettings steadySettings() {
  AlarmSettings s;
  s.hold = 3s;
  s.pattern = BuzzerPattern::continuous;  // the buzzer follows the light: one edge, at the end
  return s;
}

} // namespace

TEST(GateLogic, ASecuredTagAlarmsAndTheOutputsStayOnForTheHoldTime) {
  ManualClock clock;
  GateLogic logic(clock, steadySettings());
  EXPECT_EQ(logic.outputs(), (AlarmOutputs{false, false}));

  const auto d = logic.tagPass(tag("E0040150A1B2C3D4", kSecured));
  ASSERT_TRUE(d.verdict);
  EXPECT_EQ(*d.verdict, Verdict::alarm);
  EXPECT_TRUE(d.alarmed);
  EXPECT_EQ(logic.alarmCount(), 1u);
  EXPECT_EQ(logic.outputs(), (AlarmOutputs{true, true}));
  EXPECT_TRUE(logic.alarmActive());
  EXPECT_EQ(logic.nextChangeIn(), std::optional<Clock::Duration>(3s));  // the daemon arms its timer with this

  clock.advance(3s - 1us);
  EXPECT_EQ(logic.outputs(), (AlarmOutputs{true, true})) << "still within the hold time";
  EXPECT_EQ(logic.nextChangeIn(), std::optional<Clock::Duration>(1us));
  clock.advance(1us);
  EXPECT_EQ(logic.outputs(), (AlarmOutputs{false, false})) << "the hold time is over";
  EXPECT_FALSE(logic.alarmActive());
  EXPECT_EQ(logic.nextChangeIn(), std::nullopt);
}

TEST(GateLogic, TheSameTagSeenAgainInItsPassDecidesNothing) {
  ManualClock clock;
  GateLogic logic(clock, steadySettings());
  EXPECT_TRUE(logic.tagPass(tag("E004A", kSecured)).alarmed);
  clock.advance(500ms);  // a second antenna, or the next poll, inside the pass gap
  const auto again = logic.tagPass(tag("E004A", kSecured));
  EXPECT_FALSE(again.verdict);
  EXPECT_FALSE(again.alarmed);
  EXPECT_EQ(logic.alarmCount(), 1u);
}

TEST(GateLogic, APassageFromAToBAfterAnAlarmGivesDirectionOut) {
  ManualClock clock;
  GateLogic logic(clock, steadySettings(), 3s);
  ASSERT_TRUE(logic.tagPass(tag("E004A", kSecured)).alarmed);
  logic.awaitDirection(alarmEvent("E004A", "30512004815473"));
  EXPECT_EQ(logic.pendingAlarms(), 1u);

  // Beam A is the library side: A first, B cleared last is someone leaving.
  const auto d = walk(logic, clock, kWalkOut);
  ASSERT_TRUE(d.passage);
  EXPECT_EQ(*d.passage, Passage::out);
  ASSERT_EQ(d.resolved.size(), 1u);
  EXPECT_EQ(d.resolved[0].direction, "out");
  EXPECT_EQ(d.resolved[0].kind, "alarm");
  EXPECT_EQ(d.resolved[0].tagUid, "E004A");
  EXPECT_EQ(d.resolved[0].item, "30512004815473");
  EXPECT_EQ(logic.pendingAlarms(), 0u);
  EXPECT_TRUE(logic.expire().empty()) << "a resolved alarm is logged once";
  EXPECT_EQ(logic.counts().out, 1u);
}

TEST(GateLogic, APassageFromBToAGivesDirectionIn) {
  ManualClock clock;
  GateLogic logic(clock, steadySettings(), 3s);
  ASSERT_TRUE(logic.tagPass(tag("E004A", kSecured)).alarmed);
  logic.awaitDirection(alarmEvent("E004A", "1"));
  const auto d = walk(logic, clock, kWalkIn);
  ASSERT_EQ(d.resolved.size(), 1u);
  EXPECT_EQ(d.resolved[0].direction, "in");
}

TEST(GateLogic, ATurnBackGivesNoDirection) {
  ManualClock clock;
  GateLogic logic(clock, steadySettings(), 3s);
  ASSERT_TRUE(logic.tagPass(tag("E004A", kSecured)).alarmed);
  logic.awaitDirection(alarmEvent("E004A", "1"));
  const auto d = walk(logic, clock, kTurnBack);
  ASSERT_TRUE(d.passage);
  EXPECT_EQ(*d.passage, Passage::turnBack);
  EXPECT_TRUE(d.resolved.empty());
  EXPECT_EQ(logic.pendingAlarms(), 1u);
  // The person then walks out within the window: that passage tells the direction.
  const auto out = walk(logic, clock, kWalkOut);
  ASSERT_EQ(out.resolved.size(), 1u);
  EXPECT_EQ(out.resolved[0].direction, "out");
}

TEST(GateLogic, AnAlarmNoPassageResolvesIsLoggedWithoutDirectionAfterTheWindow) {
  ManualClock clock;
  GateLogic logic(clock, steadySettings(), 3s);
  ASSERT_TRUE(logic.tagPass(tag("E004A", kSecured)).alarmed);
  logic.awaitDirection(alarmEvent("E004A", "1"));

  clock.advance(3s);
  EXPECT_TRUE(logic.expire().empty()) << "at exactly the window the alarm still waits";
  clock.advance(1us);
  const auto gone = logic.expire();
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].direction, "unknown");
  EXPECT_EQ(gone[0].tagUid, "E004A");
  EXPECT_EQ(logic.pendingAlarms(), 0u);
  EXPECT_TRUE(walk(logic, clock, kWalkOut).resolved.empty()) << "a later passage has nothing left to resolve";
}

TEST(GateLogic, APassageAfterTheWindowIsSomeoneElsesAndLeavesTheAlarmWithoutDirection) {
  ManualClock clock;
  GateLogic logic(clock, steadySettings(), 3s);
  ASSERT_TRUE(logic.tagPass(tag("E004A", kSecured)).alarmed);
  logic.awaitDirection(alarmEvent("E004A", "1"));
  clock.advance(3s);  // the walk's four samples add 400 ms: the passage ends 3.4 s after the alarm
  EXPECT_TRUE(walk(logic, clock, kWalkOut).resolved.empty());
  const auto gone = logic.expire();  // the daemon's next tick
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].direction, "unknown");
}

TEST(GateLogic, ShutdownFlushesEveryWaitingAlarmWithoutDirection) {
  ManualClock clock;
  GateLogic logic(clock, steadySettings(), 3s);
  ASSERT_TRUE(logic.tagPass(tag("E004A", kSecured)).alarmed);
  logic.awaitDirection(alarmEvent("E004A", "1"));
  const auto all = logic.flush();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].direction, "unknown");
  EXPECT_EQ(logic.pendingAlarms(), 0u);
}

TEST(GateLogic, ALoanedTagDoesNotAlarm) {
  ManualClock clock;
  GateLogic logic(clock, steadySettings());
  const auto d = logic.tagPass(tag("E004B", kOnLoan));
  ASSERT_TRUE(d.verdict);
  EXPECT_EQ(*d.verdict, Verdict::pass);
  EXPECT_FALSE(d.alarmed);
  EXPECT_EQ(logic.alarmCount(), 0u);
  EXPECT_EQ(logic.outputs(), (AlarmOutputs{false, false}));
  EXPECT_EQ(logic.nextChangeIn(), std::nullopt);

  // Under "afi" the AFI decides: 0xC2 is on loan, 0x07 secured.
  AlarmSettings afi = steadySettings();
  afi.mode = GateMode::afi;
  logic.setSettings(afi);
  auto loaned = tag("E004C", rfid::Security::unknown);
  loaned.afi = 0xC2;
  EXPECT_FALSE(logic.tagPass(loaned).alarmed);
  auto secured = tag("E004D", rfid::Security::unknown);
  secured.afi = 0x07;
  EXPECT_TRUE(logic.tagPass(secured).alarmed);
}

TEST(GateLogic, ATestAlarmSoundsIsLoggedAsATestAndIsNotCounted) {
  ManualClock clock;
  GateLogic logic(clock, steadySettings(), 3s);
  const auto e = logic.testAlarm("10.0.0.5");
  EXPECT_EQ(e.kind, "test");
  EXPECT_EQ(e.detail, "test alarm from 10.0.0.5");
  EXPECT_EQ(logic.outputs(), (AlarmOutputs{true, true}));
  EXPECT_EQ(logic.alarmCount(), 0u);
  EXPECT_EQ(logic.pendingAlarms(), 0u) << "a test waits for no direction";
  EXPECT_TRUE(walk(logic, clock, kWalkOut).resolved.empty());
  clock.advance(3s);
  EXPECT_EQ(logic.outputs(), (AlarmOutputs{false, false}));
}

TEST(GateLogic, AcknowledgeSilencesTheOutputsAtOnce) {
  ManualClock clock;
  GateLogic logic(clock, steadySettings());
  EXPECT_EQ(logic.acknowledge("10.0.0.5").detail, "nothing to silence from 10.0.0.5");
  ASSERT_TRUE(logic.tagPass(tag("E004A", kSecured)).alarmed);
  clock.advance(1s);
  const auto e = logic.acknowledge("10.0.0.5");
  EXPECT_EQ(e.kind, "acknowledged");
  EXPECT_EQ(e.detail, "alarm silenced from 10.0.0.5");
  EXPECT_EQ(logic.outputs(), (AlarmOutputs{false, false}));
  EXPECT_EQ(logic.alarmCount(), 1u) << "silenced, still counted";
}

TEST(GateLogic, TwoTagsInOnePassageAreTwoAlarmsThatTakeTheSameDirection) {
  ManualClock clock;
  GateLogic logic(clock, steadySettings(), 3s);
  ASSERT_TRUE(logic.tagPass(tag("E004A", kSecured)).alarmed);
  logic.awaitDirection(alarmEvent("E004A", "111"));
  clock.advance(2s);
  ASSERT_TRUE(logic.tagPass(tag("E004B", kSecured)).alarmed);
  logic.awaitDirection(alarmEvent("E004B", "222"));
  EXPECT_EQ(logic.alarmCount(), 2u);
  EXPECT_EQ(logic.pendingAlarms(), 2u);
  // The second item extends the alarm: the hold runs from the second tag.
  EXPECT_EQ(logic.nextChangeIn(), std::optional<Clock::Duration>(3s));

  const auto d = walk(logic, clock, kWalkOut);  // ends 2.4 s after the first, 0.4 s after the second
  ASSERT_EQ(d.resolved.size(), 2u);
  EXPECT_EQ(d.resolved[0].tagUid, "E004A") << "oldest first";
  EXPECT_EQ(d.resolved[1].tagUid, "E004B");
  EXPECT_EQ(d.resolved[0].direction, "out");
  EXPECT_EQ(d.resolved[1].direction, "out");
  EXPECT_EQ(logic.pendingAlarms(), 0u);
  EXPECT_EQ(logic.counts().out, 1u) << "one person";
}
