// Where `lasis gate status|ack --modbus ADDRESS` connect: the gate's status server listens on
// 1502 by default, so an address without a port means 1502; an explicit port is kept.
#include "tools/lasis/gateaddress.h"

#include <gtest/gtest.h>

using namespace lasis;
using lasis::cli::parseGateStatusAddress;

TEST(GateStatusAddress, ABareHostMeansTheGatesDefaultPort1502) {
  for (const char* text : {"10.0.0.7", "modbus-tcp://10.0.0.7", "modbus-tcp://10.0.0.7/", "10.0.0.7?unit=3"}) {
    auto u = parseGateStatusAddress(text);
    ASSERT_TRUE(u.ok()) << text << ": " << u.error().describe();
    EXPECT_EQ(u->host, "10.0.0.7") << text;
    EXPECT_EQ(u->port, 1502) << text;
  }
  auto v6 = parseGateStatusAddress("[fd00::7]");
  ASSERT_TRUE(v6.ok()) << v6.error().describe();
  EXPECT_EQ(v6->host, "fd00::7");
  EXPECT_EQ(v6->port, 1502);
}

TEST(GateStatusAddress, AnExplicitPortIsKeptEven502) {
  struct Case {
    const char* text;
    const char* host;
    int port;
  };
  for (auto c : {Case{"10.0.0.7:1502", "10.0.0.7", 1502}, Case{"10.0.0.7:502", "10.0.0.7", 502},
                 Case{"gate.local:15020", "gate.local", 15020}, Case{"modbus-tcp://127.0.0.1:502?unit=2", "127.0.0.1", 502},
                 Case{"[::1]:1600", "::1", 1600}}) {
    auto u = parseGateStatusAddress(c.text);
    ASSERT_TRUE(u.ok()) << c.text << ": " << u.error().describe();
    EXPECT_EQ(u->host, c.host) << c.text;
    EXPECT_EQ(u->port, c.port) << c.text;
  }
  auto unit = parseGateStatusAddress("modbus-tcp://127.0.0.1:502?unit=2");
  ASSERT_TRUE(unit.ok());
  EXPECT_EQ(unit->unit, 2);
}

TEST(GateStatusAddress, BadAddressesAreRefusedNamingThePart) {
  for (const char* text : {"", "10.0.0.7:0", "10.0.0.7:99999", "10.0.0.7:abc", "modbus-rtu:///dev/ttyS1"}) {
    auto u = parseGateStatusAddress(text);
    EXPECT_FALSE(u.ok()) << text << " parsed as " << (u.ok() ? u->text() : "");
  }
}
