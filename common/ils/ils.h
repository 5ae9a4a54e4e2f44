#pragma once
// The library system (ILS) as the kiosk's engine and the queue see it: protocol-neutral, so a
// SIP2 client today and an NCIP adapter later both fit. Calls block until the ILS answers.
//
// Two kinds of "no" are kept apart on purpose:
//  * a Result error (Errc::timeout, Errc::unavailable, Errc::disconnected …) means the exchange
//    did not happen, or its outcome is unknown — the caller may retry, after asking the item's
//    status when the request could have been applied;
//  * a value with ok == false means the ILS answered and refused — final, never retried blindly.
// One error is neither: Errc::refused means the ILS refused the kiosk's own login (SIP2 93/94:
// a wrong user, password or location in the kiosk's configuration). That is no outage to serve
// offline through — the ILS would never take the queued work — but a fault for a technician.

#include "common/core/clock.h"
#include "common/core/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lasis::ils {

using TimePoint = Clock::TimePoint;

/// What every answer carries besides its own fields.
struct Answer {
  bool ok = false;
  std::vector<std::string> screenMessages;  ///< SIP2 AF: shown to the patron as given
  std::vector<std::string> printLines;      ///< SIP2 AG
};

struct IlsStatus : Answer {
  bool online = false;
  bool checkinOk = false;
  bool checkoutOk = false;
  bool renewalOk = false;
  bool offlineOk = false;
  std::string institution;
  std::string libraryName;
  std::optional<TimePoint> serverTime;
};

/// A patron's standing: validity, PIN, blocks and money owed.
struct PatronStatus : Answer {
  std::string patronId;
  std::string name;
  bool validPatron = false;
  std::optional<bool> validPin;  ///< empty when no PIN was checked
  bool chargeDenied = false;     ///< may not borrow now (any block)
  bool renewalDenied = false;
  bool holdDenied = false;
  bool cardLost = false;
  std::string blocks;  ///< the 14 raw status flags ('Y' = problem) for staff and logs
  std::string currency;
  std::optional<double> feeAmount;
  std::string homeLibrary;
};

struct LoanLine {
  std::string itemId;
  std::string title;
  std::optional<TimePoint> dueDate;
  bool overdue = false;
};

struct HoldLine {
  std::string itemId;
  std::string title;
  std::optional<int> queuePosition;
  std::string pickupLocation;
  bool available = false;  ///< waiting on the hold shelf
};

struct FineLine {
  std::string description;
  std::optional<double> amount;
};

/// Everything the patron's account screen shows.
struct PatronAccount : PatronStatus {
  int holdsCount = 0;
  int overdueCount = 0;
  int chargedCount = 0;
  int finesCount = 0;
  std::vector<LoanLine> loans;
  std::vector<HoldLine> holds;
  std::vector<FineLine> fines;
  std::string email;  ///< where the patron's receipts may be mailed (SIP2 BE), empty if unknown
};

/// Where and when a request happens; carried on every circulation request.
struct Context {
  std::string transactionId;  ///< the queue's unique id, for logs and idempotence checks
  TimePoint when{};           ///< when the patron did it (the original time on replay)
  bool noBlock = false;       ///< replay of an offline transaction: "already done, do not refuse"
};

struct CheckoutRequest {
  Context ctx;
  std::string patronId;
  std::string patronPin;  ///< may be empty; never logged or stored in clear
  std::string itemId;
  std::optional<TimePoint> offlineDueDate;  ///< due date promised offline (replay only)
  bool feeAcknowledged = false;
  bool cancel = false;  ///< undo a checkout whose tag could not be unsecured
};

struct CheckoutResult : Answer {
  std::string itemId;
  std::string title;
  std::optional<TimePoint> dueDate;
  std::string dueDateText;  ///< as the ILS sent it
  bool renewalOk = false;
  std::optional<bool> desensitize;  ///< the ILS's own view of whether to unsecure
  std::string mediaType;
};

struct CheckinRequest {
  Context ctx;  ///< ctx.when is the real return time: ILSs backdate the return by it
  std::string itemId;
  std::string location;
  bool cancel = false;  ///< undo a checkin whose tag could not be secured
};

struct CheckinResult : Answer {
  std::string itemId;
  std::string title;
  std::string permanentLocation;
  std::string sortBin;
  bool alert = false;
  /// SIP2 CV: 01 hold for this library, 02 hold for another branch, 04 send to another branch.
  std::string alertType;
  std::string destination;  ///< CT: the branch the item must go to
  std::string holdPatronId;
  bool resensitize = true;
};

struct RenewRequest {
  Context ctx;
  std::string patronId;
  std::string patronPin;
  std::string itemId;
};

struct RenewAllResult : Answer {
  std::vector<std::string> renewed;
  std::vector<std::string> unrenewed;
};

/// SIP2 circulation status codes (17/18).
enum class CirculationStatus : int {
  other = 1, onOrder, available, charged, chargedNotToBeRecalled, inProcess, recalled, onHoldShelf,
  awaitingReshelving, inTransit, claimedReturned, lost, missing,
};

struct ItemInfo : Answer {
  std::string itemId;
  std::string title;
  CirculationStatus status = CirculationStatus::other;
  std::optional<TimePoint> dueDate;
  std::optional<int> holdQueueLength;
  std::string owner;
  std::string permanentLocation;
  std::string currentLocation;
  std::string mediaType;
};

struct HoldRequest {
  Context ctx;
  std::string patronId;
  std::string patronPin;
  std::string itemId;
  std::string pickupLocation;
};

struct HoldResult : Answer {
  bool available = false;
  std::optional<int> queuePosition;
  std::string pickupLocation;
  std::string itemId;
  std::string title;
};

struct FeePaidResult : Answer {
  std::string transactionId;
};

/// A connection (or pool of connections) to the library system.
class IlsClient {
public:
  virtual ~IlsClient() = default;

  virtual Result<IlsStatus> status() = 0;
  virtual Result<PatronStatus> patronStatus(const std::string& patronId, const std::string& pin) = 0;
  virtual Result<PatronAccount> patronAccount(const std::string& patronId, const std::string& pin) = 0;
  virtual Result<CheckoutResult> checkout(const CheckoutRequest& req) = 0;
  virtual Result<CheckinResult> checkin(const CheckinRequest& req) = 0;
  virtual Result<CheckoutResult> renew(const RenewRequest& req) = 0;
  virtual Result<RenewAllResult> renewAll(const std::string& patronId, const std::string& pin) = 0;
  virtual Result<ItemInfo> itemInfo(const std::string& itemId) = 0;
  /// Is the item on loan to this patron? Asked where the item's status alone cannot tell who
  /// holds it (a checkout whose answer was lost, when the item shows as charged). Empty when the
  /// ILS cannot say (unknown patron, a list of loans cut short). The default reads the patron's
  /// account; a client that can ask more cheaply overrides it.
  virtual Result<std::optional<bool>> lentTo(const std::string& patronId, const std::string& itemId);
  virtual Result<HoldResult> placeHold(const HoldRequest& req) = 0;
  virtual Result<HoldResult> cancelHold(const HoldRequest& req) = 0;
  virtual Result<FeePaidResult> payFee(const std::string& patronId, double amount, const std::string& currency) = 0;
  virtual Result<Answer> endSession(const std::string& patronId) = 0;
};

inline Result<std::optional<bool>> IlsClient::lentTo(const std::string& patronId, const std::string& itemId) {
  auto account = patronAccount(patronId, "");
  if (!account) return account.error();
  if (!account->ok || account->loans.size() < static_cast<std::size_t>(account->chargedCount)) {
    return std::optional<bool>();
  }
  for (const auto& loan : account->loans)
    if (loan.itemId == itemId) return std::optional<bool>(true);
  return std::optional<bool>(false);
}

} // namespace lasis::ils
