// Text shared by the printers and the summary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "report/text_format.hpp"
#include "report_support.hpp"
#include "unit_support.hpp"

namespace dbtest::unit {
namespace {

using runner::failure_block;
using runner::format_seconds;
using runner::Outcome;
using runner::outcome_label;
using runner::printable;
using runner::Style;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(FormatSeconds, MillisecondsUnderTenSeconds) {
  EXPECT_EQ(format_seconds(0), "0.000 s");
  EXPECT_EQ(format_seconds(0.0123), "0.012 s");
  EXPECT_EQ(format_seconds(3.4), "3.400 s");
}

TEST(FormatSeconds, TenthsUnderTwoMinutes) {
  EXPECT_EQ(format_seconds(10), "10.0 s");
  EXPECT_EQ(format_seconds(34.56), "34.6 s");
}

TEST(FormatSeconds, MinutesAndSecondsBeyond) {
  EXPECT_EQ(format_seconds(120), "2 min 00 s");
  EXPECT_EQ(format_seconds(125.9), "2 min 05 s");
  EXPECT_EQ(format_seconds(3725), "62 min 05 s");
}

TEST(Printable, KeepsTextNewlinesTabsAndUtf8) {
  EXPECT_EQ(printable("line one\n\tline two: Grüße 日本\n"), "line one\n\tline two: Grüße 日本\n");
}

TEST(Printable, ShowsControlCharactersAsEscapes) {
  EXPECT_EQ(printable("\x1b[2Jcleared"), "\\x1b[2Jcleared");
  EXPECT_EQ(printable("a\rb"), "a\\x0db");
  EXPECT_EQ(printable(bytes("nul\0end")), "nul\\x00end");
  EXPECT_EQ(printable("\x7f\x01\x08"), "\\x7f\\x01\\x08");
}

TEST(OutcomeLabel, NamesEveryOutcome) {
  EXPECT_EQ(outcome_label(Outcome::passed), "PASSED");
  EXPECT_EQ(outcome_label(Outcome::failed), "FAILED");
  EXPECT_EQ(outcome_label(Outcome::skipped), "SKIPPED");
  EXPECT_EQ(outcome_label(Outcome::crashed), "CRASHED");
  EXPECT_EQ(outcome_label(Outcome::timed_out), "TIMED OUT");
}

TEST(FailureBlock, HeaderFailuresAndOutput) {
  auto r = result("Orders.Create", Outcome::failed, 1.5);
  r.slot = 3;
  r.failures = {{"orders_test.cpp", 42, "Expected: 1\n  Actual: 2\n\n"}, {"", 0, "no location"}};
  r.output = {"printed\n", 0};
  const std::string block = failure_block(r, "build/orders_test", Style{});
  EXPECT_THAT(block, StartsWith("FAILED: Orders.Create  [build/orders_test, worker 3, 1.500 s]\n"));
  EXPECT_THAT(block, HasSubstr("orders_test.cpp:42: Expected: 1\n  Actual: 2\nno location\n"));
  EXPECT_THAT(block, HasSubstr("--- output ---\nprinted\n--- end of output ---\n"));
}

TEST(FailureBlock, NoOutputSectionWithoutOutput) {
  EXPECT_THAT(failure_block(result("A.b", Outcome::crashed), "bin", Style{}), Not(HasSubstr("--- output")));
}

TEST(FailureBlock, OutputWithoutFinalNewlineIsClosedOnItsOwnLine) {
  auto r = result("A.b", Outcome::failed);
  r.output = {"no newline", 0};
  EXPECT_THAT(failure_block(r, "bin", Style{}), HasSubstr("no newline\n--- end of output ---\n"));
}

TEST(FailureBlock, CutOutputShowsTheMarkBetweenHeadAndTail) {
  auto r = result("A.b", Outcome::failed);
  r.output = {"HEADTAIL", 1000};
  EXPECT_THAT(failure_block(r, "bin", Style{}), HasSubstr("HEAD\n[... 1000 bytes of output cut ...]\nTAIL\n"));
}

TEST(FailureBlock, NeutralisesEscapeSequencesInMessagesAndOutput) {
  auto r = result("A.b", Outcome::failed);
  r.failures = {{"", 0, "bad \x1b[31m message"}};
  r.output = {"clear \x1b[2J screen\n", 0};
  const std::string block = failure_block(r, "bin", Style{});
  EXPECT_THAT(block, Not(HasSubstr("\x1b")));
  EXPECT_THAT(block, HasSubstr("bad \\x1b[31m message"));
  EXPECT_THAT(block, HasSubstr("clear \\x1b[2J screen"));
}

TEST(FailureBlock, SuiteErrorSaysItIsOutsideAnyTest) {
  EXPECT_THAT(failure_block(suite_error("Orders"), "bin", Style{}), HasSubstr("Orders (outside any test of the suite)"));
}

TEST(FailureBlock, LabelsCrashesAndTimeouts) {
  EXPECT_THAT(failure_block(result("A.b", Outcome::crashed), "bin", Style{}), StartsWith("CRASHED: A.b"));
  EXPECT_THAT(failure_block(result("A.b", Outcome::timed_out), "bin", Style{}), StartsWith("TIMED OUT: A.b"));
}

TEST(FailureBlock, ColourOnlyWhenAsked) {
  const auto r = result("A.b", Outcome::failed);
  EXPECT_THAT(failure_block(r, "bin", Style{false}), Not(HasSubstr("\x1b[")));
  EXPECT_THAT(failure_block(r, "bin", Style{true}), HasSubstr("\x1b[31m"));
}

}  // namespace
}  // namespace dbtest::unit
