// Output a terminal should never receive raw: escape sequences, binary bytes,
// a flood, and a line with no newline at all.
#include <dbtest/dbtest.hpp>

#include <cstdio>
#include <cstdlib>
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

namespace {

constexpr std::size_t kGibibyte = std::size_t{1} << 30;
constexpr std::size_t kMebibyte = std::size_t{1} << 20;

// Writing a gigabyte takes seconds and a gigabyte of disk, so only the test
// that measures it pays. The name must not start with DBTEST_: dbtest hands
// its workers no variable of its own namespace.
bool gigabyte_asked_for() {
  const char* value = std::getenv("OUTPUT_SUITE_GIGABYTE");
  return value != nullptr && std::string(value) == "1";
}

void print_a_gigabyte_of(const std::string& mebibyte) {
  for (std::size_t written = 0; written < kGibibyte; written += mebibyte.size()) {
    std::fwrite(mebibyte.data(), 1, mebibyte.size(), stdout);
  }
}

}  // namespace

TEST(Gigabyte, InLines) {
  if (!gigabyte_asked_for()) GTEST_SKIP() << "OUTPUT_SUITE_GIGABYTE=1 asks for it";
  std::string lines;
  while (lines.size() < kMebibyte) lines += std::string(1023, 'x') + "\n";
  print_a_gigabyte_of(lines);
  FAIL() << "after a gigabyte of lines";
}

TEST(Gigabyte, WithoutANewline) {
  if (!gigabyte_asked_for()) GTEST_SKIP() << "OUTPUT_SUITE_GIGABYTE=1 asks for it";
  print_a_gigabyte_of(std::string(kMebibyte, 'y'));
  FAIL() << "after a gigabyte without a newline";
}
