// Drops the clones that ended workers leave, on a thread of its own: a
// server may take a tenth of a second for a DROP DATABASE, and the
// scheduler's loop must not keep the other workers waiting for their next
// batch meanwhile.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

#include "backends/backend.hpp"

namespace dbtest::runner {

class CloneDropper {
 public:
  CloneDropper() = default;
  // Drops what is still queued, then returns.
  ~CloneDropper();
  CloneDropper(const CloneDropper&) = delete;
  CloneDropper& operator=(const CloneDropper&) = delete;

  // Drops the clone in the background, in the order given, then calls
  // `dropped` on the dropper's thread; it should only post to the caller's
  // loop.
  void drop(std::unique_ptr<backends::Clone> clone, std::function<void()> dropped);

 private:
  void work();

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::deque<std::pair<std::unique_ptr<backends::Clone>, std::function<void()>>> queue_;
  std::thread thread_;  // started by the first drop
};

}  // namespace dbtest::runner
