#pragma once
// libsodium wrapped once for the fleet (issue 23): Ed25519 keys, detached signatures and key ids
// for signed commands (fleet::SignatureCheck, common/fleet/command.h), their key files, and the
// dashboard's password hashes (Argon2id, crypto_pwhash_str).

#include "common/fleet/command.h"

#include <array>
#include <filesystem>
#include <map>

namespace lasis::fleet {

constexpr std::size_t kPublicKeyBytes = 32;
constexpr std::size_t kSecretKeyBytes = 64;  // libsodium's form: seed then public key
constexpr std::size_t kEd25519SignatureBytes = 64;

/// An Ed25519 secret key; wiped from memory when it goes.
class SecretKey {
public:
  SecretKey() = default;
  explicit SecretKey(ByteView bytes);  ///< kSecretKeyBytes bytes, else an empty key
  ~SecretKey();
  SecretKey(const SecretKey& other) : SecretKey(other.bytes()) {}
  SecretKey& operator=(const SecretKey& other);

  bool empty() const noexcept { return !m_set; }
  ByteView bytes() const noexcept { return m_set ? ByteView(m_key) : ByteView(); }

private:
  std::array<std::uint8_t, kSecretKeyBytes> m_key{};
  bool m_set = false;
};

/// A fresh key pair.
struct KeyPair {
  Bytes publicKey;  ///< kPublicKeyBytes
  SecretKey secretKey;
};

/// A new random key pair (libsodium's CSPRNG).
Result<KeyPair> generateKeyPair();
/// The public half of a secret key.
Result<Bytes> publicKeyOf(const SecretKey& secret);
/// The detached signature of `message`.
Result<Bytes> sign(const SecretKey& secret, ByteView message);
/// True when `signature` is `publicKey`'s signature of exactly `message`.
bool verifySignature(ByteView publicKey, ByteView message, ByteView signature);
/// The key id commands name their key by: the first 8 hex digits (lower case) of BLAKE2b-256 of the public key.
std::string keyId(ByteView publicKey);

/// Key files: one line, "lasis-fleet-ed25519-secret:<base64>" or "lasis-fleet-ed25519-public:<base64>",
/// so a public key given where the secret one belongs (or the other way round) is named as such.
/// Writes DIR/fleet-signing.key (mode 0600) and DIR/fleet-signing.pub (0644); refuses (Errc::busy)
/// when either exists, so a key in use is never overwritten. Both paths, secret first.
Result<std::pair<std::filesystem::path, std::filesystem::path>> writeKeyFiles(const std::filesystem::path& dir,
                                                                            const KeyPair& pair);
/// Reads a secret key file (refused when its group or others may read it, as every secret file).
Result<SecretKey> readSecretKeyFile(const std::filesystem::path& path);
Result<Bytes> readPublicKeyFile(const std::filesystem::path& path);

/// The public keys a device trusts, by key id.
class Ed25519KeyRing final : public SignatureCheck {
public:
  /// Adds a public key; its key id.
  Result<std::string> add(ByteView publicKey);
  Result<std::string> addFile(const std::filesystem::path& publicKeyFile);

  bool knowsKey(std::string_view id) const override;
  bool verify(std::string_view id, ByteView message, ByteView signature) const override;

private:
  std::map<std::string, Bytes, std::less<>> m_keys;
};

/// An Argon2id hash of a dashboard password in crypto_pwhash_str form ("$argon2id$v=19$m=…"),
/// with libsodium's moderate limits (256 MiB, 3 passes: a login costs about a second, a guess too).
Result<std::string> hashPassword(std::string_view password);
/// True when `password` matches `hash` (a crypto_pwhash_str string); false for any other hash.
bool verifyPassword(std::string_view hash, std::string_view password);

} // namespace lasis::fleet
