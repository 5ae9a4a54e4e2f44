// The kiosk config shipped in /etc/lasis (deploy/kiosk.toml) shows every option the kiosk reads,
// each at its default: uncommented, it must load without an unknown or invalid option; and the
// options the kiosk reads must all appear in it.
#include "kiosk/runtime/kioskruntime.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

TEST(KioskConfig, ShippedFileShowsEveryOptionAndLoadsUncommented) {
  std::ifstream f(std::string(LASIS_SOURCE_DIR) + "/deploy/kiosk.toml");
  ASSERT_TRUE(f);
  std::stringstream text;
  int options = 0;
  bool exampleTable = false;  // "#[[ui.pickup_branches]]" and its lines are an example, not defaults
  for (std::string line; std::getline(f, line);) {
    if (line.rfind("#[[", 0) == 0) exampleTable = true;
    if (line.empty() || line[0] == '[') exampleTable = false;
    if (!exampleTable && line.size() > 1 && line[0] == '#' && line[1] != ' ' && line.find(" = ") != std::string::npos) {
      line = line.substr(1);
      ++options;
    }
    text << line << "\n";
  }
  // kiosk (3), reader, tags (2), ils, queue (13), circulation (7), offline (6), ui (10), returns (6), speech (4),
  // receipt (8), staff (5), metrics (1)
  EXPECT_EQ(options, 3 + 1 + 2 + 1 + 13 + 7 + 6 + 10 + 6 + 4 + 8 + 5 + 1);
  const auto path = std::filesystem::temp_directory_path() / ("lasis-kiosk-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(path) << text.str();
  // Where the ILS is and its password are the site's: given as the command line would, every
  // other option as shipped.
  lasis::kiosk::KioskOptions kioskOptions;
  kioskOptions.configPath = path.string();
  kioskOptions.ilsUrl = "sip2://kiosk:secret@127.0.0.1:6001?institution=LIB";
  auto st = lasis::kiosk::KioskRuntime::checkConfig(kioskOptions);
  EXPECT_TRUE(st) << st.error().describe();
  std::filesystem::remove(path);
}

// queue.max_size_kib: the queue's file stops growing at the configured size. Work recorded before
// the cap stays readable; the next transaction is refused with "no space", not lost silently.
TEST(KioskConfig, QueueMaxSizeCapsTheDatabaseAndSaysNoSpace) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("lasis-kiosk-cap-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto fill = [&](const std::string& extra) {
    const fs::path db = dir / ("q" + std::to_string(extra.size()) + ".db");
    std::ofstream(dir / "kiosk.toml") << "[ils]\nurl = \"sip2://k:p@127.0.0.1:9?timeout_ms=50\"\n[queue]\ndb = \""
                                      << db.string() << "\"\n" << extra;
    lasis::SystemClock clock;
    lasis::circulation::CirculationListener quiet;
    lasis::kiosk::OpenError error;
    auto k = lasis::kiosk::KioskRuntime::open({(dir / "kiosk.toml").string(), "none", "", ""}, clock, quiet, error);
    EXPECT_TRUE(k) << error.message;
    int recorded = 0;
    for (; k && recorded < 600; ++recorded) {
      lasis::queue::NewTxn t;
      t.kind = lasis::queue::Kind::checkin;
      t.itemId = "3900000" + std::to_string(recorded) + std::string(200, 'x');
      t.kiosk = "k1";
      t.location = "LV-00001";
      t.when = clock.now();
      t.offline = true;
      auto r = k->store().enqueue(t);
      if (!r) {
        EXPECT_TRUE(r.error().is(lasis::Errc::noSpace)) << r.error().describe();
        break;
      }
    }
    if (k) {
      EXPECT_EQ(k->store().list({lasis::queue::TxnState::pending}, 5000)->size(), static_cast<std::size_t>(recorded))
          << "everything recorded before the cap is still there";
    }
    return recorded;
  };
  const int capped = fill("max_size_kib = 64\n");
  EXPECT_GT(capped, 10);
  EXPECT_LT(capped, 600) << "the cap was never reached";
  EXPECT_EQ(fill(""), 600) << "without the cap the same work fits";
  fs::remove_all(dir);
}

// kiosk.time_zone: a zone the machine does not know is refused at --check-config, naming the
// option, not discovered later as due dates in the wrong day.
TEST(KioskConfig, UnknownTimeZoneIsRefusedWithItsLine) {
  const auto path = std::filesystem::temp_directory_path() / ("lasis-kiosk-tz-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(path) << "[kiosk]\ntime_zone = \"Europe/Rigaa\"\n";
  lasis::kiosk::KioskOptions options;
  options.configPath = path.string();
  options.ilsUrl = "sip2://kiosk:secret@127.0.0.1:6001?institution=LIB";
  options.dbPath = (std::filesystem::temp_directory_path() / "lasis-kiosk-tz.db").string();
  auto st = lasis::kiosk::KioskRuntime::checkConfig(options);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message().find(":2:13: option 'kiosk.time_zone' unknown time zone 'Europe/Rigaa'"), std::string::npos)
      << st.error().message();
  std::ofstream(path) << "[kiosk]\ntime_zone = \"Europe/Riga\"\n";
  EXPECT_TRUE(lasis::kiosk::KioskRuntime::checkConfig(options)) << "a zone the machine has is fine";
  std::filesystem::remove(path);
}

// ui.pay_url: the fines' "or scan to pay online" QR code. Only an https address with a host is
// taken; anything else (plain http, a bare word) stops the kiosk at start with the option named.
TEST(KioskConfig, PayUrlMustBeHttps) {
  const auto path = std::filesystem::temp_directory_path() / ("lasis-kiosk-pay-" + std::to_string(::getpid()) + ".toml");
  lasis::kiosk::KioskOptions options;
  options.configPath = path.string();
  options.ilsUrl = "sip2://kiosk:secret@127.0.0.1:6001?institution=LIB";
  options.dbPath = (std::filesystem::temp_directory_path() / "lasis-kiosk-pay.db").string();
  for (const char* bad : {"http://pay.example.lv/fines", "pay.example.lv", "https://", "https:///fines", "javascript:alert(1)"}) {
    std::ofstream(path) << "[ui]\npay_url = \"" << bad << "\"\n";
    auto st = lasis::kiosk::KioskRuntime::checkConfig(options);
    ASSERT_FALSE(st) << bad << " was taken";
    EXPECT_NE(st.error().message().find("ui.pay_url"), std::string::npos) << st.error().message();
  }
  std::ofstream(path) << "[ui]\npay_url = \"https://pay.example.lv/fines?lib=riga\"\n";
  EXPECT_TRUE(lasis::kiosk::KioskRuntime::checkConfig(options)) << "an https address is fine";
  std::filesystem::remove(path);
}

// [speech]: the speak key's device must be a path, its code a Linux key code, the sink a name
// PulseAudio could have; each refused at --check-config with the option named. A key device that
// is not plugged in is no error (the kiosk looks for it every 5 s).
TEST(KioskConfig, SpeechKeyAndSinkAreCheckedWithTheConfig) {
  const auto path = std::filesystem::temp_directory_path() / ("lasis-kiosk-speech-" + std::to_string(::getpid()) + ".toml");
  lasis::kiosk::KioskOptions options;
  options.configPath = path.string();
  options.ilsUrl = "sip2://kiosk:secret@127.0.0.1:6001?institution=LIB";
  options.dbPath = (std::filesystem::temp_directory_path() / "lasis-kiosk-speech.db").string();
  const std::pair<const char*, const char*> bad[] = {
      {"engine = \"\"", "speech.engine"},
      {"engine = \"speech dispatcher\"", "speech.engine"},
      {"key_device = \"event3\"", "speech.key_device"},
      {"key_code = 0", "speech.key_code"},
      {"key_code = 70000", "speech.key_code"},
      {"sink = \"my headset\"", "speech.sink"},
      {"sink = \"a;rm -rf\"", "speech.sink"},
  };
  for (const auto& [line, key] : bad) {
    std::ofstream(path) << "[speech]\n" << line << "\n";
    auto st = lasis::kiosk::KioskRuntime::checkConfig(options);
    ASSERT_FALSE(st) << line << " was taken";
    EXPECT_NE(st.error().message().find(key), std::string::npos) << st.error().message();
  }
  std::ofstream(path) << "[speech]\nkey_device = \"/dev/input/by-path/nowhere-event-kbd\"\nkey_code = 138\n"
                         "sink = \"alsa_output.pci-0000_00_1f.3.analog-stereo\"\n";
  auto st = lasis::kiosk::KioskRuntime::checkConfig(options);
  EXPECT_TRUE(st) << st.error().describe();
  std::filesystem::remove(path);
}

// staff.call_light: the desk light a patron's "Call staff" switches on. A URL that cannot name a
// coil on a Modbus module is refused at --check-config, naming the option; a good one passes
// without the module being there (it is opened, and retried, only when the kiosk runs).
TEST(KioskConfig, CallLightIsCheckedWithTheConfig) {
  const auto path = std::filesystem::temp_directory_path() / ("lasis-kiosk-light-" + std::to_string(::getpid()) + ".toml");
  lasis::kiosk::KioskOptions options;
  options.configPath = path.string();
  options.ilsUrl = "sip2://kiosk:secret@127.0.0.1:6001?institution=LIB";
  options.dbPath = (std::filesystem::temp_directory_path() / "lasis-kiosk-light.db").string();
  for (const char* bad : {"modbus-tcp://127.0.0.1:1502?unit=1",          // no coil
                          "modbus-tcp://127.0.0.1:1502?unit=1&coil=70000",  // no such coil
                          "modbus-tcp://127.0.0.1:1502?unit=1&coil=two",
                          "modbus-tcp://127.0.0.1:99999?unit=1&coil=3",     // no such port
                          "http://127.0.0.1/light?coil=3"}) {
    std::ofstream(path) << "[staff]\ncall_light = \"" << bad << "\"\n";
    auto st = lasis::kiosk::KioskRuntime::checkConfig(options);
    ASSERT_FALSE(st) << bad;
    EXPECT_NE(st.error().message().find("option 'staff.call_light'"), std::string::npos) << st.error().message();
  }
  std::ofstream(path) << "[staff]\ncall_light = \"modbus-tcp://127.0.0.1:1502?unit=1&coil=3\"\n";
  auto st = lasis::kiosk::KioskRuntime::checkConfig(options);
  EXPECT_TRUE(st) << st.error().describe();
  auto light = lasis::kiosk::parseCallLight("modbus-tcp://10.0.0.5:1502?coil=3&unit=2");
  ASSERT_TRUE(light) << light.error().message();
  EXPECT_EQ(light->coil, 3);
  EXPECT_EQ(light->url.unit, 2);
  EXPECT_EQ(light->url.port, 1502);
  std::filesystem::remove(path);
}

// The library's own look (issue 21): a colour patrons could not read, a logo that is not there or
// not a picture the kiosk shows, are refused at --check-config (and at start), naming the option
// and, for a colour, the ratios; a dark colour and a readable SVG pass.
TEST(KioskConfig, BrandColourPatronsCannotReadAndAMissingLogoAreRefused) {
  const auto dir = std::filesystem::temp_directory_path() / ("lasis-kiosk-brand-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = dir / "kiosk.toml";
  lasis::kiosk::KioskOptions options;
  options.configPath = path.string();
  options.ilsUrl = "sip2://kiosk:secret@127.0.0.1:6001?institution=LIB";
  options.dbPath = (dir / "k.db").string();
  std::ofstream(dir / "logo.svg") << "<svg xmlns='http://www.w3.org/2000/svg' width='40' height='20'/>";
  std::ofstream(dir / "logo.gif") << "GIF89a";
  struct Bad {
    std::string line, option, says;
  };
  // Each config text is refused naming its option and why, or (no option) taken.
  const auto check = [&](const std::vector<Bad>& cases) {
    for (const auto& bad : cases) {
      std::ofstream(path) << bad.line << "\n";
      auto st = lasis::kiosk::KioskRuntime::checkConfig(options);
      if (bad.option.empty()) {
        EXPECT_TRUE(st) << bad.line << ": " << st.error().describe();
        continue;
      }
      ASSERT_FALSE(st) << bad.line << " was taken";
      EXPECT_NE(st.error().message().find(bad.option), std::string::npos) << st.error().message();
      EXPECT_NE(st.error().message().find(bad.says), std::string::npos) << st.error().message();
    }
  };
  check({{"[ui]\naccent = \"#ffcc00\"", "ui.accent", "4.5:1"},  // yellow: white text on it is 1.5:1
         {"[ui]\naccent = \"#2e7d32\"", "", ""},               // a green that passes both (5.1:1, 4.7:1)
         {"[ui]\naccent = \"blue\"", "ui.accent", "#rrggbb"},
         {"[ui]\nlogo = \"" + (dir / "none.svg").string() + "\"", "ui.logo", "cannot read"},
         {"[ui]\nlogo = \"" + (dir / "logo.gif").string() + "\"", "ui.logo", ".svg or .png"}});
  // The signs over the trolley, box and shelf, and a sort bin's: a colour as on the sign, a short label.
  check({{"[returns]\ntrolley_colour = \"blue\"", "returns.trolley_colour", "#rrggbb"},
         {"[returns]\nbox_sign = \"Return box number two\"", "returns.box_sign", "12 characters"},
         {"[[returns.bins]]\ncode = \"1\"\nname = \"Trolley 1\"\ncolour = \"#12345\"", "colour", "#rrggbb"},
         {"[returns]\ntrolley_sign = \"A\"\ntrolley_colour = \"#1f5fbf\"\n[[returns.bins]]\ncode = \"2\"\nname = \"Trolley 2\"\n"
          "sign = \"2\"\ncolour = \"#e0b040\"", "", ""}});
  std::ofstream(path) << "[ui]\nlibrary_name = \"Ventspils bibliotēka\"\naccent = \"#7a1f5c\"\nlogo = \""
                      << (dir / "logo.svg").string() << "\"\nopening_hours = \"P–Pk 10–19\"\n";
  auto st = lasis::kiosk::KioskRuntime::checkConfig(options);
  EXPECT_TRUE(st) << st.error().describe();
  std::filesystem::remove_all(dir);
}
