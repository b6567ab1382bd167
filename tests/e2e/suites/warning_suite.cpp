// Tests that pass with warnings (dbtest::warn), for the summary, the JUnit
// report and --warnings-as-errors.
#include <dbtest/dbtest.hpp>

namespace {

TEST(Warn, OnceInTheBody) { dbtest::warn("the query took 2 s"); }

class WarnInTearDown : public ::testing::Test {
 protected:
  void TearDown() override { dbtest::warn("left a temp file <report.csv> & more"); }
};
TEST_F(WarnInTearDown, AndInTheBody) { dbtest::warn("first"); }

TEST(Warn, NotAtAll) { SUCCEED(); }

}  // namespace
