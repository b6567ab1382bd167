// Delta debugging over the tests that ran before a failing one, against
// simulated probes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "hunt/ddmin.hpp"

namespace dbtest::unit {
namespace {

using runner::BisectVerdict;
using runner::DdminOptions;
using runner::Subset;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

// A test that fails after its polluters ran: after all of them (they act
// together) or after any one of them.
class SimulatedTest {
 public:
  explicit SimulatedTest(std::set<std::size_t> polluters, bool any_one_suffices = false)
      : polluters_(std::move(polluters)), any_(any_one_suffices) {}

  bool fails_alone = false;

  bool fails_after(const Subset& subset) const {
    if (fails_alone) return true;
    const auto ran = [&subset](std::size_t p) { return std::binary_search(subset.begin(), subset.end(), p); };
    if (polluters_.empty()) return false;
    return any_ ? std::any_of(polluters_.begin(), polluters_.end(), ran)
                : std::all_of(polluters_.begin(), polluters_.end(), ran);
  }

  runner::Probe probe() {
    return [this](const std::vector<Subset>& batch) {
      calls.push_back(batch);
      std::vector<bool> answers;
      for (const auto& subset : batch) answers.push_back(fails_after(subset));
      return answers;
    };
  }

  std::size_t probes() const {
    std::size_t n = 0;
    for (const auto& call : calls) n += call.size();
    return n;
  }

  std::vector<std::vector<Subset>> calls;

 private:
  std::set<std::size_t> polluters_;
  bool any_;
};

bool ascending(const Subset& s) { return std::adjacent_find(s.begin(), s.end(), std::greater_equal<>()) == s.end(); }

TEST(Bisect, FindsOnePolluterAmong200InAboutTwoLogNProbes) {
  const double two_log_n = 2 * std::log2(200.0);  // 15.3
  for (const std::size_t width : {std::size_t{0}, std::size_t{1}}) {
    std::size_t most = 0;
    for (std::size_t polluter = 0; polluter < 200; ++polluter) {
      SimulatedTest test({polluter});
      const auto result = runner::bisect(200, test.probe(), {width, 0});
      ASSERT_EQ(result.verdict, BisectVerdict::culprits_found);
      EXPECT_THAT(result.culprits, ElementsAre(polluter));
      EXPECT_TRUE(result.minimal);
      EXPECT_EQ(result.probes.size(), test.probes());
      most = std::max(most, result.probes.size());
    }
    // Two first checks, then two probes per halving at most.
    EXPECT_LE(static_cast<double>(most), 2 + std::ceil(two_log_n)) << "width " << width;
    EXPECT_LE(most, 20u);
  }
}

TEST(Bisect, FindsTwoPollutersThatOnlyActTogether) {
  using Pair = std::pair<std::size_t, std::size_t>;
  for (const auto& [a, b] : std::vector<Pair>{{17, 140}, {0, 199}, {99, 100}, {0, 1}, {150, 151}}) {
    SimulatedTest test({a, b});
    const auto result = runner::bisect(200, test.probe());
    ASSERT_EQ(result.verdict, BisectVerdict::culprits_found);
    EXPECT_THAT(result.culprits, ElementsAre(a, b));
    EXPECT_TRUE(result.minimal);
    // About 2·log2(n) per culprit, plus the first checks and ddmin's confirmation.
    EXPECT_LE(result.probes.size(), 36u) << a << " " << b;
  }
}

TEST(Bisect, FindsThreePollutersThatOnlyActTogether) {
  SimulatedTest test({3, 77, 150});
  const auto result = runner::bisect(200, test.probe());
  ASSERT_EQ(result.verdict, BisectVerdict::culprits_found);
  EXPECT_THAT(result.culprits, ElementsAre(3u, 77u, 150u));
  EXPECT_TRUE(result.minimal);
  EXPECT_LE(result.probes.size(), 56u);
}

TEST(Bisect, NeedsFarFewerProbesThanPlainDdminForPollutersThatActTogether) {
  SimulatedTest narrowed({17, 140});
  SimulatedTest plain({17, 140});
  const auto with_narrowing = runner::bisect(200, narrowed.probe());
  const auto without = runner::ddmin(200, plain.probe());
  EXPECT_EQ(with_narrowing.culprits, without.culprits);
  EXPECT_LT(2 * with_narrowing.probes.size(), without.probes.size() + 2);
}

TEST(Bisect, ResultIsOneMinimalEvenWhenFailuresDoNotGrowWithTheSet) {
  // Random failure tables over 7 candidates: a test may fail after {a} and
  // pass after {a, b}, as when b cleans up after a.
  std::mt19937_64 random(20240501);
  for (int table_number = 0; table_number < 300; ++table_number) {
    std::vector<bool> fails_after(128);
    for (auto&& cell : fails_after) cell = (random() & 3) == 0;
    fails_after[0] = false;    // TEST alone passes
    fails_after[127] = true;   // after everything it fails
    const auto mask_of = [](const Subset& subset) {
      std::size_t mask = 0;
      for (const auto i : subset) mask |= std::size_t{1} << i;
      return mask;
    };
    const runner::Probe probe = [&](const std::vector<Subset>& batch) {
      std::vector<bool> answers;
      for (const auto& subset : batch) answers.push_back(fails_after[mask_of(subset)]);
      return answers;
    };
    const DdminOptions options{static_cast<std::size_t>(table_number % 3), 0};
    const auto bisected = runner::bisect(7, probe, options);
    ASSERT_EQ(bisected.verdict, BisectVerdict::culprits_found);
    for (const auto& [culprits, minimal] : {std::pair{bisected.culprits, bisected.minimal},
                                            std::pair{runner::ddmin(7, probe, options).culprits, true}}) {
      ASSERT_TRUE(minimal);
      ASSERT_TRUE(ascending(culprits));
      const std::size_t found = mask_of(culprits);
      EXPECT_TRUE(fails_after[found]) << table_number;
      for (const auto i : culprits) {
        EXPECT_FALSE(fails_after[found & ~(std::size_t{1} << i)]) << table_number << " without " << i;
      }
    }
  }
}

TEST(Bisect, EverySubsetRunsInTheOriginalOrder) {
  // The failure needs "B" to run after "A", as it did originally.
  const std::vector<std::string> ran = {"S.x", "S.A", "S.y", "S.z", "S.B", "S.w"};
  std::vector<std::vector<std::string>> seen;
  const runner::Probe probe = [&](const std::vector<Subset>& batch) {
    std::vector<bool> answers;
    for (const auto& subset : batch) {
      EXPECT_TRUE(ascending(subset));
      std::vector<std::string> sequence;
      for (const auto i : subset) sequence.push_back(ran.at(i));
      seen.push_back(sequence);
      const auto a = std::find(sequence.begin(), sequence.end(), "S.A");
      const auto b = std::find(sequence.begin(), sequence.end(), "S.B");
      answers.push_back(a != sequence.end() && b != sequence.end() && a < b);
    }
    return answers;
  };
  const auto result = runner::bisect(ran.size(), probe, {1, 0});
  ASSERT_EQ(result.verdict, BisectVerdict::culprits_found);
  EXPECT_THAT(result.culprits, ElementsAre(1u, 4u));
  EXPECT_THAT(seen.front(), IsEmpty());  // TEST alone first
}

TEST(Bisect, TestThatFailsAloneIsReportedSoWithoutSearching) {
  SimulatedTest test({5});
  test.fails_alone = true;
  const auto one_by_one = runner::bisect(50, test.probe(), {1, 0});
  EXPECT_EQ(one_by_one.verdict, BisectVerdict::fails_alone);
  EXPECT_THAT(one_by_one.culprits, IsEmpty());
  ASSERT_EQ(one_by_one.probes.size(), 1u);  // alone failed: the full set is not needed
  EXPECT_THAT(one_by_one.probes[0].subset, IsEmpty());

  const auto together = runner::bisect(50, test.probe());
  EXPECT_EQ(together.verdict, BisectVerdict::fails_alone);
  EXPECT_EQ(together.probes.size(), 2u);  // both first checks in one batch
}

TEST(Bisect, NoCulpritWhenTheTestPassesAfterAllCandidates) {
  SimulatedTest test({});
  const auto result = runner::bisect(80, test.probe());
  EXPECT_EQ(result.verdict, BisectVerdict::no_culprit);
  EXPECT_THAT(result.culprits, IsEmpty());
  ASSERT_EQ(result.probes.size(), 2u);
  EXPECT_THAT(result.probes[0].subset, IsEmpty());
  EXPECT_EQ(result.probes[1].subset.size(), 80u);
  EXPECT_FALSE(result.probes[1].failed);
}

TEST(Bisect, NoCandidatesIsOneProbeOfTheTestAlone) {
  SimulatedTest test({});
  const auto result = runner::bisect(0, test.probe());
  EXPECT_EQ(result.verdict, BisectVerdict::no_culprit);
  EXPECT_EQ(result.probes.size(), 1u);
}

TEST(Bisect, ASingleCandidateNeedsOnlyTheFirstChecks) {
  SimulatedTest test({0});
  const auto result = runner::bisect(1, test.probe());
  EXPECT_EQ(result.verdict, BisectVerdict::culprits_found);
  EXPECT_THAT(result.culprits, ElementsAre(0u));
  EXPECT_EQ(result.probes.size(), 2u);
}

TEST(Bisect, BudgetCountsTheFirstChecksButNeverSkipsThem) {
  SimulatedTest test({42});
  const auto result = runner::bisect(100, test.probe(), {1, 1});
  EXPECT_EQ(result.verdict, BisectVerdict::culprits_found);
  EXPECT_EQ(result.probes.size(), 2u);
  EXPECT_FALSE(result.minimal);
  EXPECT_EQ(result.culprits.size(), 100u);  // nothing narrowed yet
}

TEST(Bisect, StopsAtAnyProbeBudgetWithASetThatStillFails) {
  for (const auto& polluters : std::vector<std::set<std::size_t>>{{42}, {17, 140}, {3, 77, 150}}) {
    SimulatedTest unlimited(polluters);
    const std::size_t needed = runner::bisect(200, unlimited.probe(), {2, 0}).probes.size();
    for (std::size_t budget = 2; budget <= needed; ++budget) {
      SimulatedTest test(polluters);
      const auto result = runner::bisect(200, test.probe(), {2, budget});
      ASSERT_EQ(result.verdict, BisectVerdict::culprits_found);
      EXPECT_LE(result.probes.size(), budget);
      EXPECT_TRUE(test.fails_after(result.culprits)) << budget;
      EXPECT_TRUE(ascending(result.culprits));
      EXPECT_EQ(result.minimal, budget == needed) << budget;
    }
  }
}

TEST(Bisect, IndependentProbesComeInOneBatch) {
  SimulatedTest test({130});
  runner::bisect(200, test.probe());
  ASSERT_GE(test.calls.size(), 2u);
  EXPECT_EQ(test.calls[0].size(), 2u);  // alone, and all
  for (std::size_t i = 1; i < test.calls.size(); ++i) EXPECT_EQ(test.calls[i].size(), 2u) << i;  // both halves
}

TEST(Bisect, BatchesAreNoWiderThanAskedFor) {
  SimulatedTest test({3, 77, 150});
  const auto result = runner::bisect(200, test.probe(), {3, 0});
  EXPECT_THAT(result.culprits, ElementsAre(3u, 77u, 150u));
  bool some_full = false;
  for (const auto& call : test.calls) {
    EXPECT_LE(call.size(), 3u);
    EXPECT_FALSE(call.empty());
    some_full = some_full || call.size() == 3;
  }
  EXPECT_TRUE(some_full);
}

TEST(Bisect, NoSubsetIsProbedTwiceAndTheLogMatchesTheProbes) {
  SimulatedTest test({10, 11, 90});
  const auto result = runner::bisect(120, test.probe(), {4, 0});
  std::vector<runner::ProbeRecord> expected;
  std::set<Subset> distinct;
  for (const auto& call : test.calls) {
    for (const auto& subset : call) {
      EXPECT_TRUE(distinct.insert(subset).second);
      EXPECT_TRUE(ascending(subset));
      expected.push_back({subset, test.fails_after(subset)});
    }
  }
  EXPECT_THAT(result.probes, ElementsAreArray(expected));
}

TEST(Ddmin, ResultIsOneMinimal) {
  for (const auto& polluters : std::vector<std::set<std::size_t>>{{0, 1}, {5, 6, 7}, {0, 63}, {2, 30, 31, 60}}) {
    SimulatedTest test(polluters);
    const auto result = runner::ddmin(64, test.probe());
    ASSERT_TRUE(result.minimal);
    EXPECT_TRUE(test.fails_after(result.culprits));
    for (std::size_t leave_out = 0; leave_out < result.culprits.size(); ++leave_out) {
      Subset smaller = result.culprits;
      smaller.erase(smaller.begin() + static_cast<std::ptrdiff_t>(leave_out));
      EXPECT_FALSE(test.fails_after(smaller));
    }
    EXPECT_EQ(std::set<std::size_t>(result.culprits.begin(), result.culprits.end()), polluters);
  }
}

TEST(Ddmin, WhenAnyOfSeveralPollutersSufficesOneIsFound) {
  SimulatedTest test({20, 170}, true);
  const auto result = runner::ddmin(200, test.probe());
  ASSERT_EQ(result.culprits.size(), 1u);
  EXPECT_TRUE(result.culprits[0] == 20 || result.culprits[0] == 170);
}

TEST(Ddmin, NeverProbesWhatItAssumes) {
  SimulatedTest test({0});
  const auto result = runner::ddmin(1, test.probe());
  EXPECT_THAT(result.culprits, ElementsAre(0u));
  EXPECT_THAT(result.probes, IsEmpty());
  EXPECT_TRUE(test.calls.empty());
}

TEST(Ddmin, StopsAtTheProbeBudgetWithAFailingSet) {
  SimulatedTest test({3, 77, 150});
  const auto result = runner::ddmin(200, test.probe(), {0, 5});
  EXPECT_FALSE(result.minimal);
  EXPECT_LE(result.probes.size(), 5u);
  EXPECT_EQ(test.probes(), result.probes.size());
  EXPECT_TRUE(test.fails_after(result.culprits));
}

TEST(Ddmin, AProbeThatAnswersTheWrongNumberIsAnError) {
  const runner::Probe short_answer = [](const std::vector<Subset>&) { return std::vector<bool>{true}; };
  EXPECT_THROW(runner::ddmin(10, short_answer), std::invalid_argument);
}

}  // namespace
}  // namespace dbtest::unit
