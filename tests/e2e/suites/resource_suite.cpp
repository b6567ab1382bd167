// Suites that share an expensive resource through dbtest::suite_resource(),
// for --dist isosuite. Every set-up, teardown, test start and test end
// writes a file of its own into RESOURCE_DIR, named
// "<ns>_<what>_<suite>_<worker>" (ns on a clock every process shares), so the
// end-to-end tests can check what ran where and in which order.
//   RESOURCE_BREAK      Broken's set-up throws
//   RESOURCE_KILL_ONCE  a folder: the first test of Catalogue to create it
//                       kills its own worker
//   RESOURCE_SIGNALS    the tests expect the set-up's published fact
#include <dbtest/dbtest.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

namespace {

void event(const std::string& what, const std::string& suite) {
  const char* dir = std::getenv("RESOURCE_DIR");
  if (!dir) return;
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count();
  std::ofstream(std::filesystem::path(dir) / (std::to_string(ns) + "_" + what + "_" + suite + "_" +
                                              std::to_string(dbtest::worker_id())));
}

void share(const std::string& suite, const std::string& fact) {
  dbtest::suite_resource(
      [suite, fact] {
        event("setup", suite);
        if (suite == "Broken" && std::getenv("RESOURCE_BREAK")) throw std::runtime_error("the catalogue server is down");
        dbtest::publish(suite + ".fact", fact);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      },
      [suite] { event("teardown", suite); });
}

void run_a_test(const std::string& suite, const std::string& fact) {
  event("start", suite);
  if (std::getenv("RESOURCE_SIGNALS")) EXPECT_EQ(dbtest::signal(suite + ".fact").value_or("none"), fact);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  event("end", suite);
}

class Catalogue : public ::testing::TestWithParam<int> {
 protected:
  static void SetUpTestSuite() { share("Catalogue", "catalogue-7"); }
};
TEST_P(Catalogue, UsesTheSharedCatalogue) {
  // Making a folder is atomic: of the workers that try at once, one wins.
  if (const char* once = std::getenv("RESOURCE_KILL_ONCE"); once && std::filesystem::create_directory(once)) {
    std::abort();
  }
  run_a_test("Catalogue", "catalogue-7");
}
INSTANTIATE_TEST_SUITE_P(Eight, Catalogue, ::testing::Range(0, 8));

class Reports : public ::testing::TestWithParam<int> {
 protected:
  static void SetUpTestSuite() { share("Reports", "reports-3"); }
};
TEST_P(Reports, UseTheSharedReports) { run_a_test("Reports", "reports-3"); }
INSTANTIATE_TEST_SUITE_P(Eight, Reports, ::testing::Range(0, 8));

class Broken : public ::testing::TestWithParam<int> {
 protected:
  static void SetUpTestSuite() { share("Broken", "never"); }
};
TEST_P(Broken, NeedsTheResource) { run_a_test("Broken", "never"); }
INSTANTIATE_TEST_SUITE_P(Four, Broken, ::testing::Range(0, 4));

}  // namespace
