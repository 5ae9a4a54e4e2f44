// The gate's SQLite event log on a real file: written, reopened, totals restored.
#include "drivers/sqlite/sqliteeventlog.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace lasis;
using namespace lasis::gate;

namespace {
std::filesystem::path tempDb(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("lasis-gate-log-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto p = dir / name;
  std::filesystem::remove(p);
  return p;
}
} // namespace

TEST(GateEventLog, EventsSurviveReopeningAndTotalsAddUp) {
  const auto path = tempDb("a.db");
  {
    auto log = SqliteEventLog::open(path);
    ASSERT_TRUE(log) << log.error().message();
    GateEvent alarm;
    alarm.time = Clock::TimePoint(std::chrono::seconds(1'790'000'100));
    alarm.kind = "alarm";
    alarm.item = "30412345678901";
    alarm.title = "Pippi Långstrump";
    alarm.direction = "out";
    alarm.tagUid = "E004015012345678";
    ASSERT_TRUE(log->add(alarm));
    GateEvent count;
    count.time = Clock::TimePoint(std::chrono::seconds(1'790'000'900));
    count.kind = "count";
    count.periodSeconds = 900;
    count.peopleIn = 12;
    count.peopleOut = 9;
    count.turnBacks = 2;
    ASSERT_TRUE(log->add(count));
    count.peopleIn = 3;
    count.peopleOut = 4;
    ASSERT_TRUE(log->add(count));
  }
  auto log = SqliteEventLog::openReadOnly(path);
  ASSERT_TRUE(log) << log.error().message();
  auto all = log->events();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].title, "Pippi Långstrump");
  EXPECT_EQ((*all)[0].direction, "out");
  auto alarms = log->events("alarm");
  ASSERT_TRUE(alarms);
  EXPECT_EQ(alarms->size(), 1u);
  auto t = log->totals();
  ASSERT_TRUE(t);
  EXPECT_EQ(t->peopleIn, 15);
  EXPECT_EQ(t->peopleOut, 13);
  EXPECT_EQ(t->alarms, 1);
}

TEST(GateEventLog, MissingOrForeignFilesAreClearErrors) {
  auto missing = SqliteEventLog::openReadOnly(tempDb("none.db"));
  ASSERT_FALSE(missing);
  EXPECT_TRUE(missing.error().is(Errc::notFound));
  const auto junk = tempDb("junk.db");
  std::ofstream(junk) << "this is not a database, it is a shopping list";
  auto bad = SqliteEventLog::openReadOnly(junk);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find(junk.string()), std::string::npos);
  auto badRw = SqliteEventLog::open(junk);
  ASSERT_FALSE(badRw);
  EXPECT_TRUE(badRw.error().is(Errc::corrupt)) << badRw.error().describe();
}
