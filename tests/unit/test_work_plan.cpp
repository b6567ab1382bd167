// Cutting the selection into units of work.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "schedule/work_plan.hpp"

namespace dbtest::unit {
namespace {

using runner::Distribution;
using runner::duration_key;
using runner::Durations;
using runner::plan_work;
using runner::SelectedTest;
using runner::WorkUnit;
using ::testing::ElementsAre;

SelectedTest test(int binary, const std::string& suite, const std::string& name) { return {binary, {suite, name}}; }

const std::vector<std::string> kBinaries = {"build/a_test", "build/b_test"};

TEST(PlanWork, DurationKeyJoinsBinaryAndName) {
  EXPECT_EQ(duration_key("build/a_test", "Orders.Create"), "build/a_test::Orders.Create");
}

TEST(PlanWork, SuiteDistributionGroupsByBinaryAndSuite) {
  const auto units = plan_work({test(0, "Orders", "A"), test(0, "Customers", "A"), test(0, "Orders", "B"),
                                test(1, "Orders", "A"), test(1, "Orders", "C")},
                               kBinaries, Distribution::suite, {});
  ASSERT_EQ(units.size(), 3u);
  // Without history every test counts the same: larger suites go first, ties keep their order.
  EXPECT_EQ(units[0].binary, 0);
  EXPECT_THAT(units[0].tests, ElementsAre("Orders.A", "Orders.B"));
  EXPECT_EQ(units[1].binary, 1);
  EXPECT_THAT(units[1].tests, ElementsAre("Orders.A", "Orders.C"));
  EXPECT_EQ(units[2].binary, 0);
  EXPECT_THAT(units[2].tests, ElementsAre("Customers.A"));
}

TEST(PlanWork, TestDistributionMakesOneUnitPerTest) {
  const auto units = plan_work({test(0, "Orders", "A"), test(0, "Orders", "B"), test(1, "Orders", "A")}, kBinaries,
                               Distribution::test, {});
  ASSERT_EQ(units.size(), 3u);
  for (const auto& u : units) EXPECT_EQ(u.tests.size(), 1u);
  EXPECT_THAT(units[0].tests, ElementsAre("Orders.A"));
  EXPECT_EQ(units[0].binary, 0);
  EXPECT_THAT(units[1].tests, ElementsAre("Orders.B"));
  EXPECT_THAT(units[2].tests, ElementsAre("Orders.A"));
  EXPECT_EQ(units[2].binary, 1);
}

TEST(PlanWork, LongestUnitsFirstFromRecordedDurations) {
  const Durations durations = {{"build/a_test::Fast.A", 0.1},
                               {"build/a_test::Slow.A", 5.0},
                               {"build/a_test::Medium.A", 1.0},
                               {"build/a_test::Medium.B", 1.5}};
  const auto units = plan_work({test(0, "Fast", "A"), test(0, "Medium", "A"), test(0, "Slow", "A"),
                                test(0, "Medium", "B")},
                               kBinaries, Distribution::suite, durations);
  ASSERT_EQ(units.size(), 3u);
  EXPECT_THAT(units[0].tests, ElementsAre("Slow.A"));
  EXPECT_DOUBLE_EQ(units[0].estimate_seconds, 5.0);
  EXPECT_THAT(units[1].tests, ElementsAre("Medium.A", "Medium.B"));
  EXPECT_DOUBLE_EQ(units[1].estimate_seconds, 2.5);
  EXPECT_THAT(units[2].tests, ElementsAre("Fast.A"));
}

TEST(PlanWork, LongestTestsFirstWithTestDistribution) {
  const Durations durations = {{"build/a_test::S.A", 0.1}, {"build/a_test::S.B", 3.0}, {"build/a_test::S.C", 1.0}};
  const auto units =
      plan_work({test(0, "S", "A"), test(0, "S", "B"), test(0, "S", "C")}, kBinaries, Distribution::test, durations);
  ASSERT_EQ(units.size(), 3u);
  EXPECT_THAT(units[0].tests, ElementsAre("S.B"));
  EXPECT_THAT(units[1].tests, ElementsAre("S.C"));
  EXPECT_THAT(units[2].tests, ElementsAre("S.A"));
}

TEST(PlanWork, DurationsAreKeptPerBinary) {
  // The same test name in another binary is another test.
  const Durations durations = {{"build/b_test::S.A", 9.0}, {"build/a_test::X.A", 0.1}, {"build/a_test::X.B", 0.2}};
  const auto units = plan_work({test(0, "S", "A"), test(1, "S", "A")}, kBinaries, Distribution::test, durations);
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].binary, 1);
  EXPECT_DOUBLE_EQ(units[0].estimate_seconds, 9.0);
  EXPECT_DOUBLE_EQ(units[1].estimate_seconds, 0.2);  // unknown in binary 0: the median
}

TEST(PlanWork, UnknownTestsGetTheMedianEstimate) {
  const Durations durations = {{"build/a_test::K.A", 1.0}, {"build/a_test::K.B", 2.0}, {"build/a_test::K.C", 30.0},
                               {"build/b_test::Other.X", 0.5}, {"build/b_test::Other.Y", 3.0}};
  // Median of {0.5, 1, 2, 3, 30} is 2.
  const auto units = plan_work({test(0, "New", "A"), test(0, "K", "A")}, kBinaries, Distribution::test, durations);
  ASSERT_EQ(units.size(), 2u);
  EXPECT_THAT(units[0].tests, ElementsAre("New.A"));
  EXPECT_DOUBLE_EQ(units[0].estimate_seconds, 2.0);
  EXPECT_DOUBLE_EQ(units[1].estimate_seconds, 1.0);
}

TEST(PlanWork, UnknownTestsDoNotJumpAheadOfLongKnownOnes) {
  const Durations durations = {{"build/a_test::Long.A", 60.0}, {"build/a_test::Short.A", 0.01},
                               {"build/a_test::Short.B", 0.02}};
  const auto units = plan_work({test(0, "Short", "A"), test(0, "New", "A"), test(0, "Long", "A")}, kBinaries,
                               Distribution::test, durations);
  EXPECT_THAT(units[0].tests, ElementsAre("Long.A"));
  EXPECT_THAT(units[1].tests, ElementsAre("New.A"));  // median 0.02
  EXPECT_THAT(units[2].tests, ElementsAre("Short.A"));
}

TEST(PlanWork, StableOrderWithoutHistory) {
  std::vector<SelectedTest> tests;
  for (int i = 0; i < 20; ++i) tests.push_back(test(i % 2, "S" + std::to_string(i), "T"));
  const auto units = plan_work(tests, kBinaries, Distribution::suite, {});
  ASSERT_EQ(units.size(), 20u);
  for (int i = 0; i < 20; ++i) {
    EXPECT_THAT(units[static_cast<std::size_t>(i)].tests, ElementsAre("S" + std::to_string(i) + ".T"));
    EXPECT_EQ(units[static_cast<std::size_t>(i)].binary, i % 2);
  }
  EXPECT_EQ(plan_work(tests, kBinaries, Distribution::test, {}).size(), 20u);
}

TEST(PlanWork, EveryTestIsInExactlyOneUnit) {
  std::vector<SelectedTest> tests;
  for (int s = 0; s < 5; ++s) {
    for (int t = 0; t < 7; ++t) tests.push_back(test(s % 2, "Suite" + std::to_string(s), "T" + std::to_string(t)));
  }
  for (const auto dist : {Distribution::suite, Distribution::test}) {
    std::multiset<std::pair<int, std::string>> planned;
    for (const auto& u : plan_work(tests, kBinaries, dist, {})) {
      for (const auto& name : u.tests) planned.insert({u.binary, name});
    }
    std::multiset<std::pair<int, std::string>> wanted;
    for (const auto& t : tests) wanted.insert({t.binary, t.test.full_name()});
    EXPECT_EQ(planned, wanted);
  }
}

TEST(PlanWork, TestsRecordedAtZeroSecondsStillCostSomething) {
  // GoogleTest reports whole milliseconds: a quick test comes back as 0.
  const std::vector<SelectedTest> tests = {{0, {"Quick", "a"}}, {0, {"Quick", "b"}}};
  Durations durations{{runner::duration_key(kBinaries[0], "Quick.a"), 0.0}, {runner::duration_key(kBinaries[0], "Quick.b"), 0.0}};
  const auto units = plan_work(tests, kBinaries, Distribution::suite, durations);
  ASSERT_EQ(units.size(), 1u);
  EXPECT_GT(units[0].estimate_seconds, 0.0);
}

TEST(PlanWork, NoTestsNoUnits) { EXPECT_TRUE(plan_work({}, kBinaries, Distribution::suite, {}).empty()); }

}  // namespace
}  // namespace dbtest::unit
