#pragma once
// The tactile "speak" key ([speech] key_device, key_code): a keypad or keyboard read through evdev,
// so that a patron who cannot see the screen can start speech (EN 301 549 5.1.3: started without
// sight). Read on the GUI thread through a QSocketNotifier (a key press a second is no load); the
// device is taken for the kiosk alone (EVIOCGRAB) so the compositor does not also type the key.
// A device that is absent or goes away is logged once and looked for again every 5 s: a keypad
// unplugged by a cleaner never stops the kiosk.

#include <QObject>
#include <QString>
#include <QTimer>

#include <cstddef>
#include <functional>

class QSocketNotifier;

namespace lasis::kiosk {

/// One evdev device watched for one key.
class SpeechKey : public QObject {
  Q_OBJECT
public:
  /// Watches `device` for presses (value 1; the kernel's auto-repeat, value 2, is ignored) of
  /// `keyCode`, a Linux KEY_* number. Opens at once, then every `retryMs` while absent.
  SpeechKey(QString device, int keyCode, QObject* parent = nullptr, int retryMs = 5000);
  ~SpeechKey() override;

  /// Whether the device is open now.
  bool isOpen() const { return m_fd >= 0; }
  QString device() const { return m_device; }

signals:
  /// The key went down.
  void pressed();

private:
  void open();
  void close();
  void readEvents();

  QString m_device;
  int m_keyCode;
  int m_fd = -1;
  QSocketNotifier* m_notifier = nullptr;
  QTimer m_retry;
  bool m_absentLogged = false;  ///< "not there" said once until it appears
  char m_partial[64] = {};      ///< the start of a struct input_event (24 bytes) a pipe split across reads
  std::size_t m_partialSize = 0;
};

} // namespace lasis::kiosk
