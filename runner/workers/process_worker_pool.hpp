// The real WorkerPool: each worker is a spawned test binary (Boost.Process,
// never a fork that keeps running our image), talking over its stdin and
// stdout, in a process group of its own so a kill reaches every process the
// tests started. Each worker process gets a fresh clone from the template,
// dropped when the process is gone.
//
// A plain GoogleTest binary has no channel. Its worker is a clone, a temp
// folder and a series of processes, one per run of a batch's tests
// (--gtest_filter), whose console and JSON report PlainRun turns into the
// messages a linked worker sends: the scheduler cannot tell the two apart.
//
// Reading is asynchronous on one Boost.Asio loop that runs inside wait(), on
// the scheduler's own thread: no reader threads, no locks, no hand-over
// between threads for every message of a fast test.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "backends/backend.hpp"
#include "clone_dropper.hpp"
#include "fresh_clones.hpp"
#include "protocol/environment.hpp"
#include "schedule/worker_pool.hpp"

namespace dbtest::runner {

struct BinarySetup {
  std::filesystem::path path;
  // Not linked with dbtest::gtest_main: run in batches, as described above.
  bool plain = false;
  // Plain: each test's place in the binary's own order, which GoogleTest
  // keeps whatever order the filter names them in.
  std::map<std::string, int> positions;
};

struct WorkerSetup {
  std::vector<BinarySetup> binaries;
  // Given to every process of every binary, after dbtest's own arguments.
  std::vector<std::string> test_args;
  // Each worker starts in an empty working folder of its own.
  bool isolate_cwd = false;
  backends::Template* database_template = nullptr;
  // What every worker is told alike (run id, worker count, backend...).
  protocol::RunFacts run;
  protocol::Init init;
  std::filesystem::path scratch_dir;
  // --isolation test: how many fresh clones are kept ready; 0 under
  // --isolation worker, where a worker keeps its clone for every test.
  int fresh_clones = 0;
};

class ProcessWorkerPool : public WorkerPool {
 public:
  explicit ProcessWorkerPool(WorkerSetup setup);
  ~ProcessWorkerPool() override;

  void start(int slot, int binary) override;
  void send(int slot, const protocol::MasterMessage& message) override;
  void kill(int slot) override;
  std::optional<PoolEvent> wait(std::chrono::milliseconds timeout) override;
  std::string keep_clone(int slot) override;

  // When each clone this process made (SQLite file mode, servers) began and
  // ended: they are made several at a time.
  using Interval = std::pair<std::chrono::steady_clock::time_point, std::chrono::steady_clock::time_point>;
  const std::vector<Interval>& clone_intervals() const { return clone_intervals_; }

 private:
  struct Worker;
  struct Process;

  void start_clones();
  void clone_ready(int slot);
  void prepare_folders(int slot, Worker& worker);
  void spawn(int slot, Worker& worker);
  void read_more(int slot, Worker& worker);
  void end_groups_of_exited_workers();
  void finish(int slot, Worker& worker);
  // Its output closed: the linked worker or the plain run is over.
  void process_ended(int slot, Worker& worker);
  void exited(int slot, Worker& worker, WorkerExit exit);
  // Plain binaries.
  void start_batch(int slot, Worker& worker, const protocol::RunBatch& batch);
  void spawn_plain_run(int slot, Worker& worker);
  void finish_plain_run(int slot, Worker& worker);
  void reap(int slot);
  // --isolation test: the worker is done with its clone; it gets the next
  // one as soon as one is ready.
  void want_fresh_clone(int slot, Worker& worker);
  void hand_out_fresh_clones();
  // Plain binaries: the batch's next run, on a clone no run used yet.
  void next_plain_run(int slot, Worker& worker);

  WorkerSetup setup_;
  boost::asio::io_context io_;
  std::map<int, std::unique_ptr<Worker>> workers_;
  std::deque<PoolEvent> events_;
  std::deque<int> waiting_for_clone_;
  int clones_in_progress_ = 0;
  std::chrono::steady_clock::time_point last_exit_check_{};
  int spawned_ = 0;
  std::vector<Interval> clone_intervals_;
  // After io_: gone first, so none of its threads posts to a loop that is gone.
  std::unique_ptr<FreshClones> fresh_;
  CloneDropper dropper_;
  // Slots whose last worker's clone is still being dropped: a slot's next
  // clone has the same name, so it waits until the old one is gone.
  std::set<int> slots_dropping_;
  std::deque<std::pair<int, int>> waiting_for_fresh_;  // slot, worker serial
  // While a worker waits, the loop has work even when no pipe is read.
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> fresh_pending_;
};

}  // namespace dbtest::runner
