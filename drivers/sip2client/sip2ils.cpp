#include "drivers/sip2client/sip2ils.h"

#include "common/sip2/sipdate.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <functional>

namespace lasis::sip2 {

namespace {

template <class R>
void copyAnswer(const R& r, ils::Answer& a) {
  a.screenMessages = r.screenMessage;
  a.printLines = r.printLine;
}

bool flagAt(const std::string& flags, std::size_t i) { return i < flags.size() && (flags[i] == 'Y' || flags[i] == 'y'); }

ils::CheckoutResult toCheckoutResult(const LoanResponse<'1', '2'>& r) {
  ils::CheckoutResult out;
  copyAnswer(r, out);
  out.ok = r.ok;
  out.itemId = r.itemId;
  out.title = r.title;
  out.dueDateText = r.dueDate;
  out.dueDate = parseDueDate(r.dueDate);
  out.renewalOk = r.renewalOk;
  out.desensitize = r.desensitize;
  out.mediaType = r.mediaType;
  return out;
}

/// One of a 64's item lists (holds, overdue, charged, fines, unavailable holds).
using ItemList = std::vector<std::string> PatronInformationResponse::*;

/// A 63 for one summary position, optionally for items start..end (BP/BQ, 1-based).
using AskList = std::function<Result<PatronInformationResponse>(int position, std::optional<int> start, std::optional<int> end)>;

/// The whole of a list that the server may send in pages. `got` is what the first answer (sent
/// without BP/BQ) carried; servers cap it (Evergreen's SIP2 mediator sends 10 items unless BP/BQ
/// ask for others), so the rest is asked for in pages of that size until `count` items are in.
/// Stops early when `enough` says so (the lost-reply check: once the item is found), when a page
/// comes back empty, or when the server ignores BP and sends its first page again (then what is
/// not in `got` stays unknown). Bounded: at most kMaxPages more requests.
Result<std::vector<std::string>> wholeList(const AskList& ask, int position, ItemList field, int count,
                                           std::vector<std::string> got,
                                           const std::function<bool(const std::vector<std::string>&)>& enough = {}) {
  constexpr int kMaxPages = 50;
  const int page = std::max<int>(1, static_cast<int>(got.size()));
  for (int n = 0; n < kMaxPages && static_cast<int>(got.size()) < count; ++n) {
    if (enough && enough(got)) break;
    const int start = static_cast<int>(got.size()) + 1;
    auto r = ask(position, start, start + page - 1);
    if (!r) return r.error();
    const auto& more = (*r).*field;
    if (more.empty()) break;
    if (!got.empty() && more.front() == got.front()) break;  // BP ignored: the first page again
    got.insert(got.end(), more.begin(), more.end());
  }
  return got;
}

} // namespace

std::optional<double> parseAmount(const std::string& text) {
  std::string t;
  for (char c : text)
    if (c != ' ') t += c == ',' ? '.' : c;
  if (t.empty()) return std::nullopt;
  double v = 0;
  auto r = std::from_chars(t.data(), t.data() + t.size(), v);
  if (r.ec != std::errc() || r.ptr != t.data() + t.size()) return std::nullopt;
  return v;
}

ils::PatronStatus toPatronStatus(const PatronStatusResponse& r, bool pinChecked) {
  ils::PatronStatus s;
  copyAnswer(r, s);
  s.patronId = r.patronId;
  s.name = r.personalName;
  // BL Y says the patron exists; only CQ Y says the PIN was right (SIP2.md).
  s.validPatron = r.validPatron.value_or(false);
  if (pinChecked) s.validPin = r.validPatronPassword.value_or(false);
  s.blocks = r.patronStatus;
  s.chargeDenied = flagAt(r.patronStatus, 0) || flagAt(r.patronStatus, 4);
  s.renewalDenied = flagAt(r.patronStatus, 1);
  s.holdDenied = flagAt(r.patronStatus, 3);
  s.cardLost = flagAt(r.patronStatus, 4);
  s.currency = r.currencyType;
  s.feeAmount = parseAmount(r.feeAmount);
  for (const auto& f : r.extra)
    if (f.id == "AQ") s.homeLibrary = f.value;
  s.ok = s.validPatron && s.validPin.value_or(true);
  return s;
}

Result<std::unique_ptr<Sip2Ils>> Sip2Ils::create(const std::string& url, const Clock& clock, Logger log) {
  auto client = Sip2Client::create(url, clock, std::move(log));
  if (!client) return client.error();
  return std::make_unique<Sip2Ils>(std::move(*client));
}

std::optional<TimePoint> Sip2Ils::when(const ils::Context& ctx) const {
  if (ctx.when == TimePoint{}) return m_client->now();
  return ctx.when;
}

Result<ils::IlsStatus> Sip2Ils::status() {
  auto r = m_client->status();
  if (!r) return r.error();
  ils::IlsStatus s;
  copyAnswer(*r, s);
  s.ok = r->online;
  s.online = r->online;
  s.checkinOk = r->checkinOk;
  s.checkoutOk = r->checkoutOk;
  s.renewalOk = r->renewalPolicy;
  s.offlineOk = r->offlineOk;
  s.institution = r->institutionId;
  s.libraryName = r->libraryName;
  s.serverTime = r->dateTimeSync;
  return s;
}

Result<ils::PatronStatus> Sip2Ils::patronStatus(const std::string& patronId, const std::string& pin) {
  PatronStatusRequest q;
  q.patronId = patronId;
  q.patronPassword = pin;
  auto r = m_client->call<PatronStatusResponse>(q);
  if (!r) return r.error();
  return toPatronStatus(*r, !pin.empty());
}

Result<ils::PatronAccount> Sip2Ils::patronAccount(const std::string& patronId, const std::string& pin) {
  // Servers often honour only the first 'Y' of the summary: one 63 per list (and per page).
  AskList askRange = [&](int position, std::optional<int> start, std::optional<int> end) {
    PatronInformationRequest q;
    q.patronId = patronId;
    q.patronPassword = pin;
    q.summary[static_cast<std::size_t>(position)] = 'Y';
    q.startItem = start;
    q.endItem = end;
    return m_client->call<PatronInformationResponse>(q);
  };
  auto ask = [&](int position) { return askRange(position, std::nullopt, std::nullopt); };
  auto charged = ask(2);
  if (!charged) return charged.error();
  ils::PatronAccount a;
  PatronStatusResponse asStatus;
  asStatus.patronStatus = charged->patronStatus;
  asStatus.patronId = charged->patronId;
  asStatus.personalName = charged->personalName;
  asStatus.validPatron = charged->validPatron;
  asStatus.validPatronPassword = charged->validPatronPassword;
  asStatus.currencyType = charged->currencyType;
  asStatus.feeAmount = charged->feeAmount;
  asStatus.screenMessage = charged->screenMessage;
  asStatus.printLine = charged->printLine;
  asStatus.extra = charged->extra;
  static_cast<ils::PatronStatus&>(a) = toPatronStatus(asStatus, !pin.empty());
  a.holdsCount = charged->holdItemsCount;
  a.overdueCount = charged->overdueItemsCount;
  a.chargedCount = charged->chargedItemsCount;
  a.finesCount = charged->fineItemsCount;
  a.email = charged->emailAddress;
  if (!a.ok) return a;  // unknown patron or wrong PIN: no lists to show
  std::vector<std::string> overdue;
  if (a.overdueCount > 0) {
    auto o = ask(1);
    if (!o) return o.error();
    auto all = wholeList(askRange, 1, &PatronInformationResponse::overdueItems, a.overdueCount, o->overdueItems);
    if (!all) return all.error();
    overdue = std::move(*all);
  }
  auto chargedItems = wholeList(askRange, 2, &PatronInformationResponse::chargedItems, a.chargedCount, charged->chargedItems);
  if (!chargedItems) return chargedItems.error();
  constexpr std::size_t kMaxLookups = 60;  // a title and due date per line, bounded
  for (const auto& id : *chargedItems) {
    ils::LoanLine line;
    line.itemId = id;
    line.overdue = std::find(overdue.begin(), overdue.end(), id) != overdue.end();
    if (a.loans.size() < kMaxLookups) {
      if (auto info = itemInfo(id)) {
        line.title = info->title;
        line.dueDate = info->dueDate;
      }
    }
    a.loans.push_back(std::move(line));
  }
  if (a.holdsCount > 0) {
    auto h = ask(0);
    if (!h) return h.error();
    auto holds = wholeList(askRange, 0, &PatronInformationResponse::holdItems, a.holdsCount, h->holdItems);
    if (!holds) return holds.error();
    for (const auto& id : *holds) {
      ils::HoldLine line;
      line.itemId = id;
      if (a.holds.size() < kMaxLookups) {
        if (auto info = itemInfo(id)) {
          line.title = info->title;
          line.available = info->status == ils::CirculationStatus::onHoldShelf;
        }
      }
      a.holds.push_back(std::move(line));
    }
  }
  // Holds not yet available (still on loan to someone, in transit, or waiting their turn) come
  // in a list of their own (summary position 5, CD fields): the patron sees them too.
  if (charged->unavailableHoldsCount > 0) {
    auto u = ask(5);
    if (!u) return u.error();
    auto waiting = wholeList(askRange, 5, &PatronInformationResponse::unavailableHoldItems,
                             charged->unavailableHoldsCount, u->unavailableHoldItems);
    if (!waiting) return waiting.error();
    for (const auto& id : *waiting) {
      ils::HoldLine line;
      line.itemId = id;
      if (a.holds.size() < kMaxLookups) {
        if (auto info = itemInfo(id)) line.title = info->title;
      }
      a.holds.push_back(std::move(line));
    }
    a.holdsCount += charged->unavailableHoldsCount;
  }
  if (a.finesCount > 0) {
    auto f = ask(3);
    if (!f) return f.error();
    auto fines = wholeList(askRange, 3, &PatronInformationResponse::fineItems, a.finesCount, f->fineItems);
    if (!fines) return fines.error();
    for (const auto& text : *fines) {
      ils::FineLine line;
      line.description = text;
      // Koha and Evergreen start a fine line with its amount ("2.50 Overdue …") — use it when so.
      line.amount = parseAmount(text.substr(0, text.find(' ')));
      a.fines.push_back(std::move(line));
    }
  }
  return a;
}

Result<std::optional<bool>> Sip2Ils::lentTo(const std::string& patronId, const std::string& itemId) {
  // 63s with the charged-items summary, without a PIN (the replay has none): SIP2 servers answer
  // them for a known patron. The item is lent to them when it is on their list, read page by
  // page (BP/BQ) until it is found or the list is whole; a list the server would not give whole
  // cannot prove it is not.
  AskList ask = [&](int position, std::optional<int> start, std::optional<int> end) {
    PatronInformationRequest q;
    q.patronId = patronId;
    q.summary[static_cast<std::size_t>(position)] = 'Y';
    q.startItem = start;
    q.endItem = end;
    return m_client->call<PatronInformationResponse>(q);
  };
  auto r = ask(2, std::nullopt, std::nullopt);
  if (!r) return r.error();
  if (!r->validPatron.value_or(false)) return std::optional<bool>();
  auto onList = [&itemId](const std::vector<std::string>& items) {
    return std::find(items.begin(), items.end(), itemId) != items.end();
  };
  auto all = wholeList(ask, 2, &PatronInformationResponse::chargedItems, r->chargedItemsCount, r->chargedItems, onList);
  if (!all) return all.error();
  if (onList(*all)) return std::optional<bool>(true);
  if (all->size() < static_cast<std::size_t>(r->chargedItemsCount)) return std::optional<bool>();
  return std::optional<bool>(false);
}

Result<ils::CheckoutResult> Sip2Ils::checkout(const ils::CheckoutRequest& req) {
  CheckoutRequest q;
  q.noBlock = req.ctx.noBlock;
  q.transactionDate = when(req.ctx);
  q.nbDueDate = req.offlineDueDate;
  q.patronId = req.patronId;
  q.itemId = req.itemId;
  q.patronPassword = req.patronPin;
  if (req.feeAcknowledged) q.feeAcknowledged = true;
  if (req.cancel) q.cancel = true;
  auto r = m_client->checkout(q);
  if (!r) return r.error();
  return toCheckoutResult(*r);
}

Result<ils::CheckinResult> Sip2Ils::checkin(const ils::CheckinRequest& req) {
  CheckinRequest q;
  q.noBlock = req.ctx.noBlock;
  // The real return time: ILSs backdate the return (and its fines) by it.
  q.transactionDate = when(req.ctx);
  q.returnDate = when(req.ctx);
  q.currentLocation = req.location;
  q.itemId = req.itemId;
  if (req.cancel) q.cancel = true;
  auto r = m_client->checkin(q);
  if (!r) return r.error();
  ils::CheckinResult out;
  copyAnswer(*r, out);
  out.ok = r->ok;
  out.itemId = r->itemId;
  out.title = r->title;
  out.permanentLocation = r->permanentLocation;
  out.sortBin = r->sortBin;
  out.alert = r->alert;
  out.alertType = r->alertType;
  out.destination = r->destinationLocation;
  out.holdPatronId = r->holdPatronId;
  out.resensitize = r->resensitize;
  return out;
}

Result<ils::CheckoutResult> Sip2Ils::renew(const ils::RenewRequest& req) {
  RenewRequest q;
  q.transactionDate = when(req.ctx);
  q.noBlock = req.ctx.noBlock;
  q.patronId = req.patronId;
  q.patronPassword = req.patronPin;
  q.itemId = req.itemId;
  auto r = m_client->renew(q);
  if (!r) return r.error();
  LoanResponse<'1', '2'> same;
  same.ok = r->ok;
  same.renewalOk = r->renewalOk;
  same.desensitize = r->desensitize;
  same.itemId = r->itemId;
  same.title = r->title;
  same.dueDate = r->dueDate;
  same.mediaType = r->mediaType;
  same.screenMessage = r->screenMessage;
  same.printLine = r->printLine;
  return toCheckoutResult(same);
}

Result<ils::RenewAllResult> Sip2Ils::renewAll(const std::string& patronId, const std::string& pin) {
  RenewAllRequest q;
  q.patronId = patronId;
  q.patronPassword = pin;
  auto r = m_client->call<RenewAllResponse>(q, Resend::never);
  if (!r) return r.error();
  ils::RenewAllResult out;
  copyAnswer(*r, out);
  out.ok = r->ok;
  out.renewed = r->renewedItems;
  out.unrenewed = r->unrenewedItems;
  return out;
}

Result<ils::ItemInfo> Sip2Ils::itemInfo(const std::string& itemId) {
  ItemInformationRequest q;
  q.itemId = itemId;
  auto r = m_client->call<ItemInformationResponse>(q);
  if (!r) return r.error();
  ils::ItemInfo out;
  copyAnswer(*r, out);
  out.itemId = r->itemId.empty() ? itemId : r->itemId;
  out.title = r->title;
  int code = 1;
  std::from_chars(r->circulationStatus.data(), r->circulationStatus.data() + r->circulationStatus.size(), code);
  out.status = code >= 1 && code <= 13 ? static_cast<ils::CirculationStatus>(code) : ils::CirculationStatus::other;
  // An unknown item comes back as status 01 with no title.
  out.ok = !(out.status == ils::CirculationStatus::other && r->title.empty());
  out.dueDate = parseDueDate(r->dueDate);
  out.holdQueueLength = r->holdQueueLength;
  out.owner = r->owner;
  out.permanentLocation = r->permanentLocation;
  out.currentLocation = r->currentLocation;
  out.mediaType = r->mediaType;
  return out;
}

Result<ils::HoldResult> Sip2Ils::hold(const ils::HoldRequest& req, const char* mode) {
  HoldRequest q;
  q.holdMode = mode;
  q.transactionDate = when(req.ctx);
  q.patronId = req.patronId;
  q.patronPassword = req.patronPin;
  q.itemId = req.itemId;
  q.pickupLocation = req.pickupLocation;
  auto r = m_client->call<HoldResponse>(q, Resend::never);
  if (!r) return r.error();
  ils::HoldResult out;
  copyAnswer(*r, out);
  out.ok = r->ok;
  out.available = r->available;
  out.queuePosition = r->queuePosition;
  out.pickupLocation = r->pickupLocation;
  out.itemId = r->itemId;
  out.title = r->title;
  return out;
}

Result<ils::HoldResult> Sip2Ils::placeHold(const ils::HoldRequest& req) { return hold(req, "+"); }
Result<ils::HoldResult> Sip2Ils::cancelHold(const ils::HoldRequest& req) { return hold(req, "-"); }

Result<ils::FeePaidResult> Sip2Ils::payFee(const std::string& patronId, double amount, const std::string& currency) {
  if (!(amount > 0) || amount > 1e6) return fail(Errc::invalidArgument, "fee amount must be positive");
  if (currency.size() != 3) return fail(Errc::invalidArgument, "currency must be a 3-letter code such as EUR");
  FeePaidRequest q;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", amount);
  q.feeAmount = buf;
  q.currencyType = currency;
  q.patronId = patronId;
  auto r = m_client->call<FeePaidResponse>(q, Resend::never);
  if (!r) return r.error();
  ils::FeePaidResult out;
  copyAnswer(*r, out);
  out.ok = r->paymentAccepted;
  out.transactionId = r->transactionId;
  return out;
}

Result<ils::Answer> Sip2Ils::endSession(const std::string& patronId) {
  EndSessionRequest q;
  q.patronId = patronId;
  auto r = m_client->call<EndSessionResponse>(q);
  if (!r) return r.error();
  ils::Answer out;
  copyAnswer(*r, out);
  out.ok = r->endSession;
  return out;
}

} // namespace lasis::sip2
