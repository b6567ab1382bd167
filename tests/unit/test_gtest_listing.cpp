// What a binary prints for --gtest_list_tests.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/errors.hpp"
#include "discovery/gtest_listing.hpp"
#include "unit_support.hpp"

namespace dbtest::unit {
namespace {

using runner::Listing;
using runner::parse_listing;
using runner::TestCase;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> full_names(const Listing& listing) {
  std::vector<std::string> out;
  for (const auto& t : listing.tests) out.push_back(t.full_name());
  return out;
}

TEST(ParseListing, PlainSuites) {
  const Listing listing = parse_listing(
      "Orders.\n"
      "  CreatesOrder\n"
      "  RejectsEmptyCart\n"
      "Customers.\n"
      "  FindsByEmail\n");
  ASSERT_EQ(listing.tests.size(), 3u);
  EXPECT_EQ(listing.tests[0].suite, "Orders");
  EXPECT_EQ(listing.tests[0].name, "CreatesOrder");
  EXPECT_THAT(full_names(listing), ElementsAre("Orders.CreatesOrder", "Orders.RejectsEmptyCart", "Customers.FindsByEmail"));
  EXPECT_EQ(listing.protocol_version, 0);
}

TEST(ParseListing, ParameterisedTestsDropTheParameterComment) {
  const Listing listing = parse_listing(
      "Nums/Param.\n"
      "  Positive/0  # GetParam() = 1\n"
      "  Positive/1  # GetParam() = \"two  # words\"\n"
      "  Named/big  # GetParam() = 1000\n");
  EXPECT_THAT(full_names(listing), ElementsAre("Nums/Param.Positive/0", "Nums/Param.Positive/1", "Nums/Param.Named/big"));
  EXPECT_EQ(listing.tests[0].suite, "Nums/Param");
  EXPECT_EQ(listing.tests[0].name, "Positive/0");
}

TEST(ParseListing, TypedSuitesDropTheTypeComment) {
  const Listing listing = parse_listing(
      "Typed/0.  # TypeParam = int\n"
      "  Works\n"
      "Typed/1.  # TypeParam = std::vector<int, std::allocator<int> >\n"
      "  Works\n"
      "Prefix/TypedP/0.  # TypeParam = char\n"
      "  Holds\n");
  EXPECT_THAT(full_names(listing), ElementsAre("Typed/0.Works", "Typed/1.Works", "Prefix/TypedP/0.Holds"));
  EXPECT_EQ(listing.tests[1].suite, "Typed/1");
}

TEST(ParseListing, ReadsTheWorkerProtocolMarker) {
  const Listing listing = parse_listing(
      "dbtest-worker-protocol 1\n"
      "Orders.\n"
      "  CreatesOrder\n");
  EXPECT_EQ(listing.protocol_version, 1);
  EXPECT_THAT(full_names(listing), ElementsAre("Orders.CreatesOrder"));
}

TEST(ParseListing, MarkerMayComeAfterTheTests) {
  const Listing listing = parse_listing("Orders.\n  CreatesOrder\ndbtest-worker-protocol 2\n");
  EXPECT_EQ(listing.protocol_version, 2);
  EXPECT_THAT(full_names(listing), ElementsAre("Orders.CreatesOrder"));
}

TEST(ParseListing, IgnoresLinesThatAreNotPartOfTheListing) {
  const Listing listing = parse_listing(
      "Running main() from gtest_main.cc\n"
      "  indented noise before any suite\n"
      "Note: Google Test filter = *\n"
      "dbtest-worker-protocol 1\n"
      "\n"
      "Orders.\n"
      "  CreatesOrder\n"
      "\n");
  EXPECT_THAT(full_names(listing), ElementsAre("Orders.CreatesOrder"));
  EXPECT_EQ(listing.protocol_version, 1);
}

TEST(ParseListing, AcceptsWindowsLineEndings) {
  const Listing listing = parse_listing("dbtest-worker-protocol 1\r\nOrders.\r\n  CreatesOrder\r\n  Nums/0  # GetParam() = 1\r\n");
  EXPECT_EQ(listing.protocol_version, 1);
  EXPECT_THAT(full_names(listing), ElementsAre("Orders.CreatesOrder", "Orders.Nums/0"));
}

TEST(ParseListing, EmptyTextHasNoTests) {
  const Listing listing = parse_listing("");
  EXPECT_TRUE(listing.tests.empty());
  EXPECT_EQ(listing.protocol_version, 0);
}

TEST(ParseListing, KeepsDisabledTestsAndMarksThem) {
  const Listing listing = parse_listing(
      "Orders.\n"
      "  DISABLED_Slow\n"
      "  Fast\n"
      "DISABLED_Reports.\n"
      "  Monthly\n");
  ASSERT_EQ(listing.tests.size(), 3u);
  EXPECT_TRUE(listing.tests[0].disabled());
  EXPECT_FALSE(listing.tests[1].disabled());
  EXPECT_TRUE(listing.tests[2].disabled());
}

TEST(TestCaseDisabled, ByTestName) {
  EXPECT_TRUE((TestCase{"Orders", "DISABLED_Slow"}).disabled());
  EXPECT_TRUE((TestCase{"Nums/Param", "DISABLED_Positive/0"}).disabled());
  // GoogleTest also disables a test whose name has a /DISABLED_ part.
  EXPECT_TRUE((TestCase{"Prefix/Suite", "Positive/DISABLED_zero"}).disabled());
  EXPECT_FALSE((TestCase{"Orders", "Slow"}).disabled());
  EXPECT_FALSE((TestCase{"Orders", "NotDISABLED_Slow"}).disabled());
  EXPECT_FALSE((TestCase{"Orders", "disabled_Slow"}).disabled());
}

TEST(TestCaseDisabled, BySuiteName) {
  EXPECT_TRUE((TestCase{"DISABLED_Orders", "Create"}).disabled());
  EXPECT_FALSE((TestCase{"MyDISABLED_Orders", "Create"}).disabled());
}

TEST(TestCaseDisabled, ByAnyPartOfAParameterisedOrTypedSuiteName) {
  EXPECT_TRUE((TestCase{"DISABLED_Foo/Param", "Positive/0"}).disabled());
  EXPECT_TRUE((TestCase{"Nums/DISABLED_Param", "Positive/0"}).disabled());
  EXPECT_TRUE((TestCase{"DISABLED_Typed/0", "Works"}).disabled());
  EXPECT_TRUE((TestCase{"Prefix/DISABLED_TypedP/1", "Works"}).disabled());
  EXPECT_FALSE((TestCase{"Nums/Param_DISABLED_", "Positive/0"}).disabled());
  EXPECT_FALSE((TestCase{"Typed/0", "Works"}).disabled());
}

TEST(ListTests, MissingBinaryIsAUsageError) {
  TempDir dir;
  try {
    runner::list_tests(dir / "no_such_test", {}, std::chrono::seconds(60), dir.path());
    FAIL() << "did not throw";
  } catch (const UsageError& e) {
    EXPECT_THAT(e.what(), HasSubstr("no_such_test"));
  }
}

}  // namespace
}  // namespace dbtest::unit
