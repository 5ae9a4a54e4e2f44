// Qt Quick Tests of the kiosk's screens (tests/ui/qml/tst_*.qml), each against the real kiosk:
// the circulation engine, SIP2 to `lasis-sim ils`, libnfc to `lasis-sim reader`, a real SQLite
// queue. Rendered offscreen with the software renderer.
#include "kiosk/app/kiosk.h"
#include "kiosk/app/kioskui.h"
#include "kiosk/app/languagecontroller.h"
#include "kiosk/staff/staffauth.h"
#include "tests/ui/simharness.h"

#include <QFile>
#include <QTemporaryDir>

#include <QQmlContext>
#include <QQmlEngine>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

#include <cstdio>
#include <cstdlib>

Q_IMPORT_QML_PLUGIN(Lasis_KioskPlugin)

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
  void cleanupTestCase() { m_harness.reset(); }

private:
  QTemporaryDir m_dir;
  std::unique_ptr<lasis::test::SimHarness> m_harness;
};

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  qputenv("QT_QUICK_BACKEND", "software");
  QTEST_SET_MAIN_SOURCE_PATH
  Setup setup;
  return quick_test_main_with_setup(argc, argv, "kiosk_ui", LASIS_QUICK_TEST_DIR, &setup);
}

#include "tst_kiosk.moc"
