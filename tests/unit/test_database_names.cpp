// Names of server databases, and the markers that make them dbtest's.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "backends/common/database_names.hpp"
#include "base/errors.hpp"
#include "backends/common/ownership_marker.hpp"

namespace dbtest::unit {
namespace {

using backends::database_names;
using backends::fit_identifier;
using backends::OwnershipMarker;
using ::testing::HasSubstr;

const std::string kFingerprint = "1a2b3c4d5e6f7a8b9c0d";

TEST(DatabaseNames, KeptTemplateIsTestAppdbWithItsFingerprintAndClonesCarryTheRunAndSlot) {
  const auto names = database_names("shop", "", "3f2a9c01b7d4", kFingerprint, 63);
  EXPECT_EQ(names.base, "test_shop");
  EXPECT_EQ(names.template_name, "test_shop_1a2b3c4d");
  EXPECT_EQ(names.clone(1), "test_shop_3f2a9c01b7d4_1");
  EXPECT_EQ(names.clone(12), "test_shop_3f2a9c01b7d4_12");
}

TEST(DatabaseNames, TemplateThatIsNotKeptCarriesTheRunId) {
  EXPECT_EQ(database_names("shop", "", "abc", "", 63).template_name, "test_shop_abc");
}

TEST(DatabaseNames, TestDbNameReplacesTheTemplateName) {
  const auto names = database_names("shop", "ci_shop", "abc", kFingerprint, 63);
  EXPECT_EQ(names.template_name, "ci_shop_1a2b3c4d");
  EXPECT_EQ(names.clone(2), "ci_shop_abc_2");
}

TEST(DatabaseNames, LongNamesAreShortenedWithAHashNeverCut) {
  const std::string app(80, 'a');
  const auto names = database_names(app, "", "3f2a9c01b7d4", kFingerprint, 63);
  EXPECT_EQ(names.template_name.size(), 63u);
  // The fingerprint's digits stay whole: they tell kept templates apart.
  EXPECT_THAT(names.template_name, ::testing::EndsWith("_1a2b3c4d"));
  EXPECT_LE(backends::kept_template_name(std::string(64, 'x'), kFingerprint, 64).size(), 64u);
  EXPECT_LE(names.clone(999).size(), 63u);
  // Two names that share their first 63 bytes still differ.
  EXPECT_NE(fit_identifier(std::string(70, 'x') + "1", 63), fit_identifier(std::string(70, 'x') + "2", 63));
  EXPECT_EQ(fit_identifier("short", 63), "short");
}

TEST(DatabaseNames, RefusesTheApplicationsOwnDatabaseAndOverlongExplicitNames) {
  try {
    database_names("app", "app", "r", "", 63);
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_THAT(e.what(), HasSubstr("application's own database"));
  }
  EXPECT_THROW(database_names("app", std::string(64, 'x'), "r", kFingerprint, 63), UsageError);
}

TEST(DatabaseNames, RefusesAnExplicitNameThatWouldNeedQuoting) {
  for (const char* name : {"te`st", "a\"b", "x;DROP DATABASE app", "with space", "dot.ted"}) {
    try {
      database_names("app", name, "r", kFingerprint, 64);
      ADD_FAILURE() << name;
    } catch (const UsageError& e) {
      EXPECT_THAT(e.what(), HasSubstr("may only hold letters, digits")) << name;
    }
  }
  EXPECT_NO_THROW(database_names("app", "Test_app-2$", "r", kFingerprint, 64));
}

TEST(OwnershipMarker, RoundTripsThroughItsCommentText) {
  OwnershipMarker m{"3f2a9c01b7d4", "ci-7", 4242, "template", "fp", "schema"};
  const auto text = m.encode();
  EXPECT_THAT(text, ::testing::StartsWith("dbtest:{"));
  const auto back = OwnershipMarker::decode(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->run_id, "3f2a9c01b7d4");
  EXPECT_EQ(back->host, "ci-7");
  EXPECT_EQ(back->pid, 4242);
  EXPECT_EQ(back->kind, "template");
  EXPECT_EQ(back->fingerprint, "fp");
  EXPECT_EQ(back->schema, "schema");
  EXPECT_EQ(back->used, 0);
}

TEST(OwnershipMarker, KeepsWhenAKeptTemplateWasLastUsed) {
  OwnershipMarker m{"r", "h", 1, "template", "fp", "schema", 1765000000};
  const auto back = OwnershipMarker::decode(m.encode());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->used, 1765000000);
}

TEST(OwnershipMarker, TextThatIsNotAMarkerIsNotOne) {
  EXPECT_FALSE(OwnershipMarker::decode(""));
  EXPECT_FALSE(OwnershipMarker::decode("default administrative connection database"));
  EXPECT_FALSE(OwnershipMarker::decode("dbtest:{not json"));
  EXPECT_FALSE(OwnershipMarker::decode(R"(dbtest:{"run":"x"})"));
}

TEST(OwnershipMarker, RunOfThisProcessIsAliveAndAnotherHostsMayBe) {
  const auto mine = backends::marker_for_this_process("r", "clone");
  EXPECT_TRUE(backends::run_may_be_alive(mine));
  auto elsewhere = mine;
  elsewhere.host = "some-other-host-that-is-not-this-one";
  elsewhere.pid = 999999999;
  EXPECT_TRUE(backends::run_may_be_alive(elsewhere));
  auto gone = mine;
  gone.pid = 999999999;
  EXPECT_FALSE(backends::run_may_be_alive(gone));
}

}  // namespace
}  // namespace dbtest::unit
