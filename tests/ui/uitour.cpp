// lasis-ui-tour: the tour of every screen (kiosk/app/screentour.h) on the real kiosk and the
// simulator (tests/ui/simharness.h), on fixed dates, for `./run goldens` and `./run gallery`.
//
//   lasis-ui-tour --goldens DIR      every screen × language × look, in golden form (goldenimage.h),
//                                    into DIR (its old pictures removed first)
//   lasis-ui-tour --out DIR [--languages lv,en] [--looks normal,large,contrast]
//                                    the same pictures without the golden form's masks (the
//                                    gallery), offscreen
//   lasis-ui-tour --quantize FILE…   rewrites pictures (grim's) in the 8-bit colour --out writes
//   lasis-ui-tour --screen STEP --language L [--look normal|large|contrast] --grim FILE
//                                    plays the visit with the window hidden up to STEP, then shows
//                                    it full screen and has `grim` take the compositor's output
//                                    (run in cage: tests/ui/in-cage.sh), so that the screen is the
//                                    window's first frame; exit 0 once FILE is written
//
// Prints one JSON line: the steps, the renders, the problems ScreenCheck found, the failure.
#include "kiosk/app/screentour.h"
#include "kiosk/app/theme.h"
#include "tests/ui/goldenimage.h"
#include "tests/ui/simharness.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFont>
#include <QGuiApplication>
#include <QProcess>
#include <QQuickWindow>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>
#include <nlohmann/json.hpp>

#include <iostream>

Q_IMPORT_QML_PLUGIN(Lasis_KioskPlugin)

using namespace lasis::kiosk;
using namespace lasis::test;

namespace {

int summary(const TourReport& r, int extraProblems = 0) {
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : r.problems) problems.push_back(p.kind.toStdString() + " " + p.object.toStdString() + ": " + p.text.toStdString());
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& s : r.steps) steps.push_back(s.toStdString());
  std::cout << nlohmann::json{{"event", "tour"},     {"steps", steps},       {"renders", r.renders},
                              {"problems", problems}, {"failure", r.failure.toStdString()}}
                   .dump()
            << std::endl;
  return r.failure.isEmpty() && r.problems.empty() && extraProblems == 0 ? 0 : 1;
}

/// Whether the picture has anything on it (a compositor that had no frame yet gives black).
bool blank(const QImage& image) {
  if (image.isNull()) return true;
  const QImage small = image.scaled(64, 40);
  for (int y = 0; y < small.height(); ++y)
    for (int x = 0; x < small.width(); ++x)
      if (qGray(small.pixel(x, y)) > 16) return false;
  return true;
}

} // namespace

int main(int argc, char** argv) {
  const bool cage = [&] {
    for (int i = 1; i < argc; ++i)
      if (QByteArray(argv[i]) == "--screen") return true;
    return false;
  }();
  if (!cage) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("QT_QUICK_BACKEND", "software");
  } else {
    // Only the first frame reaches the picture, and Qt draws it before the compositor's answer to
    // "full screen" arrives: in cage's maximized state, with Qt's own title bar. Without client
    // decorations that first frame is what the patron sees once the window is full screen.
    qputenv("QT_WAYLAND_DISABLE_WINDOWDECORATION", "1");
  }
  qputenv("QT_IM_MODULE", "qtvirtualkeyboard");
  qputenv("TZ", "UTC");
  // No voice: the pictures are the same whether or not the machine has a speech engine (the
  // read-aloud button shows only with one), and a speech daemon that does not answer cannot stall
  // the start (spd_open waits for it).
  if (qEnvironmentVariableIsEmpty("SPEECHD_ADDRESS")) qputenv("SPEECHD_ADDRESS", "unix_socket:/nonexistent/lasis-no-speech.sock");
  QGuiApplication app(argc, argv);
  QFont font = QGuiApplication::font();
  font.setFamilies({QString::fromLatin1(Theme::kFontFamily)});
  QGuiApplication::setFont(font);

  QCommandLineParser cli;
  cli.setApplicationDescription("The kiosk's screens, every one, for the goldens and the gallery");
  cli.addHelpOption();
  cli.addOption({"goldens", "Write every screen in golden form into DIR.", "DIR"});
  cli.addOption({"out", "Write every screen as rendered into DIR.", "DIR"});
  cli.addOption({"languages", "Languages (comma-separated).", "LIST", "lv,lt,uk,en,ru"});
  cli.addOption({"looks", "Looks (normal,large,contrast).", "LIST", "normal,large,contrast"});
  cli.addOption({"screen", "Stop at this step and show it (cage).", "STEP"});
  cli.addOption({"language", "The stopped screen's language.", "L", "lv"});
  cli.addOption({"look", "The stopped screen's look.", "LOOK", "normal"});
  cli.addOption({"grim", "The stopped screen's picture, taken by grim.", "FILE"});
  cli.addOption({"steps", "Print the tour's steps, one a line, and exit."});
  cli.addOption({"quantize", "Rewrite the PNG files given in 8-bit colour (as --out writes them) and exit."});
  cli.addPositionalArgument("files", "With --quantize: the PNG files.");
  cli.process(app);
  if (cli.isSet("quantize")) {
    int rc = 0;
    for (const QString& f : cli.positionalArguments()) {
      const QImage image(f);
      if (image.isNull() || !goldenForm(image, {}).save(f)) {
        std::cerr << "lasis-ui-tour: cannot rewrite " << f.toStdString() << "\n";
        rc = 1;
      }
    }
    return rc;
  }
  if (cli.isSet("steps")) {
    for (const QString& step : ScreenTour::steps()) std::cout << step.toStdString() << "\n";
    return 0;
  }

  SimHarness sim(QString::fromUtf8(kTourConfig), true);
  if (!sim.problem().isEmpty()) {
    std::cerr << "lasis-ui-tour: " << sim.problem().toStdString() << "\n";
    return 2;
  }
  TourOptions o = sim.tourOptions();
  o.languages = cli.value("languages").split(',', Qt::SkipEmptyParts);
  o.looks.clear();
  for (const QString& name : cli.value("looks").split(',', Qt::SkipEmptyParts)) {
    auto look = TourLook::byName(name);
    if (!look) {
      std::cerr << "lasis-ui-tour: no look \"" << name.toStdString() << "\" (normal, large, contrast)\n";
      return 2;
    }
    o.looks.push_back(*look);
  }

  if (cage) {
    const auto look = TourLook::byName(cli.value("look"));
    if (!look || !cli.isSet("grim") || !ScreenTour::steps().contains(cli.value("screen"))) {
      std::cerr << "lasis-ui-tour: --screen needs one of " << ScreenTour::steps().join(", ").toStdString()
                << ", a --look and a --grim FILE\n";
      return 2;
    }
    o.stopAt = cli.value("screen");
    o.stopLanguage = cli.value("language");
    o.stopLook = *look;
    if (!sim.ui()->load(false)) return 4;
    const TourReport r = ScreenTour::run(*sim.ui(), o);
    if (!r.stopped) return summary(r, 1);
    // The screen is set: now the window's first frame is it.
    QQuickWindow* w = sim.ui()->window();
    const QString file = cli.value("grim");
    int status = 3;
    QObject::connect(w, &QQuickWindow::frameSwapped, &app, [&] {
      static bool once = false;
      if (once) return;
      once = true;
      // The compositor composes the buffer on its next output frame: a moment, then the picture.
      QTimer::singleShot(500, &app, [&] {
        const int rc = QProcess::execute(QStringLiteral("grim"), {file});
        status = rc == 0 && !blank(QImage(file)) ? 0 : 3;
        if (status != 0) std::cerr << "lasis-ui-tour: grim " << (rc == 0 ? "took a black picture" : "failed") << "\n";
        app.quit();
      });
    });
    QTimer::singleShot(20000, &app, [&] {
      std::cerr << "lasis-ui-tour: no frame in 20 s\n";
      app.quit();
    });
    w->showFullScreen();
    app.exec();
    return status;
  }

  if (cli.isSet("goldens") == cli.isSet("out")) {
    std::cerr << "lasis-ui-tour: one of --goldens DIR, --out DIR or --screen STEP (see --help)\n";
    return 2;
  }
  if (!sim.ui()->load()) return 4;
  const QDir dir(cli.value(cli.isSet("goldens") ? "goldens" : "out"));
  QDir().mkpath(dir.path());
  if (cli.isSet("goldens")) {
    for (const QString& f : dir.entryList({QStringLiteral("*.png")}, QDir::Files)) QFile::remove(dir.filePath(f));
    o.onImage = [&](const TourImage& t) { goldenForm(t.image, t.volatileAreas).save(dir.filePath(t.fileName)); };
  } else {
    // As rendered, in 8-bit colour (a flat screen looks the same in 256 colours, at a third of the size).
    o.onImage = [&](const TourImage& t) { goldenForm(t.image, {}).save(dir.filePath(t.fileName)); };
  }
  return summary(ScreenTour::run(*sim.ui(), o));
}
