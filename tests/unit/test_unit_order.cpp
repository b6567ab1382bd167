// The order units are handed out in: reverse, shuffle by seed, failed first.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "schedule/unit_order.hpp"

namespace dbtest::unit {
namespace {

using runner::Distribution;
using runner::OrderMode;
using runner::TestId;
using runner::WorkUnit;
using ::testing::ElementsAre;

WorkUnit unit(int binary, std::vector<std::string> tests, int position = 0) {
  return {binary, std::move(tests), 0.001 * static_cast<double>(position + 1), position};
}

// Every test in the order it would run, as "binary:name".
std::vector<std::string> sequence(const std::vector<WorkUnit>& units) {
  std::vector<std::string> out;
  for (const auto& u : units) {
    for (const auto& t : u.tests) out.push_back(std::to_string(u.binary) + ":" + t);
  }
  return out;
}

// `full` reduced to the elements of `subset`, keeping full's order.
std::vector<std::string> restricted(const std::vector<std::string>& full, const std::vector<std::string>& subset) {
  const std::set<std::string> keep(subset.begin(), subset.end());
  std::vector<std::string> out;
  std::copy_if(full.begin(), full.end(), std::back_inserter(out),
               [&](const std::string& s) { return keep.count(s) > 0; });
  return out;
}

// One unit per test: 60 tests over 6 suites, 2 binaries.
std::vector<WorkUnit> single_test_units() {
  std::vector<WorkUnit> units;
  for (int i = 0; i < 60; ++i) {
    units.push_back(unit(i % 2, {"Suite" + std::to_string(i % 6) + ".Test" + std::to_string(i)}, i));
  }
  return units;
}

// One unit per suite: 12 suites of 5 tests in one binary.
std::vector<WorkUnit> suite_units(int tests_per_suite = 5) {
  std::vector<WorkUnit> units;
  for (int s = 0; s < 12; ++s) {
    std::vector<std::string> tests;
    for (int t = 0; t < tests_per_suite; ++t) tests.push_back("S" + std::to_string(s) + ".T" + std::to_string(t));
    units.push_back(unit(0, tests, s * tests_per_suite));
  }
  return units;
}

TEST(OrderMode, NamesRoundTrip) {
  for (const auto mode : {OrderMode::planned, OrderMode::reverse, OrderMode::shuffle}) {
    EXPECT_EQ(runner::parse_order_mode(runner::to_string(mode)), mode);
  }
  EXPECT_EQ(runner::to_string(OrderMode::shuffle), "shuffle");
}

TEST(OrderMode, UnknownNamesAreRejected) {
  for (const char* text : {"", "Shuffle", "random", "reversed", " planned"}) {
    EXPECT_EQ(runner::parse_order_mode(text), std::nullopt) << text;
  }
}

TEST(OrderReverse, ReversesUnitsAndTheTestsInsideThem) {
  const auto units =
      runner::reverse_order({unit(0, {"A.1", "A.2"}, 0), unit(1, {"B.1"}, 2), unit(0, {"C.1", "C.2", "C.3"}, 3)});
  EXPECT_THAT(sequence(units), ElementsAre("0:C.3", "0:C.2", "0:C.1", "1:B.1", "0:A.2", "0:A.1"));
  EXPECT_EQ(units[0].position, 3);  // units keep what they are
  EXPECT_EQ(units[1].binary, 1);
}

TEST(OrderReverse, TwiceIsThePlannedOrder) {
  const auto planned = suite_units();
  EXPECT_EQ(sequence(runner::reverse_order(runner::reverse_order(planned))), sequence(planned));
}

TEST(Shuffle, SameSeedGivesTheSameOrder) {
  EXPECT_EQ(sequence(runner::shuffle_order(single_test_units(), 7, Distribution::test)),
            sequence(runner::shuffle_order(single_test_units(), 7, Distribution::test)));
}

TEST(Shuffle, OrderDoesNotDependOnTheInputOrder) {
  auto reversed = single_test_units();
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_EQ(sequence(runner::shuffle_order(reversed, 99, Distribution::test)),
            sequence(runner::shuffle_order(single_test_units(), 99, Distribution::test)));
}

TEST(Shuffle, DifferentSeedsGiveDifferentOrders) {
  const auto planned = sequence(single_test_units());
  std::set<std::vector<std::string>> orders;
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    const auto shuffled = sequence(runner::shuffle_order(single_test_units(), seed, Distribution::test));
    EXPECT_NE(shuffled, planned) << seed;
    orders.insert(shuffled);
  }
  EXPECT_EQ(orders.size(), 5u);
}

TEST(Shuffle, SameSeedGivesSameRelativeOrderOnASubset) {
  const auto all = single_test_units();
  const auto full_order = sequence(runner::shuffle_order(all, 12345, Distribution::test));
  // Every third test, then every test whose number has a 7 in it.
  const auto every_third = [](int i) { return i % 3 == 0; };
  const auto with_a_seven = [](int i) { return std::to_string(i).find('7') != std::string::npos; };
  for (bool (*pick)(int) : {+every_third, +with_a_seven}) {
    std::vector<WorkUnit> subset;
    for (int i = 0; i < static_cast<int>(all.size()); ++i) {
      if (pick(i)) subset.push_back(all[static_cast<std::size_t>(i)]);
    }
    const auto subset_order = sequence(runner::shuffle_order(subset, 12345, Distribution::test));
    EXPECT_EQ(subset_order, restricted(full_order, subset_order));
  }
}

TEST(Shuffle, SameSeedGivesSameRelativeOrderOnASubsetOfSuites) {
  // A filter that drops tests keeps both the suites' order and the order
  // inside each suite.
  const auto full_order = sequence(runner::shuffle_order(suite_units(5), 2024, Distribution::suite));
  std::vector<WorkUnit> filtered;
  for (const auto& u : suite_units(5)) {
    if (u.position % 2 == 0) continue;  // drop half the suites...
    WorkUnit smaller = u;
    smaller.tests.erase(smaller.tests.begin() + 1);  // ...and a test from each of the others
    filtered.push_back(smaller);
  }
  const auto subset_order = sequence(runner::shuffle_order(filtered, 2024, Distribution::suite));
  EXPECT_EQ(subset_order, restricted(full_order, subset_order));
}

TEST(Shuffle, SuiteUnitsStayWholeAndMixInside) {
  const auto planned = suite_units(8);
  const auto shuffled = runner::shuffle_order(planned, 3, Distribution::suite);
  ASSERT_EQ(shuffled.size(), planned.size());
  std::map<int, WorkUnit> by_position;
  for (const auto& u : planned) by_position[u.position] = u;
  bool some_suite_mixed = false;
  bool suites_mixed = false;
  for (std::size_t i = 0; i < shuffled.size(); ++i) {
    const auto& before = by_position.at(shuffled[i].position);
    auto a = shuffled[i].tests;
    auto b = before.tests;
    some_suite_mixed = some_suite_mixed || a != b;
    suites_mixed = suites_mixed || shuffled[i].position != planned[i].position;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    EXPECT_EQ(a, b);
    EXPECT_EQ(shuffled[i].binary, before.binary);
    EXPECT_DOUBLE_EQ(shuffled[i].estimate_seconds, before.estimate_seconds);
  }
  EXPECT_TRUE(some_suite_mixed);
  EXPECT_TRUE(suites_mixed);
}

TEST(Shuffle, TestsOfASuiteHaveOneRelativeOrderUnderBothDistributions) {
  const auto as_suite = sequence(runner::shuffle_order({unit(0, {"S.a", "S.b", "S.c", "S.d", "S.e", "S.f"})}, 11,
                                                       Distribution::suite));
  std::vector<WorkUnit> singles;
  for (const char* name : {"S.a", "S.b", "S.c", "S.d", "S.e", "S.f"}) singles.push_back(unit(0, {name}));
  EXPECT_EQ(sequence(runner::shuffle_order(singles, 11, Distribution::test)), as_suite);
}

TEST(Shuffle, SuiteUnitsAreKeyedBySuiteNameNotByTheirTests) {
  // Which tests of a suite are selected does not move the suite.
  std::vector<WorkUnit> first;
  std::vector<WorkUnit> second;
  for (int s = 0; s < 20; ++s) {
    const std::string suite = "Suite" + std::to_string(s);
    first.push_back(unit(0, {suite + ".One", suite + ".Two"}, s));
    second.push_back(unit(0, {suite + ".Three"}, s));
  }
  const auto a = runner::shuffle_order(first, 5, Distribution::suite);
  const auto b = runner::shuffle_order(second, 5, Distribution::suite);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].position, b[i].position) << i;
}

TEST(Shuffle, OneSuiteNameInTwoBinariesSitsSideBySideInBinaryOrder) {
  const auto units = runner::shuffle_order(
      {unit(1, {"Orders.A"}, 0), unit(0, {"Other.A"}, 1), unit(0, {"Orders.B"}, 2), unit(1, {"Zed.A"}, 3)}, 8,
      Distribution::suite);
  const auto first =
      std::find_if(units.begin(), units.end(), [](const WorkUnit& u) { return u.tests[0].starts_with("Orders."); });
  ASSERT_NE(first + 1, units.end());
  EXPECT_EQ(first->binary, 0);
  EXPECT_EQ((first + 1)->binary, 1);
  EXPECT_TRUE((first + 1)->tests[0].starts_with("Orders."));
}

TEST(Shuffle, HashIsPinnedSoRecordedSeedsReplay) {
  // Computed independently from the definition in unit_order.hpp.
  EXPECT_EQ(runner::order_hash(0, ""), 6603144262649002859ULL);
  EXPECT_EQ(runner::order_hash(42, "Orders.Create"), 15619889520231913413ULL);
  EXPECT_EQ(runner::order_hash(std::numeric_limits<std::uint64_t>::max(), "Grüße/0.Test"), 5136858116830966813ULL);
}

TEST(Shuffle, NoUnitsNoProblem) { EXPECT_TRUE(runner::shuffle_order({}, 1, Distribution::suite).empty()); }

TEST(OrderSeed, FormatsAndParsesAsDecimalText) {
  for (const std::uint64_t seed : {std::uint64_t{0}, std::uint64_t{42}, std::numeric_limits<std::uint64_t>::max()}) {
    EXPECT_EQ(runner::parse_seed(runner::format_seed(seed)), seed);
  }
  EXPECT_EQ(runner::format_seed(18446744073709551615ULL), "18446744073709551615");
  EXPECT_EQ(runner::parse_seed("007"), 7u);
}

TEST(OrderSeed, RejectsAnythingButADecimalNumberThatFits) {
  for (const char* text : {"", "-1", "+1", " 1", "1 ", "0x10", "1.5", "1e3", "seed", "18446744073709551616",
                           "99999999999999999999999"}) {
    EXPECT_EQ(runner::parse_seed(text), std::nullopt) << text;
  }
}

TEST(OrderSeed, FreshSeedsDiffer) {
  std::set<std::uint64_t> seeds;
  for (int i = 0; i < 8; ++i) seeds.insert(runner::make_seed());
  EXPECT_EQ(seeds.size(), 8u);
}

TEST(OrderFailedFirst, UnitsHoldingAListedTestGoFirstInTheirOrder) {
  const auto units = runner::put_tests_first(
      {unit(0, {"A.1", "A.2"}), unit(0, {"B.1"}), unit(0, {"C.1", "C.2"}), unit(0, {"D.1"}), unit(0, {"E.1"})},
      {{0, "C.2"}, {0, "E.1"}}, false);
  EXPECT_THAT(sequence(units), ElementsAre("0:C.1", "0:C.2", "0:E.1", "0:A.1", "0:A.2", "0:B.1", "0:D.1"));
}

TEST(OrderFailedFirst, ListedTestsGoFirstInsideTheirUnitWhenAsked) {
  const auto units = runner::put_tests_first({unit(0, {"A.1"}), unit(0, {"C.1", "C.2", "C.3", "C.4"})},
                                             {{0, "C.4"}, {0, "C.2"}}, true);
  EXPECT_THAT(sequence(units), ElementsAre("0:C.2", "0:C.4", "0:C.1", "0:C.3", "0:A.1"));
}

TEST(OrderFailedFirst, TestsAreMatchedInTheirOwnBinary) {
  const auto units = runner::put_tests_first({unit(0, {"A.1"}), unit(1, {"A.1"})}, {TestId{1, "A.1"}}, false);
  EXPECT_THAT(sequence(units), ElementsAre("1:A.1", "0:A.1"));
}

TEST(OrderFailedFirst, NothingListedKeepsTheOrder) {
  EXPECT_EQ(sequence(runner::put_tests_first(suite_units(), {}, true)), sequence(suite_units()));
  EXPECT_EQ(sequence(runner::put_tests_first(suite_units(), {{0, "Gone.Test"}}, true)), sequence(suite_units()));
}

}  // namespace
}  // namespace dbtest::unit
