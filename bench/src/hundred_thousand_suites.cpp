// 100,000 trivial tests in 5,000 suites (Huge0000.Test00 ... Huge4999.Test19),
// registered at start-up: the scale at which the master's memory, discovery
// and planning are measured. Too slow for CI's tests; only the benchmark runs it.
#include <dbtest/dbtest.hpp>

#include <cstdio>

namespace {

constexpr int kSuites = 5000;
constexpr int kTestsPerSuite = 20;

class HugeTest : public ::testing::Test {
 public:
  void TestBody() override { EXPECT_EQ(1 + 1, 2); }
};

bool register_huge_tests() {
  for (int suite = 0; suite < kSuites; ++suite) {
    char suite_name[16];
    std::snprintf(suite_name, sizeof suite_name, "Huge%04d", suite);
    for (int test = 0; test < kTestsPerSuite; ++test) {
      char test_name[16];
      std::snprintf(test_name, sizeof test_name, "Test%02d", test);
      ::testing::RegisterTest(suite_name, test_name, nullptr, nullptr, __FILE__, __LINE__,
                              []() -> ::testing::Test* { return new HugeTest; });
    }
  }
  return true;
}

const bool registered = register_huge_tests();

}  // namespace
