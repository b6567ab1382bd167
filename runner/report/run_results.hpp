// What a run produced, gathered for the summary, the JUnit report and the
// state folder.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "schedule/outcome.hpp"

namespace dbtest::runner {

// Wall-clock seconds, as the user waited for them. Discovering, migrating,
// running (the worker pool's whole life) and tearing down follow each other;
// cloning happens within running, several clones at a time, so it is the wall
// time during which any clone was being made or opened, with the clones' own
// times summed beside it.
struct PhaseTimes {
  double discovering = 0;
  double migrating = 0;
  double cloning = 0;
  double cloning_summed = 0;
  int clones = 0;
  double running = 0;
  double tearing_down = 0;
};

struct PublishedSignal {
  std::string key;
  std::string value;
  int slot = 0;
};

// --keep-failed-db keeps at most this many databases per run.
inline constexpr int kMostKeptDatabases = 5;

struct RunResults {
  std::vector<std::string> binaries;  // as given on the command line
  std::vector<TestResult> results;
  std::vector<PublishedSignal> signals;
  std::vector<std::string> missing_signals;  // --expect-signal keys nobody published
  std::vector<std::string> unfinished_tests;
  PhaseTimes times;
  int workers = 0;
  int tests_not_run = 0;
  bool interrupted = false;
  bool stopped_by_failfast = false;
  // --stage: the stage whose failure kept the later ones from running, as
  // the summary names it ("stage 1 (Schema.*)"); empty when none did.
  std::string failed_stage;
  int worker_restarts = 0;
  int databases_not_kept = 0;  // --keep-failed-db, past its limit

  bool retries_allowed = false;  // --retries: the closing line counts flaky tests
  int repeat = 1;                // --repeat: each test ran this many times
  std::string order_note;        // how the order was made, to repeat it ("shuffled with seed ...")
  std::string resumed_note;      // --resume: what came from the earlier part of the run
  std::string partition_note;    // --partition: "part 2 of 3 (hash): 667 of 2000 selected tests"

  // Counts final results only: a failure a retry replaced is not counted.
  int count(Outcome outcome) const;
  int failed() const;  // failed, crashed and timed out together
  int flaky() const;   // passed on a retry; not counted as passed
  // Marks failures that a later attempt replaced, and passes that came after
  // failures as flaky. Call once, when every result is in.
  void settle_retries();
};

}  // namespace dbtest::runner
