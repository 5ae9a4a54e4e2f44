// The network's dashboard as a technician sees it (issue 23): a real mosquitto from the shipped
// files, the real lasis-fleet with a user added by --add-user, `lasis-sim network` (3 branches,
// 2 kiosks and a gate each, every certificate made by the real `lasis fleet enroll`), and a real
// headless Chromium driven over the DevTools protocol (tests/fleet/headlesschromium.h). Every
// assertion reads the page's DOM as the browser rendered it: the login form, the branches'
// device tables, the event log. Faults come from the simulator's control port while the page is
// open; the page must show them without a reload, so the tests poll the DOM, never sleep.
//
// LASIS_SCREENSHOT_DIR=DIR saves fleet-login.png, fleet-dashboard.png and fleet-events.png there
// (docs/screenshots/ holds the ones the README shows; docs/fleet.md says how to make them again).
#include "tests/fleet/fleetharness.h"
#include "tests/fleet/headlesschromium.h"
#include "tests/support/childprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

using namespace lasis::test;
using namespace lasis::fleettest;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kNetwork = "zt";
const std::string kUser = "anna";
const std::string kPassword = "correct horse battery staple";

/// The simulated network: `lasis-sim network --branches 3 --kiosks 2 --gates 1`.
struct Device {
  std::string branch, device, kind;
  std::string rowId() const { return "dev-" + branch + "-" + device; }
};
const std::vector<Device> kDevices = {
    {"b01", "kiosk-1", "kiosk"}, {"b01", "kiosk-2", "kiosk"}, {"b01", "gate-1", "gate"},
    {"b02", "kiosk-1", "kiosk"}, {"b02", "kiosk-2", "kiosk"}, {"b02", "gate-1", "gate"},
    {"b03", "kiosk-1", "kiosk"}, {"b03", "kiosk-2", "kiosk"}, {"b03", "gate-1", "gate"},
};

/// A device's row in its branch's table, column by column as the headers name them:
/// {"State": {"text": "online", "class": "state-online"}, …}, with "branch" the heading above
/// the table; null while there is no such row.
std::string rowScript(const std::string& rowId) {
  return "(() => { const r = document.getElementById(" + json(rowId).dump() + "); if (!r) return null;"
         " const t = r.closest('table'); const o = {branch: t.previousElementSibling ? t.previousElementSibling.textContent : ''};"
         " const heads = [...t.querySelectorAll('th')].map(h => h.textContent);"
         " heads.forEach((h, i) => { const c = r.children[i]; o[h] = {text: c ? c.textContent : '', class: c ? c.className : ''}; });"
         " return o; })()";
}

/// The event log's rows, newest first: {"Branch", "Device", "Type", "Details", "typeClass"}.
const char* kEventRows =
    "[...document.querySelectorAll('#evbody tr')].map(r => { const c = [...r.children].map(td => td.textContent);"
    " return {Branch: c[1], Device: c[2], Type: c[3], Details: c[4], typeClass: r.children[3] ? r.children[3].className : ''}; })";

/// The summary tiles: {"devices online": "9 / 9", "alarms today": "1", …}.
const char* kSummary =
    "Object.fromEntries([...document.querySelectorAll('#summary div')].map(d => [d.lastChild.textContent, d.firstChild.textContent]))";

class DashboardBrowser : public ::testing::Test {
protected:
  void SetUp() override {
    // Without Chromium the test fails, it does not skip: ./run installs it.
    ASSERT_EQ(::access(chromiumPath().c_str(), X_OK), 0)
        << chromiumPath() << " is not installed: the dashboard's browser tests need Chromium (Debian: chromium; ./run installs it)";
    if (!fs::exists(kMosquitto)) GTEST_SKIP() << "mosquitto is not installed (Debian: mosquitto)";
    m_dir = freshTestDir("dashboardbrowser");
    // Each device's certificate where lasis-sim network's --certs-dir reads it: DIR/<branch>/<device>/.
    std::vector<Enrollee> devices;
    for (const auto& d : kDevices) devices.push_back({kNetwork, d.branch, d.device, "certs/" + d.branch + "/" + d.device});
    const std::string enrolled = enrollNetwork(m_dir, devices);
    ASSERT_EQ(enrolled, "") << "enrolling the network's certificates";

    m_broker = std::make_unique<Broker>(m_dir, freePort());
    ASSERT_TRUE(m_broker->start()) << m_broker->log();
    const auto config = writeFleetServiceConfig(m_dir, m_broker->port(), kNetwork);
    std::string out, err;
    ASSERT_EQ(runProgram("lasis-fleet", {"--config", config.string(), "--add-user", kUser}, &out, &err, kPassword), 0) << err;
    m_fleet = startFleetService(config, m_port, err);
    ASSERT_TRUE(m_fleet) << err;
    m_net = std::make_unique<SimDevice>(std::vector<std::string>{
        simBinary(), "network", "--broker", "mqtts://127.0.0.1:" + std::to_string(m_broker->port()), "--network", kNetwork,
        "--branches", "3", "--kiosks", "2", "--gates", "1", "--certs-dir", (m_dir / "certs").string(), "--state-dir",
        (m_dir / "sim").string(), "--counts-s", "10"});
    ASSERT_TRUE(m_net->ok()) << m_net->stderrText();
    m_browser = std::make_unique<HeadlessChromium>(m_dir / "chromium", 1280, 800);
    ASSERT_TRUE(m_browser->ok()) << m_browser->why();
  }

  void TearDown() override {
    if (HasFailure()) {
      if (m_browser) std::cerr << "--- the page's console ---\n" << m_browser->pageLog() << "--- chromium's stderr (end) ---\n"
                               << m_browser->stderrTail() << "\n";
      if (m_fleet) std::cerr << "--- lasis-fleet's log ---\n" << m_fleet->stderrText();
      if (m_net) std::cerr << "--- lasis-sim network's log ---\n" << m_net->stderrText();
      if (m_broker) std::cerr << "--- mosquitto's log (end) ---\n" << tail(m_broker->log());
    }
    // Every child goes, the browser's whole process group first.
    m_browser.reset();
    m_net.reset();
    m_fleet.reset();
    m_broker.reset();
    if (!m_dir.empty()) fs::remove_all(m_dir);
  }

  static std::string tail(const std::string& s) { return s.size() > 6000 ? s.substr(s.size() - 6000) : s; }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/"; }

  /// The value of a JavaScript expression in the page (null when it threw).
  json js(const std::string& expression) { return m_browser->eval(expression).value_or(json()); }

  /// Opens the dashboard's address; true once a new page there has loaded (the login form or the
  /// dashboard). The page before is marked, so the one that answers is not mistaken for it.
  bool open() {
    js("window.lasisLeaving = true");
    if (!m_browser->navigate(url())) return false;
    return m_browser->waitFor("!window.lasisLeaving && location.href === " + json(url()).dump() +
                              " && document.readyState === 'complete' && !!(document.getElementById('f') || document.getElementById('branches'))",
                              15s);
  }

  /// Fills in the login form as a person would and presses "Log in".
  bool submitLogin(const std::string& user, const std::string& password) {
    return m_browser->type("user", user) && m_browser->type("password", password) &&
           js("(() => { const b = document.querySelector('#f button'); if (!b) return false; b.click(); return true; })()") == true;
  }

  /// Logged in through the login page; the dashboard loaded.
  ::testing::AssertionResult logIn() {
    if (!open()) return ::testing::AssertionFailure() << "the page did not load: " << m_browser->pageError();
    if (!submitLogin(kUser, kPassword)) return ::testing::AssertionFailure() << "no login form to fill in: " << m_browser->lastError();
    // An Argon2id check takes about a second.
    if (!m_browser->waitFor("!!document.getElementById('branches') && document.title === 'Lasis fleet'", 20s))
      return ::testing::AssertionFailure() << "the dashboard did not appear after logging in: "
                                           << js("document.body ? document.body.innerText : ''").dump();
    return ::testing::AssertionSuccess();
  }

  json row(const Device& d) { return js(rowScript(d.rowId())); }
  /// A text field of an object the page returned; empty when there is none.
  static std::string field(const json& j, const std::string& key) {
    return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
  }
  static std::string cell(const json& row, const std::string& column, const std::string& what = "text") {
    return row.is_object() && row.contains(column) ? row[column].value(what, "") : "";
  }

  /// Every device of the network listed in its branch's table, `state` (online | offline) as
  /// `stateOf` says; polls the page until it is so or `timeout` passed.
  bool waitDevices(const std::function<std::string(const Device&)>& stateOf, std::chrono::milliseconds timeout) {
    return eventually([&] {
      for (const auto& d : kDevices) {
        const json r = row(d);
        const std::string want = stateOf(d);
        if (cell(r, "Device") != d.device || cell(r, "Kind") != d.kind || field(r, "branch") != d.branch ||
            cell(r, "State") != want || cell(r, "State", "class") != "state-" + want)
          return false;
      }
      return true;
    }, timeout, 200ms);
  }
  bool waitAllOnline(std::chrono::milliseconds timeout = 30s) {
    return waitDevices([](const Device&) { return std::string("online"); }, timeout);
  }
  std::string devicesText() { return js("document.getElementById('branches') ? document.getElementById('branches').innerText : '(no dashboard)'").dump(); }

  /// The event log has a row for `d` of `type` whose details contain `detail`.
  bool hasEvent(const Device& d, const std::string& type, const std::string& detail) {
    const json rows = js(kEventRows);
    if (!rows.is_array()) return false;
    for (const auto& r : rows)
      if (r.value("Branch", "") == d.branch && r.value("Device", "") == d.device && r.value("Type", "") == type &&
          r.value("Details", "").find(detail) != std::string::npos)
        return true;
    return false;
  }

  static bool screenshotsWanted() {
    const char* dir = std::getenv("LASIS_SCREENSHOT_DIR");
    return dir && *dir;
  }
  /// Saves a PNG of the page (or of `clip`) as DIR/`name` when LASIS_SCREENSHOT_DIR=DIR is set.
  void screenshot(const std::string& name, const json& clip = nullptr) {
    if (!screenshotsWanted()) return;
    const char* dir = std::getenv("LASIS_SCREENSHOT_DIR");
    // New rows flash yellow for 1.5 s: the picture shows the page at rest.
    m_browser->waitFor("document.getAnimations().length === 0", 5s);
    const auto png = m_browser->screenshot(clip);
    ASSERT_TRUE(png) << m_browser->pageError();
    ASSERT_EQ(png->rfind("\x89PNG\r\n\x1a\n", 0), 0u) << "not a PNG";
    fs::create_directories(dir);
    std::ofstream(fs::path(dir) / name, std::ios::binary) << *png;
    std::cerr << "screenshot: " << (fs::path(dir) / name).string() << " (" << png->size() << " bytes)\n";
  }

  fs::path m_dir;
  std::unique_ptr<Broker> m_broker;
  std::unique_ptr<ChildProcess> m_fleet;
  int m_port = 0;
  std::unique_ptr<SimDevice> m_net;
  std::unique_ptr<HeadlessChromium> m_browser;
};

const Device& device(const std::string& branch, const std::string& name) {
  for (const auto& d : kDevices)
    if (d.branch == branch && d.device == name) return d;
  throw std::logic_error("no device " + branch + "/" + name);
}

} // namespace

// The address shows the login form, not the dashboard; a wrong password leaves the technician on
// it with the service's reason; the right one brings the dashboard.
TEST_F(DashboardBrowser, LoginPageRefusesAWrongPasswordAndTheRightOneShowsTheDashboard) {
  ASSERT_TRUE(open()) << m_browser->pageError();
  EXPECT_EQ(js("document.title"), "Lasis fleet — log in");
  EXPECT_EQ(js("!!document.getElementById('user') && !!document.getElementById('password')"), true) << "no user and password fields";
  EXPECT_EQ(js("!!document.getElementById('branches')"), false) << "the dashboard without a login";
  screenshot("fleet-login.png");

  ASSERT_TRUE(submitLogin(kUser, "not-the-password-42")) << m_browser->lastError();
  EXPECT_TRUE(m_browser->waitFor("document.getElementById('err').textContent === 'wrong user or password'", 20s))
      << "no refusal on the page: " << js("document.getElementById('err') && document.getElementById('err').textContent");
  EXPECT_EQ(js("document.title"), "Lasis fleet — log in");
  EXPECT_EQ(js("!!document.getElementById('f')"), true) << "the login form went away";
  EXPECT_EQ(js("!!document.getElementById('branches')"), false) << "a wrong password showed the dashboard";

  ASSERT_TRUE(submitLogin(kUser, kPassword)) << m_browser->lastError();
  ASSERT_TRUE(m_browser->waitFor("!!document.getElementById('branches') && document.title === 'Lasis fleet'", 20s))
      << "the right password did not show the dashboard: " << js("document.body.innerText");
  EXPECT_EQ(js("!!document.getElementById('f')"), false) << "the login form is still there";
  EXPECT_EQ(js("document.getElementById('logout').textContent"), "Log out");
}

// Every branch of the simulated network, and every kiosk and gate in it, online.
TEST_F(DashboardBrowser, ListsEveryBranchAndDeviceOnline) {
  ASSERT_TRUE(logIn());
  ASSERT_TRUE(waitAllOnline()) << devicesText();
  EXPECT_EQ(js("[...document.querySelectorAll('#branches h3')].map(h => h.textContent)"), json({"b01", "b02", "b03"}));
  EXPECT_EQ(js("document.querySelectorAll('#branches tr[id^=\"dev-\"]').length"), 9) << devicesText();
  EXPECT_EQ(field(js(kSummary), "devices online"), "9 / 9") << js(kSummary).dump();
  EXPECT_EQ(js("document.getElementById('broker').textContent"), "broker: connected");
}

// With the page open, an alarm at one gate and a dead reader at another appear on it within a few
// seconds, without a reload: the alarm in the gate's row and red in the event log, the fault in
// the other gate's row. The event log filtered to alarms shows the alarms only.
TEST_F(DashboardBrowser, AlarmAndDeadReaderAppearLiveWithoutAReload) {
  ASSERT_TRUE(logIn());
  ASSERT_TRUE(waitAllOnline()) << devicesText();
  ASSERT_TRUE(m_browser->waitFor("document.getElementById('live').textContent === 'live: on'", 10s))
      << js("document.getElementById('live').textContent");
  if (screenshotsWanted()) {
    // For the picture only: the devices' first counts (every 10 s) in the chart and the log, before the alarm.
    m_browser->waitFor("[...document.querySelectorAll('#chart rect')].some(r => Number(r.getAttribute('height')) > 0)", 20s);
  }
  ASSERT_EQ(js("window.lasisLoadedOnce = true"), true);
  const auto& gate1 = device("b01", "gate-1");
  const auto& gate2 = device("b02", "gate-1");
  const auto& gate3 = device("b03", "gate-1");
  ASSERT_EQ(cell(row(gate1), "Alarms today"), "0");
  ASSERT_FALSE(hasEvent(gate1, "alarm", "item=30012345"));

  auto r = m_net->call({{"cmd", "alarm"}, {"device", "b01/gate-1"}, {"item", "30012345"}});
  ASSERT_TRUE(r.value("ok", false)) << r.dump();
  EXPECT_TRUE(eventually([&] {
    const json g = row(gate1);
    return cell(g, "Alarms today") == "1" && cell(g, "Alarms today", "class") == "warn";
  }, 5s, 100ms)) << "the alarm is not in gate-1's row: " << row(gate1).dump();
  EXPECT_TRUE(eventually([&] { return hasEvent(gate1, "alarm", "item=30012345"); }, 5s, 100ms))
      << "the alarm is not in the event log: " << js(kEventRows).dump();
  EXPECT_EQ(field(js(kSummary), "alarms today"), "1") << js(kSummary).dump();

  r = m_net->call({{"cmd", "reader-dies"}, {"device", "b02/gate-1"}});
  ASSERT_TRUE(r.value("ok", false)) << r.dump();
  EXPECT_TRUE(eventually([&] {
    const json g = row(gate2);
    return cell(g, "Faults") == "reader" && cell(g, "Faults", "class") == "bad";
  }, 5s, 100ms)) << "the dead reader is not in b02's gate-1 row: " << row(gate2).dump();
  EXPECT_TRUE(eventually([&] { return hasEvent(gate2, "fault", "part=reader"); }, 5s, 100ms)) << js(kEventRows).dump();
  EXPECT_EQ(field(js(kSummary), "devices with faults"), "1") << js(kSummary).dump();

  r = m_net->call({{"cmd", "alarm"}, {"device", "b03/gate-1"}, {"item", "30054321"}, {"direction", "in"}});
  ASSERT_TRUE(r.value("ok", false)) << r.dump();
  EXPECT_TRUE(eventually([&] { return hasEvent(gate3, "alarm", "item=30054321"); }, 5s, 100ms)) << js(kEventRows).dump();
  // The alarm's type in red.
  for (const auto& e : js(kEventRows)) {
    if (e.value("Type", "") == "alarm") {
      EXPECT_EQ(e.value("typeClass", ""), "bad") << e.dump();
    }
  }

  EXPECT_EQ(js("window.lasisLoadedOnce"), true) << "the page was reloaded";
  screenshot("fleet-dashboard.png");

  // The log filtered by type, as a technician picks it in the select.
  ASSERT_EQ(js("(() => { const s = document.getElementById('ftype'); s.value = 'alarm'; s.dispatchEvent(new Event('change')); return s.value; })()"),
            "alarm");
  EXPECT_TRUE(eventually([&] {
    const json rows = js(kEventRows);
    if (!rows.is_array() || rows.size() != 2) return false;
    for (const auto& e : rows)
      if (e.value("Type", "") != "alarm") return false;
    return true;
  }, 5s, 100ms)) << "the filtered log: " << js(kEventRows).dump();
  const json box = js("(() => { const r = document.getElementById('events').closest('section').getBoundingClientRect();"
                      " return {x: r.x, y: r.y, width: r.width, height: r.height}; })()");
  ASSERT_TRUE(box.is_object()) << m_browser->lastError();
  screenshot("fleet-events.png", box);
}

// A branch that loses its link: its three devices show offline on the open page, the other
// branches' stay online; the same after a reload (the service keeps what it was told).
TEST_F(DashboardBrowser, DevicesTakenOfflineShowOffline) {
  ASSERT_TRUE(logIn());
  ASSERT_TRUE(waitAllOnline()) << devicesText();
  ASSERT_EQ(js("window.lasisLoadedOnce = true"), true);
  const auto r = m_net->call({{"cmd", "branch-down"}, {"branch", "b02"}});
  ASSERT_EQ(r.value("devices", 0), 3) << r.dump();
  const auto b02Offline = [](const Device& d) { return std::string(d.branch == "b02" ? "offline" : "online"); };
  EXPECT_TRUE(waitDevices(b02Offline, 10s)) << "b02's devices did not show offline: " << devicesText();
  EXPECT_EQ(field(js(kSummary), "devices online"), "6 / 9") << js(kSummary).dump();
  EXPECT_EQ(js("window.lasisLoadedOnce"), true) << "the page was reloaded";

  ASSERT_TRUE(open());
  EXPECT_EQ(js("window.lasisLoadedOnce"), nullptr) << "not a new page";
  EXPECT_TRUE(waitDevices(b02Offline, 10s)) << "after a reload: " << devicesText();
}
