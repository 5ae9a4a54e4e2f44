// The kiosk's screens as a patron would judge them, rendered offscreen against the real kiosk and
// the simulator: a whole visit in every language (and in large text, and high contrast) with no
// text cut off or running off the screen and nothing left in English; colours readable; every
// string translated in every .ts file.
#include "kiosk/app/accountmodel.h"
#include "kiosk/app/enginethread.h"
#include "kiosk/app/screentour.h"
#include "kiosk/app/theme.h"
#include "tests/ui/simharness.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QXmlStreamReader>
#include <QtQml/qqmlextensionplugin.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

Q_IMPORT_QML_PLUGIN(Lasis_KioskPlugin)

using namespace lasis::kiosk;

namespace {

TourReport tour(std::vector<TourLook> looks, const QColor& accent = {}, const QStringList& languages = {}) {
  lasis::test::SimHarness sim(QString::fromUtf8(lasis::test::kTourConfig));
  EXPECT_TRUE(sim.problem().isEmpty()) << sim.problem().toStdString();
  if (!sim.problem().isEmpty() || !sim.ui()->load()) return {};
  TourOptions o = sim.tourOptions();
  o.looks = std::move(looks);
  o.accent = accent;
  if (!languages.isEmpty()) o.languages = languages;
  // LASIS_SCREENSHOT_DIR=docs/screenshots keeps the pictures (the README's are made this way).
  o.outDir = qEnvironmentVariable("LASIS_SCREENSHOT_DIR");
  if (!o.outDir.isEmpty()) o.languages = QStringList{"lv", "en"};
  return ScreenTour::run(*sim.ui(), o);
}

} // namespace

TEST(KioskScreens, AWholeVisitInEveryLanguageFitsOnScreenAndIsTranslated) {
  const auto r = tour({TourLook{}});
  EXPECT_TRUE(r.failure.isEmpty()) << r.describe();
  EXPECT_EQ(QStringList(r.steps.begin(), r.steps.end()), ScreenTour::steps()) << "every screen of the tour";
  EXPECT_TRUE(r.problems.empty()) << r.describe();
}

TEST(KioskScreens, LargeTextAndHighContrastFitToo) {
  const auto r = tour({*TourLook::byName(QStringLiteral("large")), *TourLook::byName(QStringLiteral("contrast"))});
  EXPECT_TRUE(r.failure.isEmpty()) << r.describe();
  EXPECT_EQ(QStringList(r.steps.begin(), r.steps.end()), ScreenTour::steps());
  EXPECT_TRUE(r.problems.empty()) << r.describe();
}

// A library's own colour ([ui] accent) on every screen: what the start-up check lets through reads at
// 4.5:1 wherever it is used, as the screen shows it (ScreenCheck::lowContrast reads the pixels).
TEST(KioskScreens, AConfiguredAccentIsReadableOnEveryScreen) {
  const auto r = tour({TourLook{}}, QColor("#7a1f5c"), {"lv", "en"});
  EXPECT_TRUE(r.failure.isEmpty()) << r.describe();
  EXPECT_EQ(QStringList(r.steps.begin(), r.steps.end()), ScreenTour::steps());
  EXPECT_TRUE(r.problems.empty()) << r.describe();
}

// The same check finds a colour the start-up check would refuse (white on light blue, 2.2:1): it
// looks at the screens, not at a list of colour pairs.
TEST(KioskScreens, AnAccentTooLightIsFoundOnTheScreens) {
  const auto r = tour({TourLook{}}, QColor("#7fb3ff"), {"en"});
  int faint = 0;
  for (const auto& p : r.problems)
    if (p.kind == QLatin1String("contrast")) ++faint;
  EXPECT_GE(faint, 3) << r.describe();  // at least the welcome screen's two primary tiles and Finish
}

TEST(KioskScreens, TextIsReadableInBothThemes) {
  Theme t;
  for (bool high : {false, true}) {
    t.setHighContrast(high);
    for (const auto& [fg, bg, what] :
         std::vector<std::tuple<QColor, QColor, const char*>>{{t.text(), t.background(), "text on background"},
                                                              {t.text(), t.surface(), "text on a card"},
                                                              {t.mutedText(), t.surface(), "hints"},
                                                              {t.mutedText(), t.background(), "hints on background"},
                                                              {t.accentText(), t.accent(), "primary buttons"},
                                                              {t.good(), t.surface(), "✓ marks"},
                                                              {t.problem(), t.surface(), "! marks and problem text"},
                                                              {t.text(), t.warningBackground(), "the offline banner"}})
      EXPECT_GE(Theme::contrast(fg, bg), 4.5) << what << (high ? " (high contrast)" : "");
  }
  EXPECT_GE(t.touchTarget(), 44);
  t.setLargeText(true);
  EXPECT_GT(t.fontSize(), 22);
}

TEST(KioskScreens, EveryStringIsTranslatedInEveryLanguage) {
  int languages = 0;
  for (const char* lang : {"lv", "lt", "uk", "en", "ru"}) {
    QFile f(QStringLiteral(LASIS_SOURCE_DIR "/qml/i18n/lasis_%1.ts").arg(lang));
    ASSERT_TRUE(f.open(QIODevice::ReadOnly)) << f.fileName().toStdString();
    QXmlStreamReader xml(&f);
    int messages = 0, missing = 0;
    QString source;
    while (!xml.atEnd()) {
      xml.readNext();
      if (!xml.isStartElement()) continue;
      if (xml.name() == QLatin1String("source")) source = xml.readElementText();
      if (xml.name() == QLatin1String("translation")) {
        const bool unfinished = xml.attributes().value("type") == QLatin1String("unfinished");
        const QString text = xml.readElementText();
        ++messages;
        // A translation equal to English is a string nobody translated (PIN is PIN everywhere).
        const bool same = QString(lang) != QLatin1String("en") && text == source && source != QLatin1String("PIN");
        if (unfinished || text.isEmpty() || same) {
          ++missing;
          ADD_FAILURE() << lang << ": untranslated \"" << source.toStdString() << "\"";
        }
      }
    }
    EXPECT_FALSE(xml.hasError()) << lang;
    EXPECT_GT(messages, 100) << lang;
    EXPECT_EQ(missing, 0) << lang;
    ++languages;
  }
  EXPECT_EQ(languages, 5);
}

// The systemd watchdog is fed only while the engine's thread comes back from its jobs: a job that
// hangs (a device call that never returns) must show as unresponsive, and the engine recover its
// standing once the job ends. Limits are generous; nothing here measures speed.
// Issue 22: the account's holds, split: what waits on the shelf for the patron first, then what
// they still wait for, each group in the ILS's order, whatever order the ILS listed them in.
TEST(KioskHolds, ReadyHoldsComeFirstThenTheWaitingOnes) {
  HoldListModel model([](const QString& code) { return code; });
  std::vector<lasis::ils::HoldLine> holds(4);
  holds[0].itemId = "W1";
  holds[1].itemId = "R1";
  holds[1].available = true;
  holds[2].itemId = "W2";
  holds[3].itemId = "R2";
  holds[3].available = true;
  model.setHolds(holds);
  ASSERT_EQ(model.rowCount(), 4);
  QStringList order;
  for (int i = 0; i < 4; ++i) order << model.data(model.index(i), HoldListModel::ItemIdRole).toString();
  EXPECT_EQ(order.join(','), QStringLiteral("R1,R2,W1,W2"));
  EXPECT_TRUE(model.data(model.index(0), HoldListModel::AvailableRole).toBool());
  EXPECT_FALSE(model.data(model.index(2), HoldListModel::AvailableRole).toBool());
}

TEST(KioskEngineThread, AJobThatHangsMakesTheEngineUnresponsiveUntilItReturns) {
  std::atomic<int> ticks{0};
  lasis::kiosk::EngineThread worker([&] { ++ticks; }, 10);
  const auto limit = std::chrono::milliseconds(200);
  ASSERT_TRUE(lasis::kiosk::waitFor([&] { return ticks > 2; }));
  EXPECT_TRUE(worker.responsive(limit)) << "idle and ticking";
  std::atomic<bool> release{false};
  worker.post([&] {
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  });
  EXPECT_TRUE(lasis::kiosk::waitFor([&] { return !worker.responsive(limit); }, 10000))
      << "a job stuck well past the limit still counted as responsive";
  release = true;
  EXPECT_TRUE(lasis::kiosk::waitFor([&] { return worker.responsive(limit); }, 10000));
  const int before = ticks;
  EXPECT_TRUE(lasis::kiosk::waitFor([&] { return ticks > before + 2; })) << "ticks resume after the job";
  worker.stop();
}

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  qputenv("QT_QUICK_BACKEND", "software");
  qputenv("QT_IM_MODULE", "qtvirtualkeyboard");
  QGuiApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
