#include "simulator/pcsc/vpcdlink.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <array>
#include <chrono>

namespace lasis::sim {

namespace asio = boost::asio;
using asio::ip::tcp;

struct VpcdLink::Impl : std::enable_shared_from_this<VpcdLink::Impl> {
  Impl(asio::io_context& io, std::string h, std::uint16_t p, Bytes a, ApduHandler hd)
      : socket(io), retry(io), host(std::move(h)), port(p), atr(std::move(a)), handler(std::move(hd)) {}

  tcp::socket socket;
  asio::steady_timer retry;
  std::string host;
  std::uint16_t port;
  Bytes atr;
  ApduHandler handler;
  std::function<void()> connectedCb;
  bool wanted = false;
  bool quickAckOn = true;
  bool isConnected = false;
  bool connecting = false;
  std::uint64_t generation = 0;  // bumps on every close, so stale handlers of an old socket stop
  std::array<std::uint8_t, 2> header{};
  Bytes payload;
  Bytes outgoing;

  void connect() {
    if (!wanted || isConnected || connecting) return;
    connecting = true;
    boost::system::error_code ec;
    auto address = asio::ip::make_address(host, ec);
    if (ec) address = asio::ip::make_address("127.0.0.1");
    auto self = shared_from_this();
    socket.async_connect(tcp::endpoint(address, port), [self, gen = generation](boost::system::error_code e) {
      self->connecting = false;
      if (gen != self->generation) return;
      if (e) {
        boost::system::error_code ignored;
        self->socket.close(ignored);
        self->scheduleRetry();
        return;
      }
      if (!self->wanted) {
        self->close();
        return;
      }
      self->isConnected = true;
      boost::system::error_code ignored;
      self->socket.set_option(tcp::no_delay(true), ignored);
      if (self->connectedCb) self->connectedCb();
      self->readHeader();
    });
  }

  void scheduleRetry() {
    if (!wanted) return;
    retry.expires_after(std::chrono::milliseconds(100));
    auto self = shared_from_this();
    retry.async_wait([self](boost::system::error_code e) {
      if (!e) self->connect();
    });
  }

  void close() {
    ++generation;
    isConnected = false;
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }

  void quickAck() {
    // vpcd writes the length and the data in two send() calls; with delayed ACKs Linux holds the
    // second for ~40 ms. Quick-ACK mode is cleared by the kernel after use, so set it before
    // every read.
    if (!quickAckOn) return;
    int one = 1;
    ::setsockopt(socket.native_handle(), IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
  }

  void readHeader() {
    quickAck();
    auto self = shared_from_this();
    asio::async_read(socket, asio::buffer(header), [self, gen = generation](boost::system::error_code e, std::size_t) {
      if (gen != self->generation) return;
      if (e) return self->lost();
      const std::size_t len = (std::size_t{self->header[0]} << 8) | self->header[1];
      self->payload.resize(len);
      if (len == 0) return self->readHeader();
      self->quickAck();
      asio::async_read(self->socket, asio::buffer(self->payload),
                       [self, gen](boost::system::error_code e2, std::size_t) {
                         if (gen != self->generation) return;
                         if (e2) return self->lost();
                         self->dispatch();
                       });
    });
  }

  void lost() {
    // pcscd stopped or vpcd dropped us: come back when it returns, as a reader replugged.
    close();
    scheduleRetry();
  }

  void dispatch() {
    Bytes reply;
    if (payload.size() == 1) {
      if (payload[0] != 0x04) return readHeader();  // power off/on, reset: no answer expected
      reply = atr;
    } else {
      reply = handler(payload);
    }
    outgoing.clear();
    outgoing.push_back(static_cast<std::uint8_t>(reply.size() >> 8));
    outgoing.push_back(static_cast<std::uint8_t>(reply.size()));
    outgoing.insert(outgoing.end(), reply.begin(), reply.end());
    auto self = shared_from_this();
    asio::async_write(socket, asio::buffer(outgoing), [self, gen = generation](boost::system::error_code e, std::size_t) {
      if (gen != self->generation) return;
      if (e) return self->lost();
      self->readHeader();
    });
    quickAck();  // also while the reply is in flight: the next header may arrive before we read
  }
};

VpcdLink::VpcdLink(asio::io_context& io, std::string host, std::uint16_t port, Bytes atr, ApduHandler handler)
    : m_impl(std::make_shared<Impl>(io, std::move(host), port, std::move(atr), std::move(handler))) {}

VpcdLink::~VpcdLink() {
  m_impl->wanted = false;
  m_impl->retry.cancel();
  m_impl->close();
}

void VpcdLink::setPresent(bool present) {
  m_impl->wanted = present;
  if (present) {
    m_impl->connect();
  } else {
    m_impl->retry.cancel();
    m_impl->close();
  }
}

bool VpcdLink::connected() const { return m_impl->isConnected; }

void VpcdLink::onConnected(std::function<void()> cb) { m_impl->connectedCb = std::move(cb); }

} // namespace lasis::sim

namespace lasis::sim {
void VpcdLink::setQuickAck(bool on) { m_impl->quickAckOn = on; }
} // namespace lasis::sim
