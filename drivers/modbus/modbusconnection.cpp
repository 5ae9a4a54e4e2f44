#include "drivers/modbus/modbusconnection.h"

#include <modbus/modbus.h>

#include <cerrno>

namespace lasis::modbus {

Errc errcOfModbus(int e) {
  switch (e) {
    case ETIMEDOUT: return Errc::timeout;
    case ECONNREFUSED:
    case EHOSTUNREACH:
    case ENETUNREACH: return Errc::unavailable;
    case ECONNRESET:
    case EPIPE:
    case EBADF:
    case ENOTCONN:
    case EIO: return Errc::disconnected;
    case ENOENT:
    case ENODEV:
    case ENXIO: return Errc::notFound;
    case EINVAL: return Errc::invalidArgument;
    case EMBBADCRC: return Errc::checksum;
    case EMBBADDATA:
    case EMBBADEXC:
    case EMBUNKEXC:
    case EMBMDATA:
    case EMBBADSLAVE: return Errc::parse;
    case EMBXSBUSY: return Errc::busy;
    default: break;
  }
  if (e >= EMBXILFUN && e <= EMBXGTAR) return Errc::refused;  // the server answered with an exception
  return Errc::io;
}

Error modbusError(int errnum, const std::string& what) {
  return Error(errcOfModbus(errnum), what + ": " + modbus_strerror(errnum));
}

struct ModbusConnection::Impl {
  modbus_t* ctx = nullptr;
  ModbusUrl url;
  ~Impl() {
    if (ctx) {
      modbus_close(ctx);
      modbus_free(ctx);
    }
  }
  Error error(const std::string& what) const { return modbusError(errno, url.text() + ": " + what); }
};

ModbusConnection::ModbusConnection(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
ModbusConnection::ModbusConnection(ModbusConnection&&) noexcept = default;
ModbusConnection& ModbusConnection::operator=(ModbusConnection&&) noexcept = default;
ModbusConnection::~ModbusConnection() = default;

Result<ModbusConnection> ModbusConnection::open(const ModbusUrl& url, std::chrono::milliseconds timeout) {
  auto impl = std::make_unique<Impl>();
  impl->url = url;
  if (url.transport == ModbusUrl::Transport::tcp) {
    const std::string service = std::to_string(url.port);
    impl->ctx = modbus_new_tcp_pi(url.host.c_str(), service.c_str());
  } else {
    impl->ctx = modbus_new_rtu(url.device.c_str(), url.baud, url.parity, url.dataBits, url.stopBits);
  }
  if (!impl->ctx) return impl->error("cannot create context");
  modbus_set_slave(impl->ctx, url.unit);
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(timeout).count();
  modbus_set_response_timeout(impl->ctx, static_cast<std::uint32_t>(us / 1'000'000),
                              static_cast<std::uint32_t>(us % 1'000'000));
  if (modbus_connect(impl->ctx) == -1) {
    Error e = impl->error("cannot connect");
    if (errno == ECONNREFUSED) e = Error(Errc::unavailable, e.message());
    return e;
  }
  return ModbusConnection(std::move(impl));
}

const ModbusUrl& ModbusConnection::url() const { return m_impl->url; }

namespace {
std::vector<bool> toBools(const std::vector<std::uint8_t>& bits) {
  std::vector<bool> out;
  for (auto b : bits) out.push_back(b != 0);
  return out;
}
} // namespace

Result<std::vector<bool>> ModbusConnection::readCoils(int address, int count) {
  std::vector<std::uint8_t> bits(static_cast<std::size_t>(count));
  if (modbus_read_bits(m_impl->ctx, address, count, bits.data()) != count) return m_impl->error("read coils");
  return toBools(bits);
}

Result<std::vector<bool>> ModbusConnection::readDiscreteInputs(int address, int count) {
  std::vector<std::uint8_t> bits(static_cast<std::size_t>(count));
  if (modbus_read_input_bits(m_impl->ctx, address, count, bits.data()) != count) {
    return m_impl->error("read discrete inputs");
  }
  return toBools(bits);
}

Result<std::vector<std::uint16_t>> ModbusConnection::readHoldingRegisters(int address, int count) {
  std::vector<std::uint16_t> regs(static_cast<std::size_t>(count));
  if (modbus_read_registers(m_impl->ctx, address, count, regs.data()) != count) {
    return m_impl->error("read holding registers");
  }
  return regs;
}

Result<std::vector<std::uint16_t>> ModbusConnection::readInputRegisters(int address, int count) {
  std::vector<std::uint16_t> regs(static_cast<std::size_t>(count));
  if (modbus_read_input_registers(m_impl->ctx, address, count, regs.data()) != count) {
    return m_impl->error("read input registers");
  }
  return regs;
}

Status ModbusConnection::writeCoil(int address, bool on) {
  if (modbus_write_bit(m_impl->ctx, address, on ? 1 : 0) != 1) return m_impl->error("write coil");
  return {};
}

Status ModbusConnection::writeCoils(int address, const std::vector<bool>& values) {
  std::vector<std::uint8_t> bits;
  for (bool v : values) bits.push_back(v ? 1 : 0);
  const int n = static_cast<int>(bits.size());
  if (modbus_write_bits(m_impl->ctx, address, n, bits.data()) != n) return m_impl->error("write coils");
  return {};
}

Status ModbusConnection::writeRegister(int address, std::uint16_t value) {
  if (modbus_write_register(m_impl->ctx, address, value) != 1) return m_impl->error("write register");
  return {};
}

Status ModbusConnection::writeRegisters(int address, const std::vector<std::uint16_t>& values) {
  const int n = static_cast<int>(values.size());
  if (modbus_write_registers(m_impl->ctx, address, n, values.data()) != n) return m_impl->error("write registers");
  return {};
}

} // namespace lasis::modbus
