#include "kiosk/headless/headlessrunner.h"

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace lasis::kiosk {

using nlohmann::json;
using nlohmann::ordered_json;

HeadlessRunner::HeadlessRunner(circulation::CirculationEngine& engine, JsonEventWriter& out,
                               std::function<void()> tick, std::chrono::milliseconds tickEvery)
    : m_engine(engine), m_out(out), m_tick(std::move(tick)), m_tickEvery(tickEvery) {}

void HeadlessRunner::post(std::string line) {
  std::lock_guard lock(m_mutex);
  if (m_eof) return;
  m_lines.push_back(std::move(line));
  m_cv.notify_one();
}

void HeadlessRunner::run(std::istream& in) {
  std::thread worker([&] {
    for (;;) {
      std::string line;
      {
        std::unique_lock lock(m_mutex);
        m_cv.wait_for(lock, m_tickEvery, [&] { return !m_lines.empty() || m_eof; });
        if (!m_lines.empty()) {
          line = std::move(m_lines.front());
          m_lines.pop_front();
        } else if (m_eof) {
          break;
        }
      }
      if (!line.empty()) execute(line);
      if (m_tick) m_tick();
      else m_engine.tick();
    }
    // End of input: the patron walked away; end the session as "done" so the screen is wiped.
    m_engine.endSession(circulation::SessionEndReason::done);
  });

  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    post(std::move(line));
  }
  {
    std::lock_guard lock(m_mutex);
    m_eof = true;
    m_cv.notify_one();
  }
  worker.join();
}

void HeadlessRunner::execute(const std::string& line) {
  json cmd = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (cmd.is_discarded() || !cmd.is_object() || !cmd.contains("cmd") || !cmd["cmd"].is_string()) {
    m_out.write(ordered_json{{"event", "error"}, {"message", "not a command: expected {\"cmd\":\"…\"}"}});
    return;
  }
  auto str = [&](const char* key) -> std::string {
    auto it = cmd.find(key);
    return it != cmd.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const std::string name = cmd["cmd"].get<std::string>();
  // A card number, PIN or item id of another JSON type is the script's mistake, said as such
  // (read as empty it would look like "no card on the pad").
  for (const char* key : {"card", "pin", "item", "pickup", "code", "symbology", "source"}) {
    if (auto it = cmd.find(key); it != cmd.end() && !it->is_string()) {
      m_out.write(ordered_json{{"event", "error"}, {"cmd", name}, {"message", std::string("\"") + key + "\" must be a string"}});
      return;
    }
  }
  auto needItem = [&]() {
    if (!str("item").empty()) return true;
    m_out.write(ordered_json{{"event", "error"}, {"cmd", name}, {"message", "\"item\" is required"}});
    return false;
  };
  if (name == "login") {
    (void)m_engine.login(str("card"), str("pin"));
  } else if (name == "checkout" && cmd.contains("item")) {
    if (!needItem()) return;
    m_engine.checkoutItem(str("item"));
  } else if (name == "return" && cmd.contains("item")) {
    if (!needItem()) return;
    m_engine.checkinItem(str("item"));
  } else if (name == "scan") {
    if (str("code").empty()) {
      m_out.write(ordered_json{{"event", "error"}, {"cmd", name}, {"message", "\"code\" is required"}});
      return;
    }
    scanned(str("code"), str("symbology"), str("source"));
  } else if (name == "checkout") {
    std::optional<int> count;
    if (auto it = cmd.find("count"); it != cmd.end() && it->is_number_integer()) count = it->get<int>();
    m_engine.checkout(count);
  } else if (name == "return") {
    m_engine.checkin();
  } else if (name == "renew") {
    if (!needItem()) return;
    m_engine.renew(str("item"));
  } else if (name == "renew-all") {
    m_engine.renewAll();
  } else if (name == "hold") {
    if (!needItem()) return;
    m_engine.placeHold(str("item"), str("pickup"));
  } else if (name == "cancel-hold") {
    if (!needItem()) return;
    m_engine.cancelHold(str("item"), str("pickup"));
  } else if (name == "status") {
    if (!needItem()) return;
    m_engine.itemStatus(str("item"));
  } else if (name == "account") {
    m_engine.account();
  } else if (name == "end") {
    m_engine.endSession(circulation::SessionEndReason::done);
  } else if (name == "touch") {
    m_engine.touch();
  } else if (name == "call-staff") {
    if (!m_staffCall) {
      m_out.write(ordered_json{{"event", "error"}, {"cmd", name}, {"message", "no staff call in this kiosk"}});
      return;
    }
    const bool raised = m_staffCall->raise("headless");
    m_out.write(ordered_json{{"event", "staff-call"}, {"kiosk", m_kioskId}, {"raised", raised}, {"waiting", m_staffCall->waiting()}});
  } else {
    m_out.write(ordered_json{{"event", "error"}, {"cmd", name}, {"message", "unknown command"}});
    return;
  }
  m_out.write(ordered_json{{"event", "done"}, {"cmd", name}});
}

void HeadlessRunner::scanned(const std::string& code, const std::string& symbology, const std::string& source) {
  scan::Scan s;
  s.text = code;
  s.symbology = scan::symbologyFromString(symbology).value_or(scan::Symbology::unknown);
  s.source = source;
  const bool visit = m_engine.loggedIn();
  const auto m = m_engine.presentScan(s);
  ordered_json j{{"event", "scan"}, {"what", scan::toString(m.what)}, {"rule", m.rule}};
  if (!source.empty()) j["source"] = source;
  if (m.what == scan::Meaning::What::item) j["item"] = m.id;  // items are named; patrons never
  if (!m.library.empty()) j["library"] = m.library;
  m_out.write(j);
  // An item borrows during a visit and returns on an idle kiosk (returns need no login).
  if (m.what == scan::Meaning::What::item) {
    if (visit) m_engine.checkoutItem(m.id);
    else m_engine.checkinItem(m.id);
  }
}

} // namespace lasis::kiosk
