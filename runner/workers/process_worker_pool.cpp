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

#include "base/file_text.hpp"
#include "protocol/bounded_output.hpp"
#include "protocol/frame.hpp"
#include "base/process_info.hpp"
#include "child_environment.hpp"
#include "plain_run.hpp"
#include "platform/child_lifetime.hpp"
#include "platform/handles.hpp"
#include "platform/process_exit.hpp"
#include "platform/worker_launch.hpp"

namespace dbtest::runner {
namespace bp = boost::process;
namespace fs = std::filesystem;

// One process: a linked worker, or one run of a plain binary.
struct ProcessWorkerPool::Process {
  explicit Process(boost::asio::io_context& io) : from_child(io) {}
  bp::pipe to_child;
  bp::async_pipe from_child;
  bp::group group;
  bp::child child;
  std::array<char, 65536> buffer{};
};

struct ProcessWorkerPool::Worker {
  int serial = 0;  // tells this worker from a later one in the same slot
  int binary = 0;
  bool plain = false;
  // Made on a thread of its own; the process starts when it is ready.
  std::thread cloning;
  std::string clone_error;
  std::chrono::steady_clock::time_point clone_began{};
  std::chrono::steady_clock::time_point clone_ended{};
  bool killed_before_start = false;
  bool started = false;
  // Ended by kill(): its exit status says how the OS ended it (SIGKILL; exit
  // status 1 from a Windows job), not why, so it is reported as this.
  bool killed = false;

  std::unique_ptr<backends::Clone> clone;
  fs::path capture_path;
  fs::path temp_dir;
  fs::path work_dir;  // empty: dbtest's own
  std::unique_ptr<Process> process;  // plain: only while a run of a batch goes on
  protocol::FrameDecoder decoder{/*await_start_marker=*/true};
  bool exited = false;

  // Plain: the batch, the runs of it still to start, the one going on.
  // Under --isolation test, each run of one test, and whether a run used
  // the clone.
  bool clone_used = false;
  std::uint64_t batch = 0;
  std::deque<std::vector<std::string>> runs_left;
  std::unique_ptr<PlainRun> run;
  fs::path report_path;
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

// A filter longer than this is cut into several runs: Windows allows 32767
// characters for a whole command line.
constexpr std::size_t kMaxFilterBytes = 16000;

// The runs of a plain binary a batch takes: GoogleTest runs what a filter
// selects in its own order, so an order that differs from it (--reverse,
// --shuffle) starts a new run wherever it goes back.
std::deque<std::vector<std::string>> plain_runs(const std::vector<std::string>& tests,
                                                const std::map<std::string, int>& positions, bool run_per_test) {
  std::deque<std::vector<std::string>> runs;
  int last = -1;
  std::size_t bytes = 0;
  for (const auto& name : tests) {
    const auto it = positions.find(name);
    const int position = it == positions.end() ? -1 : it->second;
    if (runs.empty() || run_per_test || position <= last || bytes + name.size() + 1 > kMaxFilterBytes) {
      runs.emplace_back();
      bytes = 0;
    }
    runs.back().push_back(name);
    bytes += name.size() + 1;
    last = position;
  }
  return runs;
}

std::string join_filter(const std::vector<std::string>& tests) {
  std::string filter;
  for (const auto& name : tests) filter += (filter.empty() ? "" : ":") + name;
  return filter;
}

}  // namespace

ProcessWorkerPool::ProcessWorkerPool(WorkerSetup setup) : setup_(std::move(setup)) {
  if (setup_.fresh_clones > 0 && setup_.database_template) {
    std::vector<backends::CloneUser> kinds;
    for (const auto& binary : setup_.binaries) {
      const auto kind = binary.plain ? backends::CloneUser::any_program : backends::CloneUser::worker_library;
      if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) kinds.push_back(kind);
    }
    // Numbered past every slot, so no fresh clone shares a worker's name.
    fresh_ = std::make_unique<FreshClones>(*setup_.database_template, setup_.fresh_clones, setup_.run.worker_count + 1,
                                           kinds, [this] { boost::asio::post(io_, [this] { hand_out_fresh_clones(); }); });
  }
}

ProcessWorkerPool::~ProcessWorkerPool() {
  for (auto& [slot, worker] : workers_) {
    if (worker->cloning.joinable()) worker->cloning.join();
  }
  for (auto& [slot, worker] : workers_) {
    if (!worker->process || worker->exited) continue;
    std::error_code ignored;
    worker->process->group.terminate(ignored);
    worker->process->child.wait(ignored);
  }
  // Its threads stop before the workers' clones are dropped here.
  fresh_.reset();
}

void ProcessWorkerPool::start(int slot, int binary) {
  reap(slot);
  auto worker = std::make_unique<Worker>();
  worker->serial = ++spawned_;
  worker->binary = binary;
  worker->plain = setup_.binaries.at(static_cast<std::size_t>(binary)).plain;
  worker->capture_path = setup_.scratch_dir / ("worker-" + std::to_string(slot) + "-" + std::to_string(++spawned_) + ".out");
  prepare_folders(slot, *worker);
  workers_[slot] = std::move(worker);
  waiting_for_clone_.push_back(slot);
  start_clones();
}

// Each slot has a temp folder of its own, and with --isolate-cwd a working
// folder; a new worker in the slot finds both empty. The scratch folder, and
// they with it, goes at the end of the run.
void ProcessWorkerPool::prepare_folders(int slot, Worker& w) {
  const fs::path base = setup_.scratch_dir / ("slot-" + std::to_string(slot));
  w.temp_dir = fs::absolute(base / "tmp");
  if (setup_.isolate_cwd) w.work_dir = fs::absolute(base / "cwd");
  for (const auto& dir : {w.temp_dir, w.work_dir}) {
    if (dir.empty()) continue;
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(dir, ec);
  }
}
// Clones are made a few at a time, each on a thread with its own connection,
// and a worker starts the moment its own clone exists: the first workers run
// tests while the last clones are still being made.
void ProcessWorkerPool::start_clones() {
  while (clones_in_progress_ < kConcurrentClones) {
    const auto next = std::find_if(waiting_for_clone_.begin(), waiting_for_clone_.end(),
                                   [&](int slot) { return slots_dropping_.count(slot) == 0; });
    if (next == waiting_for_clone_.end()) return;
    const int slot = *next;
    waiting_for_clone_.erase(next);
    Worker* w = workers_.at(slot).get();
    ++clones_in_progress_;
    // Outstanding work for the loop until the clone is posted back, so that
    // wait() sleeps in run_one_for instead of finding nothing to wait for and
    // spinning on a core the database server needs for the clone.
    auto pending = boost::asio::make_work_guard(io_);
    w->cloning = std::thread([this, slot, w, pending = std::move(pending)]() mutable {
      w->clone_began = std::chrono::steady_clock::now();
      try {
        w->clone = setup_.database_template->make_clone(
            slot, w->plain ? backends::CloneUser::any_program : backends::CloneUser::worker_library);
      } catch (const std::exception& e) {
        w->clone_error = e.what();
      }
      w->clone_ended = std::chrono::steady_clock::now();
      boost::asio::post(io_, [this, slot] { clone_ready(slot); });
      pending.reset();
    });
  }
}

void ProcessWorkerPool::clone_ready(int slot) {
  Worker& w = *workers_.at(slot);
  w.cloning.join();
  --clones_in_progress_;
  clone_intervals_.emplace_back(w.clone_began, w.clone_ended);
  start_clones();
  if (!w.clone_error.empty() || w.killed_before_start) {
    w.exited = true;
    const std::string why = w.clone_error.empty() ? "killed before it started" : "its clone could not be made: " + w.clone_error;
    events_.push_back({slot, WorkerExit{-1, false, why, {}}});
    return;
  }
  events_.push_back({slot, CloneMade{std::chrono::duration<double>(w.clone_ended - w.clone_began).count()}});
  if (w.plain) {
    // Nothing runs until a batch comes: the worker is its clone.
    w.started = true;
    events_.push_back({slot, protocol::Hello{protocol::kVersion, 0, 0}});
    return;
  }
  spawn(slot, w);
}

namespace {

// What every process of a worker is told: its clone, its folder, the run's facts.
bp::environment worker_process_environment(const protocol::RunFacts& run, int slot, const backends::Clone& clone,
                                           bool linked, const fs::path& capture_path, const fs::path& temp_dir) {
  bp::environment env = environment_for_child();
  const auto& location = clone.location();
  const protocol::WorkerFacts facts{slot, location.database_url, location.environment, capture_path.string(), linked,
                                    temp_dir.string()};
  for (const auto& [key, value] : protocol::worker_environment(run, facts)) env[key] = value;
  return env;
}

}  // namespace

void ProcessWorkerPool::spawn(int slot, Worker& w) {
  Worker* worker = &w;
  auto env = worker_process_environment(setup_.run, slot, *w.clone, true, w.capture_path, w.temp_dir);
  w.process = std::make_unique<Process>(io_);
  Process& p = *w.process;

  // The ends this process keeps must not leak into workers started later.
  platform::keep_from_children(p.to_child.native_sink());
  platform::keep_from_children(p.from_child.native_source());
  const fs::path exe = fs::absolute(setup_.binaries.at(static_cast<std::size_t>(worker->binary)).path);
  try {
    // bp::exe: a lone string would be read as a command line and split at
    // its spaces.
    p.child = bp::child(bp::exe = exe.string(), bp::args = setup_.test_args, env, p.group,
                        bp::start_dir = (w.work_dir.empty() ? fs::current_path() : w.work_dir).string(),
                        bp::std_in < p.to_child, bp::std_out > p.from_child,
                        bp::std_err > worker->capture_path.string(), platform::WorkerLaunch{});
  } catch (const bp::process_error& e) {
    exited(slot, w, {-1, false, std::string("could not be started: ") + e.what(), {}});
    return;
  }
  worker->started = true;
  // Boost.Process closed our copies of the child's pipe ends on success, so
  // the read sees end of file when the worker is gone.
  read_more(slot, w);
  send(slot, setup_.init);
}

void ProcessWorkerPool::read_more(int slot, Worker& w) {
  Process& p = *w.process;
  p.from_child.async_read_some(boost::asio::buffer(p.buffer), [this, slot, &w, &p](const boost::system::error_code& ec,
                                                                                    std::size_t n) {
    if (ec) {
      process_ended(slot, w);
      return;
    }
    try {
      if (w.plain) {
        for (auto& message : w.run->feed(std::string_view(p.buffer.data(), n))) events_.push_back({slot, std::move(message)});
      } else {
        w.decoder.feed(p.buffer.data(), n);
        while (auto payload = w.decoder.next()) {
          auto message = protocol::decode_worker_message(*payload);
          if (std::holds_alternative<protocol::DatabaseWanted>(message)) {
            want_fresh_clone(slot, w);
          } else {
            events_.push_back({slot, std::move(message)});
          }
        }
      }
    } catch (const std::exception& e) {
      // A corrupt channel is the worker's failure; end it and report why.
      events_.push_back({slot, protocol::WorkerMessage{protocol::WorkerFatal{std::string("channel broken: ") + e.what()}}});
      std::error_code ignored;
      p.group.terminate(ignored);
      process_ended(slot, w);
      return;
    }
    read_more(slot, w);
  });
}

void ProcessWorkerPool::process_ended(int slot, Worker& w) {
  if (w.plain) {
    finish_plain_run(slot, w);
  } else {
    finish(slot, w);
  }
}

void ProcessWorkerPool::exited(int slot, Worker& w, WorkerExit exit) {
  w.exited = true;
  events_.push_back({slot, std::move(exit)});
}

// The channel is closed: the worker is gone or going. Its exit status says how.
void ProcessWorkerPool::finish(int slot, Worker& w) {
  std::error_code ec;
  w.process->child.wait(ec);
  auto exit = platform::describe_exit(w.process->child.native_exit_code());
  if (w.killed) exit = {exit.code, true, "killed by dbtest"};
  // What the binary printed to stdout before it took the channel over
  // belongs with the rest of its output.
  auto output = read_capture(w.capture_path, setup_.run.output_limit);
  output.text = w.decoder.preamble() + output.text;
  exited(slot, w, {exit.code, exit.signaled, exit.text, std::move(output)});
}

void ProcessWorkerPool::start_batch(int slot, Worker& w, const protocol::RunBatch& batch) {
  const auto& binary = setup_.binaries.at(static_cast<std::size_t>(w.binary));
  w.batch = batch.batch;
  w.runs_left = plain_runs(batch.tests, binary.positions, fresh_ != nullptr);
  if (w.runs_left.empty()) {
    events_.push_back({slot, protocol::BatchDone{w.batch}});
    return;
  }
  next_plain_run(slot, w);
}

void ProcessWorkerPool::next_plain_run(int slot, Worker& w) {
  if (fresh_ && w.clone_used) {
    want_fresh_clone(slot, w);
  } else {
    spawn_plain_run(slot, w);
  }
}

void ProcessWorkerPool::spawn_plain_run(int slot, Worker& w) {
  const std::vector<std::string> tests = std::move(w.runs_left.front());
  w.runs_left.pop_front();
  w.clone_used = true;
  w.report_path = fs::absolute(setup_.scratch_dir / ("report-" + std::to_string(slot) + "-" + std::to_string(++spawned_) + ".json"));
  std::error_code ignored;
  fs::remove(w.report_path, ignored);
  w.run = std::make_unique<PlainRun>(w.batch, setup_.run.output_limit);
  w.process = std::make_unique<Process>(io_);
  Process& p = *w.process;
  platform::keep_from_children(p.from_child.native_source());

  std::vector<std::string> args{"--gtest_filter=" + join_filter(tests), "--gtest_output=json:" + w.report_path.string(),
                                "--gtest_color=no"};
  if (setup_.init.run_disabled) args.emplace_back("--gtest_also_run_disabled_tests");
  args.insert(args.end(), setup_.test_args.begin(), setup_.test_args.end());
  const auto env = worker_process_environment(setup_.run, slot, *w.clone, false, {}, w.temp_dir);
  const fs::path exe = fs::absolute(setup_.binaries.at(static_cast<std::size_t>(w.binary)).path);
  try {
    // Both streams in one pipe, so what a test writes to either lands
    // between its markers.
    p.child = bp::child(bp::exe = exe.string(), bp::args = args, env, p.group,
                        bp::start_dir = (w.work_dir.empty() ? fs::current_path() : w.work_dir).string(),
                        bp::std_in < bp::null, (bp::std_out & bp::std_err) > p.from_child,
                        platform::DiesWithParent(current_pid()), platform::WorkerLaunch{});
  } catch (const bp::process_error& e) {
    w.process.reset();
    exited(slot, w, {-1, false, std::string("could not be started: ") + e.what(), {}});
    return;
  }
  read_more(slot, w);
}

// A run of a plain binary ended. A test that never ended is the crash of the
// worker, as with a linked one; a run that ended between tests, as GoogleTest
// ends (0, or 1 for failures), goes on with the batch's next run.
void ProcessWorkerPool::finish_plain_run(int slot, Worker& w) {
  std::error_code ec;
  w.process->child.wait(ec);
  const auto exit = platform::describe_exit(w.process->child.native_exit_code());
  // Gone before the next run starts, so a kill meanwhile ends the worker at once.
  w.process.reset();
  const std::string report = read_file_text(w.report_path).value_or("");
  fs::remove(w.report_path, ec);
  for (auto& message : w.run->finish(report)) events_.push_back({slot, std::move(message)});
  if (w.killed) {
    exited(slot, w, {exit.code, true, "killed by dbtest", w.run->running_output()});
  } else if (w.run->running_test()) {
    exited(slot, w, {exit.code, exit.signaled, exit.text, w.run->running_output()});
  } else if (exit.signaled || (exit.code != 0 && exit.code != 1) || (exit.code == 1 && report.empty())) {
    // Outside any test: a suite's set-up or tear-down, an environment, or
    // a binary that did not take its arguments.
    exited(slot, w, {exit.code, exit.signaled, exit.text, w.run->last_output()});
  } else if (!w.runs_left.empty()) {
    // Started from the loop, not from inside this pipe's own handler.
    boost::asio::post(io_, [this, slot, serial = w.serial] {
      const auto it = workers_.find(slot);
      if (it != workers_.end() && it->second->serial == serial && !it->second->exited) next_plain_run(slot, *it->second);
    });
  } else {
    events_.push_back({slot, protocol::BatchDone{w.batch}});
  }
}

void ProcessWorkerPool::want_fresh_clone(int slot, Worker& w) {
  if (!fresh_) {
    // A worker that asks in a run that gives none: it must not wait forever.
    send(slot, protocol::FreshDatabase{"", {}, "this run gives no fresh databases (--isolation worker)"});
    return;
  }
  // Dropped in the background: the worker closed it (a linked one before
  // it asked), and no test will see it again.
  fresh_->retire(std::move(w.clone));
  waiting_for_fresh_.emplace_back(slot, w.serial);
  if (!fresh_pending_) fresh_pending_.emplace(io_.get_executor());
  hand_out_fresh_clones();
}

// Called when a worker asks and whenever a clone is ready: workers get them
// in the order they asked.
void ProcessWorkerPool::hand_out_fresh_clones() {
  while (!waiting_for_fresh_.empty()) {
    const auto [slot, serial] = waiting_for_fresh_.front();
    const auto it = workers_.find(slot);
    if (it == workers_.end() || it->second->serial != serial || it->second->exited) {
      waiting_for_fresh_.pop_front();  // gone meanwhile
      continue;
    }
    Worker& w = *it->second;
    std::unique_ptr<backends::Clone> clone;
    std::string error;
    try {
      clone = fresh_->take(w.plain ? backends::CloneUser::any_program : backends::CloneUser::worker_library);
      if (!clone) break;  // the next one ready calls again
    } catch (const std::exception& e) {
      error = e.what();
    }
    waiting_for_fresh_.pop_front();
    if (!error.empty()) {
      if (w.plain) {
        exited(slot, w, {-1, false, error, {}});
      } else {
        send(slot, protocol::FreshDatabase{"", {}, error});
      }
      continue;
    }
    w.clone = std::move(clone);
    w.clone_used = false;
    if (w.plain) {
      spawn_plain_run(slot, w);
    } else {
      const auto& location = w.clone->location();
      send(slot, protocol::FreshDatabase{location.database_url, location.environment});
    }
  }
  if (waiting_for_fresh_.empty()) fresh_pending_.reset();
}

void ProcessWorkerPool::send(int slot, const protocol::MasterMessage& message) {
  auto it = workers_.find(slot);
  if (it == workers_.end() || !it->second->started || it->second->exited) return;
  Worker& w = *it->second;
  if (w.plain) {
    if (const auto* batch = std::get_if<protocol::RunBatch>(&message)) {
      start_batch(slot, w, *batch);
    } else if (std::holds_alternative<protocol::Shutdown>(message)) {
      exited(slot, w, {0, false, "exit status 0", {}});
    }
    return;
  }
  const std::string frame = protocol::encode_frame(protocol::encode(message));
  try {
    w.process->to_child.write(frame.data(), static_cast<int>(frame.size()));
  } catch (const std::exception&) {
    // The worker is gone; its end of file is on its way.
  }
}

std::string ProcessWorkerPool::keep_clone(int slot) {
  const auto it = workers_.find(slot);
  if (it == workers_.end() || !it->second || !it->second->clone) return {};
  return it->second->clone->keep();
}

void ProcessWorkerPool::kill(int slot) {
  auto it = workers_.find(slot);
  if (it == workers_.end() || it->second->exited) return;
  Worker& w = *it->second;
  if (w.started) {
    w.killed = true;
    if (!w.process) {
      // A plain worker between runs: nothing to end but itself.
      exited(slot, w, {-1, true, "killed by dbtest", {}});
      return;
    }
    std::error_code ignored;
    w.process->group.terminate(ignored);
    return;
  }
  w.killed_before_start = true;
  // Not cloning yet: it goes now. Cloning: it goes when its clone is made.
  const auto waiting = std::find(waiting_for_clone_.begin(), waiting_for_clone_.end(), slot);
  if (waiting != waiting_for_clone_.end()) {
    waiting_for_clone_.erase(waiting);
    exited(slot, w, {-1, true, "killed before it started", {}});
  }
}

void ProcessWorkerPool::reap(int slot) {
  auto it = workers_.find(slot);
  if (it == workers_.end()) return;
  std::error_code ignored;
  fs::remove(it->second->capture_path, ignored);
  if (auto clone = std::move(it->second->clone)) {
    slots_dropping_.insert(slot);
    // The loop has work until the drop is posted back, as while cloning.
    auto pending = std::make_shared<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>(
        io_.get_executor());
    dropper_.drop(std::move(clone), [this, slot, pending] {
      boost::asio::post(io_, [this, slot] {
        slots_dropping_.erase(slot);
        start_clones();
      });
      pending->reset();
    });
  }
  workers_.erase(it);
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
    if (!worker->process || worker->exited) continue;
    std::error_code ec;
    if (!worker->process->child.running(ec) && !ec) worker->process->group.terminate(ec);
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
