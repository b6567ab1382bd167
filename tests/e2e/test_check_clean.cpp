// --check-clean, end to end on every engine: a test that commits a row is
// named with its table, a test whose transaction was rolled back is not;
// report warns, fail fails, reclone gives the next test a fresh clone.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/dbtest_run.hpp"
#include "support/engines.hpp"
#include "support/hunt_suite_runs.hpp"

using ::testing::HasSubstr;
using ::testing::Not;

namespace e2e {
namespace {

class CheckClean : public ::testing::TestWithParam<Engine> {};

RunOutput run_dirty_suite(const Sandbox& box, const EngineTarget& target, const std::vector<std::string>& options) {
  // One worker, so the tests share a clone in the order they are written.
  return run_dbtest(box, concat(concat(concat(target.args, target.migration_args), concat({"--parallel", "1"}, options)),
                                {"--", suite("dirty_suite")}));
}

TEST_P(CheckClean, ReportNamesTheTableATestLeftChanged) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  auto r = run_dirty_suite(box, target, {"--check-clean"});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("  WARNING   Dirty.CommitsARow  [" + suite("dirty_suite") +
                               "] left the database changed: items (+1 row)\n"));
  EXPECT_THAT(r.out, Not(HasSubstr("WARNING   Rolled.")));
  // Reported, not repaired: the next test on that clone sees the row.
  EXPECT_THAT(r.out, HasSubstr("FAILED    Clean.SeesOnlyTheSeedRows"));
  EXPECT_EQ(last_line(r.out), "2 passed, 1 failed, 0 skipped") << r.all();
  expect_nothing_left(box, target);
}

TEST_P(CheckClean, RecloneGivesTheNextTestAFreshClone) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  auto r = run_dirty_suite(box, target, {"--check-clean=reclone"});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_THAT(r.out, HasSubstr("Dirty.CommitsARow  [" + suite("dirty_suite") +
                               "] left the database changed: items (+1 row)\n"));
  EXPECT_THAT(r.out, Not(HasSubstr("Workers restarted")));
  EXPECT_EQ(last_line(r.out), "3 passed, 0 failed, 0 skipped") << r.all();
  expect_nothing_left(box, target);
}

TEST_P(CheckClean, FailFailsTheTestThatLeftTheDatabaseChanged) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  auto r = run_dirty_suite(box, target, {"--check-clean=fail", "--filter", "Dirty.*:Rolled.*"});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("left the database changed: items (+1 row) (--check-clean=fail)"));
  EXPECT_THAT(r.out, HasSubstr("FAILED    Dirty.CommitsARow"));
  EXPECT_EQ(last_line(r.out), "1 passed, 1 failed, 0 skipped") << r.all();
  expect_nothing_left(box, target);
}

INSTANTIATE_TEST_SUITE_P(Engines, CheckClean, ::testing::ValuesIn(built_engines()),
                         [](const auto& param_info) { return engine_name(param_info.param); });

}  // namespace
}  // namespace e2e
