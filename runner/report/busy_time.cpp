#include "report/busy_time.hpp"

#include <algorithm>

namespace dbtest::runner {

namespace {
double seconds(BusyTime::Clock::duration d) { return std::chrono::duration<double>(d).count(); }
}  // namespace

void BusyTime::add(Clock::time_point begin, Clock::time_point end) { intervals_.emplace_back(begin, std::max(begin, end)); }

double BusyTime::wall_seconds() const {
  auto sorted = intervals_;
  std::sort(sorted.begin(), sorted.end());
  double total = 0;
  for (std::size_t i = 0; i < sorted.size();) {
    auto [begin, end] = sorted[i];
    for (++i; i < sorted.size() && sorted[i].first <= end; ++i) end = std::max(end, sorted[i].second);
    total += seconds(end - begin);
  }
  return total;
}

double BusyTime::summed_seconds() const {
  double total = 0;
  for (const auto& [begin, end] : intervals_) total += seconds(end - begin);
  return total;
}

}  // namespace dbtest::runner
