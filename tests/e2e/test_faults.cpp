// A crash or a hang costs the test that caused it, and nothing else.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/dbtest_run.hpp"

using ::testing::HasSubstr;

namespace e2e {
namespace {

struct Fault {
  const char* mode;
  const char* label;
  const char* description;
};

class WorkerFault : public ::testing::TestWithParam<Fault> {};

TEST_P(WorkerFault, CostsOnlyTheTestThatCausedIt) {
  Sandbox box;
  const Fault fault = GetParam();
  auto r = run_dbtest(box, {"--parallel", "2", "--timeout", "2", "--", suite("fault_suite")}, {{"FAULT_MODE", fault.mode}});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr(std::string(fault.label) + ": Faulty.Misbehaves"));
  EXPECT_THAT(r.out, HasSubstr(fault.description));
  EXPECT_THAT(r.out, HasSubstr("last words before the fault"));
  EXPECT_EQ(last_line(r.out), "3 passed, 1 failed, 0 skipped") << r.out;
  EXPECT_TRUE(box.leftovers().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Modes, WorkerFault,
    ::testing::Values(Fault{"abort", "CRASHED", "killed by signal 6 (SIGABRT)"},
                      Fault{"segfault", "CRASHED", "killed by signal 11 (SIGSEGV)"},
                      Fault{"exit3", "CRASHED", "exit status 3"},
                      Fault{"hang", "TIMED OUT", "timed out after 2 s"}),
    [](const auto& param_info) { return std::string(param_info.param.mode); });

TEST(WorkerFault, FailfastStopsHandingOutWork) {
  Sandbox box;
  auto r = run_dbtest(box, {"--parallel", "1", "--failfast", "--dist", "test", "--", suite("fault_suite")},
                      {{"FAULT_MODE", "exit3"}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("were not run (--failfast)"));
}

}  // namespace
}  // namespace e2e
