// GoogleTest's --gtest_filter syntax, applied by the master.
#include <gtest/gtest.h>

#include "discovery/gtest_filter.hpp"

namespace dbtest::unit {
namespace {

using runner::TestFilter;
using runner::wildcard_match;

TEST(WildcardMatch, LiteralPatternMatchesOnlyItself) {
  EXPECT_TRUE(wildcard_match("Orders.Create", "Orders.Create"));
  EXPECT_FALSE(wildcard_match("Orders.Create", "Orders.CreateMany"));
  EXPECT_FALSE(wildcard_match("Orders.Create", "Orders.Creat"));
  EXPECT_FALSE(wildcard_match("orders.create", "Orders.Create"));  // case matters
}

TEST(WildcardMatch, StarMatchesAnyRunIncludingNone) {
  EXPECT_TRUE(wildcard_match("*", ""));
  EXPECT_TRUE(wildcard_match("*", "Anything.AtAll"));
  EXPECT_TRUE(wildcard_match("Orders.*", "Orders."));
  EXPECT_TRUE(wildcard_match("Orders.*", "Orders.Create"));
  EXPECT_FALSE(wildcard_match("Orders.*", "Order.Create"));
  EXPECT_TRUE(wildcard_match("*.Create", "Orders.Create"));
  EXPECT_TRUE(wildcard_match("*Slow*", "Reports.VerySlowQuery"));
  EXPECT_TRUE(wildcard_match("O*s.C*e", "Orders.Create"));
  EXPECT_TRUE(wildcard_match("**", "x"));
  EXPECT_FALSE(wildcard_match("*x", "abc"));
}

TEST(WildcardMatch, StarBacktracksOverRepeatedText) {
  EXPECT_TRUE(wildcard_match("*ab*ab", "xabyabab"));
  EXPECT_TRUE(wildcard_match("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(wildcard_match("a*b*c", "aXbYbZ"));
  EXPECT_TRUE(wildcard_match("*aab", "aaaab"));
}

TEST(WildcardMatch, QuestionMarkMatchesExactlyOneCharacter) {
  EXPECT_TRUE(wildcard_match("Nums/Param.Positive/?", "Nums/Param.Positive/3"));
  EXPECT_FALSE(wildcard_match("Nums/Param.Positive/?", "Nums/Param.Positive/12"));
  EXPECT_FALSE(wildcard_match("?", ""));
  EXPECT_TRUE(wildcard_match("?*", "a"));
  EXPECT_FALSE(wildcard_match("?*", ""));
}

TEST(WildcardMatch, EmptyPatternMatchesOnlyEmptyText) {
  EXPECT_TRUE(wildcard_match("", ""));
  EXPECT_FALSE(wildcard_match("", "a"));
}

TEST(TestFilter, EmptyFilterSelectsEverything) {
  const TestFilter filter("");
  EXPECT_TRUE(filter.matches("Orders.Create"));
  EXPECT_TRUE(filter.matches("Nums/Param.Positive/0"));
}

TEST(TestFilter, PositivePatternsSelect) {
  const TestFilter filter("Orders.*:Customers.Find");
  EXPECT_TRUE(filter.matches("Orders.Create"));
  EXPECT_TRUE(filter.matches("Customers.Find"));
  EXPECT_FALSE(filter.matches("Customers.FindAll"));
  EXPECT_FALSE(filter.matches("Payments.Refund"));
}

TEST(TestFilter, NegativePatternsRemoveFromThePositiveOnes) {
  const TestFilter filter("Orders.*-Orders.Slow*:*Flaky");
  EXPECT_TRUE(filter.matches("Orders.Create"));
  EXPECT_FALSE(filter.matches("Orders.SlowReport"));
  EXPECT_FALSE(filter.matches("Orders.IsFlaky"));
  EXPECT_FALSE(filter.matches("Customers.Find"));
}

TEST(TestFilter, NegativeAloneSelectsAllButTheNegative) {
  const TestFilter filter("-Orders.Slow");
  EXPECT_TRUE(filter.matches("Orders.Create"));
  EXPECT_TRUE(filter.matches("Customers.Find"));
  EXPECT_FALSE(filter.matches("Orders.Slow"));
}

TEST(TestFilter, EmptyPatternsBetweenColonsAreIgnored) {
  const TestFilter filter(":Orders.Create::");
  EXPECT_TRUE(filter.matches("Orders.Create"));
  EXPECT_FALSE(filter.matches("Orders.Delete"));
}

TEST(TestFilter, TrailingDashWithoutNegativesSelectsThePositives) {
  const TestFilter filter("Orders.*-");
  EXPECT_TRUE(filter.matches("Orders.Create"));
  EXPECT_FALSE(filter.matches("Customers.Find"));
}

TEST(TestFilter, PatternsMatchWholeNames) {
  const TestFilter filter("Orders");
  EXPECT_FALSE(filter.matches("Orders.Create"));
}

TEST(TestFilter, MatchesParameterisedAndTypedNames) {
  const TestFilter filter("Nums/*.Positive/*:Typed/?.*-Typed/1.*");
  EXPECT_TRUE(filter.matches("Nums/Param.Positive/0"));
  EXPECT_FALSE(filter.matches("Nums/Param.Negative/0"));
  EXPECT_TRUE(filter.matches("Typed/0.Works"));
  EXPECT_FALSE(filter.matches("Typed/1.Works"));
}

}  // namespace
}  // namespace dbtest::unit
