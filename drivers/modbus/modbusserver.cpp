#include "drivers/modbus/modbusserver.h"

#include "drivers/modbus/modbusconnection.h"

#include <modbus/modbus.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>

namespace lasis::modbus {

namespace {

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }

} // namespace

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
  std::string host;
  std::uint16_t port = 0;
  Hooks hooks;
  Logger log;
  modbus_t* ctx = nullptr;
  modbus_mapping_t* map = nullptr;
  mutable std::mutex mutex;  // guards map, listener, clients, online
  int listener = -1;
  std::vector<int> clients;
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
    if (rtu) clients.clear();  // the master is closed below
    if (ptyMaster >= 0) ::close(ptyMaster);
    if (ptySlaveHold >= 0) ::close(ptySlaveHold);
    for (int c : clients) ::close(c);
    if (listener >= 0) ::close(listener);
    if (wakePipe[0] >= 0) ::close(wakePipe[0]);
    if (wakePipe[1] >= 0) ::close(wakePipe[1]);
    if (ctx) modbus_free(ctx);
    if (map) modbus_mapping_free(map);
  }

  void wake() {
    const char c = 'w';
    [[maybe_unused]] auto n = ::write(wakePipe[1], &c, 1);
  }

  Status listen() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
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
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0) {
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
    return {};
  }

  void closeAll() {
    if (rtu) {
      clients.clear();  // RTU "unplugged": stop answering; the line stays
      isOnline = false;
      return;
    }
    for (int c : clients) ::close(c);
    clients.clear();
    if (listener >= 0) ::close(listener);
    listener = -1;
    isOnline = false;
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

  /// Answers one request from client `fd`; false when the client is gone or misbehaved.
  bool serve(int fd) {
    std::uint8_t req[MODBUS_TCP_MAX_ADU_LENGTH];
    modbus_set_socket(ctx, fd);
    const int len = modbus_receive(ctx, req);
    if (len == 0) return true;   // a request for another unit: ignored, as a real device does
    if (len < 0 && rtu) return true;  // a bad frame on the line (libmodbus flushed it): wait for the next
    if (len < 0) return false;   // closed, timed out mid-frame, or garbage: drop the client
    const int header = modbus_get_header_length(ctx);
    const ServerRequest r = decodeRequest(req, len, header, peerOf(fd));
    if (uartBaud > 0) {
      // What the wire would have cost: the request and the reply, 10 bits a byte, plus the
      // 3.5-character silence that ends each RTU frame.
      int reply = 8;
      if (r.function == 1 || r.function == 2) reply = 5 + (r.count + 7) / 8;
      if (r.function == 3 || r.function == 4) reply = 5 + 2 * r.count;
      const double chars = len + reply + 7.0;
      std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long>(chars * 10.0 * 1e6 / uartBaud)));
    }
    std::lock_guard lock(mutex);
    if (hooks.check) {
      ServerData d = snapshot();
      if (int ex = hooks.check(r, d); ex != 0) {
        // Refused: the data stays exactly as it was and the client learns why.
        modbus_reply_exception(ctx, req, static_cast<unsigned>(ex));
        return true;
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

  void run() {
    while (!stop) {
      fd_set fds;
      FD_ZERO(&fds);
      int maxFd = wakePipe[0];
      FD_SET(wakePipe[0], &fds);
      {
        std::lock_guard lock(mutex);
        if (listener >= 0) {
          FD_SET(listener, &fds);
          maxFd = std::max(maxFd, listener);
        }
        for (int c : clients) {
          FD_SET(c, &fds);
          maxFd = std::max(maxFd, c);
        }
      }
      if (::select(maxFd + 1, &fds, nullptr, nullptr, nullptr) < 0) {
        if (errno == EINTR) continue;
        log->error("Modbus server: select: {}", std::strerror(errno));
        return;
      }
      if (FD_ISSET(wakePipe[0], &fds)) {
        char buf[64];
        [[maybe_unused]] auto n = ::read(wakePipe[0], buf, sizeof buf);
        continue;  // the sets may be stale (went offline): rebuild them
      }
      std::vector<int> ready;
      {
        std::lock_guard lock(mutex);
        if (listener >= 0 && FD_ISSET(listener, &fds)) {
          const int c = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
          if (c >= 0) clients.push_back(c);
        }
        for (int c : clients) {
          if (FD_ISSET(c, &fds)) ready.push_back(c);
        }
      }
      for (int c : ready) {
        if (!serve(c) && !rtu) {
          std::lock_guard lock(mutex);
          if (auto it = std::find(clients.begin(), clients.end(), c); it != clients.end()) {
            ::close(c);
            clients.erase(it);
          }
        }
      }
    }
  }
};

ModbusServer::ModbusServer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Result<std::unique_ptr<ModbusServer>> ModbusServer::start(const std::string& host, std::uint16_t port, Size size,
                                                          Hooks hooks, Logger log) {
  auto impl = std::make_unique<Impl>();
  impl->host = host;
  impl->port = port;
  impl->hooks = std::move(hooks);
  impl->log = std::move(log);
  // The TCP context only frames requests: sockets are ours. Unit 0xFF and any unit id answer,
  // as a TCP server should (the unit id is for gateways).
  impl->ctx = modbus_new_tcp("127.0.0.1", 0);
  impl->map = modbus_mapping_new(size.coils, size.discreteInputs, size.holdingRegisters, size.inputRegisters);
  if (!impl->ctx || !impl->map) return fail(Errc::noSpace, "Modbus server: out of memory");
  // A client that sends half a frame is dropped after a second instead of stalling the others.
  modbus_set_indication_timeout(impl->ctx, 1, 0);
  if (::pipe2(impl->wakePipe, O_CLOEXEC | O_NONBLOCK) != 0) {
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
  impl->clients = {impl->ptyMaster};
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
    m_impl->clients = {m_impl->ptyMaster};
    m_impl->isOnline = true;
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
