// Fuzz: what a scanner hands the kiosk. Any bytes as a scanned code (AIM identifier and all)
// through the Ventspils network's card rules (tests/data/network-ventspils.toml), through rules
// with every check digit, strip and patron-id form, and through no rules; the same bytes as a
// patron id to map back to its institution and as a tag's owner ISIL; and as a [network] config,
// whose rules then classify the sample codes. Whatever comes in: a Meaning, never a crash.
#include "common/core/config.h"
#include "common/scan/cardrules.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace lasis;
using namespace lasis::scan;

namespace {

CardRules ventspils() {
  auto doc = ConfigDoc::load(LASIS_TEST_DATA_DIR "/network-ventspils.toml");
  if (!doc) std::abort();  // the fuzzer would test nothing
  auto rules = CardRules::fromConfig(*doc);
  if (!doc->finish() || rules.empty()) std::abort();
  return rules;
}

/// One rule of each check digit and strip, and the patron-id forms institutionOfPatron backtracks over.
CardRules everyFeature() {
  std::vector<CardRule> rules;
  auto add = [&](std::string name, Kind kind, std::string prefix, CheckDigit check, CardRule::Strip strip,
                 CardRule::Charset charset, std::string form) {
    CardRule r;
    r.name = std::move(name);
    r.kind = kind;
    r.prefix = std::move(prefix);
    r.check = check;
    r.strip = strip;
    r.charset = charset;
    r.patronIdForm = std::move(form);
    r.institution = r.name;
    rules.push_back(std::move(r));
  };
  using C = CardRule::Charset;
  using S = CardRule::Strip;
  add("luhn", Kind::patron, "9", CheckDigit::luhn, S::none, C::digits, "{code}");
  add("isbn", Kind::item, "", CheckDigit::mod11, S::code39, C::digits, "{code}");
  add("ean", Kind::patron, "21", CheckDigit::mod10, S::none, C::digits, "A{body}-{code}{body}");
  add("label", Kind::patron, "ID:", CheckDigit::luhn, S::codabar, C::alnum, "{body}/{code}");
  add("staff", Kind::staff, "S", CheckDigit::none, S::none, C::alnum, "{code}");
  add("far", Kind::foreign, "", CheckDigit::none, S::none, C::any, "{code}");
  rules.back().library = "far";
  return CardRules(std::move(rules), "fuzz");
}

void exercise(const CardRules& rules, std::string_view text) {
  const Scan scan = parseAim(text);
  (void)rules.classify(scan);
  (void)rules.classify(scan, Meaning::What::item);
  (void)rules.classify(Scan{std::string(text), Symbology::unknown, "fuzz"});
  (void)rules.institutionOfPatron(text);
  (void)rules.ownerInNetwork(text);
  (void)rules.ruleForIsil(text);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const CardRules network = ventspils();
  static const CardRules features = everyFeature();
  static const CardRules none;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  exercise(network, text);
  exercise(features, text);
  exercise(none, text);
  for (auto c : {CheckDigit::none, CheckDigit::luhn, CheckDigit::mod10, CheckDigit::mod11}) {
    (void)checkDigitOk(c, text);
  }
  if (auto doc = ConfigDoc::parse(text, "network.toml")) {
    const auto rules = CardRules::fromConfig(*doc);
    (void)doc->finish();
    for (const char* code : {"]E02100001234560", "PIL0012345", "]F0A1234567B", "]Q1LASIS:CARD:2100001234560",
                             "30012345", "STAFF042", ""}) {
      exercise(rules, code);
    }
  }
  return 0;
}
