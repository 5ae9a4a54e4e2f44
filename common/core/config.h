#pragma once
// Configuration in TOML. Every problem is reported as `file:line:column: what is wrong`, and
// an option nobody reads is an error too (a misspelt key must not be silently ignored on a
// kiosk nobody watches). Typical use:
//
//   auto doc = ConfigDoc::load("/etc/lasis/gate.toml");
//   if (!doc) return doc.error();
//   Settings s;
//   s.port = doc->integer("status.port", 1502, 1, 65535);
//   s.mode = doc->choice("gate.mode", "afi", {"afi", "eas", "both"});
//   if (auto st = doc->finish(); !st) return st.error();   // all errors at once

#include "common/core/result.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace lasis {

/// A parsed TOML configuration with typed, validated, default-aware accessors.
class ConfigDoc {
public:
  /// Reads `file`, then every *.toml in its drop-in directory (dropInDir) in name order, each
  /// laid over what came before: tables merge key by key, any other value (lists and arrays of
  /// tables included) is replaced whole. A problem names the file it is in.
  static Result<ConfigDoc> load(const std::filesystem::path& file);
  /// Where `file`'s drop-ins live: /etc/lasis/kiosk.toml → /etc/lasis/kiosk.d/.
  static std::filesystem::path dropInDir(const std::filesystem::path& file);
  /// Parses text; `source` names it in messages ("<embedded>", a file name).
  static Result<ConfigDoc> parse(std::string_view text, std::string source);
  /// An empty document: every accessor returns its default.
  static ConfigDoc empty(std::string source = "<defaults>");

  ConfigDoc(ConfigDoc&&) noexcept;
  ConfigDoc& operator=(ConfigDoc&&) noexcept;
  ~ConfigDoc();

  bool has(std::string_view key) const;
  std::string string(std::string_view key, std::string fallback);
  std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t min, std::int64_t max);
  double number(std::string_view key, double fallback, double min, double max);
  bool boolean(std::string_view key, bool fallback);
  std::string choice(std::string_view key, std::string fallback, const std::vector<std::string>& allowed);
  std::vector<std::string> strings(std::string_view key, std::vector<std::string> fallback);
  /// Keys of an array of tables, e.g. `[[gate.readers]]` → {"gate.readers[0]", "gate.readers[1]"};
  /// use them as prefixes: doc.string(k + ".device", "").
  std::vector<std::string> tableArray(std::string_view key);

  /// Records a problem with an option's value found by the caller's own validation.
  void addError(std::string_view key, const std::string& message);
  /// All errors so far, plus every option present but never read; ok if none.
  Status finish() const;
  const std::string& source() const;
  /// The files load() read, the main one first, then its drop-ins in the order applied.
  const std::vector<std::string>& files() const;

private:
  struct Impl;
  explicit ConfigDoc(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace lasis
