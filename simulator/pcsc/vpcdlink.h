#pragma once
// The simulator's connection to pcscd's virtual reader driver (Debian's vsmartcard-vpcd): vpcd
// listens on TCP (35963 for slot 0, 35964 for slot 1) and the "card" connects to it. Each message
// both ways is a 2-byte big-endian length and a payload; one-byte payloads from vpcd are control
// codes (00 power off, 01 power on, 02 reset, 04 get ATR — only 04 is answered), anything longer
// is a C-APDU answered by exactly one R-APDU. pcscd sees a card while the connection is open.

#include "common/core/asio.h"
#include "common/core/bytes.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace lasis::sim {

/// Keeps (or drops) a connection to vpcd and answers what pcscd sends through it.
class VpcdLink {
public:
  using ApduHandler = std::function<Bytes(ByteView apdu)>;
  VpcdLink(boost::asio::io_context& io, std::string host, std::uint16_t port, Bytes atr,
           ApduHandler handler);
  ~VpcdLink();
  VpcdLink(const VpcdLink&) = delete;
  VpcdLink& operator=(const VpcdLink&) = delete;

  /// Card present (connect, retrying until vpcd accepts) or absent (close the connection, so
  /// pcscd reports the card removed).
  void setPresent(bool present);
  bool connected() const;
  /// Called once per successful connection (the first one is the simulator's ready moment).
  void onConnected(std::function<void()> cb);
  /// Turns TCP_QUICKACK before each read off (only to measure what it saves; default on).
  void setQuickAck(bool on);

private:
  struct Impl;
  std::shared_ptr<Impl> m_impl;
};

/// vpcd's TCP port for a reader slot (0 → 35963, 1 → 35964), as /etc/reader.conf.d/vpcd sets it.
constexpr std::uint16_t vpcdPort(int slot) { return static_cast<std::uint16_t>(35963 + slot); }

} // namespace lasis::sim
