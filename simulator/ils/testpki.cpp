#include "simulator/ils/testpki.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <sys/stat.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <system_error>

namespace lasis::sim::ils {

namespace {

struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
  void operator()(X509* c) const { X509_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

/// A certificate for `cn` with `extensions` (name, value), signed by `issuer` (itself when null).
Cert makeCert(const char* cn, long serial, int days, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuerKey,
              std::initializer_list<std::pair<int, const char*>> extensions) {
  Cert cert(X509_new());
  if (!cert) return nullptr;
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400L * days);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Lasis simulator"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, issuer ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
  for (auto [nid, value] : extensions) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &v3, nid, value);
    const bool added = ext && X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
    if (!added) return nullptr;
  }
  if (X509_sign(cert.get(), issuerKey ? issuerKey : key, EVP_sha256()) <= 0) return nullptr;
  return cert;
}

Status writePem(const std::filesystem::path& path, mode_t mode, const std::function<bool(FILE*)>& write) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
  const mode_t old = ::umask(0777 & ~mode);
  FILE* f = std::fopen(path.c_str(), "w");
  ::umask(old);
  const bool ok = f && write(f);
  if (f && std::fclose(f) != 0) return fail(Errc::io, "cannot write " + path.string());
  if (!ok) return fail(Errc::io, "cannot write " + path.string());
  return {};
}

} // namespace

Result<TestPki> writeTestPki(const std::filesystem::path& dir, int days) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail(Errc::io, "cannot create " + dir.string() + ": " + ec.message());
  Key caKey(EVP_EC_gen("P-256"));
  Key serverKey(EVP_EC_gen("P-256"));
  if (!caKey || !serverKey) return fail(Errc::internal, "cannot generate a P-256 key");
  Cert ca = makeCert("Lasis simulator test CA", 1, days, caKey.get(), nullptr, nullptr,
                     {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                      {NID_key_usage, "critical,keyCertSign,cRLSign"},
                      {NID_subject_key_identifier, "hash"}});
  if (!ca) return fail(Errc::internal, "cannot sign the test CA certificate");
  Cert server = makeCert("localhost", 2, days, serverKey.get(), ca.get(), caKey.get(),
                         {{NID_basic_constraints, "critical,CA:FALSE"},
                          {NID_key_usage, "critical,digitalSignature"},
                          {NID_ext_key_usage, "serverAuth"},
                          {NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1"},
                          {NID_authority_key_identifier, "keyid"}});
  if (!server) return fail(Errc::internal, "cannot sign the simulated ILS's certificate");
  TestPki pki{dir / "ca.pem", dir / "server.pem", dir / "server.key"};
  if (auto st = writePem(pki.caCert, 0644, [&](FILE* f) { return PEM_write_X509(f, ca.get()) == 1; }); !st)
    return st.error();
  if (auto st = writePem(pki.serverCert, 0644, [&](FILE* f) { return PEM_write_X509(f, server.get()) == 1; }); !st)
    return st.error();
  // The private key is the service's alone, like every secret Lasis reads.
  if (auto st = writePem(pki.serverKey, 0600, [&](FILE* f) {
        return PEM_write_PrivateKey(f, serverKey.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
      });
      !st)
    return st.error();
  return pki;
}

} // namespace lasis::sim::ils
