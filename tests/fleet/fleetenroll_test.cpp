// `lasis fleet enroll`: what it writes (keys 0600, a device's CN, certificates the CA verifies),
// and what it refuses (bad names and hosts: exit 2; an existing key or a missing CA: exit 1),
// each with a message naming the problem.
#include "tests/support/childprocess.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <sys/stat.h>

using namespace lasis::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Run {
  int rc = -1;
  std::string out, err;
};

Run enroll(const std::vector<std::string>& args) {
  std::vector<std::string> argv{std::string(LASIS_BIN_DIR) + "/lasis", "fleet", "enroll"};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess p(argv);
  Run r;
  while (auto l = p.readLine(30s)) r.out += *l + "\n";
  r.rc = p.wait(30s).value_or(-1);
  r.err = p.stderrText();
  return r;
}

X509* readCert(const fs::path& file) {
  FILE* f = std::fopen(file.c_str(), "r");
  if (!f) return nullptr;
  X509* x = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  return x;
}

std::string commonName(X509* x) {
  char buf[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, buf, sizeof buf);
  return buf;
}

/// `cert` verifies against `ca` for `purpose` (X509_PURPOSE_SSL_CLIENT or _SERVER).
bool verifies(X509* cert, X509* ca, int purpose) {
  X509_STORE* store = X509_STORE_new();
  X509_STORE_add_cert(store, ca);
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(ctx, store, cert, nullptr);
  X509_STORE_CTX_set_purpose(ctx, purpose);
  const bool ok = X509_verify_cert(ctx) == 1;
  X509_STORE_CTX_free(ctx);
  X509_STORE_free(store);
  return ok;
}

mode_t modeOf(const fs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 0777;
}

} // namespace

TEST(FleetEnroll, WritesACaADeviceAServerAndAService) {
  const auto d = freshTestDir("fleet-enroll");
  auto ca = enroll({"ca", "--out", (d / "ca").string(), "--json"});
  ASSERT_EQ(ca.rc, 0) << ca.err;
  const auto caJson = json::parse(ca.out);
  EXPECT_EQ(caJson["key"], (d / "ca" / "ca.key").string());
  EXPECT_EQ(modeOf(d / "ca" / "ca.key"), 0600u);
  auto dev = enroll({"device", "--ca", (d / "ca").string(), "--network", "zt", "--branch", "central", "--device",
                     "gate-2", "--out", (d / "gate-2").string(), "--json"});
  ASSERT_EQ(dev.rc, 0) << dev.err;
  EXPECT_EQ(json::parse(dev.out)["common_name"], "zt/central/gate-2");
  EXPECT_EQ(modeOf(d / "gate-2" / "device.key"), 0600u);
  EXPECT_TRUE(fs::exists(d / "gate-2" / "ca.crt")) << "the directory is all a device needs";
  auto srv = enroll({"server", "--ca", (d / "ca").string(), "--host", "mqtt.example.lv", "--out", (d / "broker").string()});
  ASSERT_EQ(srv.rc, 0) << srv.err;
  auto svc = enroll({"service", "--ca", (d / "ca").string(), "--name", "lasis-fleet", "--out", (d / "fleet").string()});
  ASSERT_EQ(svc.rc, 0) << svc.err;

  X509* caCert = readCert(d / "ca" / "ca.crt");
  X509* devCert = readCert(d / "gate-2" / "device.crt");
  X509* srvCert = readCert(d / "broker" / "server.crt");
  X509* svcCert = readCert(d / "fleet" / "lasis-fleet.crt");
  ASSERT_TRUE(caCert && devCert && srvCert && svcCert);
  EXPECT_EQ(commonName(devCert), "zt/central/gate-2");
  EXPECT_EQ(commonName(svcCert), "lasis-fleet");
  EXPECT_TRUE(verifies(devCert, caCert, X509_PURPOSE_SSL_CLIENT));
  EXPECT_TRUE(verifies(svcCert, caCert, X509_PURPOSE_SSL_CLIENT));
  EXPECT_TRUE(verifies(srvCert, caCert, X509_PURPOSE_SSL_SERVER));
  EXPECT_FALSE(verifies(devCert, caCert, X509_PURPOSE_SSL_SERVER)) << "a device cannot pose as the broker";
  EXPECT_EQ(X509_check_host(srvCert, "mqtt.example.lv", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_host(srvCert, "other.example.lv", 0, 0, nullptr), 0);
  for (X509* x : {caCert, devCert, srvCert, svcCert}) X509_free(x);
  fs::remove_all(d);
}

TEST(FleetEnroll, RefusesBadInputAndNeverOverwrites) {
  const auto d = freshTestDir("fleet-enroll-bad");
  ASSERT_EQ(enroll({"ca", "--out", (d / "ca").string()}).rc, 0);
  const std::vector<std::string> device{"device", "--ca", (d / "ca").string(), "--branch", "central", "--device", "k1", "--out",
                                        (d / "k1").string()};
  auto withNetwork = [&](const std::string& n) {
    auto a = device;
    a.insert(a.end(), {"--network", n});
    return enroll(a);
  };
  for (const std::string bad : {"Zt", "z/t", "z+", "#", ""}) {
    auto r = withNetwork(bad);
    EXPECT_EQ(r.rc, 2) << bad;
    EXPECT_NE(r.err.find("--network"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(d / "k1" / "device.key")) << "nothing written for bad input";
  auto first = withNetwork("zt");
  ASSERT_EQ(first.rc, 0) << first.err;
  auto again = withNetwork("zt");
  EXPECT_EQ(again.rc, 1);
  EXPECT_NE(again.err.find("exists"), std::string::npos) << again.err;
  auto ca2 = enroll({"ca", "--out", (d / "ca").string()});
  EXPECT_EQ(ca2.rc, 1);
  EXPECT_NE(ca2.err.find("already holds a CA"), std::string::npos) << ca2.err;
  auto noCa = enroll({"device", "--ca", (d / "nowhere").string(), "--network", "zt", "--branch", "b", "--device", "k2",
                      "--out", (d / "k2").string()});
  EXPECT_EQ(noCa.rc, 1);
  EXPECT_NE(noCa.err.find("ca.key"), std::string::npos) << noCa.err;
  auto host = enroll({"server", "--ca", (d / "ca").string(), "--host", "bad host", "--out", (d / "srv").string()});
  EXPECT_EQ(host.rc, 2);
  EXPECT_NE(host.err.find("--host"), std::string::npos) << host.err;
  auto svc = enroll({"service", "--ca", (d / "ca").string(), "--name", "zt/central/k1", "--out", (d / "svc").string()});
  EXPECT_EQ(svc.rc, 2) << "a service name that looks like a device's CN";
  fs::remove_all(d);
}
