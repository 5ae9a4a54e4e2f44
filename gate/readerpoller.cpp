#include "gate/readerpoller.h"

#include "common/rfid/securityinventory.h"

#include <algorithm>

namespace lasis::gate {

using namespace std::chrono;

ReaderPoller::ReaderPoller(std::string connstring, ReaderFactory factory, const Clock& clock, milliseconds poll,
                           milliseconds retryMax, Clock::Duration passGap, Callbacks callbacks, Logger log)
    : m_connstring(std::move(connstring)), m_factory(std::move(factory)), m_clock(clock), m_poll(poll),
      m_retryMax(std::max(retryMax, kRetryFirst)), m_passGap(passGap), m_callbacks(std::move(callbacks)),
      m_log(std::move(log)) {
  m_thread = std::thread([this] { run(); });
}

ReaderPoller::~ReaderPoller() { stop(); }

void ReaderPoller::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_one();
  if (m_thread.joinable()) m_thread.join();
}

void ReaderPoller::setMode(GateMode mode, std::uint8_t securedAfi) {
  m_securedAfi = securedAfi;
  m_mode = mode;
}

void ReaderPoller::run() {
  std::unique_ptr<rfid::TagReader> reader;
  TagPassTracker passes;
  // The retry pause grows while the reader stays broken and is reset only by an inventory that
  // worked: a reader that "opens" (a lazy driver always does) and then fails its first inventory
  // is still the same outage, not a recovery followed by a new fault.
  milliseconds backoff = kRetryFirst;
  bool faulted = false;
  bool everOpened = false;
  auto sleep = [&](milliseconds d) {
    std::unique_lock lock(m_mutex);
    return !m_wake.wait_for(lock, d, [&] { return m_stop; });
  };
  // One fault report (log line, callback, event row) per outage; the retries are quiet.
  auto lost = [&](const Error& e) {
    ++m_errors;
    reader.reset();
    if (!faulted) {
      faulted = true;
      m_log->error("reader {}: {} (retrying, at most every {} s)", m_connstring, e.describe(),
                   duration_cast<seconds>(m_retryMax).count());
      if (m_callbacks.fault) m_callbacks.fault(m_connstring, e);
    } else {
      m_log->debug("reader {}: still failing: {}", m_connstring, e.describe());
    }
  };
  // Waits before the next attempt; false when stop() was called meanwhile.
  auto retryLater = [&] {
    const bool go = sleep(backoff);
    backoff = std::min(backoff * 2, m_retryMax);
    return go;
  };
  for (;;) {
    {
      std::lock_guard lock(m_mutex);
      if (m_stop) return;
    }
    if (!reader) {
      auto r = m_factory ? m_factory(m_connstring)
                         : Result<std::unique_ptr<rfid::TagReader>>(fail(Errc::unsupported, "no reader driver"));
      if (!r) {
        lost(r.error());
        if (!retryLater()) return;
        continue;
      }
      reader = std::move(*r);
      if (!everOpened) m_log->info("reader {} open", m_connstring);
      else m_log->debug("reader {} reopened", m_connstring);
      everOpened = true;
    }
    // The mode decides how the field is asked (see setMode); an EAS answer has no UID, so it is
    // one pseudo-tag whose passes follow the alarm answer.
    const GateMode mode = m_mode;
    const std::uint8_t securedAfi = m_securedAfi;
    // Readers with the security inventories (ISO 15693) say so; the others get a plain inventory.
    rfid::SecurityInventory* iso = reader->securityInventory();
    const bool afiInventory = iso && mode == GateMode::afi;
    const bool easInventory = iso && mode == GateMode::eas;
    Result<std::vector<rfid::TagSeen>> tags = std::vector<rfid::TagSeen>{};
    if (afiInventory) {
      tags = iso->inventoryByAfi(securedAfi);
    } else if (easInventory) {
      auto alarm = iso->easAlarm();
      if (!alarm) tags = alarm.error();
      else if (*alarm) tags = std::vector<rfid::TagSeen>{{kEasPseudoUid, rfid::TagType::icodeSlix}};
    } else {
      tags = reader->inventory();
    }
    if (!tags) {
      if (tags.error().is(Errc::disconnected) || tags.error().is(Errc::io) || tags.error().is(Errc::notFound)) {
        lost(tags.error());
        if (!retryLater()) return;
        continue;
      }
      ++m_errors;
      m_log->warn("reader {}: inventory: {}", m_connstring, tags.error().describe());
    } else {
      // Only an answered inventory proves the reader works again.
      backoff = kRetryFirst;
      if (faulted) {
        faulted = false;
        m_log->info("reader {} working again", m_connstring);
        if (m_callbacks.recovered) m_callbacks.recovered(m_connstring);
      }
      ++m_inventories;
      const auto now = m_clock.monotonic();
      passes.prune(now, m_passGap);
      for (const auto& seen : *tags) {
        if (!passes.sighting(seen.uid, now, m_passGap)) continue;
        // A new pass: read its security state now (the alarm waits on nothing else).
        TagPass pass;
        pass.tag.uid = seen.uid;
        pass.reader = m_connstring;
        pass.seenAt = now;
        if (easInventory) {
          pass.tag.eas = true;  // some tag in the field answered EAS ALARM: which one, EAS cannot say
          if (m_callbacks.pass) m_callbacks.pass(pass);
          continue;
        }
        // It answered an inventory with the secured AFI: that is its AFI, whatever the read says.
        if (afiInventory) pass.tag.afi = securedAfi;
        auto contents = reader->read(seen.uid);
        if (contents) {
          pass.tag.security = contents->security;
          pass.data = std::move(contents->data);
        } else {
          ++m_errors;
          pass.readError = contents.error().describe();
        }
        if (m_callbacks.pass) m_callbacks.pass(pass);
      }
    }
    if (m_poll.count() > 0 && !sleep(m_poll)) return;
  }
}

} // namespace lasis::gate
