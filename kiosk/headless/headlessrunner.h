#pragma once
// The kiosk without a window: patron actions as JSON lines in, what the screen would show as
// JSON lines out (JsonEventWriter). One thread reads the input; a worker runs every engine call
// and the periodic tick, so blocking reader and ILS calls never hold up reading, and the engine
// is only ever called from one thread.
//
// Input, one object per line:
//   {"cmd":"login","card":"…","pin":"…"}   (card may be omitted: the card on the pad)
//   {"cmd":"checkout"} or {"cmd":"checkout","count":N}
//   {"cmd":"return"}
//   {"cmd":"renew","item":"…"}  {"cmd":"renew-all"}
//   {"cmd":"hold","item":"…","pickup":"…"}  {"cmd":"cancel-hold","item":"…","pickup":"…"}
//   {"cmd":"status","item":"…"}  {"cmd":"account"}  {"cmd":"end"}  {"cmd":"touch"}
//   {"cmd":"checkout","item":"…"}  {"cmd":"return","item":"…"}   one item by its barcode (an item
//      with no RFID tag, or one of those on the pad)
//   {"cmd":"scan","code":"…"[,"symbology":"code128"]}   a code as a scanner reads it: a patron card
//      on an idle kiosk (then {"cmd":"login","pin":"…"}), an item during a visit (borrowed) or on an
//      idle kiosk (returned). The kiosk's own scanners ([scanner] devices) post the same command.
//      Answered by {"event":"scan","what":"patron|item|staff|foreign|unrecognised",…}: the rule
//      that decided and, for an item, its id; never a patron's number.
//   {"cmd":"call-staff"}   the patron asks for staff, as the screens' "Call staff" button does: the
//      kiosk's staff call is raised (logged, counted in the metrics, the desk light on) and waits
//      until the visit ends. Answered by {"event":"staff-call","kiosk":"…","raised":true|false,
//      "waiting":true}: raised false when a call was waiting already (no second call).
// Every command is answered, after its events, by {"event":"done","cmd":"…"}; a line that is
// not a command gives {"event":"error",…} and the runner goes on. End of input ends the session.

#include "common/circulation/circulationengine.h"
#include "kiosk/headless/jsoneventwriter.h"
#include "kiosk/runtime/staffcall.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <istream>
#include <mutex>
#include <string>

namespace lasis::kiosk {

/// Drives a CirculationEngine from JSON lines.
class HeadlessRunner {
public:
  /// `tick` runs on the worker as the kiosk's beat (KioskRuntime::tick: the engine, the queue's
  /// replay, the faults); empty: the engine's own tick alone.
  HeadlessRunner(circulation::CirculationEngine& engine, JsonEventWriter& out, std::function<void()> tick = {},
                 std::chrono::milliseconds tickEvery = std::chrono::milliseconds(500));

  /// Reads `in` to its end, running every command; returns once all are done.
  void run(std::istream& in);
  /// Queues a command line as if read from the input (from any thread: the kiosk's scanners).
  void post(std::string line);
  /// The kiosk's staff call for {"cmd":"call-staff"} (and its id for the event); without it the
  /// command is an error.
  void setStaffCall(StaffCall* call, std::string kioskId) {
    m_staffCall = call;
    m_kioskId = std::move(kioskId);
  }

private:
  void execute(const std::string& line);
  void scanned(const std::string& code, const std::string& symbology, const std::string& source);

  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<std::string> m_lines;
  bool m_eof = false;

  circulation::CirculationEngine& m_engine;
  JsonEventWriter& m_out;
  std::function<void()> m_tick;
  std::chrono::milliseconds m_tickEvery;
  StaffCall* m_staffCall = nullptr;
  std::string m_kioskId;
};

} // namespace lasis::kiosk
