#pragma once
// A kiosk for UI tests, with the real parts behind it: `lasis-sim ils` (SIP2 on 127.0.0.1) and
// `lasis-sim reader` (a PN532 on a pty, reached through real libnfc), a real SQLite queue file,
// and a clock the test can push forward (so the idle timeout is tested without waiting for it).
// `sim` is what QML tests see: put a card or books on the pad, take the ILS down, skip time.

#include "common/core/clock.h"
#include "kiosk/app/kioskui.h"
#include "kiosk/app/screentour.h"
#include "tests/support/childprocess.h"

#include <QObject>
#include <QStringList>
#include <QTemporaryDir>

#include <atomic>
#include <memory>

class QQuickItem;

namespace lasis::test {

/// The shown item named `name` under `item` (its objectName), or nullptr.
QQuickItem* find(QQuickItem* item, const QString& name);

/// The system clock plus an offset a test moves forward.
class SkewClock final : public Clock {
public:
  TimePoint now() const override { return SystemClock().now() + Duration(m_skew.load() + m_wall.load()); }
  Duration monotonic() const override { return SystemClock().monotonic() + Duration(m_skew.load()); }
  void skip(std::chrono::seconds s) { m_skew += std::chrono::duration_cast<Duration>(s).count(); }
  /// Moves the wall clock alone (dates on screen), not the time the kiosk's timeouts count.
  void shiftWall(Duration d) { m_wall += d.count(); }

private:
  std::atomic<Duration::rep> m_skew{0};
  std::atomic<Duration::rep> m_wall{0};
};

/// The fixed moment a harness built with `fixedDates` starts at: every date a screen shows (due
/// dates, the receipt's, holds') is the same from run to run, as golden images need.
inline constexpr const char* kFixedStart = "2026-12-01 12:00:00";

/// The kiosk config of the screen tours (extraConfig): a goodbye long enough to be pictured in
/// every language and look, and the return's sort bins and branches named as a branch's signs
/// name them, so that each returned item says where it goes.
inline constexpr const char* kTourConfig = R"toml([ui]
goodbye_seconds = 60

[[returns.bins]]
code = "A"
name = "Trolley 1 (blue)"
sign = "1"
colour = "#1f5fbf"

[[returns.bins]]
code = "T"
name = "Box 2 (yellow)"
sign = "2"
colour = "#e0b040"

[[returns.branches]]
code = "LV-00002"
name = "Pārdaugavas filiālbibliotēka"

[[returns.branches]]
code = "LT-00001"
name = "Vilniaus centrinė biblioteka"
)toml";

/// The simulated devices and the kiosk built on them.
class SimHarness : public QObject {
  Q_OBJECT
public:
  /// `extraConfig` is appended to the kiosk's config (e.g. a [receipt] section). Without a
  /// [speech] section in it the kiosk has no speech engine (speech.engine = "none"). With
  /// `fixedDates` the library system (under libfaketime) and the kiosk's wall clock start at
  /// kFixedStart (UTC) and run on from there.
  explicit SimHarness(const QString& extraConfig = {}, bool fixedDates = false);
  ~SimHarness() override;
  /// Empty when everything came up; else what did not.
  QString problem() const { return m_problem; }
  kiosk::KioskUi* ui() { return m_ui.get(); }
  /// Where the kiosk's files are (its config, its queue database with -wal and -shm).
  QString dir() const { return m_dir.path(); }
  /// Ends the kiosk (its session, its database) while the devices and the files stay.
  void closeKiosk() { m_ui.reset(); }
  SkewClock& clock() { return m_clock; }

  /// Puts a patron card (ISO 28560 patron data) on the pad; returns its UID.
  Q_INVOKABLE QString putCard(const QString& patron);
  /// Puts an item's tag on the pad, secured as on the shelf; returns its UID.
  Q_INVOKABLE QString putItem(const QString& item);
  /// The screen tours' visit: a card (P100006) and four items on the pad, one of them not for
  /// loan; returns the PIN to type.
  QString putTourVisit();
  /// A whole tour's options: putTourVisit's card on the pad and its items laid one by one after the
  /// login, the return's items (of two destinations: the home branch's and another branch's, and
  /// one a patron waits for elsewhere) and the library system taken down for the offline banner.
  kiosk::TourOptions tourOptions();
  Q_INVOKABLE void removeTag(const QString& uid);
  Q_INVOKABLE void clearPad();
  /// The tag's security as the pad sees it ("secured", "unsecured", "absent").
  Q_INVOKABLE QString security(const QString& uid);
  /// Who the ILS says holds the item ("" when on the shelf).
  Q_INVOKABLE QString borrower(const QString& item);
  /// Where `patron`'s hold on `item` is to be picked up, as the ILS has it ("" when no such hold).
  Q_INVOKABLE QString holdPickup(const QString& item, const QString& patron);
  Q_INVOKABLE void ilsDown();
  Q_INVOKABLE void ilsUp();
  /// Moves the kiosk's clock forward (idle timeout, warnings).
  Q_INVOKABLE void skip(int seconds) { m_clock.skip(std::chrono::seconds(seconds)); }

private:
  SkewClock m_clock;
  QTemporaryDir m_dir;
  std::unique_ptr<SimDevice> m_ils;
  std::unique_ptr<SimDevice> m_pad;
  std::unique_ptr<kiosk::KioskUi> m_ui;
  QString m_problem;
  int m_uids = 0;
};

} // namespace lasis::test
