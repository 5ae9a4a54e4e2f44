#include "common/core/config.h"

#include <toml++/toml.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

namespace lasis {

struct ConfigDoc::Impl {
  toml::table root;
  std::string source;
  std::set<std::string> read;  // keys (and all their parents) an accessor asked for
  std::vector<std::string> errors;

  std::vector<std::string> files;  // the file, then its drop-ins in the order applied

  // A node from a drop-in names the drop-in: toml++ keeps each parse's path in its regions.
  std::string where(const toml::source_region& r) const {
    const std::string& file = r.path ? *r.path : source;
    if (!r.begin) return file;
    return file + ":" + std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column);
  }

  // Resolves "a.b[2].c"; records the path and its parents as read.
  toml::node* find(std::string_view key) {
    std::string path(key);
    for (std::size_t i = 0; i <= path.size(); ++i) {
      if (i == path.size() || path[i] == '.' || path[i] == '[') read.insert(path.substr(0, i));
    }
    toml::path p(key);
    return root.at_path(p).node();
  }

  void error(const toml::node* node, std::string_view key, const std::string& what) {
    errors.push_back((node ? where(node->source()) : source) + ": option '" + std::string(key) + "' " + what);
  }

  void collectUnread(const toml::node& node, const std::string& path, std::vector<std::string>& out) const {
    if (!path.empty() && !read.count(path)) {
      out.push_back(where(node.source()) + ": unknown option '" + path + "'");
      return;
    }
    if (auto t = node.as_table()) {
      for (auto&& [k, v] : *t) {
        collectUnread(v, path.empty() ? std::string(k.str()) : path + "." + std::string(k.str()), out);
      }
    } else if (auto a = node.as_array()) {
      for (std::size_t i = 0; i < a->size(); ++i) {
        if ((*a)[i].is_table()) collectUnread((*a)[i], path + "[" + std::to_string(i) + "]", out);
      }
    }
  }
};

ConfigDoc::ConfigDoc(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
ConfigDoc::ConfigDoc(ConfigDoc&&) noexcept = default;
ConfigDoc& ConfigDoc::operator=(ConfigDoc&&) noexcept = default;
ConfigDoc::~ConfigDoc() = default;

Result<ConfigDoc> ConfigDoc::parse(std::string_view text, std::string source) {
  auto impl = std::make_unique<Impl>();
  impl->source = std::move(source);
  try {
    impl->root = toml::parse(text, impl->source);
  } catch (const toml::parse_error& e) {
    return fail(Errc::config, impl->where(e.source()) + ": " + std::string(e.description()));
  }
  return ConfigDoc(std::move(impl));
}

namespace {
/// What a path is, in a technician's words, when it is not a file we can read a config from.
std::string notAFile(mode_t mode) {
  if (S_ISDIR(mode)) return "is a directory, not a file";
  if (S_ISFIFO(mode)) return "is a FIFO (named pipe), not a file";
  if (S_ISCHR(mode)) return "is a character device, not a file";
  if (S_ISBLK(mode)) return "is a block device, not a file";
  if (S_ISSOCK(mode)) return "is a socket, not a file";
  return {};
}
} // namespace

namespace {
/// The whole text of one config file, or an error naming it in a technician's words.
Result<std::string> readConfigFile(const std::filesystem::path& file) {
  const std::string name = "configuration file " + file.string();
  auto openError = [&](int err) {
    if (err == ENOENT || err == ENOTDIR) return fail(Errc::notFound, "cannot open " + name + ": no such file");
    if (err == EACCES || err == EPERM) return fail(Errc::io, "cannot open " + name + ": permission denied");
    return fail(Errc::io, "cannot open " + name + ": " + std::strerror(err));
  };
  // Only a regular file is read: a FIFO would block the start (or --check-config) until some
  // writer appeared, /dev/zero would never end, and a directory would read as an empty config.
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return openError(errno);
  if (!S_ISREG(st.st_mode)) return fail(Errc::config, name + " " + notAFile(st.st_mode));
  // O_NONBLOCK: should the path have become a FIFO since the stat, open must not wait for a writer.
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return openError(errno);
  std::string text;
  int readErr = 0;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail(Errc::config, name + " is not a regular file");
  }
  char buf[8192];
  for (;;) {
    const auto n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      text.append(buf, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      if (n < 0) readErr = errno;
      break;
    }
  }
  ::close(fd);
  if (readErr != 0) return fail(Errc::io, "cannot read " + name + ": " + std::strerror(readErr));
  return text;
}

/// Lays `over` onto `base`: tables merge key by key, anything else (a value, a list, an array of
/// tables) replaces what was there whole — a drop-in that sets `[[returns.bins]]` gives the whole
/// list, never half of one.
void mergeInto(toml::table& base, toml::table&& over) {
  for (auto&& [key, node] : over) {
    auto* mine = base.get(key);
    if (mine && mine->is_table() && node.is_table()) {
      mergeInto(*mine->as_table(), std::move(*node.as_table()));
    } else {
      base.insert_or_assign(key, std::move(node));
    }
  }
}
} // namespace

std::filesystem::path ConfigDoc::dropInDir(const std::filesystem::path& file) {
  return file.parent_path() / (file.stem().string() + ".d");
}

Result<ConfigDoc> ConfigDoc::load(const std::filesystem::path& file) {
  auto text = readConfigFile(file);
  if (!text) return text.error();
  auto doc = parse(*text, file.string());
  if (!doc) return doc;
  doc->m_impl->files.push_back(file.string());
  // Drop-ins: kiosk.toml's kiosk.d/*.toml, in name order, each over what came before, so a
  // network ships one template and a branch adds a small file of its own.
  const auto dir = dropInDir(file);
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return doc;
  std::vector<std::filesystem::path> dropIns;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".toml") dropIns.push_back(e.path());
  }
  if (ec) return fail(Errc::io, "cannot list the drop-in directory " + dir.string() + ": " + ec.message());
  std::sort(dropIns.begin(), dropIns.end());
  for (const auto& d : dropIns) {
    auto more = readConfigFile(d);
    if (!more) return more.error();
    try {
      mergeInto(doc->m_impl->root, toml::parse(*more, d.string()));
    } catch (const toml::parse_error& e) {
      return fail(Errc::config, doc->m_impl->where(e.source()) + ": " + std::string(e.description()));
    }
    doc->m_impl->files.push_back(d.string());
  }
  return doc;
}

const std::vector<std::string>& ConfigDoc::files() const { return m_impl->files; }

ConfigDoc ConfigDoc::empty(std::string source) {
  auto impl = std::make_unique<Impl>();
  impl->source = std::move(source);
  return ConfigDoc(std::move(impl));
}

bool ConfigDoc::has(std::string_view key) const {
  return m_impl->root.at_path(toml::path(key)).node() != nullptr;
}

std::string ConfigDoc::string(std::string_view key, std::string fallback) {
  auto* n = m_impl->find(key);
  if (!n) return fallback;
  if (auto v = n->value<std::string>()) return *v;
  m_impl->error(n, key, "must be a string");
  return fallback;
}

std::int64_t ConfigDoc::integer(std::string_view key, std::int64_t fallback, std::int64_t min, std::int64_t max) {
  auto* n = m_impl->find(key);
  if (!n) return fallback;
  auto v = n->as_integer();
  if (!v) {
    m_impl->error(n, key, "must be a whole number");
    return fallback;
  }
  if (v->get() < min || v->get() > max) {
    m_impl->error(n, key, "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", not " +
                              std::to_string(v->get()));
    return fallback;
  }
  return v->get();
}

double ConfigDoc::number(std::string_view key, double fallback, double min, double max) {
  auto* n = m_impl->find(key);
  if (!n) return fallback;
  std::optional<double> v;
  if (auto f = n->as_floating_point()) v = f->get();
  if (auto i = n->as_integer()) v = static_cast<double>(i->get());
  if (!v) {
    m_impl->error(n, key, "must be a number");
    return fallback;
  }
  // NaN compares false with everything, so it is named first: no range holds it.
  if (std::isnan(*v) || *v < min || *v > max) {
    std::ostringstream msg;
    msg << "must be between " << min << " and " << max << ", not " << *v;
    m_impl->error(n, key, msg.str());
    return fallback;
  }
  return *v;
}

bool ConfigDoc::boolean(std::string_view key, bool fallback) {
  auto* n = m_impl->find(key);
  if (!n) return fallback;
  if (auto v = n->value<bool>()) return *v;
  m_impl->error(n, key, "must be true or false");
  return fallback;
}

std::string ConfigDoc::choice(std::string_view key, std::string fallback, const std::vector<std::string>& allowed) {
  auto* n = m_impl->find(key);
  if (!n) return fallback;
  auto v = n->value<std::string>();
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  if (!v) {
    m_impl->error(n, key, "must be one of: " + list);
    return fallback;
  }
  for (const auto& a : allowed) {
    if (a == *v) return *v;
  }
  m_impl->error(n, key, "must be one of: " + list + " (not '" + *v + "')");
  return fallback;
}

std::vector<std::string> ConfigDoc::strings(std::string_view key, std::vector<std::string> fallback) {
  auto* n = m_impl->find(key);
  if (!n) return fallback;
  auto* a = n->as_array();
  if (!a) {
    m_impl->error(n, key, "must be a list of strings");
    return fallback;
  }
  std::vector<std::string> out;
  for (auto& e : *a) {
    auto v = e.value<std::string>();
    if (!v) {
      m_impl->error(&e, key, "must contain only strings");
      return fallback;
    }
    out.push_back(*v);
  }
  return out;
}

std::vector<std::string> ConfigDoc::tableArray(std::string_view key) {
  auto* n = m_impl->find(key);
  std::vector<std::string> out;
  if (!n) return out;
  auto* a = n->as_array();
  if (!a || !a->is_array_of_tables()) {
    m_impl->error(n, key, "must be an array of tables ([[" + std::string(key) + "]])");
    return out;
  }
  for (std::size_t i = 0; i < a->size(); ++i) {
    out.push_back(std::string(key) + "[" + std::to_string(i) + "]");
    m_impl->read.insert(out.back());
  }
  return out;
}

void ConfigDoc::addError(std::string_view key, const std::string& message) {
  m_impl->error(m_impl->root.at_path(toml::path(key)).node(), key, message);
}

Status ConfigDoc::finish() const {
  std::vector<std::string> all = m_impl->errors;
  m_impl->collectUnread(m_impl->root, "", all);
  if (all.empty()) return {};
  std::string msg;
  for (const auto& e : all) msg += (msg.empty() ? "" : "\n") + e;
  return fail(Errc::config, msg);
}

const std::string& ConfigDoc::source() const { return m_impl->source; }

} // namespace lasis
