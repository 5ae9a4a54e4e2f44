#pragma once
// The ILS as the kiosk's engines see it (lasis::ils::IlsClient), spoken in SIP2: maps each call
// onto the SIP2 messages and each reply's fields onto the protocol-neutral answers, keeping the
// typed SIP2 reply available for staff tools.

#include "common/ils/ils.h"
#include "drivers/sip2client/sip2client.h"

#include <memory>
#include <string>

namespace lasis::sip2 {

/// IlsClient over a pool of SIP2 connections (blocking facade over Sip2Client).
class Sip2Ils final : public ils::IlsClient {
public:
  /// From a `sip2://` or `sip2s://` URL (see Sip2Url).
  static Result<std::unique_ptr<Sip2Ils>> create(const std::string& url, const Clock& clock, Logger log);
  explicit Sip2Ils(std::unique_ptr<Sip2Client> client) : m_client(std::move(client)) {}

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

  /// The SIP2 client underneath (typed messages, raw fields).
  Sip2Client& client() { return *m_client; }

private:
  std::optional<TimePoint> when(const ils::Context& ctx) const;
  Result<ils::HoldResult> hold(const ils::HoldRequest& req, const char* mode);
  std::unique_ptr<Sip2Client> m_client;
};

/// Maps a 24 Patron Status Response onto the neutral PatronStatus (exposed for tests).
ils::PatronStatus toPatronStatus(const PatronStatusResponse& r, bool pinChecked);
/// "12.50" → 12.5; nullopt when the ILS sent no or an unreadable amount.
std::optional<double> parseAmount(const std::string& text);

} // namespace lasis::sip2
