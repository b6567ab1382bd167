#include <gtest/gtest.h>

#include "report/busy_time.hpp"

namespace dbtest::runner {
namespace {

using namespace std::chrono_literals;

TEST(BusyTime, CountsOverlappingIntervalsOnceInWallTime) {
  const auto t = BusyTime::Clock::time_point{} + 100s;
  BusyTime busy;
  busy.add(t, t + 4s);
  busy.add(t + 1s, t + 3s);  // inside the first
  busy.add(t + 3s, t + 6s);  // overlaps its end
  busy.add(t + 10s, t + 11s);  // apart
  EXPECT_DOUBLE_EQ(busy.wall_seconds(), 7.0);
  EXPECT_DOUBLE_EQ(busy.summed_seconds(), 10.0);
  EXPECT_EQ(busy.count(), 4);
}

TEST(BusyTime, IsZeroWithoutIntervals) {
  const BusyTime busy;
  EXPECT_EQ(busy.wall_seconds(), 0.0);
  EXPECT_EQ(busy.summed_seconds(), 0.0);
}

TEST(BusyTime, TreatsAnIntervalEndingBeforeItBeganAsEmpty) {
  const auto t = BusyTime::Clock::time_point{} + 100s;
  BusyTime busy;
  busy.add(t, t - 1s);
  EXPECT_EQ(busy.wall_seconds(), 0.0);
}

}  // namespace
}  // namespace dbtest::runner
