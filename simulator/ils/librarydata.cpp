#include "simulator/ils/librarydata.h"

#include "common/core/config.h"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace lasis::sim::ils {
namespace {

std::int64_t toCents(double amount) { return static_cast<std::int64_t>(std::llround(amount * 100.0)); }

Result<LibraryData> read(ConfigDoc doc) {
  LibraryData d;
  d.institution = doc.string("library.institution", d.institution);
  d.name = doc.string("library.name", d.name);
  d.currency = doc.string("library.currency", d.currency);
  d.maxLoans = static_cast<int>(doc.integer("library.max_loans", d.maxLoans, 1, 10000));
  d.maxFinesCents = toCents(doc.number("library.max_fines", 10.0, 0.0, 1e6));
  d.maxOverdue = static_cast<int>(doc.integer("library.max_overdue", d.maxOverdue, 1, 10000));
  d.maxHolds = static_cast<int>(doc.integer("library.max_holds", d.maxHolds, 1, 10000));
  d.holdShelfDays = static_cast<int>(doc.integer("library.hold_shelf_days", d.holdShelfDays, 1, 365));
  d.holdExpiryDays = static_cast<int>(doc.integer("library.hold_expiry_days", d.holdExpiryDays, 1, 3650));

  std::set<std::string> media;
  for (const auto& k : doc.tableArray("loan_rules")) {
    LoanRule r;
    r.media = doc.string(k + ".media", "");
    r.loanDays = static_cast<int>(doc.integer(k + ".loan_days", r.loanDays, 1, 3650));
    r.maxRenewals = static_cast<int>(doc.integer(k + ".max_renewals", r.maxRenewals, 0, 100));
    r.finePerDayCents = toCents(doc.number(k + ".fine_per_day", 0.10, 0.0, 1000.0));
    r.sipMediaType = doc.string(k + ".sip_media_type", r.sipMediaType);
    r.magnetic = doc.boolean(k + ".magnetic", false);
    if (r.media.empty()) doc.addError(k + ".media", "is required");
    if (r.sipMediaType.size() != 3) doc.addError(k + ".sip_media_type", "must be 3 digits (SIP2 CK), e.g. \"002\"");
    if (!media.insert(r.media).second) doc.addError(k + ".media", "repeats media type '" + r.media + "'");
    d.loanRules.push_back(std::move(r));
  }
  if (d.loanRules.empty()) doc.addError("loan_rules", "needs at least one [[loan_rules]] entry");

  for (const auto& k : doc.tableArray("sip_users")) {
    SipUser u{doc.string(k + ".user", ""), doc.string(k + ".password", ""), doc.string(k + ".location", "")};
    if (u.user.empty()) doc.addError(k + ".user", "is required");
    d.sipUsers.push_back(std::move(u));
  }
  if (d.sipUsers.empty()) doc.addError("sip_users", "needs at least one [[sip_users]] entry (kiosks log in with it)");

  d.faults.latencyMs = static_cast<int>(doc.integer("faults.latency_ms", 0, 0, 600000));
  d.faults.idleTimeoutS = static_cast<int>(doc.integer("faults.idle_timeout_s", 0, 0, 86400));
  d.faults.refuseLogins = doc.boolean("faults.refuse_logins", false);
  d.faults.dropItems = doc.strings("faults.drop_items", {});
  d.faults.corruptItems = doc.strings("faults.corrupt_items", {});

  std::set<std::string> branches;
  for (const auto& k : doc.tableArray("catalogue.branches")) {
    BranchSeed b{doc.string(k + ".code", ""), doc.string(k + ".name", ""), doc.string(k + ".local_name", "")};
    if (b.code.empty()) doc.addError(k + ".code", "is required");
    if (!branches.insert(b.code).second) doc.addError(k + ".code", "repeats branch '" + b.code + "'");
    d.branches.push_back(std::move(b));
  }
  if (d.branches.empty()) doc.addError("catalogue.branches", "needs at least one branch");
  for (std::size_t i = 0; i < d.sipUsers.size(); ++i) {
    if (!branches.count(d.sipUsers[i].location))
      doc.addError("sip_users[" + std::to_string(i) + "].location", "is not a branch code");
  }

  std::set<std::string> patrons;
  for (const auto& k : doc.tableArray("catalogue.patrons")) {
    PatronSeed p;
    p.id = doc.string(k + ".id", "");
    p.pin = doc.string(k + ".pin", "");
    p.name = doc.string(k + ".name", "");
    p.branch = doc.string(k + ".branch", d.branches.empty() ? "" : d.branches.front().code);
    p.language = doc.string(k + ".language", "000");
    p.email = doc.string(k + ".email", "");
    p.blocked = doc.string(k + ".blocked", "");
    p.institution = doc.string(k + ".institution", "");
    p.cardLost = doc.boolean(k + ".card_lost", false);
    p.maxLoans = static_cast<int>(doc.integer(k + ".max_loans", 0, 0, 10000));
    if (p.id.empty() || p.id.size() > 32) doc.addError(k + ".id", "must be 1 to 32 characters");
    if (!patrons.insert(p.id).second) doc.addError(k + ".id", "repeats patron '" + p.id + "'");
    if (!branches.count(p.branch)) doc.addError(k + ".branch", "is not a branch code");
    d.patrons.push_back(std::move(p));
  }

  std::set<std::string> items;
  for (const auto& k : doc.tableArray("catalogue.items")) {
    ItemSeed it;
    it.id = doc.string(k + ".id", "");
    it.title = doc.string(k + ".title", "");
    it.author = doc.string(k + ".author", "");
    it.branch = doc.string(k + ".branch", d.branches.empty() ? "" : d.branches.front().code);
    it.media = doc.string(k + ".media", d.loanRules.empty() ? "" : d.loanRules.front().media);
    it.language = doc.string(k + ".language", "und");
    it.loanable = doc.boolean(k + ".loanable", true);
    it.parts = static_cast<int>(doc.integer(k + ".parts", 1, 1, 255));
    it.status = doc.choice(k + ".status", "available", {"available", "missing", "lost", "in_process"});
    // 16 bytes is the item id field of an ISO 28560-3 tag: an id longer than that cannot exist.
    if (it.id.empty() || it.id.size() > 16) doc.addError(k + ".id", "must be 1 to 16 characters (the tag's item id)");
    if (!items.insert(it.id).second) doc.addError(k + ".id", "repeats item '" + it.id + "'");
    if (!branches.count(it.branch)) doc.addError(k + ".branch", "is not a branch code");
    if (!media.count(it.media)) doc.addError(k + ".media", "has no [[loan_rules]] entry");
    d.items.push_back(std::move(it));
  }

  for (const auto& k : doc.tableArray("circulation.fines")) {
    FineSeed f{doc.string(k + ".patron", ""), doc.string(k + ".description", "Fine"),
               toCents(doc.number(k + ".amount", 0.0, 0.0, 1e6))};
    if (!patrons.count(f.patron)) doc.addError(k + ".patron", "is not a patron id");
    d.fines.push_back(std::move(f));
  }
  std::set<std::string> onLoan;
  for (const auto& k : doc.tableArray("circulation.loans")) {
    LoanSeed l{doc.string(k + ".item", ""), doc.string(k + ".patron", ""),
               static_cast<int>(doc.integer(k + ".due_days", 21, -3650, 3650))};
    if (!items.count(l.item)) doc.addError(k + ".item", "is not an item id");
    if (!patrons.count(l.patron)) doc.addError(k + ".patron", "is not a patron id");
    if (!onLoan.insert(l.item).second) doc.addError(k + ".item", "is on loan twice");
    d.loans.push_back(std::move(l));
  }
  for (const auto& k : doc.tableArray("circulation.holds")) {
    HoldSeed h{doc.string(k + ".item", ""), doc.string(k + ".patron", ""), doc.string(k + ".pickup", ""),
               doc.boolean(k + ".waiting", false)};
    if (!items.count(h.item)) doc.addError(k + ".item", "is not an item id");
    if (!patrons.count(h.patron)) doc.addError(k + ".patron", "is not a patron id");
    if (!branches.count(h.pickup)) doc.addError(k + ".pickup", "is not a branch code");
    if (h.waiting && onLoan.count(h.item)) doc.addError(k + ".waiting", "cannot be true for an item on loan");
    d.holds.push_back(std::move(h));
  }

  if (auto st = doc.finish(); !st) return st.error();
  return d;
}

} // namespace

Result<LibraryData> LibraryData::load(const std::filesystem::path& file) {
  auto doc = ConfigDoc::load(file);
  if (!doc) return doc.error();
  return read(std::move(*doc));
}

Result<LibraryData> LibraryData::parse(std::string_view text, std::string source) {
  auto doc = ConfigDoc::parse(text, std::move(source));
  if (!doc) return doc.error();
  return read(std::move(*doc));
}

} // namespace lasis::sim::ils
