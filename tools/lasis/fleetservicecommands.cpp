// lasis fleet status | events | send: the network's view from a terminal, through lasis-fleet's
// HTTP API (docs/fleet.md, "lasis-fleet"): logs in (POST /login, the password from a file, never
// from the command line where `ps` shows it), then asks /api/devices, /api/events or
// /api/command. Text for people, --json for scripts (the API's own JSON).
#include "tools/lasis/commands.h"
#include "tools/lasis/fleetargs.h"

#include "common/core/asio.h"
#include "common/core/result.h"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <cctype>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

namespace lasis::cli {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;
using nlohmann::json;

struct ServiceArgs {
  std::string url = "http://127.0.0.1:8090";
  std::string user;
  std::string passwordFile;
  bool json = false;
};

struct EventsArgs {
  std::string branch, device, type;
  int limit = 50;
};

struct SendArgs {
  std::string device, cmd;
  std::vector<std::string> args;
};

struct Reply {
  int status = 0;
  std::string body;
  std::string setCookie;
};

/// An HTTP client for one service: http://HOST:PORT, one request per connection.
class ServiceClient {
public:
  static Result<ServiceClient> parse(const std::string& url) {
    const std::string scheme = "http://";
    if (url.rfind(scheme, 0) != 0) return fail(Errc::invalidArgument, "--url: expected http://HOST:PORT, not " + url);
    std::string rest = url.substr(scheme.size());
    if (const auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
    const auto colon = rest.rfind(':');
    ServiceClient c;
    c.m_host = colon == std::string::npos ? rest : rest.substr(0, colon);
    c.m_port = colon == std::string::npos ? "80" : rest.substr(colon + 1);
    if (c.m_host.empty() || c.m_port.empty()) return fail(Errc::invalidArgument, "--url: expected http://HOST:PORT, not " + url);
    return c;
  }

  Result<Reply> request(http::verb verb, const std::string& target, const std::string& body = "") {
    try {
      boost::asio::io_context io;
      tcp::resolver resolver(io);
      beast::tcp_stream stream(io);
      stream.expires_after(std::chrono::seconds(30));  // a login costs lasis-fleet about a second
      stream.connect(resolver.resolve(m_host, m_port));
      http::request<http::string_body> req(verb, target, 11);
      req.set(http::field::host, m_host);
      req.set(http::field::user_agent, "lasis");
      if (!m_cookie.empty()) req.set(http::field::cookie, m_cookie);
      if (!body.empty()) {
        req.set(http::field::content_type, "application/json");
        req.body() = body;
      }
      req.prepare_payload();
      http::write(stream, req);
      beast::flat_buffer buffer;
      http::response<http::string_body> res;
      http::read(stream, buffer, res);
      Reply r;
      r.status = static_cast<int>(res.result_int());
      r.body = res.body();
      if (auto it = res.find(http::field::set_cookie); it != res.end()) r.setCookie = std::string(it->value());
      return r;
    } catch (const boost::system::system_error& e) {
      return fail(Errc::unavailable, "lasis-fleet at http://" + m_host + ":" + m_port + ": " + e.code().message());
    }
  }

  Status login(const std::string& user, const std::string& passwordFile) {
    std::ifstream in(passwordFile);
    std::string password;
    if (!in || !std::getline(in, password)) return fail(Errc::io, "cannot read --password-file " + passwordFile);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    auto r = request(http::verb::post, "/login", json{{"user", user}, {"password", password}}.dump());
    if (!r) return r.error();
    if (r->status != 200) return fail(Errc::refused, "login refused (" + std::to_string(r->status) + "): " + errorOf(r->body));
    m_cookie = r->setCookie.substr(0, r->setCookie.find(';'));
    return {};
  }

  /// The API's JSON, or why not.
  Result<json> call(http::verb verb, const std::string& target, const std::string& body = "") {
    auto r = request(verb, target, body);
    if (!r) return r.error();
    json j = json::parse(r->body, nullptr, false);
    if (r->status != 200) return fail(Errc::refused, target.substr(0, target.find('?')) + " (" + std::to_string(r->status) + "): " + errorOf(r->body));
    if (j.is_discarded()) return fail(Errc::parse, target + ": the answer is not JSON");
    return j;
  }

  static std::string errorOf(const std::string& body) {
    const json j = json::parse(body, nullptr, false);
    return j.is_object() && j.contains("error") && j["error"].is_string() ? j["error"].get<std::string>() : body;
  }

private:
  std::string m_host, m_port, m_cookie;
};

std::string urlEncode(const std::string& s) {
  std::ostringstream out;
  for (const unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') out << ch;
    else out << '%' << std::uppercase << std::hex << std::setw(2) << std::setfill('0') << static_cast<int>(ch);
  }
  return out.str();
}

std::string timeOf(std::int64_t ms) {
  if (ms <= 0) return "-";
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%SZ", &tm);
  return buf;
}

std::string text(const json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>().empty() ? "-" : v.get<std::string>();
  if (v.is_array()) {
    std::string s;
    for (const auto& e : v) s += (s.empty() ? "" : ",") + text(e);
    return s.empty() ? "-" : s;
  }
  return v.dump();
}

/// Logs in and runs `body` with the client; prints the failure and returns 1 on error.
template <typename F>
int withService(const ServiceArgs& a, const char* name, F body) {
  auto client = ServiceClient::parse(a.url);
  if (!client) {
    std::cerr << "lasis fleet " << name << ": " << client.error().message() << "\n";
    return 2;
  }
  if (auto st = client->login(a.user, a.passwordFile); !st) {
    std::cerr << "lasis fleet " << name << ": " << st.error().message() << "\n";
    return 1;
  }
  auto result = body(*client);
  if (!result) {
    std::cerr << "lasis fleet " << name << ": " << result.error().message() << "\n";
    return 1;
  }
  return 0;
}

int runStatus(const ServiceArgs& a) {
  return withService(a, "status", [&](ServiceClient& c) -> Status {
    auto j = c.call(http::verb::get, "/api/devices");
    if (!j) return j.error();
    if (a.json) {
      std::cout << j->dump() << "\n";
      return {};
    }
    std::cout << "broker: " << ((*j).value("broker_connected", false) ? "connected" : "NOT connected") << "\n";
    std::cout << std::left << std::setw(16) << "BRANCH" << std::setw(16) << "DEVICE" << std::setw(7) << "KIND" << std::setw(9)
              << "STATE" << std::setw(22) << "LAST SEEN" << std::setw(6) << "QUEUE" << std::setw(5) << "EXC" << std::setw(7)
              << "ALARMS" << "FAULTS\n";
    for (const auto& d : (*j)["devices"]) {
      const auto& f = d["fields"];
      const auto field = [&](const char* k) { return f.contains(k) ? text(f[k]) : std::string("-"); };
      std::cout << std::setw(16) << text(d["branch"]) << std::setw(16) << text(d["device"]) << std::setw(7) << text(d["kind"])
                << std::setw(9) << text(d["state"]) << std::setw(22) << timeOf(d.value("last_seen_ms", std::int64_t{0}))
                << std::setw(6) << field("queue_depth") << std::setw(5) << field("queue_exceptions") << std::setw(7)
                << text(d["alarms_today"]) << field("faults") << "\n";
    }
    return {};
  });
}

int runEvents(const ServiceArgs& a, const EventsArgs& e) {
  return withService(a, "events", [&](ServiceClient& c) -> Status {
    std::string target = "/api/events?limit=" + std::to_string(e.limit);
    if (!e.branch.empty()) target += "&branch=" + urlEncode(e.branch);
    if (!e.device.empty()) target += "&device=" + urlEncode(e.device);
    if (!e.type.empty()) target += "&type=" + urlEncode(e.type);
    auto j = c.call(http::verb::get, target);
    if (!j) return j.error();
    if (a.json) {
      std::cout << j->dump() << "\n";
      return {};
    }
    for (const auto& ev : (*j)["events"]) {
      std::string details;
      for (const auto& [k, v] : ev["fields"].items()) details += " " + k + "=" + text(v);
      std::cout << timeOf(ev.value("received_ms", std::int64_t{0})) << "  " << text(ev["branch"]) << "/" << text(ev["device"])
                << "  #" << ev["seq"].dump() << "  " << text(ev["type"]) << details << "\n";
    }
    return {};
  });
}

/// KEY=VALUE into args, as `lasis fleet sign` reads it (fleetargs.h).
bool putArg(json& args, const std::string& kv) {
  const auto eq = kv.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  return lasis::cli::putArg(args, kv.substr(0, eq), kv.substr(eq + 1));
}

int runSend(const ServiceArgs& a, const SendArgs& s) {
  json args = json::object();
  for (const auto& kv : s.args) {
    if (!putArg(args, kv)) {
      std::cerr << "lasis fleet send: --arg \"" << kv << "\" is not KEY=VALUE (KEY may be dotted: text.lv=Sveiki)\n";
      return 2;
    }
  }
  return withService(a, "send", [&](ServiceClient& c) -> Status {
    auto j = c.call(http::verb::post, "/api/command", json{{"device", s.device}, {"cmd", s.cmd}, {"args", args}}.dump());
    if (!j) return j.error();
    if (a.json) std::cout << j->dump() << "\n";
    else std::cout << "sent " << text((*j)["cmd"]) << " to " << text((*j)["device"]) << " (seq " << (*j)["seq"].dump() << ", signed by key "
                   << text((*j)["key"]) << ")\n";
    return {};
  });
}

void addServiceOptions(CLI::App* cmd, ServiceArgs& a) {
  cmd->add_option("--url", a.url, "lasis-fleet's dashboard address")->capture_default_str();
  cmd->add_option("--user", a.user, "a dashboard user (lasis-fleet --add-user)")->required();
  cmd->add_option("--password-file", a.passwordFile, "a file whose first line is the password")->required()->check(CLI::ExistingFile);
  cmd->add_flag("--json", a.json, "print the API's JSON");
}

} // namespace

void addFleetServiceCommands(CLI::App& app, int& exitCode) {
  // `lasis fleet` may already hold enroll, keygen and sign: join them.
  auto existing = app.get_subcommands([](CLI::App* s) { return s->get_name() == "fleet"; });
  auto* fleet = existing.empty() ? app.add_subcommand("fleet", "The library network's fleet") : existing.front();
  fleet->require_subcommand(1);

  auto statusArgs = std::make_shared<ServiceArgs>();
  auto* status = fleet->add_subcommand("status",
                                       "Every device of the network as lasis-fleet knows it: state, last seen, queue, "
                                       "exceptions, alarms today, faults\n"
                                       "  e.g. lasis fleet status --url http://127.0.0.1:8090 --user anna --password-file ~/.lasis-fleet-password\n"
                                       "  e.g. lasis fleet status --user anna --password-file pw --json");
  addServiceOptions(status, *statusArgs);
  status->callback([statusArgs, &exitCode] { exitCode = runStatus(*statusArgs); });

  auto eventsArgs = std::make_shared<ServiceArgs>();
  auto eventsFilter = std::make_shared<EventsArgs>();
  auto* events = fleet->add_subcommand("events",
                                       "The network's event log, newest first\n"
                                       "  e.g. lasis fleet events --user anna --password-file pw --branch central --type alarm --limit 20");
  addServiceOptions(events, *eventsArgs);
  events->add_option("--branch", eventsFilter->branch, "only this branch");
  events->add_option("--device", eventsFilter->device, "only this device (its name within the branch)");
  events->add_option("--type", eventsFilter->type, "only this event type (alarm, staff_call, counts, …)");
  events->add_option("--limit", eventsFilter->limit, "at most this many")->check(CLI::Range(1, 1000))->capture_default_str();
  events->callback([eventsArgs, eventsFilter, &exitCode] { exitCode = runEvents(*eventsArgs, *eventsFilter); });

  auto sendArgs = std::make_shared<ServiceArgs>();
  auto sendCmd = std::make_shared<SendArgs>();
  auto* send = fleet->add_subcommand("send",
                                     "Have lasis-fleet sign a command with the network's key and send it to one device\n"
                                     "  e.g. lasis fleet send --user anna --password-file pw --device zt/central/kiosk-1 --cmd send-queue\n"
                                     "  e.g. lasis fleet send --user anna --password-file pw --device zt/central/kiosk-1 --cmd notice "
                                     "--arg text.en='Closing at 17:00' --arg seconds=600");
  addServiceOptions(send, *sendArgs);
  send->add_option("--device", sendCmd->device, "NETWORK/BRANCH/DEVICE")->required();
  send->add_option("--cmd", sendCmd->cmd, "send-queue, silence-gate, reload, training-start, training-stop or notice")->required();
  send->add_option("--arg", sendCmd->args, "KEY=VALUE, repeatable; a dotted KEY nests (text.lv=Sveiki)");
  send->callback([sendArgs, sendCmd, &exitCode] { exitCode = runSend(*sendArgs, *sendCmd); });
}

} // namespace lasis::cli
