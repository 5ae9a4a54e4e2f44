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

void HeadlessRunner::run(std::istream& in) {
  std::mutex mutex;
  std::condition_variable cv;
  std::deque<std::string> lines;
  bool eof = false;

  std::thread worker([&] {
    for (;;) {
      std::string line;
      {
        std::unique_lock lock(mutex);
        cv.wait_for(lock, m_tickEvery, [&] { return !lines.empty() || eof; });
        if (!lines.empty()) {
          line = std::move(lines.front());
          lines.pop_front();
        } else if (eof) {
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
    std::lock_guard lock(mutex);
    lines.push_back(std::move(line));
    cv.notify_one();
  }
  {
    std::lock_guard lock(mutex);
    eof = true;
    cv.notify_one();
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
  for (const char* key : {"card", "pin", "item", "pickup"}) {
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
  } else {
    m_out.write(ordered_json{{"event", "error"}, {"cmd", name}, {"message", "unknown command"}});
    return;
  }
  m_out.write(ordered_json{{"event", "done"}, {"cmd", name}});
}

} // namespace lasis::kiosk
