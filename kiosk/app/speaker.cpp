#include "kiosk/app/speaker.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QSoundEffect>
#include <QTextToSpeech>
#include <QUrl>
#include <QVoice>

#include <cmath>
#include <cstdint>
#include <deque>
#include <functional>
#include <set>
#include <vector>

namespace lasis::kiosk {

namespace {

/// Writes a 16-bit mono PCM WAV of the given tones (Hz, ms); the sounds are made, not shipped.
bool writeTones(const QString& path, const std::vector<std::pair<int, int>>& tones) {
  constexpr int rate = 22050;
  std::vector<std::int16_t> samples;
  for (auto [hz, ms] : tones) {
    const int n = rate * ms / 1000;
    for (int i = 0; i < n; ++i) {
      const double fade = std::min({1.0, i / 200.0, (n - i) / 200.0});
      samples.push_back(hz == 0 ? 0
                                : static_cast<std::int16_t>(9000 * fade * std::sin(2 * M_PI * hz * i / double(rate))));
    }
  }
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) return false;
  auto u32 = [&](std::uint32_t v) { f.write(reinterpret_cast<const char*>(&v), 4); };
  auto u16 = [&](std::uint16_t v) { f.write(reinterpret_cast<const char*>(&v), 2); };
  const auto bytes = static_cast<std::uint32_t>(samples.size() * 2);
  f.write("RIFF", 4); u32(36 + bytes); f.write("WAVE", 4);
  f.write("fmt ", 4); u32(16); u16(1); u16(1); u32(rate); u32(rate * 2); u16(2); u16(16);
  f.write("data", 4); u32(bytes);
  f.write(reinterpret_cast<const char*>(samples.data()), bytes);
  return true;
}

} // namespace

/// The engine, on the speaker's thread: starts it, picks a voice per language, and speaks one
/// utterance at a time (Qt 6.4's say() cuts off what is being said; results are queued here).
class VoiceWorker : public QObject {
public:
  using Ready = std::function<void(bool ok, const QMap<QString, QString>& voices)>;
  VoiceWorker(Speaker::Options options, Ready ready) : m_options(std::move(options)), m_ready(std::move(ready)) {}

  void init() {
    QElapsedTimer took;
    took.start();
    const QStringList engines = QTextToSpeech::availableEngines();
    const QString found = engines.isEmpty() ? QStringLiteral("none") : engines.join(QStringLiteral(", "));
    if (engines.isEmpty()) {
      qWarning("speech: off, read-aloud hidden: no text-to-speech engine found (no plugin in %s/texttospeech; "
               "install qt6-speech-speechd-plugin, speech-dispatcher and speech-dispatcher-espeak-ng)",
               qPrintable(QLibraryInfo::path(QLibraryInfo::PluginsPath)));
      m_ready(false, {});
      return;
    }
    QString engine = m_options.engine;
    if (!engines.contains(engine)) {
      qWarning("speech: engine \"%s\" is not installed (found: %s); using \"%s\"", qPrintable(engine), qPrintable(found),
               qPrintable(engines.first()));
      engine = engines.first();
    }
    m_tts = new QTextToSpeech(engine, this);
    if (m_tts->state() == QTextToSpeech::Error) {
      qWarning("speech: off, read-aloud hidden: engine \"%s\" failed to start: %s (engines found: %s)", qPrintable(engine),
               qPrintable(m_tts->errorString().isEmpty() ? QStringLiteral("no reason given") : m_tts->errorString()),
               qPrintable(found));
      delete m_tts;
      m_tts = nullptr;
      m_ready(false, {});
      return;
    }
    QMap<QString, QString> names;
    QStringList said;
    const QList<QLocale> locales = m_tts->availableLocales();
    for (const QString& code : m_options.languages) {
      // The language's own country first (lv_LV, uk_UA; English as in Europe, en_GB, where QLocale
      // would take en_US, whose first espeak-ng voice is "English (Caribbean)"), else any.
      const QLocale wanted = code == QLatin1String("en") ? QLocale(QLocale::English, QLocale::UnitedKingdom) : QLocale(code);
      std::optional<QLocale> best;
      for (const QLocale& l : locales) {
        if (l.language() != wanted.language()) continue;
        if (!best || l.territory() == wanted.territory()) best = l;
      }
      QList<QVoice> voices;
      if (best) {
        m_tts->setLocale(*best);
        voices = m_tts->availableVoices();
      }
      if (voices.isEmpty()) {
        qWarning("speech: no %s voice in engine \"%s\": screens in %s are not read aloud", qPrintable(code),
                 qPrintable(engine), qPrintable(QLocale::languageToString(wanted.language())));
        continue;
      }
      // The plain voice ("Latvian"), not one of espeak-ng's variants ("Latvian+Alex").
      QVoice voice = voices.first();
      for (const QVoice& v : voices)
        if (!v.name().contains('+')) {
          voice = v;
          break;
        }
      m_voices[code] = {*best, voice};
      names[code] = voice.name();
      said << code + ' ' + voice.name();
    }
    m_current.clear();
    connect(m_tts, &QTextToSpeech::stateChanged, this, [this](QTextToSpeech::State s) { stateChanged(s); });
    connect(m_tts, &QTextToSpeech::errorOccurred, this, [this](QTextToSpeech::ErrorReason, const QString& why) {
      if (m_errorsLogged.insert(why).second) qWarning("speech: the engine failed to speak: %s", qPrintable(why));
    });
    qInfo("speech: engine \"%s\" (found: %s), voices: %s; ready in %lld ms", qPrintable(engine), qPrintable(found),
          said.isEmpty() ? "none" : qPrintable(said.join(QStringLiteral(", "))), took.elapsed());
    m_ready(!names.isEmpty(), names);
  }

  void speak(const QString& text, const QString& language, bool interrupt) {
    if (!m_tts) return;
    if (interrupt) {
      m_queue.clear();
      utter(text, language);
    } else if (m_busy) {
      m_queue.emplace_back(text, language);
    } else {
      utter(text, language);
    }
  }

  void stop() {
    m_queue.clear();
    if (m_tts && m_busy) m_tts->stop();
  }

  void setRate(double rate) {
    if (m_tts) m_tts->setRate(rate);
  }

private:
  void utter(const QString& text, const QString& language) {
    auto v = m_voices.find(language);
    if (v == m_voices.end()) return;  // no voice for it: said once at start
    if (language != m_current) {
      m_tts->setLocale(v->first);
      m_tts->setVoice(v->second);
      m_current = language;
    }
    // Cutting off what is being said makes the engine report "ready" for it just after this
    // call: that one is not the end of the new utterance and must not start the next in line.
    m_skipReady = m_tts->state() == QTextToSpeech::Speaking;
    m_busy = true;
    m_tts->say(text);
  }

  void stateChanged(QTextToSpeech::State s) {
    if (s == QTextToSpeech::Speaking) {
      m_skipReady = false;
      m_busy = true;
    } else if (s == QTextToSpeech::Ready || s == QTextToSpeech::Error) {
      if (m_skipReady) {
        m_skipReady = false;
        return;
      }
      if (m_queue.empty()) {
        m_busy = false;
      } else {
        auto [text, language] = m_queue.front();
        m_queue.pop_front();
        utter(text, language);
      }
    }
  }

  Speaker::Options m_options;
  Ready m_ready;
  QTextToSpeech* m_tts = nullptr;
  QMap<QString, std::pair<QLocale, QVoice>> m_voices;
  QString m_current;  ///< the language the engine is set to
  std::deque<std::pair<QString, QString>> m_queue;
  bool m_busy = false;
  bool m_skipReady = false;
  std::set<QString> m_errorsLogged;
};

Speaker::Speaker(QObject* parent) : Speaker(Options{}, parent) {}

Speaker::Speaker(Options options, QObject* parent) : QObject(parent), m_options(std::move(options)) {
  if (m_options.engine == QLatin1String("none")) {
    qInfo("speech: off, read-aloud hidden: speech.engine is \"none\"");
    m_settled = true;
  } else {
    // Before the engine exists: the speech server it spawns inherits the environment, and libpulse
    // in that server plays on PULSE_SINK (a server already running keeps its own sink).
    if (!m_options.sink.isEmpty()) qputenv("PULSE_SINK", m_options.sink.toLocal8Bit());
    m_thread.setObjectName(QStringLiteral("speech"));
    QPointer<Speaker> self = this;
    m_worker = new VoiceWorker(m_options, [self](bool ok, const QMap<QString, QString>& voices) {
      QMetaObject::invokeMethod(self, [self, ok, voices] { if (self) self->engineReady(ok, voices); }, Qt::QueuedConnection);
    });
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->init(); }, Qt::QueuedConnection);
  }
  if (m_soundDir.isValid()) {
    const QString ok = m_soundDir.filePath("success.wav"), att = m_soundDir.filePath("attention.wav");
    if (writeTones(ok, {{660, 90}, {0, 30}, {880, 140}}) && writeTones(att, {{520, 160}, {0, 80}, {520, 160}, {0, 80}, {520, 160}})) {
      m_success = new QSoundEffect(this);
      m_success->setSource(QUrl::fromLocalFile(ok));
      m_attention = new QSoundEffect(this);
      m_attention->setSource(QUrl::fromLocalFile(att));
    }
  }
}

Speaker::~Speaker() {
  if (m_worker) {
    m_thread.quit();  // after the engine's start if that still runs: it cannot be cut short
    m_thread.wait();
  }
}

void Speaker::engineReady(bool ok, const QMap<QString, QString>& voices) {
  m_settled = true;
  m_voices = voices;
  if (ok != m_available) {
    m_available = ok;
    emit speechAvailableChanged();
  }
  if (m_slow) setSlow(true);  // asked for before the engine was there
}

void Speaker::setSpeechOn(bool on) {
  if (on == m_speechOn) return;
  m_speechOn = on;
  if (!on && m_worker) QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->stop(); }, Qt::QueuedConnection);
  emit speechOnChanged();
}

void Speaker::setSlow(bool slow) {
  const double rate = slow ? m_options.slowRate : 0.0;
  if (m_worker) QMetaObject::invokeMethod(m_worker, [w = m_worker, rate] { w->setRate(rate); }, Qt::QueuedConnection);
  if (slow == m_slow) return;
  m_slow = slow;
  emit slowChanged();
}

void Speaker::send(const QString& text, const QString& languageCode, bool interrupt) {
  if (!m_worker || !m_speechOn) return;
  QMetaObject::invokeMethod(m_worker, [w = m_worker, text, languageCode, interrupt] { w->speak(text, languageCode, interrupt); },
                            Qt::QueuedConnection);
}

void Speaker::say(const QString& text, const QString& languageCode) {
  if (text.isEmpty()) return;
  m_lastSpoken = text;
  m_lastLanguage = languageCode;
  emit spoken();
  send(text, languageCode, true);
}

void Speaker::add(const QString& text, const QString& languageCode) {
  if (text.isEmpty()) return;
  // Repeat says the whole run: what was said last and the results that followed it.
  m_lastSpoken = m_lastSpoken.isEmpty() || languageCode != m_lastLanguage ? text : m_lastSpoken + ' ' + text;
  m_lastLanguage = languageCode;
  emit spoken();
  send(text, languageCode, false);
}

void Speaker::repeat() {
  if (m_lastSpoken.isEmpty()) {
    emit screenRequested();  // nothing said yet: the screen is the thing to hear
    return;
  }
  send(m_lastSpoken, m_lastLanguage, true);
}

void Speaker::start() {
  setSpeechOn(true);
  emit screenRequested();
}

void Speaker::reset() {
  setSpeechOn(false);
  setSlow(false);
  m_lastSpoken.clear();  // the last patron's words are not repeated to the next
  m_lastLanguage.clear();
  emit spoken();
}

void Speaker::success() {
  if (m_success) m_success->play();
}

void Speaker::attention() {
  if (m_attention) m_attention->play();
}

} // namespace lasis::kiosk
