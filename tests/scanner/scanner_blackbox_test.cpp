// Black-box: the real `lasis scanner listen` and `lasis doctor` against the real
// `lasis-sim scanner` (a serial scanner on a pty and keyboard-wedge key events on a FIFO).
// Processes are stopped by PID; every wait has a deadline so a hang fails cleanly.
#include "tests/support/childprocess.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

using namespace lasis::test;
using namespace std::chrono_literals;
using Json = nlohmann::json;

namespace {

std::string lasisBinary() { return std::string(LASIS_BIN_DIR) + "/lasis"; }

struct Output {
  int status = -1;
  std::vector<Json> lines;  ///< stdout, one JSON object a line
  std::string out;
  std::string err;
};

/// Reads a running command's output to its end and waits for it.
Output finish(ChildProcess& p, std::chrono::milliseconds deadline = 30000ms) {
  Output r;
  while (auto line = p.readLine(deadline)) {
    r.out += *line + "\n";
    auto j = Json::parse(*line, nullptr, false);
    r.lines.push_back(j.is_discarded() ? Json() : j);
  }
  r.status = p.wait(deadline).value_or(-1);
  r.err = p.stderrText();
  return r;
}

class ScannerBlackBox : public ::testing::Test {
protected:
  void SetUp() override { m_dir = freshTestDir("scanner"); }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
  }
  std::filesystem::path m_dir;
};

TEST_F(ScannerBlackBox, ListenPrintsOneJsonObjectPerScanAndErrorsAsLinesAndKeepsListening) {
  SimDevice sim({simBinary(), "scanner", "--serial", (m_dir / "scanner0").string(), "--suffix", "CRLF"});
  ASSERT_TRUE(sim.ok()) << sim.stderrText();
  const std::string url = sim.field("serial");
  EXPECT_EQ(url, "serial:" + (m_dir / "scanner0").string() + "?suffix=CRLF");
  ChildProcess listen({lasisBinary(), "scanner", "listen", "--device", url, "--count", "3", "--timeout", "20"});
  // Sent at once: the pty keeps the bytes until the listener reads them.
  EXPECT_EQ(sim.call({{"cmd", "scan"}, {"code", "4006381333931"}, {"aim", "]E0"}})["ok"], true);
  EXPECT_EQ(sim.call({{"cmd", "garbage"}, {"bytes_hex", "3100320033"}})["ok"], true);
  EXPECT_EQ(sim.call({{"cmd", "scan"}, {"code", std::string(1500, '9')}})["ok"], true);
  EXPECT_EQ(sim.call({{"cmd", "scan"}, {"code", "LASIS:CARD:123456789"}, {"aim", "]Q1"}})["ok"], true);
  EXPECT_EQ(sim.call({{"cmd", "scan"}, {"code", "*LIB-0042*"}})["ok"], true);
  const Output r = finish(listen);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  ASSERT_EQ(r.lines.size(), 5u) << r.out << r.err;
  EXPECT_EQ(r.lines[0]["code"], "4006381333931");
  EXPECT_EQ(r.lines[0]["symbology"], "ean13");
  EXPECT_EQ(r.lines[0]["source"], url);
  EXPECT_EQ(r.lines[0]["at"].get<std::string>().size(), 24u) << "2026-12-06T12:00:00.123Z";
  EXPECT_EQ(r.lines[1]["kind"], "invalid-code");
  EXPECT_NE(r.lines[1]["error"].get<std::string>().find("control byte 0x00"), std::string::npos) << r.out;
  EXPECT_EQ(r.lines[2]["kind"], "invalid-code");
  EXPECT_NE(r.lines[2]["error"].get<std::string>().find("longer than 1024"), std::string::npos) << r.out;
  EXPECT_EQ(r.lines[3]["code"], "LASIS:CARD:123456789");
  EXPECT_EQ(r.lines[3]["symbology"], "qr");
  EXPECT_EQ(r.lines[4]["code"], "*LIB-0042*");
  EXPECT_EQ(r.lines[4]["symbology"], "unknown");
}

TEST_F(ScannerBlackBox, ListenOnAKeyboardWedgeStreamWithTheLithuanianLayout) {
  SimDevice sim({simBinary(), "scanner", "--events", (m_dir / "events").string(), "--layout", "lt"});
  ASSERT_TRUE(sim.ok()) << sim.stderrText();
  const std::string url = sim.field("events");
  EXPECT_EQ(url, "evdev:" + (m_dir / "events").string() + "?layout=lt&suffix=enter");
  ChildProcess listen({lasisBinary(), "scanner", "listen", "--device", url, "--count", "1", "--timeout", "20"});
  EXPECT_EQ(sim.call({{"cmd", "scan"}, {"code", "4006381333931"}})["ok"], true);  // digits on AltGr
  const Output r = finish(listen);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  ASSERT_EQ(r.lines.size(), 1u) << r.out << r.err;
  EXPECT_EQ(r.lines[0]["code"], "4006381333931");
}

TEST_F(ScannerBlackBox, ListenReportsAnUnplugOnceAndReadsTheScannerAgainWhenItIsBack) {
  SimDevice sim({simBinary(), "scanner", "--serial", (m_dir / "scanner0").string()});
  ASSERT_TRUE(sim.ok()) << sim.stderrText();
  ChildProcess listen({lasisBinary(), "scanner", "listen", "--device", sim.field("serial"), "--count", "2", "--timeout", "20"});
  EXPECT_EQ(sim.call({{"cmd", "scan"}, {"code", "12345678"}})["ok"], true);
  auto first = listen.readLine(10000ms);
  ASSERT_TRUE(first.has_value()) << listen.stderrText();
  EXPECT_EQ(Json::parse(*first)["code"], "12345678");
  EXPECT_EQ(sim.call({{"cmd", "unplug"}})["ok"], true);
  std::this_thread::sleep_for(1500ms);  // several tries while it is gone
  EXPECT_EQ(sim.call({{"cmd", "replug"}})["ok"], true);
  EXPECT_EQ(sim.call({{"cmd", "scan"}, {"code", "A1234567B"}})["ok"], true);
  const Output r = finish(listen);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  ASSERT_EQ(r.lines.size(), 2u) << "one disconnected line, then the scan: " << r.out;
  EXPECT_EQ(r.lines[0]["kind"], "disconnected");
  EXPECT_EQ(r.lines[1]["code"], "A1234567B");
}

TEST_F(ScannerBlackBox, AScenarioFileScansOnItsOwn) {
  std::ofstream(m_dir / "scans.jsonl") << "# a patron card, then a book with only a barcode\n"
                                       << R"({"at_ms": 300, "cmd": "scan", "code": "LASIS:CARD:123456789", "aim": "]Q1"})" << "\n"
                                       << R"({"at_ms": 600, "cmd": "scan", "code": "30512004815473", "aim": "]C0"})" << "\n";
  SimDevice sim({simBinary(), "scanner", "--serial", (m_dir / "scanner0").string(), "--scenario",
                 (m_dir / "scans.jsonl").string()});
  ASSERT_TRUE(sim.ok()) << sim.stderrText();
  ChildProcess listen({lasisBinary(), "scanner", "listen", "--device", sim.field("serial"), "--count", "2", "--timeout", "20"});
  const Output r = finish(listen);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  ASSERT_EQ(r.lines.size(), 2u) << r.out;
  EXPECT_EQ(r.lines[0]["code"], "LASIS:CARD:123456789");
  EXPECT_EQ(r.lines[1]["code"], "30512004815473");
  EXPECT_EQ(r.lines[1]["symbology"], "code128");
  ChildProcess badScenario({simBinary(), "scanner", "--serial", (m_dir / "scanner1").string(), "--scenario",
                            (m_dir / "missing.jsonl").string()});
  EXPECT_EQ(badScenario.wait(10000ms).value_or(-1), 1);
}

TEST_F(ScannerBlackBox, ListenExitCodes) {
  ChildProcess bad({lasisBinary(), "scanner", "listen", "--device", "usb:/dev/ttyACM0"});
  Output r = finish(bad);
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("expected serial:"), std::string::npos) << r.err;
  ChildProcess none({lasisBinary(), "scanner", "listen"});
  EXPECT_EQ(finish(none).status, 2);
  ChildProcess missing({lasisBinary(), "scanner", "listen", "--device", "serial:" + (m_dir / "absent").string()});
  r = finish(missing);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find((m_dir / "absent").string()), std::string::npos) << r.err;
  SimDevice sim({simBinary(), "scanner", "--serial", (m_dir / "scanner0").string()});
  ASSERT_TRUE(sim.ok()) << sim.stderrText();
  ChildProcess quiet({lasisBinary(), "scanner", "listen", "--device", sim.field("serial"), "--count", "1", "--timeout", "0.5"});
  r = finish(quiet);
  EXPECT_EQ(r.status, 1) << "the timeout came before the scan";
  EXPECT_NE(r.err.find("0 of 1"), std::string::npos) << r.err;
  ChildProcess timed({lasisBinary(), "scanner", "listen", "--device", sim.field("serial"), "--timeout", "0.5"});
  EXPECT_EQ(finish(timed).status, 0) << "no --count: the timeout is the end";
}

// `lasis doctor`: one check per URL in the kiosk config's scanner.devices, each naming what to do.
TEST_F(ScannerBlackBox, DoctorChecksEveryConfiguredScanner) {
  SimDevice sim({simBinary(), "scanner", "--serial", (m_dir / "scanner0").string(), "--events",
                 (m_dir / "events").string(), "--layout", "lv"});
  ASSERT_TRUE(sim.ok()) << sim.stderrText();
  std::ofstream(m_dir / "kiosk.toml") << "[reader]\nurl = \"none\"\n[queue]\ndb = \"" << (m_dir / "q.db").string()
                                      << "\"\n[scanner]\ndevices = [\"" << sim.field("serial") << "\", \""
                                      << sim.field("events") << "\", \"evdev:/dev/lasis/scanner-unplugged\", "
                                      << "\"serial:/dev/lasis/scanner0?baud=1234\"]\n";
  ChildProcess doctor({lasisBinary(), "doctor", "--config", (m_dir / "kiosk.toml").string()});
  const Output r = finish(doctor);
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("OK    scanner 1  " + sim.field("serial") + " opens"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("OK    scanner 2  " + sim.field("events") + " opens"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FAIL  scanner 3  evdev:/dev/lasis/scanner-unplugged"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("udev rule"), std::string::npos) << "the advice names what to check: " << r.out;
  EXPECT_NE(r.out.find("FAIL  scanner 4"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("baud \"1234\""), std::string::npos) << r.out;
}

} // namespace
