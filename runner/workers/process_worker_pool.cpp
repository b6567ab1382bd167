#include "process_worker_pool.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/process.hpp>
#include <boost/process/async_pipe.hpp>

#include <boost/asio/post.hpp>

#include <algorithm>
#include <array>
#include <thread>
#include <fstream>

#include "protocol/bounded_output.hpp"
#include "protocol/frame.hpp"
#include "child_environment.hpp"
#include "platform/handles.hpp"
#include "platform/process_exit.hpp"
#include "platform/worker_launch.hpp"

namespace dbtest::runner {
namespace bp = boost::process;
namespace fs = std::filesystem;

struct ProcessWorkerPool::Worker {
  explicit Worker(boost::asio::io_context& io) : from_child(io) {}

  int binary = 0;
  // Made on a thread of its own; the process starts when it is ready.
  std::thread cloning;
  std::string clone_error;
  double clone_seconds = 0;
  bool killed_before_start = false;
  bool started = false;
  // Ended by kill(): its exit status says how the OS ended it (SIGKILL; exit
  // status 1 from a Windows job), not why, so it is reported as this.
  bool killed = false;

  std::unique_ptr<backends::Clone> clone;
  fs::path capture_path;
  bp::pipe to_child;
  bp::async_pipe from_child;
  bp::group group;
  bp::child child;
  protocol::FrameDecoder decoder{/*await_start_marker=*/true};
  std::array<char, 65536> buffer{};
  bool exited = false;
};

namespace {

// Bytes of a file, for the output of a worker that died mid-test.
protocol::Output read_capture(const fs::path& path, std::uint64_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::uint64_t>(std::max<std::streamoff>(0, in.tellg()));
  return protocol::bounded_output(size, limit, [&in](std::uint64_t offset, std::size_t n) {
    std::string text(n, '\0');
    in.clear();
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(text.data(), static_cast<std::streamsize>(n));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
  });
}

}  // namespace

ProcessWorkerPool::ProcessWorkerPool(WorkerSetup setup) : setup_(std::move(setup)) {}

ProcessWorkerPool::~ProcessWorkerPool() {
  for (auto& [slot, worker] : workers_) {
    if (worker->cloning.joinable()) worker->cloning.join();
  }
  for (auto& [slot, worker] : workers_) {
    if (!worker->started || worker->exited) continue;
    std::error_code ignored;
    worker->group.terminate(ignored);
    worker->child.wait(ignored);
  }
}

void ProcessWorkerPool::start(int slot, int binary) {
  reap(slot);
  auto worker = std::make_unique<Worker>(io_);
  worker->binary = binary;
  worker->capture_path = setup_.scratch_dir / ("worker-" + std::to_string(slot) + "-" + std::to_string(++spawned_) + ".out");
  workers_[slot] = std::move(worker);
  waiting_for_clone_.push_back(slot);
  start_clones();
}

// Clones are made a few at a time, each on a thread with its own connection,
// and a worker starts the moment its own clone exists: the first workers run
// tests while the last clones are still being made.
void ProcessWorkerPool::start_clones() {
  while (clones_in_progress_ < kConcurrentClones && !waiting_for_clone_.empty()) {
    const int slot = waiting_for_clone_.front();
    waiting_for_clone_.pop_front();
    Worker* w = workers_.at(slot).get();
    ++clones_in_progress_;
    // Outstanding work for the loop until the clone is posted back, so that
    // wait() sleeps in run_one_for instead of finding nothing to wait for and
    // spinning on a core the database server needs for the clone.
    auto pending = boost::asio::make_work_guard(io_);
    w->cloning = std::thread([this, slot, w, pending = std::move(pending)]() mutable {
      const auto begin = std::chrono::steady_clock::now();
      try {
        w->clone = setup_.database_template->make_clone(slot);
      } catch (const std::exception& e) {
        w->clone_error = e.what();
      }
      w->clone_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
      boost::asio::post(io_, [this, slot] { clone_ready(slot); });
      pending.reset();
    });
  }
}

void ProcessWorkerPool::clone_ready(int slot) {
  Worker& w = *workers_.at(slot);
  w.cloning.join();
  --clones_in_progress_;
  clone_seconds_ += w.clone_seconds;
  start_clones();
  if (!w.clone_error.empty() || w.killed_before_start) {
    w.exited = true;
    const std::string why = w.clone_error.empty() ? "killed before it started" : "its clone could not be made: " + w.clone_error;
    events_.push_back({slot, WorkerExit{-1, false, why, {}}});
    return;
  }
  spawn(slot, w);
}

void ProcessWorkerPool::spawn(int slot, Worker& w) {
  Worker* worker = &w;

  bp::environment env = environment_for_child();
  const auto& clone = worker->clone->location();
  const protocol::WorkerFacts facts{slot, clone.database_url, clone.environment, worker->capture_path.string()};
  for (const auto& [key, value] : protocol::worker_environment(setup_.run, facts)) env[key] = value;

  // The ends this process keeps must not leak into workers started later.
  platform::keep_from_children(worker->to_child.native_sink());
  platform::keep_from_children(worker->from_child.native_source());
  const fs::path exe = fs::absolute(setup_.binaries.at(static_cast<std::size_t>(worker->binary)));
  try {
    // bp::exe: a lone string would be read as a command line and split at
    // its spaces.
    worker->child = bp::child(bp::exe = exe.string(), bp::args = std::vector<std::string>{}, env, worker->group, bp::std_in < worker->to_child,
                              bp::std_out > worker->from_child, bp::std_err > worker->capture_path.string(),
                              platform::WorkerLaunch{});
  } catch (const bp::process_error& e) {
    w.exited = true;
    events_.push_back({slot, WorkerExit{-1, false, std::string("could not be started: ") + e.what(), {}}});
    return;
  }
  worker->started = true;
  // Boost.Process closed our copies of the child's pipe ends on success, so
  // the read sees end of file when the worker is gone.
  read_more(slot, w);
  send(slot, setup_.init);
}

void ProcessWorkerPool::read_more(int slot, Worker& w) {
  w.from_child.async_read_some(boost::asio::buffer(w.buffer), [this, slot, &w](const boost::system::error_code& ec,
                                                                                std::size_t n) {
    if (ec) {
      finish(slot, w);
      return;
    }
    try {
      w.decoder.feed(w.buffer.data(), n);
      while (auto payload = w.decoder.next()) events_.push_back({slot, protocol::decode_worker_message(*payload)});
    } catch (const std::exception& e) {
      // A corrupt channel is the worker's failure; end it and report why.
      events_.push_back({slot, protocol::WorkerMessage{protocol::WorkerFatal{std::string("channel broken: ") + e.what()}}});
      std::error_code ignored;
      w.group.terminate(ignored);
      finish(slot, w);
      return;
    }
    read_more(slot, w);
  });
}

// The channel is closed: the worker is gone or going. Its exit status says how.
void ProcessWorkerPool::finish(int slot, Worker& w) {
  std::error_code ec;
  w.child.wait(ec);
  w.exited = true;
  auto exit = platform::describe_exit(w.child.native_exit_code());
  if (w.killed) exit = {exit.code, true, "killed by dbtest"};
  // What the binary printed to stdout before it took the channel over
  // belongs with the rest of its output.
  auto output = read_capture(w.capture_path, setup_.run.output_limit);
  output.text = w.decoder.preamble() + output.text;
  events_.push_back({slot, WorkerExit{exit.code, exit.signaled, exit.text, std::move(output)}});
}

void ProcessWorkerPool::send(int slot, const protocol::MasterMessage& message) {
  auto it = workers_.find(slot);
  if (it == workers_.end() || !it->second->started || it->second->exited) return;
  const std::string frame = protocol::encode_frame(protocol::encode(message));
  try {
    it->second->to_child.write(frame.data(), static_cast<int>(frame.size()));
  } catch (const std::exception&) {
    // The worker is gone; its end of file is on its way.
  }
}

void ProcessWorkerPool::kill(int slot) {
  auto it = workers_.find(slot);
  if (it == workers_.end() || it->second->exited) return;
  Worker& w = *it->second;
  if (w.started) {
    std::error_code ignored;
    w.killed = true;
    w.group.terminate(ignored);
    return;
  }
  w.killed_before_start = true;
  // Not cloning yet: it goes now. Cloning: it goes when its clone is made.
  const auto waiting = std::find(waiting_for_clone_.begin(), waiting_for_clone_.end(), slot);
  if (waiting != waiting_for_clone_.end()) {
    waiting_for_clone_.erase(waiting);
    w.exited = true;
    events_.push_back({slot, WorkerExit{-1, true, "killed before it started", {}}});
  }
}

void ProcessWorkerPool::reap(int slot) {
  auto it = workers_.find(slot);
  if (it == workers_.end()) return;
  std::error_code ignored;
  fs::remove(it->second->capture_path, ignored);
  workers_.erase(it);  // drops the clone
}

// A worker's pipe closes when the last process holding it ends, and a child
// a test forked without exec holds it too. So the workers themselves are
// watched: when one has exited, its process group goes, and the pipe closes.
void ProcessWorkerPool::end_groups_of_exited_workers() {
  // A few times a second is soon enough, and keeps waitpid off the path of
  // every message.
  const auto now = std::chrono::steady_clock::now();
  if (now - last_exit_check_ < std::chrono::milliseconds(100)) return;
  last_exit_check_ = now;
  for (auto& [slot, worker] : workers_) {
    if (!worker->started || worker->exited) continue;
    std::error_code ec;
    if (!worker->child.running(ec) && !ec) worker->group.terminate(ec);
  }
}

std::optional<PoolEvent> ProcessWorkerPool::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  if (events_.empty()) end_groups_of_exited_workers();
  while (events_.empty()) {
    // Run ready handlers first; block only when none is ready.
    if (io_.poll_one() > 0) continue;
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) return std::nullopt;
    if (io_.stopped()) io_.restart();
    if (io_.run_one_for(left) == 0 && io_.stopped()) {
      io_.restart();
      return std::nullopt;  // nothing to wait for at all
    }
  }
  PoolEvent event = std::move(events_.front());
  events_.pop_front();
  if (std::holds_alternative<WorkerExit>(event.what)) reap(event.slot);
  return event;
}

}  // namespace dbtest::runner
