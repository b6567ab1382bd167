// --isolation test: a stock of clones made ahead of need, so that every test
// starts on a database no test touched, without waiting for the server to
// make one. Threads of its own keep up to `size` ready clones, and drop the
// clones tests are done with, so the scheduler's loop never waits on the
// server for either.
//
// The clones are made as a worker library opens them or as any program does
// (SQLite: in memory inside the worker, or a file), whichever the run's
// binaries need; each kind has a stock of its own, filled once asked for.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "backends/backend.hpp"

namespace dbtest::runner {

// Clones made at once, by the workers' own cloning and by this stock alike:
// enough to overlap the server's work with ours, few enough not to swamp a
// small server.
inline constexpr int kConcurrentClones = 4;

class FreshClones {
 public:
  // `ready` is called, on one of the stock's threads, whenever a clone was
  // added (or making one failed); it should only post to the caller's loop.
  // Clones are numbered from `first_number` on, as make_clone's slot, so
  // their names never meet a worker's own clone.
  // `kinds`: the kinds the run's binaries need, filled from the start.
  FreshClones(backends::Template& source, int size, int first_number, std::vector<backends::CloneUser> kinds,
              std::function<void()> ready);
  // Stops making clones and drops every clone it still holds.
  ~FreshClones();
  FreshClones(const FreshClones&) = delete;
  FreshClones& operator=(const FreshClones&) = delete;

  // A ready clone of that kind, or nullptr when none is ready yet (one is on
  // its way: `ready` is called when it is). Throws InfrastructureError when
  // the last attempt to make one failed; making that kind stops until the
  // failure has been told so, then starts again.
  std::unique_ptr<backends::Clone> take(backends::CloneUser user);
  // A clone no test will use again: dropped in the background.
  void retire(std::unique_ptr<backends::Clone> clone);

 private:
  void work();
  // Under the lock: the kind whose stock is lowest against its target.
  bool next_kind(backends::CloneUser& user) const;

  backends::Template& source_;
  const int size_;
  std::function<void()> ready_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int next_number_;
  // A kind is filled once something asked for it.
  std::map<backends::CloneUser, std::deque<std::unique_ptr<backends::Clone>>> stock_;
  std::map<backends::CloneUser, int> in_progress_;
  std::map<backends::CloneUser, std::string> error_;
  std::deque<std::unique_ptr<backends::Clone>> retired_;
  std::vector<std::thread> threads_;
};

}  // namespace dbtest::runner
