// The kiosk speaks (issue 21, EN 301 549 5.1.3), heard where a patron would hear it: a private
// PulseAudio with two null sinks ("kiosk", the speaker, and "headset"), speech-dispatcher and
// espeak-ng spawned by the kiosk itself (HOME and XDG_RUNTIME_DIR in a temporary directory, so
// nothing of the machine's own speech server is used), the kiosk in a real window (Xvfb, xcb),
// pressed through the X server with xdotool, and `parec` recording the sink's monitor.
//
// Speech is "heard" when 20 ms windows with an RMS above 300 (of 32767; a null sink's silence is 0)
// add up to more than 300 ms. Asserted: a press of three seconds on an empty part of the screen
// turns speech on and the screen is heard, in each of lv, lt, uk, en, ru, with the words of that
// language's screen; a one-second press says nothing; a long press on a button speaks but does
// not press it, and a tap still does; the speak key (evdev events through a FIFO: this machine has
// no /dev/uinput) starts speech and a second press repeats it; with [speech] sink = "headset" the
// words are heard on the headset and not on the kiosk's speaker; a key device that is not there
// yet is found once it appears; with speech on, the accessibility panel's Repeat and Slower are
// reachable and fit in every language, Slower slows speech and Repeat is heard.
#include "kiosk/app/languagecontroller.h"
#include "kiosk/app/screencheck.h"
#include "kiosk/app/screenreader.h"
#include "kiosk/app/screentour.h"
#include "kiosk/app/sessioncontroller.h"
#include "kiosk/app/speaker.h"
#include "kiosk/runtime/speechkey.h"
#include "tests/ui/simharness.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QProcess>
#include <QQuickItem>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <gtest/gtest.h>

#include <cmath>
#include <csignal>
#include <fcntl.h>
#include <iostream>
#include <linux/input.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

Q_IMPORT_QML_PLUGIN(Lasis_KioskPlugin)

using namespace lasis::kiosk;

namespace {

constexpr double kLoudRms = 300;  ///< a null sink's silence is exactly 0; espeak-ng speaks at thousands
constexpr int kWindowMs = 20;

/// Lets the kiosk's event loop run for `ms` (QProcess output, timers, the window).
void pump(int ms) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < ms) QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
}

using lasis::test::find;

/// A PulseAudio server of the test's own with the sinks "kiosk" and "headset"; HOME and
/// XDG_RUNTIME_DIR point into a temporary directory so that the speech-dispatcher the kiosk spawns
/// is the test's own too.
class PrivateAudio {
public:
  bool start() {
    if (!m_dir.isValid()) return fail("no temporary directory");
    const QString pulse = QStandardPaths::findExecutable(QStringLiteral("pulseaudio"));
    if (pulse.isEmpty()) return fail("pulseaudio is not installed");
    const QString home = m_dir.filePath(QStringLiteral("home"));
    QDir().mkpath(home);
    freshRuntimeDir();
    qputenv("HOME", home.toLocal8Bit());
    qunsetenv("PULSE_SINK");
    const QString socket = m_dir.filePath(QStringLiteral("pulse.sock"));
    m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_server.start(pulse, {QStringLiteral("-n"), QStringLiteral("--daemon=no"), QStringLiteral("--exit-idle-time=-1"),
                           QStringLiteral("--load=module-null-sink sink_name=kiosk"),
                           QStringLiteral("--load=module-null-sink sink_name=headset"),
                           QStringLiteral("--load=module-native-protocol-unix socket=") + socket});
    if (!m_server.waitForStarted(5000)) return fail("pulseaudio did not start");
    qputenv("PULSE_SERVER", ("unix:" + socket).toLocal8Bit());
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 10000) {
      QProcess info;
      info.start(QStringLiteral("pactl"), {QStringLiteral("list"), QStringLiteral("short"), QStringLiteral("sinks")});
      info.waitForFinished(3000);
      if (info.exitCode() == 0 && info.readAllStandardOutput().contains("headset")) return true;
      pump(100);
    }
    return fail("pulseaudio never answered on " + socket);
  }

  /// XDG_RUNTIME_DIR in the temporary directory (GLib, under libspeechd, reads it once per process).
  void freshRuntimeDir() {
    const QString run = m_dir.filePath(QStringLiteral("run"));
    QDir().mkpath(run);
    QFile::setPermissions(run, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    qputenv("XDG_RUNTIME_DIR", run.toLocal8Bit());
  }

  /// Stops the speech-dispatcher an earlier kiosk spawned (by the PID it wrote), so that the next
  /// kiosk spawns its own with its own environment (PULSE_SINK), as after a reboot.
  void stopSpeechServer() {
    QFile file(m_dir.filePath(QStringLiteral("run/speech-dispatcher/pid/speech-dispatcher.pid")));
    if (!file.open(QIODevice::ReadOnly)) return;
    const int pid = file.readAll().trimmed().toInt();
    if (pid <= 1 || ::kill(pid, SIGTERM) != 0) return;
    waitFor([&] { return ::kill(pid, 0) != 0; }, 10000);
  }

  ~PrivateAudio() {
    stopSpeechServer();  // then PulseAudio
    if (m_server.state() != QProcess::NotRunning) {
      m_server.terminate();
      if (!m_server.waitForFinished(3000)) m_server.kill();
    }
  }

  QString problem() const { return m_problem; }

private:
  bool fail(const QString& why) {
    m_problem = why;
    return false;
  }
  QTemporaryDir m_dir;
  QProcess m_server;
  QString m_problem;
};

/// `parec` on a sink's monitor, cut into 20 ms windows, each stamped with when it arrived.
class Recorder {
public:
  explicit Recorder(const QString& sink) {
    m_clock.start();
    QObject::connect(&m_parec, &QProcess::readyReadStandardOutput, [this] { take(); });
    m_parec.start(QStringLiteral("parec"), {QStringLiteral("-d"), sink + QStringLiteral(".monitor"), QStringLiteral("--raw"),
                                            QStringLiteral("--format=s16le"), QStringLiteral("--channels=1"),
                                            QStringLiteral("--rate=16000"), QStringLiteral("--latency-msec=20")});
    m_parec.waitForStarted(3000);
    pump(300);  // connected and streaming before anything is said
  }
  ~Recorder() {
    m_parec.kill();
    m_parec.waitForFinished(2000);
  }
  /// Milliseconds on the recording's clock.
  qint64 now() const { return m_clock.elapsed(); }
  const QElapsedTimer& clock() const { return m_clock; }
  /// Loud audio received at or after `since` (on now()'s clock), in ms.
  int loudMs(qint64 since = 0) const {
    int n = 0;
    for (auto [at, rms] : m_windows)
      if (at >= since && rms > kLoudRms) n += kWindowMs;
    return n;
  }
  /// When the first loud window after `since` arrived.
  std::optional<qint64> firstLoud(qint64 since = 0) const {
    for (auto [at, rms] : m_windows)
      if (at >= since && rms > kLoudRms) return at;
    return std::nullopt;
  }
  /// Waits until more than `ms` of speech was heard after `since`, or `timeoutMs` passed.
  bool hear(int ms, qint64 since, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
      if (loudMs(since) > ms) return true;
      pump(50);
    }
    return loudMs(since) > ms;
  }

private:
  void take() {
    m_pending += m_parec.readAllStandardOutput();
    constexpr int bytes = 16000 * kWindowMs / 1000 * 2;
    const qint64 at = m_clock.elapsed();
    while (m_pending.size() >= bytes) {
      const auto* s = reinterpret_cast<const std::int16_t*>(m_pending.constData());
      double sum = 0;
      for (int i = 0; i < bytes / 2; ++i) sum += double(s[i]) * s[i];
      m_windows.emplace_back(at, std::sqrt(sum / (bytes / 2)));
      m_pending.remove(0, bytes);
    }
  }
  QProcess m_parec;
  QElapsedTimer m_clock;
  QByteArray m_pending;
  std::vector<std::pair<qint64, double>> m_windows;
};

/// Runs xdotool while the kiosk's event loop (and the recording) keeps turning.
void xdotool(const QStringList& args) {
  QProcess p;
  p.start(QStringLiteral("xdotool"), args);
  waitFor([&] { return p.state() == QProcess::NotRunning; }, 5000);
}

/// Presses the left button at a window point through the X server for `ms`, as a finger would.
/// Returns when the button went down on the caller's clock `clock` (ms).
qint64 press(QQuickWindow* w, QPointF at, int ms, const QElapsedTimer& clock) {
  const QPoint p = w->mapToGlobal(at.toPoint());
  xdotool({QStringLiteral("mousemove"), QString::number(p.x()), QString::number(p.y())});
  pump(50);
  xdotool({QStringLiteral("mousedown"), QStringLiteral("1")});
  const qint64 down = clock.elapsed();
  pump(ms);
  xdotool({QStringLiteral("mouseup"), QStringLiteral("1")});
  pump(100);
  return down;
}

QPointF centre(QQuickItem* item) { return item->mapToScene(QPointF(item->width() / 2, item->height() / 2)); }

/// The window shown and active, as window_test shows it (Xvfb has no window manager).
QQuickWindow* show(KioskUi& ui) {
  QQuickWindow* w = ui.window();
  if (!waitFor([&] { return w->isExposed(); }, 10000)) return nullptr;
  w->requestActivate();
  if (!waitFor([&] { return w->isActive(); }, 10000)) return nullptr;
  ScreenCheck::settleAndGrab(w);
  return w;
}

/// A point on the welcome screen with no control under it: between the last choice and the foot.
QPointF emptySpot(QQuickWindow* w) {
  QQuickItem* account = find(w->contentItem(), QStringLiteral("account"));
  const double below = account ? account->mapToScene(QPointF(0, account->height())).y() : w->height() * 0.7;
  return {w->width() / 2.0, (below + w->height()) / 2.0};
}

PrivateAudio* audio = nullptr;

class KioskSpeech : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_NE(audio, nullptr);
    ASSERT_TRUE(audio->problem().isEmpty()) << audio->problem().toStdString();
    ASSERT_FALSE(QStandardPaths::findExecutable(QStringLiteral("xdotool")).isEmpty()) << "xdotool is not installed";
  }

  /// A kiosk with speech, its window up and its engine ready.
  std::unique_ptr<lasis::test::SimHarness> kiosk(const QString& speech, QQuickWindow*& w) {
    audio->stopSpeechServer();
    auto sim = std::make_unique<lasis::test::SimHarness>(QStringLiteral("[speech]\n") + speech);
    EXPECT_TRUE(sim->problem().isEmpty()) << sim->problem().toStdString();
    if (!sim->problem().isEmpty() || !sim->ui()->load()) return nullptr;
    w = show(*sim->ui());
    EXPECT_NE(w, nullptr) << "the window never showed or never became active";
    QElapsedTimer t;
    t.start();
    Speaker& s = sim->ui()->speaker();
    EXPECT_TRUE(waitFor([&] { return s.engineSettled(); }, 60000)) << "the speech engine never started";
    EXPECT_TRUE(s.speechAvailable()) << "no speech engine (see the log above)";
    std::cout << "speech engine ready " << t.elapsed() << " ms after the window, voices:";
    for (auto [lang, voice] : s.voices().asKeyValueRange()) std::cout << " " << lang.toStdString() << "=" << voice.toStdString();
    std::cout << "\n";
    EXPECT_FALSE(s.speechOn()) << "speech must be off until a patron asks for it";
    return sim;
  }
};

TEST_F(KioskSpeech, AThreeSecondPressSpeaksTheScreenInEveryLanguageAndAOneSecondPressDoesNot) {
  QQuickWindow* w = nullptr;
  auto sim = kiosk(QStringLiteral("engine = \"speechd\"\n"), w);
  ASSERT_TRUE(sim && w && sim->ui()->speaker().speechAvailable());
  Speaker& speaker = sim->ui()->speaker();
  const QPointF spot = emptySpot(w);

  // 1. A one-second press: nothing is said, speech stays off.
  {
    Recorder rec(QStringLiteral("kiosk"));
    const qint64 t0 = press(w, spot, 1000, rec.clock());
    pump(3000);
    EXPECT_FALSE(speaker.speechOn()) << "a one-second press turned speech on";
    EXPECT_EQ(rec.loudMs(t0), 0) << "something was said after a one-second press";
  }

  // 2. Three seconds, in each language: speech on, the screen heard in that language's words.
  std::vector<qint64> latencies;
  for (const QString& lang : {QStringLiteral("lv"), QStringLiteral("lt"), QStringLiteral("uk"), QStringLiteral("en"),
                              QStringLiteral("ru")}) {
    SCOPED_TRACE(lang.toStdString());
    speaker.reset();
    ASSERT_TRUE(sim->ui()->language().setLanguage(lang));
    ScreenCheck::settleAndGrab(w);
    Recorder rec(QStringLiteral("kiosk"));
    const qint64 t0 = press(w, spot, 3300, rec.clock());
    const qint64 gesture = t0 + 3000;  // when the hold became the gesture
    EXPECT_TRUE(speaker.speechOn()) << "a three-second press did not turn speech on";
    EXPECT_EQ(rec.loudMs(t0) - rec.loudMs(gesture), 0) << "speech before the three seconds were up";
    EXPECT_TRUE(rec.hear(300, gesture, 15000)) << "no speech heard: " << rec.loudMs(gesture) << " ms above RMS " << kLoudRms;
    if (auto first = rec.firstLoud(gesture)) latencies.push_back(*first - gesture);
    // The words: what the screen shows in this language, heading first, then the buttons.
    const QString title = find(w->contentItem(), QStringLiteral("title"))->property("text").toString();
    const QString borrow = find(w->contentItem(), QStringLiteral("borrow"))->property("text").toString();
    EXPECT_TRUE(speaker.lastSpoken().startsWith(title)) << speaker.lastSpoken().toStdString();
    EXPECT_TRUE(speaker.lastSpoken().contains(borrow)) << speaker.lastSpoken().toStdString();
    std::cout << lang.toStdString() << ": heard " << rec.loudMs(gesture) << " ms of speech, the first "
              << (latencies.empty() ? -1 : latencies.back()) << " ms after the three seconds: \""
              << speaker.lastSpoken().toStdString() << "\"\n";
    pump(1500);
  }
  ASSERT_EQ(latencies.size(), 5u);
  std::sort(latencies.begin(), latencies.end());
  std::cout << "from the end of the three seconds to the first sound: median " << latencies[2] << " ms, max "
            << latencies.back() << " ms\n";

  // 3. The gesture takes nothing from the buttons: a long press on one speaks but does not press
  //    it; a tap still does.
  speaker.reset();
  sim->ui()->language().setLanguage(QStringLiteral("en"));
  ScreenCheck::settleAndGrab(w);
  QQuickItem* borrow = find(w->contentItem(), QStringLiteral("borrow"));
  ASSERT_NE(borrow, nullptr);
  QElapsedTimer clock;
  clock.start();
  press(w, centre(borrow), 80, clock);
  EXPECT_TRUE(waitFor([&] { return sim->ui()->session().screen() == QLatin1String("identify"); }, 5000))
      << "a tap on a button does not reach it past the gesture";
  sim->ui()->session().goHome();
  ASSERT_TRUE(waitFor([&] { return sim->ui()->session().screen() == QLatin1String("welcome"); }, 5000));
  ScreenCheck::settleAndGrab(w);
  press(w, centre(borrow), 3300, clock);
  pump(500);
  EXPECT_TRUE(speaker.speechOn());
  EXPECT_EQ(sim->ui()->session().screen(), QStringLiteral("welcome")) << "the long press also pressed the button";
  press(w, centre(borrow), 80, clock);
  EXPECT_TRUE(waitFor([&] { return sim->ui()->session().screen() == QLatin1String("identify"); }, 5000))
      << "after a long press a tap on a button does not reach it";
  // The new screen is read as it comes (speech is on).
  EXPECT_TRUE(waitFor([&] { return speaker.lastSpoken().startsWith(find(w->contentItem(), QStringLiteral("title"))->property("text").toString()) &&
                                   sim->ui()->session().screen() == QLatin1String("identify"); }, 3000))
      << speaker.lastSpoken().toStdString();

  // 4. The accessibility panel with speech on: Repeat and Slower shown, reachable and fitting in
  //    every language, and they work (Repeat is heard again).
  sim->ui()->session().goHome();
  ASSERT_TRUE(waitFor([&] { return sim->ui()->session().screen() == QLatin1String("welcome"); }, 5000));
  ScreenCheck::settleAndGrab(w);
  press(w, centre(find(w->contentItem(), QStringLiteral("accessibility"))), 80, clock);
  ScreenCheck::settleAndGrab(w);
  QQuickItem* panel = find(w->contentItem(), QStringLiteral("accessibilityPanel"));
  ASSERT_NE(panel, nullptr) << "the Accessibility button opened no panel";
  for (const QString& lang : {QStringLiteral("lv"), QStringLiteral("lt"), QStringLiteral("uk"), QStringLiteral("en"),
                              QStringLiteral("ru")}) {
    SCOPED_TRACE(lang.toStdString());
    sim->ui()->language().setLanguage(lang);
    ScreenCheck::settleAndGrab(w);
    ASSERT_NE(find(w->contentItem(), QStringLiteral("speechRepeat")), nullptr);
    ASSERT_NE(find(w->contentItem(), QStringLiteral("speechSlower")), nullptr);
    auto problems = ScreenCheck::unreachable(w);
    auto overflow = ScreenCheck::overflow(w);
    problems.insert(problems.end(), overflow.begin(), overflow.end());
    for (const auto& p : problems)
      ADD_FAILURE() << p.kind.toStdString() << " " << p.object.toStdString() << ": " << p.text.toStdString();
  }
  pump(4000);  // what the language changes read ends
  QQuickItem* slower = find(w->contentItem(), QStringLiteral("speechSlower"));
  press(w, centre(slower), 80, clock);
  EXPECT_TRUE(waitFor([&] { return speaker.slow(); }, 3000)) << "Slower did not slow speech down";
  {
    Recorder rec(QStringLiteral("kiosk"));
    const qint64 t0 = press(w, centre(find(w->contentItem(), QStringLiteral("speechRepeat"))), 80, rec.clock());
    EXPECT_TRUE(rec.hear(300, t0, 15000)) << "Repeat: nothing heard";
  }
  panel->setProperty("open", false);

  // 5. "Back" from the card step keeps speech for the patron still there; the end of a visit (the
  //    goodbye going back to the welcome screen) turns it off at the normal rate for the next one.
  sim->ui()->session().showForSelfTest(QStringLiteral("identify"));
  sim->ui()->session().goHome();
  EXPECT_TRUE(speaker.speechOn()) << "Back turned speech off";
  EXPECT_TRUE(speaker.slow());
  sim->ui()->session().showForSelfTest(QStringLiteral("goodbye"));
  sim->ui()->session().goHome();
  EXPECT_FALSE(speaker.speechOn()) << "speech stayed on after the visit";
  EXPECT_FALSE(speaker.slow()) << "slow speech stayed after the visit";
  EXPECT_TRUE(speaker.lastSpoken().isEmpty()) << "the last patron's words would be repeated";
}

TEST_F(KioskSpeech, TheSpeakKeyStartsAndRepeatsSpeechOnTheHeadsetOnly) {
  QTemporaryDir dir;
  const QString fifo = dir.filePath(QStringLiteral("speak-key"));
  QQuickWindow* w = nullptr;
  // The key's device is not there when the kiosk starts: looked for every 5 s, found once it is.
  auto sim = kiosk(QStringLiteral("engine = \"speechd\"\nkey_device = \"%1\"\nkey_code = %2\nsink = \"headset\"\n")
                       .arg(fifo)
                       .arg(KEY_F1),
                   w);
  ASSERT_TRUE(sim && w && sim->ui()->speaker().speechAvailable());
  ASSERT_NE(sim->ui()->speechKey(), nullptr);
  EXPECT_FALSE(sim->ui()->speechKey()->isOpen());
  ASSERT_EQ(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
  // Read-write: a writer that never blocks and never leaves the reader at end of file.
  const int key = ::open(fifo.toLocal8Bit().constData(), O_RDWR | O_NONBLOCK);
  ASSERT_GE(key, 0);
  EXPECT_TRUE(waitFor([&] { return sim->ui()->speechKey()->isOpen(); }, 8000)) << "the key device was not found again";
  auto send = [&](int code, int value) {
    input_event e{};
    e.type = EV_KEY;
    e.code = static_cast<__u16>(code);
    e.value = value;
    input_event sync{};
    sync.type = EV_SYN;
    ASSERT_EQ(::write(key, &e, sizeof e), ssize_t(sizeof e));
    ASSERT_EQ(::write(key, &sync, sizeof sync), ssize_t(sizeof sync));
  };
  Speaker& speaker = sim->ui()->speaker();

  // Another key does nothing.
  {
    Recorder headset(QStringLiteral("headset"));
    send(KEY_A, 1);
    send(KEY_A, 0);
    pump(2000);
    EXPECT_FALSE(speaker.speechOn());
    EXPECT_EQ(headset.loudMs(), 0);
  }
  // The speak key: speech on, the screen said, on the headset and not on the kiosk's speaker.
  {
    Recorder headset(QStringLiteral("headset")), room(QStringLiteral("kiosk"));
    const qint64 t0 = headset.now();
    send(KEY_F1, 1);
    send(KEY_F1, 0);
    EXPECT_TRUE(headset.hear(300, t0, 15000)) << "the speak key: nothing heard on the headset";
    EXPECT_TRUE(speaker.speechOn());
    EXPECT_EQ(room.loudMs(), 0) << "private listening: speech also came out of the kiosk's speaker";
    if (auto first = headset.firstLoud(t0)) std::cout << "speak key: first sound " << *first - t0 << " ms after the press\n";
  }
  const QString said = speaker.lastSpoken();
  EXPECT_FALSE(said.isEmpty());
  pump(6000);  // let it finish
  // A second press repeats it.
  {
    Recorder headset(QStringLiteral("headset"));
    const qint64 t0 = headset.now();
    send(KEY_F1, 1);
    send(KEY_F1, 2);  // the kernel's auto-repeat: not a press
    send(KEY_F1, 0);
    EXPECT_TRUE(headset.hear(300, t0, 15000)) << "the second press: nothing heard";
    EXPECT_EQ(speaker.lastSpoken(), said);
  }
  ::close(key);
}

} // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "xcb");
  if (qEnvironmentVariableIsEmpty("QT_QUICK_BACKEND")) qputenv("QT_QUICK_BACKEND", "software");
  qputenv("QT_IM_MODULE", "qtvirtualkeyboard");
  QGuiApplication app(argc, argv);
  PrivateAudio pulse;
  pulse.start();  // before any kiosk: its environment is the kiosk's and its speech server's
  audio = &pulse;
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
