#pragma once
// Where the circulation engine's events go. Calls come from the engine's own threads, one at a
// time (the engine serialises them); a UI posts them to its own loop.

#include "common/circulation/events.h"
#include "common/ils/ils.h"

namespace lasis::circulation {

/// Receives everything the patron's screen and the staff screen would show.
class CirculationListener {
public:
  virtual ~CirculationListener() = default;
  virtual void onLogin(const LoginOutcome&) {}
  virtual void onItemOutcome(const ItemOutcome&) {}
  /// The stack holds a different number of items than the patron said (nothing was done).
  virtual void onCountMismatch(int expected, int found) { (void)expected; (void)found; }
  virtual void onModeChanged(const ModeChange&) {}
  virtual void onWarning(const SessionWarning&) {}
  virtual void onAccount(const ils::PatronAccount&) {}
  virtual void onReceipt(const Receipt&) {}
  virtual void onSessionEnded(SessionEndReason) {}
  virtual void onStaffAlert(const StaffAlert&) {}
  /// Something for the patron not tied to one item (noItems: "no items on the pad"); `text` is
  /// the ILS's own words when it gave some, else empty (screens word `code` themselves).
  virtual void onMessage(Outcome code, const std::string& text) { (void)code; (void)text; }
  /// Reading the pad: `read` of `total` tags read so far ("3 of 5 read"); read == total at the end.
  virtual void onPadProgress(int read, int total) { (void)read; (void)total; }
};

} // namespace lasis::circulation
