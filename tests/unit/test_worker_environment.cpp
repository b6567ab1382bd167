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
                                     "/tmp/scratch/worker-3-7.out"};
  EXPECT_THAT(protocol::worker_environment(run, worker),
              UnorderedElementsAre(Pair("DBTEST_PROTOCOL", std::to_string(protocol::kVersion)),
                                   Pair("DBTEST_RUN_ID", "3f2a"), Pair("DBTEST_WORKER_COUNT", "4"),
                                   Pair("DBTEST_BACKEND", "postgresql"), Pair("DBTEST_MASTER_PID", "4242"),
                                   Pair("DBTEST_OUTPUT_LIMIT", "8192"), Pair("DBTEST_WORKER_ID", "3"),
                                   Pair("DBTEST_DATABASE_URL", "postgresql://u:p@h/test_app_3f2a_3"),
                                   Pair("DBTEST_CAPTURE_PATH", "/tmp/scratch/worker-3-7.out"),
                                   Pair("PGDATABASE", "test_app_3f2a_3")));
}

TEST(WorkerEnvironment, AnEngineVariableCannotOverrideTheContract) {
  const protocol::RunFacts run{"3f2a", 1, "sqlite", 1, 1024};
  const protocol::WorkerFacts worker{1, "sqlite:x", {{"DBTEST_WORKER_ID", "99"}}, "out"};
  EXPECT_EQ(protocol::worker_environment(run, worker).at("DBTEST_WORKER_ID"), "1");
}

}  // namespace
}  // namespace dbtest::unit
