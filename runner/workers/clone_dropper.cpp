#include "clone_dropper.hpp"

namespace dbtest::runner {

CloneDropper::~CloneDropper() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void CloneDropper::drop(std::unique_ptr<backends::Clone> clone, std::function<void()> dropped) {
  {
    std::lock_guard lock(mutex_);
    queue_.emplace_back(std::move(clone), std::move(dropped));
    if (!thread_.joinable()) thread_ = std::thread([this] { work(); });
  }
  wake_.notify_one();
}

void CloneDropper::work() {
  for (;;) {
    std::pair<std::unique_ptr<backends::Clone>, std::function<void()>> next;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and all dropped
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    next.first.reset();  // a clone's destructor drops it and keeps any error for the run's end
    if (next.second) next.second();
  }
}

}  // namespace dbtest::runner
