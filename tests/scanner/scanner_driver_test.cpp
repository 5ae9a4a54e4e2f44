// The scanner drivers over the wire: the serial driver on a real pty and the evdev driver on a
// real FIFO of input events, against the simulated scanner (simulator/scanner/) on its own io
// thread, driven through its control commands. One simulated scanner per test.
#include "drivers/scanner/evdevscanner.h"
#include "drivers/scanner/scannerfactory.h"
#include "drivers/scanner/serialscanner.h"
#include "simulator/scanner/simscanner.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <linux/input.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>
#include <tuple>

namespace lasis {
namespace {

using namespace std::chrono_literals;
using sim::Json;
namespace fs = std::filesystem;

/// A code as a scanner sends it: AIM identifier, content, and what the driver must deliver.
struct Sample {
  const char* aim;
  const char* code;
  scan::Symbology symbology;
};

// Every symbology kiosks are set up for, as scanners deliver them (Code 39 with its start/stop
// asterisks kept, as scanners set to transmit them do).
const Sample kSamples[] = {
    {"]A0", "*LIB-0042*", scan::Symbology::code39},
    {"]C0", "LIB0042", scan::Symbology::code128},
    {"]F0", "A1234567B", scan::Symbology::codabar},
    {"]E0", "4006381333931", scan::Symbology::ean13},
    {"]I0", "12345678", scan::Symbology::itf},
    {"]Q1", "LASIS:CARD:123456789", scan::Symbology::qr},
    {"]Q1", "https://katalogs.example.lv/card?id=123456789&lib=LV-0042", scan::Symbology::qr},
    {"]d1", "LASIS:CARD:987654321:EXP:20271231", scan::Symbology::datamatrix},
    {"", "4006381333931", scan::Symbology::unknown},  // a scanner set to send no identifier
};

class ScannerDriverTest : public ::testing::Test {
protected:
  void SetUp() override {
    char tmpl[] = "/tmp/lasis-scantest-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    m_dir = tmpl;
    m_sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(m_logText);
    m_log = std::make_shared<spdlog::logger>("scanner-test", m_sink);
    m_log->set_level(spdlog::level::debug);
  }
  void TearDown() override {
    m_scanner.reset();
    stopSim();
    std::error_code ec;
    fs::remove_all(m_dir, ec);
  }

  /// Starts a simulated scanner with these options (paths default to the test's directory).
  void startSim(sim::SimScanner::Options o) {
    stopSim();
    auto s = sim::SimScanner::open(m_io, std::move(o));
    ASSERT_TRUE(s.ok()) << s.error().describe();
    m_sim = std::move(*s);
    m_io.restart();
    m_guard.emplace(m_io.get_executor());
    m_thread = std::thread([this] { m_io.run(); });
  }
  void startSerial(const std::string& suffix = "CR", const std::string& prefix = "none") {
    sim::SimScanner::Options o;
    o.serialLink = m_dir + "/scanner";
    o.suffix = suffix;
    o.prefix = prefix;
    startSim(o);
    auto d = drivers::SerialScanner::open(m_sim->serialUrl(), m_log, true);
    ASSERT_TRUE(d.ok()) << d.error().describe();
    m_scanner = std::move(*d);
  }
  void startEvents(drivers::KeyLayout layout, const std::string& suffix = "CR") {
    sim::SimScanner::Options o;
    o.eventsPath = m_dir + "/events";
    o.layout = layout;
    o.suffix = suffix;
    startSim(o);
    auto d = drivers::EvdevScanner::open(m_sim->eventsUrl(), m_log, true);
    ASSERT_TRUE(d.ok()) << d.error().describe();
    m_scanner = std::move(*d);
  }
  void stopSim() {
    if (!m_sim) return;
    m_guard.reset();
    m_io.stop();
    if (m_thread.joinable()) m_thread.join();
    m_sim.reset();
  }

  /// A control command, run on the simulator's thread.
  Json ctl(const Json& req, bool expectOk = true) {
    std::promise<Json> p;
    auto f = p.get_future();
    boost::asio::post(m_io, [&] { p.set_value(m_sim->control(req)); });
    if (f.wait_for(10s) != std::future_status::ready) {
      ADD_FAILURE() << "simulator did not answer " << req.dump();
      return {};
    }
    Json r = f.get();
    if (expectOk) {
      EXPECT_TRUE(r.value("ok", false)) << req.dump() << " → " << r.dump();
    }
    return r;
  }
  void scanCode(const std::string& code, const std::string& aim = "") {
    Json req{{"cmd", "scan"}, {"code", code}};
    if (!aim.empty()) req["aim"] = aim;
    ctl(req);
  }
  /// The next scan, which must come within 3 s.
  scan::Scan expectScan() {
    auto r = m_scanner->next(3s);
    EXPECT_TRUE(r.ok()) << r.error().describe();
    if (!r.ok()) return {};
    EXPECT_TRUE(r->has_value()) << "no code within 3 s";
    return r->value_or(scan::Scan{});
  }
  /// The next result, which must be an error with this code.
  Error expectError(Errc code) {
    auto r = m_scanner->next(3s);
    EXPECT_FALSE(r.ok()) << "expected an error, got " << (r.ok() && *r ? (*r)->text : std::string("nothing"));
    if (r.ok()) return {};
    EXPECT_TRUE(r.error().is(code)) << r.error().describe();
    return r.error();
  }
  std::size_t logCount(const std::string& needle) {
    m_log->flush();
    const std::string text = m_logText.str();
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
  }

  std::string m_dir;
  std::ostringstream m_logText;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> m_sink;
  Logger m_log;
  boost::asio::io_context m_io;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> m_guard;
  std::thread m_thread;
  std::unique_ptr<sim::SimScanner> m_sim;
  std::unique_ptr<scan::Scanner> m_scanner;
};

// --- serial ---------------------------------------------------------------------------------

TEST_F(ScannerDriverTest, SerialDeliversEverySymbologysSampleCodesWhole) {
  startSerial();
  for (const auto& s : kSamples) {
    scanCode(s.code, s.aim);
    const auto got = expectScan();
    EXPECT_EQ(got.text, s.code) << s.aim;
    EXPECT_EQ(got.symbology, s.symbology) << s.aim << s.code;
    EXPECT_EQ(got.source, m_sim->serialUrl());
  }
}

TEST_F(ScannerDriverTest, SerialNothingScannedIsNoCodeAfterTheWait) {
  startSerial();
  const auto t0 = std::chrono::steady_clock::now();
  auto r = m_scanner->next(150ms);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_FALSE(r->has_value());
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 140ms);
}

TEST_F(ScannerDriverTest, SerialEverySuffixEndsACode) {
  for (const char* suffix : {"CR", "LF", "CRLF", "TAB", "ETX", "none"}) {
    SCOPED_TRACE(suffix);
    startSerial(suffix);
    scanCode("4006381333931");
    EXPECT_EQ(expectScan().text, "4006381333931");
    if (std::string(suffix) == "none") std::this_thread::sleep_for(100ms);  // codes apart by silence
    scanCode("LASIS:CARD:123456789", "]Q1");
    const auto s = expectScan();
    EXPECT_EQ(s.text, "LASIS:CARD:123456789");
    EXPECT_EQ(s.symbology, scan::Symbology::qr);
    m_scanner.reset();
  }
}

TEST_F(ScannerDriverTest, SerialCodesInQuickSuccessionStayApart) {
  startSerial("CRLF");
  for (const auto& s : kSamples) scanCode(s.code, s.aim);  // all on the line before the first read
  for (const auto& s : kSamples) EXPECT_EQ(expectScan().text, s.code);
}

TEST_F(ScannerDriverTest, SerialACrlfScannerSetToCrStillGivesCleanCodes) {
  sim::SimScanner::Options o;
  o.serialLink = m_dir + "/scanner";
  o.suffix = "CRLF";
  startSim(o);
  auto d = drivers::SerialScanner::open("serial:" + o.serialLink + "?suffix=CR", m_log, true);
  ASSERT_TRUE(d.ok()) << d.error().describe();
  m_scanner = std::move(*d);
  scanCode("12345678");
  scanCode("A1234567B");
  EXPECT_EQ(expectScan().text, "12345678");
  EXPECT_EQ(expectScan().text, "A1234567B");
}

TEST_F(ScannerDriverTest, SerialStxPrefixDropsLineNoiseAndCutCodes) {
  startSerial("ETX", "STX");
  ctl({{"cmd", "noise"}, {"bytes_hex", "FF00417E"}});  // before any STX: not a code
  scanCode("4006381333931", "]E0");
  auto s = expectScan();
  EXPECT_EQ(s.text, "4006381333931");
  EXPECT_EQ(s.symbology, scan::Symbology::ean13);
  ctl({{"cmd", "partial"}, {"code", "99999"}});  // cut by the next STX: dropped
  scanCode("12345678");
  EXPECT_EQ(expectScan().text, "12345678");
}

TEST_F(ScannerDriverTest, SerialScannerPulledMidCodeDropsItReportsItAndReadsTheNextWholeAfterReplug) {
  startSerial();
  ctl({{"cmd", "partial"}, {"code", "40063813"}});
  auto r = m_scanner->next(300ms);  // the half code is read, and held
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_FALSE(r->has_value());
  ctl({{"cmd", "unplug"}});
  const Error gone = expectError(Errc::disconnected);
  EXPECT_NE(gone.message().find(m_dir + "/scanner"), std::string::npos) << gone.message();
  EXPECT_EQ(logCount("were dropped"), 1u) << m_logText.str();
  // Still gone: the next call waits for it, then says so again (no spin, no second loss line).
  const auto t0 = std::chrono::steady_clock::now();
  expectError(Errc::disconnected);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
  EXPECT_EQ(logCount("were dropped"), 1u);
  ctl({{"cmd", "replug"}});
  scanCode("4006381333931");
  EXPECT_EQ(expectScan().text, "4006381333931");
}

TEST_F(ScannerDriverTest, SerialGarbageAndOverlongCodesAreRefusedAndTheScannerKeepsWorking) {
  startSerial();
  ctl({{"cmd", "garbage"}, {"bytes_hex", "3132001B3334"}});
  const Error bad = expectError(Errc::invalidArgument);
  EXPECT_NE(bad.message().find("control byte 0x00"), std::string::npos) << bad.message();
  scanCode("12345678");
  EXPECT_EQ(expectScan().text, "12345678");
  ctl({{"cmd", "scan"}, {"code", std::string(scan::kMaxCodeLength + 500, '7')}});
  const Error tooLong = expectError(Errc::invalidArgument);
  EXPECT_NE(tooLong.message().find("longer than 1024"), std::string::npos) << tooLong.message();
  ctl({{"cmd", "scan"}, {"code", std::string(scan::kMaxCodeLength, '8')}});  // exactly the limit: fine
  EXPECT_EQ(expectScan().text.size(), scan::kMaxCodeLength);
  scanCode("A1234567B", "]F0");
  EXPECT_EQ(expectScan().text, "A1234567B");
}

TEST_F(ScannerDriverTest, SerialScannerNeverThereIsDisconnectedAndFoundWhenItAppears) {
  auto d = drivers::openScanner("serial:" + m_dir + "/scanner?suffix=CR", m_log, drivers::ScannerOpenMode::lazy);
  ASSERT_TRUE(d.ok()) << d.error().describe();
  m_scanner = std::move(*d);
  expectError(Errc::disconnected);
  EXPECT_FALSE(drivers::openScanner("serial:" + m_dir + "/scanner", m_log).ok()) << "requireDevice: fails now";
  sim::SimScanner::Options o;
  o.serialLink = m_dir + "/scanner";
  startSim(o);
  scanCode("12345678");
  EXPECT_EQ(expectScan().text, "12345678");
}

// --- evdev (the simulator's stream of input events) -----------------------------------------

TEST_F(ScannerDriverTest, EventsDeliverEverySymbologysSampleCodesWhole) {
  startEvents(drivers::KeyLayout::us);
  for (const auto& s : kSamples) {
    scanCode(s.code, s.aim);
    const auto got = expectScan();
    EXPECT_EQ(got.text, s.code);
    EXPECT_EQ(got.symbology, s.symbology) << s.aim << s.code;
  }
}

struct LayoutCase {
  drivers::KeyLayout layout;
  std::vector<std::string> codes;
};

TEST_F(ScannerDriverTest, EventsRoundTripOnEveryLayout) {
  const std::vector<LayoutCase> cases = {
      {drivers::KeyLayout::us, {"*LIB-0042*", "LASIS:CARD:123456789", "https://a.example/c?id=1&x=[y]", "~!@#$%^&*()_+{}|\"<>"}},
      {drivers::KeyLayout::lv, {"*LIB-0042*", "LASIS:CARD:123456789", "https://biblioteka.example.lv/k?id=42", "Ābele ČĒĢĪĶĻŅŠŪŽ"}},
      {drivers::KeyLayout::lt, {"4006381333931", "*LIB-0042*", "LASIS:CARD:123456789", "ąčęėįšųūž=+()@#"}},
      {drivers::KeyLayout::uk, {"4006381333931", "12345678", "ЧИТАЧ:123456789", "ґєії/.,:;?№-_=+"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(drivers::toString(c.layout)));
    startEvents(c.layout);
    for (const auto& code : c.codes) {
      scanCode(code);
      EXPECT_EQ(expectScan().text, code);
    }
    m_scanner.reset();
  }
}

TEST_F(ScannerDriverTest, EventsEndCodesWithTabWhenSetTo) {
  startEvents(drivers::KeyLayout::us, "TAB");
  EXPECT_NE(m_sim->eventsUrl().find("suffix=tab"), std::string::npos);
  scanCode("4006381333931");
  EXPECT_EQ(expectScan().text, "4006381333931");
}

TEST_F(ScannerDriverTest, EventsALatinCodeCannotBeTypedOnTheUkrainianLayout) {
  startEvents(drivers::KeyLayout::uk);
  const Json r = ctl({{"cmd", "scan"}, {"code", "LIB"}}, false);
  EXPECT_FALSE(r.value("ok", true));
  EXPECT_NE(r.value("error", "").find("layout uk"), std::string::npos) << r.dump();
}

TEST_F(ScannerDriverTest, EventsScannerPulledMidCodeDropsItAndReadsTheNextWholeAfterReplug) {
  startEvents(drivers::KeyLayout::lv);
  ctl({{"cmd", "partial"}, {"code", "LASIS:CA"}});
  auto r = m_scanner->next(300ms);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_FALSE(r->has_value());
  ctl({{"cmd", "unplug"}});
  expectError(Errc::disconnected);
  EXPECT_EQ(logCount("were dropped"), 1u) << m_logText.str();
  ctl({{"cmd", "replug"}});
  scanCode("LASIS:CARD:123456789");
  EXPECT_EQ(expectScan().text, "LASIS:CARD:123456789");
}

TEST_F(ScannerDriverTest, EventsUnknownKeysAndOverlongCodesAreRefusedAndTheScannerKeepsWorking) {
  startEvents(drivers::KeyLayout::us);
  ctl({{"cmd", "garbage"}, {"bytes_hex", "1E3BF0"}});  // KEY_A, F1, a code beyond every keyboard
  const Error bad = expectError(Errc::invalidArgument);
  EXPECT_NE(bad.message().find("key 59"), std::string::npos) << bad.message();
  scanCode("12345678");
  EXPECT_EQ(expectScan().text, "12345678");
  ctl({{"cmd", "scan"}, {"code", std::string(scan::kMaxCodeLength + 1, 'X')}});
  const Error tooLong = expectError(Errc::invalidArgument);
  EXPECT_NE(tooLong.message().find("longer than 1024"), std::string::npos) << tooLong.message();
  scanCode("LASIS:CARD:123456789", "]Q1");
  EXPECT_EQ(expectScan().text, "LASIS:CARD:123456789");
}

/// Key events typing `code` and Enter on `layout`, as a keyboard reports them.
std::string typed(drivers::KeyLayout layout, const std::string& code) {
  std::string out;
  auto add = [&out](std::uint16_t type, std::uint16_t c, std::int32_t value) {
    for (auto [t, k, v] : {std::tuple<std::uint16_t, std::uint16_t, std::int32_t>{type, c, value}, {EV_SYN, SYN_REPORT, 0}}) {
      input_event ev{};
      ev.type = t;
      ev.code = k;
      ev.value = v;
      out.append(reinterpret_cast<const char*>(&ev), sizeof ev);
    }
  };
  for (const auto& cp : drivers::codePoints(code)) {
    auto k = drivers::keyFor(layout, cp);
    if (!k) return {};
    if (k->shift) add(EV_KEY, KEY_RIGHTSHIFT, 1);
    if (k->altGr) add(EV_KEY, KEY_RIGHTALT, 1);
    add(EV_KEY, k->code, 1);
    add(EV_KEY, k->code, 0);
    if (k->altGr) add(EV_KEY, KEY_RIGHTALT, 0);
    if (k->shift) add(EV_KEY, KEY_RIGHTSHIFT, 0);
  }
  add(EV_KEY, KEY_KPENTER, 1);  // the number pad's Enter ends a code too
  add(EV_KEY, KEY_KPENTER, 0);
  return out;
}

TEST_F(ScannerDriverTest, EvdevReadsARegularFileOfEventsAsItGrows) {
  const std::string file = m_dir + "/recorded.events";
  std::ofstream(file, std::ios::binary) << typed(drivers::KeyLayout::uk, "ЧИТАЧ:123456789");
  auto d = drivers::openScanner("evdev:" + file + "?layout=uk", m_log);
  ASSERT_TRUE(d.ok()) << d.error().describe();
  m_scanner = std::move(*d);
  EXPECT_EQ(expectScan().text, "ЧИТАЧ:123456789");
  auto none = m_scanner->next(100ms);  // the end of the file is "nothing yet", not a lost device
  ASSERT_TRUE(none.ok()) << none.error().describe();
  EXPECT_FALSE(none->has_value());
  const std::string more = typed(drivers::KeyLayout::uk, "4006381333931");
  std::ofstream(file, std::ios::binary | std::ios::app) << more.substr(0, 100);  // half a record at the end
  none = m_scanner->next(50ms);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  std::ofstream(file, std::ios::binary | std::ios::app) << more.substr(100);
  EXPECT_EQ(expectScan().text, "4006381333931");
}

TEST_F(ScannerDriverTest, EvdevOnACharacterDeviceThatIsNoInputDeviceNamesIt) {
  // /dev/null is a character device: the driver tries the grab, and says why it failed.
  auto d = drivers::openScanner("evdev:/dev/null?layout=us", m_log);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error().message().find("/dev/null"), std::string::npos) << d.error().message();
  EXPECT_NE(d.error().message().find("grab"), std::string::npos) << d.error().message();
}

} // namespace
} // namespace lasis
