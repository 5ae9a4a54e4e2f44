// Black-box: the real `lasis sip2` binary against the real `lasis-sim ils` binary (Koha dialect,
// CRLF) on 127.0.0.1 — the technician's view of the whole SIP2 path. Children stopped by PID.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

struct Run {
  int status = -1;
  std::string out;
};

Run lasisSip2(const std::string& url, const std::string& args) {
  const std::string cmd = std::string(LASIS_BIN_DIR) + "/lasis sip2 --ils '" + url + "' " + args + " 2>/dev/null";
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, p)) r.out.append(buf, n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

json reply(const Run& r) {
  EXPECT_EQ(r.status, 0) << r.out;
  auto j = json::parse(r.out, nullptr, false);
  EXPECT_TRUE(j.is_object()) << r.out;
  return j.is_object() ? j : json::object();
}

/// `lasis-sim ils` in the background; its ready line read with a deadline; stopped by PID.
struct SimIls {
  pid_t pid = 0;
  json ready;
  explicit SimIls(const char* profile, const char* charset = nullptr) {
    const std::string bin = LASIS_BIN_DIR "/lasis-sim";
    int out[2];
    if (::pipe(out) != 0) return;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    const char* argv[] = {bin.c_str(), "ils", "--port", "0", "--profile", profile,
                          charset ? "--charset" : nullptr, charset, nullptr};
    if (posix_spawn(&pid, bin.c_str(), &fa, nullptr, const_cast<char**>(argv), environ) != 0) pid = 0;
    posix_spawn_file_actions_destroy(&fa);
    ::close(out[1]);
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (pid > 0 && line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{out[0], POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char buf[512];
      const auto n = ::read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    ready = json::parse(line.substr(0, line.find('\n')), nullptr, false);
  }
  void stop() {
    if (pid <= 0) return;
    ::kill(pid, SIGTERM);
    for (int i = 0; i < 50 && ::waitpid(pid, nullptr, WNOHANG) == 0; ++i) std::this_thread::sleep_for(100ms);
    if (::waitpid(pid, nullptr, WNOHANG) == 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
    pid = 0;
  }
  ~SimIls() { stop(); }
};

} // namespace

TEST(LasisSip2AgainstSimIls, TechnicianSessionInTheKohaDialect) {
  SimIls sim("koha");
  ASSERT_TRUE(sim.ready.is_object() && sim.ready.contains("url")) << sim.ready.dump();
  const std::string url = sim.ready["url"].get<std::string>() + "&location=LV-00001&timeout_ms=3000";

  EXPECT_EQ(reply(lasisSip2(url, "status"))["ok"], true);

  auto anna = reply(lasisSip2(url, "patron P100001 --pin 1234"));
  EXPECT_EQ(anna["valid_patron"], true);
  EXPECT_EQ(anna["valid_pin"], true);
  EXPECT_EQ(anna["patron_name"], "Anna Bērziņa");  // UTF-8 end to end
  auto wrong = reply(lasisSip2(url, "patron P100001 --pin 9999"));
  EXPECT_EQ(wrong["ok"], false);
  EXPECT_EQ(wrong["valid_pin"], false);

  auto out = reply(lasisSip2(url, "checkout P100008 10000001 --pin 1234"));
  EXPECT_EQ(out["ok"], true) << out.dump();
  EXPECT_TRUE(out.contains("due_date_iso")) << out.dump();
  EXPECT_FALSE(out["title"].get<std::string>().empty());
  auto item = reply(lasisSip2(url, "item 10000001"));
  EXPECT_EQ(item["circulation_status"], "04");

  auto overFines = reply(lasisSip2(url, "checkout P100004 10000010 --pin 1234"));
  EXPECT_EQ(overFines["ok"], false) << "refused by the ILS is still exit 0: " << overFines.dump();

  auto in = reply(lasisSip2(url, "checkin 10000001"));
  EXPECT_EQ(in["ok"], true);
  EXPECT_EQ(reply(lasisSip2(url, "item 10000001"))["circulation_status"], "03");
  EXPECT_EQ(reply(lasisSip2(url, "end P100008"))["ok"], true);

  sim.stop();
  auto down = lasisSip2(url, "status");
  EXPECT_NE(down.status, 0) << "an unreachable ILS is a non-zero exit";
  EXPECT_TRUE(down.out.empty());
}

namespace {

/// The URL without one query option (`&key=value`), so a test can give it on the command line.
std::string without(std::string url, const std::string& key) {
  const auto at = url.find("&" + key + "=");
  if (at == std::string::npos) return url;
  const auto end = url.find('&', at + 1);
  url.erase(at, end == std::string::npos ? std::string::npos : end - at);
  return url;
}

} // namespace

// Issue 22: the simulated ILS speaks WINDOWS-1257 on the wire; `lasis sip2 --charset` with the
// same page shows Latvian and Lithuanian text as it is.
TEST(LasisSip2AgainstSimIls, Windows1257TitlesAndNamesWithCharsetOption) {
  SimIls sim("koha", "WINDOWS-1257");
  ASSERT_TRUE(sim.ready.is_object() && sim.ready.contains("url")) << sim.ready.dump();
  const std::string printed = sim.ready["url"].get<std::string>() + "&location=LV-00001&timeout_ms=3000";
  EXPECT_NE(printed.find("charset=WINDOWS-1257"), std::string::npos) << printed;
  const std::string url = without(printed, "charset");

  auto lv = reply(lasisSip2(url, "--charset WINDOWS-1257 item 10000001"));
  EXPECT_EQ(lv["title"], "Baltā grāmata") << lv.dump();
  auto lt = reply(lasisSip2(url, "--charset WINDOWS-1257 item 10000201"));
  EXPECT_EQ(lt["title"], "Altorių šešėly") << lt.dump();
  auto ruta = reply(lasisSip2(url, "--charset WINDOWS-1257 patron P100006 --pin 1234"));
  EXPECT_EQ(ruta["patron_name"], "Rūta Kazlauskaitė");
  EXPECT_EQ(ruta["valid_pin"], true) << ruta.dump();
  // The printed URL carries the page itself.
  EXPECT_EQ(reply(lasisSip2(printed, "item 10000001"))["title"], "Baltā grāmata");
  // A client that expects UTF-8 cannot read these bytes as the title: the wire really is 1257.
  auto utf8 = lasisSip2(url, "item 10000001");
  EXPECT_TRUE(utf8.status != 0 || utf8.out.find("Baltā grāmata") == std::string::npos) << utf8.out;
}

// The same in WINDOWS-1251 with Ukrainian text, the profile given on the command line too.
TEST(LasisSip2AgainstSimIls, Windows1251UkrainianTitlesWithProfileAndCharsetOptions) {
  SimIls sim("evergreen", "WINDOWS-1251");
  ASSERT_TRUE(sim.ready.is_object() && sim.ready.contains("url")) << sim.ready.dump();
  const std::string url = without(without(sim.ready["url"].get<std::string>(), "charset"), "profile") +
                          "&location=LV-00001&timeout_ms=3000";
  const std::string opts = "--profile evergreen --charset WINDOWS-1251 ";
  auto kobzar = reply(lasisSip2(url, opts + "item 10000238"));
  EXPECT_EQ(kobzar["title"], "Кобзар") << kobzar.dump();
  auto song = reply(lasisSip2(url, opts + "item 10000242"));
  EXPECT_EQ(song["title"], "Лісова пісня") << song.dump();
  auto olena = reply(lasisSip2(url, opts + "patron P100007 --pin 4321"));
  EXPECT_EQ(olena["patron_name"], "Олена Шевченко");
  EXPECT_EQ(olena["valid_pin"], true) << olena.dump();
  auto out = reply(lasisSip2(url, opts + "checkout P100007 10000242 --pin 4321"));
  EXPECT_EQ(out["ok"], true) << out.dump();
  EXPECT_EQ(out["title"], "Лісова пісня");
  EXPECT_EQ(reply(lasisSip2(url, opts + "checkin 10000242"))["ok"], true);
  // An unknown page is a clear error naming it, before anything is sent.
  auto bad = lasisSip2(url, "--charset KLINGON-8 status");
  EXPECT_NE(bad.status, 0);
}

// Every patron command takes --pin, in the Evergreen dialect (which used to send an empty AD):
// the PIN is checked when given, and without one no AD is sent and the command still works.
TEST(LasisSip2AgainstSimIls, EveryPatronCommandTakesPinInTheEvergreenDialect) {
  SimIls sim("evergreen");
  ASSERT_TRUE(sim.ready.is_object() && sim.ready.contains("url")) << sim.ready.dump();
  const std::string url = sim.ready["url"].get<std::string>() + "&location=LV-00001&timeout_ms=3000";

  EXPECT_EQ(reply(lasisSip2(url, "hold P100008 10000010 --pickup LV-00001 --pin 9999"))["ok"], false);
  auto hold = reply(lasisSip2(url, "hold P100008 10000010 --pickup LV-00001 --pin 1234"));
  EXPECT_EQ(hold["ok"], true) << hold.dump();
  EXPECT_EQ(reply(lasisSip2(url, "cancel-hold P100008 10000010 --pin 9999"))["ok"], false);
  EXPECT_EQ(reply(lasisSip2(url, "cancel-hold P100008 10000010 --pin 1234"))["ok"], true);
  // A card-only patron (no PIN): no AD at all, and the server does not take it for a wrong one.
  EXPECT_EQ(reply(lasisSip2(url, "hold P100008 10000010 --pickup LV-00001"))["ok"], true);
  EXPECT_EQ(reply(lasisSip2(url, "cancel-hold P100008 10000010"))["ok"], true);

  EXPECT_EQ(reply(lasisSip2(url, "renew P100001 10000002 --pin 9999"))["ok"], false);
  auto renew = reply(lasisSip2(url, "renew P100001 10000002 --pin 1234"));
  EXPECT_EQ(renew["ok"], true) << renew.dump();
  EXPECT_EQ(reply(lasisSip2(url, "renew P100001 10000002"))["ok"], true);
  EXPECT_EQ(reply(lasisSip2(url, "renew-all P100001 --pin 9999"))["ok"], false);
  auto all = lasisSip2(url, "renew-all P100001 --pin 1234");
  EXPECT_EQ(all.status, 0) << all.out;
  EXPECT_EQ(reply(lasisSip2(url, "pay P100003 1.00 --pin 1234"))["ok"], true);
  EXPECT_EQ(reply(lasisSip2(url, "end P100001 --pin 1234"))["ok"], true);
  EXPECT_EQ(reply(lasisSip2(url, "end P100001"))["ok"], true);
}
