#pragma once
// The libnfc backend of TagReader: ISO 14443A tags (NTAG21x / Ultralight item tags in our Type 2
// layout, MIFARE Classic patron cards) on any reader libnfc opens by connstring
// ("pn532_uart:/dev/ttyUSB0", …). Blocking; run it on a ReaderWorker.
//
// How a stack is inventoried: the field is switched off and on (every halted tag wakes up),
// then tags are selected one at a time and each is deselected, which halts it, until none is
// left to answer. So every call sees every tag, including ones that were on the pad before.
// To talk to one tag the field is cycled again and the tag is selected by its UID.
//
// Device loss (I/O error, silence) is reported at once as Errc::disconnected and the device is
// closed; the next call opens it again, so the reader comes back by itself when replugged.
//
// libnfc's own stderr messages: libnfc 1.8.0 writes them with fprintf(stderr) and offers no
// hook, so they cannot be routed to our logger without hijacking fd 2 for the whole process.
// Every binary calls drivers::quietLibnfc() at start (LIBNFC_LOG_LEVEL=0 unless set), and what
// libnfc would have said reaches our logger as our own line: a failed open says why (no such
// device, permission, not a serial port, not a PN532).

#include "common/core/log.h"
#include "common/rfid/tagreader.h"

#include <map>
#include <memory>
#include <set>
#include <string>

struct nfc_context;
struct nfc_device;

namespace lasis::drivers {

/// A TagReader over libnfc.
class NfcReader : public rfid::TagReader {
public:
  /// Attempts per write/read before giving up (each attempt re-selects the tag).
  static constexpr int kAttempts = 3;

  /// A reader for `connstring` (a libnfc connstring, without our "nfc:" prefix). Does not
  /// touch the device yet; connect() or any call opens it.
  NfcReader(std::string connstring, Logger logger = nullLogger());
  ~NfcReader() override;
  NfcReader(const NfcReader&) = delete;
  NfcReader& operator=(const NfcReader&) = delete;

  /// Opens the device now; Errc::disconnected when it is not there.
  Status connect();
  bool connected() const { return m_device != nullptr; }

  std::string address() const override { return "nfc:" + m_connstring; }
  Result<std::vector<rfid::TagSeen>> inventory() override;
  Result<rfid::TagContents> read(const std::string& uid) override;
  Status writeData(const std::string& uid, ByteView data) override;
  Status setSecurity(const std::string& uid, bool secured) override;

private:
  struct ContextDeleter {
    void operator()(nfc_context* c) const;
  };
  struct DeviceDeleter {
    void operator()(nfc_device* d) const;
  };

  /// A failure of libnfc call `res`; closes the device on device loss.
  Error failure(int res, const std::string& what);
  Status cycleField();
  Result<rfid::TagType> identify(const std::string& uid, std::uint8_t sak, std::uint16_t atqa);
  /// Selects the tag with this UID (field cycled first so a halted tag answers).
  Result<rfid::TagType> select(const std::string& uid);
  void deselect();
  Result<Bytes> transceive(ByteView cmd, const std::string& what);
  Result<Bytes> readPages(int firstPage, std::size_t bytes, const std::string& uid);
  /// NTAG21x FAST_READ (0x3A first last): the pages in one exchange instead of one READ per four.
  Result<Bytes> fastRead(int firstPage, std::size_t bytes, const std::string& uid);
  Status writePage(int page, ByteView four, const std::string& uid);
  Result<rfid::TagContents> readOnce(const std::string& uid);
  Status writeOnce(const std::string& uid, ByteView data);
  Status securityOnce(const std::string& uid, bool secured);

  std::string m_connstring;
  Logger m_log;
  std::unique_ptr<nfc_context, ContextDeleter> m_context;
  std::unique_ptr<nfc_device, DeviceDeleter> m_device;
  std::map<std::string, rfid::TagType> m_types;  ///< UIDs are unique per chip: identify once
  std::set<std::string> m_lastSeen;              ///< to notice arrivals and removals
  bool m_everConnected = false;
};

} // namespace lasis::drivers
