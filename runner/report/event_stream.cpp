#include "event_stream.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <system_error>

#include "base/errors.hpp"
#include "text_format.hpp"

namespace dbtest::runner {

struct EventStream::Line {
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
};

namespace {

using Json = nlohmann::ordered_json;

// UTC with milliseconds: "2026-12-05T23:40:01.123Z".
std::string wall_clock(std::chrono::system_clock::time_point at) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count() % 1000;
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(at)), ms);
}

Json optional_number(const std::optional<double>& value) { return value ? Json(*value) : Json(nullptr); }

Json options_json(const RunOptionsFacts& o) {
  Json j = Json::object();
  j["parallel"] = o.parallel ? Json(*o.parallel) : Json(nullptr);
  j["dist"] = o.dist;
  j["filter"] = o.filter;
  j["order"] = o.order;
  j["seed"] = o.seed ? Json(*o.seed) : Json(nullptr);
  j["repeat"] = o.repeat;
  j["retries"] = o.retries;
  j["failfast"] = o.failfast;
  j["timeout_seconds"] = optional_number(o.timeout_seconds);
  j["run_timeout_seconds"] = optional_number(o.run_timeout_seconds);
  j["check_clean"] = o.check_clean.empty() ? Json(nullptr) : Json(o.check_clean);
  j["warnings_as_errors"] = o.warnings_as_errors;
  j["keepdb"] = o.keepdb;
  j["database_url"] = o.database_url.empty() ? Json(nullptr) : Json(o.database_url);
  return j;
}

}  // namespace

EventStream::EventStream(std::ostream& out, Clock::time_point run_start) : out_(out), run_start_(run_start) {}

std::string EventStream::binary_name(int binary) const {
  if (binary >= 0 && static_cast<std::size_t>(binary) < binaries_.size()) return binaries_[static_cast<std::size_t>(binary)];
  return std::to_string(binary);
}

void EventStream::write(const std::string& kind, Line&& fields, Clock::time_point at) {
  Json line = Json::object();
  line["schema"] = kEventSchema;
  line["event"] = kind;
  line["t"] = std::chrono::duration<double>(at - run_start_).count();
  // libc++'s system_clock counts microseconds, its steady_clock nanoseconds.
  line["time"] = wall_clock(std::chrono::system_clock::now() -
                            std::chrono::duration_cast<std::chrono::system_clock::duration>(Clock::now() - at));
  for (auto& [key, value] : fields.json.items()) line[key] = std::move(value);
  // A test may print, and be named, anything: bytes that are not UTF-8 are
  // replaced rather than end the stream.
  std::string text = line.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (!started_ && kind != "run_started") {
    held_back_.push_back(std::move(text));
    return;
  }
  out_ << text << '\n' << std::flush;
  if (!out_) write_failed_ = true;
}

void EventStream::run_started(const RunFacts& facts) {
  if (started_) return;
  binaries_ = facts.binaries;
  Line l;
  l.json["version"] = facts.version;
  l.json["run_id"] = facts.run_id;
  l.json["binaries"] = facts.binaries;
  l.json["backend"] = facts.backend;
  l.json["workers"] = facts.workers;
  l.json["tests"] = facts.tests;
  l.json["options"] = options_json(facts.options);
  started_ = true;
  write("run_started", std::move(l));
  for (const auto& text : held_back_) out_ << text << '\n';
  out_ << std::flush;
  if (!out_) write_failed_ = true;
  held_back_.clear();
}

void EventStream::worker_starting(int slot, int binary) { workers_[slot] = Worker{binary, 1, Clock::now()}; }

void EventStream::worker_started(int slot, double setup_seconds) {
  const auto& w = workers_[slot];
  Line l;
  l.json["worker"] = slot;
  l.json["binary"] = binary_name(w.binary);
  l.json["start_seconds"] = std::chrono::duration<double>(Clock::now() - w.asked_for).count();
  l.json["clone_seconds"] = w.clone_seconds;
  l.json["clone_open_seconds"] = setup_seconds;
  write("worker_started", std::move(l));
}

void EventStream::batch_started(int slot, std::uint64_t, const std::vector<std::string>&, int attempt) {
  workers_[slot].attempt = attempt;
}

void EventStream::test_started(int slot, int binary, const std::string& name) {
  Line l;
  l.json["test"] = name;
  l.json["binary"] = binary_name(binary);
  l.json["worker"] = slot;
  l.json["attempt"] = workers_[slot].attempt;
  write("test_started", std::move(l));
}

void EventStream::test_finished(const TestResult& r) {
  Line l;
  l.json["test"] = r.name;
  l.json["binary"] = binary_name(r.binary);
  l.json["worker"] = r.slot;
  l.json["attempt"] = r.attempt;
  l.json["status"] = outcome_identifier(r.outcome);
  l.json["duration"] = r.seconds;
  l.json["suite_error"] = r.suite_error;
  Json failures = Json::array();
  for (const auto& f : r.failures) failures.push_back(Json{{"message", f.message}, {"file", f.file}, {"line", f.line}});
  l.json["failures"] = std::move(failures);
  l.json["warnings"] = r.warnings;
  l.json["retry_follows"] = r.retry_follows;
  // A retry runs only after a failure: a later attempt that did not fail is flaky.
  l.json["flaky"] = r.attempt > 1 && !is_failure(r.outcome);
  write("test_finished", std::move(l));
  for (const auto& w : r.warnings) {
    Line warning;
    warning.json["level"] = "warning";
    warning.json["source"] = "test";
    warning.json["message"] = w;
    warning.json["test"] = r.name;
    warning.json["binary"] = binary_name(r.binary);
    write("warning", std::move(warning));
  }
}

void EventStream::worker_ended(int slot, const WorkerEnd& end) {
  Line l;
  l.json["worker"] = slot;
  l.json["binary"] = binary_name(workers_[slot].binary);
  l.json["reason"] = std::string(to_string(end.reason));
  l.json["description"] = end.description;
  write("worker_ended", std::move(l));
}

void EventStream::dbtest_note(const std::string& level, const std::string& message) {
  Line l;
  l.json["level"] = level;
  l.json["source"] = "dbtest";
  l.json["message"] = message;
  l.json["test"] = nullptr;
  l.json["binary"] = nullptr;
  write("warning", std::move(l));
}

void EventStream::run_finished(const RunResults& run, const RunEnd& end) {
  Line l;
  l.json["exit_status"] = end.exit_status ? Json(*end.exit_status) : Json(nullptr);
  l.json["error"] = end.error.empty() ? Json(nullptr) : Json(end.error);
  l.json["interrupted"] = run.interrupted;
  l.json["counts"] = Json{{"passed", run.count(Outcome::passed)},
                          {"failed", run.count(Outcome::failed)},
                          {"crashed", run.count(Outcome::crashed)},
                          {"timed_out", run.count(Outcome::timed_out)},
                          {"skipped", run.count(Outcome::skipped)},
                          {"flaky", run.flaky()},
                          {"not_run", run.tests_not_run},
                          {"unfinished", static_cast<int>(run.unfinished_tests.size())}};
  l.json["worker_restarts"] = run.worker_restarts;
  const auto& t = run.times;
  l.json["phases"] = Json{{"discovering", t.discovering},
                          {"migrating", t.migrating},
                          {"cloning", t.cloning},
                          {"cloning_summed", t.cloning_summed},
                          {"clones", t.clones},
                          {"running", t.running},
                          {"tearing_down", t.tearing_down}};
  l.json["duration"] = std::chrono::duration<double>(Clock::now() - run_start_).count();
  write("run_finished", std::move(l));
  if (write_failed_) throw InfrastructureError("could not write the event stream to " + destination_);
}

namespace {

// The stream and the file it writes to, together.
class FileEventStream : public EventStream {
 public:
  FileEventStream(std::unique_ptr<std::ofstream> file, RunLog::Clock::time_point run_start)
      : EventStream(*file, run_start), file_(std::move(file)) {}

 private:
  std::unique_ptr<std::ofstream> file_;
};

}  // namespace

std::unique_ptr<RunLog> open_event_stream(const std::filesystem::path& path, RunLog::Clock::time_point run_start) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  auto file = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*file) {
    const std::string why = ec ? ": " + ec.message() : "";
    throw UsageError("--events " + path.string() + " cannot be written" + why);
  }
  auto stream = std::make_unique<FileEventStream>(std::move(file), run_start);
  stream->name_destination(path.string());
  return stream;
}

}  // namespace dbtest::runner
