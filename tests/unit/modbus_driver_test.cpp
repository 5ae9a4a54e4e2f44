// The libmodbus wrapper: URL parsing, error mapping, and the I/O module worker against a real
// Modbus server on 127.0.0.1 (libmodbus on both ends), including the module going away.
#include "drivers/modbus/iomodule.h"
#include "drivers/modbus/modbusconnection.h"
#include "drivers/modbus/modbusserver.h"
#include "drivers/modbus/modbusurl.h"
#include "tests/unit/childprocess.h"
#include "tests/unit/rawtcpclient.h"

#include <gtest/gtest.h>
#include <modbus/modbus.h>

#include <atomic>
#include <cerrno>

using namespace lasis;
using namespace lasis::modbus;
using namespace std::chrono_literals;

TEST(ModbusUrl, TcpWithUnit) {
  auto u = parseModbusUrl("modbus-tcp://10.0.0.5:502?unit=3");
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_EQ(u->transport, ModbusUrl::Transport::tcp);
  EXPECT_EQ(u->host, "10.0.0.5");
  EXPECT_EQ(u->port, 502);
  EXPECT_EQ(u->unit, 3);
  EXPECT_EQ(*parseModbusUrl(u->text()), *u);
}

TEST(ModbusUrl, TcpDefaultsAndIpv6) {
  auto u = parseModbusUrl("modbus-tcp://gate-io.local");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->port, 502);
  EXPECT_EQ(u->unit, 1);
  auto v6 = parseModbusUrl("modbus-tcp://[::1]:1502");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 1502);
}

TEST(ModbusUrl, RtuWithSerialSettings) {
  auto u = parseModbusUrl("modbus-rtu:///dev/ttyS1?baud=19200&unit=1&parity=E&stop=2");
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_EQ(u->transport, ModbusUrl::Transport::rtu);
  EXPECT_EQ(u->device, "/dev/ttyS1");
  EXPECT_EQ(u->baud, 19200);
  EXPECT_EQ(u->parity, 'E');
  EXPECT_EQ(u->stopBits, 2);
  EXPECT_EQ(*parseModbusUrl(u->text()), *u);
}

TEST(ModbusUrl, MistakesAreNamed) {
  auto expectError = [](const char* url, const char* words) {
    auto u = parseModbusUrl(url);
    ASSERT_FALSE(u) << url;
    EXPECT_TRUE(u.error().is(Errc::invalidArgument));
    EXPECT_NE(u.error().message().find(words), std::string::npos) << u.error().message();
  };
  expectError("modbus-udp://x:1", "unknown scheme");
  expectError("modbus-tcp://:502", "missing host");
  expectError("modbus-tcp://h:70000", "port");
  expectError("modbus-tcp://h:502?unit=300", "unit");
  expectError("modbus-tcp://h:502?baud=9600", "unknown option 'baud'");
  expectError("modbus-rtu://ttyS1", "device path");
  expectError("modbus-rtu:///dev/ttyS1?parity=X", "parity");
  expectError("modbus-rtu:///dev/ttyS1?baud=fast", "baud");
  expectError("modbus-tcp://h:502?unit", "no value");
}

TEST(ModbusErrors, LibmodbusErrnoMapsToOurCodes) {
  EXPECT_EQ(errcOfModbus(ETIMEDOUT), Errc::timeout);
  EXPECT_EQ(errcOfModbus(ECONNREFUSED), Errc::unavailable);
  EXPECT_EQ(errcOfModbus(ECONNRESET), Errc::disconnected);
  EXPECT_EQ(errcOfModbus(EMBBADCRC), Errc::checksum);
  EXPECT_EQ(errcOfModbus(EMBXILADD), Errc::refused);
  EXPECT_EQ(errcOfModbus(EMBXSBUSY), Errc::busy);
  EXPECT_EQ(errcOfModbus(EMBBADDATA), Errc::parse);
  EXPECT_NE(modbusError(EMBXILFUN, "write").message().find("write: "), std::string::npos);
}

TEST(ModbusConnection, ExceptionsAndRefusedConnectionsAreClearErrors) {
  auto server = ModbusServer::start("127.0.0.1", 0, {3, 4, 0, 0}, {}, nullLogger());
  ASSERT_TRUE(server);
  const auto port = (*server)->port();
  auto url = *parseModbusUrl("modbus-tcp://127.0.0.1:" + std::to_string(port));
  auto c = ModbusConnection::open(url);
  ASSERT_TRUE(c) << c.error().message();
  ASSERT_TRUE(c->writeCoils(0, {true, false, true}));
  auto coils = c->readCoils(0, 3);
  ASSERT_TRUE(coils);
  EXPECT_EQ(*coils, (std::vector<bool>{true, false, true}));
  // Coil 7 does not exist on this module: a Modbus exception, reported as refused.
  auto bad = c->writeCoil(7, true);
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().is(Errc::refused)) << bad.error().describe();
  server->reset();
  auto none = ModbusConnection::open(url);
  ASSERT_FALSE(none);
  EXPECT_TRUE(none.error().is(Errc::unavailable)) << none.error().describe();
}

// The worker writes the wanted coils at once, samples the inputs, reports the module's loss,
// reconnects with back-off and rewrites the coils when it is back.
TEST(IoModule, DrivesCoilsReadsInputsAndSurvivesTheModuleGoingAway) {
  auto started = ModbusServer::start("127.0.0.1", 0, {3, 4, 0, 0}, {}, nullLogger());
  ASSERT_TRUE(started);
  auto& server = *started;
  std::atomic<int> faults{0}, recoveries{0};
  std::atomic<bool> beamA{false};
  IoModule::Options o;
  o.url = *parseModbusUrl("modbus-tcp://127.0.0.1:" + std::to_string(server->port()));
  o.poll = 5ms;
  o.backoffMin = 20ms;
  o.backoffMax = 200ms;
  IoModule::Callbacks cb;
  cb.inputs = [&](const IoInputs& in) { beamA = in.beamA; };
  cb.fault = [&](const Error&) { ++faults; };
  cb.recovered = [&] { ++recoveries; };
  IoModule module(o, cb, nullLogger());
  auto coil = [&](int i) {
    bool v = false;
    server->access([&](ServerData& d) { v = d.coils[static_cast<std::size_t>(i)] != 0; });
    return v;
  };
  module.setOutputs({true, true, true});
  ASSERT_TRUE(test::eventually([&] { return coil(0) && coil(1) && coil(2); }));
  server->access([](ServerData& d) { d.discreteInputs[0] = 1; });
  ASSERT_TRUE(test::eventually([&] { return beamA.load(); }));

  ASSERT_TRUE(server->setOnline(false));
  ASSERT_TRUE(test::eventually([&] { return faults == 1 && !module.connected(); }));
  // The module "restarts" with its outputs off; the gate must put them back.
  server->access([](ServerData& d) { std::fill(d.coils.begin(), d.coils.end(), 0); });
  ASSERT_TRUE(server->setOnline(true));
  ASSERT_TRUE(test::eventually([&] { return module.connected() && coil(0) && coil(2); }));
  EXPECT_EQ(faults, 1) << "one fault per outage, not one per retry";
  EXPECT_GE(recoveries, 2);
  module.stop();
  EXPECT_FALSE(coil(0) || coil(1) || coil(2)) << "stopping leaves the module quiet";
}

// Modbus RTU over a pseudo-terminal: libmodbus's RTU client against our RTU server, with the
// module falling silent (unplugged) and coming back.
TEST(IoModule, WorksOverRtuOnAPty) {
  auto started = ModbusServer::startRtuPty(1, {3, 4, 0, 0}, {}, nullLogger());
  ASSERT_TRUE(started) << started.error().message();
  auto& server = *started;
  ASSERT_FALSE(server->devicePath().empty());
  auto url = parseModbusUrl("modbus-rtu://" + server->devicePath() + "?baud=19200&unit=1");
  ASSERT_TRUE(url) << url.error().message();
  std::atomic<bool> beamB{false};
  std::atomic<int> faults{0};
  IoModule::Options o;
  o.url = *url;
  o.poll = 5ms;
  o.timeout = 200ms;
  o.backoffMin = 20ms;
  o.backoffMax = 100ms;
  IoModule::Callbacks cb;
  cb.inputs = [&](const IoInputs& in) { beamB = in.beamB; };
  cb.fault = [&](const Error&) { ++faults; };
  IoModule module(o, cb, nullLogger());
  auto coil = [&](int i) {
    bool v = false;
    server->access([&](ServerData& d) { v = d.coils[static_cast<std::size_t>(i)] != 0; });
    return v;
  };
  module.setOutputs({true, false, true});
  ASSERT_TRUE(test::eventually([&] { return coil(0) && !coil(1) && coil(2); }));
  server->access([](ServerData& d) { d.discreteInputs[1] = 1; });
  ASSERT_TRUE(test::eventually([&] { return beamB.load(); }));
  ASSERT_TRUE(server->setOnline(false));
  ASSERT_TRUE(test::eventually([&] { return faults.load() == 1; }));
  module.setOutputs({false, true, true});
  ASSERT_TRUE(server->setOnline(true));
  ASSERT_TRUE(test::eventually([&] { return !coil(0) && coil(1) && coil(2); }));
}

// --- The TCP server against clients that stall, misbehave or send what no request can be. ---

namespace {
/// A libmodbus client (independent of our server code) reading input registers 0..2.
bool libmodbusReads(modbus_t* client, std::vector<std::uint16_t> want) {
  std::vector<std::uint16_t> got(want.size());
  return modbus_read_input_registers(client, 0, static_cast<int>(want.size()), got.data()) ==
             static_cast<int>(want.size()) &&
         got == want;
}
struct LibmodbusClient {
  modbus_t* ctx = nullptr;
  explicit LibmodbusClient(std::uint16_t port) {
    ctx = modbus_new_tcp("127.0.0.1", port);
    // Generous: the point is that it is answered at all while others stall, not how fast.
    modbus_set_response_timeout(ctx, 3, 0);
    if (modbus_connect(ctx) != 0) {
      modbus_free(ctx);
      ctx = nullptr;
    }
  }
  ~LibmodbusClient() {
    if (ctx) {
      modbus_close(ctx);
      modbus_free(ctx);
    }
  }
};
std::unique_ptr<ModbusServer> serverWithRegisters() {
  auto s = ModbusServer::start("127.0.0.1", 0, {3, 4, 4, 4}, {}, nullLogger());
  if (!s) return nullptr;
  (*s)->access([](ServerData& d) { d.inputRegisters = {11, 22, 33, 44}; });
  return std::move(*s);
}
} // namespace

// 200 clients each send one byte of a request and stop. A client that was already connected
// (keep-alive) and a new one both still read the registers, and every stalled client is dropped
// once its request deadline has passed; the keep-alive client, idle meanwhile, stays.
TEST(ModbusServerTcp, StalledClientsDelayNobodyAndAreDropped) {
  auto server = serverWithRegisters();
  ASSERT_TRUE(server);
  LibmodbusClient keepAlive(server->port());
  ASSERT_TRUE(keepAlive.ctx);
  ASSERT_TRUE(libmodbusReads(keepAlive.ctx, {11, 22, 33}));

  auto stalled = test::RawTcpClient::stalled(server->port(), 200);
  ASSERT_EQ(stalled.size(), 200u);
  LibmodbusClient fresh(server->port());
  ASSERT_TRUE(fresh.ctx);
  EXPECT_TRUE(libmodbusReads(fresh.ctx, {11, 22, 33})) << modbus_strerror(errno);
  EXPECT_TRUE(libmodbusReads(keepAlive.ctx, {11, 22, 33})) << modbus_strerror(errno);

  int closed = 0;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  for (auto& c : stalled) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    closed += c.closedByServer(std::max(left, 0ms)) ? 1 : 0;
  }
  EXPECT_EQ(closed, 200) << "stalled clients must not hold their connection past the request deadline";
  EXPECT_TRUE(libmodbusReads(keepAlive.ctx, {11, 22, 33})) << "an idle keep-alive client was dropped";
}

// An MBAP header with a protocol id other than 0, or a length no request can have (0, 1, 300),
// costs its sender the connection; everyone else is still answered.
TEST(ModbusServerTcp, BadMbapHeadersCostOnlyTheirConnection) {
  auto server = serverWithRegisters();
  ASSERT_TRUE(server);
  LibmodbusClient other(server->port());
  ASSERT_TRUE(other.ctx);
  const std::vector<std::pair<const char*, std::vector<std::uint8_t>>> bad{
      {"protocol id 1", {0x00, 0x01, 0x00, 0x01, 0x00, 0x06, 0x01, 0x04, 0x00, 0x00, 0x00, 0x01}},
      {"length 0", {0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01}},
      {"length 1", {0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x01}},
      {"length 300", {0x00, 0x04, 0x00, 0x00, 0x01, 0x2C, 0x01, 0x04, 0x00, 0x00, 0x00, 0x01}},
  };
  for (const auto& [what, bytes] : bad) {
    auto c = test::RawTcpClient::connect(server->port());
    ASSERT_TRUE(c);
    ASSERT_TRUE(c->send(bytes));
    EXPECT_TRUE(c->closedByServer(5s)) << what << ": the connection should be dropped";
    EXPECT_TRUE(libmodbusReads(other.ctx, {11, 22, 33})) << what << ": " << modbus_strerror(errno);
  }
}

// No request function has the high bit (it marks exception replies): 0x84 gets exception 01,
// ILLEGAL FUNCTION, as a well-formed ADU (function echoed with the high bit, length 3), the
// transaction and unit ids echoed; the connection stays usable. An unknown function below 0x80
// gets the same exception from libmodbus.
TEST(ModbusServerTcp, HighBitFunctionGetsAWellFormedIllegalFunctionException) {
  auto server = serverWithRegisters();
  ASSERT_TRUE(server);
  auto c = test::RawTcpClient::connect(server->port());
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->send({0x12, 0x34, 0x00, 0x00, 0x00, 0x06, 0x07, 0x84, 0x00, 0x00, 0x00, 0x01}));
  EXPECT_EQ(c->readReply(), (std::vector<std::uint8_t>{0x12, 0x34, 0x00, 0x00, 0x00, 0x03, 0x07, 0x84, 0x01}));
  ASSERT_TRUE(c->send({0x12, 0x35, 0x00, 0x00, 0x00, 0x02, 0x07, 0xFF}));
  EXPECT_EQ(c->readReply(), (std::vector<std::uint8_t>{0x12, 0x35, 0x00, 0x00, 0x00, 0x03, 0x07, 0xFF, 0x01}));
  ASSERT_TRUE(c->send({0x12, 0x36, 0x00, 0x00, 0x00, 0x02, 0x07, 0x41}));
  EXPECT_EQ(c->readReply(), (std::vector<std::uint8_t>{0x12, 0x36, 0x00, 0x00, 0x00, 0x03, 0x07, 0xC1, 0x01}));
  // Read exception status (7): libmodbus knows it but answers nothing; still ILLEGAL FUNCTION.
  ASSERT_TRUE(c->send({0x12, 0x38, 0x00, 0x00, 0x00, 0x02, 0x07, 0x07}));
  EXPECT_EQ(c->readReply(), (std::vector<std::uint8_t>{0x12, 0x38, 0x00, 0x00, 0x00, 0x03, 0x07, 0x87, 0x01}));
  ASSERT_TRUE(c->send({0x12, 0x37, 0x00, 0x00, 0x00, 0x06, 0x07, 0x04, 0x00, 0x01, 0x00, 0x01}));
  EXPECT_EQ(c->readReply(), (std::vector<std::uint8_t>{0x12, 0x37, 0x00, 0x00, 0x00, 0x05, 0x07, 0x04, 0x02, 0x00, 22}));
}

// A write whose PDU is shorter than its function needs (two registers announced, none sent, the
// MBAP length telling the truth about the bytes) is refused with ILLEGAL DATA VALUE and writes
// nothing; the connection stays in step for the next request.
TEST(ModbusServerTcp, RequestShorterThanItsFunctionIsRefused) {
  auto server = serverWithRegisters();
  ASSERT_TRUE(server);
  auto c = test::RawTcpClient::connect(server->port());
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->send({0x00, 0x01, 0x00, 0x00, 0x00, 0x07, 0x01, 0x10, 0x00, 0x00, 0x00, 0x02, 0x04}));
  EXPECT_EQ(c->readReply(), (std::vector<std::uint8_t>{0x00, 0x01, 0x00, 0x00, 0x00, 0x03, 0x01, 0x90, 0x03}));
  std::vector<std::uint16_t> holding;
  server->access([&](ServerData& d) { holding = d.holdingRegisters; });
  EXPECT_EQ(holding, (std::vector<std::uint16_t>{0, 0, 0, 0}));
  ASSERT_TRUE(c->send({0x00, 0x02, 0x00, 0x00, 0x00, 0x06, 0x01, 0x04, 0x00, 0x02, 0x00, 0x01}));
  EXPECT_EQ(c->readReply(), (std::vector<std::uint8_t>{0x00, 0x02, 0x00, 0x00, 0x00, 0x05, 0x01, 0x04, 0x02, 0x00, 33}));
}

// At the connection limit (32 by default) a new client takes the place of the one heard from
// longest ago, so silent connections cannot lock real clients out.
TEST(ModbusServerTcp, ConnectionLimitMakesRoomByDroppingTheLongestSilent) {
  auto server = serverWithRegisters();
  ASSERT_TRUE(server);
  std::vector<test::RawTcpClient> idle;
  for (int i = 0; i < 32; ++i) {
    auto c = test::RawTcpClient::connect(server->port());
    ASSERT_TRUE(c);
    idle.push_back(std::move(*c));
  }
  // The newest of them makes a request, so it is the one heard from most recently.
  ASSERT_TRUE(idle.back().send({0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x01, 0x04, 0x00, 0x00, 0x00, 0x01}));
  ASSERT_EQ(idle.back().readReply().size(), 11u);
  LibmodbusClient fresh(server->port());
  ASSERT_TRUE(fresh.ctx);
  EXPECT_TRUE(libmodbusReads(fresh.ctx, {11, 22, 33})) << modbus_strerror(errno);
  EXPECT_TRUE(idle.front().closedByServer(5s)) << "the longest-silent connection should have made room";
  ASSERT_TRUE(idle.back().send({0x00, 0x02, 0x00, 0x00, 0x00, 0x06, 0x01, 0x04, 0x00, 0x00, 0x00, 0x01}));
  EXPECT_EQ(idle.back().readReply().size(), 11u) << "a recently active client must keep its connection";
}

// A keep-alive client that says nothing is dropped after the idle limit (here shortened).
TEST(ModbusServerTcp, IdleClientsGoAfterTheIdleLimit) {
  ModbusServer::Limits limits;
  limits.idleTimeout = 300ms;
  auto server = ModbusServer::start("127.0.0.1", 0, {3, 4, 4, 4}, {}, nullLogger(), limits);
  ASSERT_TRUE(server);
  auto c = test::RawTcpClient::connect((*server)->port());
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->closedByServer(10s));
}
