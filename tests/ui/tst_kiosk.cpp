// Qt Quick Tests of the kiosk's screens (tests/ui/qml/tst_*.qml), each against the real kiosk:
// the circulation engine, SIP2 to `lasis-sim ils`, libnfc to `lasis-sim reader`, a real SQLite
// queue. Rendered offscreen with the software renderer.
#include "kiosk/app/kiosk.h"
#include "kiosk/app/kioskui.h"
#include "kiosk/app/languagecontroller.h"
#include "kiosk/staff/staffauth.h"
#include "tests/support/pinscan.h"
#include "tests/ui/simharness.h"

#include <QFile>
#include <QTemporaryDir>

#include <QQmlContext>
#include <QQmlEngine>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <unistd.h>

Q_IMPORT_QML_PLUGIN(Lasis_KioskPlugin)

namespace {

/// Privacy: the PINs these tests type, in the shapes a leak would take (the staff PIN anywhere;
/// the patrons' "1234" as a SIP2 password field, a JSON value or a key=value, since four digits
/// alone turn up by chance, in a port number say).
const std::vector<std::string> kSecrets{"246810", "AD1234|", "\"1234\"", "pin=1234", "PIN 1234", "pin 1234"};
std::vector<std::string> g_leaks;

/// Everything this process writes to stderr (the kiosk's log, Qt's messages) also goes to a file,
/// so that it can be searched for the PINs once the tests are over.
class StderrTee {
public:
  explicit StderrTee(const std::filesystem::path& file) : m_file(std::fopen(file.c_str(), "wb")) {
    int fds[2];
    if (!m_file || ::pipe(fds) != 0) return;
    m_original = ::dup(STDERR_FILENO);
    ::dup2(fds[1], STDERR_FILENO);
    ::close(fds[1]);
    m_read = fds[0];
    m_thread = std::thread([this] {
      char buf[4096];
      for (ssize_t n; (n = ::read(m_read, buf, sizeof buf)) > 0;) {
        (void)!::write(m_original, buf, static_cast<std::size_t>(n));
        std::fwrite(buf, 1, static_cast<std::size_t>(n), m_file);
      }
    });
  }
  /// Puts stderr back and waits until everything written so far is in the file.
  void stop() {
    if (m_original < 0) return;
    std::fflush(stderr);
    ::dup2(m_original, STDERR_FILENO);  // the pipe's last writer goes: the copier sees its end
    m_thread.join();
    ::close(m_read);
    ::close(m_original);
    m_original = -1;
    std::fclose(m_file);
  }
  ~StderrTee() { stop(); }

private:
  std::FILE* m_file = nullptr;
  int m_original = -1;
  int m_read = -1;
  std::thread m_thread;
};

} // namespace

/// Builds the kiosk once and hands it to every test file's QML engine.
class Setup : public QObject {
  Q_OBJECT
public slots:
  void applicationAvailable() {
    // A staff card and PIN for the staff screen's test (the hash in a 0600 file, as deployed).
    auto hash = lasis::kiosk::StaffAuth::hashPin("246810");
    const QString hashFile = m_dir.filePath("staff.hash");
    QFile f(hashFile);
    if (!hash || !f.open(QIODevice::WriteOnly)) std::exit(1);
    f.write(QByteArray::fromStdString(*hash + "\n"));
    f.close();
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    m_harness = std::make_unique<lasis::test::SimHarness>(
        QStringLiteral("[staff]\ncards = [\"S900001\"]\npin_hash_file = \"%1\"\n").arg(hashFile));
    if (!m_harness->problem().isEmpty()) {
      std::fprintf(stderr, "kiosk UI tests: %s\n", qPrintable(m_harness->problem()));
      std::exit(1);
    }
  }
  void qmlEngineAvailable(QQmlEngine* engine) {
    engine->addImportPath(QStringLiteral("qrc:/"));
    lasis::kiosk::Kiosk::setInstance(m_harness->ui()->kiosk());
    m_harness->ui()->language().setEngine(engine);
    engine->rootContext()->setContextProperty(QStringLiteral("sim"), m_harness.get());
  }
  void cleanupTestCase() {
    // The kiosk's own files, once it has closed them: no PIN typed in these tests may be there.
    m_harness->closeKiosk();
    const std::filesystem::path dir = m_harness->dir().toStdString();
    if (!std::filesystem::exists(dir / "kiosk.db")) g_leaks.push_back("(no kiosk.db to scan: the scan proves nothing)");
    for (auto& hit : lasis::test::findSecrets(dir, kSecrets)) g_leaks.push_back(std::move(hit));
    m_harness.reset();
  }

private:
  QTemporaryDir m_dir;
  std::unique_ptr<lasis::test::SimHarness> m_harness;
};

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  qputenv("QT_QUICK_BACKEND", "software");
  qputenv("LASIS_LOG", qEnvironmentVariable("LASIS_LOG", QStringLiteral("debug")).toUtf8());  // the most said
  QTEST_SET_MAIN_SOURCE_PATH
  const auto log = std::filesystem::temp_directory_path() / ("lasis-ui-log-" + std::to_string(::getpid()) + ".txt");
  StderrTee tee(log);
  int rc = 0;
  {
    Setup setup;
    rc = quick_test_main_with_setup(argc, argv, "kiosk_ui", LASIS_QUICK_TEST_DIR, &setup);
  }
  tee.stop();
  if (std::filesystem::file_size(log) == 0) g_leaks.push_back("(nothing was logged: the scan proves nothing)");
  for (auto& hit : lasis::test::findSecrets(log, kSecrets)) g_leaks.push_back(std::move(hit));
  for (const auto& leak : g_leaks) std::fprintf(stderr, "PRIVACY: a PIN in the files the UI tests left: %s\n", leak.c_str());
  std::filesystem::remove(log);
  return g_leaks.empty() ? rc : 1;
}

#include "tst_kiosk.moc"
