// Facts travel both ways between master and workers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/dbtest_run.hpp"

using ::testing::HasSubstr;

namespace e2e {
namespace {

TEST(Signals, MasterToWorkerAndBack) {
  Sandbox box;
  auto r = run_dbtest(box, {"-v", "--parallel", "2", "--signal", "greeting=hello", "--migrations", migrations("basic"),
                            "--expect-signal", "cache.warmed", "--", suite("signal_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  const auto signals = published_signals(r.out);
  EXPECT_THAT(signals.at("cache.warmed"), HasSubstr("worker-"));
  EXPECT_EQ(signals.at("seen.migrations.count"), "3");
}

TEST(Signals, MissingExpectedSignalFailsTheRun) {
  Sandbox box;
  auto r = run_dbtest(box, {"--signal", "greeting=hello", "--migrations", migrations("basic"), "--expect-signal",
                            "never.published", "--", suite("signal_suite")});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("Expected signal 'never.published' was not published"));
}

TEST(Signals, MigrateCommandPublishesThroughTheSignalFile) {
  Sandbox box;
  const std::string cmd = test_os::shell_line_appending("from.migrate.cmd=ran-once", "DBTEST_SIGNAL_FILE");
  auto r = run_dbtest(box, {"-v", "--signal", "greeting=hello", "--migrate-cmd", cmd, "--", suite("signal_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(published_signals(r.out).at("seen.from.migrate.cmd"), "ran-once");
}

}  // namespace
}  // namespace e2e
