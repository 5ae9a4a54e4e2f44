#pragma once
// ISO 15693 library tags through a PC/SC contactless reader (pcsc-lite). Every ISO 15693
// command travels in the PC/SC Part 3 transparent exchange over SCardTransmit (pcsc-lite and
// vpcd pass no SCardControl escapes): start session, switch to ISO 15693 layer 3, transceive,
// end session.
//
// URL: "pcsc:READER NAME" or "pcsc:INDEX" (0 = first reader pcscd lists), optionally followed by
// "?security=afi|eas|both&model=iso28560-3|iso28560-2", e.g. "pcsc:0?security=eas".

#include "drivers/pcsc/iso15693reader.h"

#include <memory>
#include <string>

namespace lasis::pcsc {

/// Options of a PC/SC reader; the URL's query sets the same fields.
struct PcscOptions {
  SecurityMode security = SecurityMode::afi;
  std::optional<tagdata::Model> model;  ///< forces the ISO 28560 model (else by DSFID / detection)
  std::uint8_t securedAfi = iso15693::kAfiSecured;
  std::uint8_t onLoanAfi = iso15693::kAfiOnLoan;
  int attempts = 3;  ///< tries per write before giving up (a tag at the edge of the field)
};

/// A PC/SC reader of ISO 15693 tags (ICODE SLIX and relatives).
class PcscReader final : public Iso15693Reader {
public:
  /// Connects to pcscd and finds the reader. Errc::disconnected when pcscd is not running,
  /// Errc::notFound when no reader matches (the message lists the readers there are),
  /// Errc::config for a bad URL.
  static Result<std::unique_ptr<PcscReader>> open(const std::string& url, PcscOptions options = {});
  /// Checks the URL's grammar only (no pcscd, no reader): Errc::config naming what is wrong.
  static Status checkUrl(const std::string& url);
  ~PcscReader() override;

  std::string address() const override;
  /// The reader's name as pcscd lists it ("Virtual PCD 00 00").
  std::string readerName() const;
  const PcscOptions& options() const;

  Result<std::vector<rfid::TagSeen>> inventory() override;
  Result<rfid::TagContents> read(const std::string& uid) override;
  Status writeData(const std::string& uid, ByteView data) override;
  Status setSecurity(const std::string& uid, bool secured) override;

  Result<std::vector<rfid::TagSeen>> inventoryByAfi(std::uint8_t afi) override;
  Result<bool> easAlarm() override;
  Result<iso15693::SystemInfo> systemInfo(const std::string& uid) override;
  Result<tagdata::Decoded> readItem(const std::string& uid) override;

  /// One bare `FF CA` get-UID round trip (no session): the benchmark's baseline of what a single
  /// APDU through pcscd costs. Errc::notFound with no single tag in the field.
  Result<Bytes> cardUid();

private:
  struct Impl;
  explicit PcscReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace lasis::pcsc
