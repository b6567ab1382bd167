// Dropping the clones of ended workers off the scheduler's loop.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "workers/clone_dropper.hpp"

namespace dbtest::unit {
namespace {

// A clone whose drop is written down, and may be held up until released.
struct Drops {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> order;
  bool held = false;
};

class RecordedClone : public backends::Clone {
 public:
  RecordedClone(Drops& drops, std::string name) : drops_(drops), location_{std::move(name), {}} {}
  ~RecordedClone() override {
    std::unique_lock lock(drops_.mutex);
    drops_.changed.wait(lock, [&] { return !drops_.held; });
    drops_.order.push_back(location_.database_url);
    drops_.changed.notify_all();
  }
  const backends::CloneLocation& location() const override { return location_; }
  std::string keep() override { return {}; }

 private:
  Drops& drops_;
  backends::CloneLocation location_;
};

TEST(CloneDropper, DropsInTheBackgroundInOrderAndTellsWhenEachIsGone) {
  Drops drops;
  drops.held = true;
  std::promise<void> second_gone;
  runner::CloneDropper dropper;
  dropper.drop(std::make_unique<RecordedClone>(drops, "a"), {});
  // The caller does not wait for a drop the server holds up.
  dropper.drop(std::make_unique<RecordedClone>(drops, "b"), [&] { second_gone.set_value(); });
  {
    std::lock_guard lock(drops.mutex);
    EXPECT_TRUE(drops.order.empty());
    drops.held = false;
  }
  drops.changed.notify_all();
  ASSERT_EQ(second_gone.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  std::lock_guard lock(drops.mutex);
  EXPECT_EQ(drops.order, (std::vector<std::string>{"a", "b"}));
}

TEST(CloneDropper, DropsEveryQueuedCloneBeforeItGoes) {
  Drops drops;
  std::atomic<int> told{0};
  {
    runner::CloneDropper dropper;
    for (const auto* name : {"a", "b", "c"}) dropper.drop(std::make_unique<RecordedClone>(drops, name), [&] { ++told; });
  }
  EXPECT_EQ(drops.order, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(told.load(), 3);
}

}  // namespace
}  // namespace dbtest::unit
