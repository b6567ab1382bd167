// Ids that do not depend on order, end to end on every engine: tests that
// check the ids they get pass in every order on one shared clone, because
// TransactionalTest sets back the sequences and AUTO_INCREMENT counters a
// test advanced; a fixture that opts out sees them move on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/dbtest_run.hpp"
#include "support/engines.hpp"
#include "support/hunt_suite_runs.hpp"

namespace e2e {
namespace {

class IdCounters : public ::testing::TestWithParam<Engine> {};

std::vector<std::string> id_suite_args(const EngineTarget& target, const std::vector<std::string>& options) {
  return concat(concat(concat(target.args, {"--migrations", migrations("ids_" + engine_name(target.engine))}), options),
                {"--", suite("id_suite")});
}

TEST_P(IdCounters, IdCheckingTestsPassInEveryOrderOnOneClone) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  for (const char* seed : {"1", "2", "3", "4"}) {
    auto r = run_dbtest(box, id_suite_args(target, {"--parallel", "1", "--dist", "test", "--shuffle=" + std::string(seed),
                                                    "--filter", "Each/Ids.*"}));
    EXPECT_EQ(r.exit_code, 0) << "seed " << seed << "\n" << r.all();
    EXPECT_EQ(last_line(r.out), "6 passed, 0 failed, 0 skipped") << r.all();
  }
  expect_nothing_left(box, target);
}

TEST_P(IdCounters, AFixtureThatOptsOutSeesTheServersCountersMoveOn) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  auto r = run_dbtest(box, id_suite_args(target, {"--parallel", "1", "--filter", "NoRestore.*"}));
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "2 passed, 0 failed, 0 skipped") << r.all();
  expect_nothing_left(box, target);
}

INSTANTIATE_TEST_SUITE_P(Engines, IdCounters, ::testing::ValuesIn(built_engines()),
                         [](const auto& param_info) { return engine_name(param_info.param); });

}  // namespace
}  // namespace e2e
