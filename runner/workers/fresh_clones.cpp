#include "fresh_clones.hpp"

#include <algorithm>

#include "base/errors.hpp"

namespace dbtest::runner {

FreshClones::FreshClones(backends::Template& source, int size, int first_number,
                         std::vector<backends::CloneUser> kinds, std::function<void()> ready)
    : source_(source), size_(std::max(1, size)), ready_(std::move(ready)), next_number_(first_number) {
  for (const auto kind : kinds) stock_[kind];
  const int threads = std::min(kConcurrentClones, size_);
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

FreshClones::~FreshClones() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
  // What is left is dropped here, on the caller's thread.
  std::lock_guard lock(mutex_);
  retired_.clear();
  stock_.clear();
}

std::unique_ptr<backends::Clone> FreshClones::take(backends::CloneUser user) {
  std::unique_ptr<backends::Clone> clone;
  {
    std::lock_guard lock(mutex_);
    auto& stock = stock_[user];
    if (!stock.empty()) {
      clone = std::move(stock.front());
      stock.pop_front();
    } else if (const auto error = error_.find(user); error != error_.end()) {
      // Told once; then the kind is made again, for the worker that
      // replaces this one.
      const std::string why = error->second;
      error_.erase(error);
      wake_.notify_one();
      throw InfrastructureError("a fresh clone for the next test could not be made: " + why);
    }
  }
  wake_.notify_one();  // room for another
  return clone;
}

void FreshClones::retire(std::unique_ptr<backends::Clone> clone) {
  if (!clone) return;
  {
    std::lock_guard lock(mutex_);
    retired_.push_back(std::move(clone));
  }
  wake_.notify_one();
}

bool FreshClones::next_kind(backends::CloneUser& user) const {
  int lowest = size_;
  for (const auto& [kind, stock] : stock_) {
    if (error_.count(kind)) continue;
    const auto making = in_progress_.find(kind);
    const int count = static_cast<int>(stock.size()) + (making == in_progress_.end() ? 0 : making->second);
    if (count < lowest) {
      lowest = count;
      user = kind;
    }
  }
  return lowest < size_;
}

void FreshClones::work() {
  for (;;) {
    std::unique_ptr<backends::Clone> done_with;
    backends::CloneUser kind{};
    int number = 0;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !retired_.empty() || next_kind(kind); });
      // Drops first: they give the server its room back.
      if (!retired_.empty()) {
        done_with = std::move(retired_.front());
        retired_.pop_front();
      } else if (stopping_) {
        return;
      } else {
        ++in_progress_[kind];
        number = next_number_++;
      }
    }
    if (done_with) {
      done_with.reset();
      continue;
    }
    std::unique_ptr<backends::Clone> made;
    std::string error;
    try {
      made = source_.make_clone(number, kind);
    } catch (const std::exception& e) {
      error = e.what();
    }
    {
      std::lock_guard lock(mutex_);
      --in_progress_[kind];
      if (made) {
        stock_[kind].push_back(std::move(made));
      } else {
        error_[kind] = error;
      }
    }
    ready_();
  }
}

}  // namespace dbtest::runner
