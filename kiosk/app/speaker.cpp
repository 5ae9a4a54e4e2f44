#include "kiosk/app/speaker.h"

#include <QFile>
#include <QLocale>
#include <QSoundEffect>
#include <QTextToSpeech>
#include <QUrl>

#include <cmath>
#include <cstdint>
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

Speaker::Speaker(QObject* parent) : QObject(parent) {
  // No engine installed (a kiosk without speech-dispatcher): speech stays off, quietly.
  if (!QTextToSpeech::availableEngines().isEmpty()) {
    m_tts = new QTextToSpeech(this);
    if (m_tts->state() == QTextToSpeech::Error) {
      delete m_tts;
      m_tts = nullptr;
    }
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

Speaker::~Speaker() = default;

void Speaker::setSpeechOn(bool on) {
  if (on == m_speechOn) return;
  m_speechOn = on;
  if (!on && m_tts) m_tts->stop();
  emit speechOnChanged();
}

void Speaker::say(const QString& text, const QString& languageCode) {
  if (text.isEmpty()) return;
  m_lastSpoken = text;
  emit spoken();
  if (!m_tts || !m_speechOn) return;
  const QLocale wanted(languageCode);
  for (const auto& l : m_tts->availableLocales())
    if (l.language() == wanted.language()) {
      m_tts->setLocale(l);
      break;
    }
  m_tts->say(text);
}

void Speaker::success() {
  if (m_success) m_success->play();
}

void Speaker::attention() {
  if (m_attention) m_attention->play();
}

} // namespace lasis::kiosk
