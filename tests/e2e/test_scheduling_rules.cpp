// --serial and --group, end to end: the tests write when they ran, and no
// serial test overlaps another, and no group runs more than its limit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <sstream>

#include "support/dbtest_run.hpp"

using ::testing::HasSubstr;

namespace e2e {
namespace {

struct Interval {
  std::string test;
  long long start = 0;
  long long end = 0;
};

std::vector<Interval> intervals_in(const std::string& log) {
  std::map<std::string, Interval> by_test;
  for (const auto& line : lines_of(log)) {
    std::istringstream in(line);
    std::string what, test;
    long long ns = 0;
    if (!(in >> what >> test >> ns)) continue;
    auto& i = by_test[test];
    i.test = test;
    (what == "start" ? i.start : i.end) = ns;
  }
  std::vector<Interval> out;
  for (auto& [name, i] : by_test) out.push_back(i);
  return out;
}

bool overlap(const Interval& a, const Interval& b) { return a.start < b.end && b.start < a.end; }
bool is(const Interval& i, const std::string& suite) { return i.test.find(suite) != std::string::npos; }

// The most intervals that `pick` selects running at one moment.
int most_at_once(const std::vector<Interval>& all, const std::function<bool(const Interval&)>& pick) {
  int most = 0;
  for (const auto& i : all) {
    if (!pick(i)) continue;
    int at_its_start = 0;
    for (const auto& j : all) at_its_start += pick(j) && j.start <= i.start && i.start < j.end ? 1 : 0;
    most = std::max(most, at_its_start);
  }
  return most;
}

class SchedulingRules : public ::testing::TestWithParam<std::string> {};

TEST_P(SchedulingRules, SerialTestsRunAloneAndAGroupKeepsItsLimit) {
  Sandbox box;
  const auto log = box.root() / "overlap.log";
  auto r = run_dbtest(box, {"--parallel", "4", "--dist", "test", "--serial", "Serial.*", "--group", "pool:2=*Pool.*",
                            "--", suite(GetParam())},
                      {{"OVERLAP_LOG", log.string()}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "14 passed, 0 failed, 0 skipped") << r.all();
  const auto all = intervals_in(slurp(log));
  ASSERT_EQ(all.size(), 14u) << slurp(log);
  for (const auto& s : all) {
    if (!is(s, "Serial.")) continue;
    for (const auto& other : all) {
      if (other.test == s.test) continue;
      EXPECT_FALSE(overlap(s, other)) << s.test << " overlapped " << other.test;
    }
  }
  EXPECT_LE(most_at_once(all, [](const Interval& i) { return is(i, "Pool."); }), 2);
  // The rules hold back only what they name: the rest runs four at a time.
  EXPECT_GE(most_at_once(all, [](const Interval&) { return true; }), 3);
}

TEST_P(SchedulingRules, ListMarksSerialAndGroupedTests) {
  Sandbox box;
  auto r = run_dbtest(box, {"--list", "--serial", "Serial.First", "--group", "pool:2=*Pool.*", "--filter",
                            "Serial.*:*Pool.*/0", "--", suite(GetParam())});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_THAT(r.out, HasSubstr("Serial.First [serial]\n"));
  EXPECT_THAT(r.out, HasSubstr("Serial.Second\n"));
  EXPECT_THAT(r.out, HasSubstr("Six/Pool.UsesTheScarceResource/0 [group pool]\n"));
}

INSTANTIATE_TEST_SUITE_P(Binaries, SchedulingRules, ::testing::Values("overlap_suite", "linked_overlap_suite"));

}  // namespace
}  // namespace e2e
