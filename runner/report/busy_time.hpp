// How long something that happens many times at once kept the run busy:
// the wall-clock time during which at least one of its intervals was open,
// and, beside it, the intervals' own lengths summed. Clones are made several
// at a time, so their summed time can exceed the whole run's.
#pragma once

#include <chrono>
#include <utility>
#include <vector>

namespace dbtest::runner {

class BusyTime {
 public:
  using Clock = std::chrono::steady_clock;

  void add(Clock::time_point begin, Clock::time_point end);
  // Each moment counted once, however many intervals covered it.
  double wall_seconds() const;
  double summed_seconds() const;
  int count() const { return static_cast<int>(intervals_.size()); }

 private:
  std::vector<std::pair<Clock::time_point, Clock::time_point>> intervals_;
};

}  // namespace dbtest::runner
