#pragma once
// The dashboard's users: one "NAME:ARGON2ID-HASH" a line (fleet::hashPassword's form), mode 0600.
// `lasis-fleet --add-user NAME` writes it; the service reads it at start.

#include "common/core/result.h"

#include <filesystem>
#include <map>
#include <string>

namespace lasis::fleetsvc {

/// The users file (see the file comment).
class UserFile {
public:
  /// A missing file is an empty one (no one can log in yet); a malformed line is an error.
  static Result<UserFile> read(const std::filesystem::path& file);
  /// Adds or replaces NAME's password (hashed here), then rewrites the file (temp + rename, 0600).
  static Status setPassword(const std::filesystem::path& file, const std::string& name, const std::string& password);
  /// A user name: [A-Za-z0-9._-]{1,64}.
  static bool isValidName(const std::string& name);

  /// The hash for `name`; empty when there is no such user.
  std::string hashOf(const std::string& name) const;
  std::size_t size() const { return m_hashes.size(); }

private:
  std::map<std::string, std::string> m_hashes;
};

} // namespace lasis::fleetsvc
