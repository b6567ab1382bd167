// Bazel's test protocol, end to end with the variables set as `bazel test`
// sets them for a target with shard_count: each shard runs its part, the
// status file says dbtest shards, the report goes to XML_OUTPUT_FILE, the
// scratch folder to TEST_TMPDIR, TESTBRIDGE_TEST_ONLY filters, and the
// premature-exit file is gone after an exit of dbtest's own. The suite's
// tests fail if any of these variables reaches a worker.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "support/dbtest_run.hpp"

using ::testing::HasSubstr;

namespace e2e {
namespace {

namespace fs = std::filesystem;

struct BazelShard {
  fs::path status;
  fs::path xml;
  fs::path premature_exit;
  fs::path tmp;
};

BazelShard shard_folders(const Sandbox& box, int index) {
  const fs::path root = box.root() / ("shard" + std::to_string(index));
  BazelShard shard{root / "shard_status", root / "out" / "test.xml", root / "premature_exit", root / "tmp"};
  fs::create_directories(root / "out");
  fs::create_directories(shard.tmp);
  return shard;
}

std::map<std::string, std::string> bazel_environment(const BazelShard& shard, int index, int total) {
  return {{"TEST_TOTAL_SHARDS", std::to_string(total)}, {"TEST_SHARD_INDEX", std::to_string(index)},
          {"TEST_SHARD_STATUS_FILE", shard.status.string()}, {"XML_OUTPUT_FILE", shard.xml.string()},
          {"TEST_PREMATURE_EXIT_FILE", shard.premature_exit.string()}, {"TEST_TMPDIR", shard.tmp.string()},
          {"GTEST_TOTAL_SHARDS", std::to_string(total)}, {"GTEST_SHARD_INDEX", std::to_string(index)},
          {"MANY_SUITE_BAZEL_TMPDIR", shard.tmp.string()}};
}

int testcases_in(const std::string& xml) {
  int n = 0;
  for (std::size_t at = xml.find("<testcase "); at != std::string::npos; at = xml.find("<testcase ", at + 1)) ++n;
  return n;
}

TEST(Bazel, ShardsRunTheirPartsAndAnswerTheProtocol) {
  Sandbox box;
  int total_cases = 0;
  for (int index = 0; index < 3; ++index) {
    const auto shard = shard_folders(box, index);
    const auto r = run_dbtest(box, {"--parallel", "2", "--", suite("many_suite")}, bazel_environment(shard, index, 3));
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_THAT(r.out, HasSubstr("Partition: part " + std::to_string(index + 1) + " of 3 (hash)"));
    EXPECT_TRUE(fs::exists(shard.status)) << "TEST_SHARD_STATUS_FILE was not touched";
    EXPECT_FALSE(fs::exists(shard.premature_exit)) << "TEST_PREMATURE_EXIT_FILE is left after a normal exit";
    const std::string xml = slurp(shard.xml);
    ASSERT_FALSE(xml.empty()) << "no report at XML_OUTPUT_FILE";
    EXPECT_EQ(testcases_in(xml), std::stoi(last_line(r.out)));
    total_cases += testcases_in(xml);
    EXPECT_TRUE(fs::is_empty(shard.tmp)) << "the scratch folder under TEST_TMPDIR was left behind";
    EXPECT_TRUE(box.leftovers().empty()) << "the scratch folder went to TMPDIR instead of TEST_TMPDIR";
  }
  EXPECT_EQ(total_cases, 2000);
}

TEST(Bazel, TestFilterComesThroughTestbridgeTestOnly) {
  Sandbox box;
  const auto r = run_dbtest(box, {"--", suite("many_suite")}, {{"TESTBRIDGE_TEST_ONLY", "Many004.*:Many005.Test01"}});
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "21 passed, 0 failed, 0 skipped");
}

TEST(Bazel, APrematureExitFileIsRemovedAfterAnErrorExitToo) {
  Sandbox box;
  const auto marker = box.root() / "premature_exit";
  const auto r = run_dbtest(box, {"--partition", "9/3", "--", suite("many_suite")},
                            {{"TEST_PREMATURE_EXIT_FILE", marker.string()}});
  expect_one_line_error(r, "part 9 of 3 does not exist");
  EXPECT_FALSE(fs::exists(marker));
}

TEST(Bazel, AShardWithNoTestsPassesAndStillWritesItsReport) {
  Sandbox box;
  int empty = 0;
  for (int index = 0; index < 4; ++index) {
    const auto shard = shard_folders(box, index);
    auto env = bazel_environment(shard, index, 4);
    env["TESTBRIDGE_TEST_ONLY"] = "Many001.*:Many002.*";
    const auto r = run_dbtest(box, {"--", suite("many_suite")}, env);
    ASSERT_EQ(r.exit_code, 0) << r.all();
    EXPECT_FALSE(slurp(shard.xml).empty());
    if (r.out.find("nothing to run") != std::string::npos) ++empty;
  }
  EXPECT_GE(empty, 2);
}

}  // namespace
}  // namespace e2e
