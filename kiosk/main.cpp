// lasis-kiosk: the self-service kiosk. The composition root: parses the command line, then runs
// the touchscreen (Qt Quick, kiosk/app + qml/) or, with --headless, the same kiosk as JSON lines.
//
//   lasis-kiosk [--config F] [--reader URL] [--ils URL] [--db F] [--fullscreen]
//   lasis-kiosk --headless …            JSON lines on stdin/stdout (kiosk/headless)
//   lasis-kiosk --self-test             every screen in every language, offscreen; exit 0/1
//   lasis-kiosk --tour DIR …            a whole visit rendered to DIR (the simulator behind it)
#include "common/cli/clidoc.h"
#include "common/core/buildinfo.h"
#include "drivers/libraryversions.h"
#include "kiosk/headless/headlessmain.h"

#include <CLI/CLI.hpp>

#include <iostream>

#ifdef LASIS_WITH_UI
#include "kiosk/app/enginethread.h"
#include "kiosk/app/kioskui.h"
#include "kiosk/app/languagecontroller.h"
#include "kiosk/app/screentour.h"
#include "kiosk/app/sessioncontroller.h"

#include <QDir>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtGlobal>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

Q_IMPORT_QML_PLUGIN(Lasis_KioskPlugin)
#endif
#ifdef LASIS_WITH_SYSTEMD
#include <systemd/sd-daemon.h>
#include <QTimer>
#endif

namespace {

#ifdef LASIS_WITH_UI
using namespace lasis::kiosk;

/// The problems as JSON lines on stdout, a summary last; exit 0 when there are none.
int report(const TourReport& r, const char* what) {
  for (const auto& p : r.problems)
    std::cout << nlohmann::json{{"problem", p.kind.toStdString()}, {"where", p.object.toStdString()},
                                {"text", p.text.toStdString()}}.dump() << "\n";
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : r.files) files.push_back(f.toStdString());
  std::cout << nlohmann::json{{"event", what},
                              {"screens", r.screens},
                              {"renders", r.renders},
                              {"problems", r.problems.size()},
                              {"failure", r.failure.toStdString()},
                              {"files", files}}.dump()
            << std::endl;
  return r.problems.empty() && r.failure.isEmpty() ? 0 : 1;
}

/// `--startup-probe`: prints {"event":"first-frame"} when the first frame is on screen and
/// {"event":"ready"} once the engine's thread has answered too, then exits (tests/bench measures
/// the time to each line). With `baseline`, a bare Qt Quick window instead of the kiosk.
int startupProbe(QQuickWindow* window, EngineThread* worker) {
  QObject::connect(window, &QQuickWindow::frameSwapped, window, [window, worker] {
    static bool once = false;
    if (once) return;
    once = true;
    std::cout << R"({"event":"first-frame"})" << std::endl;
    if (worker) worker->runAndWait([] {});
    std::cout << R"({"event":"ready"})" << std::endl;
    QMetaObject::invokeMethod(qApp, &QCoreApplication::quit, Qt::QueuedConnection);
  });
  window->requestUpdate();
  return qApp->exec();
}

int runUi(int argc, char** argv, KioskOptions options, bool fullscreen, bool selfTest, const std::string& tourDir,
          const std::string& tourLanguages, const std::string& probe) {
  if (!probe.empty() || selfTest || !tourDir.empty()) {
    // Renders without a display: offscreen, software renderer (CI has no GPU).
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    if (qEnvironmentVariableIsEmpty("QT_QUICK_BACKEND")) qputenv("QT_QUICK_BACKEND", "software");
  }
  if (probe == "baseline") {
    QGuiApplication app(argc, argv);
    QQmlApplicationEngine qml;
    qml.loadData("import QtQuick\nWindow { width: 1280; height: 800; visible: true; Rectangle { anchors.fill: parent; color: \"white\" } }");
    auto* w = qml.rootObjects().isEmpty() ? nullptr : qobject_cast<QQuickWindow*>(qml.rootObjects().first());
    return w ? startupProbe(w, nullptr) : 4;
  }
  qputenv("QT_IM_MODULE", "qtvirtualkeyboard");
  QGuiApplication app(argc, argv);
  app.setApplicationName(QStringLiteral("lasis-kiosk"));
  QQuickStyle::setStyle(QStringLiteral("Basic"));

  QTemporaryDir scratch;
  // The self-test and the tour render screens; they say nothing and start no speech server.
  if ((selfTest || !tourDir.empty()) && options.speechEngine.empty()) options.speechEngine = "none";
  if (selfTest) {
    // No devices: the screens are rendered empty; the ILS address answers nothing (offline).
    if (options.ilsUrl.empty()) options.ilsUrl = "sip2://selftest:selftest@127.0.0.1:9";
    if (options.readerUrl.empty()) options.readerUrl = "none";
    if (options.dbPath.empty()) options.dbPath = scratch.filePath("self-test.db").toStdString();
  }
  lasis::SystemClock clock;
  OpenError failure;
  auto ui = KioskUi::open(options, clock, failure);
  if (!ui) {
    std::cerr << "lasis-kiosk: " << failure.message << "\n";
    return failure.exitCode;
  }
  if (!ui->load()) {
    std::cerr << "lasis-kiosk: the screens did not load (see the QML errors above)\n";
    return 4;
  }
  if (selfTest) {
    TourReport r;
    TourOptions o;
    ScreenTour::walkScreens(*ui, o, r);
    for (const QString& lang : o.languages)
      if (lang != QLatin1String("en") && !LanguageController::hasTranslation(lang))
        r.problems.push_back({QStringLiteral("untranslated"), lang, QStringLiteral("no compiled translation")});
    return report(r, "self-test");
  }
  if (!tourDir.empty()) {
    TourOptions o;
    o.outDir = QString::fromStdString(tourDir);
    if (!tourLanguages.empty()) o.languages = QString::fromStdString(tourLanguages).split(',');
    // The demo patron's PIN comes from the environment, never from the command line (ps shows it).
    o.pin = qEnvironmentVariable("LASIS_TOUR_PIN");
    return report(ScreenTour::run(*ui, o), "tour");
  }
  if (!probe.empty()) return startupProbe(ui->window(), &ui->worker());
  if (fullscreen) ui->window()->showFullScreen();
#ifdef LASIS_WITH_SYSTEMD
  // Under systemd (lasis-kiosk.service): ready once the screens are up; the watchdog is pinged
  // from the GUI loop, so a hung screen gets the kiosk restarted, and only while the engine's
  // thread comes back from each job and tick within a bound no sound job reaches (every ILS and
  // reader call has its own timeout), so a stuck engine gets it restarted too.
  sd_notify(0, "READY=1");
  QTimer watchdog;
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0) {
    const auto limit = std::max(std::chrono::milliseconds(120'000), std::chrono::milliseconds(usec / 1000 * 4));
    QObject::connect(&watchdog, &QTimer::timeout, [&ui, limit, warned = false]() mutable {
      if (ui->worker().responsive(limit)) {
        sd_notify(0, "WATCHDOG=1");
        warned = false;
      } else if (!warned) {
        warned = true;
        std::cerr << "lasis-kiosk: the engine's thread has not come back from one job for "
                  << limit.count() / 1000 << " s; the watchdog is no longer fed\n";
      }
    });
    watchdog.start(static_cast<int>(usec / 2000));
  }
  const int status = app.exec();
  sd_notify(0, "STOPPING=1");
  return status;
#else
  return app.exec();
#endif
}
#endif

/// The libraries this build of lasis-kiosk links: Qt and the staff screen's Modbus only with the UI.
std::vector<lasis::ComponentVersion> linkedLibraries() {
  std::vector<lasis::ComponentVersion> libs;
#ifdef LASIS_WITH_UI
  libs.push_back({"qt", qVersion()});  // a plain function: no QGuiApplication, no display needed
#endif
  libs.push_back(lasis::drivers::libnfcVersion());
#ifdef LASIS_WITH_UI
  libs.push_back(lasis::drivers::libmodbusVersion());
#endif
  return libs;
}

} // namespace

int main(int argc, char** argv) {
  lasis::drivers::quietLibnfc();  // before any thread: libnfc says nothing on stderr, our log does
  // Answered before anything else: the UI path would start Qt, which aborts without a display.
  if (lasis::printVersionIfAsked(argc, argv, "lasis-kiosk", linkedLibraries())) return 0;
  CLI::App app{"lasis-kiosk: the Lasis self-service kiosk\n"
                "  e.g. lasis-kiosk --config /etc/lasis/kiosk.toml --fullscreen\n"
                "  e.g. lasis-kiosk --headless --config /etc/lasis/kiosk.toml\n"
                "  e.g. lasis-kiosk --self-test"};
  app.add_flag("--version")->description("Print the version, git commit, build date and library versions and exit (--json: as JSON)");
  app.allow_extras();  // Qt's own options (-platform …) pass through to QGuiApplication
  bool headless = false, fullscreen = false, selfTest = false, checkConfig = false;
  std::string tourDir, tourLanguages, probe;
  lasis::kiosk::KioskOptions options;
  app.add_flag("--headless", headless, "Run without a window: JSON lines on stdin and stdout");
  app.add_option("--config", options.configPath, "Kiosk configuration (TOML)");
  app.add_option("--reader", options.readerUrl, "RFID reader connstring, overrides reader.url ('none': no reader)");
  app.add_option("--ils", options.ilsUrl, "ILS address (sip2://user:pass@host:port?institution=…), overrides ils.url");
  app.add_option("--db", options.dbPath, "Queue database file, overrides queue.db");
  app.add_flag("--check-config", checkConfig, "Read --config as the kiosk would, print what is wrong, exit 0/2");
  app.add_flag("--fullscreen", fullscreen, "Fill the screen (the kiosk session does)");
  app.add_flag("--self-test", selfTest, "Render every screen in every language offscreen and check it; exit 0/1");
  app.add_option("--tour", tourDir, "Play a whole visit against the simulator, saving each screen to DIR");
  app.add_option("--tour-languages", tourLanguages, "Languages of the tour's screenshots (e.g. lv,en)");
  app.add_option("--startup-probe", probe, "Report the first frame and readiness on stdout, then exit (benchmark)")
      ->check(CLI::IsMember({"kiosk", "baseline"}))
      ->group("");
  if (auto rc = lasis::clidoc::generateIfAsked(app, argc, argv, "lasis-kiosk")) return *rc;  // before Qt
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  options.argv.assign(argv, argv + argc);  // the fleet's restarts start the kiosk again with it
  if (checkConfig) {
    if (options.configPath.empty()) {
      std::cerr << "lasis-kiosk: --check-config needs --config FILE\n";
      return 2;
    }
    if (auto st = lasis::kiosk::KioskRuntime::checkConfig(options); !st) {
      std::cerr << "lasis-kiosk: " << st.error().describe() << "\n";
      return 2;
    }
    std::cout << options.configPath << ": ok\n";
    return 0;
  }
  if (headless) {
    if (!app.remaining().empty()) {
      std::cerr << "lasis-kiosk: unknown option " << app.remaining().front() << "\n";
      return 2;
    }
    return lasis::kiosk::runHeadless(options);
  }
#ifdef LASIS_WITH_UI
  return runUi(argc, argv, options, fullscreen, selfTest, tourDir, tourLanguages, probe);
#else
  std::cerr << "lasis-kiosk: this build has no touchscreen UI (LASIS_BUILD_UI=OFF): run with --headless\n";
  return 2;
#endif
}
