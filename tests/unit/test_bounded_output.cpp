#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocol/bounded_output.hpp"

namespace dbtest::unit {
namespace {

using protocol::bounded_output;
using protocol::Output;

// A source backed by a string, recording every read.
struct Source {
  std::string bytes;
  std::vector<std::pair<std::uint64_t, std::size_t>> reads;

  Output bounded(std::uint64_t limit) {
    return bounded_output(bytes.size(), limit, [this](std::uint64_t offset, std::size_t n) {
      reads.emplace_back(offset, n);
      return bytes.substr(static_cast<std::size_t>(offset), n);
    });
  }
};

std::string numbered(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s.push_back(static_cast<char>('a' + i % 26));
  return s;
}

TEST(BoundedOutput, KeepsOutputUnderTheLimitWhole) {
  Source source{"hello\nworld\n", {}};
  const Output out = source.bounded(100);
  EXPECT_EQ(out.text, "hello\nworld\n");
  EXPECT_EQ(out.cut_bytes, 0u);
}

TEST(BoundedOutput, KeepsOutputOfExactlyTheLimitWhole) {
  Source source{numbered(64), {}};
  const Output out = source.bounded(64);
  EXPECT_EQ(out.text, source.bytes);
  EXPECT_EQ(out.cut_bytes, 0u);
}

TEST(BoundedOutput, EmptyOutputIsEmpty) {
  Source source{"", {}};
  const Output out = source.bounded(10);
  EXPECT_EQ(out.text, "");
  EXPECT_EQ(out.cut_bytes, 0u);
}

TEST(BoundedOutput, KeepsHeadAndTailOfOutputOverTheLimit) {
  Source source{numbered(1000), {}};
  const Output out = source.bounded(100);
  EXPECT_EQ(out.text, source.bytes.substr(0, 50) + source.bytes.substr(950));
  EXPECT_EQ(out.cut_bytes, 900u);
  EXPECT_EQ(out.text.size() + out.cut_bytes, source.bytes.size());
}

TEST(BoundedOutput, OddLimitStillAccountsForEveryByte) {
  Source source{numbered(11), {}};
  const Output out = source.bounded(5);
  EXPECT_LE(out.text.size(), 5u);
  EXPECT_EQ(out.text, source.bytes.substr(0, 2) + source.bytes.substr(9));
  EXPECT_EQ(out.text.size() + out.cut_bytes, 11u);
}

TEST(BoundedOutput, OneByteOverTheLimitIsCut) {
  Source source{numbered(101), {}};
  const Output out = source.bounded(100);
  EXPECT_EQ(out.text.size(), 100u);
  EXPECT_EQ(out.cut_bytes, 1u);
  EXPECT_EQ(out.text.substr(0, 50), source.bytes.substr(0, 50));
  EXPECT_EQ(out.text.substr(50), source.bytes.substr(51));
}

TEST(BoundedOutput, ReadsOnlyTheHeadAndTheTail) {
  Source source{numbered(1'000'000), {}};
  source.bounded(1024);
  ASSERT_EQ(source.reads.size(), 2u);
  EXPECT_EQ(source.reads[0], (std::pair<std::uint64_t, std::size_t>{0, 512}));
  EXPECT_EQ(source.reads[1], (std::pair<std::uint64_t, std::size_t>{1'000'000 - 512, 512}));
}

}  // namespace
}  // namespace dbtest::unit
