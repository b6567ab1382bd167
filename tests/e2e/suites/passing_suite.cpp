// Passes everywhere: plain, typed and parameterised tests, plus a disabled one.
#include <dbtest/dbtest.hpp>

#include "suite_support.hpp"

TEST(Schema, MigrationsRanInVersionOrder) {
  EXPECT_EQ(e2e::query_int("SELECT value FROM counters WHERE name = 'applied_after_events'"), 1);
}

TEST(Schema, MigrationsAreRecorded) {
  EXPECT_EQ(e2e::query_int("SELECT COUNT(*) FROM dbtest_migrations"), 3);
}

TEST(Schema, SeedRowsArePresent) { EXPECT_EQ(e2e::query_int("SELECT COUNT(*) FROM items"), 2); }

TEST(Environment, WorkerVariablesAreSet) {
  EXPECT_GE(dbtest::worker_id(), 1);
  EXPECT_LE(dbtest::worker_id(), dbtest::worker_count());
  EXPECT_EQ(dbtest::backend(), "sqlite");
  EXPECT_NE(std::getenv("DBTEST_RUN_ID"), nullptr);
  EXPECT_EQ(dbtest::database_url(), std::getenv("DBTEST_DATABASE_URL"));
}

TEST(Environment, DISABLED_NeverRunsUnlessAsked) { dbtest::publish("disabled.ran", "yes"); }

class Squares : public ::testing::TestWithParam<int> {};
TEST_P(Squares, AreNotNegative) { EXPECT_GE(GetParam() * GetParam(), 0); }
INSTANTIATE_TEST_SUITE_P(Small, Squares, ::testing::Values(-2, 0, 3));

template <class T>
class Zero : public ::testing::Test {};
using Numbers = ::testing::Types<int, long, double>;
TYPED_TEST_SUITE(Zero, Numbers);
TYPED_TEST(Zero, IsFalse) { EXPECT_FALSE(TypeParam(0)); }

class Rollback : public dbtest::TransactionalTest {};
TEST_F(Rollback, InsertIsVisibleInsideTheTest) {
  e2e::exec("INSERT INTO items(name) VALUES ('temporary')");
  EXPECT_EQ(e2e::query_int("SELECT COUNT(*) FROM items"), 3);
}
TEST_F(Rollback, InsertOfTheEarlierTestWasRolledBack) { EXPECT_EQ(e2e::query_int("SELECT COUNT(*) FROM items"), 2); }

TEST(Skipping, IsReportedAsSkipped) { GTEST_SKIP() << "not today"; }
