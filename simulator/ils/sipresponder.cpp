#include "simulator/ils/sipresponder.h"

#include "common/sip2/typedcodec.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace lasis::sim::ils {

namespace sip2 = lasis::sip2;

namespace {

std::string money(std::int64_t cents) { return fmt::format("{}.{:02}", cents / 100, cents % 100); }

/// Parses "3.50", "3,50" or "3" into cents; nullopt for anything else.
std::optional<std::int64_t> parseMoney(std::string s) {
  for (auto& c : s)
    if (c == ',') c = '.';
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::fixed);
  // Bounded so the cents fit: no ILS fine or payment comes near a billion.
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v) || std::fabs(v) > 1e9)
    return std::nullopt;
  return static_cast<std::int64_t>(std::llround(v * 100.0));
}

template <class M>
sip2::Message toGeneric(const M& m, const sip2::Profile& p) {
  auto msg = sip2::toMessage(m, p);
  // Our own replies are built from checked values; a failure here is a bug in this file.
  return msg ? *msg : sip2::Message{std::string(M::code), "", {}, std::nullopt, false};
}

/// Items `start`..`end` (1-based, inclusive, as BP/BQ ask) of a list.
std::vector<std::string> window(const std::vector<ListLine>& lines, std::optional<int> start, std::optional<int> end,
                                bool fines, const std::string& currency) {
  std::vector<std::string> out;
  const int from = std::max(1, start.value_or(1));
  const int to = end.value_or(static_cast<int>(lines.size()));
  for (int i = from; i <= to && i <= static_cast<int>(lines.size()); ++i) {
    const auto& l = lines[static_cast<std::size_t>(i - 1)];
    // Fines: "<amount> <currency> <description>"; items: the barcode, as Koha sends them.
    out.push_back(fines ? money(l.cents) + " " + currency + " " + l.title : l.itemId);
  }
  return out;
}

/// True when the request carries a PIN to check. An empty AD is "no PIN": Evergreen-style
/// clients always send AD, empty when the patron typed none.
bool pinGiven(const sip2::Message& req) { return !req.get("AD").empty(); }

} // namespace

/// The reply side of a dialect: the fields each server writes even when empty
/// (docs/sip2-profiles.md). Koha's handle_patron_info sends CC with add_field, so always;
/// AJ and AH on 12/30 are required fields, written empty by all three servers.
sip2::Profile replyDialect(sip2::Profile p) {
  if (p.name == "koha") p.sendEmpty.insert("CC");
  return p;
}

SipResponder::SipResponder(IlsStore& store, sip2::Profile profile, Logger log)
    : m_store(store), m_profile(replyDialect(std::move(profile))), m_log(std::move(log)) {}

std::string SipResponder::supportedMessages() const {
  // BX order: 23 11 09 01 99 97 93 63 35 37 17 19 25 15 29 65. Item Status Update (19) and
  // Patron Enable (25) are answered by no dialect here; the rest unless the profile drops them.
  static constexpr std::string_view kOrder[] = {"23", "11", "09", "01", "99", "97", "93", "63",
                                                "35", "37", "17", "19", "25", "15", "29", "65"};
  std::string bx;
  for (auto c : kOrder) bx += (c != "19" && c != "25" && m_profile.supports(c)) ? 'Y' : 'N';
  return bx;
}

std::string SipResponder::dueText(const std::optional<TimePoint>& due) const {
  if (!due) return "";
  return m_profile.dueDateFormat == sip2::DueDateFormat::iso ? sip2::formatIsoDate(*due, m_profile.zone)
                                                             : sip2::formatSipDate(*due, m_profile.zone);
}

std::optional<sip2::Message> SipResponder::answer(const sip2::Message& req, SipSessionState& session, bool refuseLogins) {
  // A regional network's member library: its patrons (`institution` in the library data) are
  // known only to messages addressed to that institution (AO), as in a union catalogue where
  // each member library's patrons live under its own agency. Addressed elsewhere, the patron is
  // not found.
  const std::string* patron = req.find("AA");
  const std::string* institution = req.find("AO");
  m_seen.push_back({req.code, institution ? *institution : std::string(), patron ? *patron : std::string()});
  if (m_seen.size() > 1000) m_seen.pop_front();
  if (patron && institution) {
    for (const auto& p : m_store.data().patrons) {
      if (p.id != *patron || p.institution.empty() || p.institution == *institution) continue;
      m_log->info("SIP {}: a patron of institution {} addressed at institution {}: not found", req.code, p.institution,
                  *institution);
      sip2::Message elsewhere = req;
      for (auto& f : elsewhere.fields) {
        if (f.id == "AA") f.value = "?" + f.value + "@" + *institution;
      }
      return answerAt(elsewhere, session, refuseLogins);
    }
  }
  return answerAt(req, session, refuseLogins);
}

std::optional<sip2::Message> SipResponder::answerAt(const sip2::Message& req, SipSessionState& session, bool refuseLogins) {
  const auto now = m_store.now();
  const auto& lib = m_store.data();
  const std::string& code = req.code;

  if (code == "93") {
    auto r = sip2::fromMessage<sip2::LoginRequest>(req);
    sip2::LoginResponse resp;
    if (r && !refuseLogins) {
      for (const auto& u : lib.sipUsers) {
        if (u.user == r->userId && u.password == r->password) {
          resp.ok = true;
          session.loggedIn = true;
          session.user = u.user;
          session.location = m_store.branchExists(r->location) ? r->location : u.location;
        }
      }
    }
    m_log->info("login {} for SIP user '{}'", resp.ok ? "accepted" : "refused", r ? r->userId : "?");
    return toGeneric(resp, m_profile);
  }
  if (code == "99") {
    sip2::AcsStatus s;
    s.online = s.checkinOk = s.checkoutOk = s.renewalPolicy = true;
    s.statusUpdateOk = false;
    s.offlineOk = true;
    s.timeoutPeriod = 30;
    s.retriesAllowed = 3;
    s.dateTimeSync = now;
    s.institutionId = lib.institution;
    s.libraryName = lib.name;
    s.supportedMessages = supportedMessages();
    s.terminalLocation = session.location;
    return toGeneric(s, m_profile);
  }
  if (!session.loggedIn) return std::nullopt;  // the server drops the connection (IlsServer)
  if (!m_profile.supports(code)) {
    // FOLIO edge-sip2 parses Hold (15), Block Patron (01), … but binds no handler: it logs
    // "Error locating handler" and answers nothing, so neither do we (and nothing changes).
    m_log->warn("SIP message {} ({}): profile {} has no handler for it: no reply", code, sip2::messageName(code),
                m_profile.name);
    return std::nullopt;
  }

  if (code == "23" || code == "63" || code == "01") {
    std::string patronId, pin;
    bool hasPin = false;
    std::optional<sip2::PatronInformationRequest> info;
    if (code == "23") {
      auto r = sip2::fromMessage<sip2::PatronStatusRequest>(req);
      if (!r) return std::nullopt;
      patronId = r->patronId;
      pin = r->patronPassword;
    } else if (code == "63") {
      auto r = sip2::fromMessage<sip2::PatronInformationRequest>(req);
      if (!r) return std::nullopt;
      patronId = r->patronId;
      pin = r->patronPassword;
      info = *r;
    } else {
      auto r = sip2::fromMessage<sip2::BlockPatron>(req);
      if (!r) return std::nullopt;
      patronId = r->patronId;
      if (auto st = m_store.blockPatron(patronId, r->blockedCardMessage); st)
        m_log->info("patron card blocked by SIP 01 (card retained: {})", r->cardRetained ? "yes" : "no");
    }
    hasPin = !pin.empty();
    auto p = m_store.patron(patronId);
    const bool pinOk = p && hasPin && m_store.pinMatches(patronId, pin);
    std::string flags = p ? p->statusFlags : std::string("YYYY          ");
    std::vector<std::string> screen;
    if (!p) screen.push_back("Patron not found: please see staff");
    else if (hasPin && !pinOk) screen.push_back("Wrong PIN");
    else if (!p->chargeDenied.empty()) screen.push_back(p->chargeDenied);
    if (code != "63") {
      sip2::PatronStatusResponse r;
      r.patronStatus = flags;
      r.transactionDate = now;
      r.institutionId = lib.institution;
      r.patronId = patronId;
      r.personalName = p ? p->name : "";
      r.validPatron = p.ok();
      if (hasPin) r.validPatronPassword = pinOk;
      if (p) {
        r.currencyType = lib.currency;
        r.feeAmount = money(p->finesCents);
      }
      r.screenMessage = screen;
      return toGeneric(r, m_profile);
    }
    sip2::PatronInformationResponse r;
    r.patronStatus = flags;
    r.transactionDate = now;
    r.institutionId = lib.institution;
    r.patronId = patronId;
    r.validPatron = p.ok();
    if (hasPin) r.validPatronPassword = pinOk;
    r.screenMessage = screen;
    if (p) {
      r.personalName = p->name;
      r.currencyType = lib.currency;
      r.feeAmount = money(p->finesCents);
      r.feeLimit = money(lib.maxFinesCents);
      r.holdItemsLimit = lib.maxHolds;
      r.overdueItemsLimit = lib.maxOverdue;
      r.chargedItemsLimit = p->maxLoans;
      r.emailAddress = p->email;
      r.holdItemsCount = p->holdsWaiting;
      r.unavailableHoldsCount = p->holds - p->holdsWaiting;
      r.overdueItemsCount = p->overdue;
      r.chargedItemsCount = p->loans;
      r.fineItemsCount = p->fineCount;
      // Lists only for the right PIN (or no PIN asked): a card number alone shows no loans.
      if (!hasPin || pinOk) {
        // Servers honour only the first 'Y' of the summary: so do we (one list per request).
        const auto pos = info->summary.find_first_of("Yy");
        switch (pos) {
        case 0: r.holdItems = window(m_store.holdsOf(patronId, true), info->startItem, info->endItem, false, ""); break;
        case 1: r.overdueItems = window(m_store.loansOf(patronId, true), info->startItem, info->endItem, false, ""); break;
        case 2: r.chargedItems = window(m_store.loansOf(patronId), info->startItem, info->endItem, false, ""); break;
        case 3: r.fineItems = window(m_store.finesOf(patronId), info->startItem, info->endItem, true, lib.currency); break;
        case 5: {
          std::vector<ListLine> unavailable;
          auto waiting = m_store.holdsOf(patronId, true);
          for (auto& h : m_store.holdsOf(patronId, false)) {
            bool isWaiting = false;
            for (auto& w : waiting) isWaiting = isWaiting || w.itemId == h.itemId;
            if (!isWaiting) unavailable.push_back(h);
          }
          r.unavailableHoldItems = window(unavailable, info->startItem, info->endItem, false, "");
          break;
        }
        default: break;
        }
      }
    }
    return toGeneric(r, m_profile);
  }

  if (code == "11") {
    auto r = sip2::fromMessage<sip2::CheckoutRequest>(req);
    if (!r) return std::nullopt;
    sip2::CheckoutResponse resp;
    resp.transactionDate = now;
    resp.institutionId = lib.institution;
    resp.patronId = r->patronId;
    resp.itemId = r->itemId;
    // The no-block flag and the transaction date are ignored, as Koha's and Evergreen's SIP
    // servers do: a replayed offline loan is judged like a new one and starts now.
    Result<LoanOutcome> out = LoanOutcome{};
    if (r->cancel.value_or(false)) {
      out = m_store.cancelCheckout(r->patronId, r->itemId);
    } else if (pinGiven(req) && !m_store.pinMatches(r->patronId, r->patronPassword)) {
      out->message = "Wrong PIN";
      if (auto it = m_store.item(r->itemId)) out->title = it->title;
    } else {
      out = m_store.checkout(r->patronId, r->itemId, session.location);
    }
    if (!out) {
      m_log->error("checkout of item {}: {}", r->itemId, out.error().describe());
      out = LoanOutcome{false, "The library system has a problem: please see staff", "", "", false, false, {}};
    }
    resp.ok = out->ok;
    resp.renewalOk = out->renewal;
    resp.magneticMedia = out->magnetic;
    // Unsecure only a fresh loan; a cancelled one stays (or goes back to) secured.
    resp.desensitize = out->ok && !r->cancel.value_or(false);
    resp.title = out->title;
    resp.dueDate = out->ok ? dueText(out->due) : "";
    resp.mediaType = out->sipMediaType;
    if (!out->message.empty()) resp.screenMessage.push_back(out->message);
    m_log->info("checkout of item {}: {}", r->itemId, out->ok ? "ok" : "refused: " + out->message);
    return toGeneric(resp, m_profile);
  }

  if (code == "09") {
    auto r = sip2::fromMessage<sip2::CheckinRequest>(req);
    if (!r) return std::nullopt;
    const std::string branch = m_store.branchExists(r->currentLocation) ? r->currentLocation : session.location;
    Result<CheckinOutcome> out = r->cancel.value_or(false) ? m_store.cancelCheckin(r->itemId)
                                                           : m_store.checkin(r->itemId, branch, r->returnDate);
    if (!out) {
      m_log->error("checkin of item {}: {}", r->itemId, out.error().describe());
      CheckinOutcome failed;
      failed.message = "The library system has a problem: please see staff";
      out = failed;
    }
    sip2::CheckinResponse resp;
    resp.ok = out->ok;
    // Always secure a returned item; a cancelled checkin means the loan stands again.
    resp.resensitize = !r->cancel.value_or(false);
    resp.magneticMedia = out->magnetic;
    resp.alert = out->alert;
    resp.transactionDate = now;
    resp.institutionId = lib.institution;
    resp.itemId = r->itemId;
    resp.permanentLocation = out->owner;
    resp.title = out->title;
    resp.sortBin = out->sortBin;
    resp.mediaType = out->sipMediaType;
    resp.destinationLocation = out->destination;
    resp.alertType = out->alertType;
    resp.holdPatronId = out->holdPatron;
    resp.holdPatronName = out->holdPatronName;
    if (!out->message.empty()) resp.screenMessage.push_back(out->message);
    m_log->info("checkin of item {}: {}{}", r->itemId, out->ok ? "ok" : "refused: " + out->message,
                out->alertType.empty() ? "" : " (alert " + out->alertType + " to " + out->destination + ")");
    return toGeneric(resp, m_profile);
  }

  if (code == "29") {
    auto r = sip2::fromMessage<sip2::RenewRequest>(req);
    if (!r) return std::nullopt;
    Result<LoanOutcome> out = LoanOutcome{};
    if (pinGiven(req) && !m_store.pinMatches(r->patronId, r->patronPassword)) out->message = "Wrong PIN";
    else out = m_store.renew(r->patronId, r->itemId);
    if (!out) {
      m_log->error("renewal of item {}: {}", r->itemId, out.error().describe());
      out = LoanOutcome{false, "The library system has a problem: please see staff", "", "", false, false, {}};
    }
    sip2::RenewResponse resp;
    resp.ok = out->ok;
    resp.renewalOk = out->ok;
    resp.magneticMedia = out->magnetic;
    resp.desensitize = out->ok;
    resp.transactionDate = now;
    resp.institutionId = lib.institution;
    resp.patronId = r->patronId;
    resp.itemId = r->itemId;
    resp.title = out->title;
    resp.dueDate = dueText(out->due);
    resp.mediaType = out->sipMediaType;
    if (!out->message.empty()) resp.screenMessage.push_back(out->message);
    return toGeneric(resp, m_profile);
  }

  if (code == "65") {
    auto r = sip2::fromMessage<sip2::RenewAllRequest>(req);
    if (!r) return std::nullopt;
    sip2::RenewAllResponse resp;
    resp.transactionDate = now;
    resp.institutionId = lib.institution;
    auto p = m_store.patron(r->patronId);
    if (!p) {
      resp.screenMessage.push_back("Patron not found: please see staff");
    } else if (pinGiven(req) && !m_store.pinMatches(r->patronId, r->patronPassword)) {
      resp.screenMessage.push_back("Wrong PIN");
    } else {
      resp.ok = true;
      for (const auto& l : m_store.loansOf(r->patronId)) {
        auto out = m_store.renew(r->patronId, l.itemId);
        if (out && out->ok) resp.renewedItems.push_back(l.itemId);
        else resp.unrenewedItems.push_back(l.itemId);
      }
      resp.renewedCount = static_cast<int>(resp.renewedItems.size());
      resp.unrenewedCount = static_cast<int>(resp.unrenewedItems.size());
    }
    return toGeneric(resp, m_profile);
  }

  if (code == "17") {
    auto r = sip2::fromMessage<sip2::ItemInformationRequest>(req);
    if (!r) return std::nullopt;
    sip2::ItemInformationResponse resp;
    resp.transactionDate = now;
    resp.itemId = r->itemId;
    auto it = m_store.item(r->itemId);
    if (!it) {
      resp.circulationStatus = "01";
      resp.screenMessage.push_back("Item not found");
      return toGeneric(resp, m_profile);
    }
    resp.circulationStatus = sipCirculationStatus(it->state);
    resp.securityMarker = "00";  // RFID: "other" (not tattle-tape or whisper tape)
    resp.holdQueueLength = it->holdQueue;
    resp.dueDate = dueText(it->due);
    resp.title = it->title;
    resp.owner = it->owner;
    resp.mediaType = it->sipMediaType;
    resp.permanentLocation = it->owner;
    resp.currentLocation = it->location;
    resp.destinationLocation = it->destination;
    resp.holdPatronId = it->holdPatron;
    if (!it->loanable) resp.screenMessage.push_back("For use in the library only");
    return toGeneric(resp, m_profile);
  }

  if (code == "15") {
    auto r = sip2::fromMessage<sip2::HoldRequest>(req);
    if (!r) return std::nullopt;
    Result<HoldOutcome> out = HoldOutcome{};
    if (pinGiven(req) && !m_store.pinMatches(r->patronId, r->patronPassword)) out->message = "Wrong PIN";
    else if (r->holdMode == "+") out = m_store.placeHold(r->patronId, r->itemId, r->pickupLocation);
    else if (r->holdMode == "-") out = m_store.cancelHold(r->patronId, r->itemId);
    else if (r->holdMode == "*") out = m_store.changeHold(r->patronId, r->itemId, r->pickupLocation);
    else out->message = "Unknown hold mode '" + r->holdMode + "'";
    if (!out) {
      m_log->error("hold on item {}: {}", r->itemId, out.error().describe());
      HoldOutcome failed;
      failed.message = "The library system has a problem: please see staff";
      out = failed;
    }
    sip2::HoldResponse resp;
    resp.ok = out->ok;
    resp.available = out->available;
    resp.transactionDate = now;
    if (out->expires) resp.expirationDate = sip2::formatSipDate(*out->expires, m_profile.zone);
    resp.queuePosition = out->queuePosition;
    resp.pickupLocation = out->pickup;
    resp.institutionId = lib.institution;
    resp.patronId = r->patronId;
    resp.itemId = r->itemId;
    resp.title = out->title;
    if (!out->message.empty()) resp.screenMessage.push_back(out->message);
    return toGeneric(resp, m_profile);
  }

  if (code == "35") {
    auto r = sip2::fromMessage<sip2::EndSessionRequest>(req);
    if (!r) return std::nullopt;
    sip2::EndSessionResponse resp;
    resp.endSession = true;
    resp.transactionDate = now;
    resp.institutionId = lib.institution;
    resp.patronId = r->patronId;
    resp.screenMessage.push_back("Thank you for visiting the library");
    return toGeneric(resp, m_profile);
  }

  if (code == "37") {
    auto r = sip2::fromMessage<sip2::FeePaidRequest>(req);
    if (!r) return std::nullopt;
    sip2::FeePaidResponse resp;
    resp.transactionDate = now;
    resp.institutionId = lib.institution;
    resp.patronId = r->patronId;
    resp.transactionId = r->transactionId;
    const auto cents = parseMoney(r->feeAmount);
    if (!cents) {
      resp.screenMessage.push_back("Amount '" + r->feeAmount + "' is not a number");
      return toGeneric(resp, m_profile);
    }
    std::string currency = r->currencyType;
    while (!currency.empty() && currency.back() == ' ') currency.pop_back();
    auto out = m_store.pay(r->patronId, *cents, currency, r->feeId, r->transactionId);
    if (!out) {
      m_log->error("payment: {}", out.error().describe());
      resp.screenMessage.push_back("The library system has a problem: please see staff");
      return toGeneric(resp, m_profile);
    }
    resp.paymentAccepted = out->accepted;
    resp.transactionId = out->transactionId;
    if (!out->message.empty()) resp.screenMessage.push_back(out->message);
    return toGeneric(resp, m_profile);
  }

  m_log->warn("SIP message {} ({}) is not supported: no reply", code, sip2::messageName(code));
  return std::nullopt;
}

} // namespace lasis::sim::ils
