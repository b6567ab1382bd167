// Which databases on a server belong to runs that are gone.
#include <gtest/gtest.h>

#include "backends/common/leftovers.hpp"
#include "base/process_info.hpp"

namespace dbtest {
namespace {

using backends::leftovers_of_gone_runs;
using backends::OwnershipMarker;

// A marker of a process on this host that no longer runs.
OwnershipMarker gone(const std::string& run, const std::string& kind, const std::string& fingerprint = "") {
  auto marker = backends::marker_for_this_process(run, kind);
  marker.pid = 999999999;
  marker.fingerprint = fingerprint;
  return marker;
}

TEST(Leftovers, FindsTheClonesAndTemplateOfAGoneRun) {
  const auto found = leftovers_of_gone_runs(
      {{"test_app_r1", gone("r1", "template", "abc")}, {"test_app_r1_1", gone("r1", "clone")}}, {}, "now");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].name, "test_app_r1");
  EXPECT_EQ(found[1].name, "test_app_r1_1");
  EXPECT_NE(found[1].description.find("clone of run r1"), std::string::npos);
}

TEST(Leftovers, KeepsAKeptTemplate) {
  const auto found = leftovers_of_gone_runs({{"test_app", gone("r1", "template", "abc")}}, {}, "now");
  EXPECT_TRUE(found.empty());
}

TEST(Leftovers, DropsAKeptTemplateThatWasStillBuilding) {
  const auto found = leftovers_of_gone_runs({{"test_app", gone("r1", "template", "building")}}, {}, "now");
  ASSERT_EQ(found.size(), 1u);
}

TEST(Leftovers, LeavesTheCurrentRunAndLiveRunsAlone) {
  auto live = backends::marker_for_this_process("r2", "clone");
  const auto found =
      leftovers_of_gone_runs({{"test_app_now_1", gone("now", "clone")}, {"test_app_r2_1", live}}, {}, "now");
  EXPECT_TRUE(found.empty());
}

TEST(Leftovers, FindsAnUnmarkedCloneOnlyByTheIdOfAGoneRun) {
  const auto found = leftovers_of_gone_runs({{"test_app_r1_1", gone("r1", "clone")}},
                                            {"test_app_r1_2", "test_app_r9_2", "test_app_other"}, "now");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[1].name, "test_app_r1_2");
  EXPECT_TRUE(found[1].unmarked_clone);
}

TEST(Leftovers, NeverNamesAnUnmarkedDatabaseWithoutAGoneRun) {
  EXPECT_TRUE(leftovers_of_gone_runs({}, {"test_app_r1_2", "app"}, "now").empty());
}

}  // namespace
}  // namespace dbtest
