#include "kiosk/runtime/speechkey.h"

#include <QSocketNotifier>
#include <QtGlobal>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/input.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace lasis::kiosk {

SpeechKey::SpeechKey(QString device, int keyCode, QObject* parent, int retryMs)
    : QObject(parent), m_device(std::move(device)), m_keyCode(keyCode) {
  m_retry.setInterval(retryMs);
  connect(&m_retry, &QTimer::timeout, this, &SpeechKey::open);
  open();
}

SpeechKey::~SpeechKey() { close(); }

void SpeechKey::open() {
  if (m_fd >= 0 || m_device.isEmpty()) return;
  const QByteArray path = m_device.toLocal8Bit();
  m_fd = ::open(path.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (m_fd < 0) {
    if (!m_absentLogged)
      qWarning("speech key: cannot open %s (%s); looking for it again every %d s", path.constData(),
               std::strerror(errno), m_retry.interval() / 1000);
    m_absentLogged = true;
    m_retry.start();
    return;
  }
  m_retry.stop();
  // The key is the kiosk's alone: without the grab the compositor would also type it into the
  // window. A pipe or a device someone else grabbed cannot be grabbed; it is read all the same.
  if (::ioctl(m_fd, EVIOCGRAB, 1) != 0 && errno != ENOTTY && errno != EINVAL)
    qWarning("speech key: %s is read but not grabbed (%s)", path.constData(), std::strerror(errno));
  m_partialSize = 0;
  m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
  connect(m_notifier, &QSocketNotifier::activated, this, &SpeechKey::readEvents);
  qInfo("speech key: reading %s for key code %d%s", path.constData(), m_keyCode,
        m_absentLogged ? " (it was missing until now)" : "");
  m_absentLogged = false;
}

void SpeechKey::close() {
  delete m_notifier;
  m_notifier = nullptr;
  if (m_fd >= 0) ::close(m_fd);
  m_fd = -1;
}

void SpeechKey::readEvents() {
  input_event events[16];
  for (;;) {
    char* buf = reinterpret_cast<char*>(events);
    std::memcpy(buf, m_partial, m_partialSize);
    const ssize_t n = ::read(m_fd, buf + m_partialSize, sizeof events - m_partialSize);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    if (n <= 0) {
      // Unplugged (ENODEV), or the writer of a pipe gone (0): closed and looked for again.
      qWarning("speech key: %s went away (%s); looking for it again every %d s", m_device.toLocal8Bit().constData(),
               n == 0 ? "end of file" : std::strerror(errno), m_retry.interval() / 1000);
      m_absentLogged = true;
      close();
      m_retry.start();
      return;
    }
    const std::size_t have = m_partialSize + static_cast<std::size_t>(n);
    const std::size_t whole = have / sizeof(input_event);
    m_partialSize = have % sizeof(input_event);
    std::memcpy(m_partial, buf + whole * sizeof(input_event), m_partialSize);
    for (std::size_t i = 0; i < whole; ++i)
      if (events[i].type == EV_KEY && events[i].code == m_keyCode && events[i].value == 1) emit pressed();
  }
}

} // namespace lasis::kiosk
