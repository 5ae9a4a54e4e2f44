#pragma once
// fleet::SeqStore in a small JSON file (the device's state directory), replaced atomically.

#include "common/fleet/command.h"

#include <filesystem>
#include <mutex>

namespace lasis::fleet {

/// The last accepted seq per device in one file: {"format":"lasis-fleet-seq","v":1,"devices":{"n/b/d":17}}.
/// Written as a new file beside it, fsync'd, renamed over it and the directory fsync'd, so after
/// a crash or power cut the file holds either the old record or the new one, never half of one.
/// A file that exists but cannot be read as that record is Errc::corrupt: it is never taken as
/// "no command yet", since that would let any captured command be replayed. A missing file is
/// "no command yet". One FileSeqStore per file in a process (it serialises its own writes only).
class FileSeqStore final : public SeqStore {
public:
  explicit FileSeqStore(std::filesystem::path path) : m_path(std::move(path)) {}

  Result<std::optional<std::uint64_t>> last(const std::string& device) override;
  Status record(const std::string& device, std::uint64_t seq) override;

  const std::filesystem::path& path() const noexcept { return m_path; }

private:
  std::filesystem::path m_path;
  std::mutex m_mutex;
};

} // namespace lasis::fleet
