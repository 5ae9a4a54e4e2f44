// The kiosk in a real window (issue 19): under Xvfb with QT_QPA_PLATFORM=xcb, or in the production
// compositor (cage, QT_QPA_PLATFORM=wayland), where the Qt Virtual Keyboard really shows (offscreen
// it never does, and layouts it breaks pass there). A whole visit and every screen, in every
// language, in normal and large text, each rendered once as it comes and once more per text field
// with that field focused and the keyboard up: no button, PIN key, field or result row may be
// outside the window, under another control or under the keyboard (ScreenCheck::unreachable, on
// the real item geometry). The PIN step shows our own PIN pad and never the keyboard.
#include "kiosk/app/languagecontroller.h"
#include "kiosk/app/outcomelistmodel.h"
#include "kiosk/app/screencheck.h"
#include "kiosk/app/screentour.h"
#include "kiosk/app/sessioncontroller.h"
#include "kiosk/app/speaker.h"
#include "kiosk/app/staffcontroller.h"
#include "kiosk/app/theme.h"
#include "kiosk/app/languagecontroller.h"
#include "tests/ui/simharness.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QQuickItem>
#include <QQuickWindow>
#include <QtQml/qqmlextensionplugin.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <optional>

Q_IMPORT_QML_PLUGIN(Lasis_KioskPlugin)

using namespace lasis::kiosk;

namespace {

using lasis::test::find;

/// The window as the kiosk shows it: full screen in a compositor (lasis-kiosk --fullscreen, cage),
/// 1280×800 as Main.qml asks on a bare X server (Xvfb has no window manager to size it).
QQuickWindow* show(lasis::kiosk::KioskUi& ui) {
  QQuickWindow* w = ui.window();
  if (QGuiApplication::platformName() != QLatin1String("xcb")) w->showFullScreen();
  if (!waitFor([&] { return w->isExposed(); }, 10000)) return nullptr;
  w->requestActivate();  // as the first touch would (Xvfb has no window manager to do it)
  if (!waitFor([&] { return w->isActive(); }, 10000)) return nullptr;
  ScreenCheck::settleAndGrab(w);
  return w;
}

/// What the production compositor shows, taken by `grim` (wlroots' screencopy): only under cage,
/// where the kiosk is a Wayland client; nothing elsewhere (Xvfb, or grim not installed).
std::optional<QImage> compositorShot() {
  if (QGuiApplication::platformName() != QLatin1String("wayland")) return std::nullopt;
  const QString grim = QStandardPaths::findExecutable(QStringLiteral("grim"));
  if (grim.isEmpty()) return std::nullopt;
  QProcess p;
  p.start(grim, {QStringLiteral("-t"), QStringLiteral("png"), QStringLiteral("-")});
  // The kiosk's own event loop keeps turning while grim asks the compositor for a frame.
  if (!waitFor([&] { return p.state() == QProcess::NotRunning; }, 15000)) p.kill();
  QImage image;
  if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0 || !image.loadFromData(p.readAllStandardOutput(), "PNG")) {
    ADD_FAILURE() << "grim took no picture: " << p.readAllStandardError().toStdString();
    return std::nullopt;
  }
  return image;
}

/// Pixels (as a share of all) where the compositor's picture differs from what the window drew:
/// anything laid over the kiosk, or a kiosk not full screen at the top left, shows here.
double differingShare(const QImage& screen, const QImage& window) {
  const QImage a = screen.convertToFormat(QImage::Format_RGB32), b = window.convertToFormat(QImage::Format_RGB32);
  if (a.size() != b.size()) return 1.0;
  long differing = 0;
  for (int y = 0; y < a.height(); ++y) {
    const auto* ra = reinterpret_cast<const QRgb*>(a.constScanLine(y));
    const auto* rb = reinterpret_cast<const QRgb*>(b.constScanLine(y));
    for (int x = 0; x < a.width(); ++x)
      if (std::abs(qRed(ra[x]) - qRed(rb[x])) > 24 || std::abs(qGreen(ra[x]) - qGreen(rb[x])) > 24 ||
          std::abs(qBlue(ra[x]) - qBlue(rb[x])) > 24)
        ++differing;
  }
  return double(differing) / (double(a.width()) * a.height());
}

void tap(QQuickWindow* w, QQuickItem* item) {
  ScreenTour::tap(w, item);
  ScreenCheck::settleAndGrab(w);
}

class KioskWindow : public ::testing::TestWithParam<bool> {};

} // namespace

TEST_P(KioskWindow, EveryScreenInEveryLanguageKeepsItsControlsReachable) {
  const bool large = GetParam();
  lasis::test::SimHarness sim;
  ASSERT_TRUE(sim.problem().isEmpty()) << sim.problem().toStdString();
  ASSERT_TRUE(sim.ui()->load());
  QQuickWindow* w = show(*sim.ui());
  ASSERT_NE(w, nullptr) << "the window never showed or never became active";
  TourOptions o;
  o.pin = sim.putTourVisit();
  o.looks = {TourLook{large ? QStringLiteral("large") : QString(), large, false}};
  o.geometry = true;
  o.keyboard = true;
  o.languages = QStringList{"en", "lv", "lt", "uk", "ru"};
  // LASIS_SCREENSHOT_DIR keeps the pictures of the real window, keyboard up or not.
  if (!qEnvironmentVariableIsEmpty("LASIS_SCREENSHOT_DIR"))
    o.outDir = qEnvironmentVariable("LASIS_SCREENSHOT_DIR") + (large ? "/large" : "/normal");
  TourReport r = ScreenTour::run(*sim.ui(), o);
  EXPECT_TRUE(r.failure.isEmpty()) << r.describe();
  // Every screen of the tour but the offline banner (this visit does not take the ILS down).
  EXPECT_EQ(r.screens, ScreenTour::steps().size() - 1);
  // Then every screen the controller can show, empty and with nothing on the pad: the identify
  // screen's card-number field (with a card on the pad it is not typed into) and the staff screen.
  sim.clearPad();
  sim.ui()->session().goHome();
  waitFor([&] { return sim.ui()->session().screen() == QLatin1String("welcome"); });
  ScreenTour::walkScreens(*sim.ui(), o, r);
  EXPECT_TRUE(r.problems.empty()) << r.describe();
  EXPECT_GT(r.keyboards, 0) << "the virtual keyboard never showed: not a real window? ("
                            << QGuiApplication::platformName().toStdString() << ")";
  std::cout << "rendered " << r.renders << " screens, " << r.keyboards << " with the keyboard up, on "
            << QGuiApplication::platformName().toStdString() << " in a " << w->width() << "x" << w->height()
            << " window" << (large ? ", large text" : "") << "\n";
}

INSTANTIATE_TEST_SUITE_P(TextSize, KioskWindow, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& p) { return p.param ? "Large" : "Normal"; });

// The top bar never wraps (issue 19): on every screen, in every language and both text sizes, the
// languages (the five in normal text; in large text one button naming the current one), the one
// "Accessibility" button and "Call staff" lie on one row inside the window. Accessibility opens
// the panel (larger text, high contrast, read-aloud where there is a voice, close), whose controls
// are inside the window and under nothing; a tap on them does what they say. In large text the
// language button opens the list of five, each inside the window, and a tap on one chooses it.
class KioskTopBar : public ::testing::TestWithParam<bool> {};

TEST_P(KioskTopBar, OneRowInEveryLanguageAndThePanelsControlsAreReachable) {
  const bool large = GetParam();
  lasis::test::SimHarness sim;
  ASSERT_TRUE(sim.problem().isEmpty()) << sim.problem().toStdString();
  ASSERT_TRUE(sim.ui()->load());
  QQuickWindow* w = show(*sim.ui());
  ASSERT_NE(w, nullptr) << "the window never showed or never became active";
  SessionController& s = sim.ui()->session();
  Theme& theme = sim.ui()->theme();
  const QStringList languages{"en", "lv", "lt", "uk", "ru"};
  const QRectF bounds(0, 0, w->width(), w->height());
  for (const char* screen : {"welcome", "identify", "checkout", "return", "account", "hold", "receipt", "goodbye"}) {
    s.showForSelfTest(QString::fromLatin1(screen));
    for (const QString& lang : languages) {
      theme.setLargeText(large);
      sim.ui()->language().setLanguage(lang);
      ScreenCheck::settleAndGrab(w);
      const std::string where = std::string(screen) + "/" + lang.toStdString();
      QStringList names;
      if (large) {
        names << "languageMenu";
        for (const QString& l : languages)
          EXPECT_EQ(find(w->contentItem(), "language." + l), nullptr) << where << ": five languages in large text";
      } else {
        for (const QString& l : languages) names << "language." + l;
      }
      names << "accessibility" << "callStaff";
      std::optional<double> rowY;
      for (const QString& n : names) {
        QQuickItem* b = find(w->contentItem(), n);
        ASSERT_NE(b, nullptr) << where << ": no " << n.toStdString() << " in the top bar";
        const QRectF r = b->mapRectToScene(QRectF(0, 0, b->width(), b->height()));
        if (!rowY) rowY = r.y();
        EXPECT_NEAR(r.y(), *rowY, 0.5) << where << ": " << n.toStdString() << " is on another row (wrapped)";
        EXPECT_TRUE(bounds.adjusted(-1, -1, 1, 1).contains(r))
            << where << ": " << n.toStdString() << " at " << r.x() << "," << r.y() << " " << r.width() << "x"
            << r.height() << " is outside the window";
      }
      // The old toggles live in the panel now, not in the bar.
      EXPECT_EQ(find(w->contentItem(), "largeText"), nullptr) << where << ": the panel is open or the toggle is in the bar";
    }
  }
  // The panel, in every language: its controls inside the window and under nothing.
  s.goHome();
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("welcome"); }));
  for (const QString& lang : languages) {
    theme.setLargeText(large);
    sim.ui()->language().setLanguage(lang);
    ScreenCheck::settleAndGrab(w);
    const std::string where = lang.toStdString();
    tap(w, find(w->contentItem(), "accessibility"));
    QQuickItem* panel = find(w->contentItem(), "accessibilityPanel");
    ASSERT_NE(panel, nullptr) << where << ": the Accessibility button opened no panel";
    std::vector<std::string> controls{"largeText", "highContrast", "accessibilityClose"};
    if (sim.ui()->speaker().speechAvailable()) controls.push_back("speech");
    for (const auto& n : controls) {
      QQuickItem* c = find(panel, QString::fromStdString(n));
      ASSERT_NE(c, nullptr) << where << ": no " << n << " in the panel";
      const QRectF r = c->mapRectToScene(QRectF(0, 0, c->width(), c->height()));
      EXPECT_TRUE(bounds.contains(r)) << where << ": " << n << " is outside the window";
      EXPECT_GE(c->height(), 44) << where << ": " << n;
    }
    for (const auto& p : ScreenCheck::unreachable(w))
      ADD_FAILURE() << where << ": " << p.kind.toStdString() << " " << p.object.toStdString() << " " << p.text.toStdString();
    for (const auto& p : ScreenCheck::overflow(w))
      ADD_FAILURE() << where << ": " << p.kind.toStdString() << " " << p.object.toStdString() << " " << p.text.toStdString();
    if (!qEnvironmentVariableIsEmpty("LASIS_SCREENSHOT_DIR")) {
      const QString dir = qEnvironmentVariable("LASIS_SCREENSHOT_DIR");
      QDir().mkpath(dir);
      ScreenCheck::settleAndGrab(w).save(QStringLiteral("%1/accessibility-%2-%3.png").arg(dir, large ? "large" : "normal", lang));
    }
    // A tap on a toggle does what it says, and the bar stays one row with the new size.
    tap(w, find(panel, "highContrast"));
    EXPECT_TRUE(theme.highContrast()) << where;
    tap(w, find(panel, "largeText"));
    EXPECT_EQ(theme.largeText(), !large) << where;
    tap(w, find(panel, "accessibilityClose"));
    EXPECT_EQ(find(w->contentItem(), "accessibilityPanel"), nullptr) << where << ": Close did not close the panel";
    theme.setHighContrast(false);
  }
  if (!large) return;
  // Large text: the language button opens the five, and a tap on one chooses it.
  for (const QString& lang : languages) {
    theme.setLargeText(true);
    sim.ui()->language().setLanguage(lang == "ru" ? "en" : "ru");
    ScreenCheck::settleAndGrab(w);
    const std::string where = lang.toStdString();
    tap(w, find(w->contentItem(), "languageMenu"));
    QQuickItem* panel = find(w->contentItem(), "languagePanel");
    ASSERT_NE(panel, nullptr) << where << ": the language button opened no list";
    for (const QString& l : languages) {
      QQuickItem* c = find(panel, "language." + l);
      ASSERT_NE(c, nullptr) << where << ": no " << l.toStdString() << " in the list";
      const QRectF r = c->mapRectToScene(QRectF(0, 0, c->width(), c->height()));
      EXPECT_TRUE(bounds.contains(r)) << where << ": " << l.toStdString() << " is outside the window";
    }
    for (const auto& p : ScreenCheck::unreachable(w))
      ADD_FAILURE() << where << ": " << p.kind.toStdString() << " " << p.object.toStdString() << " " << p.text.toStdString();
    tap(w, find(panel, "language." + lang));
    EXPECT_EQ(sim.ui()->language().current(), lang);
    ScreenCheck::settleAndGrab(w);
    EXPECT_EQ(find(w->contentItem(), "languagePanel"), nullptr) << where << ": choosing a language left the list open";
  }
}

INSTANTIATE_TEST_SUITE_P(TextSize, KioskTopBar, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& p) { return p.param ? "Large" : "Normal"; });

// The pad works by itself (issue 19): a card laid on the pad while the welcome screen shows starts
// borrowing with it, straight to the PIN; a card that already lay there when the welcome screen
// came up (the last patron's, left behind) is not a new visit.
TEST(KioskPad, ACardLaidOnTheWelcomeScreenStartsBorrowingAndOneLeftBehindDoesNot) {
  lasis::test::SimHarness sim;
  ASSERT_TRUE(sim.problem().isEmpty()) << sim.problem().toStdString();
  ASSERT_TRUE(sim.ui()->load());
  QQuickWindow* w = show(*sim.ui());
  ASSERT_NE(w, nullptr) << "the window never showed or never became active";
  SessionController& s = sim.ui()->session();
  ASSERT_EQ(s.screen(), QLatin1String("welcome"));
  ASSERT_TRUE(waitFor([&] { return s.welcomeLookedAtPad(); }, 15000));  // its first look at the pad
  sim.putCard("P100003");
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("identify"); }, 5000))
      << "the card on the pad did nothing; screen " << s.screen().toStdString();
  EXPECT_EQ(s.cardOnPad(), QLatin1String("P100003"));
  QQuickItem* pinKey = find(w->contentItem(), "pinKey1");
  EXPECT_NE(pinKey, nullptr) << "the PIN pad is not showing";
  s.login({}, QStringLiteral("1234"));
  ASSERT_TRUE(waitFor([&] { return s.loggedIn() && !s.busy(); }));
  EXPECT_EQ(s.screen(), QLatin1String("checkout"));  // borrowing, as a card on the pad means
  // The patron leaves and forgets the card: the welcome screen stays the welcome screen.
  s.endSession();
  s.goHome();
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("welcome"); }));
  ASSERT_TRUE(waitFor([&] { return s.welcomeLookedAtPad(); }, 15000));
  waitFor([] { return false; }, 2500);  // more looks at the pad: the card is still not a new arrival
  EXPECT_EQ(s.screen(), QLatin1String("welcome")) << "a card left behind started a visit";
}

// Scanners (issue 20) on the real touchscreen: a barcode card scanned on the welcome screen goes
// straight to the PIN; a book with no RFID tag scanned during the visit is lent with the reminder
// to carry it round the gate; a phone card's QR code logs its patron in. The scanner is
// `lasis-sim scanner` on a pty, read by the kiosk's serial driver.
TEST(KioskScanner, AScannedCardThenABookWithNoTagThenAPhoneCard) {
  const auto dir = lasis::test::freshTestDir("window-scanner");
  lasis::test::SimDevice scanner({lasis::test::simBinary(), "scanner", "--serial", (dir / "scanner").string()});
  ASSERT_TRUE(scanner.ok()) << scanner.stderrText();
  const QString config = QStringLiteral(
      "[scanner]\ndevices = [\"%1\"]\n"
      "[network]\n"
      "[[network.cards]]\nname = \"ventspils\"\nprefix = \"2100\"\nlength = 13\ncharset = \"digits\"\ncheck = \"mod10\"\n"
      "[[network.cards]]\nname = \"phone\"\nprefix = \"LASIS:CARD:\"\npatron_id = \"{body}\"\n"
      "[[network.cards]]\nname = \"items\"\nkind = \"item\"\nlength = 8\ncharset = \"digits\"\n")
                             .arg(QString::fromStdString(scanner.field("serial")));
  lasis::test::SimHarness sim(config);
  ASSERT_TRUE(sim.problem().isEmpty()) << sim.problem().toStdString();
  ASSERT_TRUE(sim.ui()->load());
  QQuickWindow* w = show(*sim.ui());
  ASSERT_NE(w, nullptr) << "the window never showed or never became active";
  SessionController& s = sim.ui()->session();
  auto scan = [&](const std::string& code, const std::string& aim = {}) {
    nlohmann::json req{{"cmd", "scan"}, {"code", code}};
    if (!aim.empty()) req["aim"] = aim;
    return scanner.call(req).value("ok", false);
  };
  ASSERT_TRUE(scan("2100000000012", "]E0"));
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("identify") && !s.cardOnPad().isEmpty(); }, 10000))
      << "the scanned card did not start a visit; screen " << s.screen().toStdString();
  EXPECT_NE(find(w->contentItem(), "pinKey1"), nullptr) << "the PIN pad is not showing";
  for (const char* key : {"pinKey1", "pinKey2", "pinKey3", "pinKey4", "pinKeyOk"}) {
    QQuickItem* k = find(w->contentItem(), key);
    ASSERT_NE(k, nullptr) << key;
    tap(w, k);
  }
  ASSERT_TRUE(waitFor([&] { return s.loggedIn() && !s.busy() && s.screen() == QLatin1String("checkout"); }))
      << "notice: " << s.notice().toStdString();
  ASSERT_TRUE(scan("30000001"));
  auto& items = sim.ui()->items();
  ASSERT_TRUE(waitFor([&] { return items.okCount() == 1; }, 15000)) << "notice: " << s.notice().toStdString();
  const QString hint = items.data(items.index(0), items.roleNames().key("hint")).toString();
  // In the kiosk's language (Latvian here): carry it round the security gate.
  EXPECT_TRUE(hint.contains(QStringLiteral("drošības vārtiem"))) << hint.toStdString();
  ScreenCheck::settleAndGrab(w);
  s.endSession();
  s.goHome();
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("welcome") && !s.loggedIn(); }));
  ASSERT_TRUE(scan("LASIS:CARD:P100008", "]Q1"));
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("identify") && !s.cardOnPad().isEmpty(); }, 10000));
  s.login({}, QStringLiteral("1234"));
  ASSERT_TRUE(waitFor([&] { return s.loggedIn() && !s.busy(); })) << "notice: " << s.notice().toStdString();
  EXPECT_EQ(s.patronName(), QStringLiteral("Kārlis Zariņš"));
}

// A whole visit per language through the real window, driven only by taps at the controls a
// patron sees (found by objectName; ScreenTour::tap sends mouse press and release at the item's
// centre): the language, a card laid on the welcome screen, the PIN on the pad, a stack of five
// with one refused (all five rows visible without scrolling, nothing covered), the receipt shown,
// the goodbye repeating the refused one, back to start; then a return of two books that go to two
// different places (this branch's trolley, another branch's box).
class KioskVisit : public ::testing::TestWithParam<const char*> {};

TEST_P(KioskVisit, CardPinStackOfFiveReceiptGoodbyeAndAReturnWithTwoDestinations) {
  const QString lang = QString::fromLatin1(GetParam());
  lasis::test::SimHarness sim;
  ASSERT_TRUE(sim.problem().isEmpty()) << sim.problem().toStdString();
  ASSERT_TRUE(sim.ui()->load());
  QQuickWindow* w = show(*sim.ui());
  ASSERT_NE(w, nullptr) << "the window never showed or never became active";
  SessionController& s = sim.ui()->session();
  auto press = [&](const QString& name) {
    QQuickItem* item = nullptr;
    waitFor([&] { return (item = find(w->contentItem(), name)) != nullptr && item->isEnabled(); }, 10000);
    if (!item) return testing::AssertionFailure() << "no visible control '" << name.toStdString() << "' on "
                                                  << s.screen().toStdString();
    tap(w, item);
    return testing::AssertionSuccess();
  };
  auto reachable = [&](const char* where) {
    ScreenCheck::settleAndGrab(w);
    const auto problems = ScreenCheck::unreachable(w);
    std::string text;
    for (const auto& p : problems) text += p.kind.toStdString() + " " + p.object.toStdString() + ": " + p.text.toStdString() + "\n";
    EXPECT_TRUE(problems.empty()) << where << " (" << lang.toStdString() << "):\n" << text;
  };
  // In cage, the compositor's picture of the first frame is the kiosk's, full screen, without a
  // title bar or a border (a plain Qt Quick window gets both there, at 500×500). Cage 0.1.4 on
  // headless wlroots 0.15.1 with pixman presents at most that first frame, and in some runs not
  // even that ("Basic output test failed for HEADLESS-1" on every screencopy, then the black
  // output): only a picture that is the kiosk's at all is compared, and the rest is said.
  std::optional<QImage> firstFrame;
  if (auto shot = compositorShot()) {
    const QImage drawn = ScreenCheck::settleAndGrab(w);
    for (int i = 0; i < 20 && differingShare(*shot, drawn) >= 0.01; ++i) {
      waitFor([] { return false; }, 250);
      if (auto again = compositorShot()) shot = again;
    }
    EXPECT_EQ(shot->size(), drawn.size()) << "the compositor's output is not the kiosk's window";
    const double share = differingShare(*shot, drawn);
    std::cout << "compositor's first picture against the window's: " << share * 100 << " % of pixels differ\n";
    if (share < 0.01) firstFrame = drawn;
    else std::cout << "  the compositor presented no frame of the kiosk in 5 s (its output stays black)\n";
    if (!qEnvironmentVariableIsEmpty("LASIS_SCREENSHOT_DIR"))
      shot->save(qEnvironmentVariable("LASIS_SCREENSHOT_DIR") + "/visit-welcome-" + lang + "-grim.png");
  }
  ASSERT_TRUE(press("language." + lang));
  ASSERT_TRUE(waitFor([&] { return sim.ui()->language().current() == lang; }, 5000));
  // The stack lies on the pad first; the card is laid on the welcome screen.
  for (const char* id : {"10000001", "10000010", "10000006", "10000008", "10000004"}) sim.putItem(QString::fromLatin1(id));
  ASSERT_TRUE(waitFor([&] { return s.welcomeLookedAtPad(); }, 15000));  // the welcome screen has looked at the pad
  sim.putCard("P100008");
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("identify"); }, 10000)) << s.screen().toStdString();
  for (const char* key : {"pinKey1", "pinKey2", "pinKey3", "pinKey4", "pinKeyOk"}) ASSERT_TRUE(press(key));
  auto& items = sim.ui()->items();
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("checkout") && items.rowCount() == 5 && !s.busy(); }))
      << "notice: " << s.notice().toStdString() << "; rows " << items.rowCount();
  EXPECT_EQ(items.okCount(), 4);
  EXPECT_EQ(items.problemCount(), 1);
  reachable("checkout with five rows");
  auto* list = find(w->contentItem(), "items");
  ASSERT_NE(list, nullptr);
  // All five rows in view without scrolling (462 px of rows in a 407 px list in Latvian at
  // 1280x800 before the rows put the outcome beside the title).
  ScreenCheck::settleAndGrab(w);
  const double rows = list->property("contentHeight").toDouble();
  std::cout << "five result rows (" << lang.toStdString() << "): " << rows << " px in a list of " << list->height() << " px\n";
  EXPECT_LE(rows, list->height()) << "five rows need scrolling";
  if (!qEnvironmentVariableIsEmpty("LASIS_SCREENSHOT_DIR"))
    ScreenCheck::settleAndGrab(w).save(qEnvironmentVariable("LASIS_SCREENSHOT_DIR") + "/visit-checkout-five-" + lang + ".png");
  // In cage: the compositor shows what the kiosk drew now, or (headless wlroots 0.15.1 with
  // pixman, see above) still its first frame, never anything else.
  if (firstFrame) {
    if (const auto shot = compositorShot()) {
      const QImage drawn = ScreenCheck::settleAndGrab(w);
      const double now = differingShare(*shot, drawn), first = differingShare(*shot, *firstFrame);
      std::cout << "compositor's picture at five rows (" << lang.toStdString() << "): " << now * 100
                << " % of pixels differ from the kiosk's frame, " << first * 100 << " % from its first frame\n";
      EXPECT_TRUE(now < 0.01 || first < 0.01) << "the compositor shows something the kiosk never drew";
      if (now >= 0.01) std::cout << "  the compositor presents no frame after the first: its pictures are not the kiosk's\n";
      if (!qEnvironmentVariableIsEmpty("LASIS_SCREENSHOT_DIR"))
        shot->save(qEnvironmentVariable("LASIS_SCREENSHOT_DIR") + "/visit-checkout-five-" + lang + "-grim.png");
    }
  }
  ASSERT_TRUE(press("finish"));
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("receipt") && !s.busy(); }));
  ASSERT_TRUE(press("receipt.screen"));
  ASSERT_TRUE(waitFor([&] { return !s.receiptLines().isEmpty(); }));
  EXPECT_EQ(s.receiptLines().size(), 5) << "four lent and the one not lent";
  reachable("receipt on screen");
  ASSERT_TRUE(press("done"));
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("goodbye"); }));
  EXPECT_EQ(s.leftBehind().size(), 1);
  reachable("goodbye");
  ASSERT_TRUE(press("home"));
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("welcome"); }));
  // The return: a book of this branch and one of another branch.
  sim.clearPad();
  waitFor([] { return false; }, 1200);
  sim.putItem(QStringLiteral("10000001"));
  sim.putItem(QStringLiteral("10000008"));
  ASSERT_TRUE(press("return"));
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("return") && items.okCount() == 2 && !s.busy(); }))
      << "notice: " << s.notice().toStdString();
  const int hint = items.roleNames().key("hint");
  const QString first = items.data(items.index(0), hint).toString(), second = items.data(items.index(1), hint).toString();
  EXPECT_FALSE(first.isEmpty());
  EXPECT_FALSE(second.isEmpty());
  EXPECT_NE(first, second) << "two books for two places, one sign: " << first.toStdString();
  reachable("return with two destinations");
  if (!qEnvironmentVariableIsEmpty("LASIS_SCREENSHOT_DIR"))
    ScreenCheck::settleAndGrab(w).save(qEnvironmentVariable("LASIS_SCREENSHOT_DIR") + "/visit-return-two-" + lang + ".png");
}

INSTANTIATE_TEST_SUITE_P(Languages, KioskVisit, ::testing::Values("lv", "lt", "uk", "en", "ru"),
                         [](const ::testing::TestParamInfo<const char*>& p) { return std::string(p.param); });

// The PIN step: our own pad beside the field, phone order (1-2-3 on top), keys of at least 72 px,
// the keyboard never up; tapping the keys in the window and OK logs the patron in.
TEST(KioskPinPad, TheCardOnThePadThenThePinTappedOnThePadLogsIn) {
  lasis::test::SimHarness sim;
  ASSERT_TRUE(sim.problem().isEmpty()) << sim.problem().toStdString();
  ASSERT_TRUE(sim.ui()->load());
  QQuickWindow* w = show(*sim.ui());
  ASSERT_NE(w, nullptr) << "the window never showed or never became active";
  SessionController& s = sim.ui()->session();
  s.beginBorrow();
  sim.putCard("P100003");
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("identify") && s.cardOnPad() == QLatin1String("P100003"); }));
  ScreenCheck::settleAndGrab(w);
  EXPECT_FALSE(ScreenCheck::keyboardShown(w)) << "the keyboard came up for the PIN";
  QStringList keys;
  for (int i = 1; i <= 9; ++i) keys << QStringLiteral("pinKey%1").arg(i);
  keys << "pinKeyDelete" << "pinKey0" << "pinKeyOk";
  std::vector<QQuickItem*> items;
  for (const QString& k : keys) {
    QQuickItem* item = find(w->contentItem(), k);
    ASSERT_NE(item, nullptr) << k.toStdString();
    EXPECT_GE(item->width(), 72) << k.toStdString();
    EXPECT_GE(item->height(), 72) << k.toStdString();
    items.push_back(item);
  }
  // Rows of three, top to bottom: 1 2 3 / 4 5 6 / 7 8 9 / Delete 0 OK.
  for (std::size_t i = 0; i < items.size(); ++i) {
    const QPointF p = items[i]->mapToScene(QPointF(0, 0));
    const QPointF first = items[i - i % 3]->mapToScene(QPointF(0, 0));
    EXPECT_NEAR(p.y(), first.y(), 1.0) << keys[int(i)].toStdString() << " is not in its row";
    if (i % 3) {
      EXPECT_GT(p.x(), items[i - 1]->mapToScene(QPointF(0, 0)).x()) << keys[int(i)].toStdString();
    }
    if (i >= 3) {
      EXPECT_GT(p.y(), items[i - 3]->mapToScene(QPointF(0, 0)).y()) << keys[int(i)].toStdString();
    }
  }
  QQuickItem* pin = find(w->contentItem(), "pinField");
  ASSERT_NE(pin, nullptr);
  for (int i : {1, 2, 9, 3}) tap(w, items[std::size_t(i - 1)]);
  EXPECT_EQ(pin->property("text").toString(), "1293");
  tap(w, find(w->contentItem(), "pinKeyDelete"));
  tap(w, find(w->contentItem(), "pinKeyDelete"));
  tap(w, items[2]);
  tap(w, find(w->contentItem(), "pinKey4"));
  EXPECT_EQ(pin->property("text").toString(), "1234");
  EXPECT_FALSE(ScreenCheck::keyboardShown(w)) << "the keyboard came up while the PIN was tapped";
  EXPECT_TRUE(ScreenCheck::unreachable(w).empty());
  tap(w, find(w->contentItem(), "pinKeyOk"));
  EXPECT_TRUE(waitFor([&] { return s.loggedIn(); }, 15000)) << s.notice().toStdString();
  EXPECT_TRUE(waitFor([&] { return s.screen() == QLatin1String("checkout") && !s.busy(); }, 15000));
  ScreenCheck::settleAndGrab(w);
  EXPECT_FALSE(ScreenCheck::keyboardShown(w)) << "the keyboard stayed up on checkout";
}

// Help on every screen (issue 19): "Call staff" in the top bar of every patron screen, at least 72 px tall, inside
// the window and under nothing; tapped in the real window it tells the patron in their language
// that someone is coming, the button says the call waits, and the desk light (a coil of a real
// `lasis-sim gate-io` module) comes on; tapped again on another screen it raises no second call.
// The staff screen shows when it was raised and acknowledges it (light out); a visit's end ends one.
TEST(KioskCallStaff, OnEveryPatronScreenOneCallUntilStaffAcknowledgeIt) {
  lasis::test::SimDevice io({lasis::test::simBinary(), "gate-io", "--port", "0"});
  ASSERT_TRUE(io.ok()) << io.stderrText();
  const auto light = [&] { return io.call({{"cmd", "state"}})["coils"].value("light", false); };
  lasis::test::SimHarness sim(QStringLiteral("[staff]\ncall_light = \"%1?unit=1&coil=0\"\n")
                                  .arg(QString::fromStdString(io.field("url"))));
  ASSERT_TRUE(sim.problem().isEmpty()) << sim.problem().toStdString();
  ASSERT_TRUE(sim.ui()->load());
  QQuickWindow* w = show(*sim.ui());
  ASSERT_NE(w, nullptr) << "the window never showed or never became active";
  SessionController& s = sim.ui()->session();
  for (const char* screen : {"welcome", "identify", "checkout", "return", "account", "hold", "receipt", "goodbye"}) {
    s.showForSelfTest(QString::fromLatin1(screen));
    ScreenCheck::settleAndGrab(w);
    QQuickItem* button = find(w->contentItem(), "callStaff");
    ASSERT_NE(button, nullptr) << "no Call staff on " << screen;
    EXPECT_GE(button->height(), 72) << screen;
    const QRectF r = button->mapRectToScene(QRectF(0, 0, button->width(), button->height()));
    EXPECT_TRUE(QRectF(0, 0, w->width(), w->height()).contains(r)) << screen << " puts Call staff outside the window";
    for (const auto& p : ScreenCheck::unreachable(w))
      ADD_FAILURE() << screen << ": " << p.kind.toStdString() << " " << p.object.toStdString() << " " << p.text.toStdString();
  }
  s.showForSelfTest(QStringLiteral("staff"));
  ScreenCheck::settleAndGrab(w);
  EXPECT_EQ(find(w->contentItem(), "callStaff"), nullptr) << "staff need no Call staff button";

  s.goHome();
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("welcome"); }));
  ScreenCheck::settleAndGrab(w);
  EXPECT_FALSE(s.staffCallWaiting());
  EXPECT_FALSE(light());
  QQuickItem* button = find(w->contentItem(), "callStaff");
  ASSERT_NE(button, nullptr);
  const QString idle = button->property("text").toString();
  tap(w, button);
  EXPECT_TRUE(s.staffCallWaiting());
  // In the kiosk's language (Latvian by default), not English.
  EXPECT_FALSE(s.notice().isEmpty());
  EXPECT_FALSE(s.notice().contains(QStringLiteral("Staff have been called"))) << s.notice().toStdString();
  EXPECT_TRUE(waitFor([&] { return button->property("text").toString() != idle; }, 5000)) << "the button never said the call waits";
  EXPECT_TRUE(waitFor(light, 5000)) << "the desk light did not come on";
  ScreenCheck::settleAndGrab(w);
  QQuickItem* notice = find(w->contentItem(), "noticeText");
  ASSERT_NE(notice, nullptr) << "the welcome screen does not show the notice";
  EXPECT_EQ(notice->property("text").toString(), s.notice());
  // LASIS_SCREENSHOT_DIR keeps the pictures: the call waiting on the welcome screen, the staff screen.
  const QString shots = qEnvironmentVariable("LASIS_SCREENSHOT_DIR");
  if (!shots.isEmpty()) ScreenCheck::settleAndGrab(w).save(shots + "/call-staff-welcome.png");
  auto& call = sim.ui()->runtime().staffCall();
  const auto raisedAt = call.raisedAt();
  s.beginBorrow();
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("identify"); }));
  ScreenCheck::settleAndGrab(w);
  button = find(w->contentItem(), "callStaff");
  ASSERT_NE(button, nullptr);
  tap(w, button);
  EXPECT_EQ(call.raisedAt(), raisedAt) << "a second press raised a second call";
  EXPECT_EQ(call.screen(), "welcome");

  // Staff acknowledge it on their screen: the waiting ends and the light goes out.
  s.showForSelfTest(QStringLiteral("staff"));
  ScreenCheck::settleAndGrab(w);
  auto& staff = sim.ui()->staff();
  EXPECT_TRUE(staff.callWaiting());
  EXPECT_TRUE(staff.callText().contains(QStringLiteral("welcome"))) << staff.callText().toStdString();
  if (!shots.isEmpty()) ScreenCheck::settleAndGrab(w).save(shots + "/call-staff-staff.png");
  QQuickItem* ack = find(w->contentItem(), "acknowledgeCall");
  ASSERT_NE(ack, nullptr) << "no way to acknowledge the call on the staff screen";
  tap(w, ack);
  EXPECT_FALSE(s.staffCallWaiting());
  EXPECT_TRUE(waitFor([&] { return !light(); }, 5000)) << "the desk light stayed on";
  ScreenCheck::settleAndGrab(w);
  EXPECT_EQ(find(w->contentItem(), "acknowledgeCall"), nullptr) << "nothing left to acknowledge";

  // A call made during a visit ends with the visit.
  s.goHome();
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("welcome"); }));
  s.beginBorrow();
  sim.putCard("P100003");
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("identify") && s.cardOnPad() == QLatin1String("P100003"); }));
  s.login({}, QStringLiteral("1234"));
  ASSERT_TRUE(waitFor([&] { return s.loggedIn() && !s.busy(); })) << s.notice().toStdString();
  ScreenCheck::settleAndGrab(w);
  tap(w, find(w->contentItem(), "callStaff"));
  EXPECT_TRUE(s.staffCallWaiting());
  EXPECT_TRUE(waitFor(light, 5000));
  s.endSession();
  EXPECT_TRUE(waitFor([&] { return !s.staffCallWaiting(); }, 10000)) << "the call outlived the visit";
  EXPECT_TRUE(waitFor([&] { return !light(); }, 5000)) << "the desk light stayed on after the visit";
}

// The library's own look (issue 21) in the real window: its name, logo (an SVG) and opening hours
// on the welcome screen in every language and both text sizes, inside the window and under
// nothing; its colour on the primary buttons as the compositor would paint them; its name heading
// the receipt.
// A fleet notice (issue 23) in the real window: on whichever screen is up, in the patron's language
// (the sender's text for it; English for a language it did not write), inside the window and
// under nothing, switched with the language, and gone after its seconds.
TEST(KioskFleetNotice, InThePatronsLanguageOnEveryScreenUntilItsTimeIsUp) {
  lasis::test::SimHarness sim;
  ASSERT_TRUE(sim.problem().isEmpty()) << sim.problem().toStdString();
  ASSERT_TRUE(sim.ui()->load());
  QQuickWindow* w = show(*sim.ui());
  ASSERT_NE(w, nullptr) << "the window never showed or never became active";
  SessionController& s = sim.ui()->session();
  const std::map<std::string, std::string> text{{"lv", "Bibliotēka šodien slēgsies 18:00"},
                                                {"en", "The library closes at 18:00 today"}};
  const QRectF bounds(0, 0, w->width(), w->height());
  for (const char* screen : {"welcome", "identify", "checkout", "return", "account"}) {
    s.showForSelfTest(QString::fromLatin1(screen));
    sim.ui()->language().setLanguage(QStringLiteral("lv"));
    s.showFleetNotice(text, 60);
    ScreenCheck::settleAndGrab(w);
    QQuickItem* notice = find(w->contentItem(), "noticeText");
    ASSERT_NE(notice, nullptr) << screen << " does not show the notice";
    EXPECT_EQ(notice->property("text").toString(), QString::fromUtf8("Bibliotēka šodien slēgsies 18:00")) << screen;
    EXPECT_TRUE(notice->isVisible()) << screen;
    EXPECT_TRUE(bounds.contains(notice->mapRectToScene(QRectF(0, 0, notice->width(), notice->height())))) << screen;
    for (const auto& p : ScreenCheck::unreachable(w))
      ADD_FAILURE() << screen << ": " << p.kind.toStdString() << " " << p.object.toStdString() << " " << p.text.toStdString();
    sim.ui()->language().setLanguage(QStringLiteral("ru"));  // not written for: the English text
    ScreenCheck::settleAndGrab(w);
    EXPECT_EQ(s.notice(), QStringLiteral("The library closes at 18:00 today")) << screen;
  }
  const QString shots = qEnvironmentVariable("LASIS_SCREENSHOT_DIR");
  if (!shots.isEmpty()) ScreenCheck::settleAndGrab(w).save(shots + "/fleet-notice-kiosk.png");
  s.showFleetNotice(text, 1);
  EXPECT_FALSE(s.notice().isEmpty());
  EXPECT_TRUE(waitFor([&] { return s.notice().isEmpty(); }, 5000)) << "the notice outlived its second";
}

TEST(KioskBrand, TheLibrarysNameLogoColourAndHoursOnTheWelcomeScreenAndTheReceipt) {
  const QString dir = QDir::tempPath() + QStringLiteral("/lasis-brand-%1").arg(::getpid());
  QDir().mkpath(dir);
  const QString logo = dir + "/logo.svg";
  {
    QFile f(logo);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("<svg xmlns='http://www.w3.org/2000/svg' width='120' height='60'><rect width='120' height='60' fill='#7a1f5c'/>"
            "<circle cx='30' cy='30' r='20' fill='#ffffff'/></svg>");
  }
  lasis::test::SimHarness sim(QStringLiteral("[ui]\nlibrary_name = \"Ventspils bibliotēka\"\nlogo = \"%1\"\n"
                                             "accent = \"#7a1f5c\"\nopening_hours = \"P–Pk 10–19, S 10–16\"\n").arg(logo));
  ASSERT_TRUE(sim.problem().isEmpty()) << sim.problem().toStdString();
  ASSERT_TRUE(sim.ui()->load());
  QQuickWindow* w = show(*sim.ui());
  ASSERT_NE(w, nullptr) << "the window never showed or never became active";
  SessionController& s = sim.ui()->session();
  Theme& theme = sim.ui()->theme();
  const QRectF bounds(0, 0, w->width(), w->height());
  for (bool large : {false, true}) {
    for (const char* lang : {"lv", "lt", "uk", "en", "ru"}) {
      theme.setLargeText(large);
      sim.ui()->language().setLanguage(QString::fromLatin1(lang));
      const QImage frame = ScreenCheck::settleAndGrab(w);
      const std::string where = std::string(lang) + (large ? " large" : "");
      for (const char* name : {"libraryName", "logo", "openingHours", "borrow"}) {
        QQuickItem* item = find(w->contentItem(), QString::fromLatin1(name));
        ASSERT_NE(item, nullptr) << where << ": no " << name << " on the welcome screen";
        const QRectF r = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
        EXPECT_TRUE(bounds.contains(r)) << where << ": " << name << " is outside the window";
        EXPECT_GT(r.width(), 8) << where << ": " << name;
      }
      QQuickItem* image = find(w->contentItem(), "logo");
      EXPECT_EQ(image->property("status").toInt(), 1) << "the logo did not load (Image.Ready)";
      EXPECT_EQ(find(w->contentItem(), "libraryName")->property("text").toString(), QString::fromUtf8("Ventspils bibliotēka"));
      EXPECT_TRUE(find(w->contentItem(), "openingHours")->property("text").toString().contains(QString::fromUtf8("P–Pk 10–19")));
      // The primary button is the library's colour: a pixel just inside its left edge.
      QQuickItem* borrow = find(w->contentItem(), "borrow");
      const QPointF p = borrow->mapToScene(QPointF(12, borrow->height() / 2));
      const QColor painted = frame.pixelColor(int(p.x() * frame.devicePixelRatio()), int(p.y() * frame.devicePixelRatio()));
      EXPECT_EQ(painted.name(), QStringLiteral("#7a1f5c")) << where << ": the Borrow button is " << painted.name().toStdString();
      for (const auto& pr : ScreenCheck::unreachable(w))
        ADD_FAILURE() << where << ": " << pr.kind.toStdString() << " " << pr.object.toStdString() << " " << pr.text.toStdString();
      if (!qEnvironmentVariableIsEmpty("LASIS_SCREENSHOT_DIR"))
        frame.save(qEnvironmentVariable("LASIS_SCREENSHOT_DIR") + QStringLiteral("/brand-welcome-%1%2.png").arg(lang, large ? "-large" : ""));
    }
  }
  // High contrast keeps its own yellow: the library's colour does not weaken it.
  theme.setLargeText(false);
  theme.setHighContrast(true);
  EXPECT_EQ(theme.accent().name(), QStringLiteral("#ffff00"));
  theme.setHighContrast(false);
  // The receipt is headed by the library's name.
  s.beginBorrow();
  sim.putCard("P100003");
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("identify") && s.cardOnPad() == QLatin1String("P100003"); }));
  s.login({}, QStringLiteral("1234"));
  ASSERT_TRUE(waitFor([&] { return s.loggedIn() && !s.busy(); })) << s.notice().toStdString();
  sim.putItem(QStringLiteral("10000001"));
  ASSERT_TRUE(waitFor([&] { return sim.ui()->items().okCount() == 1 && !s.busy(); })) << s.notice().toStdString();
  s.finish();
  ASSERT_TRUE(waitFor([&] { return s.screen() == QLatin1String("receipt") && !s.busy(); }));
  EXPECT_TRUE(s.receiptHeader().join('\n').contains(QString::fromUtf8("Ventspils bibliotēka"))) << s.receiptHeader().join('|').toStdString();
  QDir(dir).removeRecursively();
}

int main(int argc, char** argv) {
  // A real window: the platform the caller chose (xcb under Xvfb, wayland under cage), xcb if none.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "xcb");
  if (qEnvironmentVariableIsEmpty("QT_QUICK_BACKEND")) qputenv("QT_QUICK_BACKEND", "software");
  qputenv("QT_IM_MODULE", "qtvirtualkeyboard");
  QGuiApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
