// Bad input: one clear line on stderr, exit status 2, nothing left behind.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "support/dbtest_run.hpp"

using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace e2e {
namespace {

void expect_clean_error(const Sandbox& box, const RunOutput& r, const std::string& fragment) {
  EXPECT_EQ(r.exit_code, 2) << r.all();
  const auto lines = lines_of(r.err);
  ASSERT_EQ(lines.size(), 1u) << "expected one line on stderr:\n" << r.err;
  EXPECT_THAT(lines[0], StartsWith("dbtest: error: "));
  EXPECT_THAT(lines[0], HasSubstr(fragment));
  EXPECT_TRUE(box.leftovers().empty()) << "the run left files in its temporary folder";
}

TEST(BadInput, UnknownOption) {
  Sandbox box;
  expect_clean_error(box, run_dbtest(box, {"--frobnicate", "--", suite("failing_suite")}), "frobnicate");
}

class BadParallel : public ::testing::TestWithParam<const char*> {};
TEST_P(BadParallel, IsRejected) {
  Sandbox box;
  expect_clean_error(box, run_dbtest(box, {"--parallel", GetParam(), "--", suite("failing_suite")}), "--parallel");
}
INSTANTIATE_TEST_SUITE_P(Values, BadParallel, ::testing::Values("0", "-3", "abc", "1.5"));

TEST(BadInput, MissingBinary) {
  Sandbox box;
  expect_clean_error(box, run_dbtest(box, {"--", "/nonexistent/app_tests"}), "test binary not found: /nonexistent/app_tests");
}

TEST(BadInput, BinaryThatIsNotAGoogleTestBinary) {
  Sandbox box;
  expect_clean_error(box, run_dbtest(box, {"--", "/bin/true"}), "is not a GoogleTest binary linked with dbtest::gtest_main");
}

TEST(BadInput, NoBinaryAtAll) {
  Sandbox box;
  expect_clean_error(box, run_dbtest(box, {"--parallel", "2"}), "no test binary given");
}

TEST(BadInput, MissingMigrationsFolder) {
  Sandbox box;
  expect_clean_error(box, run_dbtest(box, {"--migrations", "/nonexistent/migrations", "--", suite("failing_suite")}),
                     "migrations folder not found");
}

TEST(BadInput, EmptyMigrationsFolder) {
  Sandbox box;
  expect_clean_error(box, run_dbtest(box, {"--migrations", migrations("empty"), "--", suite("failing_suite")}),
                     "holds no *.sql file");
}

TEST(BadInput, MigrationWithSqlErrorNamesFileLineAndMessage) {
  Sandbox box;
  auto r = run_dbtest(box, {"--migrations", migrations("broken"), "--", suite("failing_suite")});
  expect_clean_error(box, r, "0002_typo.sql, line 4: near \",\": syntax error");
}

TEST(BadInput, UnwritableStateFolder) {
  Sandbox box;
  const auto file = box.root() / "a-file";
  std::ofstream(file) << "x";
  expect_clean_error(box, run_dbtest(box, {"--state-dir", (file / "state").string(), "--", suite("failing_suite")}),
                     "state folder");
}

TEST(BadInput, FilterThatMatchesNothing) {
  Sandbox box;
  expect_clean_error(box, run_dbtest(box, {"--filter", "NoSuch.*", "--", suite("failing_suite")}),
                     "no test matches --filter 'NoSuch.*'");
}

TEST(BadInput, FailingMigrateCommandShowsItsOutput) {
  Sandbox box;
  auto r = run_dbtest(box, {"--migrate-cmd", "echo broken tool >&2; exit 4", "--", suite("failing_suite")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("dbtest: error: --migrate-cmd failed (exit status 4)"));
  EXPECT_THAT(r.err, HasSubstr("broken tool"));
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(BadInput, PasswordsNeverAppearInErrors) {
  Sandbox box;
  auto r = run_dbtest(box, {"--database-url", "nosuch://user:hunter2@localhost/app", "--", suite("failing_suite")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.all(), ::testing::Not(HasSubstr("hunter2")));
}

}  // namespace
}  // namespace e2e
