// A record of a run for machines (--events, --trace): the scheduler's events,
// as every RunObserver sees them, and what only the run itself knows: what
// it was asked to do, its phases, dbtest's own warnings and its end.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "run_results.hpp"
#include "schedule/scheduler.hpp"

namespace dbtest::runner {

// The options that say what a run does, as docs/events.md lists them.
struct RunOptionsFacts {
  std::optional<int> parallel;  // nullopt: as many as the CPUs
  std::string dist;
  std::string filter;
  std::string order;  // planned, reverse, shuffle, failed_first, last_failed, sequence, replay
  std::optional<std::uint64_t> seed;
  int repeat = 1;
  int retries = 0;
  bool failfast = false;
  std::optional<double> timeout_seconds;
  std::optional<double> run_timeout_seconds;
  std::string check_clean;
  bool warnings_as_errors = false;
  bool keepdb = false;
  std::string database_url;  // masked; empty when none was given
};

struct RunFacts {
  std::string version;
  std::string run_id;
  std::vector<std::string> binaries;
  std::string backend;
  int workers = 0;
  int tests = 0;  // planned
  RunOptionsFacts options;
};

struct RunEnd {
  std::optional<int> exit_status;  // nullopt when the run ends without one being known
  std::string error;               // the one-line error that ended the run, masked; empty when none
};

class RunLog : public RunObserver {
 public:
  using Clock = std::chrono::steady_clock;

  // Once, when the backend is made and the workers are counted. A run that
  // ends before that calls it from finish with what it knew.
  virtual void run_started(const RunFacts& facts) = 0;
  // A phase of the master's work ended: "discovering", "migrating",
  // "running", "tearing down".
  virtual void phase(const std::string& name, Clock::time_point start, Clock::time_point end) = 0;
  // A line dbtest showed about the run: `level` is "warning" or "note".
  virtual void dbtest_note(const std::string& level, const std::string& message) = 0;
  // Once, last. `results` are settled (RunResults::settle_retries).
  virtual void run_finished(const RunResults& results, const RunEnd& end) = 0;
};

}  // namespace dbtest::runner
