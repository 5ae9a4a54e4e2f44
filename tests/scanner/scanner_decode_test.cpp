// What the scanner drivers decide without a device: the keyboard layouts (key positions pinned
// from xkb-data's symbols files, so a table cannot pass by agreeing with the simulator that
// uses it too), how a code is assembled and refused, and what a bad URL is told.
#include "drivers/scanner/codeassembler.h"
#include "drivers/scanner/evdevscanner.h"
#include "drivers/scanner/keymap.h"
#include "drivers/scanner/scannerfactory.h"
#include "drivers/scanner/serialscanner.h"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <linux/input-event-codes.h>

#include <fstream>
#include <regex>
#include <sstream>

namespace lasis::drivers {
namespace {

// /usr/share/X11/xkb/symbols/us, lv, lt ("basic" with latin), ua ("unicode" over winkeys).
TEST(ScannerKeymap, KeysGiveWhatXkbSays) {
  struct Case {
    KeyLayout layout;
    std::uint16_t code;
    bool shift, altGr;
    const char* expected;
  } cases[] = {
      {KeyLayout::us, KEY_2, true, false, "@"},
      {KeyLayout::us, KEY_SEMICOLON, true, false, ":"},
      {KeyLayout::us, KEY_A, false, true, ""},  // us has no AltGr level
      {KeyLayout::lv, KEY_2, true, false, "@"},
      {KeyLayout::lv, KEY_A, false, true, "ā"},
      {KeyLayout::lv, KEY_A, true, true, "Ā"},
      {KeyLayout::lv, KEY_4, false, true, "€"},
      {KeyLayout::lv, KEY_N, false, true, "ņ"},
      {KeyLayout::lt, KEY_1, false, false, "ą"},
      {KeyLayout::lt, KEY_1, false, true, "1"},  // the digits are on AltGr
      {KeyLayout::lt, KEY_0, false, true, "0"},
      {KeyLayout::lt, KEY_2, true, true, "@"},
      {KeyLayout::lt, KEY_9, true, false, "("},
      {KeyLayout::lt, KEY_EQUAL, false, false, "ž"},
      {KeyLayout::lt, KEY_EQUAL, false, true, "="},
      {KeyLayout::lt, KEY_E, false, true, "€"},
      {KeyLayout::uk, KEY_A, false, false, "ф"},
      {KeyLayout::uk, KEY_A, true, false, "Ф"},
      {KeyLayout::uk, KEY_BACKSLASH, false, false, "ґ"},
      {KeyLayout::uk, KEY_S, false, false, "і"},
      {KeyLayout::uk, KEY_6, true, false, ":"},
      {KeyLayout::uk, KEY_7, true, false, "?"},
      {KeyLayout::uk, KEY_3, true, false, "№"},
      {KeyLayout::uk, KEY_SLASH, false, false, "."},
      {KeyLayout::uk, KEY_SLASH, true, false, ","},
      {KeyLayout::uk, KEY_SLASH, false, true, "/"},
      {KeyLayout::uk, KEY_9, false, true, "["},
  };
  for (const auto& c : cases)
    EXPECT_EQ(keyChar(c.layout, c.code, c.shift, c.altGr), c.expected)
        << toString(c.layout) << " key " << c.code << (c.shift ? "+Shift" : "") << (c.altGr ? "+AltGr" : "");
}

TEST(ScannerKeymap, TheNumberPadTypesDigitsOnEveryLayout) {
  for (auto l : {KeyLayout::us, KeyLayout::lv, KeyLayout::lt, KeyLayout::uk}) {
    EXPECT_EQ(keyChar(l, KEY_KP7, false, false), "7");
    EXPECT_EQ(keyChar(l, KEY_KP0, true, false), "0");
  }
}

TEST(ScannerKeymap, TypingPrefersTheLowestLevel) {
  EXPECT_EQ(keyFor(KeyLayout::lt, "5"), (KeyStroke{KEY_5, false, true}));
  EXPECT_EQ(keyFor(KeyLayout::us, "5"), (KeyStroke{KEY_5, false, false}));
  EXPECT_EQ(keyFor(KeyLayout::uk, ":"), (KeyStroke{KEY_6, true, false}));
  EXPECT_EQ(keyFor(KeyLayout::lv, "Ž"), (KeyStroke{KEY_Z, true, true}));
  EXPECT_FALSE(keyFor(KeyLayout::uk, "L").has_value());
  EXPECT_FALSE(keyFor(KeyLayout::us, "ā").has_value());
}

// Every character on every level of every layout types back to itself through the decoder.
TEST(ScannerKeymap, EveryTypableCharacterDecodesToItself) {
  for (auto l : {KeyLayout::us, KeyLayout::lv, KeyLayout::lt, KeyLayout::uk}) {
    for (std::uint16_t code = 1; code < 128; ++code) {
      for (int level = 0; level < 4; ++level) {
        const std::string c(keyChar(l, code, level & 1, level & 2));
        if (c.empty()) continue;
        auto k = keyFor(l, c);
        ASSERT_TRUE(k.has_value()) << toString(l) << " " << c;
        EXPECT_EQ(keyChar(l, k->code, k->shift, k->altGr), c) << toString(l);
      }
    }
  }
}

// Where xkb-data is installed, every ASCII letter, digit and punctuation mark of the first two
// levels of "us" and "lv" is checked against the symbols file itself.
TEST(ScannerKeymap, UsAndLatvianMatchTheInstalledXkbFiles) {
  const std::map<std::string, std::uint16_t> keys = {
      {"TLDE", KEY_GRAVE}, {"AE01", KEY_1}, {"AE02", KEY_2}, {"AE03", KEY_3}, {"AE04", KEY_4}, {"AE05", KEY_5},
      {"AE06", KEY_6}, {"AE07", KEY_7}, {"AE08", KEY_8}, {"AE09", KEY_9}, {"AE10", KEY_0}, {"AE11", KEY_MINUS},
      {"AE12", KEY_EQUAL}, {"AD01", KEY_Q}, {"AD02", KEY_W}, {"AD03", KEY_E}, {"AD04", KEY_R}, {"AD05", KEY_T},
      {"AD06", KEY_Y}, {"AD07", KEY_U}, {"AD08", KEY_I}, {"AD09", KEY_O}, {"AD10", KEY_P}, {"AD11", KEY_LEFTBRACE},
      {"AD12", KEY_RIGHTBRACE}, {"AC01", KEY_A}, {"AC02", KEY_S}, {"AC03", KEY_D}, {"AC04", KEY_F}, {"AC05", KEY_G},
      {"AC06", KEY_H}, {"AC07", KEY_J}, {"AC08", KEY_K}, {"AC09", KEY_L}, {"AC10", KEY_SEMICOLON},
      {"AC11", KEY_APOSTROPHE}, {"BKSL", KEY_BACKSLASH}, {"AB01", KEY_Z}, {"AB02", KEY_X}, {"AB03", KEY_C},
      {"AB04", KEY_V}, {"AB05", KEY_B}, {"AB06", KEY_N}, {"AB07", KEY_M}, {"AB08", KEY_COMMA}, {"AB09", KEY_DOT},
      {"AB10", KEY_SLASH}};
  const std::map<std::string, std::string> keysyms = {
      {"grave", "`"}, {"asciitilde", "~"}, {"exclam", "!"}, {"at", "@"}, {"numbersign", "#"}, {"dollar", "$"},
      {"percent", "%"}, {"asciicircum", "^"}, {"ampersand", "&"}, {"asterisk", "*"}, {"parenleft", "("},
      {"parenright", ")"}, {"minus", "-"}, {"underscore", "_"}, {"equal", "="}, {"plus", "+"},
      {"bracketleft", "["}, {"braceleft", "{"}, {"bracketright", "]"}, {"braceright", "}"}, {"semicolon", ";"},
      {"colon", ":"}, {"apostrophe", "'"}, {"quotedbl", "\""}, {"backslash", "\\"}, {"bar", "|"}, {"comma", ","},
      {"less", "<"}, {"period", "."}, {"greater", ">"}, {"slash", "/"}, {"question", "?"}};
  int checked = 0;
  for (auto [layout, file] : {std::pair{KeyLayout::us, "us"}, std::pair{KeyLayout::lv, "lv"}}) {
    std::ifstream in(std::string("/usr/share/X11/xkb/symbols/") + file);
    if (!in) GTEST_SKIP() << "xkb-data is not installed";
    std::stringstream all;
    all << in.rdbuf();
    std::string text = all.str();
    const auto basic = text.find("xkb_symbols \"basic\"");
    ASSERT_NE(basic, std::string::npos);
    text = text.substr(basic, text.find("\n};", basic) - basic);
    const std::regex row(R"(key\s*<(\w+)>\s*\{\s*\[\s*([\w]+)\s*,\s*([\w]+))");
    for (std::sregex_iterator it(text.begin(), text.end(), row), end; it != end; ++it) {
      auto k = keys.find((*it)[1]);
      if (k == keys.end()) continue;
      for (int level = 0; level < 2; ++level) {
        const std::string sym = (*it)[2 + level];
        std::string expected = sym.size() == 1 ? sym : keysyms.count(sym) ? keysyms.at(sym) : "";
        if (expected.empty()) continue;
        EXPECT_EQ(keyChar(layout, k->second, level == 1, false), expected) << file << " <" << (*it)[1] << "> " << sym;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 150);
}

// The strongest check: every key of the main block, on every level, as libxkbcommon (the library
// Wayland compositors and Qt type with) decodes it from xkb-data, through its C API loaded at run
// time (the runtime library comes with Qt; no -dev package is needed). Skipped where it is absent.
TEST(ScannerKeymap, EveryKeyOnEveryLevelIsWhatLibxkbcommonTypes) {
  void* lib = ::dlopen("libxkbcommon.so.0", RTLD_NOW | RTLD_LOCAL);
  if (!lib) GTEST_SKIP() << "libxkbcommon.so.0 is not installed";
  struct RuleNames {
    const char *rules, *model, *layout, *variant, *options;
  };
  using ContextNew = void* (*)(int);
  using KeymapNew = void* (*)(void*, const RuleNames*, int);
  using StateNew = void* (*)(void*);
  using ModIndex = std::uint32_t (*)(void*, const char*);
  using UpdateMask = int (*)(void*, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t);
  using KeyUtf8 = int (*)(void*, std::uint32_t, char*, std::size_t);
  using Unref = void (*)(void*);
  auto sym = [lib](const char* name) { return ::dlsym(lib, name); };
  auto contextNew = reinterpret_cast<ContextNew>(sym("xkb_context_new"));
  auto keymapNew = reinterpret_cast<KeymapNew>(sym("xkb_keymap_new_from_names"));
  auto stateNew = reinterpret_cast<StateNew>(sym("xkb_state_new"));
  auto modIndex = reinterpret_cast<ModIndex>(sym("xkb_keymap_mod_get_index"));
  auto updateMask = reinterpret_cast<UpdateMask>(sym("xkb_state_update_mask"));
  auto keyUtf8 = reinterpret_cast<KeyUtf8>(sym("xkb_state_key_get_utf8"));
  auto stateUnref = reinterpret_cast<Unref>(sym("xkb_state_unref"));
  auto keymapUnref = reinterpret_cast<Unref>(sym("xkb_keymap_unref"));
  auto contextUnref = reinterpret_cast<Unref>(sym("xkb_context_unref"));
  ASSERT_TRUE(contextNew && keymapNew && stateNew && modIndex && updateMask && keyUtf8 && stateUnref && keymapUnref &&
              contextUnref);
  void* context = contextNew(0);
  ASSERT_NE(context, nullptr);
  // The number pad is ours (NumLock on, digits on every level); libxkbcommon's state here has
  // NumLock off. Everything else of the first 128 key codes is compared.
  auto keypad = [](int code) {
    return code == KEY_KPASTERISK || (code >= KEY_KP7 && code <= KEY_KPDOT) || code == KEY_KPEQUAL ||
           code == KEY_KPPLUSMINUS || code == KEY_KPCOMMA;
  };
  int compared = 0;
  for (auto [layout, xkbName] : {std::pair{KeyLayout::us, "us"}, std::pair{KeyLayout::lv, "lv"},
                                 std::pair{KeyLayout::lt, "lt"}, std::pair{KeyLayout::uk, "ua"}}) {
    SCOPED_TRACE(xkbName);
    const RuleNames names{"evdev", "pc105", xkbName, "", ""};
    void* keymap = keymapNew(context, &names, 0);
    ASSERT_NE(keymap, nullptr) << "xkb-data has no layout " << xkbName;
    void* state = stateNew(keymap);
    const std::uint32_t shift = 1u << modIndex(keymap, "Shift");
    const std::uint32_t level3 = 1u << modIndex(keymap, "Mod5");  // where AltGr (ISO_Level3_Shift) is
    const int levels = hasAltGr(layout) ? 4 : 2;
    for (int code = 1; code < 128; ++code) {
      if (keypad(code)) continue;
      for (int level = 0; level < levels; ++level) {
        updateMask(state, ((level & 1) ? shift : 0) | ((level & 2) ? level3 : 0), 0, 0, 0, 0, 0);
        char text[16] = {};
        keyUtf8(state, static_cast<std::uint32_t>(code + 8), text, sizeof text);  // evdev code + 8
        std::string expected = text;
        const auto first = static_cast<unsigned char>(expected.empty() ? 'x' : expected[0]);
        if (first < 0x20 || first == 0x7F) expected.clear();  // Enter, Tab, Escape, Delete: no character
        EXPECT_EQ(keyChar(layout, static_cast<std::uint16_t>(code), level & 1, level & 2), expected)
            << "key " << code << " level " << level + 1;
        ++compared;
      }
    }
    stateUnref(state);
    keymapUnref(keymap);
  }
  contextUnref(context);
  EXPECT_GT(compared, 1000);
}

TEST(ScannerCode, AGarbageOrOverlongCodeIsRefusedWholeAndTheNextIsClean) {
  CodeAssembler a("serial:/dev/x");
  a.append("12");
  a.garbage("control byte 0x00 at position 3");
  a.append("34");
  auto bad = a.finish();
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.error().is(Errc::invalidArgument));
  EXPECT_NE(bad.error().message().find("control byte 0x00"), std::string::npos);
  a.append(std::string(scan::kMaxCodeLength + 1, 'x'));
  auto longer = a.finish();
  ASSERT_FALSE(longer.ok());
  EXPECT_NE(longer.error().message().find("1025 bytes"), std::string::npos) << longer.error().message();
  a.append("]E04006381333931");
  auto ok = a.finish();
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->text, "4006381333931");
  EXPECT_EQ(ok->source, "serial:/dev/x");
}

TEST(ScannerUrl, DefaultsAreAsDocumented) {
  auto s = SerialScanner::parseUrl("serial:/dev/ttyACM0");
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(s->path, "/dev/ttyACM0");
  EXPECT_EQ(s->baud, 9600);
  EXPECT_EQ(s->suffix, "\r");
  EXPECT_FALSE(s->stxPrefix);
  auto e = EvdevScanner::parseUrl("evdev:/dev/input/by-id/usb-Scanner-event-kbd");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->layout, KeyLayout::us);
  EXPECT_EQ(e->suffixKey, KEY_ENTER);
  auto full = SerialScanner::parseUrl("serial:/dev/lasis/scanner0?baud=115200&suffix=CRLF&prefix=STX");
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->baud, 115200);
  EXPECT_EQ(full->suffix, "\r\n");
  EXPECT_TRUE(full->stxPrefix);
}

TEST(ScannerUrl, ABadUrlIsAClearErrorNamingWhatIsWrong) {
  struct Case {
    const char* url;
    const char* names;
  } cases[] = {
      {"usb:/dev/ttyACM0", "expected serial:"},
      {"/dev/ttyACM0", "expected serial:"},
      {"serial:", "path is empty"},
      {"serial:ttyACM0", "not absolute"},
      {"serial:/dev/ttyACM0?baud=9601", "baud \"9601\""},
      {"serial:/dev/ttyACM0?baud=fast", "baud \"fast\""},
      {"serial:/dev/ttyACM0?suffix=CRCR", "suffix \"CRCR\""},
      {"serial:/dev/ttyACM0?sufix=CR", "unknown option \"sufix\""},
      {"serial:/dev/ttyACM0?prefix=SOH", "prefix \"SOH\""},
      {"serial:/dev/ttyACM0?baud", "not name=value"},
      {"serial:/dev/ttyACM0?baud=9600&baud=19200", "given twice"},
      {"evdev:/dev/input/event3?layout=de", "layout \"de\""},
      {"evdev:/dev/input/event3?suffix=CR", "suffix \"CR\""},
      {"evdev:/dev/input/event3?baud=9600", "unknown option \"baud\""},
  };
  for (const auto& c : cases) {
    auto st = checkScannerUrl(c.url);
    ASSERT_FALSE(st.ok()) << c.url;
    EXPECT_TRUE(st.error().is(Errc::config)) << c.url;
    EXPECT_NE(st.error().message().find(c.names), std::string::npos) << c.url << ": " << st.error().message();
    EXPECT_NE(st.error().message().find(c.url), std::string::npos) << "names the URL: " << st.error().message();
    auto opened = openScanner(c.url, nullLogger(), ScannerOpenMode::lazy);
    EXPECT_FALSE(opened.ok()) << c.url;
  }
}

} // namespace
} // namespace lasis::drivers
