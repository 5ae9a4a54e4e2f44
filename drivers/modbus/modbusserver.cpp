#include "drivers/modbus/modbusserver.h"

#include "drivers/modbus/modbusconnection.h"

#include <modbus/modbus.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>

namespace lasis::modbus {

namespace {

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }

using SteadyClock = std::chrono::steady_clock;

} // namespace

std::span<std::uint8_t> MbapFramer::space() {
  if (m_progress != Progress::partial) return {};
  return std::span<std::uint8_t>(m_buffer).subspan(m_have, m_need - m_have);
}

MbapFramer::Progress MbapFramer::received(std::size_t n) {
  if (m_progress != Progress::partial) return m_progress;
  if (n > m_need - m_have) {
    m_progress = Progress::invalid;
    m_error = "more bytes reported than there was room for";
    return m_progress;
  }
  m_have += n;
  if (m_have == kHeaderLength && m_need == kHeaderLength) {
    // The header is in: it alone says how long the ADU is. A protocol id other than 0 is not
    // Modbus; a length outside 2..254 (unit id + a PDU of 1..253 bytes) cannot be a request.
    // Either way the stream cannot be resynchronised, so the connection goes.
    const std::uint16_t protocol = be16(m_buffer.data() + 2);
    const std::uint16_t length = be16(m_buffer.data() + 4);
    if (protocol != 0) {
      m_progress = Progress::invalid;
      m_error = "MBAP protocol id " + std::to_string(protocol) + ", not 0 (Modbus)";
      return m_progress;
    }
    if (length < 2 || length > kMaxAdu - 6) {
      m_progress = Progress::invalid;
      m_error = "MBAP length " + std::to_string(length) + " outside 2.." + std::to_string(kMaxAdu - 6);
      return m_progress;
    }
    m_need = 6 + std::size_t{length};
  }
  if (m_have == m_need) m_progress = Progress::complete;
  return m_progress;
}

std::span<const std::uint8_t> MbapFramer::adu() const {
  if (m_progress != Progress::complete) return {};
  return std::span<const std::uint8_t>(m_buffer).first(m_have);
}

void MbapFramer::next() {
  if (m_progress == Progress::invalid) return;  // nothing after garbage can be trusted
  // Zeroed, so nothing of an earlier request can ever be read as part of the next one.
  m_buffer.fill(0);
  m_have = 0;
  m_need = kHeaderLength;
  m_progress = Progress::partial;
}

bool requestLengthMatchesFunction(std::span<const std::uint8_t> pdu) {
  if (pdu.empty()) return false;
  const std::size_t n = pdu.size();
  switch (pdu[0]) {
    case 1: case 2: case 3: case 4: case 5: case 6:
      return n == 5;  // address, count or value
    case 7: case 17:  // read exception status, report server id: the function alone
      return n == 1;
    case 15: case 16:  // address, count, byte count, the bytes
      return n >= 6 && n == 6 + std::size_t{pdu[5]};
    case 22:  // mask write register: address, AND mask, OR mask
      return n == 7;
    case 23:  // read/write registers: read address and count, write address and count, byte count
      return n >= 10 && n == 10 + std::size_t{pdu[9]};
    default:
      return true;
  }
}

ServerRequest decodeRequest(const std::uint8_t* req, int len, int header, std::string peer) {
  ServerRequest r;
  r.peer = std::move(peer);
  if (len < header + 1) return r;
  r.function = req[header];
  const std::uint8_t* p = req + header + 1;
  const int body = len - header - 1;
  if (body >= 4) {
    r.address = be16(p);
    r.count = be16(p + 2);
  }
  switch (r.function) {
    case 5:  // write single coil: value 0xFF00 / 0x0000
      r.count = 1;
      if (body >= 4) r.values = {static_cast<std::uint16_t>(be16(p + 2) == 0xFF00 ? 1 : 0)};
      break;
    case 6:
      r.count = 1;
      if (body >= 4) r.values = {be16(p + 2)};
      break;
    case 15:
      for (int i = 0; i < r.count && body >= 5 + i / 8 + 1; ++i) {
        r.values.push_back(static_cast<std::uint16_t>((p[5 + i / 8] >> (i % 8)) & 1));
      }
      break;
    case 16:
      for (int i = 0; i < r.count && body >= 5 + 2 * i + 2; ++i) r.values.push_back(be16(p + 5 + 2 * i));
      break;
    default: break;
  }
  return r;
}

struct ModbusServer::Impl {
  /// One TCP client: its socket, the request it is sending, and when it was last heard from.
  struct Connection {
    int fd = -1;
    std::string peer;
    MbapFramer framer;
    SteadyClock::time_point heard;       // last byte received (or the accept)
    SteadyClock::time_point frameStart;  // first byte of the request being received
    bool served = false;                 // at least one request answered: a real client
  };

  std::string host;
  std::uint16_t port = 0;
  Hooks hooks;
  Logger log;
  Limits limits;
  modbus_t* ctx = nullptr;
  modbus_mapping_t* map = nullptr;
  mutable std::mutex mutex;  // guards map, listener, connections, online, generation
  int listener = -1;
  std::vector<Connection> connections;  // TCP clients
  // libmodbus builds every TCP reply into one end of this pair and we carry it to the client:
  // libmodbus never touches a client socket, so it can neither block on one nor "flush" (read
  // and discard) a request the client pipelined behind the one being answered.
  int replyPair[2] = {-1, -1};
  bool limitReported = false;  // the connection limit is logged once per episode, not per client
  std::size_t evicted = 0;
  std::uint64_t generation = 0;  // bumped when the sockets change under the loop (online/offline)
  bool rtu = false;
  int uartBaud = 0;
  int ptyMaster = -1;
  int ptySlaveHold = -1;  // kept open so the master never sees a hang-up between clients
  std::string ptyPath;
  bool isOnline = false;
  int wakePipe[2] = {-1, -1};
  std::atomic<bool> stop{false};
  std::thread thread;

  ~Impl() {
    if (ptyMaster >= 0) ::close(ptyMaster);
    if (ptySlaveHold >= 0) ::close(ptySlaveHold);
    for (const auto& c : connections) ::close(c.fd);
    if (listener >= 0) ::close(listener);
    for (int fd : {wakePipe[0], wakePipe[1], replyPair[0], replyPair[1]}) {
      if (fd >= 0) ::close(fd);
    }
    if (ctx) modbus_free(ctx);
    if (map) modbus_mapping_free(map);
  }

  void wake() {
    const char c = 'w';
    [[maybe_unused]] auto n = ::write(wakePipe[1], &c, 1);
  }

  Status listen() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return fail(Errc::io, std::string("status server: socket: ") + std::strerror(errno));
    int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
      ::close(fd);
      return fail(Errc::invalidArgument, "Modbus server: '" + host + "' is not an IPv4 address");
    }
    // The backlog absorbs a burst of connects between two turns of the loop; the loop accepts
    // them all at once and the connection limit decides who stays.
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 128) != 0) {
      const int e = errno;
      ::close(fd);
      return fail(e == EADDRINUSE ? Errc::busy : Errc::io, "Modbus server: cannot listen on " + host + ":" +
                                                                 std::to_string(port) + ": " + std::strerror(e));
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);  // keep the port: going back online reuses it
    listener = fd;
    isOnline = true;
    ++generation;
    return {};
  }

  void closeAll() {
    ++generation;
    isOnline = false;
    if (rtu) return;  // RTU "unplugged": stop answering; the line stays
    for (const auto& c : connections) ::close(c.fd);
    connections.clear();
    if (listener >= 0) ::close(listener);
    listener = -1;
  }

  ServerData snapshot() const {
    ServerData d;
    d.coils.assign(map->tab_bits, map->tab_bits + map->nb_bits);
    d.discreteInputs.assign(map->tab_input_bits, map->tab_input_bits + map->nb_input_bits);
    d.holdingRegisters.assign(map->tab_registers, map->tab_registers + map->nb_registers);
    d.inputRegisters.assign(map->tab_input_registers, map->tab_input_registers + map->nb_input_registers);
    return d;
  }
  void restore(const ServerData& d) {
    std::copy(d.coils.begin(), d.coils.end(), map->tab_bits);
    std::copy(d.discreteInputs.begin(), d.discreteInputs.end(), map->tab_input_bits);
    std::copy(d.holdingRegisters.begin(), d.holdingRegisters.end(), map->tab_registers);
    std::copy(d.inputRegisters.begin(), d.inputRegisters.end(), map->tab_input_registers);
  }

  static std::string peerOf(int fd) {
    sockaddr_in a{};
    socklen_t len = sizeof a;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0 || a.sin_family != AF_INET) return {};
    char buf[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &a.sin_addr, buf, sizeof buf);
    return buf;
  }

  /// Runs the hooks and libmodbus on one whole request; false when libmodbus could not answer.
  /// The caller holds the lock.
  bool answer(const std::uint8_t* req, int len, const std::string& peer) {
    const int header = modbus_get_header_length(ctx);
    const ServerRequest r = decodeRequest(req, len, header, peer);
    if (hooks.check) {
      ServerData d = snapshot();
      if (int ex = hooks.check(r, d); ex != 0) {
        // Refused: the data stays exactly as it was and the client learns why.
        return modbus_reply_exception(ctx, req, static_cast<unsigned>(ex)) >= 0;
      }
    }
    if (!r.isWrite() && hooks.beforeRead) {
      ServerData d = snapshot();
      hooks.beforeRead(d);
      restore(d);
    }
    if (modbus_reply(ctx, req, len, map) < 0) return false;
    if (r.isWrite() && hooks.written) {
      ServerData d = snapshot();
      hooks.written(r, d);
      restore(d);
    }
    return true;
  }

  /// Answers one RTU request from the line (libmodbus frames RTU itself: one line, one client).
  void serveRtu() {
    std::uint8_t req[MODBUS_RTU_MAX_ADU_LENGTH];
    modbus_set_socket(ctx, ptyMaster);
    const int len = modbus_receive(ctx, req);
    if (len <= 0) return;  // another unit's request, or a bad frame libmodbus flushed: wait for the next
    if (uartBaud > 0) {
      // What the wire would have cost: the request and the reply, 10 bits a byte, plus the
      // 3.5-character silence that ends each RTU frame.
      const ServerRequest r = decodeRequest(req, len, modbus_get_header_length(ctx), {});
      int reply = 8;
      if (r.function == 1 || r.function == 2) reply = 5 + (r.count + 7) / 8;
      if (r.function == 3 || r.function == 4) reply = 5 + 2 * r.count;
      const double chars = len + reply + 7.0;
      std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long>(chars * 10.0 * 1e6 / uartBaud)));
    }
    std::lock_guard lock(mutex);
    answer(req, len, {});
  }

  /// Sends `bytes` to a client without waiting: a client that does not read its answers until
  /// the socket buffer is full is dropped rather than let it hold the server.
  static bool sendAll(int fd, const std::uint8_t* bytes, std::size_t n) {
    const auto sent = ::send(fd, bytes, n, MSG_NOSIGNAL | MSG_DONTWAIT);
    return sent == static_cast<ssize_t>(n);
  }

  /// Answers the complete request in `c`'s framer; false when the client must go.
  bool serveTcp(Connection& c) {
    const auto adu = c.framer.adu();
    const auto pdu = adu.subspan(MbapFramer::kHeaderLength);
    const int len = static_cast<int>(adu.size());
    if (pdu[0] >= 0x80) {
      // No request has the high bit: it marks exceptions. libmodbus would answer function+0x80,
      // which overflows the byte (0x84 came back as "04 01", a bogus read reply). The answer is
      // ILLEGAL FUNCTION with the function echoed, high bit set, in a well-formed ADU.
      const std::uint8_t reply[9] = {adu[0], adu[1], 0, 0, 0, 3, adu[6],
                                     static_cast<std::uint8_t>(pdu[0] | 0x80), MODBUS_EXCEPTION_ILLEGAL_FUNCTION};
      return sendAll(c.fd, reply, sizeof reply);
    }
    std::uint8_t reply[MODBUS_TCP_MAX_ADU_LENGTH];
    while (::recv(replyPair[1], reply, sizeof reply, MSG_DONTWAIT) > 0) {
    }  // nothing left over from a failed answer may go to this client
    modbus_set_socket(ctx, replyPair[0]);
    bool ok = false;
    if (!requestLengthMatchesFunction(pdu)) {
      ok = modbus_reply_exception(ctx, adu.data(), MODBUS_EXCEPTION_ILLEGAL_DATA_VALUE) >= 0;
    } else {
      ok = answer(adu.data(), len, c.peer);
    }
    auto n = ::recv(replyPair[1], reply, sizeof reply, MSG_DONTWAIT);
    if (!ok && n <= 0) {
      // libmodbus answers nothing to a few functions it knows but does not implement (7, read
      // exception status, fails with ENOPROTOOPT): for the client that is an illegal function.
      log->debug("Modbus server: libmodbus did not answer function {} from {}: {}", pdu[0], c.peer,
                 modbus_strerror(errno));
      if (modbus_reply_exception(ctx, adu.data(), MODBUS_EXCEPTION_ILLEGAL_FUNCTION) >= 0) {
        n = ::recv(replyPair[1], reply, sizeof reply, MSG_DONTWAIT);
      }
    }
    if (n <= 0) {
      log->warn("Modbus server: no answer for {} (function {}): {}", c.peer, pdu[0], std::strerror(errno));
      return false;
    }
    return sendAll(c.fd, reply, static_cast<std::size_t>(n));
  }

  /// Reads what `c` has sent (only what is there) and answers a request once it is whole;
  /// false when the client is gone or sent something that is not Modbus TCP.
  bool readFrom(Connection& c, SteadyClock::time_point now) {
    const auto space = c.framer.space();
    const auto n = ::recv(c.fd, space.data(), space.size(), MSG_DONTWAIT);
    if (n == 0) return false;  // closed by the client
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    if (c.framer.betweenRequests()) c.frameStart = now;
    c.heard = now;
    switch (c.framer.received(static_cast<std::size_t>(n))) {
      case MbapFramer::Progress::partial: return true;
      case MbapFramer::Progress::invalid:
        log->debug("Modbus server: dropping {}: {}", c.peer, c.framer.error());
        return false;
      case MbapFramer::Progress::complete: break;
    }
    if (!serveTcp(c)) return false;
    c.served = true;
    c.framer.next();
    return true;
  }

  /// Whether `c` has outstayed its welcome: a request not whole in time, or idle too long.
  bool expired(const Connection& c, SteadyClock::time_point now) const {
    if (c.framer.betweenRequests()) return now - c.heard >= limits.idleTimeout;
    return now - c.frameStart >= limits.requestTimeout;
  }

  /// When the next connection will expire, for poll()'s timeout (-1: none to watch).
  int msUntilNextExpiry(SteadyClock::time_point now) const {
    std::optional<SteadyClock::time_point> next;
    for (const auto& c : connections) {
      const auto at = c.framer.betweenRequests() ? c.heard + limits.idleTimeout : c.frameStart + limits.requestTimeout;
      if (!next || at < *next) next = at;
    }
    if (!next) return -1;
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(*next - now).count();
    return static_cast<int>(std::clamp<long long>(ms, 0, 60'000));
  }

  void dropConnection(std::size_t i) {
    ::close(connections[i].fd);
    connections.erase(connections.begin() + static_cast<long>(i));
  }

  /// Takes every waiting client; when full, each new one replaces the one heard from longest ago.
  void acceptAll(SteadyClock::time_point now) {
    for (;;) {
      const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) log->warn("Modbus server: accept: {}", std::strerror(errno));
        return;
      }
      if (limits.maxConnections > 0 && connections.size() >= static_cast<std::size_t>(limits.maxConnections)) {
        // Who goes, first to last: a client stalled in the middle of a request (real clients
        // send a request in one piece), the longest stalled first; then one that never had a
        // request answered, the oldest first; then the keep-alive client silent the longest.
        const auto rank = [](const Connection& c) { return !c.framer.betweenRequests() ? 0 : !c.served ? 1 : 2; };
        const auto worse = [&](const Connection& a, const Connection& b) {
          if (rank(a) != rank(b)) return rank(a) < rank(b);
          return rank(a) == 0 ? a.frameStart < b.frameStart : a.heard < b.heard;
        };
        const auto oldest = std::min_element(connections.begin(), connections.end(), worse);
        if (!limitReported) {
          log->warn("Modbus server on port {}: {} connections, the limit; each new client now replaces a "
                    "stalled or long-idle one (logged once until the count falls back)",
                    port, connections.size());
          limitReported = true;
        }
        ++evicted;
        dropConnection(static_cast<std::size_t>(oldest - connections.begin()));
      }
      Connection c;
      c.fd = fd;
      c.peer = peerOf(fd);
      c.heard = now;
      connections.push_back(std::move(c));
    }
  }

  void run() {
    std::vector<pollfd> fds;
    while (!stop) {
      fds.clear();
      fds.push_back({wakePipe[0], POLLIN, 0});
      std::uint64_t gen = 0;
      int timeoutMs = -1;
      {
        std::lock_guard lock(mutex);
        gen = generation;
        if (rtu) {
          if (isOnline) fds.push_back({ptyMaster, POLLIN, 0});
        } else {
          if (listener >= 0) fds.push_back({listener, POLLIN, 0});
          for (const auto& c : connections) fds.push_back({c.fd, POLLIN, 0});
          timeoutMs = msUntilNextExpiry(SteadyClock::now());
        }
      }
      if (::poll(fds.data(), fds.size(), timeoutMs) < 0) {
        if (errno == EINTR) continue;
        log->error("Modbus server: poll: {}", std::strerror(errno));
        return;
      }
      if (fds[0].revents) {
        char buf[64];
        [[maybe_unused]] auto n = ::read(wakePipe[0], buf, sizeof buf);
        continue;  // the sets may be stale (went offline): rebuild them
      }
      if (rtu) {
        if (fds.size() > 1 && fds[1].revents) serveRtu();
        continue;
      }
      // All client I/O is non-blocking, so the whole turn runs under the lock: nothing here can
      // wait on a client, and setOnline() cannot close a socket under our feet.
      std::lock_guard lock(mutex);
      if (gen != generation) continue;  // went offline (or back) meanwhile: the sets are stale
      const auto now = SteadyClock::now();
      std::size_t at = 1;
      const bool listenerReady = listener >= 0 && fds[at++].revents != 0;
      // fds[at..] match connections[0..] as they were when the set was built; accepting comes
      // last so the indexes still hold while the clients are read.
      std::vector<bool> drop(connections.size(), false);
      for (std::size_t i = 0; i < connections.size(); ++i, ++at) {
        if (fds[at].revents) drop[i] = !readFrom(connections[i], now);
        if (!drop[i] && expired(connections[i], now)) {
          log->debug("Modbus server: dropping {}: {}", connections[i].peer,
                     connections[i].framer.betweenRequests() ? "idle too long" : "request not complete in time");
          drop[i] = true;
        }
      }
      for (std::size_t i = connections.size(); i-- > 0;) {
        if (drop[i]) dropConnection(i);
      }
      if (listenerReady) acceptAll(now);
      if (limitReported && connections.size() < static_cast<std::size_t>(limits.maxConnections)) {
        log->info("Modbus server on port {}: below the connection limit again; {} connections were dropped "
                  "to make room",
                  port, evicted);
        limitReported = false;
        evicted = 0;
      }
    }
  }
};

ModbusServer::ModbusServer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Result<std::unique_ptr<ModbusServer>> ModbusServer::start(const std::string& host, std::uint16_t port, Size size,
                                                          Hooks hooks, Logger log) {
  return start(host, port, size, std::move(hooks), std::move(log), Limits{});
}

Result<std::unique_ptr<ModbusServer>> ModbusServer::start(const std::string& host, std::uint16_t port, Size size,
                                                          Hooks hooks, Logger log, Limits limits) {
  auto impl = std::make_unique<Impl>();
  impl->host = host;
  impl->port = port;
  impl->hooks = std::move(hooks);
  impl->log = std::move(log);
  impl->limits = limits;
  // The TCP context only builds replies: we frame the requests and own the sockets. Unit 0xFF
  // and any unit id answer, as a TCP server should (the unit id is for gateways).
  impl->ctx = modbus_new_tcp("127.0.0.1", 0);
  impl->map = modbus_mapping_new(size.coils, size.discreteInputs, size.holdingRegisters, size.inputRegisters);
  if (!impl->ctx || !impl->map) return fail(Errc::noSpace, "Modbus server: out of memory");
  // libmodbus sleeps the response timeout before answering some malformed requests (a count of
  // 0, an unknown function): 0.5 s by default, during which nobody else would be served. It
  // cannot be 0; a microsecond is nothing.
  modbus_set_response_timeout(impl->ctx, 0, 1);
  if (::pipe2(impl->wakePipe, O_CLOEXEC | O_NONBLOCK) != 0 ||
      ::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, impl->replyPair) != 0) {
    return fail(Errc::io, std::string("Modbus server: pipe: ") + std::strerror(errno));
  }
  if (auto st = impl->listen(); !st) return st.error();
  auto server = std::unique_ptr<ModbusServer>(new ModbusServer(std::move(impl)));
  server->m_impl->thread = std::thread([p = server->m_impl.get()] { p->run(); });
  return server;
}

ModbusServer::~ModbusServer() {
  m_impl->stop = true;
  m_impl->wake();
  if (m_impl->thread.joinable()) m_impl->thread.join();
}

std::string ModbusServer::devicePath() const { return m_impl->ptyPath; }

Result<std::unique_ptr<ModbusServer>> ModbusServer::startRtuPty(int unit, Size size, Hooks hooks, Logger log,
                                                                int uartBaud) {
  auto impl = std::make_unique<Impl>();
  impl->rtu = true;
  impl->uartBaud = uartBaud;
  impl->hooks = std::move(hooks);
  impl->log = std::move(log);
  impl->ptyMaster = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (impl->ptyMaster < 0 || ::grantpt(impl->ptyMaster) != 0 || ::unlockpt(impl->ptyMaster) != 0) {
    return fail(Errc::io, std::string("Modbus RTU server: cannot create a pty: ") + std::strerror(errno));
  }
  impl->ptyPath = ::ptsname(impl->ptyMaster);
  termios tio{};
  ::tcgetattr(impl->ptyMaster, &tio);
  ::cfmakeraw(&tio);
  ::tcsetattr(impl->ptyMaster, TCSANOW, &tio);
  impl->ptySlaveHold = ::open(impl->ptyPath.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
  // The RTU context only frames requests and checks CRCs: the pty master is ours.
  impl->ctx = modbus_new_rtu(impl->ptyPath.c_str(), 19200, 'N', 8, 1);
  impl->map = modbus_mapping_new(size.coils, size.discreteInputs, size.holdingRegisters, size.inputRegisters);
  if (!impl->ctx || !impl->map) return fail(Errc::noSpace, "Modbus RTU server: out of memory");
  modbus_set_slave(impl->ctx, unit);
  modbus_set_indication_timeout(impl->ctx, 1, 0);
  if (::pipe2(impl->wakePipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    return fail(Errc::io, std::string("Modbus RTU server: pipe: ") + std::strerror(errno));
  }
  impl->isOnline = true;
  auto server = std::unique_ptr<ModbusServer>(new ModbusServer(std::move(impl)));
  server->m_impl->thread = std::thread([p = server->m_impl.get()] { p->run(); });
  return server;
}

std::uint16_t ModbusServer::port() const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->port;
}

void ModbusServer::access(const std::function<void(ServerData&)>& fn) {
  std::lock_guard lock(m_impl->mutex);
  ServerData d = m_impl->snapshot();
  fn(d);
  m_impl->restore(d);
}

Status ModbusServer::setOnline(bool online) {
  std::lock_guard lock(m_impl->mutex);
  if (online == m_impl->isOnline) return {};
  if (!online) {
    m_impl->closeAll();
    m_impl->wake();
    return {};
  }
  if (m_impl->rtu) {
    ::tcflush(m_impl->ptyMaster, TCIOFLUSH);  // what was sent while unplugged never arrived
    m_impl->isOnline = true;
    ++m_impl->generation;
    m_impl->wake();
    return {};
  }
  auto st = m_impl->listen();
  m_impl->wake();
  return st;
}

bool ModbusServer::online() const {
  std::lock_guard lock(m_impl->mutex);
  return m_impl->isOnline;
}

} // namespace lasis::modbus
