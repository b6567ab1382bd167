// Which databases are kept templates, and which of them a run drops.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "backends/common/database_names.hpp"
#include "backends/common/kept_templates.hpp"

namespace dbtest::unit {
namespace {

using backends::kept_template_name;
using backends::KeptTemplate;
using backends::OwnershipMarker;
using ::testing::ElementsAre;

OwnershipMarker kept_marker(const std::string& fingerprint, std::int64_t used) {
  return {"run", "host", 1, "template", fingerprint, "schema", used};
}

std::vector<std::string> names_of(const std::vector<KeptTemplate>& kept) {
  std::vector<std::string> out;
  for (const auto& k : kept) out.push_back(k.name);
  return out;
}

TEST(KeptTemplates, AreTheFinishedTemplatesNamedByTheirOwnFingerprint) {
  const std::string a(64, 'a'), b(64, 'b'), c(64, 'c');
  std::map<std::string, OwnershipMarker> marked = {
      {kept_template_name("test_shop", a, 63), kept_marker(a, 100)},
      {kept_template_name("test_shop", b, 63), kept_marker(b, 300)},
      // Another application's, a name that does not match its marker, a
      // template being built, a run's own template and a clone.
      {kept_template_name("test_shop2", c, 63), kept_marker(c, 200)},
      {kept_template_name("test_shop", c, 63), kept_marker(a, 200)},
      {"test_shop_building", {"run", "host", 1, "template", "building", "", 0}},
      {"test_shop_3f2a9c01b7d4", {"3f2a9c01b7d4", "host", 1, "template", c, "schema", 0}},
      {"test_shop_3f2a9c01b7d4_1", {"3f2a9c01b7d4", "host", 1, "clone", "", "", 0}},
  };
  EXPECT_THAT(names_of(backends::kept_templates_of(marked, "test_shop", 63)),
              ElementsAre("test_shop_bbbbbbbb", "test_shop_aaaaaaaa"));
}

TEST(KeptTemplates, IncludeOneNamedByTheBaseAloneKeptBeforeNamesHadTheFingerprint) {
  const std::string a(64, 'a');
  std::map<std::string, OwnershipMarker> marked = {
      {"test_shop", {"old", "host", 1, "template", "fp-of-an-older-dbtest", "schema", 0}},
      {kept_template_name("test_shop", a, 63), kept_marker(a, 100)},
  };
  const auto kept = backends::kept_templates_of(marked, "test_shop", 63);
  EXPECT_THAT(names_of(kept), ElementsAre("test_shop_aaaaaaaa", "test_shop"));
  // Never used by this dbtest: the first to go.
  EXPECT_THAT(names_of(backends::least_recently_used_beyond(kept, "test_shop_bbbbbbbb", 2)), ElementsAre("test_shop"));
}

TEST(KeptTemplates, DropsTheLeastRecentlyUsedBeyondTheLimit) {
  const std::vector<KeptTemplate> kept = {{"t_new", kept_marker("n", 400)},
                                          {"t_old", kept_marker("o", 100)},
                                          {"t_mid", kept_marker("m", 250)},
                                          {"t_older", kept_marker("p", 50)}};
  EXPECT_THAT(names_of(backends::least_recently_used_beyond(kept, "t_own", 3)), ElementsAre("t_older", "t_old"));
  EXPECT_THAT(names_of(backends::least_recently_used_beyond(kept, "t_own", 5)), ElementsAre());
}

TEST(KeptTemplates, NeverDropsTheRunsOwnTemplateEvenWhenItIsTheOldest) {
  const std::vector<KeptTemplate> kept = {{"t_own", kept_marker("a", 10)}, {"t_new", kept_marker("b", 400)},
                                          {"t_mid", kept_marker("c", 250)}};
  EXPECT_THAT(names_of(backends::least_recently_used_beyond(kept, "t_own", 2)), ElementsAre("t_mid"));
  EXPECT_THAT(names_of(backends::least_recently_used_beyond(kept, "t_own", 1)), ElementsAre("t_mid", "t_new"));
}

TEST(KeptTemplates, BreaksEqualTimesByName) {
  const std::vector<KeptTemplate> kept = {{"t_b", kept_marker("b", 100)}, {"t_a", kept_marker("a", 100)}};
  EXPECT_THAT(names_of(backends::least_recently_used_beyond(kept, "t_own", 2)), ElementsAre("t_b"));
}

TEST(KeptTemplates, SaysHowLongAgoATemplateWasUsed) {
  EXPECT_EQ(backends::time_ago(1000, 1030), "just now");
  EXPECT_EQ(backends::time_ago(1000, 1000 + 60), "1 minute ago");
  EXPECT_EQ(backends::time_ago(1000, 1000 + 7200), "2 hours ago");
  EXPECT_EQ(backends::time_ago(1000, 1000 + 3 * 86400), "3 days ago");
  EXPECT_EQ(backends::time_ago(0, 1000), "at an unknown time");
}

}  // namespace
}  // namespace dbtest::unit
