// dbtest::warn(), end to end: a test that warns passes with warnings, the
// summary and the JUnit report show the messages, and --warnings-as-errors
// fails such a test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/dbtest_run.hpp"

using ::testing::HasSubstr;
using ::testing::Not;

namespace e2e {
namespace {

TEST(Warnings, APassWithWarningsIsListedAndCountedApart) {
  Sandbox box;
  const auto report = box.root() / "report.xml";
  auto r = run_dbtest(box, {"--parallel", "2", "--junit-xml", report.string(), "--", suite("warning_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_THAT(r.out, HasSubstr("Warnings:\n"));
  EXPECT_THAT(r.out, HasSubstr("  WARNING   Warn.OnceInTheBody  [" + suite("warning_suite") + "] the query took 2 s\n"));
  EXPECT_THAT(r.out, HasSubstr("  WARNING   WarnInTearDown.AndInTheBody  [" + suite("warning_suite") + "] first\n"
                               "  WARNING   WarnInTearDown.AndInTheBody  [" + suite("warning_suite") +
                               "] left a temp file <report.csv> & more\n"));
  EXPECT_THAT(r.out, Not(HasSubstr("Warn.NotAtAll  [")));
  const auto lines = lines_of(r.out);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[lines.size() - 2], "2 of the passed tests passed with warnings");
  EXPECT_EQ(lines.back(), "3 passed, 0 failed, 0 skipped");

  const std::string xml = slurp(report);
  EXPECT_THAT(xml, HasSubstr(R"(<property name="dbtest.warning" value="the query took 2 s"/>)"));
  EXPECT_THAT(xml, HasSubstr(R"(<property name="dbtest.warning" value="left a temp file &lt;report.csv&gt; &amp; more"/>)"));
  EXPECT_THAT(xml, HasSubstr("dbtest: warning: the query took 2 s"));
  EXPECT_THAT(xml, HasSubstr(R"(failures="0" errors="0")"));
}

TEST(Warnings, WarningsAsErrorsFailsTheTestsThatWarned) {
  Sandbox box;
  auto r = run_dbtest(box, {"--warnings-as-errors", "--", suite("warning_suite")});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("warning (--warnings-as-errors): the query took 2 s"));
  EXPECT_THAT(r.out, Not(HasSubstr("Warnings:")));
  EXPECT_EQ(last_line(r.out), "1 passed, 2 failed, 0 skipped") << r.all();
}

}  // namespace
}  // namespace e2e
