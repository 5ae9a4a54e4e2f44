#pragma once
// The gate's decisions in one place: which tag pass alarms (AlarmPolicy), how long the light and
// buzzer stay on, which passage of a person (PeopleCounter) tells the direction of an alarm that
// waits for one, and when an alarm no passage resolved is logged without a direction. Pure: it
// asks the injected Clock for the time and returns what to do (outputs, events to log); the
// daemon owns the coils, the timers, the event log and the metrics.

#include "common/core/clock.h"
#include "common/gate/alarmpolicy.h"
#include "common/gate/gateevent.h"
#include "common/gate/peoplecounter.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lasis::gate {

/// What one tag pass decided.
struct TagDecision {
  /// The tag's verdict, or nothing when this sighting is not a new pass (the same tag seen again
  /// by another antenna or another poll): then nothing else happens.
  std::optional<Verdict> verdict;
  /// An alarm was raised: the outputs changed, write them before anything else.
  bool alarmed = false;
};

/// What one sample of the beams decided.
struct BeamDecision {
  /// The passage this sample completed, if any.
  std::optional<Passage> passage;
  /// Alarms this passage gave a direction ("in" or "out"), oldest first: log them.
  std::vector<GateEvent> resolved;
};

/// The gate's alarm and direction state machine, on an injected clock.
class GateLogic {
public:
  /// `clock` must outlive this object.
  explicit GateLogic(const Clock& clock, AlarmSettings settings = {},
                     Clock::Duration directionWindow = std::chrono::seconds(3));

  const AlarmSettings& settings() const { return m_alarm.settings(); }
  /// New settings apply to the next alarm; an active alarm keeps its start time.
  void setSettings(const AlarmSettings& s) { m_alarm.setSettings(s); }
  /// How close a passage must follow an alarm to give it its direction.
  void setDirectionWindow(Clock::Duration window) { m_window = window; }
  Clock::Duration directionWindow() const { return m_window; }

  /// A tag pass an antenna reported now. Judges the tag by the mode, once per pass.
  TagDecision tagPass(const TagObservation& tag);
  /// Holds the event of an alarm tagPass() raised until a passage tells its direction (or the
  /// window runs out). The caller fills in what the tag says (item, UID, detail).
  void awaitDirection(GateEvent alarm);
  /// The beams' state now. A passage in or out resolves every waiting alarm raised no longer than
  /// the direction window ago; a turn-back or an ambiguous passage resolves none.
  BeamDecision beams(bool beamA, bool beamB);
  /// Alarms that waited longer than the direction window, with direction "unknown": log them
  /// (called on the daemon's tick).
  std::vector<GateEvent> expire();
  /// Every waiting alarm, with direction "unknown" (at shutdown: none is lost).
  std::vector<GateEvent> flush();

  /// A technician's test: the outputs sound as for an alarm, which is neither counted nor waits
  /// for a direction. Returns the "test" event to log.
  GateEvent testAlarm(const std::string& from);
  /// Staff silenced the alarm: outputs off now. Returns the "acknowledged" event to log.
  GateEvent acknowledge(const std::string& from);

  /// The light and buzzer as they should be now.
  AlarmOutputs outputs() const { return m_alarm.outputs(m_clock.monotonic()); }
  /// How long until outputs() changes (to arm a timer), nothing while steady.
  std::optional<Clock::Duration> nextChangeIn() const;
  bool alarmActive() const { return m_alarm.active(m_clock.monotonic()); }

  /// Alarms counted (restored at start so the counter survives a restart; tests not counted).
  std::uint64_t alarmCount() const { return m_alarm.alarmCount(); }
  void setAlarmCount(std::uint64_t n) { m_alarm.setAlarmCount(n); }
  /// Alarms waiting for a direction.
  std::size_t pendingAlarms() const { return m_pending.size(); }
  /// People counts since start.
  const PeopleCounts& counts() const { return m_counter.counts(); }
  /// How long a beam has been broken, zero when clear.
  Clock::Duration beamBlockedFor() const { return m_counter.blockedFor(m_clock.monotonic()); }

private:
  /// An alarm waiting for the passage that tells its direction.
  struct PendingAlarm {
    GateEvent event;
    Clock::Duration raisedAt;
  };
  /// Removes and returns the waiting alarms `pred` selects, oldest first, with `direction` set.
  template <typename Pred>
  std::vector<GateEvent> take(Pred pred, const std::string& direction);

  const Clock& m_clock;
  AlarmPolicy m_alarm;
  PeopleCounter m_counter;
  Clock::Duration m_window;
  std::vector<PendingAlarm> m_pending;
};

} // namespace lasis::gate
