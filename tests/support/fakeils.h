#pragma once
// FakeIls: an in-process library system for the queue's unit and scenario tests, and for the
// crash test's child until the simulator's ILS is plugged in. Its loans live in SQLite (a file
// when it must outlive a SIGKILL, ":memory:" otherwise), and every applied circulation request
// is counted per transaction id, so a test can prove "none lost, none doubled". Faults on demand:
// down, lost replies (applied, then a timeout), refusals, latency.

#include "common/ils/ils.h"
#include "drivers/sqlite/sqlitedb.h"

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace lasis::test {

/// A circulation request as the fake ILS received it.
struct FakeCall {
  std::string txnId;
  std::string kind;
  std::string itemId;
  std::string patronId;
  bool noBlock = false;
  ils::TimePoint when{};
  std::optional<ils::TimePoint> offlineDueDate;
};

/// A scriptable ILS whose state survives in SQLite.
class FakeIls final : public ils::IlsClient {
public:
  explicit FakeIls(const std::string& path = ":memory:");

  // ---- faults ----
  void setDown(bool down);
  /// When set, consulted on every call: false means "unreachable" (flapping, outages by clock).
  void setReachable(std::function<bool()> reachable);
  /// The next n circulation requests are applied, then answered with a timeout.
  void loseReplies(int n);
  /// The next n circulation requests fail before being applied (with `code`).
  void dropRequests(int n, Errc code = Errc::disconnected);
  void refusePatron(const std::string& patronId, const std::string& message);
  void setLatency(std::chrono::microseconds latency);

  // ---- what happened ----
  std::optional<std::string> loanOf(const std::string& itemId);
  std::map<std::string, std::string> loans();  ///< item → patron
  int applied(const std::string& txnId);       ///< times this transaction changed the ILS
  int appliedTotal();
  std::vector<FakeCall> calls();  ///< every circulation request received (applied or not)
  int itemInfoCalls();

  // ---- IlsClient ----
  Result<ils::IlsStatus> status() override;
  Result<ils::PatronStatus> patronStatus(const std::string& patronId, const std::string& pin) override;
  Result<ils::PatronAccount> patronAccount(const std::string& patronId, const std::string& pin) override;
  Result<ils::CheckoutResult> checkout(const ils::CheckoutRequest& req) override;
  Result<ils::CheckinResult> checkin(const ils::CheckinRequest& req) override;
  Result<ils::CheckoutResult> renew(const ils::RenewRequest& req) override;
  Result<ils::RenewAllResult> renewAll(const std::string& patronId, const std::string& pin) override;
  Result<ils::ItemInfo> itemInfo(const std::string& itemId) override;
  Result<std::optional<bool>> lentTo(const std::string& patronId, const std::string& itemId) override;
  Result<ils::HoldResult> placeHold(const ils::HoldRequest& req) override;
  Result<ils::HoldResult> cancelHold(const ils::HoldRequest& req) override;
  Result<ils::FeePaidResult> payFee(const std::string& patronId, double amount, const std::string& currency) override;
  Result<ils::Answer> endSession(const std::string& patronId) override;

private:
  Status reachable();
  Status record(const FakeCall& c, bool applied);

  std::mutex m_mutex;
  storage::SqliteDb m_db;
  bool m_down = false;
  std::function<bool()> m_reachable;
  int m_lose = 0;
  int m_drop = 0;
  Errc m_dropCode = Errc::disconnected;
  std::map<std::string, std::string> m_refusedPatrons;
  std::chrono::microseconds m_latency{0};
  std::vector<FakeCall> m_calls;
  int m_itemInfoCalls = 0;
};

} // namespace lasis::test
