#pragma once
// The simulated ILS's circulation state and rules, kept in SQLite: patrons, items, loans, holds,
// fines and a log of every transaction. Protocol-free: the SIP2 server (IlsServer) maps its
// messages onto these calls, and the control channel reads the same state for tests.
//
// Every state change is one SQLite transaction, so a killed simulator restarts from its --db
// file with each loan either fully made or not made at all.

#include "common/core/clock.h"
#include "common/core/result.h"
#include "simulator/ils/librarydata.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lasis::sim::ils {

using TimePoint = Clock::TimePoint;

/// Where an item is in its circulation life (maps onto SIP2 circulation status codes).
enum class ItemState { available, onLoan, holdShelf, inTransit, missing, lost, inProcess };
std::string_view itemStateName(ItemState s);
/// The SIP2 18 circulation status ("03" available, "04" charged, "08" hold shelf, …).
std::string sipCirculationStatus(ItemState s);

/// A patron's standing as circulation rules see it.
struct PatronView {
  std::string id, name, homeBranch, language, email;
  std::string blockReason;  ///< non-empty: blocked by staff
  bool cardLost = false;
  int loans = 0, overdue = 0, holds = 0, holdsWaiting = 0, maxLoans = 0;
  std::int64_t finesCents = 0;
  int fineCount = 0;
  /// The 14 SIP2 patron status flags ('Y' = denied or a problem).
  std::string statusFlags;
  /// Why the patron may not borrow now; empty when they may.
  std::string chargeDenied;
};

/// An item as the catalogue and circulation see it.
struct ItemView {
  std::string id, title, author, owner, media, sipMediaType, language, location, destination;
  bool loanable = true, magnetic = false;
  int parts = 1;
  ItemState state = ItemState::available;
  std::string borrower;  ///< patron id while on loan
  std::optional<TimePoint> due;
  int renewals = 0;
  int holdQueue = 0;
  std::string holdPatron;  ///< the patron the item is trapped for (hold shelf or in transit)
};

/// The outcome of a checkout or a renewal.
struct LoanOutcome {
  bool ok = false;
  std::string message;  ///< AF: why not, or a note
  std::string title, sipMediaType;
  bool magnetic = false;
  bool renewal = false;  ///< the item was already on loan to this patron and was renewed
  std::optional<TimePoint> due;
};

/// The outcome of a checkin, with the sorting hints a returns sorter needs.
struct CheckinOutcome {
  bool ok = false;
  std::string message;
  std::string title, owner, sipMediaType, previousBorrower;
  bool magnetic = false;
  bool alert = false;
  std::string alertType;    ///< CV: 01 hold here, 02 hold at another branch, 04 send home
  std::string destination;  ///< CT
  std::string holdPatron, holdPatronName;  ///< CY, DA
  std::string sortBin;      ///< CL
  std::int64_t fineCents = 0;  ///< overdue fine charged by this return
};

/// The outcome of placing, changing or cancelling a hold.
struct HoldOutcome {
  bool ok = false;
  std::string message;
  bool available = false;  ///< the item is on the shelf (or waiting for this patron) now
  std::optional<int> queuePosition;
  std::string pickup, title;
  std::optional<TimePoint> expires;
};

/// The outcome of a payment.
struct PaymentOutcome {
  bool accepted = false;
  std::string message;
  std::string transactionId;
  std::int64_t balanceCents = 0;
};

/// One line of a patron's item lists (63 → 64).
struct ListLine {
  std::string itemId, title;
  std::optional<TimePoint> due;
  std::int64_t cents = 0;
};

/// The ILS's state and rules over one SQLite file.
class IlsStore {
public:
  /// Opens `db` (created and seeded from `data` when new; an existing database keeps its state,
  /// so a restarted simulator goes on where it stopped). `data` also gives rules and limits.
  static Result<std::unique_ptr<IlsStore>> open(const std::filesystem::path& db, LibraryData data, const Clock& clock);
  ~IlsStore();
  IlsStore(const IlsStore&) = delete;
  IlsStore& operator=(const IlsStore&) = delete;

  const LibraryData& data() const { return m_data; }
  /// Calendar time as the ILS sees it: the clock plus the control channel's time shift.
  TimePoint now() const;
  /// Moves the ILS's calendar (for overdue and hold-expiry tests through the real binary).
  void shiftTime(std::chrono::seconds by) { m_shift += by; }

  bool branchExists(const std::string& code) const;
  const LoanRule& ruleFor(const std::string& media) const;

  Result<PatronView> patron(const std::string& id);
  /// True when `pin` is the patron's PIN (stored salted and hashed, never in clear).
  bool pinMatches(const std::string& patronId, const std::string& pin);
  Result<ItemView> item(const std::string& id);

  /// Lends `itemId` to `patronId`; an item already on loan to the same patron is renewed.
  Result<LoanOutcome> checkout(const std::string& patronId, const std::string& itemId, const std::string& branch);
  /// Undoes the patron's current loan of the item (SIP2 BI: the tag could not be unsecured).
  Result<LoanOutcome> cancelCheckout(const std::string& patronId, const std::string& itemId);
  /// Returns an item at `branch`. `returnedAt` backdates the return (fines count to it).
  Result<CheckinOutcome> checkin(const std::string& itemId, const std::string& branch,
                                 std::optional<TimePoint> returnedAt);
  /// Undoes the item's last checkin (SIP2 BI: the tag could not be secured): the loan is back.
  Result<CheckinOutcome> cancelCheckin(const std::string& itemId);
  Result<LoanOutcome> renew(const std::string& patronId, const std::string& itemId);
  Result<HoldOutcome> placeHold(const std::string& patronId, const std::string& itemId, const std::string& pickup);
  Result<HoldOutcome> cancelHold(const std::string& patronId, const std::string& itemId);
  Result<HoldOutcome> changeHold(const std::string& patronId, const std::string& itemId, const std::string& pickup);
  /// Pays `cents` towards the patron's fines (a given fine id first, else oldest first).
  Result<PaymentOutcome> pay(const std::string& patronId, std::int64_t cents, const std::string& currency,
                             const std::string& fineId, const std::string& transactionId);
  /// Blocks the patron (SIP2 01, e.g. a card retained by the kiosk).
  Status blockPatron(const std::string& patronId, const std::string& reason);

  std::vector<ListLine> loansOf(const std::string& patronId, bool overdueOnly = false);
  std::vector<ListLine> holdsOf(const std::string& patronId, bool waitingOnly);
  std::vector<ListLine> finesOf(const std::string& patronId);

  // For the control channel (tests compare these with what they intended).
  nlohmann::json allLoans(const std::string& patronFilter = "");
  nlohmann::json checkoutCounts(const std::string& itemFilter = "");
  nlohmann::json counts();
  nlohmann::json itemJson(const std::string& id);
  nlohmann::json patronJson(const std::string& id);
  nlohmann::json history(int limit);

private:
  struct Impl;
  IlsStore(LibraryData data, const Clock& clock);
  LibraryData m_data;
  const Clock& m_clock;
  std::chrono::seconds m_shift{0};
  std::unique_ptr<Impl> m_impl;
};

} // namespace lasis::sim::ils
