#include "common/core/config.h"

#include <toml++/toml.h>

#include <fstream>
#include <cmath>
#include <sstream>

namespace lasis {

struct ConfigDoc::Impl {
  toml::table root;
  std::string source;
  std::set<std::string> read;  // keys (and all their parents) an accessor asked for
  std::vector<std::string> errors;

  std::string where(const toml::source_region& r) const {
    if (!r.begin) return source;
    return source + ":" + std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column);
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

Result<ConfigDoc> ConfigDoc::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(Errc::notFound, "cannot open configuration file " + file.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), file.string());
}

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
