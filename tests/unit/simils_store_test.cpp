// The simulated ILS's circulation rules over a real SQLite file, with a manual clock: loan
// periods by media type, blocks, holds and queue positions, sorting alerts on checkin, backdated
// returns, renew limits, payments, and state surviving a reopen.
#include "simulator/ils/ilsstore.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <unistd.h>

using namespace lasis;
using namespace lasis::sim::ils;
using namespace std::chrono_literals;

namespace {

std::filesystem::path tempDb(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("lasis-simils-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto p = dir / (name + ".db");
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + ext);
  return p;
}

LibraryData library() {
  auto d = LibraryData::load(LASIS_SIM_DATA_DIR "/library.toml");
  EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error().describe());
  return *d;
}

class StoreTest : public ::testing::Test {
protected:
  void SetUp() override {
    auto s = IlsStore::open(tempDb(::testing::UnitTest::GetInstance()->current_test_info()->name()), library(), clock);
    ASSERT_TRUE(s.ok()) << s.error().describe();
    store = std::move(*s);
  }
  ManualClock clock;
  std::unique_ptr<IlsStore> store;
};

} // namespace

TEST(LibraryDataTest, ShippedFileHasTheDocumentedCatalogue) {
  auto d = library();
  EXPECT_GE(d.items.size(), 450u);
  EXPECT_GE(d.patrons.size(), 50u);
  EXPECT_GE(d.branches.size(), 4u);
  EXPECT_EQ(d.sipUsers.front().user, "kiosk");
}

TEST(LibraryDataTest, MistakesAreReportedWithFileAndLine) {
  auto d = LibraryData::parse(R"(
[[loan_rules]]
media = "book"
[[sip_users]]
user = "k"
location = "NOWHERE"
[catalogue]
branches = [ { code = "LV-1", name = "x" } ]
items = [ { id = "12345678901234567", title = "Too long", media = "book", branch = "LV-1" } ]
[circulation]
loans = [ { item = "nope", patron = "nobody" } ]
)", "lib.toml");
  ASSERT_FALSE(d.ok());
  const auto& m = d.error().message();
  EXPECT_NE(m.find("lib.toml:6"), std::string::npos) << m;  // sip user location
  EXPECT_NE(m.find("16 characters"), std::string::npos) << m;
  EXPECT_NE(m.find("is not an item id"), std::string::npos) << m;
}

TEST_F(StoreTest, CheckoutGivesTheMediaTypesLoanPeriod) {
  auto book = store->checkout("P100008", "10000001", "LV-00001");
  ASSERT_TRUE(book.ok());
  ASSERT_TRUE(book->ok) << book->message;
  auto dvd = store->checkout("P100008", "10000006", "LV-00001");
  ASSERT_TRUE(dvd.ok());
  ASSERT_TRUE(dvd->ok) << dvd->message;
  const auto bookDays = std::chrono::duration_cast<std::chrono::hours>(*book->due - clock.now()).count() / 24;
  const auto dvdDays = std::chrono::duration_cast<std::chrono::hours>(*dvd->due - clock.now()).count() / 24;
  EXPECT_EQ(bookDays, 21);  // due at the end of the 21st day
  EXPECT_EQ(dvdDays, 7);
  EXPECT_EQ(store->item("10000001")->state, ItemState::onLoan);
  EXPECT_EQ(store->item("10000001")->borrower, "P100008");
}

TEST_F(StoreTest, BlockedLostCardAndFinesAreRefused) {
  auto blocked = store->checkout("P100002", "10000001", "LV-00001");
  EXPECT_FALSE(blocked->ok);
  EXPECT_NE(blocked->message.find("blocked"), std::string::npos);
  auto lost = store->checkout("P100005", "10000001", "LV-00001");
  EXPECT_FALSE(lost->ok);
  EXPECT_NE(lost->message.find("lost"), std::string::npos);
  auto fines = store->checkout("P100004", "10000001", "LV-00001");
  EXPECT_FALSE(fines->ok);
  EXPECT_NE(fines->message.find("25.00"), std::string::npos) << fines->message;
  EXPECT_EQ(store->patron("P100004")->statusFlags[0], 'Y');
  EXPECT_EQ(store->patron("P100004")->statusFlags[10], 'Y');
  // Small fines do not stop borrowing.
  EXPECT_TRUE(store->checkout("P100003", "10000001", "LV-00001")->ok);
  EXPECT_EQ(store->item("10000001")->borrower, "P100003");
}

TEST_F(StoreTest, NotForLoanAndUnknownItemsAreRefused) {
  auto ref = store->checkout("P100001", "10000004", "LV-00001");
  EXPECT_FALSE(ref->ok);
  EXPECT_NE(ref->message.find("library only"), std::string::npos);
  auto none = store->checkout("P100001", "99999999", "LV-00001");
  EXPECT_FALSE(none->ok);
  EXPECT_NE(none->message.find("not found"), std::string::npos);
}

TEST_F(StoreTest, ItemHeldForSomeoneElseIsRefusedAndTheHolderGetsIt) {
  auto other = store->checkout("P100001", "10000003", "LV-00001");
  EXPECT_FALSE(other->ok);
  EXPECT_EQ(other->message, "This item is on hold for another patron");
  EXPECT_EQ(store->item("10000003")->state, ItemState::holdShelf);
  auto holder = store->checkout("P100006", "10000003", "LV-00001");
  ASSERT_TRUE(holder->ok) << holder->message;
  EXPECT_EQ(store->item("10000003")->holdQueue, 0);  // the hold is fulfilled
}

TEST_F(StoreTest, HoldsQueueAndCheckinSendsToPickupBranch) {
  // 10000007: on loan to P100001; held by P100006 (pickup Vilnius) then P100008 (pickup here).
  auto pos = store->placeHold("P100009", "10000007", "LV-00002");
  ASSERT_TRUE(pos->ok) << pos->message;
  EXPECT_EQ(pos->queuePosition, 3);
  EXPECT_FALSE(pos->available);
  auto dup = store->placeHold("P100009", "10000007", "LV-00002");
  EXPECT_FALSE(dup->ok);
  auto own = store->placeHold("P100001", "10000007", "LV-00001");
  EXPECT_FALSE(own->ok);  // the borrower cannot hold their own loan

  auto in = store->checkin("10000007", "LV-00001", std::nullopt);
  ASSERT_TRUE(in->ok) << in->message;
  EXPECT_TRUE(in->alert);
  EXPECT_EQ(in->alertType, "02");  // hold for another branch
  EXPECT_EQ(in->destination, "LT-00001");
  EXPECT_EQ(in->holdPatron, "P100006");
  EXPECT_EQ(store->item("10000007")->state, ItemState::inTransit);
  // Arriving at Vilnius it goes on the hold shelf there.
  auto there = store->checkin("10000007", "LT-00001", std::nullopt);
  ASSERT_TRUE(there->ok) << there->message;
  EXPECT_EQ(there->alertType, "01");
  EXPECT_EQ(there->destination, "LT-00001");
  EXPECT_EQ(store->item("10000007")->state, ItemState::holdShelf);
  EXPECT_FALSE(store->checkout("P100008", "10000007", "LT-00001")->ok);
  // The waiting patron cancels: the next one is now first.
  ASSERT_TRUE(store->cancelHold("P100006", "10000007")->ok);
  auto again = store->checkin("10000007", "LV-00001", std::nullopt);
  EXPECT_FALSE(again->ok);  // not on loan and not in transit: nothing to check in
  EXPECT_TRUE(store->checkout("P100008", "10000007", "LV-00001")->ok);
}

TEST_F(StoreTest, CheckinOfAnotherBranchsItemSendsItHome) {
  ASSERT_TRUE(store->checkout("P100001", "10000008", "LV-00002")->ok);
  auto in = store->checkin("10000008", "LV-00001", std::nullopt);
  ASSERT_TRUE(in->ok);
  EXPECT_EQ(in->alertType, "04");
  EXPECT_EQ(in->destination, "LV-00002");
}

TEST_F(StoreTest, ReturnDateBackdatesTheReturnSoNoFine) {
  // 10000009 is 3 days overdue; returned offline 4 days ago it owes nothing.
  const auto before = store->patron("P100009")->finesCents;
  auto in = store->checkin("10000009", "LV-00002", clock.now() - 96h);
  ASSERT_TRUE(in->ok);
  EXPECT_EQ(in->fineCents, 0);
  EXPECT_EQ(store->patron("P100009")->finesCents, before);
}

TEST_F(StoreTest, LateReturnIsFinedPerDay) {
  auto in = store->checkin("10000009", "LV-00002", std::nullopt);
  ASSERT_TRUE(in->ok);
  EXPECT_EQ(in->fineCents, 30);  // 3 days × 0.10
  EXPECT_EQ(store->patron("P100009")->finesCents, 30);
}

TEST_F(StoreTest, RenewalLimitAndHoldsStopRenewals) {
  ASSERT_TRUE(store->checkout("P100008", "10000006", "LV-00001")->ok);  // DVD: 1 renewal
  auto r1 = store->renew("P100008", "10000006");
  ASSERT_TRUE(r1->ok) << r1->message;
  auto r2 = store->renew("P100008", "10000006");
  EXPECT_FALSE(r2->ok);
  EXPECT_NE(r2->message.find("renewal limit"), std::string::npos);
  auto held = store->renew("P100001", "10000007");
  EXPECT_FALSE(held->ok);
  EXPECT_NE(held->message.find("hold"), std::string::npos);
  EXPECT_FALSE(store->renew("P100008", "10000002")->ok);  // not their loan
}

TEST_F(StoreTest, PaymentsReduceFinesAndAreIdempotentPerTransaction) {
  auto over = store->pay("P100003", 500, "EUR", "", "T1");
  EXPECT_FALSE(over->accepted);
  auto p = store->pay("P100003", 150, "EUR", "", "T2");
  ASSERT_TRUE(p->accepted) << p->message;
  EXPECT_EQ(store->patron("P100003")->finesCents, 200);
  auto again = store->pay("P100003", 150, "EUR", "", "T2");
  EXPECT_TRUE(again->accepted);
  EXPECT_EQ(store->patron("P100003")->finesCents, 200);  // not charged twice
  EXPECT_FALSE(store->pay("P100003", 100, "USD", "", "T3")->accepted);
}

TEST_F(StoreTest, CancelledCheckoutAndCheckinRestoreTheState) {
  ASSERT_TRUE(store->checkout("P100006", "10000003", "LV-00001")->ok);
  ASSERT_TRUE(store->cancelCheckout("P100006", "10000003")->ok);
  EXPECT_EQ(store->item("10000003")->state, ItemState::holdShelf);  // her hold is back
  EXPECT_FALSE(store->checkout("P100001", "10000003", "LV-00001")->ok);

  ASSERT_TRUE(store->checkin("10000002", "LV-00001", std::nullopt)->ok);
  ASSERT_TRUE(store->cancelCheckin("10000002")->ok);
  EXPECT_EQ(store->item("10000002")->borrower, "P100001");
  auto counts = store->checkoutCounts();
  EXPECT_EQ(counts["checkouts"]["10000003"], 1);
  EXPECT_EQ(counts["cancelled"]["10000003"], 1);
}

TEST(StoreReopenTest, StateSurvivesAReopenAndIsNotReseeded) {
  ManualClock clock;
  const auto path = tempDb("reopen");
  {
    auto s = IlsStore::open(path, library(), clock);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE((*s)->checkout("P100008", "10000010", "LV-00001")->ok);
  }
  auto s = IlsStore::open(path, library(), clock);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->item("10000010")->borrower, "P100008");
  EXPECT_EQ((*s)->checkoutCounts()["checkouts"]["10000010"], 1);
  EXPECT_TRUE((*s)->pinMatches("P100008", "1234"));
  EXPECT_FALSE((*s)->pinMatches("P100008", "0000"));
}
