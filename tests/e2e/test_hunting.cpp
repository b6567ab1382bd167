// Hunting tests that fail only after certain others: --bisect and --pair
// name the culprits, on the hunt suite (suites/hunt_suite.cpp), on every
// engine. test_reruns.cpp covers orders and reruns.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/hunt_suite_runs.hpp"

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

namespace e2e {
namespace {

class Hunting : public ::testing::TestWithParam<Engine> {};

// 190 neutral tests and one polluter run before the victim on one clone. The
// bisection halves the candidates, two probes a round, and the command it
// prints reproduces the failure with the real binary.
TEST_P(Hunting, BisectNamesThePolluterInAboutTwoLogNProbes) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const std::string cast = "Neutral.*:Polluter.*:Victim.*";
  const auto failing = run_on_one_worker(box, target, cast);
  ASSERT_EQ(failing.exit_code, 1) << failing.all();
  ASSERT_THAT(failing.out, HasSubstr("FAILED: " + kVictim + "  [")) << failing.out;
  const std::string failing_run = new_run_id(box, {});
  ASSERT_FALSE(failing_run.empty());

  const auto r = run_hunt_suite(box, target, {"--parallel", "4", "--filter", cast, "--bisect", kVictim});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  const Bisection b = parse_bisection(r.out);
  EXPECT_EQ(b.candidates, 191) << r.out;
  EXPECT_EQ(b.candidate_run, failing_run) << r.out;
  expect_well_formed_probes(b, kVictim, r.out);
  EXPECT_THAT(b.culprits, ElementsAre(kPolluter)) << r.out;
  EXPECT_EQ(b.verdict, "dbtest: " + kVictim + " fails when " + kPolluter + " runs before it (" +
                           std::to_string(b.probes.size()) + " probes in " + std::to_string(b.verdict_rounds) +
                           " rounds)")
      << r.out;
  // Halving 191 candidates takes 8 rounds of two probes at most; the two
  // first checks and a little slack come on top.
  EXPECT_LE(static_cast<int>(b.probes.size()), 2 * ceil_log2(191) + 4) << r.out;
  EXPECT_GE(static_cast<int>(b.probes.size()), ceil_log2(191)) << r.out;
  expect_nothing_left(box, target);

  // The printed command, run as it is (the password put back).
  const auto words = command_words(b.reproduce);
  EXPECT_EQ(value_of(words, "--sequence"), kPolluter + ":" + kVictim) << b.reproduce;
  EXPECT_EQ(value_of(words, "--"), suite("hunt_suite")) << b.reproduce;
  EXPECT_EQ(value_of(words, "--migrations"), value_of(target.migration_args, "--migrations")) << b.reproduce;
  const auto reproduced = run_reproduce(box, target, b.reproduce, value_of(words, "--sequence"));
  EXPECT_EQ(reproduced.exit_code, 1) << reproduced.all();
  EXPECT_THAT(reproduced.out, HasSubstr("FAILED: " + kVictim + "  [")) << reproduced.out;
  EXPECT_EQ(last_line(reproduced.out), "1 passed, 1 failed, 0 skipped") << reproduced.out;

  // Without the polluter the victim passes.
  const auto without = run_reproduce(box, target, b.reproduce, kVictim);
  EXPECT_EQ(without.exit_code, 0) << without.all();
  EXPECT_EQ(last_line(without.out), "1 passed, 0 failed, 0 skipped") << without.out;
  expect_nothing_left(box, target);
}

// Each candidate runs just before the victim on a fresh clone: only the
// polluter breaks it, and the half tests, harmful only together, do not.
TEST_P(Hunting, PairListsOnlyThePolluter) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const std::string cast = kTenNeutral + ":Polluter.*:HalfA.*:HalfB.*:Pairs.*:Victim.*";

  // No recorded run: the candidates are the other 14 selected tests.
  const auto r = run_hunt_suite(box, target, {"--parallel", "4", "--filter", cast, "--pair", kVictim});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_THAT(r.out, HasSubstr("dbtest: pairing " + kVictim + ": candidates are every other selected test of " +
                               suite("hunt_suite") + " (14), as no recorded run shows it failing\n"))
      << r.out;
  const auto lines = lines_of(r.out);
  const std::string header = "dbtest: 1 of 14 candidates make " + kVictim + " fail when run just before it:";
  const auto at = std::find(lines.begin(), lines.end(), header);
  ASSERT_NE(at, lines.end()) << r.out;
  std::vector<std::string> listed_culprits;
  std::vector<std::string> commands;
  for (auto it = at + 1; it != lines.end(); ++it) {
    if (it->rfind("    reproduce: ", 0) == 0) {
      commands.push_back(it->substr(std::string("    reproduce: ").size()));
    } else if (it->rfind("  ", 0) == 0) {
      listed_culprits.push_back(it->substr(2));
    }
  }
  EXPECT_THAT(listed_culprits, ElementsAre(kPolluter)) << r.out;
  ASSERT_EQ(commands.size(), 1u) << r.out;
  EXPECT_EQ(value_of(command_words(commands[0]), "--sequence"), kPolluter + ":" + kVictim) << r.out;
  const auto reproduced = run_reproduce(box, target, commands[0], kPolluter + ":" + kVictim);
  EXPECT_EQ(reproduced.exit_code, 1) << reproduced.all();

  // Pairs needs both halves, so no single candidate breaks it.
  const auto none = run_hunt_suite(box, target, {"--parallel", "4", "--filter", cast, "--pair", kPairs});
  EXPECT_EQ(none.exit_code, 0) << none.all();
  EXPECT_EQ(last_line(none.out), "dbtest: no single candidate makes " + kPairs +
                                     " fail (14 pairs run); several may only together: try --bisect")
      << none.out;
  expect_nothing_left(box, target);
}

// Two tests that break a third only together, far apart in the run: no
// half of the candidates fails on its own, and bisect still names both.
TEST_P(Hunting, BisectNamesBothTestsThatBreakAThirdOnlyTogether) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const std::string cast = "Neutral.*:HalfA.*:HalfB.*:Pairs.*";
  // Seed 10 puts HalfA 17th, HalfB 127th and Pairs 161st.
  const auto failing = run_hunt_suite(box, target, {"--parallel", "1", "--dist", "test", "--shuffle=10", "--filter", cast});
  ASSERT_EQ(failing.exit_code, 1) << failing.all();
  ASSERT_THAT(failing.out, HasSubstr("FAILED: " + kPairs + "  [")) << failing.out;
  const auto record = read_record(box, new_run_id(box, {}));
  ASSERT_EQ(record.processes.size(), 1u);
  const auto ran = names_of(record.processes[0]);
  const auto position = [&ran](const std::string& name) {
    return static_cast<int>(std::find(ran.begin(), ran.end(), name) - ran.begin());
  };
  const int candidates = position(kPairs);
  ASSERT_LT(position(kHalfA), (candidates + 1) / 2) << "the halves should start in the first half of the candidates";
  ASSERT_GE(position(kHalfB), (candidates + 1) / 2) << "and end in the second";

  const auto r = run_hunt_suite(box, target, {"--parallel", "4", "--filter", cast, "--bisect", kPairs});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  const Bisection b = parse_bisection(r.out);
  EXPECT_EQ(b.candidates, candidates) << r.out;
  expect_well_formed_probes(b, kPairs, r.out);
  // Neither half fails alone.
  ASSERT_GE(b.probes.size(), 4u) << r.out;
  EXPECT_EQ(b.probes[2].result, "passed") << r.out;
  EXPECT_EQ(b.probes[3].result, "passed") << r.out;
  EXPECT_THAT(b.culprits, ElementsAre(kHalfA, kHalfB)) << r.out;
  // About 2·log2(n) probes per culprit.
  EXPECT_LE(static_cast<int>(b.probes.size()), 4 * ceil_log2(candidates) + 4) << r.out;

  const std::string sequence = joined({kHalfA, kHalfB, kPairs}, ":");
  EXPECT_EQ(value_of(command_words(b.reproduce), "--sequence"), sequence) << b.reproduce;
  const auto both = run_reproduce(box, target, b.reproduce, sequence);
  EXPECT_EQ(both.exit_code, 1) << both.all();
  EXPECT_EQ(last_line(both.out), "2 passed, 1 failed, 0 skipped") << both.out;
  for (const auto& half : {kHalfA, kHalfB}) {
    const auto one = run_reproduce(box, target, b.reproduce, half + ":" + kPairs);
    EXPECT_EQ(one.exit_code, 0) << half << "\n" << one.all();
  }
  expect_nothing_left(box, target);
}

// A test that fails on a fresh clone with nothing before it.
TEST_P(Hunting, BisectAndPairSayATestFailsAlone) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const std::string cast = "Neutral.*:Alone.*";
  const auto r = run_hunt_suite(box, target, {"--parallel", "4", "--filter", cast, "--bisect", kAlone});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  const Bisection b = parse_bisection(r.out);
  ASSERT_EQ(b.probes.size(), 2u) << r.out;
  EXPECT_EQ(b.probes[0].candidates, 0);
  EXPECT_EQ(b.probes[0].result, "FAILED") << r.out;
  EXPECT_EQ(b.verdict, "dbtest: " + kAlone +
                           " fails alone on a fresh clone: no other test is needed to make it fail (2 probes in 1 round)")
      << r.out;
  EXPECT_EQ(value_of(command_words(b.reproduce), "--sequence"), kAlone) << r.out;
  const auto alone = run_reproduce(box, target, b.reproduce, kAlone);
  EXPECT_EQ(alone.exit_code, 1) << alone.all();
  EXPECT_EQ(last_line(alone.out), "0 passed, 1 failed, 0 skipped") << alone.out;

  const auto p = run_hunt_suite(box, target, {"--parallel", "4", "--filter", cast, "--pair", kAlone});
  EXPECT_EQ(p.exit_code, 0) << p.all();
  EXPECT_EQ(last_line(p.out), "dbtest: " + kAlone + " fails alone on a fresh clone: no other test is needed to make it fail")
      << p.out;
  expect_nothing_left(box, target);
}

// When the test passes even after every candidate, bisect says so after two
// probes instead of searching.
TEST_P(Hunting, BisectSaysSoWhenNoCandidateMakesTheTestFail) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const auto r =
      run_hunt_suite(box, target, {"--parallel", "4", "--filter", "Neutral.*:Victim.*", "--bisect", kVictim});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  const Bisection b = parse_bisection(r.out);
  ASSERT_EQ(b.probes.size(), 2u) << r.out;
  EXPECT_EQ(b.probes[1].candidates, 190);
  EXPECT_EQ(b.probes[1].result, "passed") << r.out;
  EXPECT_THAT(b.verdict, HasSubstr("dbtest: " + kVictim +
                                   " passes after all 190 candidates on a fresh clone: no culprit among them (2 probes in 1 round)"))
      << r.out;
  EXPECT_TRUE(b.reproduce.empty()) << r.out;
  expect_nothing_left(box, target);
}

INSTANTIATE_TEST_SUITE_P(, Hunting, ::testing::ValuesIn(built_engines()),
                         [](const auto& param_info) { return engine_name(param_info.param); });

}  // namespace
}  // namespace e2e
