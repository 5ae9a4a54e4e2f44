#pragma once
// The gate's alarm decisions: which tag alarms (by the configured mode), one alarm per tag pass
// rather than per poll, and what the light and buzzer do over time (hold time, buzzer pattern,
// staff acknowledgement). Pure: time comes from the caller, no I/O.

#include "common/core/clock.h"
#include "common/rfid/tagreader.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace lasis::gate {

/// How a tag's security state is judged. The numeric values are the status server's mode register.
enum class GateMode : std::uint16_t {
  security = 0,  ///< the security state the reader driver reports (data-model byte, AFI or EAS)
  afi = 1,       ///< ISO 15693 AFI equals the secured value (0x07 by default)
  eas = 2,       ///< NXP EAS bit set
  both = 3,      ///< AFI secured or EAS set: either alarms
};
std::string_view toString(GateMode m);
std::optional<GateMode> gateModeFromString(std::string_view s);

/// Buzzer sound while an alarm is active. The numeric values are the status server's register.
enum class BuzzerPattern : std::uint16_t {
  off = 0,         ///< light only (quiet reading rooms)
  continuous = 1,  ///< on for the whole hold time
  pulsed = 2,      ///< 250 ms on, 250 ms off
  triple = 3,      ///< three short beeps, then the light alone
};
std::string_view toString(BuzzerPattern p);
std::optional<BuzzerPattern> buzzerPatternFromString(std::string_view s);

/// What the antenna learnt about one tag.
struct TagObservation {
  std::string uid;
  rfid::Security security = rfid::Security::unknown;
  std::optional<std::uint8_t> afi;  ///< ISO 15693 backends only
  std::optional<bool> eas;          ///< ISO 15693 (NXP) backends only
};

enum class Verdict { pass, alarm, unknown };
std::string_view toString(Verdict v);

/// Alarm settings; all can change at run time (reload, status server).
struct AlarmSettings {
  GateMode mode = GateMode::security;
  std::uint8_t securedAfi = 0x07;
  Clock::Duration hold = std::chrono::seconds(3);
  BuzzerPattern pattern = BuzzerPattern::pulsed;
  /// A tag unseen this long has left the field; seen again, it is a new pass (a new alarm).
  Clock::Duration passGap = std::chrono::seconds(2);
  /// Alarm on tags whose state cannot be read. Off by default: a patron's own bank or transport
  /// card in the field must not sound the alarm.
  bool alarmOnUnknown = false;
};

/// Judges one tag by the mode. Where the mode's own field is missing (an NFC Type 2 tag under
/// "afi") the driver's security state decides, so a mode never silently lets a secured item pass.
Verdict decide(const AlarmSettings& settings, const TagObservation& tag);

/// Remembers which tags are in the field so each pass is reported once.
class TagPassTracker {
public:
  /// Records a sighting; true when it starts a new pass (first sighting, or after a gap).
  bool sighting(const std::string& uid, Clock::Duration now, Clock::Duration passGap);
  /// Forgets tags unseen for longer than passGap (bounds memory on a busy day).
  void prune(Clock::Duration now, Clock::Duration passGap);
  std::size_t size() const { return m_lastSeen.size(); }

private:
  std::map<std::string, Clock::Duration> m_lastSeen;
};

/// The light and buzzer as they should be now.
struct AlarmOutputs {
  bool light = false;
  bool buzzer = false;
  friend bool operator==(const AlarmOutputs&, const AlarmOutputs&) = default;
};

/// The alarm's life: raised by a tag (or a technician's test), held, patterned, acknowledged.
class AlarmPolicy {
public:
  explicit AlarmPolicy(AlarmSettings settings = {}) : m_settings(settings) {}

  const AlarmSettings& settings() const { return m_settings; }
  /// New settings apply to the next alarm; an active alarm keeps its start time.
  void setSettings(const AlarmSettings& s) { m_settings = s; }

  /// A tag seen now (every sighting, every poll). Returns the verdict when this sighting begins
  /// a new pass of this tag, nothing when the tag is still in the same pass (debounce).
  std::optional<Verdict> observe(const TagObservation& tag, Clock::Duration now);
  /// Starts (or extends) an alarm now; counts it unless it is a technician's test.
  void raise(Clock::Duration now, bool counted = true);
  /// Staff silenced the alarm: light and buzzer off now. True when an alarm was active.
  bool acknowledge(Clock::Duration now);

  bool active(Clock::Duration now) const;
  AlarmOutputs outputs(Clock::Duration now) const;
  /// When outputs() will next change (to arm a timer), or nothing while steady.
  std::optional<Clock::Duration> nextChange(Clock::Duration now) const;
  std::uint64_t alarmCount() const { return m_count; }
  void setAlarmCount(std::uint64_t n) { m_count = n; }

private:
  AlarmSettings m_settings;
  TagPassTracker m_passes;
  std::optional<Clock::Duration> m_start;  // of the active (or last) alarm
  Clock::Duration m_until{0};
  std::uint64_t m_count = 0;
};

} // namespace lasis::gate
