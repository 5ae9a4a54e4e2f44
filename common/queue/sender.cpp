// The one sender of loans and returns (see sender.h for its rules).
#include "common/queue/sender.h"

namespace lasis::queue {

namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) {
    if (l.empty()) continue;
    if (!s.empty()) s += " / ";
    s += l;
  }
  return s;
}

bool onLoan(ils::CirculationStatus s) {
  return s == ils::CirculationStatus::charged || s == ils::CirculationStatus::chargedNotToBeRecalled ||
         s == ils::CirculationStatus::recalled;
}

/// The engine's own online checkout: a doubt is settled by the circulation recovery (ask the
/// item, undo the loan), never by a resend, and a refusal was told to the patron.
bool ownCheckout(const QueuedTxn& row, const SendAs& as) {
  return as.ownRequest && row.kind == Kind::checkout && !row.offline;
}

} // namespace

std::string_view toString(SendOutcome o) {
  switch (o) {
  case SendOutcome::applied: return "applied";
  case SendOutcome::refused: return "refused";
  case SendOutcome::doubt: return "doubt";
  case SendOutcome::unsendable: return "unsendable";
  case SendOutcome::notMine: return "not-mine";
  case SendOutcome::storeError: return "store-error";
  }
  return "?";
}

Sender::Sender(Outbox& outbox, ils::IlsClient& ils, Logger log)
    : m_outbox(outbox), m_ils(ils), m_log(std::move(log)) {}

Result<AppliedAnswer> Sender::wasApplied(const QueuedTxn& row) {
  auto info = m_ils.itemInfo(row.itemId);
  if (!info) return info.error();
  AppliedAnswer a;
  a.info = *info;
  const bool loaned = info->ok && onLoan(info->status);
  if (row.kind == Kind::checkin) {
    a.applied = info->ok && !loaned ? Applied::yes : Applied::no;
    return a;
  }
  if (!loaned) {
    a.applied = Applied::no;
    return a;
  }
  // "Charged" says the item is on loan, not to whom: a book lent to someone else at the desk
  // while this kiosk was offline looks the same. Only the patron's own list of loans can say
  // that this checkout is the one the ILS holds.
  auto mine = m_ils.lentTo(row.patronId, row.itemId);
  if (!mine) return mine.error();
  if (!mine->has_value()) a.applied = Applied::unknownToWhom;
  else a.applied = **mine ? Applied::yes : Applied::no;
  return a;
}

Result<ils::CheckoutResult> Sender::cancelLoan(const std::string& txnId, const std::string& itemId,
                                               const std::string& patronId, const std::string& pin, TimePoint when) {
  ils::CheckoutRequest undo;
  undo.ctx = ils::Context{txnId + "-cancel", when, false};
  undo.patronId = patronId;
  undo.patronPin = pin;
  undo.itemId = itemId;
  undo.cancel = true;
  auto r = m_ils.checkout(undo);
  if (!r) m_log->warn("undo of the loan of item {}: {}", forLog(itemId), r.error().describe());
  return r;
}

Result<ils::CheckinResult> Sender::checkinToUndo(const std::string& txnId, const std::string& itemId,
                                                 const std::string& location, TimePoint when) {
  ils::CheckinRequest back;
  back.ctx = ils::Context{txnId + "-undo", when, false};
  back.itemId = itemId;
  back.location = location;
  auto r = m_ils.checkin(back);
  if (!r) m_log->warn("undo of the loan of item {} by a return: {}", forLog(itemId), r.error().describe());
  return r;
}

Sent Sender::send(const QueuedTxn& row, const SendAs& as) {
  Sent out;
  auto storeFailed = [&](const Error& e) {
    out.outcome = SendOutcome::storeError;
    out.storeFailure = e;
    m_log->error("{} of item {}: the queue could not record the ILS's answer: {}", toString(row.kind),
                 forLog(row.itemId), e.describe());
    return out;
  };
  if (row.state == TxnState::pending) {
    // Claimed before it goes out: a crash from here on leaves `sending`, which start-up resolves,
    // and nobody else sends it meanwhile.
    auto claimed = m_outbox.markSending(row.seq);
    if (!claimed) return storeFailed(claimed.error());
    if (!*claimed) return out;  // taken by another caller, or collapsed: notMine
  } else if (row.state != TxnState::sending || !as.ownRequest) {
    return out;  // uncertain rows are asked first (wasApplied), final ones are settled
  }

  ils::Context ctx;
  ctx.transactionId = row.id;
  ctx.when = row.when;  // a return's real date, which ILSs backdate by
  ctx.noBlock = row.offline;
  bool ok = false;
  std::string answer;
  if (row.kind == Kind::checkout) {
    ils::CheckoutRequest req;
    req.ctx = ctx;
    req.patronId = row.patronId;
    req.itemId = row.itemId;
    if (as.ownRequest) req.patronPin = as.pin;
    if (row.offline) req.offlineDueDate = row.dueDate;
    auto res = m_ils.checkout(req);
    if (!res) out.error = res.error();
    else {
      ok = res->ok;
      answer = joined(res->screenMessages);
      out.checkout = std::move(*res);
    }
  } else {
    ils::CheckinRequest req;
    req.ctx = ctx;
    req.itemId = row.itemId;
    req.location = row.location;
    auto res = m_ils.checkin(req);
    if (!res) out.error = res.error();
    else {
      ok = res->ok;
      answer = joined(res->screenMessages);
      out.checkin = std::move(*res);
    }
  }

  const std::string handled = ownCheckout(row, as) ? std::string("handled at the kiosk: refused") : std::string();
  if (out.error && (out.error->is(Errc::invalidArgument) || out.error->is(Errc::unsupported))) {
    // The client could not even form the request (an item id the protocol cannot carry…):
    // nothing reached the ILS and retrying cannot help, so it is failed like a refusal.
    out.outcome = SendOutcome::unsendable;
    auto st = m_outbox.markFailed(row.seq, "not sent: " + out.error->message(),
                                 handled.empty() ? std::nullopt : std::optional<std::string>(handled));
    if (!st) return storeFailed(st.error());
    m_log->warn("{} of item {} cannot be sent: {}", toString(row.kind), forLog(row.itemId), out.error->describe());
    return out;
  }
  if (out.error) {
    out.outcome = SendOutcome::doubt;
    // The engine's own checkout stays `sending`: its recovery undoes it (sender.h).
    if (!ownCheckout(row, as)) {
      if (auto st = m_outbox.markUncertain(row.seq, out.error->describe()); !st) return storeFailed(st.error());
    }
    return out;
  }
  if (!ok && row.kind == Kind::checkin && !as.ownRequest) {
    // Many ILSs refuse the return of a book that is not on loan ("not checked out"): a second
    // delivery after an unanswered first one, or a return the kiosk already finished online
    // before a crash. The book is where the return wanted it, so this is no work for staff;
    // only a book the ILS still lends out (or cannot find) is a real refusal.
    if (auto a = wasApplied(row); a && a->applied == Applied::yes) {
      ok = true;
      out.settledByStatus = true;
      answer = "not on loan at the ILS (it said: " + (answer.empty() ? std::string("refused") : answer) + ")";
      m_log->info("return of item {} refused, but the ILS has it back: settled", forLog(row.itemId));
    }
  }
  if (ok) {
    out.outcome = SendOutcome::applied;
    const std::string title = out.checkout ? out.checkout->title : out.checkin ? out.checkin->title : std::string();
    const auto due = out.checkout ? out.checkout->dueDate : std::nullopt;
    if (auto st = m_outbox.markDone(row.seq, answer, title, due); !st) return storeFailed(st.error());
    return out;
  }
  // A refusal is final: never retried; kept for staff with the ILS's own words unless the
  // patron was told at the kiosk.
  out.outcome = SendOutcome::refused;
  if (answer.empty()) answer = "refused by the ILS without a message";
  auto st = m_outbox.markFailed(row.seq, answer, handled.empty() ? std::nullopt : std::optional<std::string>(handled));
  if (!st) return storeFailed(st.error());
  if (handled.empty()) {
    m_log->warn("{} of item {} refused by the ILS: {}", toString(row.kind), forLog(row.itemId), answer);
  }
  return out;
}

} // namespace lasis::queue
