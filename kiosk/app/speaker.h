#pragma once
// What the kiosk says and sounds: each screen read aloud through Qt TextToSpeech (speech-dispatcher
// with espeak-ng: lv, lt, uk, en, ru) once a patron asks for it, and two tones, success and
// attention, so nothing is signalled by colour alone and nothing by sound alone.
//
// Speech is off until asked for (a three-second press anywhere, the speak key, or "Read aloud"):
// a kiosk in a reading room does not talk to everyone. It goes off again, at the normal rate, when
// the visit ends (reset()). Where no engine works the "Read aloud" button stays hidden and the log
// says once why: which engines were found and what failed.
//
// The engine lives on a thread of its own: Qt 6.4's speechd plugin lists every voice of every
// module when it is created, about 6 s with espeak-ng's voice variants, which must not hold up the
// first frame or a patron's touch. speechAvailable turns true when it is ready.

#include <QObject>
#include <QString>
#include <QTemporaryDir>
#include <QThread>
#include <QtQml/qqmlregistration.h>

class QSoundEffect;

namespace lasis::kiosk {

class VoiceWorker;

/// Spoken output and sounds.
class Speaker : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("the kiosk owns its speaker")
  /// An engine works and has a voice for at least one language (false until it has started).
  Q_PROPERTY(bool speechAvailable READ speechAvailable NOTIFY speechAvailableChanged)
  Q_PROPERTY(bool speechOn READ speechOn WRITE setSpeechOn NOTIFY speechOnChanged)
  /// Slower speech, on request (EN 301 549: speech the patron can follow).
  Q_PROPERTY(bool slow READ slow WRITE setSlow NOTIFY slowChanged)
  Q_PROPERTY(QString lastSpoken READ lastSpoken NOTIFY spoken)

public:
  /// How the kiosk speaks.
  struct Options {
    /// The engine to use when installed; another one found is used otherwise (logged).
    QString engine = QStringLiteral("speechd");
    /// The PulseAudio sink for private listening ([speech] sink); empty: the default sink. Set as
    /// PULSE_SINK before the engine starts: speech-dispatcher, spawned by the engine, inherits it.
    QString sink;
    /// The languages a voice is chosen for at start (one missing is logged once).
    QStringList languages{QStringLiteral("lv"), QStringLiteral("lt"), QStringLiteral("uk"), QStringLiteral("en"),
                          QStringLiteral("ru")};
    /// The rate of slow speech (QTextToSpeech: -1 slowest, 0 normal).
    double slowRate = -0.45;
  };

  explicit Speaker(QObject* parent = nullptr);
  explicit Speaker(Options options, QObject* parent = nullptr);
  ~Speaker() override;

  bool speechAvailable() const { return m_available; }
  bool speechOn() const { return m_speechOn; }
  void setSpeechOn(bool on);
  bool slow() const { return m_slow; }
  void setSlow(bool slow);
  QString lastSpoken() const { return m_lastSpoken; }
  /// Whether the engine has started (or given up): speechAvailable is final from then on.
  bool engineSettled() const { return m_settled; }
  /// The languages with a voice, e.g. {"lv": "Latvian", …}; known once the engine has started.
  QMap<QString, QString> voices() const { return m_voices; }

  /// Speaks `text` in `languageCode` when speech is on, interrupting whatever was being said.
  Q_INVOKABLE void say(const QString& text, const QString& languageCode);
  /// Speaks `text` after what is being said (results arriving one by one): nothing is cut off.
  Q_INVOKABLE void add(const QString& text, const QString& languageCode);
  /// Says the last thing said (the last say() and what add() put after it) again.
  Q_INVOKABLE void repeat();
  Q_INVOKABLE void slower() { setSlow(true); }
  Q_INVOKABLE void normalRate() { setSlow(false); }
  /// Started without sight (the long press, the speak key): speech on, and the screen read.
  Q_INVOKABLE void start();
  /// Asks for the current screen to be read (heard by the ScreenReader).
  Q_INVOKABLE void readScreen() { emit screenRequested(); }
  /// The visit is over: silent, speech off, the normal rate again.
  void reset();

  Q_INVOKABLE void success();
  Q_INVOKABLE void attention();

signals:
  void speechAvailableChanged();
  void speechOnChanged();
  void slowChanged();
  void spoken();
  /// The screen should be read aloud now (start(), readScreen()).
  void screenRequested();

private:
  void engineReady(bool ok, const QMap<QString, QString>& voices);
  void send(const QString& text, const QString& languageCode, bool interrupt);

  Options m_options;
  QThread m_thread;
  VoiceWorker* m_worker = nullptr;  ///< lives on m_thread
  bool m_available = false;
  bool m_settled = false;
  QMap<QString, QString> m_voices;
  bool m_speechOn = false;
  bool m_slow = false;
  QString m_lastSpoken;
  QString m_lastLanguage;
  QTemporaryDir m_soundDir;
  QSoundEffect* m_success = nullptr;
  QSoundEffect* m_attention = nullptr;
};

} // namespace lasis::kiosk
