#include "process_worker_pool.hpp"

#include <boost/process.hpp>

#include <fstream>
#include <thread>

#include "fixtures/protocol/bounded_output.hpp"
#include "fixtures/protocol/frame.hpp"
#include "platform/handles.hpp"
#include "platform/process_exit.hpp"

namespace dbtest::runner {
namespace bp = boost::process;
namespace fs = std::filesystem;

struct ProcessWorkerPool::Worker {
  std::unique_ptr<backends::Clone> clone;
  fs::path capture_path;
  bp::pipe to_child;
  bp::pipe from_child;
  bp::group group;
  bp::child child;
  std::thread reader;
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
    std::error_code ignored;
    worker->group.terminate(ignored);
  }
  for (auto& [slot, worker] : workers_) {
    if (worker->reader.joinable()) worker->reader.join();
  }
}

void ProcessWorkerPool::push(PoolEvent event) {
  {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
  }
  ready_.notify_one();
}

void ProcessWorkerPool::start(int slot, int binary) {
  reap(slot);
  auto worker = std::make_unique<Worker>();
  const auto clone_start = std::chrono::steady_clock::now();
  worker->clone = setup_.database_template->make_clone(slot);
  clone_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - clone_start).count();
  worker->capture_path = setup_.scratch_dir / ("worker-" + std::to_string(slot) + "-" + std::to_string(++spawned_) + ".out");

  // The worker inherits the user's environment (tests may need PATH, HOME,
  // locale) but no DBTEST_ variable except those this run hands it.
  bp::environment env = boost::this_process::environment();  // a copy: ours stays as it is
  std::vector<std::string> stale;
  for (const auto& entry : env) {
    if (entry.get_name().rfind("DBTEST_", 0) == 0) stale.push_back(entry.get_name());
  }
  for (const auto& name : stale) env.erase(name);
  for (const auto& [key, value] : setup_.environment) env[key] = value;
  for (const auto& [key, value] : worker->clone->location().environment) env[key] = value;
  env["DBTEST_WORKER_ID"] = std::to_string(slot);
  env["DBTEST_DATABASE_URL"] = worker->clone->location().database_url;
  env["DBTEST_CAPTURE_PATH"] = worker->capture_path.string();
  env["DBTEST_OUTPUT_LIMIT"] = std::to_string(setup_.output_limit);

  // The ends this process keeps must not leak into workers started later.
  platform::keep_from_children(static_cast<int>(worker->to_child.native_sink()));
  platform::keep_from_children(static_cast<int>(worker->from_child.native_source()));
  const fs::path exe = fs::absolute(setup_.binaries.at(static_cast<std::size_t>(binary)));
  worker->child = bp::child(exe.string(), env, worker->group, bp::std_in < worker->to_child,
                            bp::std_out > worker->from_child, bp::std_err > worker->capture_path.string());
  // Boost.Process closed our copies of the child's pipe ends on success, so
  // the reader sees end of file when the worker is gone.

  Worker* w = worker.get();
  const std::uint64_t limit = setup_.output_limit;
  worker->reader = std::thread([this, slot, w, limit] {
    protocol::FrameDecoder decoder(/*await_start_marker=*/true);
    char buffer[65536];
    try {
      for (;;) {
        const int n = w->from_child.read(buffer, static_cast<int>(sizeof buffer));
        if (n <= 0) break;
        decoder.feed(buffer, static_cast<std::size_t>(n));
        while (auto payload = decoder.next()) push({slot, protocol::decode_worker_message(*payload)});
      }
    } catch (const std::exception& e) {
      // A corrupt channel is the worker's failure; end it and report why.
      std::error_code ignored;
      w->group.terminate(ignored);
      push({slot, protocol::WorkerMessage{protocol::WorkerFatal{std::string("channel broken: ") + e.what()}}});
    }
    std::error_code ec;
    w->child.wait(ec);
    const auto exit = platform::describe_exit(w->child.native_exit_code());
    // What the binary printed to stdout before it took the channel over
    // belongs with the rest of its output.
    auto output = read_capture(w->capture_path, limit);
    output.text = decoder.preamble() + output.text;
    push({slot, WorkerExit{exit.code, exit.signaled, exit.text, std::move(output)}});
  });

  workers_[slot] = std::move(worker);
  send(slot, setup_.init);
}

void ProcessWorkerPool::send(int slot, const protocol::MasterMessage& message) {
  auto it = workers_.find(slot);
  if (it == workers_.end()) return;
  const std::string frame = protocol::encode_frame(protocol::encode(message));
  try {
    it->second->to_child.write(frame.data(), static_cast<int>(frame.size()));
  } catch (const std::exception&) {
    // The worker is gone; its exit is on its way through the reader.
  }
}

void ProcessWorkerPool::kill(int slot) {
  auto it = workers_.find(slot);
  if (it == workers_.end()) return;
  std::error_code ignored;
  it->second->group.terminate(ignored);
}

void ProcessWorkerPool::reap(int slot) {
  auto it = workers_.find(slot);
  if (it == workers_.end()) return;
  if (it->second->reader.joinable()) it->second->reader.join();
  std::error_code ignored;
  fs::remove(it->second->capture_path, ignored);
  workers_.erase(it);  // drops the clone
}

std::optional<PoolEvent> ProcessWorkerPool::wait(std::chrono::milliseconds timeout) {
  std::optional<PoolEvent> event;
  {
    std::unique_lock lock(mutex_);
    if (!ready_.wait_for(lock, timeout, [this] { return !events_.empty(); })) return std::nullopt;
    event = std::move(events_.front());
    events_.pop_front();
  }
  if (std::holds_alternative<WorkerExit>(event->what)) reap(event->slot);
  return event;
}

}  // namespace dbtest::runner
