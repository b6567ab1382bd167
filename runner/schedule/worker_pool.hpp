// What the scheduler needs from worker processes, and nothing more, so the
// scheduler can be driven by a fake pool in tests (as ninja's Builder is
// driven through its CommandRunner).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <variant>

#include "protocol/messages.hpp"

namespace dbtest::runner {

// A worker process ended; `description` reads like "exit status 3" or
// "killed by signal 11 (SIGSEGV)".
struct WorkerExit {
  int exit_code = 0;
  bool signaled = false;
  std::string description;
  // The end of what the process printed that no test result carried yet.
  protocol::Output output_tail;
};

// The slot's clone was made, in `seconds`, and its worker is being started.
// A pool that makes no clones of its own says nothing.
struct CloneMade {
  double seconds = 0;
};

struct PoolEvent {
  int slot = 0;
  std::variant<protocol::WorkerMessage, WorkerExit, CloneMade> what;
};

class WorkerPool {
 public:
  virtual ~WorkerPool() = default;
  // Starts a worker process of test binary `binary` in `slot`, on a fresh
  // clone. It says Hello (or exits) through wait(). Throws on failure to spawn.
  virtual void start(int slot, int binary) = 0;
  virtual void send(int slot, const protocol::MasterMessage& message) = 0;
  // Ends the slot's worker and every process it started, at once.
  virtual void kill(int slot) = 0;
  // The next event from any worker, or nothing after `timeout`.
  virtual std::optional<PoolEvent> wait(std::chrono::milliseconds timeout) = 0;
  // --keep-failed-db: the clone of `slot`'s worker outlives the run. Returns
  // how to open it, or "" when there is nothing to keep.
  virtual std::string keep_clone(int /*slot*/) { return {}; }
};

}  // namespace dbtest::runner
