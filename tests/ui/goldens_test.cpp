// Golden images (issue 21): every screen of the tour, in every language and look (normal, large
// text, high contrast), rendered offscreen with the software renderer in the kiosk's one font
// (Theme::kFontFamily) on fixed dates, and compared with its committed picture in tests/ui/goldens/
// (channels within 24 counts of it are equal; more than 0.5 % of the pixels differing fails). A
// visual change is thus a reviewed change: `./run goldens` writes new pictures, to be committed
// with the change; this test only ever reads them. On a failure the actual picture and a diff
// (differing pixels in red) are written under the build directory and their paths printed.
#include "kiosk/app/screentour.h"
#include "kiosk/app/theme.h"
#include "tests/ui/goldenimage.h"
#include "tests/ui/simharness.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QFont>
#include <QGuiApplication>
#include <QSet>
#include <QtQml/qqmlextensionplugin.h>
#include <gtest/gtest.h>

#include <iostream>

Q_IMPORT_QML_PLUGIN(Lasis_KioskPlugin)

using namespace lasis::kiosk;
using namespace lasis::test;

TEST(KioskGoldens, EveryScreenInEveryLanguageAndLookMatchesItsGolden) {
  QElapsedTimer timer;
  timer.start();
  SimHarness sim(QString::fromUtf8(kTourConfig), true);
  ASSERT_TRUE(sim.problem().isEmpty()) << sim.problem().toStdString();
  ASSERT_TRUE(sim.ui()->load());
  TourOptions o = sim.tourOptions();
  o.looks = TourLook::all();
  const QDir goldens(goldenDir());
  QDir failed(QStringLiteral(LASIS_GOLDEN_FAIL_DIR));
  failed.removeRecursively();
  QSet<QString> seen;
  std::vector<std::string> failures;
  o.onImage = [&](const TourImage& t) {
    seen.insert(t.fileName);
    const QImage actual = goldenForm(t.image, t.volatileAreas);
    const QString path = goldens.filePath(t.fileName);
    const QImage golden(path);
    if (golden.isNull()) {
      failures.push_back(QStringLiteral("%1: no golden image (%2); run `./run goldens` and review the pictures it writes")
                             .arg(t.fileName, path).toStdString());
      return;
    }
    const GoldenDiff d = compareWithGolden(actual, golden);
    if (d.passes({})) return;
    QDir().mkpath(failed.path());
    const QString base = failed.filePath(QFileInfo(t.fileName).completeBaseName());
    actual.save(base + "-actual.png");
    if (!d.diff.isNull()) d.diff.save(base + "-diff.png");
    failures.push_back(
        (d.sameSize ? QStringLiteral("%1: %2 of %3 pixels (%4 %) differ from the golden; actual %5-actual.png, diff %5-diff.png")
                          .arg(t.fileName)
                          .arg(d.differing)
                          .arg(d.compared)
                          .arg(100.0 * static_cast<double>(d.differing) / static_cast<double>(d.compared), 0, 'f', 2)
                          .arg(base)
                    : QStringLiteral("%1: %2x%3, the golden is %4x%5; actual %6-actual.png")
                          .arg(t.fileName)
                          .arg(t.image.width())
                          .arg(t.image.height())
                          .arg(golden.width())
                          .arg(golden.height())
                          .arg(base))
            .toStdString());
  };
  const TourReport r = ScreenTour::run(*sim.ui(), o);
  EXPECT_TRUE(r.failure.isEmpty()) << r.describe();
  EXPECT_EQ(r.steps.size(), static_cast<std::size_t>(ScreenTour::steps().size())) << "every screen of the tour";
  EXPECT_EQ(r.renders, ScreenTour::steps().size() * 5 * 3) << "each in five languages and three looks";
  // ScreenCheck ran on every picture too; what it finds (text cut off, left in English) fails
  // test_ui_screens, which plays the same tour: here only the pictures count.
  if (!r.problems.empty()) std::cout << "ScreenCheck (see test_ui_screens):" << r.describe() << "\n";
  std::string all;
  for (const auto& f : failures) all += "\n  " + f;
  EXPECT_TRUE(failures.empty()) << failures.size() << " of " << seen.size() << " screens differ from their golden:" << all;
  // A golden no screen matches any more is a picture of a screen that is gone.
  for (const QString& f : goldens.entryList({QStringLiteral("*.png")}, QDir::Files))
    EXPECT_TRUE(seen.contains(f) || !r.failure.isEmpty()) << "tests/ui/goldens/" << f.toStdString()
                                                          << " is of no screen the tour shows; run `./run goldens`";
  std::cout << "compared " << seen.size() << " screens with their goldens in " << timer.elapsed() / 1000.0 << " s\n";
}

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  qputenv("QT_QUICK_BACKEND", "software");
  qputenv("QT_IM_MODULE", "qtvirtualkeyboard");
  qputenv("TZ", "UTC");
  // No voice: the pictures are the same whether or not the machine has a speech engine (the
  // read-aloud button shows only with one), and a speech daemon that does not answer cannot stall
  // the start (spd_open waits for it).
  if (qEnvironmentVariableIsEmpty("SPEECHD_ADDRESS")) qputenv("SPEECHD_ADDRESS", "unix_socket:/nonexistent/lasis-no-speech.sock");
  QGuiApplication app(argc, argv);
  // The kiosk's font, named: the pictures do not follow the machine's default.
  QFont font = QGuiApplication::font();
  font.setFamilies({QString::fromLatin1(Theme::kFontFamily)});
  QGuiApplication::setFont(font);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
