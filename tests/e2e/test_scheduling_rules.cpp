// --serial, --group and --stage, end to end: the tests write when they ran,
// and no serial test overlaps another, no group runs more than its limit,
// and stages run one after the other on no more workers than they may use.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <sstream>

#include "support/dbtest_run.hpp"

using ::testing::HasSubstr;
using ::testing::Not;

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

// Every file the tests wrote, one event each, as one text.
std::string events_in(const std::filesystem::path& dir) {
  std::string all;
  for (const auto& f : std::filesystem::directory_iterator(dir)) all += slurp(f.path());
  return all;
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
  const auto log = box.root() / "overlap";
  std::filesystem::create_directories(log);
  auto r = run_dbtest(box, {"--parallel", "4", "--dist", "test", "--serial", "Serial.*", "--group", "pool:2=*Pool.*",
                            "--", suite(GetParam())},
                      {{"OVERLAP_DIR", log.string()}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "14 passed, 0 failed, 0 skipped") << r.all();
  const auto all = intervals_in(events_in(log));
  ASSERT_EQ(all.size(), 14u) << events_in(log);
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

// The latest end of the tests `pick` selects, and the earliest start.
long long last_end(const std::vector<Interval>& all, const std::function<bool(const Interval&)>& pick) {
  long long out = 0;
  for (const auto& i : all) out = pick(i) ? std::max(out, i.end) : out;
  return out;
}
long long first_start(const std::vector<Interval>& all, const std::function<bool(const Interval&)>& pick) {
  long long out = std::numeric_limits<long long>::max();
  for (const auto& i : all) out = pick(i) ? std::min(out, i.start) : out;
  return out;
}

TEST_P(SchedulingRules, StagesRunInOrderOnTheirWorkers) {
  Sandbox box;
  const auto dir = box.root() / "overlap";
  std::filesystem::create_directories(dir);
  auto r = run_dbtest(box, {"--parallel", "4", "--dist", "test", "--stage", "Serial.*@1", "--stage", "*Pool.*@2", "--",
                            suite(GetParam())},
                      {{"OVERLAP_DIR", dir.string()}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "14 passed, 0 failed, 0 skipped") << r.all();
  const auto all = intervals_in(events_in(dir));
  ASSERT_EQ(all.size(), 14u) << events_in(dir);
  const auto serial = [](const Interval& i) { return is(i, "Serial."); };
  const auto pool = [](const Interval& i) { return is(i, "Pool."); };
  const auto free = [](const Interval& i) { return is(i, "Free."); };
  EXPECT_LE(last_end(all, serial), first_start(all, pool));
  EXPECT_LE(last_end(all, pool), first_start(all, free));
  EXPECT_EQ(most_at_once(all, serial), 1);
  EXPECT_EQ(most_at_once(all, pool), 2);
  EXPECT_GE(most_at_once(all, free), 3);
}

TEST_P(SchedulingRules, AFailedStageStopsTheLaterOnesUnlessKeepGoing) {
  Sandbox box;
  const std::vector<std::string> args{"--parallel", "4", "--dist", "test", "--stage", "Serial.*", "--stage", "*Pool.*"};
  auto with = [&](std::vector<std::string> extra) {
    auto all = args;
    all.insert(all.end(), extra.begin(), extra.end());
    all.push_back("--");
    all.push_back(suite(GetParam()));
    return all;
  };
  auto stopped = run_dbtest(box, with({}), {{"OVERLAP_FAIL", "Serial.Second"}});
  EXPECT_EQ(stopped.exit_code, 1) << stopped.all();
  EXPECT_THAT(stopped.out, HasSubstr("12 tests were not run (stage 1 (Serial.*) had a failure; --keep-going runs the "
                                     "later stages anyway)"));
  EXPECT_EQ(last_line(stopped.out), "1 passed, 1 failed, 0 skipped") << stopped.all();

  auto going = run_dbtest(box, with({"--keep-going"}), {{"OVERLAP_FAIL", "Serial.Second"}});
  EXPECT_EQ(going.exit_code, 1) << going.all();
  EXPECT_THAT(going.out, Not(HasSubstr("not run")));
  EXPECT_EQ(last_line(going.out), "13 passed, 1 failed, 0 skipped") << going.all();
}

TEST_P(SchedulingRules, ListShowsTheStages) {
  Sandbox box;
  auto r = run_dbtest(box, {"--list", "--stage", "Serial.First@1", "--stage", "*Pool.*/1", "--filter",
                            "Serial.*:*Pool.*/1:*Free.*/2", "--", suite(GetParam())});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(r.out,
            "# stage 1 (Serial.First, at most 1 worker)\n"
            "Serial.First\n"
            "# stage 2 (*Pool.*/1)\n"
            "Six/Pool.UsesTheScarceResource/1\n"
            "# stage 3 (the tests no --stage names)\n"
            "Serial.Second\n"
            "Six/Free.RunsBesideAnything/2\n")
      << r.all();
  // Under --dist suite, a suite whose tests are in two stages is cut in two.
  EXPECT_THAT(r.err, HasSubstr("dbtest: note: suite Serial has tests in stages 1, 3: it runs as one unit per stage"));
}

INSTANTIATE_TEST_SUITE_P(Binaries, SchedulingRules, ::testing::Values("overlap_suite", "linked_overlap_suite"));

}  // namespace
}  // namespace e2e
