// Faults the field meets at the kiosk (issue 25), against the real lasis-kiosk --headless, the
// real SIP2 client and `lasis-sim` on 127.0.0.1: a card the protocol cannot carry, a SIP2 login
// the ILS refuses, a pad reader that is not there yet, a read-only queue database, and
// --check-config refusing exactly what the kiosk refuses at start.
#include "tests/support/childprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <sys/stat.h>
#include <unistd.h>

using namespace lasis::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kBin = LASIS_BIN_DIR;

/// The kiosk's JSON events until `until` matches one (or the deadline), every line kept.
struct Events {
  std::vector<json> all;
  bool sawMode(const std::string& mode) const {
    for (const auto& e : all)
      if (e.value("event", "") == "mode" && e.value("mode", "") == mode) return true;
    return false;
  }
  const json* last(const std::string& event) const {
    for (auto it = all.rbegin(); it != all.rend(); ++it)
      if (it->value("event", "") == event) return &*it;
    return nullptr;
  }
};

template <typename Pred>
bool readUntil(ChildProcess& kiosk, Events& ev, Pred until, std::chrono::milliseconds timeout = 20s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto line = kiosk.readLine(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
    if (!line) break;
    auto j = json::parse(*line, nullptr, false);
    if (j.is_discarded()) continue;
    ev.all.push_back(j);
    if (until(j)) return true;
  }
  return false;
}

bool isDone(const json& j, const std::string& cmd) { return j.value("event", "") == "done" && j.value("cmd", "") == cmd; }
bool isEvent(const json& j, const std::string& event) { return j.value("event", "") == event; }

std::string loginUrl(const std::string& url, const std::string& password) {
  // sip2://kiosk:kiosk-pass@127.0.0.1:PORT?… → the same with another password
  const auto colon = url.find(':', url.find("://") + 3);
  const auto at = url.find('@');
  return url.substr(0, colon + 1) + password + url.substr(at);
}

/// The count of rows in the kiosk's queue, by `lasis queue stats --json`.
json queueStats(const fs::path& db) {
  ChildProcess stats({kBin + "/lasis", "queue", "stats", "--db", db.string(), "--json"});
  std::string out;
  while (auto l = stats.readLine(10s)) out += *l;
  stats.wait(10s);
  return json::parse(out, nullptr, false);
}

int run(const std::vector<std::string>& argv, std::string* err = nullptr) {
  ChildProcess p(argv);
  while (p.readLine(10s)) {
  }
  auto st = p.wait(20s);
  if (err) *err = p.stderrText();
  return st ? *st : -1;
}

} // namespace

// 25.2: a card holding '|', CR or NUL, or 300 characters long, is an unreadable card. The ILS is
// up, so the kiosk stays online, opens no offline session and leaves nothing in the queue.
TEST(KioskFaults, ACardTheProtocolCannotCarryIsUnreadableNotAnOutage) {
  SimDevice ils({simBinary(), "ils", "--port", "0"});
  ASSERT_TRUE(ils.ok()) << ils.stderrText();
  const auto d = freshTestDir("kiosk-badcard");
  std::ofstream(d / "kiosk.toml") << "[reader]\nurl = \"none\"\n[ils]\nurl = \"" << ils.field("url")
                                  << "\"\n[queue]\ndb = \"" << (d / "k.db").string()
                                  << "\"\n[offline]\nmode = \"returns-and-checkouts\"\n";
  ChildProcess kiosk({kBin + "/lasis-kiosk", "--headless", "--config", (d / "kiosk.toml").string()});
  Events ev;
  ASSERT_TRUE(readUntil(kiosk, ev, [](const json& j) { return isEvent(j, "ready"); })) << kiosk.stderrText();
  const std::vector<json> bad{
      {{"cmd", "login"}, {"card", "P1|AA00"}, {"pin", "1234"}},
      {{"cmd", "login"}, {"card", "P100001"}, {"pin", "12|34"}},
      {{"cmd", "login"}, {"card", std::string("P10\r0001")}, {"pin", "1234"}},
      {{"cmd", "login"}, {"card", std::string("P10\0" "0001", 8)}, {"pin", "1234"}},
      {{"cmd", "login"}, {"card", std::string(300, 'P')}, {"pin", "1234"}},
  };
  for (const auto& cmd : bad) {
    kiosk.writeLine(cmd.dump());
    ASSERT_TRUE(readUntil(kiosk, ev, [](const json& j) { return isDone(j, "login"); })) << kiosk.stderrText();
    const json* login = ev.last("login");
    ASSERT_NE(login, nullptr) << cmd.dump();
    EXPECT_FALSE(login->value("ok", true)) << login->dump();
    EXPECT_EQ(login->value("reason", ""), "unreadable-card") << cmd.dump() << " → " << login->dump();
  }
  // A numeric card is the script's mistake, said as such (not "no card on the pad").
  kiosk.writeLine(R"({"cmd":"login","card":12345,"pin":"1234"})");
  ASSERT_TRUE(readUntil(kiosk, ev, [](const json& j) { return isEvent(j, "error"); }));
  EXPECT_NE(ev.last("error")->value("message", "").find("\"card\" must be a string"), std::string::npos)
      << ev.last("error")->dump();
  // The ILS was never in doubt: a real patron still borrows online.
  kiosk.writeLine(R"({"cmd":"login","card":"P100008","pin":"1234"})");
  ASSERT_TRUE(readUntil(kiosk, ev, [](const json& j) { return isDone(j, "login"); }));
  EXPECT_TRUE(ev.last("login")->value("ok", false)) << ev.last("login")->dump();
  EXPECT_FALSE(ev.last("login")->value("patron", json::object()).value("provisional", false));
  // 25.10: an item id of a megabyte (a script's, a forged tag's) costs the log a bounded line,
  // and is no outage either: the request never left the kiosk.
  kiosk.writeLine(json{{"cmd", "status"}, {"item", std::string(1 << 20, '7')}}.dump());
  ASSERT_TRUE(readUntil(kiosk, ev, [](const json& j) { return isDone(j, "status"); }, 30s)) << kiosk.stderrText().substr(0, 2000);
  kiosk.writeLine(R"({"cmd":"end"})");
  kiosk.closeStdin();
  EXPECT_EQ(kiosk.wait(20s), 0) << kiosk.stderrText().substr(0, 2000);
  EXPECT_LT(kiosk.stderrText().size(), 64u * 1024) << kiosk.stderrText().substr(0, 2000);
  EXPECT_FALSE(ev.sawMode("offline")) << "a card the protocol cannot carry is no outage";
  auto stats = queueStats(d / "k.db");
  ASSERT_TRUE(stats.is_object());
  EXPECT_EQ(stats.value("sending", -1), 0) << stats.dump();
  EXPECT_EQ(stats.value("pending", -1), 0) << stats.dump();
  fs::remove_all(d);
}

// 25.4: a SIP2 login the ILS refuses (a wrong password, an empty password file) is a fault of
// the kiosk's configuration: out of order at once, said in the log, nothing queued; not offline.
TEST(KioskFaults, ARefusedSip2LoginIsOutOfOrderNotAnOutage) {
  SimDevice ils({simBinary(), "ils", "--port", "0"});
  ASSERT_TRUE(ils.ok()) << ils.stderrText();
  const auto d = freshTestDir("kiosk-badlogin");
  std::ofstream(d / "kiosk.toml") << "[reader]\nurl = \"none\"\n[ils]\nurl = \"" << loginUrl(ils.field("url"), "wrong-pass")
                                  << "\"\n[queue]\ndb = \"" << (d / "k.db").string()
                                  << "\"\n[offline]\nmode = \"returns-and-checkouts\"\n";
  ChildProcess kiosk({kBin + "/lasis-kiosk", "--headless", "--config", (d / "kiosk.toml").string()},
                     {"LASIS_LOG=info"});
  Events ev;
  ASSERT_TRUE(readUntil(kiosk, ev, [](const json& j) { return isEvent(j, "ready"); })) << kiosk.stderrText();
  // Before any patron: the replay's first health check meets the refusal.
  EXPECT_TRUE(readUntil(kiosk, ev, [](const json& j) { return isEvent(j, "mode") && j.value("mode", "") == "out-of-order"; }, 15s))
      << kiosk.stderrText();
  kiosk.writeLine(R"({"cmd":"login","card":"P100008","pin":"1234"})");
  ASSERT_TRUE(readUntil(kiosk, ev, [](const json& j) { return isDone(j, "login"); }));
  EXPECT_EQ(ev.last("login")->value("reason", ""), "out-of-order") << ev.last("login")->dump();
  kiosk.writeLine(R"({"cmd":"return"})");
  ASSERT_TRUE(readUntil(kiosk, ev, [](const json& j) { return isDone(j, "return"); }));
  kiosk.closeStdin();
  EXPECT_EQ(kiosk.wait(20s), 0);
  EXPECT_FALSE(ev.sawMode("offline")) << "a refused login is no outage";
  EXPECT_NE(kiosk.stderrText().find("refuses this kiosk's login"), std::string::npos) << kiosk.stderrText();
  EXPECT_EQ(kiosk.stderrText().find("wrong-pass"), std::string::npos) << "the password never reaches the log";
  // 25.10: every log line carries its UTC offset (ISO 8601), so kiosks in other zones line up.
  const std::string log = kiosk.stderrText();
  EXPECT_TRUE(std::regex_search(log, std::regex(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d )")))
      << log.substr(0, 200);
  auto stats = queueStats(d / "k.db");
  EXPECT_EQ(stats.value("pending", -1) + stats.value("sending", -1) + stats.value("uncertain", -1), 0) << stats.dump();

  // The technician's doctor names it too, as the login, not the network.
  {
    ChildProcess doctor({kBin + "/lasis", "doctor", "--config", (d / "kiosk.toml").string()});
    std::string report;
    while (auto l = doctor.readLine(30s)) report += *l + "\n";
    EXPECT_NE(doctor.wait(30s), 0) << report;
    EXPECT_NE(report.find("refuses the kiosk's SIP2 login"), std::string::npos) << report;
  }

  // An empty password file is refused before the kiosk starts, by --check-config and by start.
  std::ofstream(d / "ils-password").close();
  ::chmod((d / "ils-password").c_str(), 0600);
  std::string url = loginUrl(ils.field("url"), "x");
  url.replace(url.find(":x@"), 3, "@");
  std::ofstream(d / "empty.toml") << "[ils]\nurl = \"" << url << "&password_file=" << (d / "ils-password").string()
                                  << "\"\n[queue]\ndb = \"" << (d / "k2.db").string() << "\"\n";
  std::string err;
  EXPECT_EQ(run({kBin + "/lasis-kiosk", "--check-config", "--config", (d / "empty.toml").string()}, &err), 2);
  EXPECT_NE(err.find("is empty"), std::string::npos) << err;
  EXPECT_EQ(run({kBin + "/lasis-kiosk", "--headless", "--config", (d / "empty.toml").string()}, &err), 2);
  EXPECT_NE(err.find("is empty"), std::string::npos) << err;
  fs::remove_all(d);
}

// 25.6: a kiosk whose pad reader is not there yet does not exit (a restart loop under systemd):
// it is out of order, retries, and serves once the reader appears.
TEST(KioskFaults, WithoutItsReaderTheKioskWaitsOutOfOrderAndResumes) {
  SimDevice ils({simBinary(), "ils", "--port", "0"});
  ASSERT_TRUE(ils.ok()) << ils.stderrText();
  const auto d = freshTestDir("kiosk-noreader");
  const fs::path pad = d / "pad";  // the reader's device node, not there yet
  std::ofstream(d / "kiosk.toml") << "[reader]\nurl = \"nfc:pn532_uart:" << pad.string() << "\"\n[ils]\nurl = \""
                                  << ils.field("url") << "\"\n[queue]\ndb = \"" << (d / "k.db").string() << "\"\n";
  ChildProcess kiosk({kBin + "/lasis-kiosk", "--headless", "--config", (d / "kiosk.toml").string()});
  Events ev;
  ASSERT_TRUE(readUntil(kiosk, ev, [](const json& j) { return isEvent(j, "ready"); })) << kiosk.stderrText();
  EXPECT_EQ(ev.last("ready")->value("mode", ""), "out-of-order") << ev.last("ready")->dump();
  kiosk.writeLine(R"({"cmd":"login","card":"P100008","pin":"1234"})");
  ASSERT_TRUE(readUntil(kiosk, ev, [](const json& j) { return isDone(j, "login"); })) << kiosk.stderrText();
  EXPECT_EQ(ev.last("login")->value("reason", ""), "out-of-order");
  EXPECT_TRUE(kiosk.running()) << "no exit, no restart loop";

  // The technician plugs the reader in.
  SimDevice reader({simBinary(), "reader", "--tag", "ntag213:04000000000001:10000001"});
  ASSERT_TRUE(reader.ok()) << reader.stderrText();
  const std::string conn = reader.field("connstring");
  fs::create_symlink(conn.substr(conn.find(':') + 1), pad);
  ASSERT_TRUE(readUntil(kiosk, ev, [](const json& j) { return isEvent(j, "mode") && j.value("mode", "") == "online"; }, 40s))
      << kiosk.stderrText();
  kiosk.writeLine(R"({"cmd":"login","card":"P100008","pin":"1234"})");
  kiosk.writeLine(R"({"cmd":"checkout"})");
  ASSERT_TRUE(readUntil(kiosk, ev, [](const json& j) { return isDone(j, "checkout"); }, 30s)) << kiosk.stderrText();
  bool lent = false;
  for (const auto& e : ev.all) lent |= e.value("event", "") == "item" && e.value("item", "") == "10000001" && e.value("ok", false);
  EXPECT_TRUE(lent) << kiosk.stderrText();
  kiosk.closeStdin();
  EXPECT_EQ(kiosk.wait(20s), 0);
  fs::remove_all(d);
}

// 25.6: a queue database the kiosk cannot write is "out of order" before any patron starts,
// not a visit whose every item is refused.
TEST(KioskFaults, AReadOnlyQueueDatabaseIsOutOfOrder) {
  SimDevice ils({simBinary(), "ils", "--port", "0"});
  ASSERT_TRUE(ils.ok()) << ils.stderrText();
  const auto d = freshTestDir("kiosk-rodb");
  std::ofstream(d / "kiosk.toml") << "[reader]\nurl = \"none\"\n[ils]\nurl = \"" << ils.field("url")
                                  << "\"\n[queue]\ndb = \"" << (d / "k.db").string() << "\"\n";
  {
    ChildProcess first({kBin + "/lasis-kiosk", "--headless", "--config", (d / "kiosk.toml").string()});
    first.closeStdin();
    ASSERT_EQ(first.wait(20s), 0) << first.stderrText();
  }
  // Read-only for whoever runs the test: root ignores modes, so the file is made immutable then.
  const bool root = ::geteuid() == 0;
  const std::string file = (d / "k.db").string();
  if (root && std::system(("chattr +i '" + file + "' 2>/dev/null").c_str()) != 0) {
    GTEST_SKIP() << "this file system cannot make a file read-only for root (chattr +i)";
  }
  else ::chmod(file.c_str(), 0444);
  ChildProcess kiosk({kBin + "/lasis-kiosk", "--headless", "--config", (d / "kiosk.toml").string()});
  Events ev;
  const bool ready = readUntil(kiosk, ev, [](const json& j) { return isEvent(j, "ready"); });
  if (ready) {
    EXPECT_EQ(ev.last("ready")->value("mode", ""), "out-of-order") << ev.last("ready")->dump();
    kiosk.writeLine(R"({"cmd":"login","card":"P100008","pin":"1234"})");
    EXPECT_TRUE(readUntil(kiosk, ev, [](const json& j) { return isDone(j, "login"); }));
    EXPECT_EQ(ev.last("login") ? ev.last("login")->value("reason", "") : "", "out-of-order");
    kiosk.closeStdin();
    kiosk.wait(20s);
    EXPECT_NE(kiosk.stderrText().find("read-only"), std::string::npos) << kiosk.stderrText();
  } else {
    ADD_FAILURE() << "the kiosk did not start on a read-only database: " << kiosk.stderrText();
  }
  if (root) (void)std::system(("chattr -i '" + file + "'").c_str());
  fs::remove_all(d);
}

// 25.7: --check-config runs the start-up validation: what it passes the kiosk starts with, and
// what the kiosk refuses at start it refuses too, naming the key.
TEST(KioskCheckConfig, RefusesWhatTheKioskRefusesAtStart) {
  const auto d = freshTestDir("kiosk-checkconfig");
  const std::string ils = "sip2://kiosk:kiosk-pass@127.0.0.1:6001?institution=LASIS";
  const std::string db = (d / "k.db").string();
  fs::create_directories(d / "adir");
  std::ofstream(d / "open-password") << "secret\n";
  ::chmod((d / "open-password").c_str(), 0644);
  const std::string noPass = "sip2://kiosk@127.0.0.1:6001?institution=LASIS&password_file=";
  struct Case {
    std::string name, text, says;
  };
  const std::vector<Case> cases{
      {"empty", "", "ils.url"},
      {"no-ils", "[queue]\ndb = \"" + db + "\"\n", "ils.url"},
      {"no-db", "[ils]\nurl = \"" + ils + "\"\n", "queue.db"},
      {"http", "[ils]\nurl = \"http://x\"\n[queue]\ndb = \"" + db + "\"\n", "ils.url"},
      {"reader", "[reader]\nurl = \"bogus:reader\"\n[ils]\nurl = \"" + ils + "\"\n[queue]\ndb = \"" + db + "\"\n", "reader.url"},
      {"nfc-driver", "[reader]\nurl = \"nfc:nosuchdriver:/dev/x\"\n[ils]\nurl = \"" + ils + "\"\n[queue]\ndb = \"" + db + "\"\n", "reader.url"},
      {"metrics", "[ils]\nurl = \"" + ils + "\"\n[queue]\ndb = \"" + db + "\"\n[metrics]\nlisten = \"everywhere\"\n", "metrics.listen"},
      {"db-dir", "[ils]\nurl = \"" + ils + "\"\n[queue]\ndb = \"" + (d / "adir").string() + "\"\n", "is a directory"},
      {"pw-open", "[ils]\nurl = \"" + noPass + (d / "open-password").string() + "\"\n[queue]\ndb = \"" + db + "\"\n", "chmod 600"},
      {"pw-missing", "[ils]\nurl = \"" + noPass + (d / "missing").string() + "\"\n[queue]\ndb = \"" + db + "\"\n", "password_file"},
      {"pw-dir", "[ils]\nurl = \"" + noPass + (d / "adir").string() + "\"\n[queue]\ndb = \"" + db + "\"\n", "not a regular file"},
      {"jitter-nan", "[ils]\nurl = \"" + ils + "\"\n[queue]\ndb = \"" + db + "\"\nretry_jitter = nan\n", "retry_jitter"},
  };
  for (const auto& c : cases) {
    const auto file = d / (c.name + ".toml");
    std::ofstream(file) << c.text;
    std::string err;
    EXPECT_EQ(run({kBin + "/lasis-kiosk", "--check-config", "--config", file.string()}, &err), 2) << c.name << ": " << err;
    EXPECT_NE(err.find(c.says), std::string::npos) << c.name << ": " << err;
    // The kiosk itself refuses it at start, for the same reason and with the same status.
    std::string startErr;
    EXPECT_EQ(run({kBin + "/lasis-kiosk", "--headless", "--config", file.string()}, &startErr), 2) << c.name << ": " << startErr;
    EXPECT_NE(startErr.find(c.says), std::string::npos) << c.name << ": " << startErr;
  }
  // And a sound one passes (the ILS need not answer for that).
  std::ofstream(d / "good.toml") << "[ils]\nurl = \"" << ils << "\"\n[queue]\ndb = \"" << db << "\"\n";
  std::string err;
  EXPECT_EQ(run({kBin + "/lasis-kiosk", "--check-config", "--config", (d / "good.toml").string()}, &err), 0) << err;
  fs::remove_all(d);
}
