// --check-clean's worker side: row counts compared around each test, and
// the change counter that spares the counting.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

#include "fixtures/src/worker/clean_check.hpp"

namespace dbtest::unit {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class FakeDatabase : public backends::WorkerDatabase {
 public:
  std::map<std::string, std::int64_t> rows{{"items", 2}, {"orders", 0}};
  std::optional<std::int64_t> counter;
  int countings = 0;
  bool broken = false;

  void begin_test_transaction() override {}
  void roll_back_test_transaction() override {}
  void commit_test_transaction() override {}
  std::map<std::string, std::int64_t> row_counts() override {
    if (broken) throw std::runtime_error("server closed the connection");
    ++countings;
    return rows;
  }
  std::optional<std::int64_t> change_counter() override { return counter; }
};

TEST(CleanCheck, NamesEachChangedTableWithItsRowDifference) {
  EXPECT_THAT(worker::describe_changes({{"items", 2}, {"orders", 5}, {"gone", 1}},
                                       {{"items", 3}, {"orders", 2}, {"added", 1}}),
              ElementsAre("added (+1 row)", "gone (-1 row)", "items (+1 row)", "orders (-3 rows)"));
  EXPECT_THAT(worker::describe_changes({{"items", 2}}, {{"items", 2}}), IsEmpty());
}

TEST(CleanCheck, ReportsRowsATestLeftAndCountsFromThereOn) {
  FakeDatabase db;
  worker::CleanCheck check(db);
  check.before_test();
  db.rows["orders"] = 1;
  EXPECT_THAT(check.after_test(), ElementsAre("orders (+1 row)"));
  check.before_test();
  EXPECT_THAT(check.after_test(), IsEmpty()) << "the row is old news";
}

TEST(CleanCheck, RowsWrittenBetweenTestsAreNotBlamedOnTheNext) {
  FakeDatabase db;
  worker::CleanCheck check(db);
  check.before_test();
  EXPECT_THAT(check.after_test(), IsEmpty());
  db.rows["items"] = 7;  // SetUpTestSuite, say
  check.before_test();
  EXPECT_THAT(check.after_test(), IsEmpty());
}

TEST(CleanCheck, AnUnchangedCounterSparesTheCounting) {
  FakeDatabase db;
  db.counter = 10;
  worker::CleanCheck check(db);
  check.before_test();
  EXPECT_THAT(check.after_test(), IsEmpty());
  check.before_test();
  EXPECT_THAT(check.after_test(), IsEmpty());
  EXPECT_EQ(db.countings, 1) << "counted once, at the start";
  db.counter = 11;
  db.rows["items"] = 3;
  EXPECT_THAT(check.after_test(), ElementsAre("items (+1 row)"));
}

TEST(CleanCheck, ACheckThatCannotCountSaysWhy) {
  FakeDatabase db;
  worker::CleanCheck check(db);
  check.before_test();
  db.broken = true;
  EXPECT_THAT(check.after_test(), ElementsAre("(the check could not count the rows: server closed the connection)"));
}

}  // namespace
}  // namespace dbtest::unit
