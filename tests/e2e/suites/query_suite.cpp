// 200 small tests that each ask the worker's database something, for the
// run whose server is stopped in its middle. Once one test has had its
// answer, it says so in QUERY_SUITE_STARTED_FILE.
#include <dbtest/dbtest.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "any_engine.hpp"

class Query : public ::testing::TestWithParam<int> {};

TEST_P(Query, IsAnswered) {
  EXPECT_EQ(e2e::query_number("SELECT COUNT(*) FROM items"), 2);
  if (const char* started = std::getenv("QUERY_SUITE_STARTED_FILE")) std::ofstream(started) << "answered\n";
  std::this_thread::sleep_for(std::chrono::milliseconds(25));
}

INSTANTIATE_TEST_SUITE_P(Many, Query, ::testing::Range(0, 200));
