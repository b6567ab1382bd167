// The environment every process dbtest starts inherits.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "test_os.hpp"
#include "workers/child_environment.hpp"

namespace dbtest::unit {
namespace {

TEST(ChildEnvironment, KeepsTheUsersOwnVariables) {
  EXPECT_TRUE(runner::passed_to_children("PATH"));
  EXPECT_TRUE(runner::passed_to_children("HOME"));
  EXPECT_TRUE(runner::passed_to_children("PGHOST"));
  EXPECT_TRUE(runner::passed_to_children("GTEST_BREAK_ON_FAILURE"));
  EXPECT_TRUE(runner::passed_to_children("GTEST_COLOR"));
  EXPECT_TRUE(runner::passed_to_children("GTEST_DEATH_TEST_STYLE"));
}

TEST(ChildEnvironment, DropsEveryDbtestVariable) {
  EXPECT_FALSE(runner::passed_to_children("DBTEST_PROTOCOL"));
  EXPECT_FALSE(runner::passed_to_children("DBTEST_PARALLEL"));
  EXPECT_FALSE(runner::passed_to_children("DBTEST_ANYTHING"));
}

TEST(ChildEnvironment, DropsTheGoogleTestAndBazelVariablesDbtestDecides) {
  for (const char* name : {"GTEST_FILTER", "GTEST_REPEAT", "GTEST_SHUFFLE", "GTEST_RANDOM_SEED",
                           "GTEST_ALSO_RUN_DISABLED_TESTS", "GTEST_FAIL_FAST", "GTEST_SHARD_INDEX",
                           "GTEST_TOTAL_SHARDS", "GTEST_SHARD_STATUS_FILE", "GTEST_OUTPUT", "GTEST_LIST_TESTS",
                           "TEST_PREMATURE_EXIT_FILE", "XML_OUTPUT_FILE", "TEST_TOTAL_SHARDS", "TEST_SHARD_INDEX",
                           "TEST_SHARD_STATUS_FILE", "TESTBRIDGE_TEST_ONLY", "TEST_TMPDIR"}) {
    EXPECT_FALSE(runner::passed_to_children(name)) << name;
  }
}

TEST(ChildEnvironment, AChildsEnvironmentLacksWhatIsDroppedAndHasTheRest) {
  test_os::set_environment("GTEST_FILTER", "Orders.*");
  test_os::set_environment("GTEST_SHARD_INDEX", "1");
  test_os::set_environment("DBTEST_WORKER_ID", "7");
  test_os::set_environment("UNIT_TEST_KEPT", "yes");
  const auto env = runner::environment_for_child();
  test_os::unset_environment("GTEST_FILTER");
  test_os::unset_environment("GTEST_SHARD_INDEX");
  test_os::unset_environment("DBTEST_WORKER_ID");
  test_os::unset_environment("UNIT_TEST_KEPT");
  EXPECT_EQ(env.count("GTEST_FILTER"), 0u);
  EXPECT_EQ(env.count("GTEST_SHARD_INDEX"), 0u);
  EXPECT_EQ(env.count("DBTEST_WORKER_ID"), 0u);
  ASSERT_EQ(env.count("UNIT_TEST_KEPT"), 1u);
  EXPECT_EQ(env.at("UNIT_TEST_KEPT").to_string(), "yes");
}

}  // namespace
}  // namespace dbtest::unit
