// The network's card rules (issue 20): check digits over real sample numbers, what each code of
// the Ventspils network (tests/data/network-ventspils.toml) turns out to be, the reverse map from
// a patron id to its institution, ISIL ownership, and every mistake a [network] config can hold.
#include "common/scan/cardrules.h"

#include <gtest/gtest.h>

#include <string>

using namespace lasis;
using namespace lasis::scan;

namespace {

using What = Meaning::What;

Scan scanOf(std::string text, Symbology s = Symbology::unknown) { return Scan{std::move(text), s, "test"}; }

CardRules ventspils() {
  auto doc = ConfigDoc::load(std::string(LASIS_TEST_DATA_DIR) + "/network-ventspils.toml");
  EXPECT_TRUE(doc.ok()) << doc.error().message();
  auto rules = CardRules::fromConfig(*doc);
  const auto st = doc->finish();
  EXPECT_TRUE(st.ok()) << st.error().message();
  return rules;
}

CardRule rule(std::string name, Kind kind, std::string prefix, std::size_t minLength, std::size_t maxLength) {
  CardRule r;
  r.name = std::move(name);
  r.kind = kind;
  r.prefix = std::move(prefix);
  r.minLength = minLength;
  r.maxLength = maxLength;
  r.charset = CardRule::Charset::digits;
  return r;
}

} // namespace

TEST(CheckDigit, Mod10IsEanUpc) {
  EXPECT_TRUE(checkDigitOk(CheckDigit::mod10, "4006381333931"));
  EXPECT_TRUE(checkDigitOk(CheckDigit::mod10, "9780306406157"));
  EXPECT_TRUE(checkDigitOk(CheckDigit::mod10, "036000291452"));  // UPC-A
  EXPECT_FALSE(checkDigitOk(CheckDigit::mod10, "4006381333932"));  // the check digit off by one
  EXPECT_FALSE(checkDigitOk(CheckDigit::mod10, "4006381334931"));  // a body digit off by one
  EXPECT_FALSE(checkDigitOk(CheckDigit::mod10, "9780306406147"));
  EXPECT_FALSE(checkDigitOk(CheckDigit::mod10, "978030640615X"));
}

TEST(CheckDigit, Luhn) {
  EXPECT_TRUE(checkDigitOk(CheckDigit::luhn, "79927398713"));
  EXPECT_TRUE(checkDigitOk(CheckDigit::luhn, "4111111111111111"));
  EXPECT_FALSE(checkDigitOk(CheckDigit::luhn, "79927398710"));
  EXPECT_FALSE(checkDigitOk(CheckDigit::luhn, "79927398813"));
  EXPECT_FALSE(checkDigitOk(CheckDigit::luhn, "79927398731"));  // two digits swapped
}

TEST(CheckDigit, Mod11IsIsbn10WithX) {
  EXPECT_TRUE(checkDigitOk(CheckDigit::mod11, "0306406152"));
  EXPECT_TRUE(checkDigitOk(CheckDigit::mod11, "080442957X"));
  EXPECT_TRUE(checkDigitOk(CheckDigit::mod11, "080442957x"));
  EXPECT_FALSE(checkDigitOk(CheckDigit::mod11, "0306406153"));
  EXPECT_FALSE(checkDigitOk(CheckDigit::mod11, "0306406252"));
  EXPECT_FALSE(checkDigitOk(CheckDigit::mod11, "0804429570"));  // 10 is written X, never 0
  EXPECT_FALSE(checkDigitOk(CheckDigit::mod11, "03064061X2"));  // X only as the check digit
}

TEST(CheckDigit, NothingToCheckFailsAndNoneAlwaysPasses) {
  for (auto c : {CheckDigit::luhn, CheckDigit::mod10, CheckDigit::mod11}) {
    EXPECT_FALSE(checkDigitOk(c, "")) << toString(c);
    EXPECT_FALSE(checkDigitOk(c, "0")) << toString(c);
    EXPECT_FALSE(checkDigitOk(c, "12 4")) << toString(c);
    EXPECT_FALSE(checkDigitOk(c, "ABC")) << toString(c);
  }
  EXPECT_TRUE(checkDigitOk(CheckDigit::none, ""));
  EXPECT_TRUE(checkDigitOk(CheckDigit::none, "ABC"));
}

TEST(CardRules, VentspilsSampleCodes) {
  const auto rules = ventspils();
  ASSERT_EQ(rules.rules().size(), 7u);
  EXPECT_EQ(rules.network(), "Ventspils");
  struct Case {
    const char* raw;  // as the scanner sends it, AIM identifier and all
    What what;
    const char* id;
    const char* institution;
    const char* rule;
  };
  for (const auto& c : std::initializer_list<Case>{
           {"]E02100001234560", What::patron, "2100001234560", "VEN", "ventspils"},
           {"]C02100007654324", What::patron, "2100007654324", "VEN", "ventspils"},
           {"2100001234560", What::patron, "2100001234560", "VEN", "ventspils"},  // no identifier sent
           {"]C0PIL0012345", What::patron, "PIL0012345", "PIL", "piltene"},
           {"]A0*PIL0012345*", What::patron, "PIL0012345", "PIL", "piltene"},  // Code 39 with its stars
           {"]F0A1234567B", What::patron, "1234567", "UGA", "ugale"},
           {"]F0c7654321d", What::patron, "7654321", "UGA", "ugale"},
           {"]Q1LASIS:CARD:2100001234560", What::patron, "2100001234560", "VEN", "phone"},
           {"]d2LASIS:CARD:2100007654324", What::patron, "2100007654324", "VEN", "phone"},
           {"]E02300045678904", What::foreign, "", "", "liepaja"},
           {"]I130012345", What::item, "30012345", "", "items"},
           {"30012345", What::item, "30012345", "", "items"},
           {" 30012345  ", What::item, "30012345", "", "items"},  // a padded fixed-width field
           {"]C0STAFF042", What::staff, "STAFF042", "", "staff"},
       }) {
    const auto m = rules.classify(parseAim(c.raw));
    EXPECT_EQ(toString(m.what), toString(c.what)) << c.raw << ": " << m.reason;
    EXPECT_EQ(m.id, c.id) << c.raw;
    EXPECT_EQ(m.institution, c.institution) << c.raw;
    EXPECT_EQ(m.rule, c.rule) << c.raw;
  }
  const auto liepaja = rules.classify(parseAim("]E02300045678904"));
  EXPECT_EQ(liepaja.library, "Liepājas Centrālā zinātniskā bibliotēka");
  EXPECT_EQ(rules.classify(parseAim("PIL0012345")).library, "Piltenes bibliotēka");
}

TEST(CardRules, VentspilsCodesThatAreNothing) {
  const auto rules = ventspils();
  struct Case {
    const char* raw;
    const char* reason;
    const char* rule;
  };
  for (const auto& c : std::initializer_list<Case>{
           {"]E02100001234561", "check digit wrong (rule ventspils): a misread?", "ventspils"},
           {"]E02300045678905", "check digit wrong (rule liepaja): a misread?", "liepaja"},
           {"]Q12100001234560", "fits no card rule", ""},  // a Ventspils number, but not in a QR
           {"PIL12345", "fits no card rule", ""},  // Piltene's prefix, too short
           {"PIL001234A", "fits no card rule", ""},  // Piltene's prefix, not digits
           {"]Q1LASIS:CARD:", "fits no card rule", ""},
           {"]Q1https://example.org/", "fits no card rule", ""},
           {"4006381333931", "fits no card rule", ""},  // a book's EAN, not ours
           {"", "empty code", ""},
           {"   ", "empty code", ""},
           {"3001\t2345", "has characters that are not printable ASCII", ""},
           {"3001\xC4\x81" "2345", "has characters that are not printable ASCII", ""},
       }) {
    const auto m = rules.classify(parseAim(c.raw));
    EXPECT_EQ(m.what, What::unrecognised) << c.raw;
    EXPECT_EQ(m.reason, c.reason) << c.raw;
    EXPECT_EQ(m.rule, c.rule) << c.raw;
    EXPECT_EQ(m.id, "") << c.raw;
  }
}

TEST(CardRules, APrefixThatFitsWithTheWrongLengthGoesOnToTheNextRule) {
  auto card = rule("card", Kind::patron, "21", 13, 13);
  card.check = CheckDigit::mod10;
  const CardRules rules({card, rule("short", Kind::item, "21", 8, 8)});
  EXPECT_EQ(rules.classify(scanOf("21000001")).what, What::item);
  EXPECT_EQ(rules.classify(scanOf("2100001234560")).what, What::patron);
  // The card rule's shape fits and its sum does not: a misread, not handed to a looser rule.
  auto loose = rule("loose", Kind::item, "", 1, 20);
  const CardRules withLoose({card, loose});
  const auto m = withLoose.classify(scanOf("2100001234561"));
  EXPECT_EQ(m.what, What::unrecognised);
  EXPECT_EQ(m.reason, "check digit wrong (rule card): a misread?");
}

TEST(CardRules, SymbologiesNarrowARuleButAnUnknownSymbologyFitsIt) {
  auto qr = rule("qr", Kind::patron, "", 1, 20);
  qr.symbologies = {Symbology::qr};
  const CardRules rules({qr});
  EXPECT_EQ(rules.classify(scanOf("123", Symbology::qr)).what, What::patron);
  EXPECT_EQ(rules.classify(scanOf("123", Symbology::unknown)).what, What::patron);
  EXPECT_EQ(rules.classify(scanOf("123", Symbology::code128)).what, What::unrecognised);
  EXPECT_EQ(rules.classify(scanOf("123", Symbology::other)).what, What::unrecognised);
}

TEST(CardRules, StripTakesStartAndStopPairsOnly) {
  auto codabar = rule("c", Kind::patron, "", 1, 20);
  codabar.strip = CardRule::Strip::codabar;
  const CardRules rules({codabar});
  EXPECT_EQ(rules.classify(scanOf("A12345B")).id, "12345");
  EXPECT_EQ(rules.classify(scanOf("d12345a")).id, "12345");
  EXPECT_EQ(rules.classify(scanOf("A12345")).what, What::unrecognised);  // one end only: not stripped, not digits
  EXPECT_EQ(rules.classify(scanOf("AB")).what, What::unrecognised);  // nothing inside
  auto code39 = rule("s", Kind::item, "3", 8, 8);
  code39.strip = CardRule::Strip::code39;
  const CardRules stars({code39});
  EXPECT_EQ(stars.classify(scanOf("*30012345*")).id, "30012345");
  EXPECT_EQ(stars.classify(scanOf("30012345")).id, "30012345");
  EXPECT_EQ(stars.classify(scanOf("*30012345")).what, What::unrecognised);
}

TEST(CardRules, PatronIdForms) {
  auto ean = rule("ean", Kind::patron, "2100", 13, 13);
  ean.check = CheckDigit::mod10;
  ean.institution = "VEN";
  ean.patronIdForm = "VEN-{body}";
  auto both = rule("both", Kind::patron, "PIL", 10, 10);
  both.patronIdForm = "{code}/{body}";
  const CardRules rules({ean, both});
  const auto m = rules.classify(scanOf("2100001234560"));
  EXPECT_EQ(m.id, "VEN-00123456");  // prefix and check digit off, literal text kept
  EXPECT_EQ(m.institution, "VEN");
  EXPECT_EQ(rules.classify(scanOf("PIL0012345")).id, "PIL0012345/0012345");
}

TEST(CardRules, WithoutRulesEveryCodeIsTakenAsItComes) {
  const CardRules none;
  EXPECT_TRUE(none.empty());
  auto m = none.classify(scanOf("  P100 "));
  EXPECT_EQ(m.what, What::patron);
  EXPECT_EQ(m.id, "P100");
  EXPECT_EQ(m.institution, "");
  m = none.classify(scanOf("B1"), What::item);
  EXPECT_EQ(m.what, What::item);
  EXPECT_EQ(m.id, "B1");
  m = none.classify(scanOf("B1"), What::unrecognised);  // a caller that assumes nothing
  EXPECT_EQ(m.what, What::unrecognised);
  EXPECT_EQ(m.reason, "no card rules configured");
  EXPECT_EQ(m.id, "");
  EXPECT_EQ(none.classify(scanOf("")).what, What::unrecognised);
  EXPECT_EQ(none.classify(scanOf(" ")).what, What::unrecognised);
  EXPECT_EQ(none.classify(scanOf(std::string("P1\0" "00", 5))).what, What::unrecognised);
  EXPECT_EQ(none.classify(scanOf("P100\r")).what, What::unrecognised);
  EXPECT_EQ(none.classify(scanOf(std::string(kMaxCodeLength + 1, '7'))).what, What::unrecognised);
}

TEST(CardRules, InstitutionOfPatronReversesTheForm) {
  const auto rules = ventspils();
  EXPECT_EQ(rules.institutionOfPatron("2100001234560"), "VEN");
  EXPECT_EQ(rules.institutionOfPatron("PIL0012345"), "PIL");
  EXPECT_EQ(rules.institutionOfPatron("1234567"), "UGA");
  EXPECT_EQ(rules.institutionOfPatron("PIL00123"), "");  // Piltene's prefix, wrong length; no digits-only form takes it
  EXPECT_EQ(rules.institutionOfPatron(""), "");
  EXPECT_EQ(rules.institutionOfPatron("STAFF042"), "");  // a staff rule is no patron's

  auto ean = rule("ean", Kind::patron, "2100", 13, 13);
  ean.check = CheckDigit::mod10;
  ean.institution = "VEN";
  ean.patronIdForm = "VEN-{body}";
  auto pil = rule("pil", Kind::patron, "PIL", 10, 10);
  pil.institution = "PIL";
  pil.patronIdForm = "{code}@piltene";
  const CardRules forms({ean, pil});
  EXPECT_EQ(forms.institutionOfPatron("VEN-00123456"), "VEN");
  EXPECT_EQ(forms.institutionOfPatron("VEN-0012345"), "");  // a body one digit short
  EXPECT_EQ(forms.institutionOfPatron("VEN-0012345A"), "");  // not digits
  EXPECT_EQ(forms.institutionOfPatron("XVEN-00123456"), "");  // the literal text must match
  EXPECT_EQ(forms.institutionOfPatron("PIL0012345@piltene"), "PIL");
  EXPECT_EQ(forms.institutionOfPatron("PIL0012345"), "");
  EXPECT_EQ(forms.institutionOfPatron("PIL001234@piltene"), "");

  auto luhn = rule("luhn", Kind::patron, "", 11, 11);
  luhn.check = CheckDigit::luhn;
  luhn.institution = "L";
  const CardRules checked({luhn});
  EXPECT_EQ(checked.institutionOfPatron("79927398713"), "L");
  EXPECT_EQ(checked.institutionOfPatron("79927398714"), "");  // {code} must pass the check too
}

TEST(CardRules, IsilOwnership) {
  const auto rules = ventspils();
  EXPECT_TRUE(rules.ownerInNetwork("LV-VEN01"));
  EXPECT_TRUE(rules.ownerInNetwork("lv-pil01"));  // ISILs are not case-sensitive (ISO 15511)
  EXPECT_TRUE(rules.ownerInNetwork(""));  // a tag that names no owner
  EXPECT_FALSE(rules.ownerInNetwork("LV-LIE01"));  // listed, as a foreign library's
  EXPECT_FALSE(rules.ownerInNetwork("LV-RIG01"));  // listed nowhere
  ASSERT_NE(rules.ruleForIsil("LV-PIL01"), nullptr);
  EXPECT_EQ(rules.ruleForIsil("LV-PIL01")->name, "piltene");
  EXPECT_EQ(rules.ruleForIsil("LV-LIE01")->kind, Kind::foreign);
  EXPECT_EQ(rules.ruleForIsil("LV-RIG01"), nullptr);
  EXPECT_EQ(rules.ruleForIsil(""), nullptr);

  // A network that lists none of its own ISILs cannot tell: every owner is taken.
  EXPECT_TRUE(CardRules().ownerInNetwork("LV-RIG01"));
  auto foreign = rule("far", Kind::foreign, "23", 13, 13);
  foreign.library = "Far away";
  foreign.isil = {"LV-LIE01"};
  const CardRules onlyForeign({rule("own", Kind::patron, "21", 13, 13), foreign});
  EXPECT_TRUE(onlyForeign.ownerInNetwork("LV-RIG01"));
  EXPECT_FALSE(onlyForeign.ownerInNetwork("LV-LIE01"));
}

TEST(CardRulesConfig, ReadsTheVentspilsNetwork) {
  const auto rules = ventspils();
  const auto& r = rules.rules();
  ASSERT_EQ(r.size(), 7u);
  EXPECT_EQ(r[0].name, "ventspils");
  EXPECT_EQ(r[0].kind, Kind::patron);
  EXPECT_EQ(r[0].prefix, "2100");
  EXPECT_EQ(r[0].minLength, 13u);
  EXPECT_EQ(r[0].maxLength, 13u);
  EXPECT_EQ(r[0].charset, CardRule::Charset::digits);
  EXPECT_EQ(r[0].check, CheckDigit::mod10);
  EXPECT_EQ(r[0].symbologies, (std::vector<Symbology>{Symbology::ean13, Symbology::code128}));
  EXPECT_EQ(r[0].institution, "VEN");
  EXPECT_EQ(r[0].isil, std::vector<std::string>{"LV-VEN01"});
  EXPECT_EQ(r[2].strip, CardRule::Strip::codabar);
  EXPECT_EQ(r[2].patronIdForm, "{code}");  // the default
  EXPECT_EQ(r[3].minLength, 12u);
  EXPECT_EQ(r[3].maxLength, 40u);
  EXPECT_EQ(r[3].patronIdForm, "{body}");
  EXPECT_EQ(r[4].kind, Kind::foreign);
  EXPECT_EQ(r[5].kind, Kind::item);
  EXPECT_EQ(r[6].kind, Kind::staff);
  EXPECT_EQ(r[6].charset, CardRule::Charset::digits);
}

TEST(CardRulesConfig, NoNetworkMeansNoRules) {
  auto doc = ConfigDoc::parse("[kiosk]\nid = \"k1\"\n", "kiosk.toml");
  ASSERT_TRUE(doc.ok());
  const auto rules = CardRules::fromConfig(*doc);
  EXPECT_TRUE(rules.empty());
  (void)doc->string("kiosk.id", "");
  EXPECT_TRUE(doc->finish().ok());
}

TEST(CardRulesConfig, EveryMistakeIsNamed) {
  const std::string head = "[network]\nname = \"T\"\n[[network.cards]]\nname = \"a\"\n";
  struct Case {
    std::string text;
    std::string key;   // the option the message names
    std::string says;  // and a piece of what it says
  };
  for (const auto& c : std::initializer_list<Case>{
           {head + "kind = \"visitor\"\n", "network.cards[0].kind", "not 'visitor'"},
           {head + "check = \"mod97\"\n", "network.cards[0].check", "not 'mod97'"},
           {head + "charset = \"hex\"\n", "network.cards[0].charset", "not 'hex'"},
           {head + "strip = \"ean\"\n", "network.cards[0].strip", "not 'ean'"},
           {head + "symbologies = [\"ean13\", \"pdf417\"]\n", "network.cards[0].symbologies", "'pdf417'"},
           {head + "symbologies = [\"unknown\"]\n", "network.cards[0].symbologies", "'unknown'"},
           {head + "min_length = 10\nmax_length = 5\n", "network.cards[0].min_length", "more than max_length 5"},
           {head + "length = 0\n", "network.cards[0].length", "is 0"},
           {head + "length = 5000\n", "network.cards[0].length", "between 0 and 1024"},
           {head + "max_length = 0\n", "network.cards[0].max_length", "is 0"},
           {head + "length = 8\nmax_length = 9\n", "network.cards[0].length", "one or the other"},
           {head + "prefix = \"2100\"\nlength = 4\n", "network.cards[0].length", "no room after the prefix"},
           {head + "patron_id = \"{card}\"\n", "network.cards[0].patron_id", "unknown placeholder {card}"},
           {head + "patron_id = \"{code\"\n", "network.cards[0].patron_id", "no '}'"},
           {head + "patron_id = \"P100\"\n", "network.cards[0].patron_id", "every card would be one patron"},
           {head + "patron_id = \"{body}\"\n", "network.cards[0].patron_id", "write {code}"},
           {head + "[[network.cards]]\nname = \"a\"\n", "network.cards[1].name", "\"a\" names two rules"},
           {"[network]\n[[network.cards]]\nprefix = \"2\"\n", "network.cards[0]", "needs a name"},
           {head + "kind = \"foreign\"\n", "network.cards[0]", "foreign rule without library"},
           {head + "isil = [\"\"]\n", "network.cards[0].isil", "not an ISIL"},
           {head + "isil = [\"LV-VEN01\"]\n[[network.cards]]\nname = \"b\"\nisil = [\"lv-ven01\"]\n",
            "network.cards[1].isil", "which rule \"a\" lists already"},
           {head + "prefx = \"21\"\n", "network.cards[0].prefx", "unknown option"},
           {head + "length = \"13\"\n", "network.cards[0].length", "whole number"},
           {"[network]\nname = \"T\"\n", "network", "no card rules"},
           {"[network]\ncards = 3\n", "network.cards", "array of tables"},
       }) {
    auto doc = ConfigDoc::parse(c.text, "kiosk.toml");
    ASSERT_TRUE(doc.ok()) << c.text << doc.error().message();
    (void)CardRules::fromConfig(*doc);
    const auto st = doc->finish();
    ASSERT_FALSE(st.ok()) << c.text;
    const auto& msg = st.error().message();
    EXPECT_NE(msg.find("'" + c.key + "'"), std::string::npos) << c.text << "\n→ " << msg;
    EXPECT_NE(msg.find(c.says), std::string::npos) << c.text << "\n→ " << msg;
  }
}
