// --isolation test, end to end on every engine: each test starts on a fresh
// clone, so tests that commit a fixed key or create a table pass however
// often they run, for linked binaries (the worker switches databases between
// tests) and plain ones (a process per test, each on its own clone), and the
// run leaves no database behind.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/dbtest_run.hpp"
#include "support/engines.hpp"
#include "support/hunt_suite_runs.hpp"

namespace e2e {
namespace {

class FreshDatabasePerTest : public ::testing::TestWithParam<Engine> {};

std::vector<std::string> fresh_suite_args(const EngineTarget& target, const std::vector<std::string>& options) {
  return concat(concat(concat(target.args, target.migration_args), options), {"--", suite("fresh_suite")});
}

TEST_P(FreshDatabasePerTest, TestsThatCommitAFixedKeyPassUnderRepeat) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  auto r = run_dbtest(box, fresh_suite_args(target, {"--isolation", "test", "--repeat", "5", "--parallel", "2"}));
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "25 passed, 0 failed, 0 skipped") << r.all();
  expect_nothing_left(box, target);
}

TEST_P(FreshDatabasePerTest, WorkersWaitForClonesWhenThePoolIsSmall) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  auto r = run_dbtest(box, fresh_suite_args(target, {"--isolation", "test", "--pool-size", "1", "--parallel", "2",
                                                     "--dist", "test"}));
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "5 passed, 0 failed, 0 skipped") << r.all();
  expect_nothing_left(box, target);
}

// The control: the same tests on one worker's clone see each other's rows.
TEST_P(FreshDatabasePerTest, WithoutItTheSecondTestFindsTheFirstOnesRows) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  auto r = run_dbtest(box, fresh_suite_args(target, {"--parallel", "1"}));
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, ::testing::HasSubstr("FAILED: FixedKey.InsertsRow100Again"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("FAILED: Schema.CreatesTheSameTable"));
  expect_nothing_left(box, target);
}

INSTANTIATE_TEST_SUITE_P(Engines, FreshDatabasePerTest, ::testing::ValuesIn(built_engines()),
                         [](const auto& param_info) { return engine_name(param_info.param); });

TEST(FreshDatabasePerTestPlain, EachTestOfAPlainBinaryRunsOnItsOwnClone) {
  Sandbox box;
  auto fresh = run_dbtest(box, {"--isolation", "test", "--repeat", "3", "--parallel", "2", "--migrations",
                                migrations("basic"), "--", suite("plain_fresh_suite")});
  EXPECT_EQ(fresh.exit_code, 0) << fresh.all();
  EXPECT_EQ(last_line(fresh.out), "9 passed, 0 failed, 0 skipped") << fresh.all();
  EXPECT_TRUE(box.leftovers().empty()) << ::testing::PrintToString(box.leftovers());

  auto shared = run_dbtest(box, {"--parallel", "1", "--migrations", migrations("basic"), "--", suite("plain_fresh_suite")});
  EXPECT_EQ(shared.exit_code, 1) << shared.all();
  EXPECT_EQ(last_line(shared.out), "1 passed, 2 failed, 0 skipped") << shared.all();
}

}  // namespace
}  // namespace e2e
