#pragma once
// What a scanned code (or an RFID card's number) is, in a regional library network: a patron card
// of which library, an item, a staff card, a card from outside the network, or nothing we know.
// Configured per network in the kiosk config (issue 20):
//
//   [network]
//   name = "Ventspils"                  # for logs and the staff screen
//   [[network.cards]]
//   name = "ventspils"                  # the rule's name, in logs and errors
//   kind = "patron"                     # patron | item | staff | foreign
//   prefix = "2100"                     # the code starts with it ("" any)
//   length = 13                         # exact length, or min_length / max_length
//   charset = "digits"                  # digits | alnum | any (printable ASCII)
//   check = "mod10"                     # none | luhn | mod10 (EAN/UPC, weights 3-1) | mod11 (ISBN-style, X = 10)
//   symbologies = ["ean13", "code128"]  # which symbologies it may come in (empty: any)
//   strip = "codabar"                   # remove start/stop characters first: none | codabar (A-D) | code39 (*)
//   institution = "VEN"                 # SIP2 AO for this card's patron (empty: the kiosk's own)
//   patron_id = "{code}"                # the id the ILS expects: literal text and {code} (the whole
//                                       # code) or {body} (the code without prefix and check digit)
//   library = "Ventspils bibliotēka"    # the issuing library, by name (foreign: where the patron goes)
//   isil = ["LV-VEN01"]                 # ISO 28560 owner libraries of its RFID cards and items
//
// Rules are tried in order; the first whose prefix, length, charset and symbology fit decides.
// In detail (cardrules.cpp):
//  * the code is trimmed of spaces; an empty one, or one with a character outside printable
//    ASCII, is unrecognised whatever the rules say;
//  * strip takes a start/stop *pair* off ("A12345B" → "12345"; "A12345" is left whole), before
//    everything else, and only for that rule;
//  * a rule with symbologies fits scans of those, and scans whose symbology is unknown (a
//    scanner not set to send AIM identifiers);
//  * length counts the whole code (prefix included); charset applies to what follows the prefix
//    (the prefix is literal text), and under "digits" a mod11 check digit may be X;
//  * the check digit covers the whole code when the prefix is all digits (EAN-13's "2100" is
//    part of the number) and what follows the prefix otherwise ("LASIS:CARD:", "PIL" are labels);
//  * a prefix that fits with a length or charset that does not: the next rule is tried; a rule
//    that fits but whose check digit is wrong decides (unrecognised: a misread, not another card);
//  * a foreign card's Meaning carries no id (its number is no business of ours, nor of our logs).
// patron_id is reversed by institutionOfPatron(): the first patron rule whose form could have
// produced the id, so order rules from the narrowest to the widest.
// No [network] at all: every code is taken as it comes (the kiosk's own institution), a card on
// the idle screen and an item during a visit, as before issue 20.

#include "common/core/config.h"
#include "common/core/result.h"
#include "common/scan/scan.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lasis::scan {

enum class CheckDigit { none, luhn, mod10, mod11 };
std::string_view toString(CheckDigit c);
/// True when the last character of `code` is the right check digit over the rest.
bool checkDigitOk(CheckDigit c, std::string_view code);

enum class Kind { patron, item, staff, foreign };
std::string_view toString(Kind k);

struct CardRule {
  std::string name;
  Kind kind = Kind::patron;
  std::string prefix;
  std::size_t minLength = 1;
  std::size_t maxLength = kMaxCodeLength;
  enum class Charset { digits, alnum, any } charset = Charset::any;
  CheckDigit check = CheckDigit::none;
  std::vector<Symbology> symbologies;  ///< empty: any
  enum class Strip { none, codabar, code39 } strip = Strip::none;
  std::string institution;
  std::string patronIdForm = "{code}";
  std::string library;
  std::vector<std::string> isil;
};

/// What a code turned out to be.
struct Meaning {
  enum class What {
    patron,        ///< a card of the network: `id` is the patron id in the ILS's form
    item,          ///< an item: `id` is its item id
    staff,         ///< a staff card: `id` is the card number
    foreign,       ///< a card of a library outside the network (`library` says which)
    unrecognised,  ///< fits no rule, or fits one but fails its check digit (`reason` says which)
  } what = What::unrecognised;
  std::string id;
  std::string institution;  ///< patron: the SIP2 AO to use (empty: the kiosk's own)
  std::string rule;         ///< the rule that decided (empty when none did)
  std::string library;      ///< the issuing library's name, when the rule names one
  std::string reason;       ///< unrecognised: for the log and the staff screen (never the patron's id)
};
std::string_view toString(Meaning::What w);

/// A network's card rules.
class CardRules {
public:
  /// Reads `[network]` and `[[network.cards]]` from the config; every problem goes to the
  /// document's errors (ConfigDoc::addError) so that --check-config lists them all.
  static CardRules fromConfig(ConfigDoc& doc);
  /// Rules built in code (tests).
  explicit CardRules(std::vector<CardRule> rules = {}, std::string network = {});

  /// True when no rules are configured (every code is taken as it comes).
  bool empty() const { return m_rules.empty(); }
  const std::string& network() const { return m_network; }
  const std::vector<CardRule>& rules() const { return m_rules; }

  /// What a scanned code is. Without rules: `assumeWithoutRules` (patron on an idle screen, item
  /// during a visit), the code itself as the id.
  Meaning classify(const Scan& scan, Meaning::What assumeWithoutRules = Meaning::What::patron) const;
  /// The SIP2 institution for a patron id as it is sent to the ILS (the reverse of patron_id):
  /// the first patron rule whose form could have produced it. Empty: the kiosk's own.
  std::string institutionOfPatron(std::string_view patronId) const;
  /// Is an RFID tag's ISO 28560 owner library (ISIL) one of the network's? True when no rule
  /// lists ISILs or the owner is empty (a tag that names none).
  bool ownerInNetwork(std::string_view isil) const;
  /// The rule that lists this ISIL, if any.
  const CardRule* ruleForIsil(std::string_view isil) const;

private:
  std::vector<CardRule> m_rules;
  std::string m_network;
};

} // namespace lasis::scan
