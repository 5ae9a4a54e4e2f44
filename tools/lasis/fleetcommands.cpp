// lasis fleet enroll ca|device|server|service: the network's certificates for the fleet link
// (issue 23), made with OpenSSL 3 in-process (no `openssl` command). Keys are EC P-256, written
// 0600 and never overwritten. A device's certificate has CN "<network>/<branch>/<device>": the
// broker takes it as the username (use_identity_as_username) and the ACL's %u patterns expand it
// to the device's own subtree (deploy/mosquitto/lasis.acl, docs/fleet.md).
#include "tools/lasis/commands.h"

#include "common/fleet/fleetconfig.h"

#include <nlohmann/json.hpp>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace lasis::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct KeyFree { void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); } };
struct CertFree { void operator()(X509* x) const { X509_free(x); } };
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

/// OpenSSL's last error, in its words.
std::string sslError() {
  const unsigned long e = ERR_get_error();
  if (e == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return buf;
}

/// A usage problem (exit 2) or a failure (exit 1), said on stderr.
struct Problem {
  int code;
  std::string message;
};

Key newKey() { return Key(EVP_EC_gen("P-256")); }

std::optional<Problem> writePem(const fs::path& file, mode_t mode, const std::function<int(FILE*)>& write) {
  // O_EXCL: an enrolment never replaces a key or certificate in place.
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) return Problem{1, file.string() + " exists: move it away first (enroll never overwrites)"};
    return Problem{1, "cannot create " + file.string() + ": " + std::strerror(errno)};
  }
  ::fchmod(fd, mode);  // whatever the umask
  FILE* f = ::fdopen(fd, "w");
  if (!f) {
    ::close(fd);
    return Problem{1, "cannot write " + file.string()};
  }
  const int ok = write(f);
  const bool closed = std::fclose(f) == 0;
  if (ok != 1 || !closed) {
    fs::remove(file);
    return Problem{1, "cannot write " + file.string() + ": " + sslError()};
  }
  return std::nullopt;
}

std::optional<Problem> writeKey(const fs::path& file, EVP_PKEY* key) {
  return writePem(file, 0600, [key](FILE* f) { return PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr); });
}
std::optional<Problem> writeCert(const fs::path& file, X509* cert) {
  return writePem(file, 0644, [cert](FILE* f) { return PEM_write_X509(f, cert); });
}

bool addExt(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (!ext) return false;
  const int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  return ok == 1;
}

/// A certificate for `key` with CN `cn`, signed by (issuer, issuerKey), or self-signed when
/// issuer is null. `exts`: (nid, value) after the subject's name is set.
Result<Cert> makeCert(EVP_PKEY* key, const std::string& cn, X509* issuer, EVP_PKEY* issuerKey, int days,
                      const std::vector<std::pair<int, std::string>>& exts) {
  Cert cert(X509_new());
  if (!cert) return fail(Errc::noSpace, sslError());
  X509_set_version(cert.get(), 2);  // v3
  // A random 127-bit serial (RFC 5280: positive, at most 20 octets, unpredictable).
  BIGNUM* bn = BN_new();
  BN_rand(bn, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);  // an hour's grace for a clock a little behind
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(days) * 86400);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("Lasis fleet"), -1, -1, 0);
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1,
                                 0) != 1)
    return fail(Errc::invalidArgument, "common name '" + cn + "': " + sslError());
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
  X509* iss = issuer ? issuer : cert.get();
  if (!addExt(cert.get(), iss, NID_subject_key_identifier, "hash")) return fail(Errc::internal, sslError());
  if (!addExt(cert.get(), iss, NID_authority_key_identifier, "keyid:always")) return fail(Errc::internal, sslError());
  for (const auto& [nid, value] : exts) {
    if (!addExt(cert.get(), iss, nid, value)) return fail(Errc::invalidArgument, value + ": " + sslError());
  }
  if (X509_sign(cert.get(), issuerKey ? issuerKey : key, EVP_sha256()) == 0) return fail(Errc::internal, sslError());
  return cert;
}

struct Ca {
  Key key;
  Cert cert;
};

std::variant<Ca, Problem> loadCa(const fs::path& dir) {
  Ca ca;
  const auto keyFile = dir / "ca.key";
  const auto certFile = dir / "ca.crt";
  FILE* f = std::fopen(keyFile.c_str(), "r");
  if (!f) return Problem{1, "cannot read " + keyFile.string() + ": " + std::strerror(errno) + " (make it with: lasis fleet enroll ca --out DIR)"};
  ca.key.reset(PEM_read_PrivateKey(f, nullptr, nullptr, nullptr));
  std::fclose(f);
  if (!ca.key) return Problem{1, keyFile.string() + " is not a PEM private key: " + sslError()};
  f = std::fopen(certFile.c_str(), "r");
  if (!f) return Problem{1, "cannot read " + certFile.string() + ": " + std::strerror(errno)};
  ca.cert.reset(PEM_read_X509(f, nullptr, nullptr, nullptr));
  std::fclose(f);
  if (!ca.cert) return Problem{1, certFile.string() + " is not a PEM certificate: " + sslError()};
  if (X509_check_private_key(ca.cert.get(), ca.key.get()) != 1) {
    ERR_clear_error();
    return Problem{1, keyFile.string() + " is not the key of " + certFile.string()};
  }
  return ca;
}

std::optional<Problem> makeOutDir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Problem{1, "cannot create " + dir.string() + ": " + ec.message()};
  return std::nullopt;
}

/// The CA's certificate copied beside the new one, so the directory is all a device needs.
std::optional<Problem> copyCaCert(const fs::path& caDir, const fs::path& out) {
  std::error_code ec;
  if (fs::equivalent(caDir / "ca.crt", out / "ca.crt", ec)) return std::nullopt;
  if (fs::exists(out / "ca.crt")) return std::nullopt;  // the same network's, from an earlier enrolment
  fs::copy_file(caDir / "ca.crt", out / "ca.crt", ec);
  if (ec) return Problem{1, "cannot copy ca.crt to " + out.string() + ": " + ec.message()};
  return std::nullopt;
}

/// A leaf (device, server or service): key + certificate signed by the CA in caDir.
std::variant<json, Problem> enrollLeaf(const fs::path& caDir, const fs::path& out, const std::string& base,
                                       const std::string& cn, int days,
                                       const std::vector<std::pair<int, std::string>>& exts) {
  auto loaded = loadCa(caDir);
  if (auto* p = std::get_if<Problem>(&loaded)) return *p;
  auto& ca = std::get<Ca>(loaded);
  if (auto p = makeOutDir(out)) return *p;
  const auto keyFile = out / (base + ".key");
  const auto certFile = out / (base + ".crt");
  if (fs::exists(certFile)) return Problem{1, certFile.string() + " exists: move it away first (enroll never overwrites)"};
  Key key = newKey();
  if (!key) return Problem{1, "cannot make a key: " + sslError()};
  std::vector<std::pair<int, std::string>> all = {{NID_basic_constraints, "critical,CA:FALSE"},
                                                  {NID_key_usage, "critical,digitalSignature,keyAgreement"}};
  all.insert(all.end(), exts.begin(), exts.end());
  auto cert = makeCert(key.get(), cn, ca.cert.get(), ca.key.get(), days, all);
  if (!cert) return Problem{1, cert.error().message()};
  if (auto p = writeKey(keyFile, key.get())) return *p;
  if (auto p = writeCert(certFile, cert->get())) {
    fs::remove(keyFile);
    return *p;
  }
  if (auto p = copyCaCert(caDir, out)) return *p;
  return json{{"common_name", cn}, {"key", fs::absolute(keyFile).string()}, {"cert", fs::absolute(certFile).string()},
              {"ca_cert", fs::absolute(out / "ca.crt").string()}};
}

std::variant<json, Problem> enrollCa(const fs::path& out, const std::string& name, int days) {
  if (auto p = makeOutDir(out)) return *p;
  const auto keyFile = out / "ca.key";
  const auto certFile = out / "ca.crt";
  if (fs::exists(keyFile) || fs::exists(certFile))
    return Problem{1, out.string() + " already holds a CA (ca.key, ca.crt): a network has one CA; move it away first"};
  Key key = newKey();
  if (!key) return Problem{1, "cannot make a key: " + sslError()};
  auto cert = makeCert(key.get(), name, nullptr, nullptr, days,
                       {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"}, {NID_key_usage, "critical,keyCertSign,cRLSign"}});
  if (!cert) return Problem{1, cert.error().message()};
  if (auto p = writeKey(keyFile, key.get())) return *p;
  if (auto p = writeCert(certFile, cert->get())) {
    fs::remove(keyFile);
    return *p;
  }
  return json{{"common_name", name}, {"key", fs::absolute(keyFile).string()}, {"cert", fs::absolute(certFile).string()}};
}

bool validHost(const std::string& h) {
  if (h.empty() || h.size() > 253) return false;
  for (char c : h) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != ':') return false;
  }
  return true;
}

struct Options {
  std::string out, ca, network, branch, device, host, name = "Lasis fleet CA";
  int days = 0;
  bool asJson = false;
};

void finish(const std::string& what, std::variant<json, Problem> r, bool asJson, int& exitCode) {
  if (auto* p = std::get_if<Problem>(&r)) {
    std::fprintf(stderr, "lasis fleet enroll %s: %s\n", what.c_str(), p->message.c_str());
    exitCode = p->code;
    return;
  }
  const auto& j = std::get<json>(r);
  if (asJson) {
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    std::printf("%s  %s\n", j["cert"].get<std::string>().c_str(), j["common_name"].get<std::string>().c_str());
    std::printf("%s  (key, 0600: keep it on this machine)\n", j["key"].get<std::string>().c_str());
  }
  exitCode = 0;
}

} // namespace

void addFleetCommands(CLI::App& app, int& exitCode) {
  auto* fleet = app.add_subcommand("fleet", "The library network's fleet: certificates for its MQTT broker and devices, signed commands and configuration");
  fleet->require_subcommand(1);
  auto* enroll = fleet->add_subcommand("enroll", "Make the network's CA, a device's, the broker's or a service's key and certificate");
  enroll->require_subcommand(1);
  auto o = std::make_shared<Options>();
  auto jsonFlag = [o](CLI::App* c) { c->add_flag("--json", o->asJson, "print the written paths as JSON"); };

  auto* ca = enroll->add_subcommand("ca", "Make the network's CA (ca.key 0600, ca.crt) in DIR, once per network\n"
                                          "  e.g. lasis fleet enroll ca --out /root/lasis-ca");
  ca->add_option("--out", o->out, "directory to write ca.key and ca.crt into")->required();
  ca->add_option("--name", o->name, "the CA's common name")->capture_default_str();
  ca->add_option("--days", o->days, "validity in days (default 3650)");
  jsonFlag(ca);
  ca->callback([o, &exitCode] {
    if (o->name.empty()) {
      std::fprintf(stderr, "lasis fleet enroll ca: --name must not be empty\n");
      exitCode = 2;
      return;
    }
    finish("ca", enrollCa(o->out, o->name, o->days > 0 ? o->days : 3650), o->asJson, exitCode);
  });

  auto* device = enroll->add_subcommand(
      "device", "Make a device's key and certificate (CN network/branch/device), signed by the CA in --ca\n"
                "  e.g. lasis fleet enroll device --ca /root/lasis-ca --network zt --branch central --device kiosk-1 --out DIR");
  device->add_option("--ca", o->ca, "the CA's directory (ca.key, ca.crt)")->required();
  device->add_option("--network", o->network, "network name ([a-z0-9-], as [fleet] network)")->required();
  device->add_option("--branch", o->branch, "branch name ([a-z0-9-], as [fleet] branch)")->required();
  device->add_option("--device", o->device, "device name ([a-z0-9-], as [fleet] device)")->required();
  device->add_option("--out", o->out, "directory to write device.key, device.crt and ca.crt into")->required();
  device->add_option("--days", o->days, "validity in days (default 1825)");
  jsonFlag(device);
  device->callback([o, &exitCode] {
    for (auto [flag, value] : {std::pair{"--network", &o->network}, std::pair{"--branch", &o->branch},
                               std::pair{"--device", &o->device}}) {
      if (!fleet::isValidName(*value)) {
        std::fprintf(stderr, "lasis fleet enroll device: %s '%s' must be 1 to 32 of a-z, 0-9 and '-'\n", flag,
                     value->c_str());
        exitCode = 2;
        return;
      }
    }
    const fleet::Identity id{o->network, o->branch, o->device};
    finish("device",
           enrollLeaf(o->ca, o->out, "device", fleet::commonNameOf(id), o->days > 0 ? o->days : 1825,
                      {{NID_ext_key_usage, "clientAuth"}}),
           o->asJson, exitCode);
  });

  auto* server = enroll->add_subcommand("server", "Make the broker's key and certificate (server.key, server.crt) for HOST\n"
                                                  "  e.g. lasis fleet enroll server --ca /root/lasis-ca --host mqtt.example.lv --out DIR");
  server->add_option("--ca", o->ca, "the CA's directory (ca.key, ca.crt)")->required();
  server->add_option("--host", o->host, "the broker's host name or IP address, as devices' [fleet] broker names it")->required();
  server->add_option("--out", o->out, "directory to write server.key, server.crt and ca.crt into")->required();
  server->add_option("--days", o->days, "validity in days (default 825)");
  jsonFlag(server);
  server->callback([o, &exitCode] {
    if (!validHost(o->host)) {
      std::fprintf(stderr, "lasis fleet enroll server: --host '%s' is not a host name or IP address\n", o->host.c_str());
      exitCode = 2;
      return;
    }
    unsigned char buf[16];
    const bool ip = ::inet_pton(AF_INET, o->host.c_str(), buf) == 1 || ::inet_pton(AF_INET6, o->host.c_str(), buf) == 1;
    finish("server",
           enrollLeaf(o->ca, o->out, "server", o->host, o->days > 0 ? o->days : 825,
                      {{NID_ext_key_usage, "serverAuth"}, {NID_subject_alt_name, (ip ? "IP:" : "DNS:") + o->host}}),
           o->asJson, exitCode);
  });

  auto* service = enroll->add_subcommand(
      "service", "Make a service's client key and certificate (NAME.key, NAME.crt): lasis-fleet, or a branch broker's bridge\n"
                 "  e.g. lasis fleet enroll service --ca /root/lasis-ca --name lasis-fleet --out DIR");
  service->add_option("--ca", o->ca, "the CA's directory (ca.key, ca.crt)")->required();
  service->add_option("--name", o->name, "the broker username (CN) the ACL names, e.g. lasis-fleet")->required();
  service->add_option("--out", o->out, "directory to write NAME.key, NAME.crt and ca.crt into")->required();
  service->add_option("--days", o->days, "validity in days (default 1825)");
  jsonFlag(service);
  service->callback([o, &exitCode] {
    // No '/': a service's name must never look like a device's network/branch/device.
    if (o->name.size() > 64 || !fleet::isValidName(o->name.substr(0, 32)) ||
        (o->name.size() > 32 && !fleet::isValidName(o->name.substr(32)))) {
      std::fprintf(stderr, "lasis fleet enroll service: --name '%s' must be 1 to 64 of a-z, 0-9 and '-'\n", o->name.c_str());
      exitCode = 2;
      return;
    }
    finish("service",
           enrollLeaf(o->ca, o->out, o->name, o->name, o->days > 0 ? o->days : 1825, {{NID_ext_key_usage, "clientAuth"}}),
           o->asJson, exitCode);
  });
}

} // namespace lasis::cli
