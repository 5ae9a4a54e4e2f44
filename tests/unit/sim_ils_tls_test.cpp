// SIP2 over TLS end to end, the way a library runs it: the real `lasis-sim ils` serving sip2s://
// with its own test CA (`--tls-dir`), the real `lasis sip2` client verifying the certificate
// against that CA. A client that does not trust the CA, or speaks plain SIP2 to the TLS port,
// gets a clear error and changes nothing in the library system.
#include "tests/support/childprocess.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

using namespace lasis::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct Run {
  int status = -1;
  std::string out, err;
};

/// `lasis sip2 --ils URL ARGS…`: exit status, stdout and stderr.
Run lasisSip2(const std::string& url, const std::vector<std::string>& args) {
  std::vector<std::string> argv{std::string(LASIS_BIN_DIR) + "/lasis", "sip2", "--ils", url};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess p(argv);
  Run r;
  while (auto l = p.readLine(30s)) r.out += *l + "\n";
  r.status = p.wait(30s).value_or(-1);
  r.err = p.stderrText();
  return r;
}

/// `url` with one query option replaced (or removed when `value` is empty).
std::string withOption(std::string url, const std::string& key, const std::string& value) {
  const auto at = url.find("&" + key + "=");
  if (at != std::string::npos) {
    const auto end = url.find('&', at + 1);
    url.erase(at, end == std::string::npos ? std::string::npos : end - at);
  }
  return value.empty() ? url : url + "&" + key + "=" + value;
}


} // namespace

TEST(SimIlsTls, VerifiedWithTheSimulatorsTestCaAndRefusedWithoutIt) {
  const auto dir = freshTestDir("ils-tls");
  // 1. The simulated ILS makes its test CA and serves sip2s:// signed by it.
  SimDevice ils({simBinary(), "ils", "--tls-dir", (dir / "pki").string()});
  ASSERT_TRUE(ils.ok()) << ils.stderrText();
  const std::string url = ils.field("url");
  EXPECT_TRUE(ils.info().value("tls", false));
  ASSERT_EQ(url.rfind("sip2s://", 0), 0u) << url;
  EXPECT_NE(url.find("@localhost:"), std::string::npos) << "the name the certificate is for: " << url;
  EXPECT_NE(url.find("&ca=" + (dir / "pki" / "ca.pem").string()), std::string::npos) << url;
  struct stat st {};
  ASSERT_EQ(::stat((dir / "pki" / "server.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "the server's private key is its own";

  // 2. A client trusting that CA logs in, and a loan goes through.
  auto status = lasisSip2(url, {"status"});
  ASSERT_EQ(status.status, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("\"online\":true"), std::string::npos) << status.out;
  auto loan = lasisSip2(url, {"checkout", "P100008", "10000001", "--pin", "1234"});
  ASSERT_EQ(loan.status, 0) << loan.out << loan.err;
  EXPECT_NE(loan.out.find("\"ok\":true"), std::string::npos) << loan.out;
  EXPECT_EQ(ils.call({{"cmd", "item"}, {"item", "10000001"}}).value("borrower", ""), "P100008");

  // 3. Trusting only the system's CAs, or another test CA: the handshake is refused, nothing lent.
  SimDevice other({simBinary(), "ils", "--tls-dir", (dir / "other").string()});
  ASSERT_TRUE(other.ok()) << other.stderrText();
  for (const std::string& ca : {std::string(), (dir / "other" / "ca.pem").string()}) {
    auto refused = lasisSip2(withOption(url, "ca", ca) + "&timeout_ms=2000",
                             {"checkout", "P100008", "10000010", "--pin", "1234"});
    EXPECT_NE(refused.status, 0) << refused.out;
    EXPECT_NE(refused.err.find("TLS handshake"), std::string::npos) << "ca=" << ca << ": " << refused.err;
  }
  // 4. Plain SIP2 to the TLS port: a clear error within the timeout, nothing in clear accepted.
  std::string plain = withOption(url, "ca", "") + "&timeout_ms=1000";
  plain.replace(0, 8, "sip2://");
  auto clear = lasisSip2(plain, {"checkout", "P100008", "10000010", "--pin", "1234"});
  EXPECT_NE(clear.status, 0) << clear.out;
  EXPECT_EQ(ils.call({{"cmd", "item"}, {"item", "10000010"}}).value("borrower", ""), "")
      << "no refused client lent anything";
  const auto counts = ils.call({{"cmd", "checkouts"}});
  EXPECT_EQ(counts["checkouts"].size(), 1u) << counts.dump();
  fs::remove_all(dir);
}

TEST(SimIlsTls, ACertificateWithoutItsKeyIsAClearStartError) {
  const auto dir = freshTestDir("ils-tls-bad");
  SimDevice pki({simBinary(), "ils", "--tls-dir", dir.string()});
  ASSERT_TRUE(pki.ok()) << pki.stderrText();
  pki.stop();
  // The CA's certificate is not the server key's: the simulator says so and does not start.
  ChildProcess bad({simBinary(), "ils", "--tls-cert", (dir / "ca.pem").string(), "--tls-key",
                    (dir / "server.key").string()});
  EXPECT_FALSE(bad.readLine(20s)) << "no ready line";
  EXPECT_EQ(bad.wait(20s), 1);
  EXPECT_NE(bad.stderrText().find("cannot use the TLS key"), std::string::npos) << bad.stderrText();
  fs::remove_all(dir);
}
