// `lasis gate …`: the security gate from a technician's shell — its event log and its status.
#include "common/gate/eventlog.h"
#include "common/gate/statusmap.h"
#include "drivers/modbus/gatestatusclient.h"
#include "drivers/modbus/modbusconnection.h"
#include "drivers/modbus/modbusurl.h"
#include "kiosk/cli/commands.h"
#include "kiosk/cli/gateaddress.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>

namespace lasis::cli {

namespace {

using Json = nlohmann::json;

std::string isoTime(Clock::TimePoint t) {
  const std::time_t secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

int printEvents(const std::string& db, const std::string& format, const std::string& kind) {
  auto log = gate::EventLog::openReadOnly(db);
  if (!log) {
    std::fprintf(stderr, "lasis gate events: %s\n", log.error().message().c_str());
    return 1;
  }
  auto events = log->events(kind);
  if (!events) {
    std::fprintf(stderr, "lasis gate events: %s\n", events.error().message().c_str());
    return 1;
  }
  if (format == "json") {
    Json out = Json::array();
    for (const auto& e : *events) {
      Json j{{"id", e.id}, {"time", isoTime(e.time)}, {"kind", e.kind}};
      if (e.kind == "alarm") {
        j["item"] = e.item;
        j["title"] = e.title;
        j["direction"] = e.direction;
        j["tag_uid"] = e.tagUid;
      }
      if (e.kind == "count") {
        j["period_s"] = e.periodSeconds;
        j["people_in"] = e.peopleIn;
        j["people_out"] = e.peopleOut;
        j["turn_backs"] = e.turnBacks;
      }
      if (!e.detail.empty()) j["detail"] = e.detail;
      out.push_back(std::move(j));
    }
    std::cout << out.dump(2) << "\n";
  } else if (format == "csv") {
    std::cout << "id,time,kind,item,title,direction,tag_uid,period_s,people_in,people_out,turn_backs,detail\n";
    for (const auto& e : *events) {
      std::cout << e.id << ',' << isoTime(e.time) << ',' << e.kind << ',' << csvField(e.item) << ','
                << csvField(e.title) << ',' << e.direction << ',' << e.tagUid << ',' << e.periodSeconds << ','
                << e.peopleIn << ',' << e.peopleOut << ',' << e.turnBacks << ',' << csvField(e.detail) << "\n";
    }
  } else {
    std::printf("%-20s  %-12s  %s\n", "TIME (UTC)", "EVENT", "DETAILS");
    for (const auto& e : *events) {
      std::string what;
      if (e.kind == "alarm") {
        what = "item " + e.item + (e.title.empty() ? "" : " \"" + e.title + "\"") + ", direction " + e.direction;
      } else if (e.kind == "count") {
        what = std::to_string(e.peopleIn) + " in, " + std::to_string(e.peopleOut) + " out, " +
               std::to_string(e.turnBacks) + " turned back in " + std::to_string(e.periodSeconds) + " s";
      } else {
        what = e.detail;
      }
      std::printf("%-20s  %-12s  %s\n", isoTime(e.time).c_str(), e.kind.c_str(), what.c_str());
    }
  }
  return 0;
}

int printStatus(const std::string& address) {
  auto url = parseGateStatusAddress(address);
  if (!url) {
    std::fprintf(stderr, "lasis gate status: %s\n", url.error().message().c_str());
    return 2;
  }
  auto s = modbus::readGateStatus(url->text());  // the port defaulted here, not to Modbus's 502
  if (!s) {
    std::fprintf(stderr, "lasis gate status: %s\n", s.error().describe().c_str());
    return 1;
  }
  Json last = nullptr;
  if (s->lastAlarmTime != 0) {
    last = {{"time", isoTime(Clock::TimePoint(std::chrono::seconds(s->lastAlarmTime)))},
            {"item", s->lastAlarmItem},
            {"direction", s->lastAlarmDirection}};
  }
  Json out{{"state", gate::toString(s->state)},
           {"people_in", s->peopleIn},
           {"people_out", s->peopleOut},
           {"turn_backs", s->turnBacks},
           {"alarms", s->alarms},
           {"last_alarm", last},
           {"faults", gate::faultNames(s->faults)},
           {"readers", {{"configured", s->readersConfigured}, {"working", s->readersWorking}}},
           {"settings",
            {{"alarm_hold_ms", s->holdMs},
             {"buzzer", gate::toString(s->pattern)},
             {"mode", gate::toString(s->mode)},
             {"secured_afi", s->securedAfi}}}};
  std::cout << out.dump() << "\n";
  return 0;
}

int acknowledge(const std::string& address) {
  auto url = parseGateStatusAddress(address);
  if (!url) {
    std::fprintf(stderr, "lasis gate ack: %s\n", url.error().message().c_str());
    return 2;
  }
  auto conn = modbus::ModbusConnection::open(*url, std::chrono::milliseconds(2000));
  Status st = conn ? conn->writeCoil(gate::statusmap::kAcknowledge, true) : Status(conn.error());
  if (!st) {
    std::fprintf(stderr, "lasis gate ack: %s%s\n", st.error().describe().c_str(),
                 st.error().is(Errc::refused) ? " (is this machine in the gate's status.write_allowed?)" : "");
    return 1;
  }
  return 0;
}

} // namespace

void addGateCommands(CLI::App& app, int& exitCode) {
  auto* gate = app.add_subcommand("gate", "the security gate: event log, status, acknowledge");
  gate->require_subcommand(1);

  auto* events = gate->add_subcommand("events", "export the gate's event log (alarms, counts, faults)");
  auto db = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("table");
  auto kind = std::make_shared<std::string>();
  events->add_option("--db", *db, "the gate's event database (log.db)")->required();
  events->add_option("--format", *format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  events->add_option("--kind", *kind, "only this kind: alarm, count, fault, recovered, …");
  events->callback([=, &exitCode] { exitCode = printEvents(*db, *format, *kind); });

  auto* status = gate->add_subcommand("status", "read a running gate's status server and print it as JSON");
  auto address = std::make_shared<std::string>();
  status->add_option("--modbus", *address, "HOST[:PORT] of the gate's status server (port 1502 when not given)")->required();
  status->callback([=, &exitCode] { exitCode = printStatus(*address); });

  auto* ack = gate->add_subcommand("ack", "acknowledge (silence) the gate's alarm");
  auto ackAddress = std::make_shared<std::string>();
  ack->add_option("--modbus", *ackAddress, "HOST[:PORT] of the gate's status server (port 1502 when not given)")->required();
  ack->callback([=, &exitCode] { exitCode = acknowledge(*ackAddress); });
}

} // namespace lasis::cli
