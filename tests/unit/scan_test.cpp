// Scans (issue 20): symbology names both ways and the AIM identifier (ISO/IEC 15424) a scanner
// puts in front of a code.
#include "common/scan/scan.h"

#include <gtest/gtest.h>

using namespace lasis::scan;

TEST(Symbology, NamesRoundTrip) {
  for (auto s : {Symbology::unknown, Symbology::code39, Symbology::code128, Symbology::codabar, Symbology::ean13,
                 Symbology::itf, Symbology::qr, Symbology::datamatrix, Symbology::other}) {
    const auto back = symbologyFromString(toString(s));
    ASSERT_TRUE(back.has_value()) << toString(s);
    EXPECT_EQ(*back, s);
  }
  EXPECT_EQ(toString(Symbology::ean13), "ean13");
  EXPECT_EQ(toString(Symbology::datamatrix), "datamatrix");
  EXPECT_FALSE(symbologyFromString("EAN13").has_value());  // config names are exact
  EXPECT_FALSE(symbologyFromString("pdf417").has_value());
  EXPECT_FALSE(symbologyFromString("").has_value());
}

TEST(ParseAim, SplitsTheIdentifierOffEachSymbology) {
  struct Case {
    const char* raw;
    Symbology symbology;
    const char* text;
  };
  for (const auto& c : std::initializer_list<Case>{
           {"]A0PIL0012345", Symbology::code39, "PIL0012345"},
           {"]C02100001234560", Symbology::code128, "2100001234560"},
           {"]F0A1234567B", Symbology::codabar, "A1234567B"},  // start/stop kept: the rules strip them
           {"]E04006381333931", Symbology::ean13, "4006381333931"},
           {"]I130012345", Symbology::itf, "30012345"},
           {"]Q1LASIS:CARD:2100001234560", Symbology::qr, "LASIS:CARD:2100001234560"},
           {"]d2LASIS:CARD:42", Symbology::datamatrix, "LASIS:CARD:42"},
           {"]L2PDF", Symbology::other, "PDF"},
           {"]z0aztec", Symbology::other, "aztec"},
           {"]D0x", Symbology::other, "x"},  // code characters are case-sensitive: ]D is not ]d
       }) {
    const auto s = parseAim(c.raw);
    EXPECT_EQ(s.symbology, c.symbology) << c.raw;
    EXPECT_EQ(s.text, c.text) << c.raw;
  }
}

TEST(ParseAim, TextWithoutAnIdentifierComesBackWhole) {
  for (const char* raw : {"2100001234560", "", "]", "]C", "]1x", "]C-123", "]]C0", "C0123", " ]C0123"}) {
    const auto s = parseAim(raw);
    EXPECT_EQ(s.symbology, Symbology::unknown) << raw;
    EXPECT_EQ(s.text, raw);
  }
  // An identifier and nothing after it: an empty code of that symbology (the rules reject it).
  const auto bare = parseAim("]C0");
  EXPECT_EQ(bare.symbology, Symbology::code128);
  EXPECT_EQ(bare.text, "");
}
