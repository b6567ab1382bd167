// Tests whose result depends on what ran before them on the same database,
// for the failure-hunting options (--bisect, --pair, --replay, --retries).
// Each end-to-end test picks its cast with --filter:
//   Neutral.Query000 ... Query189   190 tests that change nothing
//   Polluter.LeavesAStrayRow        commits a row that Victim.ExpectsNoStrayRow does not expect
//   HalfA.*, HalfB.*                each commits half of what breaks Pairs.FailsWhenBothHalvesRan
//   Alone.AlwaysFails               fails whatever ran before it
//   Flaky.FailsOnItsFirstRunOnly    fails once, then passes (HUNT_FLAKY_MARKER names a file)
#include <dbtest/dbtest.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "any_engine.hpp"

namespace {

class NeutralQuery : public ::testing::Test {
 public:
  void TestBody() override { EXPECT_GE(e2e::query_number("SELECT COUNT(*) FROM items"), 2); }
};

// Registered one by one, not as a parameterised suite (which GoogleTest
// lists after every plain test), so the tests below come after them.
bool register_neutral_tests() {
  for (int i = 0; i < 190; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "Query%03d", i);
    ::testing::RegisterTest("Neutral", name, nullptr, nullptr, __FILE__, __LINE__,
                            []() -> ::testing::Test* { return new NeutralQuery; });
  }
  return true;
}

}  // namespace

const bool neutral_tests = register_neutral_tests();

TEST(Polluter, LeavesAStrayRow) { e2e::run_statement("INSERT INTO items(id, name) VALUES (100, 'stray')"); }

TEST(HalfA, LeavesOneHalf) { e2e::run_statement("INSERT INTO items(id, name) VALUES (201, 'half')"); }
TEST(HalfB, LeavesTheOtherHalf) { e2e::run_statement("INSERT INTO items(id, name) VALUES (202, 'half')"); }

TEST(Alone, AlwaysFails) { FAIL() << "broken whatever ran before it"; }

TEST(Flaky, FailsOnItsFirstRunOnly) {
  const char* marker = std::getenv("HUNT_FLAKY_MARKER");
  ASSERT_NE(marker, nullptr);
  if (!std::filesystem::exists(marker)) {
    std::ofstream(marker) << "ran\n";
    FAIL() << "first run";
  }
}

TEST(Pairs, FailsWhenBothHalvesRan) {
  EXPECT_LT(e2e::query_number("SELECT COUNT(*) FROM items WHERE name = 'half'"), 2);
}

TEST(Victim, ExpectsNoStrayRow) {
  EXPECT_EQ(e2e::query_number("SELECT COUNT(*) FROM items WHERE name = 'stray'"), 0);
}
