#include "tests/ui/simharness.h"

#include <QFile>

namespace lasis::test {

SimHarness::SimHarness(const QString& extraConfig) {
  m_ils = std::make_unique<SimDevice>(std::vector<std::string>{simBinary(), "ils", "--port", "0"});
  m_pad = std::make_unique<SimDevice>(std::vector<std::string>{simBinary(), "reader"});
  if (!m_ils->ok() || !m_pad->ok()) {
    m_problem = QString::fromStdString("the simulator did not start: " + m_ils->stderrText() + m_pad->stderrText());
    return;
  }
  // The kiosk's own config, as a library would write it (pickup branches, default language).
  const QString config = m_dir.filePath("kiosk.toml");
  QFile f(config);
  if (!f.open(QIODevice::WriteOnly)) {
    m_problem = "cannot write " + config;
    return;
  }
  // Extra [ui] options join the harness's own [ui] table (TOML forbids opening it twice).
  QString extra = extraConfig, uiExtra;
  if (extra.startsWith(QLatin1String("[ui]\n"))) {
    const int next = extra.indexOf(QLatin1String("\n["), 4);
    uiExtra = extra.mid(5, next < 0 ? -1 : next - 4);
    extra = next < 0 ? QString() : extra.mid(next + 1);
  }
  f.write(R"([kiosk]
id = "ui-test"
location = "LV-00001"

[ui]
language = "lv"
goodbye_seconds = 2
pay_url = "https://pay.example.lv/lasis"
)");
  f.write(uiExtra.toUtf8());
  f.write(R"(

[[ui.pickup_branches]]
code = "LV-00001"
name = "Rīgas Centrālā bibliotēka"

[[ui.pickup_branches]]
code = "LV-00002"
name = "Pārdaugavas filiālbibliotēka"

# The signs at the branch, as the return screen shows them beside the trolley and the box.
[returns]
trolley_sign = "A"
trolley_colour = "#1f5fbf"
box_sign = "B"
box_colour = "#e0b040"
)");
  f.write("\n" + extra.toUtf8());
  // No speech unless the test asks for it ([speech] in extraConfig): the engine's start takes
  // seconds and spawns a speech server, which only the speech test wants.
  if (!extra.contains(QLatin1String("[speech]"))) f.write("\n[speech]\nengine = \"none\"\n");
  f.close();
  kiosk::KioskOptions options;
  options.configPath = config.toStdString();
  options.readerUrl = m_pad->field("connstring");
  options.ilsUrl = m_ils->field("url");
  options.dbPath = m_dir.filePath("kiosk.db").toStdString();
  kiosk::OpenError error;
  m_ui = kiosk::KioskUi::open(options, m_clock, error);
  if (!m_ui) m_problem = QString::fromStdString(error.message);
}

SimHarness::~SimHarness() {
  m_ui.reset();  // the kiosk first: it ends its session against the devices still running
}

QString SimHarness::putCard(const QString& patron) {
  char uid[16];
  std::snprintf(uid, sizeof uid, "C1%06X", ++m_uids);
  m_pad->call({{"cmd", "place"}, {"kind", "mfc1k"}, {"uid", uid}, {"patron", patron.toStdString()}});
  return QString::fromLatin1(uid);
}

QString SimHarness::putTourVisit() {
  putCard("P100006");
  for (const char* item : {"10000002", "10000004", "10000006"}) putItem(QString::fromLatin1(item));
  return QStringLiteral("1234");
}

QString SimHarness::putItem(const QString& item) {
  char uid[32];
  std::snprintf(uid, sizeof uid, "04B0%010X", ++m_uids);
  m_pad->call({{"cmd", "place"}, {"kind", "ntag213"}, {"uid", uid}, {"item", item.toStdString()}, {"secured", true}});
  return QString::fromLatin1(uid);
}

void SimHarness::removeTag(const QString& uid) { m_pad->call({{"cmd", "remove"}, {"uid", uid.toStdString()}}); }

void SimHarness::clearPad() { m_pad->call({{"cmd", "clear"}}); }

QString SimHarness::security(const QString& uid) {
  auto l = m_pad->call({{"cmd", "list"}});
  for (const auto& t : l["tags"])
    if (t.value("uid", "") == uid.toStdString()) return QString::fromStdString(t.value("security", ""));
  return QStringLiteral("absent");
}

QString SimHarness::borrower(const QString& item) {
  return QString::fromStdString(m_ils->call({{"cmd", "item"}, {"item", item.toStdString()}}).value("borrower", ""));
}

QString SimHarness::holdPickup(const QString& item, const QString& patron) {
  const auto j = m_ils->call({{"cmd", "item"}, {"item", item.toStdString()}});
  if (j.contains("holds"))
    for (const auto& h : j["holds"])
      if (h.value("patron", "") == patron.toStdString()) return QString::fromStdString(h.value("pickup", ""));
  return {};
}

void SimHarness::ilsDown() { m_ils->call({{"cmd", "down"}}); }

void SimHarness::ilsUp() { m_ils->call({{"cmd", "up"}}); }

} // namespace lasis::test
