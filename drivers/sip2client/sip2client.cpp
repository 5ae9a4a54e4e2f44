#include "drivers/sip2client/sip2client.h"

#include "drivers/sip2client/sip2connection.h"

#include <boost/asio/ssl.hpp>

#include <algorithm>

namespace lasis::sip2 {

namespace {

bool charged(const std::string& circulationStatus) {
  return circulationStatus == "04" || circulationStatus == "05";
}

// The request may have been applied: no reply, or a reply too damaged to read.
bool outcomeUnknown(const Error& e) {
  return e.is(Errc::timeout) || e.is(Errc::disconnected) || e.is(Errc::checksum) || e.is(Errc::parse);
}

} // namespace

struct Sip2Client::Slot {
  std::unique_ptr<Sip2Connection> conn;
  bool busy = false;
};

/// Exclusive use of one pool slot for the duration of a call.
class Sip2Client::Lease {
public:
  Lease(Sip2Client& c, Slot& s) : m_client(&c), m_slot(&s) {}
  Lease(Lease&& o) noexcept : m_client(std::exchange(o.m_client, nullptr)), m_slot(o.m_slot) {}
  Lease(const Lease&) = delete;
  ~Lease() {
    if (!m_client) return;
    {
      std::lock_guard lock(m_client->m_mutex);
      m_slot->busy = false;
    }
    m_client->m_slotFree.notify_one();
  }
  Slot& slot() { return *m_slot; }

private:
  Sip2Client* m_client;
  Slot* m_slot;
};

Result<std::unique_ptr<Sip2Client>> Sip2Client::create(const std::string& urlText, const Clock& clock, Logger log) {
  auto url = Sip2Url::parse(urlText);
  if (!url) return url.error();
  return create(std::move(*url), clock, std::move(log));
}

Result<std::unique_ptr<Sip2Client>> Sip2Client::create(Sip2Url url, const Clock& clock, Logger log) {
  Result<Profile> profile = url.profile.find('/') != std::string::npos || url.profile.ends_with(".toml")
                                ? Profile::load(url.profile)
                                : Profile::builtin(url.profile);
  if (!profile) return profile.error().context("ILS profile of " + url.describe());
  if (!url.charset.empty()) {  // the URL's charset= wins over the profile's
    auto cs = charsetFromName(url.charset);
    if (!cs) return cs.error().context("ILS " + url.describe());
    profile->charset = *cs;
  }
  std::shared_ptr<boost::asio::ssl::context> tls;
  if (url.tls) {
    tls = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_client);
    boost::system::error_code ec;
    tls->set_options(boost::asio::ssl::context::no_sslv2 | boost::asio::ssl::context::no_sslv3 |
                         boost::asio::ssl::context::no_tlsv1 | boost::asio::ssl::context::no_tlsv1_1,
                     ec);
    if (url.caFile.empty()) tls->set_default_verify_paths(ec);
    else tls->load_verify_file(url.caFile, ec);
    if (ec) return fail(Errc::config, "cannot load TLS trust for " + url.describe() + ": " + ec.message());
  }
  if (!log) log = nullLogger();
  // Plain SIP2 carries patron PINs and the ILS password readable by anyone on the network (the
  // kiosk's network is shared with patrons' devices). To another host it is refused unless the
  // URL says plain=allow (a VPN or a local stunnel protects the link), and then warned about at
  // every start. Loopback never leaves the machine.
  auto isLoopback = [](const std::string& h) { return h == "127.0.0.1" || h == "localhost" || h == "::1"; };
  const bool loopback = isLoopback(url.host) && (url.failoverHost.empty() || isLoopback(url.failoverHost));
  if (!url.tls && !loopback && !url.allowPlain)
    return fail(Errc::config, "ILS " + url.describe() +
                                  ": plain SIP2 to another host sends PINs and the ILS password unencrypted; use "
                                  "sip2s://, or add plain=allow to the URL if the link is protected otherwise");
  if (!url.tls && !loopback)
    log->warn("ILS {} uses plain SIP2 (plain=allow): PINs and the ILS password cross the network unencrypted; "
              "use sip2s:// unless the link is protected otherwise", url.describe());
  return std::unique_ptr<Sip2Client>(new Sip2Client(std::move(url), Codec(std::move(*profile)), std::move(tls), clock, log));
}

Sip2Client::Sip2Client(Sip2Url url, Codec codec, std::shared_ptr<boost::asio::ssl::context> tls, const Clock& clock,
                       Logger log)
    : m_url(std::move(url)), m_codec(std::move(codec)), m_endpoints(std::make_unique<Sip2Endpoints>(m_url, log)), m_tls(std::move(tls)), m_clock(clock),
      m_log(std::move(log)) {
  for (int i = 0; i < m_url.pool; ++i) {
    auto slot = std::make_unique<Slot>();
    slot->conn = std::make_unique<Sip2Connection>(m_url, *m_endpoints, m_codec, m_tls, m_clock, m_log, i);
    m_slots.push_back(std::move(slot));
  }
  m_keepAlive = std::thread([this] { keepAliveLoop(); });
}

Sip2Client::~Sip2Client() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  if (m_keepAlive.joinable()) m_keepAlive.join();
}

Sip2Client::Lease Sip2Client::acquire() {
  std::unique_lock lock(m_mutex);
  while (true) {
    // Prefer a slot that is already logged in; open a new one only when all are busy.
    Slot* pick = nullptr;
    for (auto& s : m_slots)
      if (!s->busy && s->conn->isOpen()) {
        pick = s.get();
        break;
      }
    if (!pick)
      for (auto& s : m_slots)
        if (!s->busy) {
          pick = s.get();
          break;
        }
    if (pick) {
      pick->busy = true;
      return Lease(*this, *pick);
    }
    m_slotFree.wait(lock);
  }
}

Status Sip2Client::backoffGate() {
  std::lock_guard lock(m_mutex);
  const auto now = std::chrono::steady_clock::now();
  if (m_failures > 0 && now < m_retryAt) {
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(m_retryAt - now).count();
    if (m_loginRefused) return *m_loginRefused;
    return fail(Errc::unavailable, "ILS " + m_url.describe() + " unreachable (" + std::to_string(m_failures) +
                                       " failed attempts); next attempt in " + std::to_string(wait) + " ms");
  }
  return {};
}

void Sip2Client::noteConnectResult(bool ok, const Error* why) {
  std::lock_guard lock(m_mutex);
  if (ok) {
    m_failures = 0;
    m_loginRefused.reset();
    return;
  }
  if (why && why->is(Errc::refused)) m_loginRefused = *why;
  else m_loginRefused.reset();
  // Exponential back-off from 100 ms to backoffMax, so a down ILS is not hammered by every
  // kiosk at once and comes back into use within seconds of returning.
  ++m_failures;
  auto wait = std::chrono::milliseconds(100) * (1 << std::min(m_failures - 1, 16));
  m_retryAt = std::chrono::steady_clock::now() + std::min<std::chrono::milliseconds>(wait, m_url.backoffMax);
}

Result<Message> Sip2Client::attempt(Slot& slot, const Message& request, const std::string& expect) {
  const bool connecting = !slot.conn->isOpen();
  if (connecting) {
    if (auto gate = backoffGate(); !gate) return gate.error();
  }
  auto reply = slot.conn->exchange(request, expect);
  if (reply) {
    if (connecting) noteConnectResult(true);
  } else if (reply.error().is(Errc::unavailable) || reply.error().is(Errc::refused)) {
    noteConnectResult(false, &reply.error());
  }
  return reply;
}

Result<Message> Sip2Client::callRaw(const Message& request, const std::string& expect, Resend resend) {
  auto lease = acquire();
  auto reply = attempt(lease.slot(), request, expect);
  if (reply || resend == Resend::never) return reply;
  const Error& e = reply.error();
  // Nothing a new connection would change: the ILS refused us, or the request could not be formed
  // (a character its code page lacks). (Errc::unsupported is not here: an unknown reply code is
  // garbage from the server, worth one more try on a new connection.)
  if (e.is(Errc::unavailable) || e.is(Errc::refused) || e.is(Errc::invalidArgument)) return reply;
  // Safe to ask again on a fresh connection (the failed one was closed).
  m_log->warn("{} failed ({}); retrying once on a new connection", messageName(request.code), e.message());
  return attempt(lease.slot(), request, expect);
}

Result<AcsStatus> Sip2Client::status() {
  ScStatus s;
  s.maxPrintWidth = 40;
  return call<AcsStatus>(s);
}

Result<ItemInformationResponse> Sip2Client::itemInfo(const std::string& itemId) {
  ItemInformationRequest q;
  q.itemId = itemId;
  return call<ItemInformationResponse>(q);
}

Result<CheckoutResponse> Sip2Client::checkout(CheckoutRequest req) {
  fillDefaults(req);
  auto reply = call<CheckoutResponse>(req, Resend::never);
  if (reply || !outcomeUnknown(reply.error())) return reply;
  // The ILS may have lent the item: ask before deciding, so a loan is never sent twice.
  m_log->warn("reply to checkout of item {} lost ({}); asking the ILS for the item's status", forLog(req.itemId),
              reply.error().message());
  auto info = itemInfo(req.itemId);
  if (!info) return reply.error().context("checkout outcome unknown, item status unavailable too");
  if (charged(info->circulationStatus)) {
    // Charged: confirm it is charged to this patron (63, charged items) before calling it done.
    PatronInformationRequest pq;
    pq.patronId = req.patronId;
    pq.patronPassword = req.patronPassword;
    pq.summary = "  Y       ";
    auto account = call<PatronInformationResponse>(pq);
    if (account && std::find(account->chargedItems.begin(), account->chargedItems.end(), req.itemId) !=
                       account->chargedItems.end()) {
      m_log->info("checkout of item {} had happened (the ILS lists it as charged); not resent", forLog(req.itemId));
      CheckoutResponse done;
      done.ok = true;
      done.transactionDate = info->transactionDate;
      done.institutionId = req.institutionId;
      done.patronId = req.patronId;
      done.itemId = req.itemId;
      done.title = info->title;
      done.dueDate = info->dueDate;
      done.mediaType = info->mediaType;
      done.desensitize = true;
      return done;
    }
    return fail(Errc::timeout, "checkout reply lost and item " + req.itemId +
                                   " is on loan but not listed on this patron's account: outcome unknown, not resent");
  }
  m_log->info("checkout of item {} had not happened (status {}); sending it once more", forLog(req.itemId),
              forLog(info->circulationStatus));
  return call<CheckoutResponse>(req, Resend::never);
}

Result<CheckinResponse> Sip2Client::checkin(CheckinRequest req) {
  fillDefaults(req);
  if (req.currentLocation.empty()) req.currentLocation = m_url.location;
  if (!req.returnDate) req.returnDate = req.transactionDate;
  auto reply = call<CheckinResponse>(req, Resend::never);
  if (reply || !outcomeUnknown(reply.error())) return reply;
  m_log->warn("reply to checkin of item {} lost ({}); asking the ILS for the item's status", forLog(req.itemId),
              reply.error().message());
  auto info = itemInfo(req.itemId);
  if (!info) return reply.error().context("checkin outcome unknown, item status unavailable too");
  if (!charged(info->circulationStatus)) {
    m_log->info("checkin of item {} had happened (status {}); not resent", forLog(req.itemId), forLog(info->circulationStatus));
    CheckinResponse done;
    done.ok = true;
    done.resensitize = true;
    done.transactionDate = info->transactionDate;
    done.institutionId = req.institutionId;
    done.itemId = req.itemId;
    done.title = info->title;
    done.permanentLocation = info->permanentLocation;
    done.mediaType = info->mediaType;
    done.destinationLocation = info->destinationLocation;
    done.holdPatronId = info->holdPatronId;
    // On the hold shelf or in transit: staff must look at it, even if the details were lost.
    done.alert = info->circulationStatus == "08" || info->circulationStatus == "10";
    return done;
  }
  m_log->info("checkin of item {} had not happened; sending it once more", forLog(req.itemId));
  return call<CheckinResponse>(req, Resend::never);
}

Result<RenewResponse> Sip2Client::renew(RenewRequest req) {
  auto reply = call<RenewResponse>(req, Resend::never);
  if (reply || !outcomeUnknown(reply.error())) return reply;
  auto info = itemInfo(req.itemId);
  std::string due = info ? info->dueDate : std::string("unknown");
  return Error(reply.error().code(), reply.error().message() + "; renewal outcome unknown (item " + req.itemId +
                                        " now due " + due + "), not resent");
}

void Sip2Client::keepAliveLoop() {
  const auto period = std::clamp<std::chrono::milliseconds>(m_url.keepalive / 4, std::chrono::milliseconds(5),
                                                            std::chrono::milliseconds(1000));
  std::unique_lock lock(m_mutex);
  while (!m_stop) {
    m_wake.wait_for(lock, period, [this] { return m_stop; });
    if (m_stop) break;
    for (auto& s : m_slots) {
      if (s->busy || !s->conn->isOpen()) continue;
      if (m_clock.monotonic() - s->conn->lastActivity() < m_url.keepalive) continue;
      s->busy = true;
      lock.unlock();
      {
        // 99 as a keep-alive: the server's idle timer restarts; a dead session is found now
        // rather than in the middle of a patron's checkout.
        ScStatus ka;
        auto msg = toMessage(ka, m_codec.profile());
        auto reply = msg ? s->conn->exchange(*msg, "98") : Result<Message>(msg.error());
        if (!reply) m_log->info("keep-alive on connection {} failed ({}); will reconnect on next use", s->conn->index(),
                                reply.error().message());
      }
      lock.lock();
      s->busy = false;
      m_slotFree.notify_one();
    }
  }
}

} // namespace lasis::sip2
