// Black-box: the real `lasis-sim reader` and `lasis reader …` binaries, plus Debian's own libnfc
// tools (nfc-list, nfc-mfultralight), against one emulator per test. Processes are stopped by
// PID; every wait has a deadline so a hang fails cleanly.
#include "simulator/control/controlserver.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;
const std::string kBin = LASIS_BIN_DIR;

struct Output {
  int status = -1;  ///< exit code, or -1 when killed at the deadline
  std::string out;
  std::string err;
};

/// Runs a program with extra environment to completion or the deadline (then SIGKILL by PID).
Output run(std::vector<std::string> argv, std::vector<std::string> env = {}, std::chrono::seconds deadline = 30s) {
  int o[2], e[2];
  if (::pipe(o) != 0 || ::pipe(e) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(o[1], 1);
    ::dup2(e[1], 2);
    ::close(o[0]);
    ::close(e[0]);
    for (auto& kv : env) ::putenv(kv.data());
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(o[1]);
  ::close(e[1]);
  Output r;
  const auto end = std::chrono::steady_clock::now() + deadline;
  pollfd fds[2] = {{o[0], POLLIN, 0}, {e[0], POLLIN, 0}};
  int open = 2;
  while (open > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now()).count();
    if (left <= 0) break;
    if (::poll(fds, 2, static_cast<int>(left)) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      char buf[4096];
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        fds[i].fd = -1;
        --open;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
      }
    }
  }
  if (open > 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    ADD_FAILURE() << argv[0] << " did not finish in time";
  } else {
    int st = 0;
    ::waitpid(pid, &st, 0);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }
  ::close(o[0]);
  ::close(e[0]);
  return r;
}

/// `lasis-sim reader …` running in the background until stop().
class SimProcess {
public:
  explicit SimProcess(std::vector<std::string> args) {
    args.insert(args.begin(), {kBin + "/lasis-sim", "reader"});
    int o[2];
    if (::pipe(o) != 0) return;
    m_pid = ::fork();
    if (m_pid == 0) {
      ::dup2(o[1], 1);
      ::close(o[0]);
      std::vector<char*> a;
      for (auto& s : args) a.push_back(s.data());
      a.push_back(nullptr);
      ::execv(a[0], a.data());
      ::_exit(127);
    }
    ::close(o[1]);
    m_out = o[0];
    // Readiness: exactly one JSON line, within a deadline.
    std::string line;
    const auto end = std::chrono::steady_clock::now() + 15s;
    while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < end) {
      pollfd p{m_out, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buf[512];
      const ssize_t n = ::read(m_out, buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<std::size_t>(n));
    }
    m_readyLine = line.substr(0, line.find('\n'));
    m_ready = Json::parse(m_readyLine, nullptr, false);
  }
  ~SimProcess() { stop(); }

  /// SIGTERM by PID; returns the exit status (-1 when it had to be killed).
  int stop() {
    if (m_pid <= 0) return m_status;
    ::kill(m_pid, SIGTERM);
    const auto end = std::chrono::steady_clock::now() + 10s;
    int st = 0;
    while (::waitpid(m_pid, &st, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > end) {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, &st, 0);
        m_pid = -1;
        ::close(m_out);
        return m_status = -1;
      }
      std::this_thread::sleep_for(10ms);
    }
    m_pid = -1;
    ::close(m_out);
    return m_status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }

  const Json& ready() const { return m_ready; }
  const std::string& readyLine() const { return m_readyLine; }
  std::string connstring() const { return m_ready.value("connstring", ""); }
  Json ctl(const Json& req) {
    auto c = lasis::sim::ControlClient::connect(m_ready.value("control", ""));
    if (!c) return {{"ok", false}, {"error", c.error().message()}};
    auto r = c->call(req);
    if (!r) return {{"ok", false}, {"error", r.error().message()}};
    return *r;
  }

private:
  pid_t m_pid = -1;
  int m_out = -1;
  int m_status = -1;
  std::string m_readyLine;
  Json m_ready;
};

std::vector<Json> jsonLines(const std::string& text) {
  std::vector<Json> v;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) v.push_back(Json::parse(line, nullptr, false));
  }
  return v;
}

std::vector<std::string> libnfcEnv(const std::string& connstring) {
  return {"LIBNFC_DEVICE=" + connstring, "LIBNFC_AUTO_SCAN=false", "LIBNFC_INTRUSIVE_SCAN=false", "LIBNFC_LOG_LEVEL=0"};
}

TEST(ReaderBlackBox, SimReadyLineAndSigtermByPid) {
  SimProcess sim({"--tag", "ntag213:04112233445566:B-1"});
  ASSERT_TRUE(sim.ready().is_object()) << sim.readyLine();
  // Key order is part of the contract: {"device":…,"connstring":…,"control":…}.
  EXPECT_EQ(sim.readyLine().rfind("{\"device\":\"reader\",\"connstring\":\"pn532_uart:", 0), 0u) << sim.readyLine();
  EXPECT_EQ(sim.ready().value("control", "").rfind("tcp://127.0.0.1:", 0), 0u);
  const std::string link = sim.connstring().substr(std::string("pn532_uart:").size());
  EXPECT_EQ(link.find(':'), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(link));
  EXPECT_EQ(sim.stop(), 0);
  EXPECT_FALSE(std::filesystem::exists(link));  // the link leaves with the device
}

TEST(ReaderBlackBox, SimRejectsBadTagSpecs) {
  auto r = run({kBin + "/lasis-sim", "reader", "--tag", "ntag999:0411:X"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("KIND"), std::string::npos) << r.err;
  r = run({kBin + "/lasis-sim", "reader", "--tag", "ntag213:0411:X"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("7-byte"), std::string::npos) << r.err;
}

TEST(ReaderBlackBox, LasisReaderListSecureUnsecureWrite) {
  SimProcess sim({"--tag", "ntag213:04112233445501:BOOK-1", "--tag", "ntag215:04112233445502:BOOK-2", "--tag",
                  "ntag216:04112233445503", "--card", "mfc1k:DEADBEEF:P-42"});
  ASSERT_TRUE(sim.ready().is_object()) << sim.readyLine();
  const std::string dev = sim.connstring();
  auto list = run({kBin + "/lasis", "reader", "list", "--device", dev});
  ASSERT_EQ(list.status, 0) << list.err;
  auto tags = jsonLines(list.out);
  ASSERT_EQ(tags.size(), 4u) << list.out;
  EXPECT_EQ(tags[0]["uid"], "04112233445501");
  EXPECT_EQ(tags[0]["type"], "ntag213");
  EXPECT_EQ(tags[0]["item_id"], "BOOK-1");
  EXPECT_EQ(tags[0]["parts"], 1);
  EXPECT_EQ(tags[0]["ordinal"], 1);
  EXPECT_EQ(tags[0]["secured"], true);
  EXPECT_EQ(tags[1]["item_id"], "BOOK-2");
  EXPECT_EQ(tags[2]["kind"], "blank");
  EXPECT_EQ(tags[3]["type"], "mfc1k");
  EXPECT_EQ(tags[3]["patron_id"], "P-42");

  ASSERT_EQ(run({kBin + "/lasis", "reader", "unsecure", "--device", "nfc:" + dev, "04112233445501"}).status, 0);
  auto w = run({kBin + "/lasis", "reader", "write", "--device", dev, "04112233445503", "--item", "NEW-9", "--parts", "3",
                "--ordinal", "2", "--isil", "DK-710100"});
  ASSERT_EQ(w.status, 0) << w.err;
  tags = jsonLines(run({kBin + "/lasis", "reader", "list", "--device", dev}).out);
  ASSERT_EQ(tags.size(), 4u);
  EXPECT_EQ(tags[0]["secured"], false);
  EXPECT_EQ(tags[2]["item_id"], "NEW-9");
  EXPECT_EQ(tags[2]["parts"], 3);
  EXPECT_EQ(tags[2]["ordinal"], 2);
  EXPECT_EQ(tags[2]["owner"], "DK-710100");
  EXPECT_EQ(tags[2]["secured"], true);
  ASSERT_EQ(run({kBin + "/lasis", "reader", "secure", "--device", dev, "04112233445501"}).status, 0);
  EXPECT_EQ(jsonLines(run({kBin + "/lasis", "reader", "list", "--device", dev}).out)[0]["secured"], true);

  // A write the tag refuses: non-zero exit and a message, never silent success.
  ASSERT_EQ(sim.ctl({{"cmd", "fault"}, {"uid", "04112233445502"}, {"fault", "write-fails"}}).value("ok", false), true);
  auto bad = run({kBin + "/lasis", "reader", "unsecure", "--device", dev, "04112233445502"});
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("04112233445502"), std::string::npos) << bad.err;
  auto absent = run({kBin + "/lasis", "reader", "secure", "--device", dev, "04FFFFFFFFFFFF"});
  EXPECT_EQ(absent.status, 1);
  EXPECT_NE(absent.err.find("not in the field"), std::string::npos) << absent.err;
  EXPECT_EQ(sim.stop(), 0);
}

// `reader write` never overwrites a programmed tag by accident, and says what it wrote.
TEST(ReaderBlackBox, WriteRefusesAProgrammedTagUnlessForcedAndPrintsWhatItWrote) {
  SimProcess sim({"--tag", "ntag213:04112233445501:BOOK-1", "--tag", "ntag213:04112233445502"});
  ASSERT_TRUE(sim.ready().is_object()) << sim.readyLine();
  const std::string dev = sim.connstring();
  auto refused = run({kBin + "/lasis", "reader", "write", "--device", dev, "04112233445501", "--item", "NEW-1"});
  EXPECT_EQ(refused.status, 1);
  EXPECT_TRUE(refused.out.empty()) << refused.out;
  EXPECT_NE(refused.err.find("04112233445501"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("BOOK-1"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  auto tags = jsonLines(run({kBin + "/lasis", "reader", "list", "--device", dev}).out);
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0]["item_id"], "BOOK-1") << "a refused tag is untouched";

  // On loan, then forced: overwritten, secured again, and the JSON line says so as read back.
  ASSERT_EQ(run({kBin + "/lasis", "reader", "unsecure", "--device", dev, "04112233445501"}).status, 0);
  auto forced = run({kBin + "/lasis", "reader", "write", "--device", dev, "04112233445501", "--item", "NEW-1", "--isil",
                     "LV-00001", "--force"});
  ASSERT_EQ(forced.status, 0) << forced.err;
  // One line, the keys of `reader list` in their order.
  EXPECT_EQ(forced.out, R"({"uid":"04112233445501","type":"ntag213","kind":"item","item_id":"NEW-1","parts":1,)"
                        R"("ordinal":1,"owner":"LV-00001","usage":"circulating","secured":true,"crc_ok":true})"
                        "\n");

  // A blank tag needs no --force; a second write of the same item leaves it as it is.
  auto blank = run({kBin + "/lasis", "reader", "write", "--device", dev, "04112233445502", "--item", "NEW-2"});
  ASSERT_EQ(blank.status, 0) << blank.err;
  EXPECT_EQ(jsonLines(blank.out).at(0)["item_id"], "NEW-2");
  auto again = run({kBin + "/lasis", "reader", "write", "--device", dev, "04112233445502", "--item", "NEW-2"});
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.err.find("already holds this item"), std::string::npos) << again.err;
  tags = jsonLines(run({kBin + "/lasis", "reader", "list", "--device", dev}).out);
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0]["item_id"], "NEW-1");
  EXPECT_EQ(tags[1]["item_id"], "NEW-2");
}

// Issue 26: every subcommand from --config alone: the kiosk config's reader.url names the pad.
TEST(ReaderBlackBox, ReaderCommandsTakeThePadFromTheKioskConfig) {
  SimProcess sim({"--tag", "ntag213:04112233445501:BOOK-1"});
  ASSERT_TRUE(sim.ready().is_object()) << sim.readyLine();
  const auto dir = std::filesystem::temp_directory_path() / ("lasis-reader-config-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "kiosk.toml") << "[reader]\nurl = \"" << sim.connstring() << "\"\n";
  auto list = run({kBin + "/lasis", "reader", "list", "--config", (dir / "kiosk.toml").string()});
  ASSERT_EQ(list.status, 0) << list.err;
  auto tags = jsonLines(list.out);
  ASSERT_EQ(tags.size(), 1u) << list.out;
  EXPECT_EQ(tags[0]["item_id"], "BOOK-1");
  EXPECT_NE(list.err.find("reader.url from " + (dir / "kiosk.toml").string()), std::string::npos) << list.err;
  // Neither --device nor --config: the kiosk config where `lasis doctor` looks.
  auto unsecure = run({kBin + "/lasis", "reader", "unsecure", "04112233445501"}, {"LASIS_CONFIG_DIR=" + dir.string()});
  EXPECT_EQ(unsecure.status, 0) << unsecure.err;
  EXPECT_EQ(jsonLines(run({kBin + "/lasis", "reader", "list", "--device", sim.connstring()}).out)[0]["secured"], false);
  auto none = run({kBin + "/lasis", "reader", "list"}, {"LASIS_CONFIG_DIR=" + (dir / "nowhere").string()});
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("give --device, or --config FILE"), std::string::npos) << none.err;
  std::filesystem::remove_all(dir);
}

TEST(ReaderBlackBox, LasisReaderReportsMissingAndUnpluggedDevice) {
  auto missing = run({kBin + "/lasis", "reader", "list", "--device", "pn532_uart:/tmp/lasis-no-such-reader"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("cannot open RFID reader"), std::string::npos) << missing.err;
  SimProcess sim({"--tag", "ntag213:04112233445501:BOOK-1"});
  ASSERT_TRUE(sim.ready().is_object());
  ASSERT_EQ(sim.ctl({{"cmd", "unplug"}}).value("ok", false), true);
  auto gone = run({kBin + "/lasis", "reader", "list", "--device", sim.connstring()});
  EXPECT_EQ(gone.status, 1);
  ASSERT_EQ(sim.ctl({{"cmd", "replug"}}).value("ok", false), true);
  auto back = run({kBin + "/lasis", "reader", "list", "--device", sim.connstring()});
  EXPECT_EQ(back.status, 0) << back.err;
  EXPECT_EQ(jsonLines(back.out).size(), 1u);
}

TEST(ReaderBlackBox, ScenarioFilePlacesAndRemovesTagsOverTime) {
  const std::string path = std::filesystem::temp_directory_path() / ("lasis-scenario-" + std::to_string(::getpid()) + ".jsonl");
  {
    std::ofstream f(path);
    f << "# a patron arrives with two books, then takes one away\n"
      << R"({"cmd":"place","kind":"mfc1k","uid":"0A0B0C0D","patron":"P-7"})" << "\n"
      << R"({"cmd":"place","kind":"ntag213","uid":"04112233445501","item":"BOOK-1"})" << "\n"
      << R"({"cmd":"place","kind":"ntag216","uid":"04112233445502","item":"BOOK-2","at_ms":200})" << "\n"
      << R"({"cmd":"remove","uid":"04112233445501","at_ms":60000})" << "\n";
  }
  SimProcess sim({"--scenario", path, "--uart-timing"});
  std::filesystem::remove(path);
  ASSERT_TRUE(sim.ready().is_object()) << sim.readyLine();
  EXPECT_EQ(sim.ctl({{"cmd", "status"}}).value("uart_timing", false), true);
  // The timed step lands within a deadline; poll the simulator's own view.
  const auto end = std::chrono::steady_clock::now() + 10s;
  std::size_t n = 0;
  while (std::chrono::steady_clock::now() < end && (n = sim.ctl({{"cmd", "list"}})["tags"].size()) < 3) std::this_thread::sleep_for(50ms);
  ASSERT_EQ(n, 3u);
  auto list = run({kBin + "/lasis", "reader", "list", "--device", sim.connstring()});
  ASSERT_EQ(list.status, 0) << list.err;
  auto tags = jsonLines(list.out);
  ASSERT_EQ(tags.size(), 3u) << list.out;
  EXPECT_EQ(tags[0]["patron_id"], "P-7");
  EXPECT_EQ(tags[2]["type"], "ntag216");
  EXPECT_EQ(tags[2]["item_id"], "BOOK-2");
}

TEST(ReaderBlackBox, BadScenarioLineIsNamed) {
  const std::string path = std::filesystem::temp_directory_path() / ("lasis-badscenario-" + std::to_string(::getpid()) + ".jsonl");
  {
    std::ofstream f(path);
    f << R"({"cmd":"clear"})" << "\n" << "place ntag213\n";
  }
  auto r = run({kBin + "/lasis-sim", "reader", "--scenario", path});
  std::filesystem::remove(path);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find(":2:"), std::string::npos) << r.err;
}

TEST(ReaderBlackBox, SlowBytesStillServeAndAMuteLineIsAClearError) {
  SimProcess sim({"--tag", "ntag213:04112233445501:BOOK-1"});
  ASSERT_TRUE(sim.ready().is_object());
  ASSERT_EQ(sim.ctl({{"cmd", "slow"}, {"us_per_byte", 500}}).value("ok", false), true);
  auto slow = run({kBin + "/lasis", "reader", "list", "--device", sim.connstring()});
  EXPECT_EQ(slow.status, 0) << slow.err;
  EXPECT_EQ(jsonLines(slow.out).size(), 1u);
  // 20 ms a byte: libnfc gives up waiting; the tool says so and exits non-zero, no hang.
  ASSERT_EQ(sim.ctl({{"cmd", "slow"}, {"us_per_byte", 20000}}).value("ok", false), true);
  auto mute = run({kBin + "/lasis", "reader", "list", "--device", sim.connstring()}, {}, 60s);
  EXPECT_EQ(mute.status, 1);
  EXPECT_NE(mute.err.find("did not answer"), std::string::npos) << mute.err;
}

TEST(ReaderBlackBox, DebianNfcListSeesEveryTag) {
  SimProcess sim({"--tag", "ntag213:04112233445501:BOOK-1", "--tag", "ntag213:04112233445502:BOOK-2", "--card",
                  "mfc1k:DEADBEEF:P-42"});
  ASSERT_TRUE(sim.ready().is_object());
  auto r = run({"nfc-list"}, libnfcEnv(sim.connstring()));
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("3 ISO14443A passive target(s) found"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("04  11  22  33  44  55  01"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("de  ad  be  ef"), std::string::npos) << r.out;
}

TEST(ReaderBlackBox, DebianNfcMfultralightReadsTheWholeNtag213) {
  SimProcess sim({"--tag", "ntag213:04112233445501:BOOK-1"});
  ASSERT_TRUE(sim.ready().is_object());
  const std::string dump = std::filesystem::temp_directory_path() / ("lasis-mfu-" + std::to_string(::getpid()) + ".mfd");
  auto r = run({"nfc-mfultralight", "r", dump}, libnfcEnv(sim.connstring()));
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("NTAG213"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("45 of 45 pages read (0 pages failed)"), std::string::npos) << r.out;
  std::ifstream in(dump, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(dump);
  ASSERT_EQ(bytes.size(), 180u);
  EXPECT_EQ(bytes.substr(12, 4), std::string("\xE1\x10\x12\x00", 4));  // capability container
  EXPECT_EQ(bytes.substr(16, 4), std::string("LS\x01\x07", 4));       // our header, secured
  EXPECT_NE(bytes.find("BOOK-1"), std::string::npos);
}

} // namespace
