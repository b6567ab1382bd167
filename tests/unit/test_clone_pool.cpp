// Which databases belong to the pool of ready clones, and which of them a run
// may take.
#include <gtest/gtest.h>

#include "backends/common/clone_pool.hpp"
#include "backends/common/leftovers.hpp"

namespace dbtest {
namespace {

using backends::OwnershipMarker;

OwnershipMarker kept_template(const std::string& built_by, const std::string& schema = "s1") {
  auto marker = backends::marker_for_this_process(built_by, "template");
  marker.pid = 999999999;
  marker.fingerprint = "f1";
  marker.schema = schema;
  return marker;
}

OwnershipMarker pooled_by_gone_filler(const std::string& template_name, const OwnershipMarker& from) {
  auto marker = backends::pooled_marker("0123456789ab", template_name, from);
  marker.pid = 999999999;
  return marker;
}

TEST(ClonePool, AClonePooledFromTheTemplateAsItIsIsReady) {
  const auto t = kept_template("r1");
  std::map<std::string, OwnershipMarker> marked{{"test_app_f1", t},
                                                {"test_app_0123456789ab_p1", pooled_by_gone_filler("test_app_f1", t)}};
  EXPECT_EQ(backends::ready_pool_of(marked, "test_app_f1"), std::vector<std::string>{"test_app_0123456789ab_p1"});
  EXPECT_TRUE(backends::stale_pool_of(marked, "test_app_f1").empty());
  EXPECT_TRUE(backends::leftovers_of_gone_runs(marked, {}, "now").empty());
}

TEST(ClonePool, AClonePooledFromARebuiltTemplateIsStaleAndALeftover) {
  const auto before = kept_template("r1");
  const auto rebuilt = kept_template("r2");  // same fingerprint and schema, built again by another run
  std::map<std::string, OwnershipMarker> marked{
      {"test_app_f1", rebuilt}, {"test_app_0123456789ab_p1", pooled_by_gone_filler("test_app_f1", before)}};
  EXPECT_TRUE(backends::ready_pool_of(marked, "test_app_f1").empty());
  EXPECT_EQ(backends::stale_pool_of(marked, "test_app_f1"), std::vector<std::string>{"test_app_0123456789ab_p1"});
  const auto found = backends::leftovers_of_gone_runs(marked, {}, "now");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].pooled);
  EXPECT_NE(found[0].description.find("rebuilt or dropped"), std::string::npos);
}

TEST(ClonePool, AClonePooledFromADroppedTemplateIsALeftover) {
  const auto t = kept_template("r1");
  std::map<std::string, OwnershipMarker> marked{{"test_app_0123456789ab_p1", pooled_by_gone_filler("test_app_f1", t)}};
  EXPECT_EQ(backends::leftovers_of_gone_runs(marked, {}, "now").size(), 1u);
}

TEST(ClonePool, AClonePooledFromATemplateWhoseSchemaChangedIsNotReady) {
  const auto t = kept_template("r1");
  std::map<std::string, OwnershipMarker> marked{{"test_app_f1", kept_template("r1", "s2")},
                                                {"test_app_0123456789ab_p1", pooled_by_gone_filler("test_app_f1", t)}};
  EXPECT_TRUE(backends::ready_pool_of(marked, "test_app_f1").empty());
}

TEST(ClonePool, TellsTheFillerOfAnUnmarkedPoolCloneByItsNameAlone) {
  EXPECT_EQ(backends::filler_of_unmarked("test_app_0123456789ab_p3", "test_app", 63), "0123456789ab");
  // A run's own clone, another base, or a name that merely looks alike.
  EXPECT_FALSE(backends::filler_of_unmarked("test_app_0123456789ab_3", "test_app", 63));
  EXPECT_FALSE(backends::filler_of_unmarked("test_other_0123456789ab_p3", "test_app", 63));
  EXPECT_FALSE(backends::filler_of_unmarked("test_app_0123456789xy_p3", "test_app", 63));
  EXPECT_FALSE(backends::filler_of_unmarked("test_app_0123456789ab_p", "test_app", 63));
}

TEST(ClonePool, PooledCloneNamesCarryTheFillersRunId) {
  const auto names = backends::database_names("app", "", "0123456789ab", "", 63);
  EXPECT_EQ(backends::pooled_clone_name(names, 2), "test_app_0123456789ab_p2");
}

TEST(ClonePool, AMarkerKeepsWhatThePoolNeeds) {
  const auto t = kept_template("r1");
  const auto decoded = OwnershipMarker::decode(backends::pooled_marker("0123456789ab", "test_app_f1", t).encode());
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->kind, "pooled");
  EXPECT_EQ(decoded->pool_of, "test_app_f1");
  EXPECT_EQ(decoded->built_by, "r1");
  EXPECT_EQ(decoded->schema, "s1");
}

}  // namespace
}  // namespace dbtest
