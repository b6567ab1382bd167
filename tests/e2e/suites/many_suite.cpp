// 2,000 trivial tests in 100 suites (Many000.Test00 ... Many099.Test19), for
// partitions and Bazel's sharding. Every test also checks that none of the
// variables dbtest applies for the whole run (Bazel's and GoogleTest's shard
// and report variables) reached the worker, which would shard it again, and
// that TEST_TMPDIR is the worker's own temporary folder, not Bazel's.
#include <dbtest/dbtest.hpp>

#include <cstdio>
#include <cstdlib>

namespace {

class ManyTest : public ::testing::Test {
 public:
  void TestBody() override {
    for (const char* name : {"TEST_TOTAL_SHARDS", "TEST_SHARD_INDEX", "TEST_SHARD_STATUS_FILE", "XML_OUTPUT_FILE",
                             "TESTBRIDGE_TEST_ONLY", "TEST_PREMATURE_EXIT_FILE", "GTEST_TOTAL_SHARDS",
                             "GTEST_SHARD_INDEX"}) {
      EXPECT_EQ(std::getenv(name), nullptr) << name << " reached the worker";
    }
    const char* bazel_tmpdir = std::getenv("MANY_SUITE_BAZEL_TMPDIR");
    const char* tmpdir = std::getenv("TEST_TMPDIR");
    if (bazel_tmpdir && tmpdir) EXPECT_STRNE(tmpdir, bazel_tmpdir) << "Bazel's TEST_TMPDIR reached the worker";
  }
};

bool register_many_tests() {
  for (int suite = 0; suite < 100; ++suite) {
    for (int test = 0; test < 20; ++test) {
      char suite_name[16];
      char test_name[16];
      std::snprintf(suite_name, sizeof suite_name, "Many%03d", suite);
      std::snprintf(test_name, sizeof test_name, "Test%02d", test);
      ::testing::RegisterTest(suite_name, test_name, nullptr, nullptr, __FILE__, __LINE__,
                              []() -> ::testing::Test* { return new ManyTest; });
    }
  }
  return true;
}

}  // namespace

const bool many_tests = register_many_tests();
