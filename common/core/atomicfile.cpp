#include "common/core/atomicfile.h"

#include <cerrno>
#include <fcntl.h>
#include <system_error>
#include <unistd.h>

namespace lasis {

namespace {

std::string why(int err) { return std::generic_category().message(err); }

Status writeAll(int fd, const std::string& text) {
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(errno == ENOSPC ? Errc::noSpace : Errc::io, why(errno));
    done += static_cast<std::size_t>(n);
  }
  return {};
}

} // namespace

Status replaceFileAtomically(const std::filesystem::path& path, const std::string& text, mode_t mode) {
  const auto dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  auto tmp = path;
  tmp += ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return fail(Errc::io, "cannot write " + tmp.string() + ": " + why(errno));
  auto st = writeAll(fd, text);
  if (st && ::fsync(fd) != 0) st = fail(Errc::io, "fsync: " + why(errno));
  if (::close(fd) != 0 && st) st = fail(Errc::io, "close: " + why(errno));
  if (!st) {
    ::unlink(tmp.c_str());
    return st.error().context("writing " + tmp.string());
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return fail(Errc::io, "cannot rename " + tmp.string() + " to " + path.string() + ": " + why(err));
  }
  // The rename itself is durable only once the directory is.
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return fail(Errc::io, "cannot open " + dir.string() + " to sync it: " + why(errno));
  const bool synced = ::fsync(dfd) == 0;
  const int err = errno;
  ::close(dfd);
  if (!synced) return fail(Errc::io, "cannot sync " + dir.string() + ": " + why(err));
  return {};
}

} // namespace lasis
