// --partition: the parts of a selection are disjoint and together hold every
// test; a suite stays whole; each kind cuts as documented; `time` balances.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/errors.hpp"
#include "schedule/partition.hpp"

namespace dbtest::unit {
namespace {

using runner::assign_parts;
using runner::Distribution;
using runner::Durations;
using runner::PartitionKind;
using runner::SelectedTest;
using runner::tests_of_part;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::vector<std::string> kBinaries = {"build/tests/app_tests", "build/tests/other_tests.exe"};

std::vector<SelectedTest> selection(int suites, int tests_per_suite) {
  std::vector<SelectedTest> out;
  for (int b = 0; b < 2; ++b) {
    for (int s = 0; s < suites; ++s) {
      for (int t = 0; t < tests_per_suite; ++t) {
        out.push_back({b, {"Suite" + std::to_string(s), "Test" + std::to_string(t)}});
      }
    }
  }
  return out;
}

std::multiset<std::string> names(const std::vector<SelectedTest>& tests) {
  std::multiset<std::string> out;
  for (const auto& t : tests) out.insert(std::to_string(t.binary) + ":" + t.test.full_name());
  return out;
}

void expect_parts_cover_selection_once(PartitionKind kind, Distribution dist, int count, const Durations& durations) {
  const auto all = selection(7, 5);
  std::multiset<std::string> seen;
  for (int i = 1; i <= count; ++i) {
    for (const auto& name : names(tests_of_part(all, kBinaries, dist, durations, kind, i, count))) seen.insert(name);
  }
  EXPECT_EQ(seen, names(all)) << runner::to_string(kind) << " " << count;
}

TEST(Partition, EveryKindCutsTheSelectionIntoDisjointPartsThatHoldEveryTest) {
  const Durations durations = {{"build/tests/app_tests::Suite3.Test1", 4.0}, {"build/tests/app_tests::Suite0.Test0", 0.2}};
  for (const auto kind : {PartitionKind::hash, PartitionKind::slice, PartitionKind::time}) {
    for (const auto dist : {Distribution::suite, Distribution::test}) {
      for (int count : {1, 2, 3, 8, 100}) expect_parts_cover_selection_once(kind, dist, count, durations);
    }
  }
}

TEST(Partition, ASuiteStaysInOnePartUnlessDistIsTest) {
  const auto all = selection(6, 4);
  for (const auto kind : {PartitionKind::hash, PartitionKind::slice, PartitionKind::time}) {
    std::map<std::string, std::set<int>> parts_of_suite;
    for (int i = 1; i <= 3; ++i) {
      for (const auto& t : tests_of_part(all, kBinaries, Distribution::suite, {}, kind, i, 3)) {
        parts_of_suite[std::to_string(t.binary) + t.test.suite].insert(i);
      }
    }
    for (const auto& [suite, parts] : parts_of_suite) EXPECT_EQ(parts.size(), 1u) << suite;
  }
}

TEST(Partition, SliceDealsUnitsRoundRobinInListingOrder) {
  const auto parts = assign_parts({"a", "b", "c", "d", "e"}, {1, 1, 1, 1, 1}, PartitionKind::slice, 2);
  EXPECT_THAT(parts, ElementsAre(0, 1, 0, 1, 0));
}

TEST(Partition, AddingATestMovesNoOtherUnderHash) {
  const std::vector<std::string> before = {"app::A.a", "app::A.b", "app::B.a", "app::C.x"};
  auto after = before;
  after.insert(after.begin() + 1, "app::A.new");
  const auto old_parts = assign_parts(before, std::vector<double>(before.size(), 1), PartitionKind::hash, 4);
  const auto new_parts = assign_parts(after, std::vector<double>(after.size(), 1), PartitionKind::hash, 4);
  EXPECT_EQ(new_parts[0], old_parts[0]);
  EXPECT_EQ(new_parts[2], old_parts[1]);
  EXPECT_EQ(new_parts[3], old_parts[2]);
  EXPECT_EQ(new_parts[4], old_parts[3]);
}

TEST(Partition, HashIgnoresTheBuildFolderAndTheExeSuffix) {
  const std::vector<SelectedTest> tests = {{0, {"S", "a"}}, {0, {"T", "b"}}, {0, {"U", "c"}}, {0, {"V", "d"}}};
  for (int i = 1; i <= 3; ++i) {
    EXPECT_EQ(names(tests_of_part(tests, {"/home/ci/build/app_tests"}, Distribution::suite, {}, PartitionKind::hash, i, 3)),
              names(tests_of_part(tests, {"C:/b/app_tests.exe"}, Distribution::suite, {}, PartitionKind::hash, i, 3)));
  }
}

TEST(Partition, TimeGivesTheLongestUnitsPartsOfTheirOwn) {
  const auto parts = assign_parts({"long", "mid", "s1", "s2", "s3", "s4"}, {10, 6, 1, 1, 1, 1}, PartitionKind::time, 2);
  // 10 alone against 6 + 1 + 1 + 1 + 1.
  EXPECT_THAT(parts, ElementsAre(0, 1, 1, 1, 1, 1));
}

TEST(Partition, TimeBreaksTiesByNameNotByListingOrder) {
  const auto a = assign_parts({"x", "y", "z"}, {1, 1, 1}, PartitionKind::time, 2);
  const auto b = assign_parts({"z", "x", "y"}, {1, 1, 1}, PartitionKind::time, 2);
  EXPECT_EQ(a[0], b[1]);
  EXPECT_EQ(a[1], b[2]);
  EXPECT_EQ(a[2], b[0]);
}

TEST(Partition, TimeBalancesASkewedSuiteWithinTenPercentOfTheIdeal) {
  std::vector<std::string> names;
  std::vector<double> seconds;
  double total = 0;
  for (int i = 0; i < 2000; ++i) {
    names.push_back("T" + std::to_string(i));
    // Most tests quick, a tail of slow ones: a spread like a real suite's.
    seconds.push_back(i % 97 == 0 ? 2.0 + i % 5 : 0.005 * (1 + i % 13));
    total += seconds.back();
  }
  const auto parts = assign_parts(names, seconds, PartitionKind::time, 8);
  std::vector<double> load(8, 0);
  for (std::size_t i = 0; i < parts.size(); ++i) load[static_cast<std::size_t>(parts[i])] += seconds[i];
  EXPECT_LE(*std::max_element(load.begin(), load.end()), total / 8 * 1.10);
}

TEST(Partition, ReadsKindIndexAndCount) {
  const auto p = runner::parse_partition("time:2/8", "--partition");
  EXPECT_EQ(p.kind, PartitionKind::time);
  EXPECT_EQ(p.index, 2);
  EXPECT_EQ(p.count, 8);
  EXPECT_FALSE(runner::parse_partition("1/3", "--partition").kind.has_value());
}

TEST(Partition, RefusesWhatNamesNoPart) {
  const auto error_of = [](const std::string& text) {
    try {
      runner::parse_partition(text, "--partition");
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(error_of("0/3"), HasSubstr("part 0 of 3 does not exist"));
  EXPECT_THAT(error_of("4/3"), HasSubstr("part 4 of 3 does not exist"));
  EXPECT_THAT(error_of("random:1/3"), HasSubstr("the kind must be hash, slice or time, not 'random'"));
  EXPECT_THAT(error_of("1-3"), HasSubstr("takes KIND:I/N"));
  EXPECT_THAT(error_of("a/b"), HasSubstr("takes KIND:I/N"));
}

}  // namespace
}  // namespace dbtest::unit
