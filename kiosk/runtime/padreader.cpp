#include "kiosk/runtime/padreader.h"

namespace lasis::kiosk {

PadReader::PadReader(std::string url, Opener open, const Clock& clock, Clock::Duration first, Clock::Duration ceiling)
    : m_url(std::move(url)), m_open(std::move(open)), m_clock(clock), m_first(first), m_ceiling(ceiling),
      m_wait(first) {}

Result<rfid::TagReader*> PadReader::device() {
  std::lock_guard lock(m_mutex);
  if (m_device) return m_device.get();
  const auto now = m_clock.monotonic();
  if (m_nextTry && now < *m_nextTry) return m_lastError;
  auto opened = m_open();
  if (!opened) {
    m_lastError = opened.error();
    m_nextTry = now + m_wait;
    m_wait = std::min(m_wait * 2, m_ceiling);
    return m_lastError;
  }
  m_device = std::move(*opened);
  m_wait = m_first;
  m_nextTry.reset();
  return m_device.get();
}

std::optional<Error> PadReader::poll() {
  auto d = device();
  if (!d) return d.error();
  return std::nullopt;
}

Result<std::vector<rfid::TagSeen>> PadReader::inventory() {
  auto d = device();
  if (!d) return d.error();
  return (*d)->inventory();
}

Result<rfid::TagContents> PadReader::read(const std::string& uid) {
  auto d = device();
  if (!d) return d.error();
  return (*d)->read(uid);
}

Status PadReader::writeData(const std::string& uid, ByteView data) {
  auto d = device();
  if (!d) return d.error();
  return (*d)->writeData(uid, data);
}

Status PadReader::setSecurity(const std::string& uid, bool secured) {
  auto d = device();
  if (!d) return d.error();
  return (*d)->setSecurity(uid, secured);
}

} // namespace lasis::kiosk
