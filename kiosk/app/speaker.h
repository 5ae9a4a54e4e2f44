#pragma once
// What the kiosk says and sounds: each screen's main message spoken through Qt TextToSpeech where
// a speech engine exists (a kiosk without one stays quiet, nothing else changes), and two tones,
// success and attention, so nothing is signalled by colour alone and nothing by sound alone.

#include <QObject>
#include <QString>
#include <QTemporaryDir>
#include <QtQml/qqmlregistration.h>

#include <memory>

class QSoundEffect;
class QTextToSpeech;

namespace lasis::kiosk {

/// Spoken output and sounds.
class Speaker : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("the kiosk owns its speaker")
  Q_PROPERTY(bool speechAvailable READ speechAvailable CONSTANT)
  Q_PROPERTY(bool speechOn READ speechOn WRITE setSpeechOn NOTIFY speechOnChanged)
  Q_PROPERTY(QString lastSpoken READ lastSpoken NOTIFY spoken)

public:
  explicit Speaker(QObject* parent = nullptr);
  ~Speaker() override;

  bool speechAvailable() const { return m_tts != nullptr; }
  bool speechOn() const { return m_speechOn; }
  void setSpeechOn(bool on);
  QString lastSpoken() const { return m_lastSpoken; }

  /// Speaks `text` in `languageCode` when speech is on and an engine exists.
  Q_INVOKABLE void say(const QString& text, const QString& languageCode);
  Q_INVOKABLE void success();
  Q_INVOKABLE void attention();

signals:
  void speechOnChanged();
  void spoken();

private:
  QTextToSpeech* m_tts = nullptr;
  bool m_speechOn = true;
  QString m_lastSpoken;
  QTemporaryDir m_soundDir;
  QSoundEffect* m_success = nullptr;
  QSoundEffect* m_attention = nullptr;
};

} // namespace lasis::kiosk
