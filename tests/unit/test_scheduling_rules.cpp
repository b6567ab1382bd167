// dbtest.toml's overrides as the scheduler sees them: each test's own
// timeout and retries on its unit, and the group an override puts it in.
// For each key, the first override that matches a test and has the key wins.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/scheduling_rules.hpp"

namespace dbtest::unit {
namespace {

using runner::Options;
using runner::WorkUnit;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

Options with_overrides() {
  Options o;
  o.timeout_seconds = 30;
  o.retries = 1;
  o.groups.push_back({"db", 1, ""});      // from [groups]: no patterns of its own
  o.groups.push_back({"api", 2, "Api.*"});  // from --group
  o.overrides.push_back({"Slow.*", 120.0, std::nullopt, std::nullopt});
  o.overrides.push_back({"Slow.Db*:Db.*", 5.0, 3, std::string("db")});
  o.overrides.push_back({"*", std::nullopt, 0, std::nullopt});
  return o;
}

TEST(SchedulingRules, EachKeyComesFromTheFirstOverrideThatMatchesAndHasIt) {
  std::vector<WorkUnit> units{{0, {"Slow.DbWrite", "Slow.Render"}}, {0, {"Db.Read"}}, {0, {"Api.Get"}}};
  runner::mark_scheduling_rules(with_overrides(), units);

  ASSERT_EQ(units[0].limits.size(), 2u);
  EXPECT_EQ(units[0].limits.at("Slow.DbWrite").timeout_seconds, 120.0);  // the first override's
  EXPECT_EQ(units[0].limits.at("Slow.DbWrite").retries, 3);              // the second's: the first has none
  EXPECT_EQ(units[0].limits.at("Slow.Render").retries, 0);               // the catch-all's
  EXPECT_EQ(units[1].limits.at("Db.Read").timeout_seconds, 5.0);
  EXPECT_FALSE(units[2].limits.at("Api.Get").timeout_seconds);
  EXPECT_EQ(units[2].limits.at("Api.Get").retries, 0);
}

TEST(SchedulingRules, AnOverridesGroupHoldsTheTestsItMatches) {
  std::vector<WorkUnit> units{{0, {"Slow.DbWrite"}}, {0, {"Db.Read"}}, {0, {"Api.Get"}}, {0, {"Ui.Click"}}};
  const Options o = with_overrides();
  runner::mark_scheduling_rules(o, units);
  EXPECT_THAT(units[0].groups, ElementsAre(0));
  EXPECT_THAT(units[1].groups, ElementsAre(0));
  EXPECT_THAT(units[2].groups, ElementsAre(1));
  EXPECT_THAT(units[3].groups, IsEmpty()) << "a group without patterns takes only what overrides put in it";
  EXPECT_EQ(runner::rule_marks(o, "Db.Read"), " [group db] [timeout 5 s] [retries 3]");
  EXPECT_EQ(runner::rule_marks(o, "Ui.Click"), " [retries 0]");
}

TEST(SchedulingRules, RetriesOfATestAreItsOverridesOrTheRuns) {
  Options o = with_overrides();
  EXPECT_EQ(runner::retries_of(o, "Db.Read"), 3);
  EXPECT_EQ(runner::retries_of(o, "Ui.Click"), 0);
  o.overrides.pop_back();
  EXPECT_EQ(runner::retries_of(o, "Ui.Click"), 1);
  EXPECT_TRUE(runner::any_retries(o));
  o.retries = 0;
  o.overrides.clear();
  EXPECT_FALSE(runner::any_retries(o));
}

TEST(SchedulingRules, WithoutOverridesNoUnitHasLimits) {
  std::vector<WorkUnit> units{{0, {"A.a", "A.b"}}};
  Options o;
  o.timeout_seconds = 3;
  runner::mark_scheduling_rules(o, units);
  EXPECT_THAT(units[0].limits, IsEmpty());
}

}  // namespace
}  // namespace dbtest::unit
