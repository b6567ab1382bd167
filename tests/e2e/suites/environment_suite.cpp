// A global test environment whose SetUp fails fatally, chosen by
// ENVIRONMENT_SUITE_FAILS: "always", or "once": only in the first process
// whose SetUp runs (it creates the folder ENVIRONMENT_SUITE_MARKER names).
#include <dbtest/dbtest.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

class Environment : public ::testing::Environment {
 public:
  void SetUp() override {
    const char* mode = std::getenv("ENVIRONMENT_SUITE_FAILS");
    if (!mode) return;
    if (std::string(mode) == "once") {
      const char* marker = std::getenv("ENVIRONMENT_SUITE_MARKER");
      ASSERT_NE(marker, nullptr) << "ENVIRONMENT_SUITE_MARKER is not set";
      std::error_code ec;
      if (!std::filesystem::create_directory(marker, ec)) return;  // another process failed already
    }
    FAIL() << "the environment cannot start";
  }
};

[[maybe_unused]] auto* const environment = ::testing::AddGlobalTestEnvironment(new Environment);

}  // namespace

TEST(Apples, One) { SUCCEED(); }
TEST(Apples, Two) { SUCCEED(); }
TEST(Pears, One) { SUCCEED(); }
TEST(Pears, Two) { SUCCEED(); }
TEST(Plums, One) { SUCCEED(); }
TEST(Plums, Two) { SUCCEED(); }
