// --events: the run as newline-delimited JSON, one event a line, written and
// flushed as it happens, so another process can follow the file while the
// run goes on. docs/events.md is the schema; kEventSchema its version.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "run_log.hpp"

namespace dbtest::runner {

// A change that breaks a reader of the documented fields bumps it.
inline constexpr int kEventSchema = 1;

class EventStream : public RunLog {
 public:
  // Writes to `out`; times count from `run_start`.
  EventStream(std::ostream& out, Clock::time_point run_start);

  void test_started(int slot, int binary, const std::string& name) override;
  void test_finished(const TestResult& result) override;
  void published(int, const std::string&, const std::string&) override {}
  void worker_started(int slot, double setup_seconds) override;
  void tick() override {}
  void worker_starting(int slot, int binary) override;
  void clone_made(int slot, double seconds) override { workers_[slot].clone_seconds = seconds; }
  void batch_started(int slot, std::uint64_t batch, const std::vector<std::string>& tests, int attempt) override;
  void worker_ended(int slot, const WorkerEnd& end) override;

  void run_started(const RunFacts& facts) override;
  // The phases' times are in run_finished, as the summary has them.
  void phase(const std::string&, Clock::time_point, Clock::time_point) override {}
  void dbtest_note(const std::string& level, const std::string& message) override;
  // Throws InfrastructureError when a line could not be written.
  void run_finished(const RunResults& results, const RunEnd& end) override;

  // Where the stream goes, for the error that it could not be written.
  void name_destination(std::string destination) { destination_ = std::move(destination); }

 private:
  struct Worker {
    int binary = -1;
    int attempt = 1;
    Clock::time_point asked_for;
    double clone_seconds = 0;
  };
  struct Line;
  void write(const std::string& kind, Line&& fields, Clock::time_point at = Clock::now());
  std::string binary_name(int binary) const;

  std::ostream& out_;
  Clock::time_point run_start_;
  std::string destination_ = "the event stream";
  bool started_ = false;
  bool write_failed_ = false;
  std::vector<std::string> binaries_;
  std::map<int, Worker> workers_;
  // Lines that came before run_started, written right after it.
  std::vector<std::string> held_back_;
};

// --events PATH: an EventStream that owns its file. The file is created (and
// its missing parent folders) at once; throws UsageError when it cannot be.
std::unique_ptr<RunLog> open_event_stream(const std::filesystem::path& path, RunLog::Clock::time_point run_start);

}  // namespace dbtest::runner
