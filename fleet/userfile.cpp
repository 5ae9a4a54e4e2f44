#include "fleet/userfile.h"

#include "drivers/fleet/ed25519.h"

#include <sys/stat.h>

#include <fstream>

namespace lasis::fleetsvc {

bool UserFile::isValidName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char ch : name) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                    ch == '_' || ch == '-';
    if (!ok) return false;
  }
  return true;
}

Result<UserFile> UserFile::read(const std::filesystem::path& file) {
  UserFile users;
  std::ifstream in(file);
  if (!in) {
    if (!std::filesystem::exists(file)) return users;
    return fail(Errc::io, "cannot read the users file " + file.string());
  }
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos || !isValidName(line.substr(0, colon)) || line.compare(colon + 1, 10, "$argon2id$") != 0)
      return fail(Errc::config, file.string() + ":" + std::to_string(n) + ": expected NAME:$argon2id$… (lasis-fleet --add-user NAME)");
    users.m_hashes[line.substr(0, colon)] = line.substr(colon + 1);
  }
  return users;
}

Status UserFile::setPassword(const std::filesystem::path& file, const std::string& name, const std::string& password) {
  if (!isValidName(name)) return fail(Errc::invalidArgument, "a user name is [A-Za-z0-9._-]{1,64}");
  if (password.empty()) return fail(Errc::invalidArgument, "an empty password");
  auto users = read(file);
  if (!users) return users.error();
  auto hash = fleet::hashPassword(password);
  if (!hash) return hash.error();
  users->m_hashes[name] = *hash;
  const auto tmp = file.string() + ".tmp";
  {
    const mode_t old = ::umask(077);
    std::ofstream out(tmp, std::ios::trunc);
    ::umask(old);
    if (!out) return fail(Errc::io, "cannot write " + tmp);
    for (const auto& [user, h] : users->m_hashes) out << user << ':' << h << '\n';
    out.flush();
    if (!out) return fail(Errc::io, "cannot write " + tmp);
  }
  std::filesystem::permissions(tmp, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  if (ec) return fail(Errc::io, "cannot replace " + file.string() + ": " + ec.message());
  return {};
}

std::string UserFile::hashOf(const std::string& name) const {
  const auto it = m_hashes.find(name);
  return it == m_hashes.end() ? std::string() : it->second;
}

} // namespace lasis::fleetsvc
