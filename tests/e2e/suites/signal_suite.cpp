// Signals both ways: reads what the master handed out, publishes back.
#include <dbtest/dbtest.hpp>

TEST(Signals, ReadsWhatTheMasterHandedOut) {
  ASSERT_TRUE(dbtest::signal("greeting").has_value());
  EXPECT_EQ(*dbtest::signal("greeting"), "hello");
  EXPECT_FALSE(dbtest::signal("nobody.said.this").has_value());
}

TEST(Signals, SeesWhatTheMigrationStepPublished) {
  const auto count = dbtest::signal("dbtest.migrations.count");
  const auto from_cmd = dbtest::signal("from.migrate.cmd");
  EXPECT_TRUE(count.has_value() || from_cmd.has_value());
  if (from_cmd) dbtest::publish("seen.from.migrate.cmd", *from_cmd);
  if (count) dbtest::publish("seen.migrations.count", *count);
}

TEST(Signals, PublishesToTheMaster) { dbtest::publish("cache.warmed", "worker-" + std::to_string(dbtest::worker_id())); }
