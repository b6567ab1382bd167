#include "child_environment.hpp"

#include <array>
#include <string>
#include <vector>

#include "protocol/environment.hpp"

namespace dbtest::runner {
namespace {

// GoogleTest's variables for the selection, the repetition, the order, the
// sharding and the reports, and those Bazel's test protocol sets for dbtest
// (docs/ci.md): a test binary seeing them would shard or report on its own.
// TEST_TMPDIR goes too: a worker gets its own temporary folder under that
// name (protocol/environment.cpp), for GoogleTest's TempDir().
// GTEST_BREAK_ON_FAILURE, GTEST_COLOR and the like stay.
constexpr std::array<std::string_view, 18> kRunnerVariables = {
    "GTEST_FILTER",      "GTEST_REPEAT",       "GTEST_SHUFFLE",           "GTEST_RANDOM_SEED",
    "GTEST_ALSO_RUN_DISABLED_TESTS",           "GTEST_FAIL_FAST",         "GTEST_SHARD_INDEX",
    "GTEST_TOTAL_SHARDS", "GTEST_SHARD_STATUS_FILE", "GTEST_OUTPUT",      "GTEST_LIST_TESTS",
    "TEST_PREMATURE_EXIT_FILE",                "XML_OUTPUT_FILE",         "TEST_TOTAL_SHARDS",
    "TEST_SHARD_INDEX",  "TEST_SHARD_STATUS_FILE", "TESTBRIDGE_TEST_ONLY", "TEST_TMPDIR",
};

}  // namespace

bool passed_to_children(std::string_view name) {
  if (name.starts_with(protocol::kVariablePrefix)) return false;
  for (const auto variable : kRunnerVariables) {
    if (name == variable) return false;
  }
  return true;
}

boost::process::environment environment_for_child() {
  boost::process::environment env = boost::this_process::environment();  // a copy: ours stays as it is
  std::vector<std::string> stale;
  for (const auto& entry : env) {
    if (!passed_to_children(entry.get_name())) stale.push_back(entry.get_name());
  }
  for (const auto& name : stale) env.erase(name);
  return env;
}

}  // namespace dbtest::runner
