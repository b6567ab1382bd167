// What dbtest prints for people watching a run and for CI: a test running
// long is named while it runs (--slow-after) and listed in the summary;
// under GitHub Actions each failure is also an annotation at its assertion.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/dbtest_run.hpp"

using ::testing::HasSubstr;

namespace e2e {
namespace {

int occurrences(const std::string& text, const std::string& fragment) {
  int n = 0;
  for (auto at = text.find(fragment); at != std::string::npos; at = text.find(fragment, at + 1)) ++n;
  return n;
}

TEST(SlowTests, ATestRunningPastSlowAfterIsNamedAtEachMultipleAndListedInTheSummary) {
  Sandbox box;
  const auto r = run_dbtest(box, {"--migrations", migrations("portable"), "--parallel", "1", "--slow-after", "0.4",
                                  "--filter", "Apples.First", "--", suite("slow_suite")},
                            {{"SLOW_SUITE_SLEEP_MS", "1500"}});
  ASSERT_EQ(r.exit_code, 0) << r.all();
  // At 0.4, 0.8 and 1.2 s; the fourth multiple, 1.6 s, comes after the end.
  EXPECT_GE(occurrences(r.out, "dbtest: SLOW Apples.First has run for over "), 2) << r.out;
  EXPECT_LE(occurrences(r.out, "dbtest: SLOW Apples.First has run for over "), 4) << r.out;
  EXPECT_THAT(r.out, HasSubstr(" on worker 1 (" + suite("slow_suite") + ")"));
  EXPECT_THAT(r.out, HasSubstr("Slow tests (--slow-after "));
  EXPECT_THAT(r.out, HasSubstr("  Apples.First  [" + suite("slow_suite") + "] PASSED"));
}

TEST(SlowTests, QuickTestsAreNeitherNamedNorListed) {
  Sandbox box;
  const auto r = run_dbtest(box, {"--filter", "Arithmetic.StillWorks", "--", suite("failing_suite")});
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("SLOW")));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("Slow tests")));
}

TEST(GithubAnnotations, EachFailureIsAnErrorAtItsAssertionRelativeToTheWorkspace) {
  Sandbox box;
  const auto r = run_dbtest(box, {"--", suite("failing_suite")},
                            {{"GITHUB_ACTIONS", "true"}, {"GITHUB_WORKSPACE", E2E_SOURCE_DIR}});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("::error file=tests/e2e/suites/failing_suite.cpp,line=11,"
                               "title=Arithmetic.IsWrongOnPurpose failed::"));
  EXPECT_THAT(r.out, HasSubstr("deliberate failure"));
  EXPECT_EQ(occurrences(r.out, "::error "), 1) << r.out;
}

TEST(GithubAnnotations, AreNotPrintedOutsideGithubActions) {
  Sandbox box;
  const auto r = run_dbtest(box, {"--", suite("failing_suite")});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("::error")));
}

}  // namespace
}  // namespace e2e
