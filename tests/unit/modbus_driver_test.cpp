// The libmodbus wrapper: URL parsing, error mapping, and the I/O module worker against a real
// Modbus server on 127.0.0.1 (libmodbus on both ends), including the module going away.
#include "drivers/modbus/iomodule.h"
#include "drivers/modbus/modbusconnection.h"
#include "drivers/modbus/modbusserver.h"
#include "drivers/modbus/modbusurl.h"
#include "tests/unit/childprocess.h"

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
