// The stock of fresh clones behind --isolation test, on a template whose
// clones are counted instead of made.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "base/errors.hpp"
#include "workers/fresh_clones.hpp"

namespace dbtest::unit {
namespace {

using backends::CloneUser;

struct Counts {
  std::mutex mutex;
  std::condition_variable changed;
  int made = 0;
  int alive = 0;
  std::set<std::string> names;
  bool fail = false;
};

class CountedClone : public backends::Clone {
 public:
  CountedClone(Counts& counts, std::string url) : counts_(counts), location_{std::move(url), {}} {}
  ~CountedClone() override {
    std::lock_guard lock(counts_.mutex);
    --counts_.alive;
    counts_.changed.notify_all();
  }
  const backends::CloneLocation& location() const override { return location_; }
  std::string keep() override { return {}; }

 private:
  Counts& counts_;
  backends::CloneLocation location_;
};

class CountingTemplate : public backends::Template {
 public:
  explicit CountingTemplate(Counts& counts) : counts_(counts) {}
  bool reused() const override { return false; }
  std::string rebuild_reason() const override { return {}; }
  std::string url() const override { return "test:template"; }
  void apply(const backends::Migration&) override {}
  void seal() override {}
  std::unique_ptr<backends::Clone> make_clone(int slot, CloneUser user) override {
    std::lock_guard lock(counts_.mutex);
    if (counts_.fail) throw InfrastructureError("the server is gone");
    ++counts_.made;
    ++counts_.alive;
    const std::string url = std::string(user == CloneUser::any_program ? "file:" : "memory:") + std::to_string(slot);
    counts_.names.insert(url);
    counts_.changed.notify_all();
    return std::make_unique<CountedClone>(counts_, url);
  }

 private:
  Counts& counts_;
};

template <class Condition>
bool eventually(Counts& counts, Condition condition) {
  std::unique_lock lock(counts.mutex);
  return counts.changed.wait_for(lock, std::chrono::seconds(10), [&] { return condition(counts); });
}

std::unique_ptr<backends::Clone> take_when_ready(runner::FreshClones& fresh, CloneUser user) {
  for (int i = 0; i < 1000; ++i) {
    if (auto clone = fresh.take(user)) return clone;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return nullptr;
}

TEST(FreshClones, KeepsTheStockFullWithoutMakingMore) {
  Counts counts;
  CountingTemplate source(counts);
  std::atomic<int> ready{0};
  runner::FreshClones fresh(source, 3, 5, {CloneUser::worker_library}, [&] { ++ready; });
  EXPECT_TRUE(eventually(counts, [](Counts& c) { return c.made == 3; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::lock_guard lock(counts.mutex);
  EXPECT_EQ(counts.made, 3) << "the stock is full: nothing more is made";
  EXPECT_EQ(ready.load(), 3);
}

TEST(FreshClones, NumbersClonesPastTheWorkersSlots) {
  Counts counts;
  CountingTemplate source(counts);
  runner::FreshClones fresh(source, 2, 9, {CloneUser::worker_library}, [] {});
  ASSERT_TRUE(eventually(counts, [](Counts& c) { return c.made == 2; }));
  std::lock_guard lock(counts.mutex);
  EXPECT_EQ(counts.names, (std::set<std::string>{"memory:9", "memory:10"}));
}

TEST(FreshClones, ATakenCloneIsReplacedAndARetiredOneDropped) {
  Counts counts;
  CountingTemplate source(counts);
  runner::FreshClones fresh(source, 2, 3, {CloneUser::worker_library}, [] {});
  auto clone = take_when_ready(fresh, CloneUser::worker_library);
  ASSERT_NE(clone, nullptr);
  EXPECT_TRUE(eventually(counts, [](Counts& c) { return c.made == 3 && c.alive == 3; }));
  fresh.retire(std::move(clone));
  EXPECT_TRUE(eventually(counts, [](Counts& c) { return c.alive == 2; })) << "the retired clone is dropped";
}

TEST(FreshClones, EachKindHasAStockOfItsOwnOnceAskedFor) {
  Counts counts;
  CountingTemplate source(counts);
  runner::FreshClones fresh(source, 1, 1, {CloneUser::worker_library}, [] {});
  ASSERT_TRUE(eventually(counts, [](Counts& c) { return c.made == 1; }));
  auto clone = take_when_ready(fresh, CloneUser::any_program);
  ASSERT_NE(clone, nullptr);
  EXPECT_EQ(clone->location().database_url.rfind("file:", 0), 0u) << clone->location().database_url;
}

TEST(FreshClones, DropsEverythingItHoldsWhenItGoes) {
  Counts counts;
  CountingTemplate source(counts);
  {
    runner::FreshClones fresh(source, 4, 1, {CloneUser::worker_library, CloneUser::any_program}, [] {});
    ASSERT_TRUE(eventually(counts, [](Counts& c) { return c.made == 8; }));
    fresh.retire(take_when_ready(fresh, CloneUser::any_program));
  }
  std::lock_guard lock(counts.mutex);
  EXPECT_EQ(counts.alive, 0);
}

TEST(FreshClones, AFailureToMakeOneIsReportedToTheNextTaker) {
  Counts counts;
  counts.fail = true;
  CountingTemplate source(counts);
  std::atomic<int> ready{0};
  runner::FreshClones fresh(source, 2, 1, {CloneUser::worker_library}, [&] { ++ready; });
  for (int i = 0; i < 500 && ready.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_GT(ready.load(), 0);
  try {
    fresh.take(CloneUser::worker_library);
    FAIL() << "no error";
  } catch (const InfrastructureError& e) {
    EXPECT_STREQ(e.what(), "a fresh clone for the next test could not be made: the server is gone");
  }
}

TEST(FreshClones, MakingStartsAgainOnceAFailureWasTold) {
  Counts counts;
  counts.fail = true;
  CountingTemplate source(counts);
  std::atomic<int> ready{0};
  runner::FreshClones fresh(source, 1, 1, {CloneUser::worker_library}, [&] { ++ready; });
  for (int i = 0; i < 500 && ready.load() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  {
    std::lock_guard lock(counts.mutex);
    counts.fail = false;  // the server is back
  }
  EXPECT_THROW(fresh.take(CloneUser::worker_library), InfrastructureError);
  EXPECT_NE(take_when_ready(fresh, CloneUser::worker_library), nullptr);
}

}  // namespace
}  // namespace dbtest::unit
