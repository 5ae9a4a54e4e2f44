// Metrics as Prometheus sees them: the text format, then the real lasis-gate and lasis-kiosk
// scraped over HTTP on 127.0.0.1 while simulated traffic goes through them — the counters move
// with what happened (an unissued book carried out: alarms +1; a loan: items +1).
#include "common/metrics/promtext.h"
#include "tests/support/childprocess.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <regex>

using namespace lasis;
using namespace lasis::test;
using namespace std::chrono_literals;

namespace {

const std::string kBin = LASIS_BIN_DIR;

/// GET `path` from "http://127.0.0.1:PORT/…": {status line, body}.
std::pair<std::string, std::string> httpGet(const std::string& url, const std::string& path = "/metrics") {
  std::smatch m;
  if (!std::regex_search(url, m, std::regex(R"(http://([0-9.]+):(\d+))"))) return {"bad url " + url, ""};
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(std::stoi(m[2])));
  ::inet_pton(AF_INET, m[1].str().c_str(), &a.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return {"connect failed", ""};
  }
  const std::string req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  (void)::write(fd, req.data(), req.size());
  std::string resp;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) resp.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  const auto head = resp.find("\r\n\r\n");
  return {resp.substr(0, resp.find("\r\n")), head == std::string::npos ? "" : resp.substr(head + 4)};
}

/// The value of one sample line ("name{labels}") in a scrape, or -1.
double value(const std::string& text, const std::string& sample) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(sample + " ", 0) == 0) return std::stod(line.substr(sample.size() + 1));
  return -1;
}

/// The build_info sample `binary` must expose (issue 26): its own version and commit (from its
/// `--version --json`: a binary linked at another build than this test may carry another commit).
std::string buildInfoSample(const std::string& binary) {
  ChildProcess p({binary, "--version", "--json"});
  const auto line = p.readLine(std::chrono::seconds(20));
  p.wait(std::chrono::seconds(20));
  const auto j = nlohmann::json::parse(line.value_or("{}"), nullptr, false);
  const auto field = [&](const char* k) { return j.is_object() ? j.value(k, std::string("?")) : std::string("?"); };
  return "lasis_build_info{commit=\"" + field("commit") + "\",version=\"" + field("version") + "\"}";
}

std::filesystem::path dir() {
  auto d = std::filesystem::temp_directory_path() / ("lasis-metrics-" + std::to_string(::getpid()));
  std::filesystem::create_directories(d);
  return d;
}

} // namespace

TEST(PromText, HelpTypeOnceThenSamplesWithEscapedLabels) {
  metrics::PromText t;
  t.counter("lasis_x_total", "Things", 3, {{"kind", "a\"b"}});
  t.counter("lasis_x_total", "Things", 4.5, {{"kind", "c"}});
  t.gauge("lasis_up", "Up", 1);
  EXPECT_EQ(t.text(),
            "# HELP lasis_x_total Things\n# TYPE lasis_x_total counter\nlasis_x_total{kind=\"a\\\"b\"} 3\n"
            "lasis_x_total{kind=\"c\"} 4.5\n# HELP lasis_up Up\n# TYPE lasis_up gauge\nlasis_up 1\n");
}

TEST(PromText, AUnixTimeKeepsItsSecondsAndFraction) {
  metrics::PromText t;
  t.gauge("process_start_time_seconds", "Start", 1796530123.25);
  EXPECT_EQ(t.text(), "# HELP process_start_time_seconds Start\n# TYPE process_start_time_seconds gauge\n"
                      "process_start_time_seconds 1796530123.25\n");
}

TEST(GateMetrics, AnUnissuedBookCarriedOutCountsOneAlarm) {
  SimDevice io({simBinary(), "gate-io", "--port", "0"});
  SimDevice antenna({simBinary(), "reader"});
  ASSERT_TRUE(io.ok() && antenna.ok());
  const auto d = dir();
  std::ofstream(d / "gate.toml") << "[readers]\nconnstrings = [\"" << antenna.field("connstring") << "\"]\n[io]\nurl = \""
                                 << io.field("url") << "\"\n[status]\nlisten = \"\"\n[metrics]\nlisten = \"127.0.0.1:0\"\n"
                                 << "[log]\ndb = \"" << (d / "gate.db").string() << "\"\n";
  ChildProcess gate({kBin + "/lasis-gate", "--config", (d / "gate.toml").string()});
  auto ready = gate.readLine(20s);
  ASSERT_TRUE(ready) << gate.stderrText();
  const std::string url = nlohmann::json::parse(*ready).value("metrics", "");
  ASSERT_FALSE(url.empty()) << *ready;
  auto [status, body] = httpGet(url);
  EXPECT_NE(status.find("200"), std::string::npos) << status;
  EXPECT_EQ(value(body, "lasis_gate_alarms_total"), 0) << body;
  EXPECT_EQ(value(body, "lasis_gate_readers_configured"), 1) << body;
  EXPECT_EQ(value(body, buildInfoSample(kBin + "/lasis-gate")), 1) << body;
  EXPECT_EQ(value(body, "lasis_gate_reader_errors_total"), 0) << body;
  EXPECT_EQ(httpGet(url, "/secret").first.find("404") != std::string::npos, true);

  antenna.call({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", "04C00000000001"}, {"item", "10000004"}, {"secured", true}});
  io.call({{"cmd", "walk"}, {"direction", "out"}, {"count", 1}});
  EXPECT_TRUE(eventually([&] { return value(httpGet(url).second, "lasis_gate_alarms_total") == 1; }, 10s))
      << httpGet(url).second;
  EXPECT_TRUE(eventually([&] { return value(httpGet(url).second, "lasis_gate_people_total{direction=\"out\"}") == 1; }, 10s));
}

/// `process_start_time_seconds` is a unix time between `before` and now.
static void expectStartedBetween(const std::string& body, std::chrono::system_clock::time_point before) {
  const double started = value(body, "process_start_time_seconds");
  const auto unix = [](std::chrono::system_clock::time_point t) {
    return std::chrono::duration<double>(t.time_since_epoch()).count();
  };
  EXPECT_GE(started, unix(before) - 1) << body;
  EXPECT_LE(started, unix(std::chrono::system_clock::now()) + 1) << body;
}

// Issue 26: every labelled series there at 0 from the first scrape, the Modbus errors of the I/O
// module counted, and /healthz 200 while the gate works, 503 naming the part when the module goes.
TEST(GateMetrics, FirstScrapeHasEverySeriesAndHealthzFollowsTheIoModule) {
  const auto before = std::chrono::system_clock::now();
  SimDevice io({simBinary(), "gate-io", "--port", "0"});
  SimDevice antenna({simBinary(), "reader"});
  ASSERT_TRUE(io.ok() && antenna.ok());
  const auto d = dir();
  std::ofstream(d / "gate-health.toml") << "[readers]\nconnstrings = [\"" << antenna.field("connstring") << "\"]\n[io]\nurl = \""
                                        << io.field("url") << "\"\n[status]\nlisten = \"\"\n[metrics]\nlisten = \"127.0.0.1:0\"\n"
                                        << "[log]\ndb = \"" << (d / "gate-health.db").string() << "\"\n";
  ChildProcess gate({kBin + "/lasis-gate", "--config", (d / "gate-health.toml").string()});
  auto ready = gate.readLine(20s);
  ASSERT_TRUE(ready) << gate.stderrText();
  const std::string url = nlohmann::json::parse(*ready).value("metrics", "");
  ASSERT_FALSE(url.empty()) << *ready;
  const auto body = httpGet(url).second;
  expectStartedBetween(body, before);
  EXPECT_EQ(value(body, "lasis_gate_io_errors_total"), 0) << body;
  EXPECT_EQ(value(body, "lasis_gate_people_total{direction=\"in\"}"), 0) << body;
  EXPECT_EQ(value(body, "lasis_gate_people_total{direction=\"out\"}"), 0) << body;
  for (const char* f : {"io-module", "reader", "tamper", "antenna", "beam-blocked", "event-log"}) {
    EXPECT_EQ(value(body, "lasis_gate_fault{fault=\"" + std::string(f) + "\"}"), 0) << f << "\n" << body;
    EXPECT_EQ(value(body, "lasis_gate_faults_total{fault=\"" + std::string(f) + "\"}"), 0) << f << "\n" << body;
  }
  const std::string healthz = url.substr(0, url.rfind("/metrics"));
  EXPECT_TRUE(eventually([&] { return httpGet(healthz, "/healthz") == std::pair<std::string, std::string>{"HTTP/1.1 200 OK", "ok\n"}; }, 10s))
      << httpGet(healthz, "/healthz").first << " " << httpGet(healthz, "/healthz").second;

  ASSERT_TRUE(io.call({{"cmd", "unplug"}}).value("ok", false));
  EXPECT_TRUE(eventually([&] { return httpGet(healthz, "/healthz").first.find("503") != std::string::npos; }, 10s))
      << httpGet(healthz, "/healthz").first;
  const auto [status, why] = httpGet(healthz, "/healthz");
  EXPECT_EQ(why, "fault: io-module\n") << status;
  const auto faulty = httpGet(url).second;
  EXPECT_EQ(value(faulty, "lasis_gate_io_errors_total"), 1) << faulty;
  EXPECT_EQ(value(faulty, "lasis_gate_faults_total{fault=\"io-module\"}"), 1) << faulty;

  ASSERT_TRUE(io.call({{"cmd", "plug"}}).value("ok", false));
  EXPECT_TRUE(eventually([&] { return httpGet(healthz, "/healthz").first.find("200") != std::string::npos; }, 20s))
      << httpGet(healthz, "/healthz").second;
  EXPECT_EQ(value(httpGet(url).second, "lasis_gate_io_errors_total"), 1);
}

TEST(KioskMetrics, ALoanAndASessionAreCounted) {
  SimDevice ils({simBinary(), "ils", "--port", "0"});
  SimDevice pad({simBinary(), "reader", "--tag", "ntag213:04000000000001:10000001"});
  ASSERT_TRUE(ils.ok() && pad.ok());
  const auto d = dir();
  std::ofstream(d / "kiosk.toml") << "[reader]\nurl = \"" << pad.field("connstring") << "\"\n[ils]\nurl = \""
                                  << ils.field("url") << "\"\n[queue]\ndb = \"" << (d / "k.db").string()
                                  << "\"\n[metrics]\nlisten = \"127.0.0.1:0\"\n";
  ChildProcess kiosk({kBin + "/lasis-kiosk", "--headless", "--config", (d / "kiosk.toml").string()});
  auto ready = kiosk.readLine(20s);
  ASSERT_TRUE(ready) << kiosk.stderrText();
  const std::string url = nlohmann::json::parse(*ready).value("metrics", "");
  ASSERT_FALSE(url.empty()) << *ready;
  EXPECT_EQ(value(httpGet(url).second, "lasis_kiosk_online"), 1);
  EXPECT_EQ(value(httpGet(url).second, buildInfoSample(kBin + "/lasis-kiosk")), 1) << httpGet(url).second;
  const auto [health, ok] = httpGet(url, "/healthz");
  EXPECT_NE(health.find("200"), std::string::npos) << health << " " << ok;
  EXPECT_EQ(ok, "ok\n");
  kiosk.writeLine(R"({"cmd":"login","card":"P100008","pin":"1234"})");
  kiosk.writeLine(R"({"cmd":"checkout"})");
  kiosk.writeLine(R"({"cmd":"end"})");
  EXPECT_TRUE(eventually([&] {
    const auto body = httpGet(url).second;
    return value(body, "lasis_kiosk_items_total{action=\"checkout\",outcome=\"ok\"}") == 1 &&
           value(body, "lasis_kiosk_sessions_total{end=\"done\"}") == 1;
  }, 20s)) << httpGet(url).second;
  const auto body = httpGet(url).second;
  EXPECT_EQ(value(body, "lasis_kiosk_logins_total{outcome=\"ok\"}"), 1) << body;
  EXPECT_EQ(body.find("P100008"), std::string::npos) << "counts only, never who";
  EXPECT_GE(value(body, "lasis_kiosk_queue_depth"), 0) << body;
  kiosk.closeStdin();
}

// Issue 25.4: a SIP2 login the ILS refuses is a configuration fault an alert can name: out of
// order for the ILS's login, not "offline" time.
TEST(KioskMetrics, ARefusedSip2LoginIsOutOfOrderByItsFault) {
  SimDevice ils({simBinary(), "ils", "--port", "0"});
  ASSERT_TRUE(ils.ok());
  const auto d = dir();
  std::string url = ils.field("url");
  url.replace(url.find(":kiosk-pass@"), 12, ":not-the-password@");
  std::ofstream(d / "kiosk.toml") << "[reader]\nurl = \"none\"\n[ils]\nurl = \"" << url << "\"\n[queue]\ndb = \""
                                  << (d / "k.db").string() << "\"\n[metrics]\nlisten = \"127.0.0.1:0\"\n";
  ChildProcess kiosk({kBin + "/lasis-kiosk", "--headless", "--config", (d / "kiosk.toml").string()});
  auto ready = kiosk.readLine(20s);
  ASSERT_TRUE(ready) << kiosk.stderrText();
  const std::string murl = nlohmann::json::parse(*ready).value("metrics", "");
  ASSERT_FALSE(murl.empty()) << *ready;
  EXPECT_TRUE(eventually([&] { return value(httpGet(murl).second, "lasis_kiosk_out_of_order{fault=\"ils-login\"}") == 1; }, 15s))
      << httpGet(murl).second;
  EXPECT_EQ(value(httpGet(murl).second, "lasis_kiosk_out_of_order{fault=\"reader\"}"), 0);
  // /healthz says so too, naming the part (never a patron): a load balancer or a probe needs no PromQL.
  const auto [status, why] = httpGet(murl, "/healthz");
  EXPECT_NE(status.find("503"), std::string::npos) << status;
  EXPECT_EQ(why, "out of order: ils-login\n");
  kiosk.closeStdin();
}

// Issue 26: every label value of the kiosk's counters at 0 before its first event (only the real
// combinations), its start time, and the age of the oldest unsynced transaction: 0 while nothing
// waits, growing once a loan the ILS carried out waits unconfirmed behind an ILS that went away.
TEST(KioskMetrics, FirstScrapeHasEverySeriesAndTheOldestUnsyncedAge) {
  const auto before = std::chrono::system_clock::now();
  SimDevice ils({simBinary(), "ils", "--port", "0"});
  SimDevice pad({simBinary(), "reader", "--tag", "ntag213:04000000000002:10000001"});
  ASSERT_TRUE(ils.ok() && pad.ok());
  const auto d = dir();
  std::ofstream(d / "kiosk-age.toml") << "[reader]\nurl = \"" << pad.field("connstring") << "\"\n[ils]\nurl = \""
                                      << ils.field("url") << "\"\n[queue]\ndb = \"" << (d / "k-age.db").string()
                                      << "\"\n[metrics]\nlisten = \"127.0.0.1:0\"\n";
  ChildProcess kiosk({kBin + "/lasis-kiosk", "--headless", "--config", (d / "kiosk-age.toml").string()});
  auto ready = kiosk.readLine(20s);
  ASSERT_TRUE(ready) << kiosk.stderrText();
  const std::string url = nlohmann::json::parse(*ready).value("metrics", "");
  ASSERT_FALSE(url.empty()) << *ready;
  const auto body = httpGet(url).second;
  expectStartedBetween(body, before);
  EXPECT_EQ(value(body, "lasis_kiosk_queue_oldest_unsynced_age_seconds"), 0) << body;
  for (const char* o : {"ok", "blocked", "wrong-pin", "unknown-card", "ils-unreachable", "out-of-order"})
    EXPECT_EQ(value(body, "lasis_kiosk_logins_total{outcome=\"" + std::string(o) + "\"}"), 0) << o << "\n" << body;
  for (const char* e : {"done", "timeout", "card-removed"})
    EXPECT_EQ(value(body, "lasis_kiosk_sessions_total{end=\"" + std::string(e) + "\"}"), 0) << e << "\n" << body;
  EXPECT_EQ(value(body, "lasis_kiosk_items_total{action=\"checkout\",outcome=\"ok\"}"), 0) << body;
  EXPECT_EQ(value(body, "lasis_kiosk_items_total{action=\"return\",outcome=\"offline\"}"), 0) << body;
  EXPECT_EQ(value(body, "lasis_kiosk_items_total{action=\"renew\",outcome=\"refused\"}"), 0) << body;
  EXPECT_EQ(value(body, "lasis_kiosk_items_total{action=\"renew\",outcome=\"offline\"}"), -1)
      << "no series for what cannot happen (a renewal is never recorded offline)";

  // The ILS lends the book but its answer is lost, then it goes away: the loan waits, unconfirmed.
  ASSERT_TRUE(ils.call({{"cmd", "fault"}, {"drop_item", "10000001"}}).value("ok", false));
  kiosk.writeLine(R"({"cmd":"login","card":"P100008","pin":"1234"})");
  kiosk.writeLine(R"({"cmd":"checkout"})");
  ASSERT_TRUE(eventually([&] { return ils.call({{"cmd", "item"}, {"item", "10000001"}}).value("borrower", "") != ""; }, 20s))
      << kiosk.stderrText();
  ASSERT_TRUE(ils.call({{"cmd", "down"}}).value("ok", false));
  EXPECT_TRUE(eventually([&] { return value(httpGet(url).second, "lasis_kiosk_queue_oldest_unsynced_age_seconds") >= 1; }, 20s))
      << httpGet(url).second;
  const auto waiting = httpGet(url).second;
  EXPECT_GE(value(waiting, "lasis_kiosk_queue_depth"), 1) << waiting;
  // Offline is not out of order: a kiosk that lends offline still serves.
  EXPECT_NE(httpGet(url, "/healthz").first.find("200"), std::string::npos);
  kiosk.closeStdin();
}

namespace {
/// The next JSON line of `kiosk` whose "event" is `event` (others skipped), or null.
nlohmann::json nextEvent(ChildProcess& kiosk, const std::string& event) {
  for (int i = 0; i < 50; ++i) {
    auto line = kiosk.readLine(20s);
    if (!line) return nullptr;
    auto j = nlohmann::json::parse(*line, nullptr, false);
    if (j.is_object() && j.value("event", "") == event) return j;
  }
  return nullptr;
}
} // namespace

// Issue 19, "Call staff": {"cmd":"call-staff"} raises the kiosk's staff call: logged (where, never
// who), counted, waiting until the visit ends, and the desk light on — a coil of a real Modbus TCP
// module (`lasis-sim gate-io`, read through its control channel). Pressed again, no second call. A
// module that is away never holds the kiosk up; the light comes on once it is back.
TEST(KioskStaffCall, CountedLoggedLitUntilTheVisitEnds) {
  SimDevice ils({simBinary(), "ils", "--port", "0"});
  SimDevice io({simBinary(), "gate-io", "--port", "0"});
  SimDevice pad({simBinary(), "reader"});
  ASSERT_TRUE(ils.ok() && io.ok() && pad.ok());
  const auto light = [&] { return io.call({{"cmd", "state"}})["coils"].value("light", false); };
  const auto d = dir();
  std::ofstream(d / "kiosk-call.toml") << "[kiosk]\nid = \"kiosk-7\"\n[reader]\nurl = \"" << pad.field("connstring")
                                       << "\"\n[ils]\nurl = \""
                                       << ils.field("url") << "\"\n[queue]\ndb = \"" << (d / "k-call.db").string()
                                       << "\"\n[metrics]\nlisten = \"127.0.0.1:0\"\n[staff]\ncall_light = \""
                                       << io.field("url") << "?unit=1&coil=0\"\n";
  ChildProcess kiosk({kBin + "/lasis-kiosk", "--headless", "--config", (d / "kiosk-call.toml").string()});
  auto ready = kiosk.readLine(20s);
  ASSERT_TRUE(ready) << kiosk.stderrText();
  const std::string url = nlohmann::json::parse(*ready).value("metrics", "");
  ASSERT_FALSE(url.empty()) << *ready;
  auto body = httpGet(url).second;
  EXPECT_EQ(value(body, "lasis_kiosk_staff_calls_total"), 0) << body;
  EXPECT_EQ(value(body, "lasis_kiosk_staff_call_waiting"), 0) << body;
  EXPECT_FALSE(light());

  kiosk.writeLine(R"({"cmd":"login","card":"P100008","pin":"1234"})");
  kiosk.writeLine(R"({"cmd":"call-staff"})");
  auto call = nextEvent(kiosk, "staff-call");
  ASSERT_FALSE(call.is_null()) << kiosk.stderrText();
  EXPECT_EQ(call.value("kiosk", ""), "kiosk-7");
  EXPECT_TRUE(call.value("raised", false));
  EXPECT_TRUE(call.value("waiting", false));
  EXPECT_TRUE(eventually([&] { return light(); }, 5s)) << "the desk light did not come on";
  kiosk.writeLine(R"({"cmd":"call-staff"})");
  call = nextEvent(kiosk, "staff-call");
  ASSERT_FALSE(call.is_null());
  EXPECT_FALSE(call.value("raised", true)) << "a second press raised a second call";
  body = httpGet(url).second;
  EXPECT_EQ(value(body, "lasis_kiosk_staff_calls_total"), 1) << body;
  EXPECT_EQ(value(body, "lasis_kiosk_staff_call_waiting"), 1) << body;

  // The visit ends: the call is over, the light goes out.
  kiosk.writeLine(R"({"cmd":"end"})");
  EXPECT_TRUE(eventually([&] { return value(httpGet(url).second, "lasis_kiosk_staff_call_waiting") == 0; }, 10s))
      << httpGet(url).second;
  EXPECT_TRUE(eventually([&] { return !light(); }, 5s)) << "the desk light stayed on";

  // The module is away: the call is raised at once all the same, and lit once the module is back.
  ASSERT_TRUE(io.call({{"cmd", "unplug"}}).value("ok", false));
  const auto before = std::chrono::steady_clock::now();
  kiosk.writeLine(R"({"cmd":"call-staff"})");
  call = nextEvent(kiosk, "staff-call");
  ASSERT_FALSE(call.is_null());
  EXPECT_TRUE(call.value("raised", false));
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s) << "the absent light held the kiosk up";
  EXPECT_EQ(value(httpGet(url).second, "lasis_kiosk_staff_calls_total"), 2);
  ASSERT_TRUE(io.call({{"cmd", "plug"}}).value("ok", false));
  EXPECT_TRUE(eventually([&] { return light(); }, 15s)) << "the light did not come on once the module was back";
  kiosk.closeStdin();
  kiosk.wait(20s);
  const std::string log = kiosk.stderrText();
  EXPECT_NE(log.find("staff call from kiosk kiosk-7 at screen headless"), std::string::npos) << log;
  EXPECT_EQ(log.find("P100008"), std::string::npos) << "where, never who";
  EXPECT_EQ(log.find("Kārlis"), std::string::npos) << "where, never who";
}
