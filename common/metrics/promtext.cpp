#include "common/metrics/promtext.h"

#include "common/core/buildinfo.h"

#include <cmath>
#include <cstdio>

namespace lasis::metrics {

namespace {

std::string escapeLabel(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string number(double v) {
  if (std::isnan(v)) return "NaN";
  char buf[32];
  // 15 digits: a unix time (process_start_time_seconds) or a long offline total keeps its
  // fraction; %.6g made 1796530000.5 into 1.79653e+09, hours away from the truth.
  if (v == std::floor(v) && std::fabs(v) < 1e15) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

} // namespace

void PromText::counter(const std::string& name, const std::string& help, double value, const Labels& labels) {
  sample(name, help, "counter", value, labels);
}

void PromText::gauge(const std::string& name, const std::string& help, double value, const Labels& labels) {
  sample(name, help, "gauge", value, labels);
}

void PromText::sample(const std::string& name, const std::string& help, const char* type, double value,
                      const Labels& labels) {
  if (!m_described[name]) {
    m_described[name] = true;
    m_text += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
  }
  m_text += name;
  if (!labels.empty()) {
    m_text += '{';
    bool first = true;
    for (const auto& [k, v] : labels) {
      m_text += (first ? "" : ",") + k + "=\"" + escapeLabel(v) + "\"";
      first = false;
    }
    m_text += '}';
  }
  m_text += ' ' + number(value) + '\n';
}

void PromText::buildInfo() {
  const auto& b = lasis::buildInfo();
  gauge("lasis_build_info", "Always 1; the labels say which build is running", 1,
        {{"version", b.version}, {"commit", b.commit}});
}

} // namespace lasis::metrics
