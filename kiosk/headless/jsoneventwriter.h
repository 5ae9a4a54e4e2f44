#pragma once
// Writes what the patron would see as JSON lines (one object per line, "event" first), for the
// headless runner's stdout. The line format is a promise to scripts: keys are only ever added.

#include "common/circulation/circulationlistener.h"

#include <nlohmann/json.hpp>

#include <mutex>
#include <ostream>

namespace lasis::kiosk {

/// A CirculationListener that prints each event as one JSON line.
class JsonEventWriter final : public circulation::CirculationListener {
public:
  explicit JsonEventWriter(std::ostream& out) : m_out(out) {}

  void onLogin(const circulation::LoginOutcome& o) override;
  void onItemOutcome(const circulation::ItemOutcome& o) override;
  void onCountMismatch(int expected, int found) override;
  void onModeChanged(const circulation::ModeChange& m) override;
  void onWarning(const circulation::SessionWarning& w) override;
  void onAccount(const ils::PatronAccount& a) override;
  void onReceipt(const circulation::Receipt& r) override;
  void onSessionEnded(circulation::SessionEndReason r) override;
  void onStaffAlert(const circulation::StaffAlert& a) override;
  void onMessage(circulation::Outcome code, const std::string& text) override;

  /// Any other line (ready, done, error): serialised and flushed under the same lock.
  void write(const nlohmann::ordered_json& j);

  /// ISO 8601 UTC with seconds ("2026-11-22T08:31:00Z").
  static std::string isoTime(Clock::TimePoint t);

private:
  std::mutex m_mutex;
  std::ostream& m_out;
};

} // namespace lasis::kiosk
