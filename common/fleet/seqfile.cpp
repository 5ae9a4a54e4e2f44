#include "common/fleet/seqfile.h"

#include "common/core/atomicfile.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <sys/stat.h>
#include <unistd.h>

namespace lasis::fleet {

namespace {

using Json = nlohmann::json;
using Record = std::map<std::string, std::uint64_t>;

std::string damaged(const std::filesystem::path& path, const std::string& why) {
  return "the fleet sequence file " + path.string() + " is damaged (" + why +
         "); commands are refused until a technician restores it, or removes it knowing that every command "
         "signed so far could then be replayed until a newer one is accepted";
}

/// The whole record; an empty one when the file does not exist.
Result<Record> readRecord(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Record{};
    return fail(Errc::io, "cannot read the fleet sequence file " + path.string() + ": " + std::generic_category().message(errno));
  }
  std::string text;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      return fail(Errc::io, "cannot read the fleet sequence file " + path.string() + ": " + std::generic_category().message(err));
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    if (text.size() > std::size_t{4} * 1024 * 1024) {
      ::close(fd);
      return fail(Errc::corrupt, damaged(path, "larger than 4 MiB"));
    }
  }
  ::close(fd);
  if (text.empty()) return fail(Errc::corrupt, damaged(path, "empty"));
  const auto j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail(Errc::corrupt, damaged(path, "not JSON"));
  const auto format = j.find("format");
  const auto version = j.find("v");
  if (format == j.end() || *format != "lasis-fleet-seq" || version == j.end() || *version != 1)
    return fail(Errc::corrupt, damaged(path, "not a lasis-fleet-seq version 1 file"));
  const auto devices = j.find("devices");
  if (devices == j.end() || !devices->is_object()) return fail(Errc::corrupt, damaged(path, "no 'devices' object"));
  Record r;
  for (const auto& [device, seq] : devices->items()) {
    if (!seq.is_number_unsigned()) return fail(Errc::corrupt, damaged(path, "the seq of " + device + " is not a whole number"));
    r[device] = seq.get<std::uint64_t>();
  }
  return r;
}

} // namespace

Result<std::optional<std::uint64_t>> FileSeqStore::last(const std::string& device) {
  std::lock_guard lock(m_mutex);
  auto r = readRecord(m_path);
  if (!r) return r.error();
  const auto it = r->find(device);
  if (it == r->end()) return std::optional<std::uint64_t>{};
  return std::optional<std::uint64_t>{it->second};
}

Status FileSeqStore::record(const std::string& device, std::uint64_t seq) {
  std::lock_guard lock(m_mutex);
  // Read-modify-write: the other devices' records in the same file stay as they are.
  auto r = readRecord(m_path);
  if (!r) return r.error();
  (*r)[device] = seq;
  Json j;
  j["format"] = "lasis-fleet-seq";
  j["v"] = 1;
  j["devices"] = Json::object();
  for (const auto& [d, s] : *r) j["devices"][d] = s;
  return replaceFileAtomically(m_path, j.dump(2) + "\n");
}

} // namespace lasis::fleet
