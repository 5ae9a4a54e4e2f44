// The patron's words (issue 19): a due date in each language's own form after its preposition
// (UI.md), the library system's own words never the main line of a result row, and a returned
// item's destination by its configured name, never a bare code.
#include "kiosk/app/languagecontroller.h"
#include "kiosk/app/outcomelistmodel.h"
#include "kiosk/app/patrontext.h"

#include <QCoreApplication>
#include <QDate>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QRegularExpression>
#include <gtest/gtest.h>

using namespace lasis;
using namespace lasis::kiosk;

QT_BEGIN_NAMESPACE
inline void PrintTo(const QString& s, std::ostream* os) { *os << '"' << s.toStdString() << '"'; }
QT_END_NAMESPACE

namespace {

const QDate kDue(2026, 12, 26);

QString shortIn(const char* lang) { return PatronText::dueBy(kDue, QLocale(QString::fromLatin1(lang)), false); }
QString longIn(const char* lang) { return PatronText::dueBy(kDue, QLocale(QString::fromLatin1(lang)), true); }

circulation::TimePoint at(QDate d) {
  return circulation::TimePoint(std::chrono::milliseconds(QDateTime(d, QTime(12, 0)).toMSecsSinceEpoch()));
}

circulation::ItemOutcome refusedByIls() {
  circulation::ItemOutcome o;
  o.action = circulation::Action::checkout;
  o.itemId = "10000002";
  o.title = "Baltā grāmata";
  o.reason = circulation::Outcome::refused;
  o.ilsText = "This item is checked out to another patron: please see staff";
  o.seeStaff = true;
  return o;
}

circulation::ItemOutcome lent() {
  circulation::ItemOutcome o;
  o.action = circulation::Action::checkout;
  o.itemId = "10000001";
  o.title = "Zaļā grāmata";
  o.ok = true;
  o.reason = circulation::Outcome::due;
  o.dueDate = at(kDue);
  return o;
}

circulation::ItemOutcome returnedElsewhere(std::string code, std::string name) {
  circulation::ItemOutcome o;
  o.action = circulation::Action::checkin;
  o.itemId = "10000003";
  o.ok = true;
  o.reason = circulation::Outcome::returned;
  o.sortHint = circulation::SortHint::otherBranch;
  o.destination = std::move(code);
  o.destinationName = std::move(name);
  o.ilsText = "Route to " + o.destination;
  return o;
}

/// The kiosk's language switched for one test, back to English after it.
struct InLanguage {
  LanguageController lang{{"lv", "lt", "uk", "en", "ru"}, "en"};
  explicit InLanguage(const char* code) { EXPECT_TRUE(lang.setLanguage(QString::fromLatin1(code))); }
};

} // namespace

TEST(DueDate, LatvianShortIsTheNumericDateWithItsFinalDot) { EXPECT_EQ(shortIn("lv"), QString::fromUtf8("līdz 26.12.2026.")); }
TEST(DueDate, LithuanianShortIsTheIsoDate) { EXPECT_EQ(shortIn("lt"), QString::fromUtf8("iki 2026-12-26")); }
TEST(DueDate, UkrainianShort) { EXPECT_EQ(shortIn("uk"), QString::fromUtf8("до 26.12.2026")); }
TEST(DueDate, RussianShort) { EXPECT_EQ(shortIn("ru"), QString::fromUtf8("до 26.12.2026")); }
TEST(DueDate, EnglishShort) { EXPECT_EQ(shortIn("en"), QString::fromUtf8("by 26 Dec 2026")); }

TEST(DueDate, LatvianLongTakesTheDative) { EXPECT_EQ(longIn("lv"), QString::fromUtf8("līdz 2026. gada 26. decembrim")); }
TEST(DueDate, LithuanianLongTakesTheGenitive) { EXPECT_EQ(longIn("lt"), QString::fromUtf8("iki 2026 m. gruodžio 26 d.")); }
TEST(DueDate, UkrainianLongTakesTheGenitive) { EXPECT_EQ(longIn("uk"), QString::fromUtf8("до 26 грудня 2026 р.")); }
TEST(DueDate, RussianLongTakesTheGenitive) { EXPECT_EQ(longIn("ru"), QString::fromUtf8("до 26 декабря 2026 г.")); }
TEST(DueDate, EnglishLong) { EXPECT_EQ(longIn("en"), QString::fromUtf8("by 26 December 2026")); }

TEST(DueDate, TheShortDayHasNoPrepositionAndAFourDigitYear) {
  const QDate d(2027, 3, 1);
  EXPECT_EQ(PatronText::shortDate(d, QLocale(QStringLiteral("lv"))), QStringLiteral("01.03.2027."));
  EXPECT_EQ(PatronText::shortDate(d, QLocale(QStringLiteral("lt"))), QStringLiteral("2027-03-01"));
  EXPECT_EQ(PatronText::shortDate(d, QLocale(QStringLiteral("uk"))), QStringLiteral("01.03.2027"));
  EXPECT_EQ(PatronText::shortDate(d, QLocale(QStringLiteral("ru"))), QStringLiteral("01.03.2027"));
  EXPECT_EQ(PatronText::shortDate(d, QLocale(QStringLiteral("en"))), QStringLiteral("1 Mar 2027"));
}

TEST(DueDate, NoLatvianMonthIsEverInTheNominative) {
  const QLocale lv(QStringLiteral("lv"));
  for (int m = 1; m <= 12; ++m) {
    const QString s = PatronText::dueBy(QDate(2026, m, 3), lv, true);
    const QString month = s.section(QLatin1Char(' '), -1);
    EXPECT_TRUE(month.endsWith(QStringLiteral("im")) || month.endsWith(QStringLiteral("am"))) << qPrintable(s);
  }
  EXPECT_EQ(PatronText::dueBy(QDate(2027, 3, 1), lv, false), QString::fromUtf8("līdz 01.03.2027."));
}

TEST(ResultRow, ALoanShowsItsDueDateShortAndApartFromTheSentence) {
  InLanguage lv("lv");
  OutcomeListModel model;
  model.setLocale(lv.lang.locale());
  model.add(lent());
  const QModelIndex row = model.index(0);
  EXPECT_EQ(model.data(row, OutcomeListModel::DueRole).toString(), QString::fromUtf8("līdz 26.12.2026."));
  const QString text = model.data(row, OutcomeListModel::TextRole).toString();
  EXPECT_FALSE(text.contains(QStringLiteral("2026"))) << qPrintable(text);
  EXPECT_FALSE(text.contains(QStringLiteral("decembris"))) << qPrintable(text);
  // Spoken and in notices: the whole sentence, with the long form.
  EXPECT_TRUE(PatronText::outcome(lent(), lv.lang.locale()).contains(QString::fromUtf8("līdz 2026. gada 26. decembrim")))
      << qPrintable(PatronText::outcome(lent(), lv.lang.locale()));
}

TEST(ResultRow, TheLibrarySystemsEnglishIsNeverTheMainLineOnALatvianScreen) {
  InLanguage lv("lv");
  OutcomeListModel model;
  model.setLocale(lv.lang.locale());
  model.add(refusedByIls());
  const QModelIndex row = model.index(0);
  const QString text = model.data(row, OutcomeListModel::TextRole).toString();
  EXPECT_FALSE(text.contains(QStringLiteral("checked out"))) << qPrintable(text);
  EXPECT_FALSE(text.isEmpty());
  EXPECT_EQ(text, QString::fromUtf8("Šo eksemplāru šeit nevar izsniegt.")) << "our sentence, in Latvian";
  // The ILS's words stay, small and secondary, because no code of ours says what it meant.
  EXPECT_EQ(model.data(row, OutcomeListModel::IlsTextRole).toString(), QString::fromStdString(refusedByIls().ilsText));
  EXPECT_TRUE(model.data(row, OutcomeListModel::IlsGivenRole).toBool());
  EXPECT_TRUE(model.data(row, OutcomeListModel::DueRole).toString().isEmpty());
}

TEST(ResultRow, WhereACodeFitsTheLibrarySystemsWordsAreNotShownAtAll) {
  auto blocked = refusedByIls();
  blocked.reason = circulation::Outcome::blocked;
  EXPECT_TRUE(PatronText::ilsText(blocked).isEmpty());
  EXPECT_FALSE(PatronText::outcome(blocked, QLocale(QStringLiteral("en"))).contains(QStringLiteral("checked out")));
  // A return with an ILS screen message ("Route to LV-00002") shows none of it.
  EXPECT_TRUE(PatronText::ilsText(returnedElsewhere("LV-00002", "")).isEmpty());
}

TEST(Login, AnUnknownCardIsSaidInOurWordsNotTheLibrarySystems) {
  InLanguage lv("lv");
  circulation::LoginOutcome o;
  o.reason = circulation::Outcome::unknownCard;
  o.ilsText = "Invalid patron barcode";
  const QString text = PatronText::login(o);
  EXPECT_FALSE(text.contains(QStringLiteral("Invalid"))) << qPrintable(text);
  EXPECT_EQ(text, QString::fromUtf8("Šī karte nav zināma. Lūdzu, vaicājiet pie letes."));
}

TEST(SortHint, ABranchWithoutAConfiguredNameIsAnotherBranchInWords) {
  const QString hint = PatronText::sortHint(returnedElsewhere("LV-00002", ""));
  EXPECT_FALSE(hint.contains(QStringLiteral("LV-00002"))) << qPrintable(hint);
  EXPECT_TRUE(hint.contains(QStringLiteral("another branch"))) << qPrintable(hint);
}

TEST(SortHint, ABranchGoesByItsConfiguredName) {
  const QString hint = PatronText::sortHint(returnedElsewhere("LV-00002", "Imantas bibliotēka"));
  EXPECT_TRUE(hint.contains(QString::fromUtf8("Imantas bibliotēka"))) << qPrintable(hint);
  EXPECT_FALSE(hint.contains(QStringLiteral("LV-00002"))) << qPrintable(hint);
}

TEST(SortHint, AHoldForAnotherBranchWithoutANameSaysAnotherBranchInLatvian) {
  InLanguage lv("lv");
  auto o = returnedElsewhere("LV-00002", "");
  o.sortHint = circulation::SortHint::holdOtherBranch;
  const QString hint = PatronText::sortHint(o);
  EXPECT_FALSE(hint.contains(QStringLiteral("LV-00002"))) << qPrintable(hint);
  EXPECT_FALSE(hint.contains(QStringLiteral("another branch"))) << qPrintable(hint);
  EXPECT_FALSE(hint.isEmpty());
}

/// Every button label in qml/: (context, source) of the first qsTr() inside each KioskButton.
std::vector<std::pair<QString, QString>> buttonLabels() {
  std::vector<std::pair<QString, QString>> out;
  const QDir dir(QStringLiteral(LASIS_SOURCE_DIR "/qml"));
  static const QRegularExpression button(QStringLiteral("KioskButton \\{([^{}]|\\{[^{}]*\\})*?qsTr\\(\"([^\"]+)\"\\)"));
  for (const QString& f : dir.entryList({QStringLiteral("*.qml")})) {
    QFile file(dir.filePath(f));
    if (!file.open(QIODevice::ReadOnly)) continue;
    const QString text = QString::fromUtf8(file.readAll());
    for (auto it = button.globalMatch(text); it.hasNext();)
      out.emplace_back(f.chopped(4), it.next().captured(2));
  }
  return out;
}

TEST(Buttons, NoLabelCarriesAGrammaticalGenderInLatvianUkrainianOrRussian) {
  const auto labels = buttonLabels();
  ASSERT_GT(labels.size(), 20u) << "the buttons of every screen";
  // Past tenses and short adjectives that say who presses: "Esmu beidzis", "Я закончил", "Готов".
  const std::vector<std::pair<const char*, const char*>> gendered = {
      {"lv", "\\b(gatavs|gatava|beidzis|beigusi|pabeidzis|pabeigusi|izdarījis|izdarījusi)\\b"},
      {"uk", "\\b(закінчив|закінчила|готовий|готова|зробив|зробила)\\b"},
      {"ru", "\\b(закончил|закончила|готов|готова|сделал|сделала)\\b"}};
  for (const auto& [code, pattern] : gendered) {
    InLanguage in(code);
    const QRegularExpression re(QString::fromUtf8(pattern), QRegularExpression::CaseInsensitiveOption |
                                                               QRegularExpression::UseUnicodePropertiesOption);
    for (const auto& [context, source] : labels) {
      const QString said = QCoreApplication::translate(context.toUtf8().constData(), source.toUtf8().constData());
      EXPECT_FALSE(re.match(said).hasMatch()) << code << " " << context.toStdString() << ": \"" << source.toStdString()
                                              << "\" is \"" << said.toStdString() << "\"";
    }
  }
}

TEST(Buttons, TheGoodbyeSaysBackToStart) {
  const auto labels = buttonLabels();
  const auto has = [&](const char* s) {
    return std::any_of(labels.begin(), labels.end(), [&](const auto& l) {
      return l.first == QLatin1String("GoodbyeScreen") && l.second == QLatin1String(s);
    });
  };
  EXPECT_TRUE(has("Back to start"));
  EXPECT_FALSE(has("Start again"));
}

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
