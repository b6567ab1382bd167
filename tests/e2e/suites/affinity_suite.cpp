// Publishes which worker process ran each test, so the end-to-end test can
// check that a suite stays on one worker (and spreads with --dist test).
#include <dbtest/dbtest.hpp>

#include <string>
#include <unistd.h>

// Publishes "place.Suite.Test=<pid>/<SetUpTestSuite calls so far>".
#define REPORT_PLACE(set_ups)                                                                     \
  do {                                                                                            \
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();                  \
    dbtest::publish(std::string("place.") + info->test_suite_name() + "." + info->name(),         \
                    std::to_string(::getpid()) + "/" + std::to_string(set_ups));                 \
  } while (false)

#define AFFINITY_SUITE(Name)                                     \
  class Name : public ::testing::Test {                          \
   protected:                                                    \
    static void SetUpTestSuite() { ++set_ups; }                  \
    static inline int set_ups = 0;                               \
  };                                                             \
  TEST_F(Name, First) { REPORT_PLACE(set_ups); }                \
  TEST_F(Name, Second) { REPORT_PLACE(set_ups); }               \
  TEST_F(Name, Third) { REPORT_PLACE(set_ups); }                \
  TEST_F(Name, Fourth) { REPORT_PLACE(set_ups); }

AFFINITY_SUITE(North)
AFFINITY_SUITE(South)
AFFINITY_SUITE(East)
AFFINITY_SUITE(West)
