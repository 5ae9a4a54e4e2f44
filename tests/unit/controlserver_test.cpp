// The simulator's control channel over a real socket on 127.0.0.1.
#include "simulator/control/controlserver.h"

#include <gtest/gtest.h>

#include <thread>

using namespace lasis;
using namespace lasis::sim;

namespace {
/// Runs a ControlServer on its own thread for the duration of a test.
struct ServerThread {
  boost::asio::io_context io;
  std::unique_ptr<ControlServer> server;
  std::thread thread;
  explicit ServerThread(ControlHandler handler) {
    server = std::make_unique<ControlServer>(io, std::move(handler));
    thread = std::thread([this] { io.run(); });
  }
  ~ServerThread() {
    boost::asio::post(io, [this] { server.reset(); io.stop(); });
    thread.join();
  }
};
} // namespace

TEST(ControlServer, AnswersEachRequestInOrderAndAddsOk) {
  int placed = 0;
  ServerThread s([&](const Json& req) -> Json {
    if (req["cmd"] == "place") return {{"count", ++placed}};
    return {{"ok", false}, {"error", "unknown command"}};
  });
  auto client = ControlClient::connect(s.server->url());
  ASSERT_TRUE(client.ok()) << client.error().message();
  auto r1 = client->call({{"cmd", "place"}});
  auto r2 = client->call({{"cmd", "place"}});
  auto r3 = client->call({{"cmd", "fly"}});
  ASSERT_TRUE(r1.ok() && r2.ok() && r3.ok());
  EXPECT_EQ((*r1)["ok"], true);
  EXPECT_EQ((*r2)["count"], 2);
  EXPECT_EQ((*r3)["ok"], false);
  EXPECT_EQ((*r3)["error"], "unknown command");
}

TEST(ControlServer, MalformedLinesGetAnErrorAndTheConnectionStaysUsable) {
  ServerThread s([](const Json&) -> Json { return Json::object(); });
  auto client = ControlClient::connect(s.server->url());
  ASSERT_TRUE(client.ok());
  auto bad = client->call(Json::array({1, 2}));
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ((*bad)["ok"], false);
  auto good = client->call({{"cmd", "ping"}});
  ASSERT_TRUE(good.ok());
  EXPECT_EQ((*good)["ok"], true);
}

TEST(ControlClient, UnreachableAddressIsAClearError) {
  auto c = ControlClient::connect("tcp://127.0.0.1:1");
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(c.error().is(Errc::unavailable));
}
