#include "common/scan/cardrules.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace lasis::scan {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAlnum(char c) { return isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool isPrintable(char c) { return c >= 0x20 && c <= 0x7E; }
bool allDigits(std::string_view s) { return std::all_of(s.begin(), s.end(), isDigit); }

char lowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
/// ISO 15511: an ISIL is not case-sensitive ("LV-VEN01" and "lv-ven01" are one library).
bool sameIsil(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return lowerAscii(x) == lowerAscii(y);
         });
}

std::string_view trimSpaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool isCodabarStartStop(char c) { return (c >= 'A' && c <= 'D') || (c >= 'a' && c <= 'd'); }

/// The code as the rule sees it: start/stop characters off. Only a pair is stripped (a scanner
/// sends both or neither), so a code that merely ends in "D" keeps it.
std::string_view stripped(const CardRule& rule, std::string_view code) {
  if (code.size() < 2) return code;
  switch (rule.strip) {
  case CardRule::Strip::none: return code;
  case CardRule::Strip::codabar:
    if (isCodabarStartStop(code.front()) && isCodabarStartStop(code.back())) return code.substr(1, code.size() - 2);
    return code;
  case CardRule::Strip::code39:
    if (code.front() == '*' && code.back() == '*') return code.substr(1, code.size() - 2);
    return code;
  }
  return code;
}

/// The part of a code its check digit covers. A numeric prefix is part of the number (EAN-13's
/// country/issuer digits, a card range's leading digits); a prefix with any other character is a
/// label in front of it ("PIL", "LASIS:CARD:") and is not.
std::string_view checkedPart(const CardRule& rule, std::string_view code) {
  if (allDigits(rule.prefix)) return code;
  return code.substr(std::min(rule.prefix.size(), code.size()));
}

bool charsetOk(const CardRule& rule, std::string_view rest) {
  if (rule.charset == CardRule::Charset::any) return true;  // printable ASCII: checked for the whole code first
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    // A mod-11 check digit of 10 is written X (ISBN-10), also under charset = "digits".
    if (rule.charset == CardRule::Charset::digits) {
      const bool checkX = rule.check == CheckDigit::mod11 && i + 1 == rest.size() && (c == 'X' || c == 'x');
      if (!isDigit(c) && !checkX) return false;
    } else if (!isAlnum(c)) {
      return false;
    }
  }
  return true;
}

bool symbologyFits(const CardRule& rule, Symbology s) {
  // A scanner not set to send AIM identifiers tells us nothing, so such a scan fits any rule.
  if (rule.symbologies.empty() || s == Symbology::unknown) return true;
  return std::find(rule.symbologies.begin(), rule.symbologies.end(), s) != rule.symbologies.end();
}

/// Prefix, length and charset (not the symbology, not the check digit).
bool shapeFits(const CardRule& rule, std::string_view code) {
  if (code.substr(0, rule.prefix.size()) != rule.prefix) return false;
  if (code.size() < rule.minLength || code.size() > rule.maxLength) return false;
  return charsetOk(rule, code.substr(rule.prefix.size()));
}

bool checkOk(const CardRule& rule, std::string_view code) {
  return checkDigitOk(rule.check, checkedPart(rule, code));
}

/// {body}: the code without its prefix and without its check digit (when the rule has one).
std::string_view bodyOf(const CardRule& rule, std::string_view code) {
  auto body = code.substr(std::min(rule.prefix.size(), code.size()));
  if (rule.check != CheckDigit::none && !body.empty()) body.remove_suffix(1);
  return body;
}

/// One piece of a patron_id form: literal text, or a placeholder's name ("code", "body").
struct FormPart {
  bool placeholder = false;
  std::string text;
};

/// Splits "VEN-{body}" into its literal text and placeholders. An unclosed "{" is literal text
/// (fromConfig reports it; a rule built in code keeps it as written).
std::vector<FormPart> parseForm(std::string_view form) {
  std::vector<FormPart> parts;
  std::string literal;
  std::size_t i = 0;
  while (i < form.size()) {
    if (form[i] == '{') {
      const auto close = form.find('}', i);
      if (close != std::string_view::npos) {
        if (!literal.empty()) parts.push_back({false, std::exchange(literal, {})});
        parts.push_back({true, std::string(form.substr(i + 1, close - i - 1))});
        i = close + 1;
        continue;
      }
    }
    literal += form[i++];
  }
  if (!literal.empty()) parts.push_back({false, literal});
  return parts;
}

std::string renderPatronId(const CardRule& rule, std::string_view code) {
  std::string id;
  for (const auto& p : parseForm(rule.patronIdForm)) {
    if (!p.placeholder) id += p.text;
    else if (p.text == "code") id += code;
    else if (p.text == "body") id += bodyOf(rule, code);
    else id += "{" + p.text + "}";  // unknown: fromConfig refuses it; kept as written otherwise
  }
  return id;
}

/// Could `value` be what {name} put into a patron id under `rule`?
bool placeholderFits(const CardRule& rule, const std::string& name, std::string_view value) {
  if (name == "code") return shapeFits(rule, value) && checkOk(rule, value);
  if (name == "body") {
    // The code was prefix + body (+ one check digit): its length window, moved onto the body.
    const std::size_t extra = rule.prefix.size() + (rule.check != CheckDigit::none ? 1 : 0);
    if (value.empty() || value.size() + extra < rule.minLength || value.size() + extra > rule.maxLength) return false;
    if (rule.charset == CardRule::Charset::digits) return allDigits(value);
    if (rule.charset == CardRule::Charset::alnum) return std::all_of(value.begin(), value.end(), isAlnum);
    return std::all_of(value.begin(), value.end(), isPrintable);
  }
  return false;
}

/// Matches `id` against the form's parts from `part` on; a placeholder met twice must have the
/// same value both times. Backtracks over where each placeholder ends (ids are short).
bool formMatches(const CardRule& rule, const std::vector<FormPart>& parts, std::size_t part, std::string_view id,
                 std::map<std::string, std::string>& bound) {
  if (part == parts.size()) return id.empty();
  const auto& p = parts[part];
  if (!p.placeholder) {
    if (id.substr(0, p.text.size()) != p.text) return false;
    return formMatches(rule, parts, part + 1, id.substr(p.text.size()), bound);
  }
  if (auto it = bound.find(p.text); it != bound.end()) {
    if (id.substr(0, it->second.size()) != it->second) return false;
    return formMatches(rule, parts, part + 1, id.substr(it->second.size()), bound);
  }
  // The last part takes the rest; otherwise try each length up to the longest code the rule
  // takes, where the literal text after the placeholder follows (ids are short, forms have one
  // or two placeholders: this stays well under a millisecond even on a fuzzer's 4 KiB input).
  const bool last = part + 1 == parts.size();
  const std::string* literalNext = !last && !parts[part + 1].placeholder ? &parts[part + 1].text : nullptr;
  const std::size_t lo = last ? id.size() : 1;
  const std::size_t hi = std::min(id.size(), rule.maxLength);
  for (std::size_t n = lo; n <= hi; ++n) {
    if (literalNext && id.substr(n, literalNext->size()) != *literalNext) continue;
    const auto value = id.substr(0, n);
    if (!placeholderFits(rule, p.text, value)) continue;
    bound[p.text] = std::string(value);
    if (formMatches(rule, parts, part + 1, id.substr(n), bound)) return true;
    bound.erase(p.text);
  }
  return false;
}

Meaning unrecognised(std::string reason, std::string rule = {}) {
  Meaning m;
  m.what = Meaning::What::unrecognised;
  m.reason = std::move(reason);
  m.rule = std::move(rule);
  return m;
}

} // namespace

std::string_view toString(CheckDigit c) {
  switch (c) {
  case CheckDigit::none: return "none";
  case CheckDigit::luhn: return "luhn";
  case CheckDigit::mod10: return "mod10";
  case CheckDigit::mod11: return "mod11";
  }
  return "none";
}

std::string_view toString(Kind k) {
  switch (k) {
  case Kind::patron: return "patron";
  case Kind::item: return "item";
  case Kind::staff: return "staff";
  case Kind::foreign: return "foreign";
  }
  return "patron";
}

std::string_view toString(Meaning::What w) {
  switch (w) {
  case Meaning::What::patron: return "patron";
  case Meaning::What::item: return "item";
  case Meaning::What::staff: return "staff";
  case Meaning::What::foreign: return "foreign";
  case Meaning::What::unrecognised: return "unrecognised";
  }
  return "unrecognised";
}

bool checkDigitOk(CheckDigit c, std::string_view code) {
  if (c == CheckDigit::none) return true;
  if (code.size() < 2) return false;  // a check digit over nothing checks nothing
  const auto body = code.substr(0, code.size() - 1);
  const char last = code.back();
  if (!allDigits(body)) return false;
  switch (c) {
  case CheckDigit::none: return true;
  case CheckDigit::luhn: {
    if (!isDigit(last)) return false;
    // From the right, the check digit itself undoubled, every second digit before it doubled.
    unsigned sum = 0;
    bool twice = false;
    for (auto it = code.rbegin(); it != code.rend(); ++it, twice = !twice) {
      unsigned d = static_cast<unsigned>(*it - '0');
      if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    return sum % 10 == 0;
  }
  case CheckDigit::mod10: {
    if (!isDigit(last)) return false;
    // EAN/UPC: the body's rightmost digit weighs 3, the next 1, and so on.
    unsigned sum = 0;
    unsigned weight = 3;
    for (auto it = body.rbegin(); it != body.rend(); ++it, weight = 4 - weight) {
      sum += static_cast<unsigned>(*it - '0') * weight;
    }
    return (10 - sum % 10) % 10 == static_cast<unsigned>(last - '0');
  }
  case CheckDigit::mod11: {
    // ISBN-10 style: weights 2, 3, 4, … from the body's right; a check of 10 is written X.
    unsigned long sum = 0;
    unsigned long weight = 2;
    for (auto it = body.rbegin(); it != body.rend(); ++it, ++weight) {
      sum += static_cast<unsigned long>(*it - '0') * weight;
    }
    const unsigned long check = (11 - sum % 11) % 11;
    if (last == 'X' || last == 'x') return check == 10;
    return isDigit(last) && check == static_cast<unsigned long>(last - '0');
  }
  }
  return false;
}

CardRules::CardRules(std::vector<CardRule> rules, std::string network)
    : m_rules(std::move(rules)), m_network(std::move(network)) {}

Meaning CardRules::classify(const Scan& scan, Meaning::What assumeWithoutRules) const {
  // Scanners pad some codes with spaces (a fixed-width Code 39 field); no card number has them at
  // its ends.
  const std::string_view text = trimSpaces(scan.text);
  if (text.empty()) return unrecognised("empty code");
  if (text.size() > kMaxCodeLength) return unrecognised("longer than " + std::to_string(kMaxCodeLength) + " characters");
  // Printable ASCII only: every card and item symbology we read encodes ASCII, and the id goes
  // into SIP2 fields where a control character would end or corrupt the message.
  if (!std::all_of(text.begin(), text.end(), isPrintable)) return unrecognised("has characters that are not printable ASCII");

  if (m_rules.empty()) {
    // A caller that assumes nothing gets nothing, with a reason and, as every unrecognised
    // Meaning, no id.
    if (assumeWithoutRules == Meaning::What::unrecognised) return unrecognised("no card rules configured");
    Meaning m;
    m.what = assumeWithoutRules;
    m.id = std::string(text);
    return m;
  }

  for (const auto& rule : m_rules) {
    if (!symbologyFits(rule, scan.symbology)) continue;
    const auto code = stripped(rule, text);
    // A prefix that fits with a length or charset that does not is another rule's code (a member
    // library's range inside the network's), so the next rule is tried.
    if (!shapeFits(rule, code)) continue;
    // The shape fits but the sum does not: a misread, not another kind of card. Trying further
    // rules would only find a looser one that takes the misread as something else.
    if (!checkOk(rule, code)) return unrecognised("check digit wrong (rule " + rule.name + "): a misread?", rule.name);
    Meaning m;
    m.rule = rule.name;
    m.library = rule.library;
    switch (rule.kind) {
    case Kind::patron:
      m.what = Meaning::What::patron;
      m.id = renderPatronId(rule, code);
      m.institution = rule.institution;
      break;
    case Kind::item:
      m.what = Meaning::What::item;
      m.id = std::string(code);
      break;
    case Kind::staff:
      m.what = Meaning::What::staff;
      m.id = std::string(code);
      break;
    case Kind::foreign:
      // No id: the kiosk only tells the patron where to go, and another library's card number
      // has no business in our logs.
      m.what = Meaning::What::foreign;
      break;
    }
    return m;
  }
  return unrecognised("fits no card rule");
}

std::string CardRules::institutionOfPatron(std::string_view patronId) const {
  if (patronId.empty() || patronId.size() > 4 * kMaxCodeLength) return {};
  for (const auto& rule : m_rules) {
    if (rule.kind != Kind::patron) continue;
    std::map<std::string, std::string> bound;
    if (formMatches(rule, parseForm(rule.patronIdForm), 0, patronId, bound)) return rule.institution;
  }
  return {};
}

bool CardRules::ownerInNetwork(std::string_view isil) const {
  if (isil.empty()) return true;
  bool networkListsIsils = false;
  for (const auto& rule : m_rules) {
    for (const auto& own : rule.isil) {
      if (sameIsil(own, isil)) return rule.kind != Kind::foreign;
    }
    if (rule.kind != Kind::foreign && !rule.isil.empty()) networkListsIsils = true;
  }
  // A network that names none of its own libraries' ISILs cannot tell ours from theirs: the
  // tag is taken, as before issue 20 (a foreign rule's ISIL was refused above).
  return !networkListsIsils;
}

const CardRule* CardRules::ruleForIsil(std::string_view isil) const {
  if (isil.empty()) return nullptr;
  for (const auto& rule : m_rules) {
    for (const auto& own : rule.isil) {
      if (sameIsil(own, isil)) return &rule;
    }
  }
  return nullptr;
}

CardRules CardRules::fromConfig(ConfigDoc& doc) {
  if (!doc.has("network")) return CardRules();
  std::string network = doc.string("network.name", "");
  std::vector<CardRule> rules;
  std::set<std::string> names;
  const auto keys = doc.tableArray("network.cards");
  if (keys.empty() && !doc.has("network.cards")) {
    doc.addError("network", "has no card rules: add at least one [[network.cards]] (or remove [network])");
  }
  for (const auto& k : keys) {
    CardRule r;
    r.name = doc.string(k + ".name", "");
    if (r.name.empty()) doc.addError(k, "needs a name (name = \"…\"), for logs and errors");
    else if (!names.insert(r.name).second) doc.addError(k + ".name", "\"" + r.name + "\" names two rules");

    const auto kind = doc.choice(k + ".kind", "patron", {"patron", "item", "staff", "foreign"});
    r.kind = kind == "item" ? Kind::item : kind == "staff" ? Kind::staff : kind == "foreign" ? Kind::foreign : Kind::patron;
    r.prefix = doc.string(k + ".prefix", "");
    if (!std::all_of(r.prefix.begin(), r.prefix.end(), isPrintable)) {
      doc.addError(k + ".prefix", "must be printable ASCII (a scanned code never has anything else)");
    }

    // Lengths are read with -1 as the fallback, so that a value integer() already refused (not a
    // number, out of range) is not named a second time for being 0 or out of order.
    const auto max = static_cast<std::int64_t>(kMaxCodeLength);
    const auto length = [&](const char* key) { return doc.integer(k + key, -1, 0, max); };
    if (doc.has(k + ".length")) {
      const auto len = length(".length");
      if (len == 0) doc.addError(k + ".length", "is 0: no code has that length");
      if (len > 0) r.minLength = r.maxLength = static_cast<std::size_t>(len);
      if (doc.has(k + ".min_length") || doc.has(k + ".max_length")) {
        doc.addError(k + ".length", "is given with min_length/max_length: use one or the other");
        (void)length(".min_length");
        (void)length(".max_length");
      }
    } else {
      const auto lo = length(".min_length");
      const auto hi = length(".max_length");
      if (lo == 0) doc.addError(k + ".min_length", "is 0: no code has that length (the shortest is 1)");
      if (hi == 0) doc.addError(k + ".max_length", "is 0: no code has that length");
      if (lo > 0) r.minLength = static_cast<std::size_t>(lo);
      if (hi > 0) r.maxLength = static_cast<std::size_t>(hi);
      if (lo > 0 && hi > 0 && lo > hi) {
        doc.addError(k + ".min_length", "is " + std::to_string(lo) + ", more than max_length " + std::to_string(hi));
      }
    }

    const auto charset = doc.choice(k + ".charset", "any", {"digits", "alnum", "any"});
    r.charset = charset == "digits"  ? CardRule::Charset::digits
                : charset == "alnum" ? CardRule::Charset::alnum
                                     : CardRule::Charset::any;
    const auto check = doc.choice(k + ".check", "none", {"none", "luhn", "mod10", "mod11"});
    r.check = check == "luhn" ? CheckDigit::luhn : check == "mod10" ? CheckDigit::mod10 : check == "mod11" ? CheckDigit::mod11 : CheckDigit::none;
    if (r.maxLength < r.prefix.size() + (r.check != CheckDigit::none ? 1 : 0) + 1 && r.maxLength >= r.minLength) {
      std::string what = "leaves no room after the prefix \"" + r.prefix + "\"";
      if (r.check != CheckDigit::none) what += " and the check digit";
      const bool exact = doc.has(k + ".length");
      doc.addError(exact ? k + ".length" : k + ".max_length", what);
    }

    for (const auto& name : doc.strings(k + ".symbologies", {})) {
      const auto s = symbologyFromString(name);
      if (!s || *s == Symbology::unknown) {
        doc.addError(k + ".symbologies", "has an unknown symbology '" + name +
                                             "' (one of: code39, code128, codabar, ean13, itf, qr, datamatrix, other)");
      } else if (std::find(r.symbologies.begin(), r.symbologies.end(), *s) == r.symbologies.end()) {
        r.symbologies.push_back(*s);
      }
    }
    const auto strip = doc.choice(k + ".strip", "none", {"none", "codabar", "code39"});
    r.strip = strip == "codabar" ? CardRule::Strip::codabar : strip == "code39" ? CardRule::Strip::code39 : CardRule::Strip::none;

    r.institution = doc.string(k + ".institution", "");
    r.patronIdForm = doc.string(k + ".patron_id", r.patronIdForm);
    for (std::size_t open = r.patronIdForm.find('{'); open != std::string::npos; open = r.patronIdForm.find('{', open + 1)) {
      const auto close = r.patronIdForm.find('}', open);
      if (close == std::string::npos) {
        doc.addError(k + ".patron_id", "has a '{' with no '}' (placeholders are {code} and {body})");
        break;
      }
      const auto name = r.patronIdForm.substr(open + 1, close - open - 1);
      if (name == "body" && r.prefix.empty() && r.check == CheckDigit::none) {
        doc.addError(k + ".patron_id", "uses {body}, but the rule has no prefix and no check digit, so {body} is "
                                       "the whole code: write {code}");
      } else if (name != "code" && name != "body") {
        doc.addError(k + ".patron_id", "has an unknown placeholder {" + name + "} (placeholders are {code} and {body})");
      }
    }
    if (r.kind == Kind::patron && r.patronIdForm.find('{') == std::string::npos) {
      doc.addError(k + ".patron_id", "has no {code} or {body}: every card would be one patron");
    }

    r.library = doc.string(k + ".library", "");
    if (r.kind == Kind::foreign && r.library.empty()) {
      doc.addError(k, "is a foreign rule without library = \"…\": the patron must be told where to go");
    }
    r.isil = doc.strings(k + ".isil", {});
    for (const auto& i : r.isil) {
      if (i.empty() || i.size() > 16 || !std::all_of(i.begin(), i.end(), isPrintable)) {
        doc.addError(k + ".isil", "has \"" + i + "\", not an ISIL (ISO 15511: up to 16 characters, e.g. LV-VEN01)");
        continue;
      }
      // One library, one rule: ruleForIsil() would otherwise answer with whichever came first.
      for (const auto& earlier : rules) {
        if (std::any_of(earlier.isil.begin(), earlier.isil.end(), [&](const auto& e) { return sameIsil(e, i); })) {
          doc.addError(k + ".isil", "has \"" + i + "\", which rule \"" + earlier.name + "\" lists already");
        }
      }
    }
    rules.push_back(std::move(r));
  }
  return CardRules(std::move(rules), std::move(network));
}

} // namespace lasis::scan
