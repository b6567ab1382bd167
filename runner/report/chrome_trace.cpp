#include "chrome_trace.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/atomic_file.hpp"
#include "text_format.hpp"

namespace dbtest::runner {

using Json = nlohmann::json;

struct ChromeTrace::Events {
  std::vector<Json> list;
};

namespace {

constexpr int kPid = 1;
constexpr int kMasterTid = 0;

Json slice(const std::string& name, const std::string& category, int tid, std::int64_t start, std::int64_t end,
           Json args = Json::object()) {
  return Json{{"name", name}, {"cat", category}, {"ph", "X"},  {"ts", start},
              {"dur", std::max<std::int64_t>(0, end - start)}, {"pid", kPid}, {"tid", tid}, {"args", std::move(args)}};
}

Json instant(const std::string& name, const std::string& category, int tid, std::int64_t at, Json args = Json::object()) {
  return Json{{"name", name}, {"cat", category}, {"ph", "i"}, {"s", "t"},
              {"ts", at},     {"pid", kPid},     {"tid", tid}, {"args", std::move(args)}};
}

Json thread_name(int tid, const std::string& name) {
  return Json{{"name", "thread_name"}, {"ph", "M"}, {"pid", kPid}, {"tid", tid}, {"args", {{"name", name}}}};
}

Json thread_order(int tid) {
  return Json{{"name", "thread_sort_index"}, {"ph", "M"}, {"pid", kPid}, {"tid", tid}, {"args", {{"sort_index", tid}}}};
}

}  // namespace

ChromeTrace::ChromeTrace(std::filesystem::path path, Clock::time_point run_start)
    : path_(std::move(path)), run_start_(run_start), events_(std::make_unique<Events>()) {}

ChromeTrace::~ChromeTrace() = default;

std::int64_t ChromeTrace::now() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - run_start_).count();
}

std::string ChromeTrace::binary_name(int binary) const {
  if (binary >= 0 && static_cast<std::size_t>(binary) < binaries_.size()) return binaries_[static_cast<std::size_t>(binary)];
  return std::to_string(binary);
}

void ChromeTrace::run_started(const RunFacts& facts) {
  binaries_ = facts.binaries;
  run_id_ = facts.run_id;
}

void ChromeTrace::phase(const std::string& name, Clock::time_point start, Clock::time_point end) {
  const auto us = [this](Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(t - run_start_).count();
  };
  events_->list.push_back(slice(name, "phase", kMasterTid, us(start), us(end)));
}

void ChromeTrace::dbtest_note(const std::string& level, const std::string& message) {
  events_->list.push_back(instant(level == "warning" ? "warning" : "note", level, kMasterTid, now(), {{"message", message}}));
}

void ChromeTrace::worker_starting(int slot, int binary) {
  const auto at = now();
  Track& track = tracks_[slot];
  track = Track{};
  track.binary = binary;
  // Named by the file alone, so the track stays readable; args have the path.
  track.process = Open{at, std::filesystem::path(binary_name(binary)).filename().string()};
  track.starting = Open{at, "start worker"};
}

void ChromeTrace::clone_made(int slot, double seconds) {
  const auto at = now();
  Track& track = tracks_[slot];
  if (!track.starting) return;
  // Made on a thread of the pool's while the worker waited for it: it ended
  // just now, and began no earlier than the worker was asked for.
  const auto start = std::max(track.starting->start, at - static_cast<std::int64_t>(seconds * 1e6));
  events_->list.push_back(slice("make clone", "clone", slot, start, at, {{"seconds", seconds}}));
  track.clone_made_at = at;
}

void ChromeTrace::worker_started(int slot, double setup_seconds) {
  const auto at = now();
  Track& track = tracks_[slot];
  if (!track.starting) return;
  events_->list.push_back(slice("start worker", "worker", slot, track.starting->start, at,
                                {{"binary", binary_name(track.binary)}, {"clone_open_seconds", setup_seconds}}));
  // The worker's own part of the start: opening (on SQLite, copying) its clone.
  const auto open_start = std::max({track.starting->start, track.clone_made_at,
                                    at - static_cast<std::int64_t>(setup_seconds * 1e6)});
  if (setup_seconds > 0) events_->list.push_back(slice("open clone", "clone", slot, open_start, at));
  track.starting.reset();
}

void ChromeTrace::batch_started(int slot, std::uint64_t batch, const std::vector<std::string>& tests, int attempt) {
  Track& track = tracks_[slot];
  track.batch = Open{now(), tests.empty() ? "" : tests.front(), batch, attempt, static_cast<int>(tests.size())};
}

void ChromeTrace::close_batch(int slot, Track& track, std::int64_t at, const std::string& end) {
  if (!track.batch) return;
  const auto& b = *track.batch;
  events_->list.push_back(slice("batch " + std::to_string(b.batch), b.attempt > 1 ? "batch,retry" : "batch", slot, b.start, at,
                                {{"tests", b.tests}, {"first", b.name}, {"attempt", b.attempt}, {"end", end}}));
  track.batch.reset();
}

void ChromeTrace::batch_finished(int slot, std::uint64_t batch) {
  Track& track = tracks_[slot];
  if (!track.batch || track.batch->batch != batch) return;
  const auto at = now();
  close_test(slot, track, at);
  close_batch(slot, track, at, "done");
}

void ChromeTrace::close_test(int slot, Track& track, std::int64_t at) {
  if (!track.test) return;
  const auto& t = *track.test;
  awaiting_result_[{slot, t.name}] = events_->list.size();
  events_->list.push_back(slice(t.name, t.attempt > 1 ? "test,retry" : "test", slot, t.start, at,
                                {{"name", t.name}, {"binary", binary_name(track.binary)}, {"attempt", t.attempt},
                                 {"result", "unknown"}}));
  track.test.reset();
}

void ChromeTrace::test_started(int slot, int binary, const std::string& name) {
  const auto at = now();
  Track& track = tracks_[slot];
  track.binary = binary;
  // A plain binary reports a failed test only when its run ends: the slice
  // ends where the next test begins, so no two tests of a worker overlap.
  close_test(slot, track, at);
  track.test = Open{at, name, 0, track.batch ? track.batch->attempt : 1};
}

void ChromeTrace::test_finished(const TestResult& r) {
  const auto at = now();
  Track& track = tracks_[r.slot];
  if (track.test && track.test->name == r.name && !r.suite_error) close_test(r.slot, track, at);
  const auto waiting = awaiting_result_.find({r.slot, r.name});
  Json* event = nullptr;
  if (!r.suite_error && waiting != awaiting_result_.end()) {
    event = &events_->list[waiting->second];
    awaiting_result_.erase(waiting);
  } else {
    // No start was seen (a test its batch never reached, a failure outside
    // any test): a mark where the result came.
    events_->list.push_back(instant(r.name, r.attempt > 1 ? "test,retry" : "test", r.slot, at,
                                    {{"name", r.name}, {"binary", binary_name(r.binary)}, {"attempt", r.attempt}}));
    event = &events_->list.back();
  }
  auto& args = (*event)["args"];
  args["result"] = outcome_identifier(r.outcome);
  args["seconds"] = r.seconds;
  if (r.suite_error) args["outside_any_test"] = true;
  if (!r.failures.empty()) args["failure"] = r.failures.front().message;
  if (r.retry_follows) args["retry_follows"] = true;
  if (r.attempt > 1 && !is_failure(r.outcome)) args["flaky"] = true;
  if (r.outcome == Outcome::crashed || r.outcome == Outcome::timed_out) {
    events_->list.push_back(instant(r.outcome == Outcome::crashed ? "crashed" : "timed out", "crash", r.slot, at,
                                    {{"test", r.name}}));
  }
  if (r.retry_follows) events_->list.push_back(instant("retry queued", "retry", r.slot, at, {{"test", r.name}}));
}

void ChromeTrace::worker_ended(int slot, const WorkerEnd& end) {
  const auto at = now();
  Track& track = tracks_[slot];
  const std::string reason(to_string(end.reason));
  close_test(slot, track, at);
  close_batch(slot, track, at, "worker " + reason);
  if (track.starting) {
    events_->list.push_back(slice("start worker", "worker", slot, track.starting->start, at,
                                  {{"binary", binary_name(track.binary)}, {"end", reason}}));
    track.starting.reset();
  }
  if (track.process) {
    events_->list.push_back(slice(track.process->name, "worker", slot, track.process->start, at,
                                  {{"binary", binary_name(track.binary)}, {"end", reason}, {"exit", end.description}}));
    track.process.reset();
  }
  if (end.reason == WorkerEndReason::crashed || end.reason == WorkerEndReason::timed_out) {
    events_->list.push_back(instant(end.reason == WorkerEndReason::crashed ? "worker crashed" : "worker timed out", "crash",
                                    slot, at, {{"exit", end.description}}));
  }
}

std::string ChromeTrace::text() const {
  Json events = Json::array();
  events.push_back(Json{{"name", "process_name"}, {"ph", "M"}, {"pid", kPid}, {"tid", kMasterTid},
                        {"args", {{"name", "dbtest " + run_id_}}}});
  events.push_back(thread_name(kMasterTid, "master"));
  events.push_back(thread_order(kMasterTid));
  for (const auto& [slot, track] : tracks_) {
    events.push_back(thread_name(slot, "worker " + std::to_string(slot)));
    events.push_back(thread_order(slot));
  }
  for (const auto& e : events_->list) events.push_back(e);
  Json document{{"traceEvents", std::move(events)},
                {"displayTimeUnit", "ms"},
                {"otherData", {{"run_id", run_id_}, {"binaries", binaries_}}}};
  return document.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void ChromeTrace::run_finished(const RunResults&, const RunEnd& end) {
  const auto at = now();
  for (auto& [slot, track] : tracks_) {
    if (track.process) worker_ended(slot, WorkerEnd{WorkerEndReason::stopped, "still running when the run ended"});
  }
  if (!end.error.empty()) events_->list.push_back(instant("error", "error", kMasterTid, at, {{"message", end.error}}));
  if (!path_.empty()) write_file_atomically(path_, text() + "\n");
}

}  // namespace dbtest::runner
