#include "drivers/fleet/ed25519.h"

#include "common/core/secretfile.h"

#include <sodium.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace lasis::fleet {

namespace {

constexpr std::string_view kSecretPrefix = "lasis-fleet-ed25519-secret:";
constexpr std::string_view kPublicPrefix = "lasis-fleet-ed25519-public:";

static_assert(kPublicKeyBytes == crypto_sign_PUBLICKEYBYTES);
static_assert(kSecretKeyBytes == crypto_sign_SECRETKEYBYTES);
static_assert(kEd25519SignatureBytes == crypto_sign_BYTES);

Status ready() {
  // sodium_init is idempotent and thread-safe; 1 means "already initialised".
  if (sodium_init() < 0) return fail(Errc::internal, "libsodium could not start");
  return {};
}

/// Creates `path` with `mode`, failing if it exists (O_EXCL: no race with another writer), and
/// writes `text`, fsync'd.
Status createExclusive(const std::filesystem::path& path, const std::string& text, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    const int err = errno;
    return fail(err == EEXIST ? Errc::busy : Errc::io, "cannot create " + path.string() + ": " + std::generic_category().message(err));
  }
  // The mode given to open() passes through the umask; set it exactly (0600 for the secret).
  bool ok = ::fchmod(fd, mode) == 0;
  for (std::size_t done = 0; ok && done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const int err = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return fail(Errc::io, "cannot write " + path.string() + ": " + std::generic_category().message(err));
  }
  return {};
}

Result<Bytes> decodeKeyLine(const std::string& line, std::string_view prefix, std::size_t size,
                            const std::filesystem::path& path) {
  const bool otherKind = line.rfind(prefix == kSecretPrefix ? kPublicPrefix : kSecretPrefix, 0) == 0;
  if (otherKind)
    return fail(Errc::config, path.string() + " is a fleet " + std::string(prefix == kSecretPrefix ? "public" : "secret") +
                                  " key, not the " + std::string(prefix == kSecretPrefix ? "secret" : "public") + " key asked for");
  if (line.rfind(prefix, 0) != 0)
    return fail(Errc::parse, path.string() + " is not a fleet key file (its line starts with '" + std::string(prefix) + "')");
  auto bytes = fromBase64(std::string_view(line).substr(prefix.size()));
  if (!bytes || bytes->size() != size)
    return fail(Errc::parse, path.string() + ": the key is not " + std::to_string(size) + " bytes of base64");
  return std::move(*bytes);
}

} // namespace

SecretKey::SecretKey(ByteView bytes) {
  if (bytes.size() != kSecretKeyBytes) return;
  std::memcpy(m_key.data(), bytes.data(), kSecretKeyBytes);
  m_set = true;
}

SecretKey::~SecretKey() { sodium_memzero(m_key.data(), m_key.size()); }

SecretKey& SecretKey::operator=(const SecretKey& other) {
  if (this != &other) {
    m_key = other.m_key;
    m_set = other.m_set;
  }
  return *this;
}

Result<KeyPair> generateKeyPair() {
  if (auto st = ready(); !st) return st.error();
  Bytes pk(kPublicKeyBytes);
  std::array<std::uint8_t, kSecretKeyBytes> sk{};
  crypto_sign_keypair(pk.data(), sk.data());
  KeyPair pair{std::move(pk), SecretKey(sk)};
  sodium_memzero(sk.data(), sk.size());
  return pair;
}

Result<Bytes> publicKeyOf(const SecretKey& secret) {
  if (auto st = ready(); !st) return st.error();
  if (secret.empty()) return fail(Errc::invalidArgument, "no secret key");
  Bytes pk(kPublicKeyBytes);
  if (crypto_sign_ed25519_sk_to_pk(pk.data(), secret.bytes().data()) != 0)
    return fail(Errc::invalidArgument, "not an Ed25519 secret key");
  return pk;
}

Result<Bytes> sign(const SecretKey& secret, ByteView message) {
  if (auto st = ready(); !st) return st.error();
  if (secret.empty()) return fail(Errc::invalidArgument, "no secret key");
  Bytes sig(kEd25519SignatureBytes);
  if (crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), secret.bytes().data()) != 0)
    return fail(Errc::internal, "libsodium could not sign");
  return sig;
}

bool verifySignature(ByteView publicKey, ByteView message, ByteView signature) {
  if (!ready() || publicKey.size() != kPublicKeyBytes || signature.size() != kEd25519SignatureBytes) return false;
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(), publicKey.data()) == 0;
}

std::string keyId(ByteView publicKey) {
  if (!ready()) return {};
  std::array<std::uint8_t, 32> hash{};
  crypto_generichash(hash.data(), hash.size(), publicKey.data(), publicKey.size(), nullptr, 0);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (std::size_t i = 0; i < 4; ++i) {
    id += kHex[hash[i] >> 4];
    id += kHex[hash[i] & 15];
  }
  return id;
}

Result<std::pair<std::filesystem::path, std::filesystem::path>> writeKeyFiles(const std::filesystem::path& dir,
                                                                            const KeyPair& pair) {
  const auto secretPath = dir / "fleet-signing.key";
  const auto publicPath = dir / "fleet-signing.pub";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    return fail(Errc::notFound, dir.string() + " is not a directory");
  for (const auto& p : {secretPath, publicPath})
    if (std::filesystem::exists(std::filesystem::symlink_status(p, ec)))
      return fail(Errc::busy, p.string() + " exists: a key in use is never overwritten (move it away first)");
  const std::string secretLine = std::string(kSecretPrefix) + toBase64(pair.secretKey.bytes()) + "\n";
  const std::string publicLine = std::string(kPublicPrefix) + toBase64(pair.publicKey) + "\n";
  if (auto st = createExclusive(secretPath, secretLine, 0600); !st) return st.error();
  if (auto st = createExclusive(publicPath, publicLine, 0644); !st) {
    ::unlink(secretPath.c_str());  // half a key pair is no use to anyone
    return st.error();
  }
  return std::pair{secretPath, publicPath};
}

Result<SecretKey> readSecretKeyFile(const std::filesystem::path& path) {
  auto line = readSecretFile(path);
  if (!line) return line.error();
  auto bytes = decodeKeyLine(*line, kSecretPrefix, kSecretKeyBytes, path);
  sodium_memzero(line->data(), line->size());
  if (!bytes) return bytes.error();
  SecretKey key(*bytes);
  sodium_memzero(bytes->data(), bytes->size());
  return key;
}

Result<Bytes> readPublicKeyFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return fail(Errc::notFound, "cannot read the public key file " + path.string());
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return decodeKeyLine(line, kPublicPrefix, kPublicKeyBytes, path);
}

Result<std::string> Ed25519KeyRing::add(ByteView publicKey) {
  if (publicKey.size() != kPublicKeyBytes) return fail(Errc::invalidArgument, "an Ed25519 public key is 32 bytes");
  auto id = keyId(publicKey);
  if (id.empty()) return fail(Errc::internal, "libsodium could not start");
  m_keys[id] = Bytes(publicKey.begin(), publicKey.end());
  return id;
}

Result<std::string> Ed25519KeyRing::addFile(const std::filesystem::path& publicKeyFile) {
  auto pk = readPublicKeyFile(publicKeyFile);
  if (!pk) return pk.error();
  return add(*pk);
}

bool Ed25519KeyRing::knowsKey(std::string_view id) const { return m_keys.find(id) != m_keys.end(); }

bool Ed25519KeyRing::verify(std::string_view id, ByteView message, ByteView signature) const {
  const auto it = m_keys.find(id);
  return it != m_keys.end() && verifySignature(it->second, message, signature);
}

Result<std::string> hashPassword(std::string_view password) {
  if (auto st = ready(); !st) return st.error();
  if (password.empty()) return fail(Errc::invalidArgument, "an empty password is not a password");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_MODERATE,
                        crypto_pwhash_MEMLIMIT_MODERATE) != 0)
    return fail(Errc::noSpace, "not enough memory to hash the password (Argon2id needs 256 MiB)");
  return std::string(out);
}

bool verifyPassword(std::string_view hash, std::string_view password) {
  if (!ready() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string h(hash);  // crypto_pwhash_str_verify reads a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

} // namespace lasis::fleet
