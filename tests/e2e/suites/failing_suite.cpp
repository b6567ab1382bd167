// One failure with a known file and line, and one passing test beside it.
#include <dbtest/dbtest.hpp>

#include <iostream>

TEST(Arithmetic, StillWorks) { EXPECT_EQ(2 + 2, 4); }

TEST(Arithmetic, IsWrongOnPurpose) {
  std::cout << "output of the failing test" << std::endl;
  std::cerr << "and its stderr" << std::endl;
  EXPECT_EQ(2 + 2, 5) << "deliberate failure";  // line 11
}
