#include "kiosk/headless/jsoneventwriter.h"

#include "kiosk/headless/englishtext.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace lasis::kiosk {

using nlohmann::ordered_json;
using namespace lasis::circulation;

namespace {

ordered_json blockCodes(const std::vector<circulation::PatronBlock>& blocks) {
  ordered_json out = ordered_json::array();
  for (auto b : blocks) out.push_back(toString(b));
  return out;
}
ordered_json timeOrNull(const std::optional<Clock::TimePoint>& t) {
  return t ? ordered_json(JsonEventWriter::isoTime(*t)) : ordered_json(nullptr);
}
} // namespace

std::string JsonEventWriter::isoTime(Clock::TimePoint t) {
  const auto secs = std::chrono::time_point_cast<std::chrono::seconds>(t);
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", secs);
}

void JsonEventWriter::write(const ordered_json& j) {
  std::lock_guard lock(m_mutex);
  // Invalid UTF-8 from an ILS must not stop the screen: replace it rather than throw.
  m_out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  m_out.flush();
}

void JsonEventWriter::onLogin(const LoginOutcome& o) {
  ordered_json j{{"event", "login"}, {"ok", o.ok}, {"reason", toString(o.reason)}, {"message", englishText(o)}};
  if (!o.library.empty()) j["library"] = o.library;  // a foreign card: the library that issued it
  if (o.patron) {
    j["patron"] = ordered_json{{"name", o.patron->name},
                               {"blocked", o.patron->blocked},
                               {"provisional", o.patron->provisional},
                               {"messages", englishLines(*o.patron)},
                               {"blocks", blockCodes(o.patron->blocks)},
                               {"fines", o.patron->fines ? ordered_json(*o.patron->fines) : ordered_json(nullptr)},
                               {"currency", o.patron->currency}};
  }
  write(j);
}

void JsonEventWriter::onItemOutcome(const ItemOutcome& o) {
  ordered_json j{{"event", "item"},          {"action", toString(o.action)}, {"item", o.itemId},
                 {"title", o.title},         {"ok", o.ok},                   {"reason", toString(o.reason)},
                 {"message", englishText(o)}, {"due", timeOrNull(o.dueDate)}, {"provisional", o.provisional},
                 {"see_staff", o.seeStaff},  {"parts", o.parts},             {"parts_present", o.partsPresent}};
  if (o.noTag) j["no_tag"] = true;  // by its barcode, no RFID tag: carried round the gate
  if (o.sortHint != SortHint::none) j["sort"] = toString(o.sortHint);
  if (!o.destination.empty()) j["destination"] = o.destination;
  if (!o.destinationName.empty()) j["destination_name"] = o.destinationName;
  if (!o.sortBin.empty()) j["bin"] = o.sortBin;
  if (!o.binName.empty()) j["bin_name"] = o.binName;
  if (o.queuePosition) j["queue_position"] = *o.queuePosition;
  if (!o.pickupLocation.empty()) j["pickup"] = o.pickupLocation;
  write(j);
}

void JsonEventWriter::onCountMismatch(int expected, int found) {
  write(ordered_json{{"event", "count-mismatch"}, {"expected", expected}, {"found", found}});
}

void JsonEventWriter::onModeChanged(const ModeChange& m) {
  ordered_json j{{"event", "mode"}, {"mode", toString(m.mode)}, {"message", m.message}};
  if (!m.fault.empty()) j["fault"] = m.fault;
  write(j);
}

void JsonEventWriter::onWarning(const SessionWarning& w) {
  write(ordered_json{{"event", "warning"}, {"seconds_left", w.secondsLeft}});
}

void JsonEventWriter::onAccount(const ils::PatronAccount& a) {
  ordered_json loans = ordered_json::array();
  for (const auto& l : a.loans) {
    loans.push_back({{"item", l.itemId}, {"title", l.title}, {"due", timeOrNull(l.dueDate)}, {"overdue", l.overdue}});
  }
  ordered_json holds = ordered_json::array();
  for (const auto& h : a.holds) {
    holds.push_back({{"item", h.itemId},
                     {"title", h.title},
                     {"queue_position", h.queuePosition ? ordered_json(*h.queuePosition) : ordered_json(nullptr)},
                     {"pickup", h.pickupLocation},
                     {"available", h.available}});
  }
  ordered_json fines = ordered_json::array();
  for (const auto& f : a.fines) {
    fines.push_back({{"description", f.description}, {"amount", f.amount ? ordered_json(*f.amount) : ordered_json(nullptr)}});
  }
  write(ordered_json{{"event", "account"},
                     {"name", a.name},
                     {"loans", loans},
                     {"holds", holds},
                     {"fines", fines},
                     {"fee_amount", a.feeAmount ? ordered_json(*a.feeAmount) : ordered_json(nullptr)},
                     {"currency", a.currency},
                     {"messages", a.screenMessages}});
}

void JsonEventWriter::onReceipt(const Receipt& r) {
  ordered_json lines = ordered_json::array();
  for (const auto& l : r.lines) {
    lines.push_back({{"action", toString(l.action)},
                     {"item", l.itemId},
                     {"title", l.title},
                     {"due", timeOrNull(l.dueDate)},
                     {"provisional", l.provisional}});
  }
  write(ordered_json{{"event", "receipt"},
                     {"kiosk", r.kioskId},
                     {"location", r.location},
                     {"time", isoTime(r.time)},
                     {"patron", r.patronRef},
                     {"provisional", r.provisional},
                     {"lines", lines},
                     {"notes", r.notes}});
}

void JsonEventWriter::onSessionEnded(SessionEndReason r) {
  write(ordered_json{{"event", "session-end"}, {"reason", toString(r)}});
}

void JsonEventWriter::onStaffAlert(const StaffAlert& a) {
  write(ordered_json{{"event", "staff-alert"}, {"item", a.itemId}, {"message", a.message}});
}

void JsonEventWriter::onMessage(Outcome code, const std::string& text) {
  write(ordered_json{{"event", "message"}, {"code", toString(code)}, {"text", englishText(code, text)}});
}

} // namespace lasis::kiosk
