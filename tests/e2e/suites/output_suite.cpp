// Output a terminal should never receive raw: escape sequences, binary bytes,
// a flood, and a line with no newline at all.
#include <dbtest/dbtest.hpp>

#include <cstdio>
#include <string>

TEST(Hostile, PrintsEscapesAndBinary) {
  std::printf("clear screen: \x1b[2J, bell: \a, nul: %c, high: \xff\xfe", 0);
  FAIL() << "after hostile output";
}

TEST(Hostile, PrintsAFlood) {
  const std::string line(1000, 'x');
  for (int i = 0; i < 20000; ++i) std::printf("%s\n", line.c_str());  // 20 MB
  FAIL() << "after the flood";
}

TEST(Hostile, NeverPrintsANewline) {
  for (int i = 0; i < 1000; ++i) std::printf("no-newline-");
  FAIL() << "after a newline-free output";
}
