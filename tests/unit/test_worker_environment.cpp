// The environment half of the master-worker contract.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "protocol/environment.hpp"
#include "protocol/messages.hpp"

namespace dbtest::unit {
namespace {

using ::testing::Pair;
using ::testing::UnorderedElementsAre;

TEST(WorkerMarker, ReadsBackTheLineAWorkerPrints) {
  EXPECT_EQ(protocol::worker_marker_line(2), "dbtest-worker-protocol 2");
  EXPECT_EQ(protocol::parse_worker_marker(protocol::worker_marker_line(protocol::kVersion)), protocol::kVersion);
  EXPECT_EQ(protocol::parse_worker_marker("dbtest-worker-protocol 17"), 17);
}

TEST(WorkerMarker, AnyOtherLineIsNoMarker) {
  EXPECT_EQ(protocol::parse_worker_marker("Orders."), std::nullopt);
  EXPECT_EQ(protocol::parse_worker_marker("dbtest-worker-protocol"), std::nullopt);
  EXPECT_EQ(protocol::parse_worker_marker("dbtest-worker-protocol "), std::nullopt);
  EXPECT_EQ(protocol::parse_worker_marker("dbtest-worker-protocolX 2"), std::nullopt);
  EXPECT_EQ(protocol::parse_worker_marker("dbtest-worker-protocol two"), std::nullopt);
  EXPECT_EQ(protocol::parse_worker_marker("  dbtest-worker-protocol 2"), std::nullopt);
}

TEST(WorkerEnvironment, HoldsTheRunsFactsTheWorkersOwnAndTheEnginesVariables) {
  const protocol::RunFacts run{"3f2a", 4, "postgresql", 4242, 8192};
  const protocol::WorkerFacts worker{3, "postgresql://u:p@h/test_app_3f2a_3", {{"PGDATABASE", "test_app_3f2a_3"}},
                                     "/tmp/scratch/worker-3-7.out", true, ""};
  EXPECT_THAT(protocol::worker_environment(run, worker),
              UnorderedElementsAre(Pair("DBTEST_PROTOCOL", std::to_string(protocol::kVersion)),
                                   Pair("DBTEST_RUN_ID", "3f2a"), Pair("DBTEST_WORKER_COUNT", "4"),
                                   Pair("DBTEST_BACKEND", "postgresql"), Pair("DBTEST_MASTER_PID", "4242"),
                                   Pair("DBTEST_OUTPUT_LIMIT", "8192"), Pair("DBTEST_WORKER_ID", "3"),
                                   Pair("DBTEST_DATABASE_URL", "postgresql://u:p@h/test_app_3f2a_3"),
                                   Pair("DATABASE_URL", "postgresql://u:p@h/test_app_3f2a_3"),
                                   Pair("DBTEST_CAPTURE_PATH", "/tmp/scratch/worker-3-7.out"),
                                   Pair("PGDATABASE", "test_app_3f2a_3")));
}

TEST(WorkerEnvironment, AnEngineVariableCannotOverrideTheContract) {
  const protocol::RunFacts run{"3f2a", 1, "sqlite", 1, 1024};
  const protocol::WorkerFacts worker{1, "sqlite:x", {{"DBTEST_WORKER_ID", "99"}}, "out", true, ""};
  EXPECT_EQ(protocol::worker_environment(run, worker).at("DBTEST_WORKER_ID"), "1");
}

TEST(WorkerEnvironment, APlainBinaryGetsTheDatabaseAndItsTempFolderButNotTheWorkerProtocol) {
  const protocol::RunFacts run{"3f2a", 2, "sqlite", 1, 1024};
  const protocol::WorkerFacts worker{2, "sqlite:/s/clone.sqlite3", {{"DBTEST_SQLITE_PATH", "/s/clone.sqlite3"}}, "",
                                     false, "/s/slot-2/tmp"};
  const auto env = protocol::worker_environment(run, worker);
  EXPECT_EQ(env.count("DBTEST_PROTOCOL"), 0u);
  EXPECT_EQ(env.count("DBTEST_CAPTURE_PATH"), 0u);
  EXPECT_EQ(env.at("DATABASE_URL"), "sqlite:/s/clone.sqlite3");
  EXPECT_EQ(env.at("DBTEST_SQLITE_PATH"), "/s/clone.sqlite3");
  EXPECT_EQ(env.at("DBTEST_WORKER_ID"), "2");
  for (const char* name : {"TEST_TMPDIR", "TMPDIR", "TMP", "TEMP"}) EXPECT_EQ(env.at(name), "/s/slot-2/tmp") << name;
}

}  // namespace
}  // namespace dbtest::unit
