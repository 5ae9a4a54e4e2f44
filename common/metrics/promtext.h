#pragma once
// The Prometheus text exposition format (version 0.0.4): HELP and TYPE lines, then samples with
// optional labels. Small on purpose: the kiosk and the gate expose a few dozen numbers.

#include <map>
#include <string>

namespace lasis::metrics {

/// Builds one scrape's text.
class PromText {
public:
  using Labels = std::map<std::string, std::string>;
  /// A counter (only ever goes up); `name` should end in _total.
  void counter(const std::string& name, const std::string& help, double value, const Labels& labels = {});
  void gauge(const std::string& name, const std::string& help, double value, const Labels& labels = {});
  /// `lasis_build_info{version="…",commit="…"} 1`: which build answers (common/core/buildinfo.h).
  void buildInfo();
  const std::string& text() const { return m_text; }

private:
  void sample(const std::string& name, const std::string& help, const char* type, double value, const Labels& labels);
  std::string m_text;
  std::map<std::string, bool> m_described;
};

} // namespace lasis::metrics
