#pragma once
// Privacy scans for tests: where does a secret (a patron's or the staff PIN) appear in the files a
// run left behind, in clear or as hex? Used by test_pinscan (headless kiosk runs) and the UI tests
// (the kiosk's database and everything it logged while the QML tests drove it).
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace lasis::test {

inline std::string hexOf(const std::string& s, bool upper) {
  static const char* lo = "0123456789abcdef";
  static const char* up = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    out += (upper ? up : lo)[c >> 4];
    out += (upper ? up : lo)[c & 15];
  }
  return out;
}

/// Every place in `path` (a file, or a directory searched recursively) where one of `secrets`
/// appears in clear or as hex, as "file: form".
inline std::vector<std::string> findSecrets(const std::filesystem::path& path, const std::vector<std::string>& secrets) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  if (fs::is_regular_file(path)) files.push_back(path);
  else if (fs::is_directory(path))
    for (const auto& entry : fs::recursive_directory_iterator(path))
      if (entry.is_regular_file()) files.push_back(entry.path());
  std::vector<std::string> found;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const auto& secret : secrets) {
      for (const auto& form : {secret, hexOf(secret, false), hexOf(secret, true)}) {
        if (bytes.find(form) != std::string::npos) found.push_back(file.filename().string() + ": " + form);
      }
    }
  }
  return found;
}

} // namespace lasis::test
