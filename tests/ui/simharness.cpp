#include "tests/ui/simharness.h"

#include <QDateTime>
#include <QFile>
#include <QQuickItem>
#include <QTimeZone>

namespace lasis::test {

QQuickItem* find(QQuickItem* item, const QString& name) {
  if (!item || !item->isVisible()) return nullptr;
  if (item->objectName() == name) return item;
  for (QQuickItem* child : item->childItems())
    if (QQuickItem* found = find(child, name)) return found;
  return nullptr;
}

namespace {

constexpr const char* kFaketime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1";

} // namespace

SimHarness::SimHarness(const QString& extraConfig, bool fixedDates) {
  std::vector<std::string> ilsEnv;
  if (fixedDates) {
    // The library system's clock starts at kFixedStart and ticks on (its timers keep the real
    // monotonic clock); the kiosk's wall clock is moved to the same moment.
    if (!QFile::exists(QString::fromLatin1(kFaketime))) {
      m_problem = QStringLiteral("fixed dates need libfaketime (%1)").arg(QString::fromLatin1(kFaketime));
      return;
    }
    ilsEnv = {std::string("LD_PRELOAD=") + kFaketime, std::string("FAKETIME=@") + kFixedStart,
              "FAKETIME_DONT_FAKE_MONOTONIC=1", "TZ=UTC"};
    const QDateTime start = QDateTime::fromString(QString::fromLatin1(kFixedStart), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    const QDateTime utc(start.date(), start.time(), QTimeZone::utc());
    m_clock.shiftWall(std::chrono::milliseconds(utc.toMSecsSinceEpoch() - QDateTime::currentMSecsSinceEpoch()));
  }
  m_ils = std::make_unique<SimDevice>(std::vector<std::string>{simBinary(), "ils", "--port", "0"},
                                      std::chrono::milliseconds(20000), ilsEnv);
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
pay_url = "https://pay.example.lv/lasis"
)");
  // Short by default (tests wait for the way back to the start); a tour rendering the goodbye in
  // many languages and looks sets its own.
  if (!uiExtra.contains(QLatin1String("goodbye_seconds"))) f.write("goodbye_seconds = 2\n");
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
  // A book, a reference book (refused: not for loan), a DVD and another branch's book.
  for (const char* item : {"10000001", "10000004", "10000006", "10000008"}) putItem(QString::fromLatin1(item));
  return QStringLiteral("1234");
}

kiosk::TourOptions SimHarness::tourOptions() {
  kiosk::TourOptions o;
  putCard("P100006");
  o.pin = QStringLiteral("1234");
  // The visit's stack (as putTourVisit's), laid after the login one at a time.
  for (const char* item : {"10000001", "10000004", "10000006", "10000008"})
    o.checkoutItems.push_back([this, item] { putItem(QString::fromLatin1(item)); });
  o.clearPad = [this] { clearPad(); };
  // To the trolley (this branch's book) and to the box for other branches (LV-00002's book, and
  // 10000007, on loan to P100001, which P100006 waits for at LT-00001).
  for (const char* item : {"10000001", "10000008", "10000007"})
    o.returnItems.push_back([this, item] { putItem(QString::fromLatin1(item)); });
  o.takeIlsDown = [this] { ilsDown(); };
  return o;
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
